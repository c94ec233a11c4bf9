"""``--format text``: ``path:line:col: CODE message``, the offending words underlined,
the suggestion; colour only on a terminal."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from linter.report import Report

_RESET = "\x1b[0m"
_STYLES = {"path": "\x1b[1m", "error": "\x1b[1;31m", "warning": "\x1b[1;33m",
           "info": "\x1b[1;36m", "dim": "\x1b[2m", "mark": "\x1b[31m", "help": "\x1b[32m"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color else text


def write(report: Report, stream: TextIO, color: bool = False) -> None:
    for f in report.findings:
        where = _paint(f"{f.path}:{f.start_pos.line}:{f.start_pos.column}:", "path", color)
        code = _paint(f.code, f.severity.label, color)
        stream.write(f"{where} {code} {f.message}\n")
        source = report.sources.get(f.path)
        if source is not None:
            lines = source.splitlines()
            if 0 < f.start_pos.line <= len(lines):
                line = lines[f.start_pos.line - 1].expandtabs(1)
                start = f.start_pos.column - 1
                end = f.end_pos.column - 1 if f.end_pos.line == f.start_pos.line else len(line)
                gutter = f"{f.start_pos.line:>4} | "
                stream.write(_paint(gutter, "dim", color) + line.rstrip() + "\n")
                stream.write(" " * len(gutter) + " " * start
                             + _paint("^" * max(1, end - start), "mark", color) + "\n")
        if f.suggestion:
            stream.write(_paint("  help: ", "help", color) + f.suggestion + "\n")
    for e in report.errors:
        stream.write(f"{_paint(e.path + ':', 'path', color)} "
                     f"{_paint('error', 'error', color)}: {e.message}\n")
    counts = Counter(f.severity for f in report.findings)
    if report.findings:
        parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}"
                 for s in sorted(counts, reverse=True)]
        stream.write(f"Found {len(report.findings)} problem"
                     f"{'s' if len(report.findings) != 1 else ''} "
                     f"({', '.join(parts)}) in {report.files} file"
                     f"{'s' if report.files != 1 else ''}.\n")
    else:
        stream.write(f"All clear: {report.files} file{'s' if report.files != 1 else ''} "
                     "checked, no problems.\n")



