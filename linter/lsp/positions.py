"""Source offsets <-> LSP positions.

The engine reports findings as offsets in code points into the document's text. LSP
positions are a 0-based line and a 0-based column counted in the *negotiated encoding's
code units* (UTF-16 unless the client offers something else), and lines end only at
``\\r\\n``, ``\\r`` or ``\\n`` (not at the other characters ``str.splitlines`` breaks on,
such as U+2028 or a form feed). :class:`LineIndex` does both conversions under those rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lsprotocol import types

_NEWLINE = re.compile(r"\r\n|\r|\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


def _units(text: str, encoding: str) -> int:
    """Length of ``text`` in the encoding's code units."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + len(_ASTRAL.findall(text))


def _unit_width(char: str, encoding: str) -> int:
    if encoding == UTF32:
        return 1
    code = ord(char)
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 2 if code > 0xFFFF else 1


class LineIndex:
    """Line starts of one text, for converting offsets and positions."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line``'s content (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            end -= 2 if self.text.startswith("\r\n", end - 2) else 1
            return end
        return len(self.text)

    def line_break(self, line: int) -> str:
        """The line break that ends ``line`` (or the text's first one, for the last line)."""
        if line + 1 < len(self.starts):
            return self.text[self.line_end(line):self.starts[line + 1]]
        m = _NEWLINE.search(self.text)
        return m.group() if m else "\n"

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line]:self.line_end(line)]

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        # An offset between "\r" and "\n" belongs to the end of the line's content.
        offset = min(offset, self.line_end(line))
        return types.Position(line=line,
                              character=_units(self.text[start:offset], self.encoding))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """Offset of an LSP position; columns past the end of a line clamp to its end, and
        lines past the end of the text to the end of the text."""
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.line_end(position.line)
        wanted = max(0, position.character)
        if self.encoding == UTF32:
            return min(start + wanted, end)
        units = 0
        offset = start
        while offset < end and units < wanted:
            units += _unit_width(self.text[offset], self.encoding)
            offset += 1
        return offset
