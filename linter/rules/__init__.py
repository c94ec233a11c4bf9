"""Rule kinds: each turns the annotated document into hits for one rule.

The kinds know how a rule is evaluated (a forbidden claim, a required disclosure, a market
gate); the words they look for come from the claimsets, never from here.
"""

from __future__ import annotations

from collections.abc import Callable

from linter.claimset import Rule
from linter.rules.base import DocFacts, Hit, RunOptions
from linter.rules.claim import run_claim
from linter.rules.disclosure import run_disclosure
from linter.rules.market import run_market

RuleKind = Callable[[Rule, DocFacts, RunOptions], list[Hit]]

KINDS: dict[str, RuleKind] = {
    "claim": run_claim,
    "disclosure": run_disclosure,
    "market": run_market,
}

#: Kinds whose findings sit on a phrase (and compete for it by precedence).
PHRASE_KINDS = frozenset({"claim"})

__all__ = ["KINDS", "PHRASE_KINDS", "DocFacts", "Hit", "RuleKind", "RunOptions"]
