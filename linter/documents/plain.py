"""Plain-text copy: every character is visible."""

from __future__ import annotations

from linter.documents.model import Document, TextBuilder

#: Plain-text copy wraps only in long lines (an email at 72 columns); a shorter line ends
#: its statement even without a full stop, as captions and label panels are written.
WRAP_WIDTH = 60


def read_plain(source: str, path: str) -> Document:
    builder = TextBuilder(source, wrap_width=WRAP_WIDTH)
    builder.keep(0, len(source))
    return builder.build(path, "text")
