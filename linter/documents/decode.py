"""Turning a file's bytes into text, or a clear reason why not."""

from __future__ import annotations

import codecs


class UnreadableInput(Exception):
    """The file cannot be linted; the message says why, for the user."""


_SNIFF = 8192


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without a BOM) or BOM-marked UTF-16; refuse binary data."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"invalid UTF-16 text ({exc.reason})") from None
    head = data[:_SNIFF]
    if b"\x00" in head and head.count(b"\x00") > len(head) // 100:
        raise UnreadableInput("binary file (not text copy)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableInput(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02X} on line {line}); "
            "save the file as UTF-8"
        ) from None
