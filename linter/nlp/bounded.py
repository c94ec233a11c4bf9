"""Does a token pattern with bounded repeats (``{0,12}``) match the whole of a span?

spaCy expands a bounded repeat into that many optional tokens, and its Matcher follows every
way of taking or skipping each: on a long span with a few such repeats, one call can keep
thousands of states. Here spaCy only says which tokens each pattern token accepts (one
Matcher of one-token patterns, one call), and the quantifiers are checked by dynamic
programming over (pattern token, span token): linear in the span for each pattern token.
"""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Span
from spacy.vocab import Vocab

from linter.nlp.anchors import quantifier


class BoundedPattern:
    """One token pattern, checked against whole spans."""

    def __init__(self, vocab: Vocab, seq: list[dict]) -> None:
        self.quantifiers = [quantifier(spec.get("OP")) for spec in seq]
        self.negated = [spec.get("OP") == "!" for spec in seq]
        self._tokens = Matcher(vocab, validate=False)
        for index, spec in enumerate(seq):
            self._tokens.add(str(index), [[{k: v for k, v in spec.items() if k != "OP"}]])
        self._keys = {vocab.strings.add(str(index)): index for index in range(len(seq))}

    def matches(self, span: Span) -> bool:
        """Does the pattern match all of ``span``, each repeat within its bounds?"""
        n = len(span)
        accepts = [[False] * n for _ in self.quantifiers]
        for key, start, _ in self._tokens(span):
            accepts[self._keys[key]][start] = True
        for index, negated in enumerate(self.negated):
            if negated:
                accepts[index] = [not ok for ok in accepts[index]]
        # reach[j]: the first j tokens can be taken by the pattern tokens so far
        reach = [True] + [False] * n
        for (least, most), ok in zip(self.quantifiers, accepts, strict=True):
            after = [False] * (n + 1)
            for j in range(n + 1):
                if not reach[j]:
                    continue
                taken = 0
                while True:
                    if taken >= least:
                        after[j + taken] = True
                    if taken == most or j + taken == n or not ok[j + taken]:
                        break
                    taken += 1
            reach = after
        return reach[n]
