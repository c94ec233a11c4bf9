"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=copy/a.md,line=4,col=12,endLine=4,endColumn=30,title=SCM201 drug-claim::...``
Values are escaped as the Actions runner expects (``%``, CR and LF everywhere; ``:`` and
``,`` too inside properties). ``endColumn`` is inclusive there, and given only for a span
on one line (GitHub ignores columns otherwise).
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from linter.findings import Finding, Severity
from linter.report import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _properties(pairs: list[tuple[str, object]]) -> str:
    return ",".join(f"{key}={escape_property(str(value))}" for key, value in pairs)


def annotation(f: Finding) -> str:
    pairs: list[tuple[str, object]] = [("file", Path(f.path).as_posix()),
                                       ("line", f.start_pos.line)]
    last_line, last_column = f.end_pos.line, f.end_pos.column - 1  # inclusive end
    if last_column < 1 and last_line > f.start_pos.line:  # the span ends at a line break
        last_line -= 1
        last_column = 0
    pairs += [("col", f.start_pos.column), ("endLine", max(last_line, f.start_pos.line))]
    if last_line == f.start_pos.line and last_column >= f.start_pos.column:
        pairs.append(("endColumn", last_column))
    pairs.append(("title", f"{f.code} {f.name}"))
    message = f.message + (f"\n{f.suggestion}" if f.suggestion else "")
    return f"::{COMMANDS[f.severity]} {_properties(pairs)}::{escape_data(message)}"


def write(report: Report, stream: TextIO, color: bool = False) -> None:
    for f in report.findings:
        stream.write(annotation(f) + "\n")
    for e in report.errors:
        where = _properties([("file", Path(e.path).as_posix()), ("title", "unreadable input")])
        stream.write(f"::error {where}::{escape_data(e.message)}\n")
