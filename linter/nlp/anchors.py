"""Anchors: for each compiled token pattern, the one required token that is rarest in copy.

The matcher looks for anchors with a vectorised set test over the whole document and runs
a pattern group's spaCy Matcher only on the sentences where one of its anchors occurs, so
that the cost of matching grows with the claims in the copy, not with its length.
"""

from __future__ import annotations

from typing import Any

# Words so common in skincare copy that anchoring on them would save nothing.
_COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "be",
        "are",
        "was",
        "were",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "your",
        "you",
        "our",
        "we",
        "they",
        "their",
        "skin",
        "cell",
        "stem",
        "not",
        "no",
        "never",
        "do",
        "have",
        "has",
        "will",
        "can",
        "may",
        "help",
        "make",
        "use",
        "look",
        "feel",
        "more",
        "most",
        "very",
        "so",
        "all",
        "any",
        "every",
        "one",
        "each",
        "than",
        "then",
        "there",
        "which",
        "who",
        "what",
        "how",
        "when",
        "after",
        "before",
        "into",
        "out",
        "up",
        "over",
        "just",
        "only",
        "also",
        "even",
        "'s",
        "'",
        "-",
        ",",
        ".",
        "serum",
        "cream",
        "product",
        "formula",
        "face",
        "new",
    ]
)


def _alternatives(spec: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The attribute and values a token spec requires, if it is a plain equality or IN."""
    if spec.get("OP", "1") not in ("1", "+", "!"):
        return None
    if spec.get("OP") == "!":
        return None
    for attr in ("LEMMA", "LOWER"):
        value = spec.get(attr)
        if isinstance(value, str):
            return attr, [value]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return attr, list(value["IN"])
    return None


# Words frequent in this kind of copy though not in English at large (counted over the
# fixture corpus): a pattern is better anchored on almost any other of its words.
_FREQUENT = frozenset([
    "medium", "media", "condition", "conditioned", "human", "much", "cord", "free",
    "week", "donor", "culture", "live", "contain", "test", "ingredient", "screen",
    "extract", "ml", "bottle", "day", "lab", "my", "night", "smooth", "adipose", "line",
    "about", "cosmetic", "why", "plant", "study", "secretome", "customer", "own", "fda",
    "umbilical", "result", "derive", "say", "disease", "morning", "grow", "exosome",
    "consent", "drop", "come", "question", "daily", "fine", "apple", "tissue", "if",
    "texture", "improve", "brand", "good", "skincare", "like", "full", "ampoule",
    "apply", "work", "back", "within", "healthy", "renewal", "two", "ask", "build",
    "facial", "peptide", "give", "factor", "glow", "see", "where", "month", "treatment",
    "people", "here", "start", "hydrate", "wrinkle", "source", "three", "eye",
    "because", "renew", "essence", "add", "filter", "open", "yes", "growth", "rich",
    "but", "cause", "water", "show", "get", "well", "fruit", "safe", "dry", "collagen",
    "science", "time", "light", "us", "age", "signal",
])


def _cost(values: list[str]) -> float:
    def one(v: str) -> float:
        if v in _COMMON:
            return 1000.0
        if not any(c.isalnum() for c in v):  # punctuation: ":" is everywhere
            return 500.0
        return 60.0 if v in _FREQUENT else 1.0 + 4.0 / max(len(v), 1)

    return sum(one(v) for v in values)


def choose_anchor(pattern: list[dict[str, Any]]) -> tuple[str, list[str], int] | None:
    """The cheapest required (attribute, values, position) of a pattern, or None."""
    best: tuple[float, tuple[str, list[str], int]] | None = None
    for i, spec in enumerate(pattern):
        alt = _alternatives(spec)
        if alt is None:
            continue
        cost = _cost(alt[1])
        if best is None or cost < best[0]:
            best = (cost, (alt[0], alt[1], i))
    return best[1] if best else None


UNBOUNDED = 1_000  # the most tokens a match is taken to reach from its anchor
MANY = 1 << 30  # the most tokens an open operator ("*", "+", "{n,}") takes


def quantifier(op: object) -> tuple[int, int]:
    """The least and most tokens a pattern token's ``OP`` takes ("!" takes one token that
    does not match; MANY stands for no bound)."""
    if op is None or op in ("1", "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, MANY
    if op == "+":
        return 1, MANY
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        low, comma, high = op[1:-1].partition(",")
        least = int(low) if low.strip() else 0
        if not comma:
            return least, least
        return least, int(high) if high.strip() else MANY
    raise ValueError(f"unknown token pattern operator {op!r}")


def _longest(spec: dict[str, Any]) -> int:
    """The most tokens one pattern token can consume."""
    return min(quantifier(spec.get("OP"))[1], UNBOUNDED)


def reach(pattern: list[dict[str, Any]], anchor: int) -> tuple[int, int]:
    """How many tokens a match can span before its anchor, and from the anchor on."""
    before = sum(_longest(spec) for spec in pattern[:anchor])
    after = sum(_longest(spec) for spec in pattern[anchor:])
    return min(before, UNBOUNDED), min(after, UNBOUNDED)


def requirements(pattern: list[dict[str, Any]]) -> tuple[tuple[str, ...], ...]:
    """Every required token's alternatives (LEMMA or LOWER values), sorted.

    A pattern can only match a sentence holding at least one alternative of each; the
    matcher tests that with set intersections before it runs spaCy's Matcher at all.
    Tokens constrained in other ways (shape, regex, optional ones) add no requirement."""
    found = {tuple(sorted(set(alt[1]))) for spec in pattern
             if (alt := _alternatives(spec)) is not None}
    return tuple(sorted(found))
