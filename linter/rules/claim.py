"""Forbidden claims (phrase scope): every asserted match of the rule's patterns is a hit.

``patterns_if`` patterns count only where their condition group is stated in the same
sentence or one of the few before it (claims about the skin's stem cells are plant stem cell
conflation when the copy has just been talking about plant "stem cells"), or anywhere in a
document that states none of the rule's ``anywhere_unless`` groups (copy only about plants)."""

from __future__ import annotations

from linter.claimset import Rule
from linter.rules.base import DocFacts, Hit, RunOptions

#: How many sentences before a conditional match its condition may be stated.
CONDITION_REACH = 2


def run_claim(rule: Rule, facts: DocFacts, options: RunOptions) -> list[Hit]:
    hits = [Hit(rule, c.start, c.end) for c in facts.asserted(rule.group, rule.cleared_by)]
    # copy about nothing else: the condition holds for the whole document
    anywhere = bool(rule.anywhere_unless) and not any(
        facts.stated_sentences(group) for group in rule.anywhere_unless)
    for condition, _ in rule.patterns_if:
        stated = facts.stated_sentences(condition)
        if not stated:
            continue
        for c in facts.asserted(rule.conditional_group(condition), rule.cleared_by):
            n = facts.sentence_of(c.start)
            if anywhere or any(n - CONDITION_REACH <= m <= n for m in stated):
                hits.append(Hit(rule, c.start, c.end))
    return hits
