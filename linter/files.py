"""Finding the files to lint: explicit paths as given, folders walked for copy files.

Folders are walked in a stable order (at each level the files, sorted, then the subfolders,
sorted), skipping hidden and tool folders and whatever ``.gitignore`` ignores: inside a git
work tree git itself says what is ignored (``git ls-files``); elsewhere the ``.gitignore``
files under the folder are read by a small parser (:mod:`linter.globs`).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

from linter.documents import COPY_SUFFIXES
from linter.globs import IgnoreRule, ignored, parse_gitignore

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                        ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "dist", "build"})
# Variables a git hook may set that would point our git calls at another repository.
_GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX", "GIT_COMMON_DIR")

PathFilter = Callable[[str], bool]


def is_copy_file(path: str) -> bool:
    return Path(path).suffix.lower() in COPY_SUFFIXES


def _never(path: str) -> bool:
    return False


def walk(paths: list[str], *, is_copy: PathFilter = is_copy_file,
         excluded: PathFilter = _never, gitignore: bool = True) -> Iterator[str]:
    """Yield file paths in a stable order.

    An explicit file is yielded as given, whatever its suffix, unless ``excluded``. Under
    each folder, the files for which ``is_copy`` holds, that are not ``excluded``, not in
    an excluded or skipped folder, and (with ``gitignore``) not ignored by git.
    """
    for given in paths:
        if given == "-" or not os.path.isdir(given):
            if given == "-" or not excluded(given):
                yield given
            continue
        listed = _git_files(given) if gitignore else None
        found = _from_git(given, listed, excluded) if listed is not None \
            else _from_walk(given, excluded, gitignore)
        for path in sorted(found, key=_walk_order):
            if is_copy(path) and not excluded(path):
                yield path


def _walk_order(path: str) -> tuple[tuple[int, str], ...]:
    """os.walk's top-down order: at each level the files before the subfolders."""
    parts = Path(path).parts
    return (*((1, p) for p in parts[:-1]), (0, parts[-1]))


def _skip_dir(name: str) -> bool:
    return name in _SKIP_DIRS or name.startswith(".")


def _from_walk(folder: str, excluded: PathFilter, gitignore: bool) -> list[str]:
    rules: list[IgnoreRule] = []
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        rel_root = os.path.relpath(root, folder).replace(os.sep, "/")
        rel_root = "" if rel_root == "." else rel_root
        if gitignore and ".gitignore" in files:
            try:
                text = Path(root, ".gitignore").read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            rules = rules + parse_gitignore(text, rel_root)

        def rel(name: str, rel_root: str = rel_root) -> str:
            return f"{rel_root}/{name}" if rel_root else name

        dirs[:] = sorted(d for d in dirs if not _skip_dir(d)
                         and not excluded(os.path.join(root, d))
                         and not (rules and ignored(rules, rel(d), True)))
        found.extend(os.path.join(root, name) for name in files
                     if not (rules and ignored(rules, rel(name), False)))
    return found


def _git_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _GIT_ENV}


def _git_files(folder: str) -> list[str] | None:
    """The files under ``folder`` that git does not ignore (tracked or not), relative to
    ``folder``; None when ``folder`` is not in a git work tree or git is missing."""
    try:
        proc = subprocess.run(
            ["git", "-C", folder, "ls-files", "-z", "--cached", "--others",
             "--exclude-standard", "--", "."],
            capture_output=True, env=_git_env(), timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    out = proc.stdout.decode("utf-8", errors="surrogateescape")
    return [p for p in out.split("\0") if p]


def _from_git(folder: str, listed: list[str], excluded: PathFilter) -> list[str]:
    found = []
    verdicts: dict[str, bool] = {}
    for rel in dict.fromkeys(listed):  # unmerged files are listed once per stage
        parts = rel.split("/")
        if any(_skip_dir(p) for p in parts[:-1]):
            continue
        path = os.path.join(folder, *parts)
        if not os.path.isfile(path):  # deleted but still in the index, or a submodule
            continue
        skip = False
        for k in range(1, len(parts)):
            d = os.path.join(folder, *parts[:k])
            if d not in verdicts:
                verdicts[d] = excluded(d)
            if verdicts[d]:
                skip = True
                break
        if not skip:
            found.append(path)
    return found
