"""The matcher component: every pattern group and context cue of the rulebook, compiled once
into one spaCy Matcher (plus bounded regexes), annotating ``doc._.claimlint_matches``."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import regex
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from linter.claimset import Pattern, RuleBook, load_rulebook
from linter.nlp.lemmas import lemma_of
from linter.nlp.patterns import PatternCompiler, PatternError
from linter.yamlload import ConfigError

REGEX_TIMEOUT = 0.25  # seconds per pattern per document
CUE_PREFIX = "cue:"
NOT_AFTER_SUFFIX = "!not_after"
NOT_BEFORE_SUFFIX = "!not_before"

Spans = list[tuple[int, int]]

if not Doc.has_extension("claimlint_matches"):
    Doc.set_extension("claimlint_matches", default=None)
if not Doc.has_extension("claimlint_warnings"):
    Doc.set_extension("claimlint_warnings", default=None)


def _origin_error(pattern: Pattern, message: str) -> ConfigError:
    path, _, line = pattern.origin.rpartition(":")
    return ConfigError(path, int(line) if line.isdigit() else None,
                       f"pattern {pattern.label!r}: {message}")


class ClaimMatcher:
    def __init__(self, nlp: Language, rulebook: RuleBook) -> None:
        self.rulebook = rulebook
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.regexes: list[tuple[str, Pattern, regex.Pattern[str]]] = []
        tokenizer = nlp.tokenizer
        compiler = PatternCompiler(lambda text: [t.text for t in tokenizer(text)], lemma_of,
                                   rulebook.terms)
        self.window: dict[str, int] = {}
        for name, group in rulebook.groups.items():
            self._add(compiler, name, group.patterns)
            if group.not_after:
                self._add(compiler, name + NOT_AFTER_SUFFIX, group.not_after)
            if group.not_before:
                self._add(compiler, name + NOT_BEFORE_SUFFIX, group.not_before)
            if group.not_after or group.not_before:
                self.window[name] = group.window
        for kind, cues in rulebook.cues.items():
            self._add(compiler, CUE_PREFIX + kind, cues)

    def _add(self, compiler: PatternCompiler, label: str, patterns: tuple[Pattern, ...]) -> None:
        for pattern in patterns:
            if pattern.kind == "regex":
                flags = regex.IGNORECASE | regex.VERSION1
                self.regexes.append((label, pattern, regex.compile(pattern.value, flags)))
                continue
            try:
                self.matcher.add(label, compiler.compile(pattern))
            except PatternError as exc:
                raise _origin_error(pattern, str(exc)) from None
            except (ValueError, KeyError) as exc:  # spaCy's own pattern validation
                first = str(exc).strip().splitlines()
                raise _origin_error(pattern, "not a valid token pattern: "
                                    + (first[0] if first else "")) from None

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, Spans] = defaultdict(list)
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            found[strings[match_id]].append((start, end))
        warnings: list[str] = []
        for label, pattern, rx in self.regexes:
            try:
                for m in rx.finditer(doc.text, timeout=REGEX_TIMEOUT):
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    if span is not None and len(span):
                        found[label].append((span.start, span.end))
            except TimeoutError:
                warnings.append(f"{pattern.origin}: regex {pattern.value!r} took longer than "
                                f"{REGEX_TIMEOUT}s and was stopped")
        sent_starts = {t.i for t in doc if t.is_sent_start}
        result: dict[str, Spans] = {}
        for label, spans in found.items():
            if label.endswith((NOT_AFTER_SUFFIX, NOT_BEFORE_SUFFIX)):
                continue
            spans = [(s, e) for s, e in spans
                     if not any(i in sent_starts for i in range(s + 1, e))]
            result[label] = _maximal(spans)
        for name, window in self.window.items():
            if name not in result:
                continue
            before = found.get(name + NOT_AFTER_SUFFIX, ())
            after = found.get(name + NOT_BEFORE_SUFFIX, ())
            result[name] = [
                (s, e) for s, e in result[name]
                if not any(s - window <= be <= s or s <= bs < e for bs, be in before)
                and not any(e <= as_ <= e + window - 1 for as_, _ in after)]
        doc._.claimlint_matches = result
        doc._.claimlint_warnings = warnings
        return doc


def _maximal(spans: Spans) -> Spans:
    """Sorted spans with every span contained in another one dropped."""
    result: Spans = []
    for start, end in sorted(set(spans), key=lambda se: (se[0], -se[1])):
        if result and result[-1][0] <= start and end <= result[-1][1]:
            continue
        result = [r for r in result if not (start <= r[0] and r[1] <= end)]
        result.append((start, end))
    return result


@cache
def cached_rulebook(extra: tuple[str, ...], builtin: bool = True) -> RuleBook:
    return load_rulebook(extra, builtin)


@Language.factory("claimlint_matcher", default_config={"claimsets": [], "builtin": True})
def make_matcher(nlp: Language, name: str, claimsets: list[str], builtin: bool) -> ClaimMatcher:
    return ClaimMatcher(nlp, cached_rulebook(tuple(claimsets), builtin))
