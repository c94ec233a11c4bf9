"""Forbidden claims (phrase scope): every asserted match of the rule's patterns is a hit."""

from __future__ import annotations

from linter.claimset import Rule
from linter.rules.base import DocFacts, Hit, RunOptions


def run_claim(rule: Rule, facts: DocFacts, options: RunOptions) -> list[Hit]:
    return [Hit(rule, c.start, c.end) for c in facts.asserted(rule.group, rule.cleared_by)]
