"""An on-disk cache of validated, compiled claimsets, so that a cold start does not parse
YAML or compile patterns again when nothing changed.

The key is a hash of every claimset file's bytes, of the code that compiles them, and of
the versions that shape the result (claimlint, spaCy, Python, the pipeline). Entries are
written atomically; any problem reading or writing the cache is ignored and the claimsets
are compiled afresh.
Set ``CLAIMLINT_CACHE_DIR`` to move the cache, or to an empty string to disable it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import spacy

from linter import __version__

FORMAT = 1


def cache_dir() -> Path | None:
    configured = os.environ.get("CLAIMLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimlint"


#: The modules whose code shapes what is cached: a change to any of them is a miss.
_CODE = ("claimset.py", "nlp/patterns.py", "nlp/anchors.py", "nlp/matcher.py",
         "nlp/lemmas.py")


def key(paths: list[Path], model: str) -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT), __version__, spacy.__version__, sys.version, model):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).resolve().parent.parent
    for name in _CODE:
        with contextlib.suppress(OSError):
            digest.update((package / name).read_bytes())
    for path in paths:
        digest.update(str(path.resolve()).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()[:32]


def load(name: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{name}.pickle", "rb") as handle:
            return pickle.load(handle)  # our own file, named by a content hash
    except Exception:  # a missing or stale entry is a cache miss
        return None


def store(name: str, value: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    tmp = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{name}.pickle")
    except Exception:  # caching is an optimisation: any failure is a miss next time
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
