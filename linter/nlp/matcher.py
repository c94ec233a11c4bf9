"""The matcher component: the rulebook's pattern groups and context cues, compiled once,
annotating ``doc._.claimlint_matches`` with {group label: [(start, end), ...]}.

Matching is lazy and anchored (see :mod:`linter.nlp.anchors`): rule patterns and triggers
first, only in sentences holding one of their anchors; then the groups a match makes
relevant (what would satisfy a triggered disclosure); then context cues, only in the
sentences around candidates. Regex patterns run with a time limit, so a pathological
user pattern cannot hang a run.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy
import regex
from spacy.attrs import IDX, LEMMA, LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from linter.claimset import Pattern, RuleBook, claimset_paths, load_rulebook
from linter.nlp import compile_cache
from linter.nlp.anchors import choose_anchor, reach
from linter.nlp.lemmas import lemma_of
from linter.nlp.patterns import PatternCompiler, PatternError
from linter.yamlload import ConfigError

REGEX_TIMEOUT = 0.25  # seconds per pattern per document
CUE_PREFIX = "cue:"
NOT_AFTER_SUFFIX = "!not_after"
NOT_BEFORE_SUFFIX = "!not_before"
_ATTRS = {"LEMMA": LEMMA, "LOWER": LOWER}

Spans = list[tuple[int, int]]

for _name in ("claimlint_matches", "claimlint_warnings", "claimlint_sent_starts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _origin_error(pattern: Pattern, message: str) -> ConfigError:
    path, _, line = pattern.origin.rpartition(":")
    return ConfigError(path, int(line) if line.isdigit() else None,
                       f"pattern {pattern.label!r}: {message}")


class _Label:
    """One label's compiled patterns: Matchers bucketed by anchor, and regexes.

    Patterns that share an anchor (the same set of required words) share a Matcher; a
    bucket runs only on sentences where one of its anchor words occurs. Patterns without
    an anchor go to the ``None`` bucket, which runs on every sentence."""

    def __init__(self) -> None:
        self.buckets: dict[frozenset[int] | None, Matcher] = {}
        #: per anchored bucket, how far a match reaches before and after its anchor
        self.reach: dict[frozenset[int], tuple[int, int]] = {}
        self.regexes: list[tuple[Pattern, regex.Pattern[str]]] = []


class SentenceIndex:
    """Sentence boundaries of a doc as arrays (no Span objects)."""

    def __init__(self, doc: Doc) -> None:
        flags = doc.to_array(SENT_START) if len(doc) else numpy.zeros(0, dtype="int32")
        starts = numpy.flatnonzero(flags == 1).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        self.starts: list[int] = starts
        self.ends: list[int] = [*starts[1:], len(doc)]

    def of(self, token: int) -> int:
        return bisect_right(self.starts, token) - 1

    def bounds(self, n: int) -> tuple[int, int]:
        return self.starts[n], self.ends[n]

    def __len__(self) -> int:
        return len(self.starts)


@dataclass
class Plan:
    """The compiled form of a rulebook's patterns: plain data, so it can be cached on disk.

    ``tokens[label]`` lists, per bucket, the anchor attribute and values, the token
    patterns, and how many tokens a match can reach before and after the anchor."""

    tokens: dict[str, list[tuple[str | None, tuple[str, ...], list[list[dict]], int, int]]]
    regexes: dict[str, list[Pattern]]
    window: dict[str, int]


def compile_plan(nlp: Language, rulebook: RuleBook) -> Plan:
    """Compile and validate every pattern of the rulebook (errors name file and line)."""
    tokenizer = nlp.tokenizer
    compiler = PatternCompiler(lambda text: [t.text for t in tokenizer(text)], lemma_of,
                               rulebook.terms)
    validator = Matcher(nlp.vocab, validate=True)
    plan = Plan({}, {}, {})

    def add(label: str, patterns: Iterable[Pattern]) -> None:
        buckets: dict[tuple[str | None, tuple[str, ...]], list[list[dict]]] = {}
        for pattern in patterns:
            if pattern.kind == "regex":
                plan.regexes.setdefault(label, []).append(pattern)
                continue
            try:
                compiled = compiler.compile(pattern)
                validator.add(label, compiled)
            except PatternError as exc:
                raise _origin_error(pattern, str(exc)) from None
            except (ValueError, KeyError) as exc:  # spaCy's own pattern validation
                first = str(exc).strip().splitlines()
                raise _origin_error(pattern, "not a valid token pattern: "
                                    + (first[0] if first else "")) from None
            for seq in compiled:
                anchor = choose_anchor(seq)
                key = (anchor[0], tuple(sorted(set(anchor[1])))) if anchor else (None, ())
                bucket = buckets.setdefault(key, [[], 0, 0])
                bucket[0].append(seq)
                if anchor is not None:
                    before, after = reach(seq, anchor[2])
                    bucket[1], bucket[2] = max(bucket[1], before), max(bucket[2], after)
        if buckets:
            plan.tokens.setdefault(label, []).extend(
                (attr, values, seqs, before, after)
                for (attr, values), (seqs, before, after) in buckets.items())

    for name, group in rulebook.groups.items():
        add(name, group.patterns)
        if group.not_after:
            add(name + NOT_AFTER_SUFFIX, group.not_after)
        if group.not_before:
            add(name + NOT_BEFORE_SUFFIX, group.not_before)
        if group.not_after or group.not_before:
            plan.window[name] = group.window
    for kind, cues in rulebook.cues.items():
        add(CUE_PREFIX + kind, cues)
    return plan


class ClaimMatcher:
    def __init__(self, nlp: Language, rulebook: RuleBook, plan: Plan) -> None:
        self.rulebook = rulebook
        self.vocab = nlp.vocab
        strings = self.vocab.strings
        self.labels: dict[str, _Label] = {}
        # anchor value (string hash) -> the (label, bucket) it gates, per attribute
        self.anchors: dict[str, dict[int, set[tuple[str, frozenset[int]]]]] = {
            "LEMMA": {}, "LOWER": {}}
        for label, buckets in plan.tokens.items():
            entry = self.labels.setdefault(label, _Label())
            for attr, values, seqs, before, after in buckets:
                key = frozenset(strings.add(v) for v in values) if attr else None
                if key is not None:
                    entry.reach[key] = (before, after)
                if attr is not None and key is not None:
                    for value in key:
                        self.anchors[attr].setdefault(value, set()).add((label, key))
                matcher = entry.buckets.get(key)
                if matcher is None:
                    matcher = entry.buckets[key] = Matcher(self.vocab, validate=False)
                matcher.add(label, seqs)
        flags = regex.IGNORECASE | regex.VERSION1
        for label, patterns in plan.regexes.items():
            entry = self.labels.setdefault(label, _Label())
            entry.regexes = [(p, regex.compile(p.value, flags)) for p in patterns]
        self.window = plan.window
        self.anchor_arrays = {
            attr: numpy.fromiter(table.keys(), dtype="uint64", count=len(table))
            for attr, table in self.anchors.items()}
        self.primary, self.needs = rulebook.group_plan()
        self.cue_labels = [CUE_PREFIX + k for k in rulebook.cues]
        self.everywhere = {CUE_PREFIX + "footnote_marker"}

    # --- per document -------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        sents = SentenceIndex(doc)
        run = _Run(self, doc, sents)
        found: dict[str, Spans] = {}
        wanted = list(self.primary)
        done: set[str] = set()
        while wanted:
            label = wanted.pop(0)
            if label in done or label not in self.labels:
                continue
            done.add(label)
            spans = run.match_group(label)
            if spans:
                found[label] = spans
                wanted.extend(self.needs.get(label, ()))
        if found:
            near: set[int] = set()
            for spans in found.values():
                for start, _ in spans:
                    n = sents.of(start)
                    near.update((n, n + 1))
                    intro = quoted_list_intro(doc, sents, n)
                    if intro is not None:
                        near.add(intro)
            near = {n for n in near if n < len(sents)}
            for label in self.cue_labels:
                # footnote markers are looked for everywhere: their definitions can be far
                spans = run.match(label, None if label in self.everywhere else near)
                if spans:
                    found[label] = spans
        doc._.claimlint_matches = found
        doc._.claimlint_warnings = run.warnings
        doc._.claimlint_sent_starts = sents
        return doc


class _Run:
    """The state of matching one document."""

    def __init__(self, matcher: ClaimMatcher, doc: Doc, sents: SentenceIndex) -> None:
        self.m = matcher
        self.doc = doc
        self.sents = sents
        self.warnings: list[str] = []
        self._anchored: dict[str, set[int]] | None = None
        self._starts: list[int] | None = None
        self._text: str | None = None

    def token_span(self, start_char: int, end_char: int) -> tuple[int, int]:
        """The tokens covering a character range (expanding to whole tokens)."""
        if self._starts is None:
            self._starts = self.doc.to_array(IDX).tolist() if len(self.doc) else []
        return (max(bisect_right(self._starts, start_char) - 1, 0),
                bisect_left(self._starts, end_char))

    def anchored(self) -> dict[str, dict[frozenset[int], list[int]]]:
        """label -> bucket -> the token positions of its anchors (computed once)."""
        if self._anchored is None:
            result: dict[str, dict[frozenset[int], list[int]]] = defaultdict(
                lambda: defaultdict(list))
            if len(self.doc):
                for attr, table in self.m.anchors.items():
                    values = self.doc.to_array(_ATTRS[attr])
                    hits = numpy.flatnonzero(numpy.isin(values, self.m.anchor_arrays[attr]))
                    for i in hits.tolist():
                        for label, key in table[int(values[i])]:
                            result[label][key].append(i)
            self._anchored = result
        return self._anchored

    def _windows(self, positions: list[int], before: int, after: int,
                 sentences: set[int] | None) -> list[tuple[int, int]]:
        """Token windows around anchors, within their sentences, overlapping ones merged."""
        windows: list[tuple[int, int]] = []
        for i in sorted(positions):
            n = self.sents.of(i)
            if sentences is not None and n not in sentences:
                continue
            lo, hi = self.sents.bounds(n)
            start, end = max(lo, i - before), min(hi, i + after)
            if windows and start <= windows[-1][1] and self.sents.of(windows[-1][0]) == n:
                windows[-1] = (windows[-1][0], max(windows[-1][1], end))
            else:
                windows.append((start, end))
        return windows

    def match(self, label: str, sentences: set[int] | None = None, *, tokens: bool = True,
              regexes: bool = True) -> Spans:
        entry = self.m.labels.get(label)
        if entry is None:
            return []
        spans: Spans = []
        doc = self.doc
        if tokens:
            for key, positions in self.anchored().get(label, {}).items():
                before, after = entry.reach[key]
                matcher = entry.buckets[key]
                for lo, hi in self._windows(positions, before, after, sentences):
                    spans.extend((lo + s, lo + e) for _, s, e in matcher(doc[lo:hi]))
            if None in entry.buckets:
                matcher = entry.buckets[None]
                for n in range(len(self.sents)):
                    if sentences is None or n in sentences:
                        lo, hi = self.sents.bounds(n)
                        spans.extend((lo + s, lo + e) for _, s, e in matcher(doc[lo:hi]))
        if regexes:
            for pattern, rx in entry.regexes:
                spans.extend(self._regex(pattern, rx, sentences))
        return spans

    def _regex(self, pattern: Pattern, rx: regex.Pattern[str],
               sentences: set[int] | None) -> Spans:
        doc = self.doc
        result: Spans = []
        if self._text is None:
            self._text = doc.text
        try:
            for m in rx.finditer(self._text, timeout=REGEX_TIMEOUT):
                start, end = self.token_span(m.start(), m.end())
                if start >= end:
                    continue
                if sentences is None or self.sents.of(start) in sentences:
                    result.append((start, end))
        except TimeoutError:
            self.warnings.append(f"{pattern.origin}: regex {pattern.value!r} took longer "
                                 f"than {REGEX_TIMEOUT}s on {len(doc.text)} characters "
                                 "and was stopped")
        return result

    def match_group(self, label: str) -> Spans:
        """A group's matches: within one sentence, maximal, and not blocked by its
        ``not_after`` / ``not_before`` patterns."""
        sents = self.sents
        # token patterns stay within a sentence; a regex decides its own reach
        spans = [(s, e) for s, e in self.match(label, regexes=False)
                 if sents.of(e - 1) == sents.of(s)]
        spans += self.match(label, tokens=False)
        spans = _maximal(spans)
        window = self.m.window.get(label)
        if window is not None and spans:
            near = {sents.of(s) for s, _ in spans}
            near |= {n - 1 for n in near if n > 0}
            before = self.match(label + NOT_AFTER_SUFFIX, near)
            after = self.match(label + NOT_BEFORE_SUFFIX, near)
            spans = [(s, e) for s, e in spans
                     if not any(s - window <= be <= s or bs <= s < be for bs, be in before)
                     and not any(e <= a < e + window for a, _ in after)]
        return spans


QUOTES = frozenset({'"', "“", "”", "'", "‘"})
QUOTED_LIST_REACH = 12
BULLETS = frozenset({"-", "*", "•", "·", "–", "—", "+"})


def quoted_list_intro(doc: Doc, sents: SentenceIndex, n: int) -> int | None:
    """For a sentence that is a quotation in a list of quotations, the sentence that
    introduces the list with a colon ("Phrases we never use:"), if there is one."""
    def ends(k: int) -> tuple[str, str] | None:
        """The first word (after any bullet: "- " stays in plain text) and the last."""
        lo, hi = sents.bounds(k)
        first = next((doc[i].text for i in range(lo, min(hi, lo + 4))
                      if not doc[i].is_space and doc[i].text not in BULLETS), None)
        last = next((doc[i].text for i in range(hi - 1, max(lo, hi - 4) - 1, -1)
                     if not doc[i].is_space), None)
        return None if first is None or last is None else (first, last)

    opening = ends(n)
    if opening is None or opening[0] not in QUOTES:
        return None
    for k in range(n - 1, max(-1, n - QUOTED_LIST_REACH), -1):
        words = ends(k)
        if words is None:
            continue
        if words[1] == ":":
            return k
        if words[0] not in QUOTES:
            return None
    return None


def _maximal(spans: Spans) -> Spans:
    """Sorted spans with every span contained in another one dropped."""
    result: Spans = []
    for start, end in sorted(set(spans), key=lambda se: (se[0], -se[1])):
        if result and result[-1][0] <= start and end <= result[-1][1]:
            continue
        while result and start <= result[-1][0] and result[-1][1] <= end:
            result.pop()
        result.append((start, end))
    return result


_memory: dict[str, tuple[RuleBook, Plan]] = {}


@cache
def cached_rulebook(extra: tuple[str, ...], builtin: bool = True) -> RuleBook:
    """The merged, validated rulebook, from the disk cache when no claimset changed
    (``cached_rulebook.cache_clear()`` forgets the in-memory copy)."""
    key = compile_cache.key(claimset_paths(extra, builtin), "rulebook")
    rulebook = compile_cache.load(key)
    if not isinstance(rulebook, RuleBook):
        rulebook = load_rulebook(extra, builtin)
        compile_cache.store(key, rulebook)
    return rulebook


def load_compiled(nlp: Language, extra: tuple[str, ...],
                  builtin: bool = True) -> tuple[RuleBook, Plan]:
    """The rulebook and its compiled plan: from memory, from the disk cache keyed on the
    claimset files' content and the versions that shape compilation, or freshly loaded,
    validated and compiled."""
    meta = nlp.meta
    model = f"{meta.get('lang')}/{meta.get('name')}/{meta.get('version')}/{len(nlp.pipe_names)}"
    key = compile_cache.key(claimset_paths(extra, builtin), model)
    cached = _memory.get(key) or compile_cache.load(key)
    if not (isinstance(cached, tuple) and isinstance(cached[0], RuleBook)):
        rulebook = load_rulebook(extra, builtin)
        cached = (rulebook, compile_plan(nlp, rulebook))
        compile_cache.store(key, cached)
    _memory[key] = cached
    return cached


@Language.factory("claimlint_matcher", default_config={"claimsets": [], "builtin": True})
def make_matcher(nlp: Language, name: str, claimsets: list[str], builtin: bool) -> ClaimMatcher:
    rulebook, plan = load_compiled(nlp, tuple(claimsets), builtin)
    return ClaimMatcher(nlp, rulebook, plan)
