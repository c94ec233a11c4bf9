"""What every rule kind reads (the document's candidates) and returns (hits)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from linter.claimset import DEFAULT_CLEARED_BY, Rule
from linter.nlp.context import Candidate

#: A disclosure only counts when it is stated: not asked, not denied.
SATISFIER_CLEARED_BY = ("negated", "asked")
#: A trigger (a mention of the regulated ingredient) counts unless denied or someone
#: else's: "What is conditioned media?" in an FAQ is still copy about it.
TRIGGER_CLEARED_BY = ("negated", "attributed")


@dataclass(frozen=True, slots=True)
class RunOptions:
    market: str = "us"


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    start: int  # token indices
    end: int


class DocFacts:
    """The candidates of one document, by pattern-group label; ``sentence_of`` maps a token
    to its sentence number."""

    def __init__(self, candidates: list[Candidate],
                 sentence_of: Callable[[int], int] | None = None) -> None:
        self.by_label: dict[str, list[Candidate]] = defaultdict(list)
        for c in candidates:
            self.by_label[c.label].append(c)
        self.sentence_of = sentence_of or (lambda token: 0)

    def asserted(self, label: str,
                 cleared_by: tuple[str, ...] = DEFAULT_CLEARED_BY) -> list[Candidate]:
        return [c for c in self.by_label.get(label, ()) if c.asserted(cleared_by)]

    def triggered(self, label: str) -> list[Candidate]:
        return self.asserted(label, TRIGGER_CLEARED_BY)

    def stated(self, label: str) -> bool:
        return bool(self.asserted(label, SATISFIER_CLEARED_BY))

    def stated_sentences(self, label: str) -> set[int]:
        """The sentences where a group is stated."""
        return {self.sentence_of(c.start) for c in self.asserted(label, SATISFIER_CLEARED_BY)}
