"""Document readers: one per format, each producing the same :class:`Document`."""

from __future__ import annotations

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


def read_path(path: str) -> Document:
    """Read a file from disk; raises :class:`UnreadableInput` with a user-facing reason."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableInput("no such file") from None
    except IsADirectoryError:
        raise UnreadableInput("is a directory") from None
    except PermissionError:
        raise UnreadableInput("permission denied") from None
    except OSError as exc:
        raise UnreadableInput(exc.strerror or str(exc)) from None
    return read_bytes(data, path)


__all__ = [
    "COPY_SUFFIXES",
    "Document",
    "TextBuilder",
    "UnreadableInput",
    "read_bytes",
    "read_path",
    "read_text",
]
