"""Output formats: one module each, all reading the same :class:`Report`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from linter.claimset import Rule, RuleBook
from linter.findings import Finding, InputError


@dataclass
class Report:
    findings: list[Finding]
    errors: list[InputError] = field(default_factory=list)
    files: int = 0
    rulebook: RuleBook | None = None
    sources: dict[str, str] = field(default_factory=dict)  # path -> text, for context lines
    rules: list[Rule] = field(default_factory=list)  # every rule that could have fired

    def all_rules(self) -> list[Rule]:
        """``rules``, or the rulebook's when the caller gave none."""
        if self.rules:
            return self.rules
        return sorted(self.rulebook.rules, key=lambda r: r.code) if self.rulebook else []


Reporter = Callable[[Report, TextIO, bool], None]

FORMATS = ("text", "json", "sarif", "github")


def reporters() -> dict[str, Reporter]:
    from linter.report import github, json_format, sarif, text

    return {"text": text.write, "json": json_format.write, "sarif": sarif.write,
            "github": github.write}


__all__ = ["FORMATS", "Report", "Reporter", "reporters"]
