"""``--format json``: the SPEC's contract, one object on stdout.

One finding per line: as readable as an indented dump, and written by the json module's C
encoder (an indented dump goes through its pure-Python one, which on a large run costs
more than all the rest of the report)."""

from __future__ import annotations

import json
from typing import TextIO

from linter.report import Report

_encode = json.JSONEncoder(ensure_ascii=False).encode


def _array(items: list[dict]) -> str:
    if not items:
        return "[]"
    return "[\n  " + ",\n  ".join(_encode(item) for item in items) + "\n ]"


def write(report: Report, stream: TextIO, color: bool = False) -> None:
    parts = ['{"version": 1,\n "findings": ', _array([f.to_dict() for f in report.findings]),
             ',\n "summary": ', _encode({"files": report.files,
                                        "findings": len(report.findings)})]
    if report.errors:
        parts += [',\n "errors": ',
                  _array([{"path": e.path, "message": e.message} for e in report.errors])]
    stream.write("".join(parts) + "}\n")
