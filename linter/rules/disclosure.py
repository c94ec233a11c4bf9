"""Required disclosures (document scope): when the trigger is asserted anywhere, one of the
satisfying statements must be stated somewhere in the visible copy."""

from __future__ import annotations

from linter.claimset import Rule
from linter.rules.base import DocFacts, Hit, RunOptions


def run_disclosure(rule: Rule, facts: DocFacts, options: RunOptions) -> list[Hit]:
    assert rule.trigger is not None
    triggers = facts.triggered(rule.trigger)
    if not triggers:
        return []
    if any(facts.stated(name) for name in rule.applies_unless):
        return []
    if any(facts.stated(name) for name in rule.satisfied_by):
        return []
    first = triggers[0]
    return [Hit(rule, first.start, first.end)]
