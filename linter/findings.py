"""The values that flow from the rules to the reporters: severities, evidence, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str
    quote: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and 1-based character column in the original file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one span of one file. Offsets are characters in the original text."""

    path: str
    code: str
    name: str
    severity: Severity
    message: str
    start: int
    end: int
    start_pos: Position
    end_pos: Position
    text: str
    suggestion: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start, self.end, self.code)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "line": self.start_pos.line,
            "column": self.start_pos.column,
            "end_line": self.end_pos.line,
            "end_column": self.end_pos.column,
            "text": self.text,
            "suggestion": self.suggestion,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class InputError:
    """A file that could not be linted; reported, and the run goes on."""

    path: str
    message: str
