"""Finding the files to lint: explicit paths as given, folders walked for copy files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from linter.documents import COPY_SUFFIXES

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                        ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "dist", "build"})


def walk(paths: list[str]) -> Iterator[str]:
    """Yield file paths in a stable order: explicit files as given (whatever their suffix),
    and the copy files (.txt, .md, .html) under each folder, sorted."""
    for given in paths:
        if given == "-" or not os.path.isdir(given):
            yield given
            continue
        for root, dirs, files in os.walk(given):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                if Path(name).suffix.lower() in COPY_SUFFIXES:
                    yield os.path.join(root, name)
