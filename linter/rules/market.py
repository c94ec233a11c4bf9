"""Market gates (document scope): rules that apply only under ``--market``, firing when the
trigger is asserted and everything the rule requires is stated too."""

from __future__ import annotations

from linter.claimset import Rule
from linter.rules.base import DocFacts, Hit, RunOptions


def run_market(rule: Rule, facts: DocFacts, options: RunOptions) -> list[Hit]:
    assert rule.trigger is not None
    if options.market not in rule.markets:
        return []
    triggers = facts.triggered(rule.trigger)
    if not triggers or not all(facts.stated(name) for name in rule.requires):
        return []
    first = triggers[0]
    return [Hit(rule, first.start, first.end)]
