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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, reduce
from itertools import repeat
from operator import or_

import numpy
import regex
from spacy.attrs import IDX, LEMMA, LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from linter.claimset import Pattern, RuleBook, claimset_paths, load_rulebook
from linter.nlp import compile_cache
from linter.nlp.anchors import MANY, choose_anchor, quantifier, reach, requirements
from linter.nlp.bounded import BoundedPattern
from linter.nlp.lemmas import lemma_of
from linter.nlp.patterns import PatternCompiler, PatternError
from linter.yamlload import ConfigError

REGEX_TIMEOUT = 0.25  # seconds per pattern per document
#: Matches enough to tell whether a satisfier group is stated (some may be negated or asked).
EXISTENCE_MATCHES = 8
#: A regex looks only at the sentences asked for when they are under 1/RANGES_SHARE of the
#: text; otherwise one pass over the whole text is cheaper than one per stretch.
RANGES_SHARE = 4
CUE_PREFIX = "cue:"
NOT_AFTER_SUFFIX = "!not_after"
NOT_BEFORE_SUFFIX = "!not_before"
_ATTRS = {"LEMMA": LEMMA, "LOWER": LOWER}
TEXT_KEY = "claimlint_text"  # doc.user_data key of the text the doc was made from

Spans = list[tuple[int, int]]

