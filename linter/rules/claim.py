"""Forbidden claims (phrase scope): every asserted match of the rule's patterns is a hit.

``patterns_if`` patterns count only in documents where their condition group is stated
(e.g. claims about the skin's stem cells are plant-stem-cell conflation in plant copy)."""

from __future__ import annotations

from linter.claimset import Rule
from linter.rules.base import DocFacts, Hit, RunOptions


def run_claim(rule: Rule, facts: DocFacts, options: RunOptions) -> list[Hit]:
    labels = [rule.group]
    labels += [rule.conditional_group(c) for c, _ in rule.patterns_if if facts.stated(c)]
    return [Hit(rule, c.start, c.end)
            for label in labels for c in facts.asserted(label, rule.cleared_by)]
