"""Document readers: one per format, each producing the same :class:`Document`."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from linter.documents.decode import UnreadableInput, decode
from linter.documents.html import read_html
from linter.documents.markdown import read_markdown
from linter.documents.model import Document, TextBuilder
from linter.documents.plain import read_plain

Reader = Callable[[str, str], Document]

READERS: dict[str, Reader] = {
    ".txt": read_plain,
    ".text": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}

COPY_SUFFIXES = frozenset(READERS)


def reader_for(path: str) -> Reader:
    return READERS.get(Path(path).suffix.lower(), read_plain)


def read_text(source: str, path: str) -> Document:
    """Read already-decoded text, choosing the reader by the path's suffix."""
    return reader_for(path)(source, path)


def read_bytes(data: bytes, path: str) -> Document:
    return read_text(decode(data), path)


def _read_file(path: str) -> bytes:
    """The bytes of a regular file or a pipe. Never blocks opening a FIFO that no one
    writes to (it reads as empty), and never reads a device: ``/dev/zero`` has no end."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    with open(os.open(path, flags), "rb") as file:  # open() refuses a directory
        mode = os.fstat(file.fileno()).st_mode
        if stat.S_ISFIFO(mode):
            os.set_blocking(file.fileno(), True)
        elif not stat.S_ISREG(mode):
            raise UnreadableInput("not a regular file (a device or socket)")
        return file.read()


def printable_path(path: str) -> str:
    """A path as it can be printed: a file name that is not UTF-8 keeps its undecodable
    bytes as \\x escapes instead of breaking every reporter."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def read_path(path: str) -> Document:
    """Read a file from disk; raises :class:`UnreadableInput` with a user-facing reason."""
    try:
        data = _read_file(path)
    except FileNotFoundError:
        raise UnreadableInput("no such file") from None
    except IsADirectoryError:
        raise UnreadableInput("is a directory") from None
    except PermissionError:
        raise UnreadableInput("permission denied") from None
    except OSError as exc:
        raise UnreadableInput(exc.strerror or str(exc)) from None
    return read_bytes(data, printable_path(path))


__all__ = [
    "COPY_SUFFIXES",
    "Document",
    "TextBuilder",
    "UnreadableInput",
    "printable_path",
    "read_bytes",
    "read_path",
    "read_text",
]