for _name in ("claimlint_matches", "claimlint_warnings", "claimlint_sent_starts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _origin_error(pattern: Pattern, message: str) -> ConfigError:
    path, _, line = pattern.origin.rpartition(":")
    return ConfigError(path, int(line) if line.isdigit() else None,
                       f"pattern {pattern.label!r}: {message}")


Required = tuple[tuple[str, ...], ...]


@dataclass
class BucketPlan:
    """Token patterns that share an anchor and the words they require (compiled form).

    ``attr``/``values``: the anchor (None: the patterns have none); ``before``/``after``:
    how many tokens a match can reach before the anchor and from it on; ``single``: every
    pattern is the anchor token alone, so its matches are the anchor positions."""

    attr: str | None
    values: tuple[str, ...]
    required: Required
    seqs: list[list[dict]]
    before: int = 0
    after: int = 0
    single: bool = False
    open: bool = False  # has bounded repeats, run as open ones (see :func:`open_gaps`)


class _Bucket:
    """A bucket at run time: its spaCy Matcher is built on first use.

    The bucket runs only on windows around its anchor words (``anchor`` None: on every
    sentence), and only where the sentence holds one of the alternatives of each required
    word (``required``), so that most candidate windows never reach spaCy's Matcher."""

    def __init__(self, plan: BucketPlan, label: str, vocab: Vocab, bucket_id: int) -> None:
        strings = vocab.strings
        self.id = bucket_id  # its index among all the matcher's buckets
        self.anchor = frozenset(strings.add(v) for v in plan.values) if plan.attr else None
        #: the words it needs, as sets of alternatives (checked as bits: ``bits``)
        self.required = tuple(frozenset(strings.add(v) for v in alts) for alts in plan.required)
        self.before, self.after, self.single = plan.before, plan.after, plan.single
        self._plan, self._label, self._vocab = plan, label, vocab
        #: has bounded repeats (run as open ones): its windows are not merged, so that a run
        #: of anchors ("heals eczema, heals eczema, ...") cannot make one window whose open
        #: repeats match every pair of its tokens
        self.open = plan.open
        self._matcher: Matcher | None = None
        self.bits = 0  # the requirements it needs, as bits (see ClaimMatcher.word_bits)
        #: pattern key -> the (index, most tokens) bounds of its open repeats, the most
        #: tokens the bounded pattern can match, and its index in the plan
        self._gaps: dict[int, tuple[list[tuple[int, int]], int, int]] = {}
        self._exact: dict[int, BoundedPattern] = {}

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = Matcher(self._vocab, validate=False)
            plain = []
            for k, seq in enumerate(self._plan.seqs):
                flat, gaps = open_gaps(seq)
                if gaps:
                    key = self._vocab.strings.add(f"{self._label}#{k}")
                    self._matcher.add(key, [flat])
                    self._gaps[key] = (gaps, longest(seq), k)
                else:
                    plain.append(seq)
            if plain:
                self._matcher.add(self._label, plain)
        return self._matcher

    def __call__(self, span: Span) -> list[tuple[int, int]]:
        """The bucket's matches in ``span``, as (start, end) relative to it."""
        matcher = self.matcher
        if not self._gaps:
            return [(s, e) for _, s, e in matcher(span)]
        found = []
        for key, s, e, aligned in matcher(span, with_alignments=True):
            bounds = self._gaps.get(key)
            if bounds is None:
                found.append((s, e))
                continue
            gaps, most_tokens, _ = bounds
            # the alignment shows one way the tokens matched: if it breaks a bound, another
            # may not, so the bounded pattern itself decides, unless the match is longer
            # than the pattern can ever be
            if all(aligned.count(index) <= most for index, most in gaps) or \
                    (e - s <= most_tokens and self._bounded(key, span[s:e])):
                found.append((s, e))
        return found

    def _bounded(self, key: int, span: Span) -> bool:
        """Does the pattern ``key`` stands for, with its bounded repeats, match all of
        ``span``?"""
        exact = self._exact.get(key)
        if exact is None:
            exact = self._exact[key] = BoundedPattern(self._vocab,
                                                      self._plan.seqs[self._gaps[key][2]])
        return exact.matches(span)


def longest(seq: list[dict]) -> int:
    """The most tokens a pattern can match (MANY or more: no bound)."""
    return sum(quantifier(spec.get("OP"))[1] for spec in seq)


def open_gaps(seq: list[dict]) -> tuple[list[dict], list[tuple[int, int]]]:
    """A token pattern with each bounded repeat ``{lo,hi}`` written as ``lo`` tokens and
    an open ``*``, and the (index, most tokens) bounds of those ``*``.

    spaCy expands ``{0,12}`` into twelve optional tokens, and its Matcher follows every
    way of matching or skipping each of them: a long gap multiplies the states it keeps.
    An open ``*`` keeps one, and the bound is checked on the match's alignment."""
    flat: list[dict] = []
    gaps: list[tuple[int, int]] = []
    for spec in seq:
        op = spec.get("OP")
        lo, hi = quantifier(op) if isinstance(op, str) and op.startswith("{") and "," in op \
            else (0, MANY)
        if hi >= MANY:  # no bounded repeat here
            flat.append(spec)
            continue
        flat.extend({**spec, "OP": "1"} for _ in range(lo))
        if hi > lo:
            gaps.append((len(flat), hi - lo))
            flat.append({**spec, "OP": "*"})
    return flat, gaps


class _Label:
    """One label's compiled patterns: Matcher buckets and regexes."""

    def __init__(self) -> None:
        self.buckets: list[_Bucket] = []
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

    ``tokens[label]`` lists the label's token patterns in buckets."""

    tokens: dict[str, list[BucketPlan]]
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
        buckets: dict[tuple[str | None, tuple[str, ...], Required, bool], BucketPlan] = {}
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
                attr, values = (anchor[0], tuple(sorted(set(anchor[1])))) if anchor \
                    else (None, ())
                single = anchor is not None and len(seq) == 1 and set(seq[0]) == {attr}
                key = (attr, values, requirements(seq), single)
                bucket = buckets.get(key)
                if bucket is None:
                    bucket = buckets[key] = BucketPlan(attr, values, key[2], [], single=single)
                bucket.seqs.append(seq)
                bucket.open = bucket.open or bool(open_gaps(seq)[1])
                if anchor is not None:
                    before, after = reach(seq, anchor[2])
                    bucket.before = max(bucket.before, before)
                    bucket.after = max(bucket.after, after)
        plan.tokens.setdefault(label, []).extend(buckets.values())

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
        self.labels: dict[str, _Label] = {}
        #: every bucket of every label; a bucket's id is its index here
        self.buckets: list[_Bucket] = []
        # anchor value (string hash) -> the ids of the buckets it gates, per attribute
        gates: dict[str, dict[int, list[int]]] = {"LEMMA": {}, "LOWER": {}}
        for label, buckets in plan.tokens.items():
            entry = self.labels.setdefault(label, _Label())
            for bucket_plan in buckets:
                bucket = _Bucket(bucket_plan, label, self.vocab, len(self.buckets))
                if bucket_plan.attr is not None:
                    for value in bucket.anchor or ():
                        gates[bucket_plan.attr].setdefault(value, []).append(bucket.id)
                entry.buckets.append(bucket)
                self.buckets.append(bucket)
        self.anchors = {attr: {value: tuple(ids) for value, ids in table.items()}
                        for attr, table in gates.items()}
        #: each distinct requirement (a set of alternative words) is one bit; a word's
        #: bits are the requirements it meets, a bucket's those it needs
        self.word_bits: dict[int, int] = {}
        requirement_bits: dict[frozenset[int], int] = {}
        for bucket in self.buckets:
            for alts in bucket.required:
                bit = requirement_bits.get(alts)
                if bit is None:
                    bit = requirement_bits[alts] = 1 << len(requirement_bits)
                    for word in alts:
                        self.word_bits[word] = self.word_bits.get(word, 0) | bit
                bucket.bits |= bit
        flags = regex.IGNORECASE | regex.VERSION0
        for label, patterns in plan.regexes.items():
            entry = self.labels.setdefault(label, _Label())
            entry.regexes = [(p, regex.compile(p.value, flags)) for p in patterns]
        self.window = plan.window
        # sorted once: a document's tokens are looked up in them by binary search
        self.anchor_arrays = {
            attr: numpy.sort(numpy.fromiter(table.keys(), dtype="uint64", count=len(table)))
            for attr, table in self.anchors.items()}
        self.primary, self.needs = rulebook.group_plan()
        self.existence = rulebook.existence_groups()
        self.cue_labels = [CUE_PREFIX + k for k in rulebook.cues]
        #: cues looked for in the whole document, not only near candidates: footnote
        #: markers (their definitions can be far) and rejections (a table's header row)
        self.everywhere = {CUE_PREFIX + "footnote_marker", CUE_PREFIX + "rejection"}

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
            spans = run.match_group(
                label, limit=EXISTENCE_MATCHES if label in self.existence else None)
            if spans:
                found[label] = spans
                wanted.extend(self.needs.get(label, ()))
        if found:
            matched = {sents.of(start) for spans in found.values() for start, _ in spans}
            # the sentence after, and the first of the next line (a chat reply: "can it
            # cure rosacea?? my cheek always red" / "DARA: Yes!")
            near = matched | {n + 1 for n in matched if n + 1 < len(sents)}
            near |= {m for m in (_next_line_start(doc, sents, n) for n in matched)
                     if m is not None}
            for n in matched:
                intro = quoted_list_intro(doc, sents, n)
                if intro is not None:
                    near.add(intro)
            # footnote markers are looked for everywhere: their definitions can be far, and
            # the other cues are looked for in those too (is it study detail?)
            for label in sorted(self.everywhere):
                spans = run.match(label)
                if spans:
                    found[label] = spans
                    if label == CUE_PREFIX + "footnote_marker":
                        near |= {sents.of(s) for s, _ in spans
                                 if sents.bounds(sents.of(s))[0] == s}
            for label in self.cue_labels:
                if label in self.everywhere:
                    continue
                spans = run.match(label, near)
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
        self._anchored: list[list[tuple[int, int]] | None] | None = None
        self._met: dict[int, int] = {}
        self._token_bits: list[int] | None = None
        self._present: int | None = None
        self._starts: list[int] | None = None
        self._text: str | None = None
        self._ranges_of: tuple[set[int], list[tuple[int, int]] | None] | None = None

    def token_span(self, start_char: int, end_char: int) -> tuple[int, int]:
        """The tokens covering a character range (expanding to whole tokens)."""
        if self._starts is None:
            self._starts = self.doc.to_array(IDX).tolist() if len(self.doc) else []
        return (max(bisect_right(self._starts, start_char) - 1, 0),
                bisect_left(self._starts, end_char))

    def anchored(self) -> list[list[tuple[int, int]] | None]:
        """Bucket id -> its anchors' (token, sentence) positions in order, or None when the
        document holds none of its anchor words (computed once)."""
        if self._anchored is None:
            result: list[list[tuple[int, int]] | None] = [None] * len(self.m.buckets)
            merged: set[int] = set()
            if len(self.doc):
                starts = numpy.asarray(self.sents.starts)
                for attr, table in self.m.anchors.items():
                    values = self.doc.to_array(_ATTRS[attr])
                    anchors = self.m.anchor_arrays[attr]
                    if not len(anchors):
                        continue
                    at = numpy.minimum(numpy.searchsorted(anchors, values), len(anchors) - 1)
                    hits = numpy.flatnonzero(anchors[at] == values)
                    if not len(hits):
                        continue
                    # group the hits by anchor value: one pass per distinct word, not per hit
                    found = values[hits]
                    order = numpy.argsort(found, kind="stable")
                    hits, found = hits[order], found[order]
                    cuts = numpy.flatnonzero(found[1:] != found[:-1]) + 1
                    sentence = numpy.searchsorted(starts, hits, side="right") - 1
                    pairs = list(zip(hits.tolist(), sentence.tolist(), strict=True))
                    bounds = [0, *cuts.tolist(), len(pairs)]
                    for k in range(len(bounds) - 1):
                        group = pairs[bounds[k]:bounds[k + 1]]  # shared, never changed
                        for bucket in table[int(found[bounds[k]])]:
                            positions = result[bucket]
                            if positions is None:
                                result[bucket] = group
                            else:  # a second anchor word: a new list, sorted below
                                result[bucket] = positions + group
                                merged.add(bucket)
                for bucket in merged:
                    result[bucket].sort()  # type: ignore[union-attr]
            self._anchored = result
        return self._anchored

    def token_bits(self) -> list[int]:
        """Each token's met requirements (bits, see :attr:`ClaimMatcher.word_bits`): those
        its lemma or its lowercase form meets (computed once)."""
        if self._token_bits is None:
            get = self.m.word_bits.get
            if len(self.doc):
                lemmas = self.doc.to_array(LEMMA).tolist()
                lowers = self.doc.to_array(LOWER).tolist()
                # (a word's lemma and lowercase form are mostly one word, or meet nothing)
                self._token_bits = [
                    a | b if a and b and a != b else a or b
                    for a, b in zip(map(get, lemmas, repeat(0)), map(get, lowers, repeat(0)),
                                    strict=True)]
            else:
                self._token_bits = []
        return self._token_bits

    def present(self) -> int:
        """The requirements the whole document meets."""
        if self._present is None:
            self._present = reduce(or_, self.token_bits(), 0)
        return self._present

    def met(self, n: int) -> int:
        """The requirements sentence ``n`` meets (each sentence is asked about by dozens
        of buckets: worked out once, then one AND per bucket)."""
        found = self._met.get(n)
        if found is None:
            lo, hi = self.sents.bounds(n)
            found = self._met[n] = reduce(or_, self.token_bits()[lo:hi], 0)
        return found

    def _holds(self, bucket: _Bucket, lo: int, hi: int) -> bool:
        """Does the window lo..hi hold one alternative of every word the bucket requires?
        (Its sentence does; a window is narrower, and most that fail here would have cost
        a Matcher call to find nothing.)"""
        return reduce(or_, self.token_bits()[lo:hi], 0) & bucket.bits == bucket.bits

    def _viable(self, bucket: _Bucket, n: int, sentences: set[int] | None) -> bool:
        """May the bucket match in sentence ``n``: is it wanted, and does it hold one
        alternative of every word the bucket requires?"""
        if sentences is not None and n not in sentences:
            return False
        return self.met(n) & bucket.bits == bucket.bits

    def _windows(self, positions: list[tuple[int, int]], bucket: _Bucket,
                 sentences: set[int] | None) -> list[tuple[int, int]]:
        """Token windows around anchors, within sentences that hold every required word,
        overlapping ones merged."""
        windows: list[tuple[int, int]] = []
        before, after = bucket.before, bucket.after
        starts, ends = self.sents.starts, self.sents.ends
        last, viable = -1, False
        for i, n in positions:
            if n != last:
                last = n
                viable = self._viable(bucket, n, sentences)
                if viable:
                    lo, hi = starts[n], ends[n]
                    windows.append((max(lo, i - before), min(hi, i + after)))
                continue
            if viable:
                start, end = max(lo, i - before), min(hi, i + after)
                if start <= windows[-1][1] and not bucket.open:
                    windows[-1] = (windows[-1][0], max(windows[-1][1], end))
                else:
                    windows.append((start, end))
        return windows

    def match(self, label: str, sentences: set[int] | None = None, *, tokens: bool = True,
              regexes: bool = True, limit: int | None = None) -> Spans:
        """The label's matches (in ``sentences`` if given); with ``limit``, matching may
        stop once that many are found."""
        entry = self.m.labels.get(label)
        if entry is None:
            return []
        spans: Spans = []
        doc = self.doc
        if tokens:
            anchored = self.anchored()
            for bucket in entry.buckets:
                positions = anchored[bucket.id]
                if positions is None:
                    continue
                if bucket.single:  # the anchor is the whole match
                    spans.extend((i, i + 1) for i, n in positions
                                 if sentences is None or n in sentences)
                    continue
                # a word the bucket requires is nowhere in the document: no sentence holds it
                if self.present() & bucket.bits != bucket.bits:
                    continue
                for lo, hi in self._windows(positions, bucket, sentences):
                    if bucket.bits and not self._holds(bucket, lo, hi):
                        continue
                    # (overlapping windows of an open bucket find a match more than once;
                    # the group's spans are made maximal, and so unique, later)
                    spans.extend((lo + s, lo + e) for s, e in bucket(doc[lo:hi]))
                    if limit is not None and len(spans) >= limit:
                        return spans
            for bucket in entry.buckets:
                if bucket.anchor is not None:
                    continue
                for n in range(len(self.sents)):
                    if self._viable(bucket, n, sentences):
                        lo, hi = self.sents.bounds(n)
                        spans.extend((lo + s, lo + e) for s, e in bucket(doc[lo:hi]))
        if regexes:
            for pattern, rx in entry.regexes:
                if limit is not None and len(spans) >= limit:
                    break
                spans.extend(self._regex(pattern, rx, sentences))
        return spans

    def _regex(self, pattern: Pattern, rx: regex.Pattern[str],
               sentences: set[int] | None) -> Spans:
        doc = self.doc
        result: Spans = []
        if self._text is None:
            self._text = doc.user_data.get(TEXT_KEY) or doc.text
        ranges = self._ranges(sentences) if sentences is not None else None
        try:
            for pos, endpos in ranges or [(0, len(self._text))]:
                for m in rx.finditer(self._text, pos, endpos, timeout=REGEX_TIMEOUT):
                    start, end = self.token_span(m.start(), m.end())
                    if start < end and (sentences is None or self.sents.of(start) in sentences):
                        result.append((start, end))
        except TimeoutError:
            self.warnings.append(f"{pattern.origin}: regex {pattern.value!r} took longer "
                                 f"than {REGEX_TIMEOUT}s on {len(self._text)} characters "
                                 "and was stopped")
        return result

    def _ranges(self, sentences: set[int]) -> list[tuple[int, int]] | None:
        """The character ranges of ``sentences`` (adjacent ones joined), or None when they
        cover so much of the text that one pass over all of it is cheaper than a pass over
        each (the same set is asked for again and again: its ranges are kept)."""
        if self._ranges_of is not None and self._ranges_of[0] is sentences:
            return self._ranges_of[1]
        if self._starts is None:
            self._starts = self.doc.to_array(IDX).tolist() if len(self.doc) else []
        size = len(self._text or "")
        at = self._starts

        def char(token: int) -> int:
            return at[token] if token < len(at) else size

        ranges: list[tuple[int, int]] = []
        for n in sorted(sentences):
            lo, hi = self.sents.bounds(n)
            a, b = char(lo), char(hi)
            if ranges and ranges[-1][1] >= a:
                ranges[-1] = (ranges[-1][0], max(b, ranges[-1][1]))
            else:
                ranges.append((a, b))
        found = ranges if sum(b - a for a, b in ranges) * RANGES_SHARE < size else None
        self._ranges_of = (sentences, found)
        return found

    def match_group(self, label: str, limit: int | None = None) -> Spans:
        """A group's matches: within one sentence, maximal, and not blocked by its
        ``not_after`` / ``not_before`` patterns (with ``limit``: at least that many, if
        there are, and maybe not all)."""
        sents = self.sents
        # token patterns stay within a sentence; a regex decides its own reach
        spans = [(s, e) for s, e in self.match(label, regexes=False, limit=limit)
                 if sents.of(e - 1) == sents.of(s)]
        if limit is None or len(spans) < limit:
            spans += self.match(label, tokens=False,
                                limit=None if limit is None else limit - len(spans))
        window = self.m.window.get(label)
        if window is not None and spans:
            near = {sents.of(s) for s, _ in spans}
            before = self.match(label + NOT_AFTER_SUFFIX, near)
            after = self.match(label + NOT_BEFORE_SUFFIX, near)
            # only words of the span's own sentence block it
            spans = [(s, e) for s, e in spans
                     if not any((s - window <= be <= s or bs <= s < be)
                                and sents.of(bs) == sents.of(s) for bs, be in before)
                     and not any(e <= a < e + window and sents.of(a) == sents.of(e - 1)
                                 for a, _ in after)]
        # blocked first, then the longest: a blocked long reading leaves its shorter ones
        return _maximal(spans)


NEXT_LINE_REACH = 4  # sentences looked through for the start of the next line
HEADING_WORDS = 8  # the most words of a heading


def starts_line(doc: Doc, sents: SentenceIndex, n: int) -> bool:
    """Does sentence ``n`` open a line of the text?"""
    lo = sents.bounds(n)[0]
    return lo == 0 or "\n" in doc[lo - 1].text_with_ws


def heading_line(doc: Doc, sents: SentenceIndex, n: int) -> bool:
    """Is sentence ``n`` a short line of its own (a heading, whatever it ends with)?"""
    lo, hi = sents.bounds(n)
    if hi - lo > 2 * HEADING_WORDS or not starts_line(doc, sents, n):
        return False
    ends = hi >= len(doc) or any("\n" in doc[i].text_with_ws for i in range(max(lo, hi - 2), hi))
    return ends and sum(1 for t in doc[lo:hi] if t.is_alpha) <= HEADING_WORDS


def _next_line_start(doc: Doc, sents: SentenceIndex, n: int) -> int | None:
    """The first sentence of the line after sentence ``n``'s, if it is near."""
    for m in range(n + 1, min(len(sents), n + 1 + NEXT_LINE_REACH)):
        if starts_line(doc, sents, m):
            return m
    return None


QUOTES = frozenset({'"', "“", "”", "'", "‘"})
QUOTED_LIST_REACH = 12
BULLETS = frozenset({"-", "*", "•", "·", "–", "—", "+", "x", "✗", "✘", "❌"})


def quoted_list_intro(doc: Doc, sents: SentenceIndex, n: int) -> int | None:
    """For a sentence that is a quotation in a list of quotations, the sentence that
    introduces the list with a colon ("Phrases we never use:") or heads it ("## Myths we
    hear in clinic"), if there is one."""
    def ends(k: int) -> tuple[str, str] | None:
        """The first word (after any bullet or enumerator: "- ", "x ", "(a) ", "2. " stay
        in plain text) and the last."""
        lo, hi = sents.bounds(k)
        first = next((doc[i].text for i in range(lo, min(hi, lo + 6))
                      if not doc[i].is_space and doc[i].text not in BULLETS
                      and not _enumerator(doc, i, lo)), None)
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
        if words[1] == ":" or _heading(doc, sents, k, words[1]):
            return k
        if words[0] not in QUOTES:
            return None
    return None


def _enumerator(doc: Doc, i: int, lo: int) -> bool:
    """Is token ``i`` part of a list entry's number or letter: "(a)", "a)", "2."?"""
    text = doc[i].text
    if text in ("(", ")", "."):
        return i - lo < 3
    following = doc[i + 1].text if i + 1 < len(doc) else ""
    return len(text) <= 2 and (text.isdigit() or (text.isalpha() and len(text) == 1)) \
        and following in (")", ".")


def _heading(doc: Doc, sents: SentenceIndex, k: int, last: str) -> bool:
    """Is sentence ``k`` a heading without closing punctuation (``last``: its last word)?"""
    return last not in QUOTES and any(c.isalnum() for c in last) and \
        heading_line(doc, sents, k)


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
