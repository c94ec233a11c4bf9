"""Folder runs at scale: .gitignore, copy files only, the progress bar, and ``--jobs``."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from integration_helpers import BAD_TXT, GOOD_TXT, cli, write

import linter.runner
from linter.files import walk
from linter.progress import Progress

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def make_tree(root: Path) -> None:
    write(root, ".gitignore", "*.draft.md\n/build-out/\nprivate/\n!private/keep.md\n")
    write(root, "a.md", BAD_TXT)
    write(root, "b.draft.md", BAD_TXT)
    write(root, "build-out/c.md", BAD_TXT)
    write(root, "nested/build-out/d.md", BAD_TXT)  # "/build-out/" is anchored to the root
    write(root, "private/e.md", BAD_TXT)
    write(root, "private/keep.md", BAD_TXT)  # its folder is ignored: git cannot re-include
    write(root, "sub/.gitignore", "local.txt\n")
    write(root, "sub/local.txt", BAD_TXT)
    write(root, "sub/z.txt", BAD_TXT)
    write(root, "sub/script.py", "print('heals acne')\n")  # not copy
    write(root, ".hidden/f.md", BAD_TXT)
    write(root, "node_modules/g.md", BAD_TXT)
    write(root, "image.png", "not text")


EXPECTED = ["./a.md", "./nested/build-out/d.md", "./sub/z.txt"]


def test_gitignore_without_git(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert list(walk(["."])) == EXPECTED


def test_gitignore_in_a_git_work_tree(tmp_path: Path) -> None:
    make_tree(tmp_path)
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    write(tmp_path, ".git/info/exclude", "nested/\n")  # git's own exclude file counts too
    assert list(walk(["."])) == ["./a.md", "./sub/z.txt"]
    # a tracked file stays linted even if it matches .gitignore
    subprocess.run(["git", "add", "-f", "b.draft.md"], cwd=tmp_path, check=True, env=env)
    assert list(walk(["."])) == ["./a.md", "./b.draft.md", "./sub/z.txt"]
    assert list(walk(["sub"])) == ["sub/z.txt"]
    assert list(walk(["."], gitignore=False)) == [
        "./a.md", "./b.draft.md", "./build-out/c.md", "./nested/build-out/d.md",
        "./private/e.md", "./private/keep.md", "./sub/local.txt", "./sub/z.txt"]


def test_walk_order_is_files_then_folders_sorted(tmp_path: Path) -> None:
    for name in ("b/x.md", "a.md", "c.md", "a/y.md", "a/b/z.md", "B.md"):
        write(tmp_path, name, GOOD_TXT)
    expected = ["./B.md", "./a.md", "./c.md", "./a/y.md", "./a/b/z.md", "./b/x.md"]
    assert list(walk(["."])) == expected
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    assert list(walk(["."])) == expected  # the same order through git


def test_explicit_files_are_linted_whatever_their_suffix(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert list(walk(["b.draft.md", "sub/script.py", "missing.md"])) == [
        "b.draft.md", "sub/script.py", "missing.md"]


def make_corpus(root: Path, count: int = 24) -> None:
    kinds = [("md", "# Serum\n\n" + BAD_TXT), ("txt", GOOD_TXT),
             ("html", "<p>It is FDA approved and reverses aging.</p>\n"),
             ("md", "With stem cell conditioned media.\n")]
    for i in range(count):
        suffix, text = kinds[i % len(kinds)]
        write(root, f"copy/{i % 3}/file{i:02d}.{suffix}", text)
    (root / "copy" / "0" / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)  # binary


@pytest.mark.parametrize("output_format", ["json", "text", "sarif", "github"])
def test_parallel_output_is_identical_to_serial(tmp_path: Path, output_format: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:

    pools: list[int] = []
    real = linter.runner._parallel

    def spy(items, jobs, model, keep_source):  # type: ignore[no-untyped-def]
        pools.append(jobs)
        return real(items, jobs, model, keep_source)

    monkeypatch.setattr(linter.runner, "_parallel", spy)
    make_corpus(tmp_path)
    serial = cli("check", "--format", output_format, "copy", "--jobs", "1")
    assert pools == []
    parallel = cli("check", "--format", output_format, "copy", "--jobs", "3")
    assert pools == [3]
    assert serial.exit_code == parallel.exit_code == 2  # the broken file is an input error
    assert serial.stdout == parallel.stdout
    assert serial.stdout.count("SCM201") >= 6


def test_jobs_zero_means_one_per_cpu_and_negative_is_an_error(tmp_path: Path) -> None:
    make_corpus(tmp_path, 6)
    (tmp_path / "copy" / "0" / "broken.txt").unlink()
    assert cli("check", "copy", "-j", "0").stdout == cli("check", "copy").stdout
    result = cli("check", "copy", "--jobs", "-1")
    assert result.exit_code == 2 and "--jobs must be 0 (one per CPU) or more" in result.stderr


def test_default_jobs_go_parallel_only_for_enough_copy(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    small = [write(tmp_path, f"small{i}.txt", "Clinically proven.\n") for i in range(3)]
    assert linter.runner.auto_jobs([str(p) for p in small]) == 1
    big = write(tmp_path, "big.txt", "Clinically proven. " * 20_000)
    assert linter.runner.auto_jobs([str(small[0]), str(big)]) == 4
    assert linter.runner.auto_jobs([str(big)]) == 1  # one file: nothing to share out
    assert linter.runner.auto_jobs([str(small[0]), str(tmp_path / "missing.txt")]) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert linter.runner.auto_jobs([str(small[0]), str(big)]) == 1


def test_parallel_run_reports_config_errors(tmp_path: Path) -> None:
    make_corpus(tmp_path, 4)
    write(tmp_path, "copy/1/.claimlint.yaml", "market: mars\n")
    result = cli("check", "copy", "--jobs", "2")
    assert result.exit_code == 2
    assert "copy/1/.claimlint.yaml:1: market: 'mars' is not one of" in result.stderr


def test_parallel_run_with_a_bad_model_fails_cleanly(tmp_path: Path) -> None:
    make_corpus(tmp_path, 4)
    result = cli("check", "copy", "--jobs", "2", "--model", "no_such_spacy_model")
    assert result.exit_code == 2
    assert "cannot load spaCy model 'no_such_spacy_model'" in result.stderr


# --- the progress bar ---------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_only_after_the_delay_and_erases_itself() -> None:
    stream = FakeTerminal()
    quick = Progress(3, stream, delay=60)
    for _ in range(3):
        quick.advance("a.md")
    quick.close()
    assert stream.getvalue() == ""
    slow = Progress(4, stream, delay=0, interval=0)
    for i in range(4):
        slow.advance(f"copy/{i}.md")
    slow.close()
    out = stream.getvalue()
    assert "[" + "#" * 30 + "] 4/4 files copy/3.md" in out
    assert "] 1/4 files copy/0.md" in out
    assert out.endswith("\r\x1b[2K")


def test_no_progress_bar_when_output_is_piped(tmp_path: Path) -> None:
    make_corpus(tmp_path, 8)
    result = cli("check", "copy")  # CliRunner's streams are not terminals
    assert "files" not in result.stderr and "\r" not in result.stderr


@pytest.mark.parametrize(("output_format", "shown"), [("text", True), ("json", False),
                                                      ("sarif", False), ("github", False)])
def test_progress_only_for_text_on_a_terminal(tmp_path: Path, output_format: str,
                                              shown: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import functools

    from linter.config import Overrides
    from linter.runner import CheckOptions, check

    make_corpus(tmp_path, 8)
    monkeypatch.setattr(linter.runner, "Progress",
                        functools.partial(Progress, delay=0, interval=0))
    err = FakeTerminal()
    progress = output_format == "text"  # what the CLI decides for a terminal
    status = check(CheckOptions(paths=("copy",), output_format=output_format,
                                overrides=Overrides(), progress=progress),
                   io.StringIO(), err)
    assert status == 2
    assert ("/9 files" in err.getvalue()) is shown


def test_chunks_keep_the_order_and_shrink_towards_the_end(tmp_path: Path) -> None:
    items = []
    for k in range(60):
        path = tmp_path / f"f{k:02d}.md"
        path.write_text("x" * (4000 + 900 * (k % 7)), encoding="utf-8")
        items.append((str(path), None))
    items.append((str(tmp_path / "missing.md"), None))  # unreadable: still sent, alone or not
    chunks = linter.runner.guided_chunks(items, 2)  # type: ignore[arg-type]
    assert [item for chunk in chunks for item in chunk] == items
    sizes = [sum(os.stat(p).st_size for p, _ in chunk if os.path.exists(p)) for chunk in chunks]
    assert sizes[0] > 4 * sizes[-1]  # big chunks first, small ones last
    assert all(chunk for chunk in chunks)
    assert linter.runner.guided_chunks([], 2) == []
