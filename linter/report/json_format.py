"""``--format json``: the SPEC's contract, one object on stdout."""

from __future__ import annotations

import json
from typing import TextIO

from linter.report import Report


def write(report: Report, stream: TextIO, color: bool = False) -> None:
    data = {
        "version": 1,
        "findings": [f.to_dict() for f in report.findings],
        "summary": {"files": report.files, "findings": len(report.findings)},
    }
    if report.errors:
        data["errors"] = [{"path": e.path, "message": e.message} for e in report.errors]
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
