"""The pre-commit hook, through the real pre-commit: it installs claimlint from a snapshot
of this checkout (committed in a throwaway repository, so uncommitted work is tested too)
into its own virtualenv, from PyPI, and runs it on a throwaway copy repository.

Slow the first time (pre-commit builds the hook's environment); the environment is shared
by the tests of one session through PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from integration_helpers import REPO

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
OVERCLAIM = "# Serum\n\nOur serum heals acne overnight and is FDA approved.\n"
COMPLIANT = "# Serum\n\nA lightweight serum that may help skin look smoother.\n"
TIMEOUT = 900


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "claimlint tests", "GIT_AUTHOR_EMAIL": "tests@example.com",
        "GIT_COMMITTER_NAME": "claimlint tests", "GIT_COMMITTER_EMAIL": "tests@example.com",
        "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1",
    })
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str],
         check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory,
              pre_commit_home: Path) -> tuple[Path, str]:
    """This checkout's files (tracked and untracked, minus what .gitignore ignores),
    committed in a throwaway repository: (its path, the commit)."""
    env = _env(pre_commit_home)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=REPO, capture_output=True, env=env,
                            check=False)
    if listed.returncode != 0:
        pytest.skip("the project is not a git checkout")
    snapshot = tmp_path_factory.mktemp("claimlint-hook-repo")
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if name.split("/")[0].startswith((".venv", "venv", ".tox")):
            continue  # a virtualenv a CI script made inside the checkout
        if source.is_file():  # skip files deleted from the work tree
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    _run(["git", "init", "-q"], snapshot, env)
    _run(["git", "add", "-A"], snapshot, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "snapshot"], snapshot, env)
    sha = _run(["git", "rev-parse", "HEAD"], snapshot, env).stdout.strip()
    return snapshot, sha


def _copy_repo(root: Path, env: dict[str, str]) -> Path:
    root.mkdir()
    _run(["git", "init", "-q"], root, env)
    return root


def test_manifest_declares_the_hook() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "claimlint" and hook["language"] == "python"
    assert hook["entry"] == "claimlint check"
    assert set(hook["types_or"]) == {"markdown", "html", "plain-text"}
    from identify.identify import tags_from_filename

    for name in ("a.md", "a.markdown", "a.html", "a.htm", "a.txt"):
        assert tags_from_filename(name) & set(hook["types_or"]), name
    assert not tags_from_filename("a.py") & set(hook["types_or"])


def test_try_repo_fails_on_overclaiming_copy_and_passes_compliant_copy(
        tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    repo, sha = hook_repo
    env = _env(pre_commit_home)
    work = _copy_repo(tmp_path / "copy", env)
    (work / "bad.md").write_text(OVERCLAIM, encoding="utf-8")
    (work / "good.txt").write_text(COMPLIANT, encoding="utf-8")
    (work / "tool.py").write_text("print('heals acne')\n", encoding="utf-8")
    _run(["git", "add", "-A"], work, env)
    proc = _run([*PRE_COMMIT, "try-repo", str(repo), "claimlint", "--ref", sha,
                 "--files", "bad.md", "good.txt", "tool.py"], work, env, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "claimlint" in out and "Failed" in out
    assert "bad.md:3:11: SCM201" in out
    assert "bad.md:3:39: SCM203" in out
    assert "good.txt" not in out.replace("--files", "") and "tool.py:" not in out


def test_hook_blocks_the_commit_then_lets_compliant_copy_in(
        tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    repo, sha = hook_repo
    env = _env(pre_commit_home)
    work = _copy_repo(tmp_path / "copy", env)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {sha}\n    hooks:\n      - id: claimlint\n",
        encoding="utf-8")
    _run([*PRE_COMMIT, "install"], work, env)
    (work / "serum.md").write_text(OVERCLAIM, encoding="utf-8")
    _run(["git", "add", "-A"], work, env)

    blocked = _run(["git", "commit", "-m", "launch copy"], work, env, check=False)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert "serum.md:3:11: SCM201" in out and "Failed" in out
    assert _run(["git", "rev-parse", "--verify", "-q", "HEAD"], work, env,
                check=False).returncode != 0  # nothing was committed

    (work / "serum.md").write_text(COMPLIANT, encoding="utf-8")
    (work / ".claimlint.yaml").write_text("fail-on: error\n", encoding="utf-8")
    _run(["git", "add", "-A"], work, env)
    passed = _run(["git", "commit", "-m", "launch copy"], work, env, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
