"""Plain-text copy: every character is visible."""

from __future__ import annotations

from linter.documents.model import Document, TextBuilder


def read_plain(source: str, path: str) -> Document:
    builder = TextBuilder(source)
    builder.keep(0, len(source))
    return builder.build(path, "text")
