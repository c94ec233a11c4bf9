"""The claimset pattern language, compiled to spaCy Matcher token patterns.

A pattern is a line of space-separated elements, each matching one or more tokens:

====================  ==========================================================
``heal``              a token whose lemma is "heal" (heals, healed, healing ...)
``heal|cure|treat``   any of these lemmas
``"clinically"``      exactly this lower-case word (no lemma)
``$disease``          any term of the term list ``disease`` (multi-word terms too)
``#num``              a number-like token (5, 1,000, five); ``#punct`` punctuation;
                      ``#notitle`` a token that is not Title Case (not a name)
``!not|no``           one token that is none of these lemmas
``_``                 any one token within the sentence; ``_{0,3}`` zero to three
``!but|not{0,4}``     zero to four tokens within the sentence, none of these lemmas
``x?``                suffix: the element is optional
``get_rid_of``        an underscore joins the words of a multi-word alternative
====================  ==========================================================

Words are tokenized like the copy, so ``stem-cell`` is three tokens; a hyphen in a
pattern is optional, so it matches "stem cell" too.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import regex

from linter.claimset import Pattern

TokenSpec = dict[str, Any]
Sequence = list[TokenSpec]

MAX_EXPANSIONS = 512
_SENTENCE_PUNCT = [".", "!", "?", ";", "|", "\n", "\n\n"]  # "|": a table cell ends a statement
WILDCARD: TokenSpec = {"IS_SENT_START": False, "ORTH": {"NOT_IN": _SENTENCE_PUNCT},
                       "IS_SPACE": False}
_REPEAT = regex.compile(r"^_\{(\d+),(\d+)\}$")
_NOT_REPEAT = regex.compile(r"^!(.+)\{(\d+),(\d+)\}$")
_SPECIALS: dict[str, TokenSpec] = {
    "#num": {"LIKE_NUM": True},
    "#punct": {"IS_PUNCT": True},
    "#word": {"IS_ALPHA": True},
    "#notitle": {"IS_TITLE": False, "IS_SENT_START": False},
}


class PatternError(ValueError):
    pass


class PatternCompiler:
    """Compiles :class:`Pattern` objects given a tokenizer, a lemmatizer and term lists."""

    def __init__(self, tokenize: Callable[[str], list[str]], lemma: Callable[[str], str],
                 terms: Mapping[str, tuple[str, ...]]) -> None:
        self.tokenize = tokenize
        self.lemma = lemma
        self.terms = terms

    def compile(self, pattern: Pattern) -> list[Sequence]:
        if pattern.kind == "tokens":
            return [list(pattern.value)]
        if pattern.kind != "dsl":
            raise PatternError(f"{pattern.kind} patterns are not token patterns")
        elements = pattern.value.split()
        choices = [self._element(e) for e in elements]
        total = 1
        for c in choices:
            total *= len(c)
        if total > MAX_EXPANSIONS:
            raise PatternError(f"pattern expands to {total} alternatives "
                               f"(at most {MAX_EXPANSIONS}); split it")
        result = []
        for combo in itertools.product(*choices):
            seq = [spec for part in combo for spec in part]
            if not any(spec.get("OP") not in ("?", "*") and not _is_optional_repeat(spec)
                       for spec in seq):
                raise PatternError("a pattern must have at least one required token")
            result.append(seq)
        return result

    def _element(self, element: str) -> list[Sequence]:
        if element == "?":
            raise PatternError("a lone '?' (write the optional mark right after the element)")
        optional = element.endswith("?") and len(element) > 1
        body = element[:-1] if optional else element
        if body == "_":
            return [[{**WILDCARD, "OP": "?" if optional else "1"}]]
        if m := _REPEAT.match(body):
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo > hi or hi > 12:
                raise PatternError(f"bad repeat {element!r} (use _{{m,n}} with m <= n <= 12)")
            return [[{**WILDCARD, "OP": f"{{{lo},{hi}}}"}]]
        if body == "-":
            return [[{"ORTH": {"IN": ["-", "–", "/"]}, "OP": "?"}]]
        if body in _SPECIALS:
            return [[{**_SPECIALS[body], **({"OP": "?"} if optional else {})}]]
        if body.startswith('"') and body.endswith('"') and len(body) > 2:
            alternatives = self._alternatives(self._words(body[1:-1]), exact=True)
        elif body.startswith("!") and len(body) > 1:
            words_body, repeat = body[1:], None
            if m := _NOT_REPEAT.match(body):
                words_body, repeat = m.group(1), (int(m.group(2)), int(m.group(3)))
                if repeat[0] > repeat[1] or repeat[1] > 12:
                    raise PatternError(f"bad repeat {element!r} (use {{m,n}} with m <= n <= 12)")
            words = [self.lemma(w) for w in self._words(words_body)]
            spec: TokenSpec = {"LEMMA": {"NOT_IN": words}, "IS_SENT_START": False}
            if repeat is not None:  # a gap of tokens that are none of these words
                return [[{**WILDCARD, **spec, "OP": f"{{{repeat[0]},{repeat[1]}}}"}]]
            return [[{**spec, **({"OP": "?"} if optional else {})}]]
        else:
            if not body or '"' in body or "{" in body:
                raise PatternError(f"cannot read pattern element {element!r}")
            alternatives = self._alternatives(self._words(body), exact=False)
        if optional:
            alternatives = [[{**spec, "OP": "?"} for spec in seq] if len(seq) == 1 else seq
                            for seq in alternatives]
            if any(len(seq) > 1 for seq in alternatives):
                alternatives.append([])  # an optional multi-word alternative: skip it whole
        return alternatives

    def _words(self, body: str) -> list[str]:
        """Split alternatives; ``$name`` expands a term list, ``_`` joins words."""
        words: list[str] = []
        for alt in body.split("|"):
            if alt.startswith("$"):
                if alt[1:] not in self.terms:
                    raise PatternError(f"unknown term list {alt}")
                words.extend(self.terms[alt[1:]])
            elif alt:
                words.append(alt.replace("_", " "))
            else:
                raise PatternError(f"empty alternative in {body!r}")
        return words

    def _alternatives(self, words: list[str] | tuple[str, ...], exact: bool) -> list[Sequence]:
        attr = "LOWER" if exact else "LEMMA"
        single: list[str] = []
        multi: list[Sequence] = []
        for word in words:
            if not word.strip():
                raise PatternError("empty alternative")
            tokens = self.tokenize(word)
            if len(tokens) == 1:
                single.append(tokens[0].lower() if exact else self.lemma(tokens[0]))
            else:
                multi.append([self._token(t, attr) for t in tokens])
        result: list[Sequence] = []
        if single:
            unique = sorted(set(single))
            value: Any = unique[0] if len(unique) == 1 else {"IN": unique}
            result.append([{attr: value}])
        result.extend(multi)
        return result

    def _token(self, text: str, attr: str) -> TokenSpec:
        if text in ("-", "–", "/"):
            return {"ORTH": {"IN": ["-", "–", "/"]}, "OP": "?"}
        return {attr: text.lower() if attr == "LOWER" else self.lemma(text)}


def _is_optional_repeat(spec: TokenSpec) -> bool:
    op = spec.get("OP", "1")
    return isinstance(op, str) and op.startswith("{0,")
