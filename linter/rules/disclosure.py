"""Required disclosures (document scope): when the trigger is asserted anywhere, one of the
satisfying statements must be stated somewhere in the visible copy, unless a group that
exempts the copy is stated (and no group that voids the exemption)."""

from __future__ import annotations

from linter.claimset import Rule
from linter.rules.base import DocFacts, Hit, RunOptions


def run_disclosure(rule: Rule, facts: DocFacts, options: RunOptions) -> list[Hit]:
    assert rule.trigger is not None
    triggers = facts.triggered(rule.trigger)
    if not triggers:
        return []
    first = triggers[0]
    if any(facts.stated(name) for name in rule.applies_unless):
        voiding: set[int] = set()
        for name in rule.applies_if:
            voiding |= facts.stated_sentences(name)
        if not voiding:
            return []
        # exempt copy that is not exempt after all: show a mention the voiding statement
        # is about ("8% human cord conditioned media", not the animal media listed first)
        first = next((t for t in triggers if facts.sentence_of(t.start) in voiding), first)
    if any(facts.stated(name) for name in rule.satisfied_by):
        return []
    return [Hit(rule, first.start, first.end)]
