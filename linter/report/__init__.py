"""Output formats: one module each, all reading the same :class:`Report`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from linter.claimset import RuleBook
from linter.findings import Finding, InputError


@dataclass
class Report:
    findings: list[Finding]
    errors: list[InputError] = field(default_factory=list)
    files: int = 0
    rulebook: RuleBook | None = None
    sources: dict[str, str] = field(default_factory=dict)  # path -> text, for context lines


Reporter = Callable[[Report, TextIO, bool], None]


def reporters() -> dict[str, Reporter]:
    from linter.report import json_format, text

    return {"text": text.write, "json": json_format.write}


__all__ = ["Report", "Reporter", "reporters"]
