"""Bounded repeats are checked by dynamic programming, not by spaCy's expansion into
optional tokens: both must accept exactly the same spans."""

from __future__ import annotations

import itertools

import pytest
import spacy
from spacy.matcher import Matcher

from linter.nlp.anchors import quantifier
from linter.nlp.bounded import BoundedPattern
from linter.nlp.matcher import longest

ANY = {"IS_SPACE": False}
PATTERNS = [
    [{"LOWER": "a"}, {**ANY, "OP": "{0,2}"}, {"LOWER": "b"}],
    [{"LOWER": "a"}, {"LOWER": {"NOT_IN": ["x"]}, "OP": "{1,3}"}, {"LOWER": "b"},
     {**ANY, "OP": "{0,1}"}, {"LOWER": "c"}],
    [{"LOWER": {"IN": ["a", "b"]}, "OP": "{2,2}"}, {"LOWER": "c", "OP": "?"},
     {"LOWER": "x", "OP": "!"}, {"LOWER": "b"}],
    [{"LOWER": "a"}, {"LOWER": "b", "OP": "*"}, {**ANY, "OP": "{0,2}"}, {"LOWER": "c"}],
]


@pytest.mark.parametrize("seq", PATTERNS)
def test_bounded_pattern_agrees_with_spacy_on_every_short_span(seq):
    nlp = spacy.blank("en")
    exact = Matcher(nlp.vocab)
    exact.add("p", [seq])
    mine = BoundedPattern(nlp.vocab, seq)
    for n in range(1, 7):
        for words in itertools.product("abcx", repeat=n):
            doc = nlp(" ".join(words))
            expected = any(s == 0 and e == n for _, s, e in exact(doc))
            assert mine.matches(doc[:]) == expected, (seq, words)


def test_quantifiers_and_longest_match():
    assert quantifier(None) == (1, 1) and quantifier("?") == (0, 1)
    assert quantifier("{2}") == (2, 2) and quantifier("{1,4}") == (1, 4)
    assert quantifier("{,3}") == (0, 3) and quantifier("{2,}")[1] > 1000
    assert longest([{"LOWER": "a"}, {"OP": "{0,12}"}, {"LOWER": "b", "OP": "?"}]) == 14
    assert longest([{"LOWER": "a"}, {"OP": "+"}]) > 1000
