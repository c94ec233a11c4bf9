"""The context component: for every candidate span the matcher found, decide whether it is
asserted, or negated, asked, disclaimed, attributed to someone else, hedged, limited to
appearance, substantiated, or about what the body does by itself. Cue words come from the
claimsets' ``context`` lists; this module only knows how far each kind of cue reaches.

Scopes:
- a negation, hedge or attribution reaches forward to the end of its clause: a hard break
  (";", "but", a dash...) ends it, a soft one ("," "and") only when a new predicate starts
  after it ("It has no parabens and heals eczema"); a colon right after an attribution
  introduces what is attributed ("Myth 1: ...");
- a hedge is void when a negation or a proof word comes just before it ("no longer a
  theory", "proves the stem cell theory");
- a question covers its sentence, unless it is rhetorical ("Did you know ...?") or the next
  sentence affirms it ("Yes!"); chat logs that drop the question mark still ask when an
  interrogative opens the line and the next line answers;
- a disclaimer, a citation or a physiology cue covers its sentence; a footnote marker right
  after the span counts when the copy defines the same marker elsewhere.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import islice, pairwise

import numpy
from spacy.attrs import IDX, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Token

from linter.nlp.lemmas import lookups_table
from linter.nlp.matcher import (
    CUE_PREFIX,
    TEXT_KEY,
    SentenceIndex,
    heading_line,
    quoted_list_intro,
    starts_line,
)

for _name in ("claimlint_candidates", "claimlint_questions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

NEGATION_REACH = 16  # "don't describe it as containing X, as reviving Y, or as treating Z"
HEDGE_REACH = 6
HEDGE_DENIAL_REACH = 3  # tokens before a hedge where a negation denies it
PROOF_DENIAL_REACH = 5  # ... and where "proves" does ("proves the stem cell theory")
ASIDE_REACH = 6  # tokens between the commas of an aside: "does not, despite the name, contain"
_ASIDE_OPENERS = frozenset(["despite", "however", "though", "in", "as", "like", "for", "at",
                            "by", "even", "honestly", "frankly", "admittedly", "of",
                            "surprisingly", "according"])
HEADER_WORDS = 6  # the longest table header cell
_CELL_NO = frozenset(["no", "none", "nil", "n/a", "never", "not", "✗", "✘", "❌", "×", "0"])
QUOTE_REACH = 60  # tokens back to look for the quotation a claim is in
TOLD_REACH = 60  # tokens a denied statement reaches ("we never claimed it heals ...")
QUOTE_SLACK = 2  # tokens between a quoted claim and its quotation marks
QUOTED_WORDS = 10  # the longest quoted phrase that is cited rather than said
#: what separates the phrases of a list of quoted phrases
_LIST_JOINERS = frozenset([",", "/", ";", "or", "and", "&", "|"])
_OPENING_QUOTES = frozenset(['"', "“", "‘", "'", "«"])
_CLOSING_QUOTES = frozenset(['"', "”", "’", "'", "»"])
SPEECH_REACH = 3  # tokens after a negation where a verb of saying makes it deny a statement
PROSE_WORDS = 3  # lower-case words that make a sentence prose rather than a Title Case heading
NAME_REACH = 4  # words after a claim that may still belong to a product name
LABEL_REACH = 12  # tokens of a speaker label: "[14:02] Priya (Sorrel & Vine):"
INTERROGATIVE_REACH = 8  # where a chat question may open: "wait really. ok. can it ..."
_LABEL_PUNCT = frozenset(["(", ")", "[", "]", ".", "-", "'", "&", "/", ",", "@", ">"])
ANSWER_REACH = 5  # tokens at the start of a sentence that say yes or no ("(spoiler: yes)")
APPEARANCE_REACH = 4
_PRONOUNS = frozenset(["i", "you", "we", "they", "he", "she"])
_SUBJECTS = _PRONOUNS | {"it", "this", "that", "our", "its", "their"}
_FILLERS = frozenset(["ok", "okay", "so", "and", "but", "also", "then", "hm", "hmm", "um",
                      "wait", "really", "oh", "hi", "hey", "hello", "quick", "question", "lol",
                      "btw", "yeah", "yes", "sorry", "actually", "just", "plus", "cool", "great",
                      "nice", "thanks", "ty", "alright", "right", "perfect", "awesome"])
_ANSWER_NO = frozenset(["no", "nope", "nah", "not", "never", "n't"])
_AFTER_BARE_NO = frozenset(["it", "its", "they", "we", "i", "sorry", "not", "never", "but",
                            "unfortunately", "that", "this", "there", "you", "way", "la",
                            "lah", "ah", "dear", "sir", "ma'am", "thanks"])
_LIST_PREPOSITIONS = frozenset(["as", "of", "for", "with", "in", "on", "by", "from"])
_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "am",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "shall",
        "should",
        "must",
        "does",
        "do",
        "did",
        "'s",
        "'re",
    ]
)
_PREDICATE_STARTERS = frozenset(
    [
        "it",
        "this",
        "that",
        "these",
        "they",
        "we",
        "he",
        "she",
        "you",
        "i",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
        "will",
        "can",
        "may",
        "might",
        "could",
        "would",
        "should",
        "must",
        "has",
        "have",
        "had",
        "does",
        "do",
        "did",
        "helps",
        "help",
        "also",
        "even",
        "then",
        "it's",
    ]
)


@cache
def _verbs_and_nouns() -> tuple[frozenset[str], frozenset[str]]:
    """Verb lemmas, and lemmas that can also be nouns or adjectives."""
    index = lookups_table("lemma_index")
    return frozenset(index["verb"]), frozenset(index["noun"]) | frozenset(index["adj"])


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match of a rule's (or a named group's) patterns, with its context."""

    label: str
    start: int  # token indices
    end: int
    context: frozenset[str]

    def asserted(self, cleared_by: tuple[str, ...]) -> bool:
        return not (self.context & set(cleared_by))


class ContextAnnotator:
    def __init__(self) -> None:
        self.verbs, self.nouns = _verbs_and_nouns()

    def __call__(self, doc: Doc) -> Doc:
        matches = doc._.claimlint_matches or {}
        cues = {k[len(CUE_PREFIX) :]: v for k, v in matches.items() if k.startswith(CUE_PREFIX)}
        if not any(not k.startswith(CUE_PREFIX) for k in matches):
            doc._.claimlint_candidates = []
            return doc
        state = _DocContext(doc, cues, self)
        candidates = []
        for label, spans in matches.items():
            if label.startswith(CUE_PREFIX):
                continue
            for start, end in spans:
                candidates.append(Candidate(label, start, end, state.context(start, end)))
        candidates.sort(key=lambda c: (c.start, c.end, c.label))
        doc._.claimlint_candidates = candidates
        # the sentences of candidates that ask something (answered or not), for the engine
        doc._.claimlint_questions = {n for n in {state.sents.of(c.start) for c in candidates}
                                     if state.is_question(n)}
        return doc

    def predicate_after(self, doc: Doc, i: int, reach: int = 3) -> bool:
        """Does a new predicate start within ``reach`` tokens of token i? ("and heals",
        "and the effect is"; not "sulfates and live cells")."""
        for j in range(i, min(i + reach, len(doc))):
            token = doc[j]
            if token.is_punct or token.is_space:
                return False
            if token.lower_ in _LIST_PREPOSITIONS:
                return False  # "as containing X, as reviving Y": one list under one verb
            if token.lower_ in _AUXILIARIES or self.verb_like(doc, j):
                return True
        return False

    def verb_like(self, doc: Doc, i: int) -> bool:
        """Does token i start a new predicate? (No tagger: a closed class and the lemma index.)"""
        while i < len(doc) and doc[i].lower_.endswith("ly") and len(doc[i]) > 4:
            i += 1  # skip adverbs: "and visibly heals"
        if i >= len(doc):
            return False
        token = doc[i]
        lower, lemma = token.lower_, token.lemma_
        if lower in _PREDICATE_STARTERS:
            return True
        if lemma not in self.verbs or lower == lemma or lower in self.verbs:
            # a base form continues a list under one negation: "does not talk to, feed
            # or replace"; only an inflected verb starts a new predicate: "and heals"
            return False
        if lemma not in self.nouns or lower.endswith(("ed", "ing")):
            return True
        # "treats psoriasis" (verb) vs "sulfates and ..." (noun): a plural-looking form
        # followed by more words of the phrase reads as a verb.
        following = doc[i + 1] if i + 1 < len(doc) else None
        return (
            following is not None
            and following.is_alpha
            and following.lower_ not in ("and", "or", "nor")
        )


def _marks(doc: Doc) -> tuple[set[int], list[int], list[int]]:
    """The hyphens with a space on each side, the quotation marks, and every token's
    character offset, in one pass over the token array (no per-token Python)."""
    if not len(doc):
        return set(), [], []
    arr = doc.to_array([ORTH, SPACY, IDX])
    orth, spaced = arr[:, 0], arr[:, 1].astype(bool)
    hyphen = orth == doc.vocab.strings.add("-")
    dashes = numpy.flatnonzero(hyphen[1:] & spaced[1:] & spaced[:-1]) + 1
    quotes = [doc.vocab.strings.add(q) for q in _OPENING_QUOTES | _CLOSING_QUOTES]
    return (set(dashes.tolist()), numpy.flatnonzero(numpy.isin(orth, quotes)).tolist(),
            arr[:, 2].tolist())


class _DocContext:
    """Per-document lookups shared by every candidate."""

    def __init__(
        self, doc: Doc, cues: dict[str, list[tuple[int, int]]], annotator: ContextAnnotator
    ) -> None:
        self.doc = doc
        self.cues = cues
        self.annotator = annotator
        self.sents: SentenceIndex = doc._.claimlint_sent_starts or SentenceIndex(doc)
        self._last = len(doc) - 1
        self.text = doc.user_data.get(TEXT_KEY) or doc.text
        self._questions: dict[int, bool] = {}
        self._is_question: dict[int, bool] = {}
        self._sorted: dict[str, list[tuple[int, int]]] = {}
        self._starts: dict[str, list[int]] = {}
        dashes, self.quote_marks, self.offsets = _marks(doc)
        self.hard = {s for s, _ in cues.get("clause_break", [])}
        # a hyphen with spaces round it is a dash: "Never worry again - it is 100% safe"
        self.hard |= dashes
        self.soft = {s: e for s, e in cues.get("soft_break", [])}
        self.defined_markers = self._footnote_definitions()
        self._label_ends: dict[int, int | None] = {}
        self._headers_denied: dict[int, bool] = {}
        # a hedge is void when a negation or a proof word comes just before it ("no longer
        # a theory", "proves the stem cell theory")
        self.cues["hedge"] = [
            (s, e) for s, e in cues.get("hedge", [])
            if not (self._in("negation", s - HEDGE_DENIAL_REACH, s)
                    or self._in("hedge_denial", s - PROOF_DENIAL_REACH, s))]

    def _sent(self, i: int) -> tuple[int, int]:
        """The token bounds of the sentence holding token ``i``."""
        n = bisect_right(self.sents.starts, min(i, self._last)) - 1
        return self.sents.starts[n], self.sents.ends[n]

    def _quote_in(self, lo: int, hi: int) -> bool:
        """Is there a quotation mark among tokens lo..hi?"""
        at = self.quote_marks
        k = bisect_left(at, lo)
        return k < len(at) and at[k] < hi

    def _footnote_definitions(self) -> dict[str, set[int]]:
        """Marker text -> the sentences that define it."""
        markers: dict[str, set[int]] = {}
        doc = self.doc
        found = self.cues.get("footnote_marker", [])
        widest: dict[int, int] = {}
        for start, end in found:
            widest[start] = max(end, widest.get(start, end))
        for start, end in found:
            sent_start, sent_end = self._sent(start)
            # a sentence that opens with a marker and gives study detail ("*In a 4-week
            # study of 22 people"); "*Not evaluated by the FDA" defines a disclaimer, and
            # "**Studies show ...**" is bold, not a footnote
            longer = widest[start] > end
            text = doc[start:end].text
            last = sent_end - 1
            while last > end and (doc[last].is_space or doc[last].text in (".", "!", "?")):
                last -= 1
            bold = doc[max(end, last - (end - start) + 1):last + 1].text == text
            if start == sent_start and end < sent_end and not longer and not bold and (
                    self._in("citation", sent_start, sent_end)
                    or self._in("study_word", end, sent_end)
                    or any(t.like_num for t in doc[end:sent_end])):
                markers.setdefault(text, set()).add(self.sents.of(start))
        return markers

    def _in(self, kind: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """The cues of a kind that start in [lo, hi), by binary search over sorted starts."""
        spans = self._sorted.get(kind)
        if spans is None:
            spans = self._sorted[kind] = sorted(self.cues.get(kind, []))
            self._starts[kind] = [s for s, _ in spans]
        if not spans:  # (most kinds are absent from most documents)
            return spans
        starts = self._starts[kind]
        return spans[bisect_left(starts, lo):bisect_left(starts, hi)]

    def _clause_open(self, frm: int, to: int, colon_opens: bool = False,
                     soft: bool = True) -> bool:
        """No clause break between token ``frm`` (inclusive) and ``to`` (exclusive); with
        ``colon_opens``, a colon right after ``frm`` introduces rather than breaks ("Myth 1:
        ...", not "you will hear the same thing: ...")."""
        doc = self.doc
        aside = -ASIDE_REACH - 1  # where the last aside opened (", despite the name,")
        for i in range(frm, to):
            # (in a denied statement, brackets hold its examples: "no claim that it changes
            # how skin works (collagen production, cell repair and the like)")
            if i in self.hard and not (colon_opens and i - frm <= 1
                                       and doc[i].text == ":") \
                    and not (not soft and doc[i].text in ("(", ")")):
                return False
            end = self.soft.get(i)
            if end is None or end > to:
                continue
            if doc[i].text == ",":
                if i - aside <= ASIDE_REACH:  # the comma that closes an aside
                    aside = -ASIDE_REACH - 1
                    continue
                if end < len(doc) and doc[end].lower_ in _ASIDE_OPENERS:
                    aside = i
                    continue
            if soft and self.annotator.predicate_after(doc, end) \
                    and not self._complement(end):
                return False
            # in a denied statement only a new subject ends it: "... results, and it heals",
            # "While we would never claim that, Ondine reverses ..."
            if not soft and end < len(self.doc) and (
                    self.doc[end].lower_ in _SUBJECTS
                    or (self.doc[end].is_title and self.annotator.predicate_after(
                        self.doc, end + 1))):
                return False
        return True

    def _complement(self, i: int) -> bool:
        """Does a coordinated "that"- or "to"-clause start at token ``i`` ("claims that it
        adds stem cells, or that it restores them", "claim to contain live cells, to be FDA
        approved, or to heal")? It belongs to the clause before."""
        doc = self.doc
        j = i + 1 if i < len(doc) and doc[i].lower_ in ("or", "and") else i
        return j < len(doc) and doc[j].lower_ in ("that", "to")

    def _reaches(self, kind: str, start: int, end: int, reach: int, inside: bool,
                 told_only: bool = False) -> bool:
        sent_start = self._sent(start)[0]
        lo = max(sent_start, start - (TOLD_REACH if kind == "negation" else reach))
        for s, e in self._in(kind, lo, end if inside else start):
            if s >= start:
                if inside and s > start:
                    return True
                continue
            # a denied statement covers its whole list: "we never claimed it heals cuts,
            # cures eczema or repairs skin", "don't tell clients it heals or is approved"
            # (an attribution that says "says" or "claims" reaches its list too: "anything
            # that says it adds, restores or multiplies your stem cells")
            # (the verb of saying may be the negation's own word: "no promise of instant,
            # permanent or guaranteed results", "no claim that ...")
            told = kind in ("negation", "attribution") and \
                bool(self._in("speech", s, e + SPEECH_REACH))
            if not told and (told_only or s < start - reach):
                continue
            if self._clause_open(e, start, colon_opens=kind == "attribution", soft=not told):
                return True
        return False

    def _reaches_inside(self, kind: str, start: int, end: int) -> bool:
        return bool(self._in(kind, start + 1, end))

    def context(self, start: int, end: int) -> frozenset[str]:
        doc = self.doc
        sent_start, sent_end = self._sent(start)
        found = set()
        # "no parabens and no side effects": a span that opens with its own negation is not
        # negated again by the one before it.
        opens_negated = any(s == start for s, _ in self._in("negation", start, start + 1))
        if self._header_denied(start):
            found.add("negated")
        elif opens_negated:
            # ... but a denied statement still covers it: "we never call it risk-free or
            # free of side effects"
            if self._reaches_inside("negation", start, end) or self._reaches(
                    "negation", start, end, NEGATION_REACH, inside=False, told_only=True):
                found.add("negated")
        elif self._reaches("negation", start, end, NEGATION_REACH, inside=True):
            found.add("negated")
        else:
            for s, _ in self._in("negation_after", end, min(sent_end, end + 2)):
                # "the dormant ones you didn't know you had": a new subject's negation
                if any(doc[i].lower_ in _PRONOUNS for i in range(end, s)):
                    continue
                if self._clause_open(end, s):
                    found.add("negated")
                    break
        if self._question(sent_start, sent_end):
            found.add("asked")
        if self._in("disclaimer", sent_start, sent_end):
            found.add("disclaimed")
        if self._in("physiology", sent_start, sent_end):
            found.add("physiological")
        if self._named(start, end):
            found.add("named")
        if self._rejected_cell(start, end):
            found.add("negated")
        if (self._reaches("attribution", start, end, 40, inside=False) or self._listed(start)
                or self._quoted_mention(start, end) or self._quoted_attribution(start)
                or self._in_quoted_list(start, end)):
            found.add("attributed")
        if self._reaches("hedge", start, end, HEDGE_REACH, inside=True):
            found.add("hedged")
        if self._reaches("appearance", start, end, APPEARANCE_REACH, inside=True):
            found.add("appearance")
        if self._in("citation", sent_start, sent_end):
            found.add("substantiated")
        else:  # a marker after the claim, in its sentence or just after its full stop
            # a marker after the full stop is a sentence of its own: count it when it
            # stands alone, not when it opens the next footnote's definition
            reach = sent_end
            if sent_end < len(doc) and self.cues.get("footnote_marker"):
                after = self._sent(sent_end)[1]
                words = 0
                for k in range(sent_end, after):
                    words += not doc[k].is_space
                    if words > 3:
                        break
                else:  # "**"
                    reach = after
            markers = self._in("footnote_marker", start, reach)
            for s, e in markers:
                # the whole marker: "**" is not "*"
                if any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in markers):
                    continue
                if self.defined_markers.get(doc[s:e].text, set()) - {self.sents.of(start)}:
                    found.add("substantiated")
        return frozenset(found)

    def _named(self, start: int, end: int) -> bool:
        """Is the span part of a Title Case product name ("Miracle Repair Night Mask",
        "Forever Young Co.")? The run must reach a product noun within a few words."""
        doc = self.doc
        if not all(_capital(doc[i]) for i in range(start, end)):
            # "our new Stem Cell Revival Facial": the span ends inside a name
            if doc[end - 1].is_title and self._name_goes_on(end - 1):
                return True
            # "The Instant Glow Mask and Forever Young Night Cream are back": the claim
            # words are capitalised inside lower-case prose, so they belong to names
            lo, hi = self._sent(start)
            return (doc[start].is_title and doc[end - 1].is_title and start > lo
                    and sum(doc[i].is_lower for i in range(lo, hi)) >= PROSE_WORDS)
        # "We named it Forever Young", "a balm called Miracle"
        if any(e <= start for _, e in self._in("naming", max(0, start - NAME_REACH), start)):
            return True
        # the noun may close the span itself ("Heal Street") or follow it
        if self._name_goes_on(start, end + NAME_REACH):
            return True
        # "seven ampoules of Forever Radiant Secretome in a tray": a capitalised run
        # between lower-case words of prose
        lo, hi = self._sent(start)
        return (start > lo and doc[start - 1].is_lower
                and sum(doc[i].is_lower for i in range(lo, hi)) >= PROSE_WORDS)

    def _name_goes_on(self, start: int, until: int | None = None) -> bool:
        """Does the Title Case run from token ``start`` reach a product noun (by ``until``,
        or within NAME_REACH words)?"""
        doc = self.doc
        until = start + 1 + NAME_REACH if until is None else until
        for i in range(start + 1, min(len(doc), until)):
            if doc[i].text == "\n":  # a name wrapped onto the next line
                continue
            if not (_capital(doc[i]) or doc[i].text in ("&", "-")):
                return False
            if self._in("product_noun", i, i + 1):
                return True
        return False

    def _quoted_mention(self, start: int, end: int) -> bool:
        """The claim is a phrase quoted to talk about it, not to say it: 'Marketing lines
        like "erases wrinkles for good"', '"Completely risk-free" is another phrase'. The
        quotes hug the span and a word about wording is in the sentence; 'Our serum is
        "clinically proven"' has none, so it stays a claim."""
        doc = self.doc
        lo, hi = self._sent(start)
        if not (self._quote_in(max(lo, start - QUOTE_SLACK), start)
                and self._quote_in(end, min(hi, end + QUOTE_SLACK))):
            return False
        before = next((i for i in range(start - 1, max(lo, start - QUOTE_SLACK) - 1, -1)
                       if doc[i].text in _OPENING_QUOTES), None)
        after = next((i for i in range(end, min(hi, end + QUOTE_SLACK))
                      if doc[i].text in _CLOSING_QUOTES), None)
        if before is None or after is None or after - before > QUOTED_WORDS:
            return False
        if before + 1 == start and after == end and self._topic(after, lo, hi):
            return True
        # a word about wording outside the quotes, or one that rejects it ('"Results that
        # last forever" - delete.', 'Banned: "clinically proven"')
        return any(not (before <= s <= after)
                   for kind in ("mention", "rejection") for s, _ in self._in(kind, lo, hi))

    def _in_quoted_list(self, start: int, end: int) -> bool:
        """Is the span among two or more quoted phrases listed one after the other
        ('"live stem cells", "stem cells in a bottle"', '"it heals" / "it treats"')?
        Phrases listed in quotation marks are phrases talked about."""
        lo, hi = self._sent(start)
        at = self.quote_marks
        marks = at[bisect_left(at, lo):bisect_left(at, hi)]
        if len(marks) < 4:
            return False
        doc = self.doc
        run_start = None
        for first, second in pairwise(zip(marks[::2], marks[1::2], strict=False)):
            (opened, closed), (reopened, reclosed) = first, second
            if reopened - closed > 3 or not all(
                    doc[i].text in _LIST_JOINERS or doc[i].is_space
                    for i in range(closed + 1, reopened)):
                run_start = None
                continue
            run_start = opened if run_start is None else run_start
            if run_start < start < reclosed:  # (it opens inside the list)
                return True
        return False

    def _topic(self, closing: int, lo: int, hi: int) -> bool:
        """A phrase quoted on its own as the topic of what follows: a heading ('## "FDA
        approved"', '3. "FDA approved" and registration') or a glossary entry ('"Clinically
        proven": ask for the study'). A testimonial quotes more than its claim words, or
        ends with its own stop ('"It healed my eczema!"'), so it is no topic."""
        doc = self.doc
        if doc[closing - 1].text in (".", "!", "?", "!!", "?!"):
            return False
        following = next((t for t in doc[closing + 1:hi] if not t.is_space), None)
        if following is not None and following.text == ":":
            return True
        last = next((t for t in reversed(doc[lo:hi]) if not t.is_space), None)
        return last is not None and last.text not in (".", "!", "?", ":") and \
            heading_line(doc, self.sents, self.sents.of(lo))

    def _header_denied(self, start: int) -> bool:
        """A table header cell answered no in the next cell: "Living cells | None",
        "Acts on your skin's stem cells | We don't claim this". The header is short and has
        no full stop, so "Heals eczema. No more itching!" is not one."""
        n = self.sents.of(start)
        if n not in self._headers_denied:
            self._headers_denied[n] = self._denied_header(n)
        return self._headers_denied[n]

    def _denied_header(self, n: int) -> bool:
        doc = self.doc
        lo, hi = self.sents.bounds(n)
        if hi - lo > 3 * HEADER_WORDS or n + 1 >= len(self.sents):
            return False
        # the next cell first (most sentences are followed by no denial at all)
        nlo, nhi = self.sents.bounds(n + 1)
        head = list(islice((t for t in doc[nlo:min(nhi, nlo + 12)]
                            if not t.is_space and t.text != "|"), 4))
        if not head:
            return False
        # "None", "No", or "we don't claim this" (a denial, not "It doesn't sting")
        if len(head) > 1 and head[0].lower_ == "no" and head[1].lower_ in ("more", "longer"):
            return False  # "Heals eczema fast. No more itching!" goes on with the claim
        if not (head[0].lower_ in _CELL_NO or (
                any(t.lower_ in ("n't", "not") for t in head)
                and bool(self._in("speech", nlo, nlo + 6)))):
            return False
        words = [t for t in doc[lo:hi] if not t.is_space and t.text != "|"]
        return bool(words) and len(words) <= HEADER_WORDS and \
            words[-1].text not in (".", "!", "?", ":")

    def _line_at(self, char: int) -> tuple[int, int]:
        """The character bounds of the line of the text that holds ``char``."""
        text = self.text
        lo = text.rfind("\n", 0, char) + 1
        hi = text.find("\n", char)
        return lo, len(text) if hi < 0 else hi

    def _rejection_in(self, lo: int, hi: int) -> bool:
        """Does a rejection cue start in characters lo..hi?"""
        tokens = self.offsets
        return bool(self._in("rejection", bisect_left(tokens, lo), bisect_left(tokens, hi)))

    def _rejected_cell(self, start: int, end: int) -> bool:
        """Is the span wording in a table cell that the table rejects: its row's status
        ("| "Permanently lifts sagging skin" | REJECTED |") or its column's header
        ("| Say this | Not this |")?"""
        if not self.cues.get("rejection") or not self.offsets:
            return False
        text, at = self.text, self.offsets[start]
        lo, hi = self._line_at(at)
        bars = _bars(text, lo, hi)
        if len(bars) < 3:
            return False
        column = next((k for k in range(len(bars) - 1) if bars[k] < at < bars[k + 1]), None)
        if column is None:  # the span opens on a bar
            return False
        last = self.offsets[end - 1] if end - 1 < len(self.offsets) else at
        cell = (bars[column] + 1, bars[column + 1])
        if last >= cell[1]:
            return False  # the span crosses cells
        # the row's other cells: a status that rejects the wording
        if any(self._rejection_in(bars[k] + 1, bars[k + 1])
               for k in range(len(bars) - 1) if k != column):
            return True
        # the column's header: the first line of the table (rule lines between rows skipped)
        header = None
        line_lo = lo
        while line_lo > 0:
            prev_lo, prev_hi = self._line_at(line_lo - 1)
            line = text[prev_lo:prev_hi].strip()
            if "|" in line:
                header = (prev_lo, prev_hi)
            elif not line or line.strip("-=+: "):  # neither a row nor a rule line
                break
            line_lo = prev_lo
        if header is None:
            return False
        cells = _bars(text, *header)
        if column + 1 >= len(cells):
            return False
        return self._rejection_in(cells[column] + 1, cells[column + 1])

    def _quoted_attribution(self, start: int) -> bool:
        """Inside a quotation that an attribution introduces: 'Myth: "If it says stem cell,
        it must be FDA approved."', 'Some brands claim: "..."'."""
        lo = max(self._sent(start)[0], start - QUOTE_REACH)
        at = self.quote_marks
        quotes = at[bisect_left(at, lo):bisect_left(at, start)]
        if len(quotes) % 2 == 0:
            return False
        q = quotes[-1]
        return any(e >= q - 2 for _, e in self._in("attribution", max(lo, q - 8), q))

    def _listed(self, start: int) -> bool:
        """Quoted as one of a list of phrases that a colon-ended sentence introduces with a
        negation or an attribution: "Phrases we never use:" / "Other brands promise:"."""
        n = self.sents.of(start)
        first = self.sents.starts[n]
        if not self._quote_in(first, first + 6):  # (the list's entries open with a quote)
            return False
        intro = quoted_list_intro(self.doc, self.sents, n)
        if intro is None:
            return False
        lo, hi = self.sents.bounds(intro)
        return bool(self._in("negation", lo, hi) or self._in("attribution", lo, hi)
                    or self._in("rejection", lo, hi))

    def _starts_line(self, n: int) -> bool:
        return starts_line(self.doc, self.sents, n)

    def _line(self, n: int) -> int:
        """The first sentence of the line that sentence ``n`` is on."""
        while n > 0 and not self._starts_line(n):
            n -= 1
        return n

    def _label_end(self, n: int) -> int | None:
        """Where the speaker label that opens sentence ``n`` ends ("Bot:", "customer:",
        "Dr. Yusuf (Dermatologist):", "[00:00:44] RENATA:"), if it opens with one."""
        if n not in self._label_ends:
            self._label_ends[n] = self._find_label_end(n)
        return self._label_ends[n]

    def _find_label_end(self, n: int) -> int | None:
        doc = self.doc
        lo, hi = self.sents.bounds(n)
        # a label ends with a colon: none in the characters it could span, no label
        last = max(lo + 2, min(hi - 1, lo + LABEL_REACH))
        if ":" not in self.text[self.offsets[lo]:self.offsets[last]
                                if last < len(self.offsets) else len(self.text)]:
            return None
        if lo + 2 < hi and doc[lo].is_alpha and doc[lo + 1].text == ":":
            return lo + 2
        for i in range(lo, min(hi - 1, lo + LABEL_REACH)):
            token = doc[i]
            if i > lo and token.text.endswith(":") and token.text.strip(":") in ("", ")", "]"):
                return i + 1
            if not (token.text[:1].isupper() or token.text in _LABEL_PUNCT
                    or any(c.isdigit() or c == "_" for c in token.text)
                    or token.text.startswith("@")  # a handle: "@alpenmoos:"
                    or "/" in (doc[i - 1].text if i > lo else "", doc[i + 1].text)  # "u/fern:"
                    or (i > lo and doc[i - 1].text == ",")):  # "Chat, glowgetter:"
                return None
        return None

    def _speaker(self, n: int) -> str | None:
        """The speaker label of the line sentence ``n`` is on, if the line opens with one."""
        if n >= len(self.sents):
            return None
        first = self._line(n)
        end = self._label_end(first)
        if end is None:
            return None
        # "[00:00:44] RENATA:" is Renata; "Slide 7:" and "Slide 8:" are one voice
        words = [t.lower_ for t in self.doc[self.sents.bounds(first)[0]:end]
                 if any(c.isalpha() for c in t.text)]
        return " ".join(words) or None

    def _opening(self, n: int) -> int:
        """The first token of sentence ``n`` after a speaker label."""
        end = self._label_end(n) if self._starts_line(n) else None
        return end if end is not None else self.sents.bounds(n)[0]

    def _fillers(self, lo: int, hi: int) -> bool:
        """Are tokens lo..hi only chat filler ("ok.", "wait really.", "and so")?"""
        return all(t.is_punct or t.lower_ in _FILLERS for t in self.doc[lo:hi])

    def _next_line(self, n: int) -> int:
        """The first sentence of the line after sentence ``n``'s."""
        m = n + 1
        while m < len(self.sents) and not self._starts_line(m):
            m += 1
        return m

    def _answer(self, n: int, reach: int = 1) -> str | None:
        """Does sentence ``n`` open with a yes or a no (within ``reach`` tokens: "(spoiler:
        yes)")? "yes", "no" or None."""
        if n >= len(self.sents):
            return None
        start, hi = self._opening(n), self.sents.bounds(n)[1]
        end = min(hi, start + reach)
        # "No." answers; "Zero side effects." opening the next line does not
        denied = [(s, e) for s, e in self._in("negation", start, end)
                  if self.doc[s].lower_ in _ANSWER_NO]
        affirmed = self._in("question_affirm", start, end)
        if affirmed and not (denied and denied[0][0] < affirmed[0][0]):
            return "yes"
        return "no" if denied else None

    def _bare_no(self, n: int) -> bool:
        """Does sentence ``n`` open with a "no" that stands alone ("No.", "Nope, ...", "no it
        doesn't"), not one that qualifies a noun ("No parabens")?"""
        doc = self.doc
        start, hi = self._opening(n), self.sents.bounds(n)[1]
        words = [t for t in doc[start:min(hi, start + 3)] if not t.is_space]
        if not words or words[0].lower_ not in _ANSWER_NO:
            return False
        return len(words) == 1 or not words[1].is_alpha or words[0].lower_ != "no" or \
            words[1].lower_ in _AFTER_BARE_NO

    def _reply(self, n: int) -> int:
        """Where an answer to sentence ``n`` would be: the next line in a chat (another
        voice's turn), else the next sentence."""
        return self._next_line(n) if self._speaker(n) else n + 1

    def is_question(self, n: int) -> bool:
        """Sentence ``n`` asks something: it has a question mark, or (chat and captions leave
        it out) it opens with an interrogative and the next sentence answers: it opens with
        yes or no, or another speaker says it."""
        if n not in self._is_question:
            lo, hi = self.sents.bounds(n)
            # a question ends with its mark; "Her rosacea? Healed in 3 weeks." answers itself
            last = next((t for t in reversed(self.doc[lo:hi])
                         if not t.is_space and t.text not in _CLOSING_QUOTES
                         and t.text not in (")", "]", "*", "**")), None)
            marked = last is not None and last.text in ("?", "?!", "!?", "??", "???")
            if marked:
                self._is_question[n] = True
                return True
            opening = self._opening(n)
            cues = self._in("interrogative", opening, min(hi, opening + INTERROGATIVE_REACH))
            speaker = self._speaker(n)
            if not cues and speaker is None:  # nothing opens a question, and no chat turn
                self._is_question[n] = False
                return False
            reply = self._reply(n)
            replier = self._speaker(reply)
            # "Customer: ok. will it fade my scars" / "Hm. And so does it contain ..."
            # an interrogative opens the sentence, or an auxiliary and its subject come
            # within a few words of the start ("ok. will it", "And so does it"); a colon
            # makes it a heading ("What's inside: ...", "Why it works: ...")
            # ... and someone else answers it: the same voice going on is no answer
            other = speaker is not None and replier is not None and speaker != replier
            # (a lone wh-word after filler asks only in a chat turn another voice answers:
            # "Customer: hi quick question what is it made from")
            asking = any(s == opening or ((e - s > 1 or other) and self._fillers(opening, s))
                         for s, e in cues) \
                and not any(t.text == ":" for t in self.doc[opening:hi])
            self._is_question[n] = bool(
                asking and not (speaker is not None and speaker == replier)
                and (self._answer(reply) is not None or other)) or bool(
                # "Customer: so there are live stem cells in it" / "Agent: No." (but "CLEAN
                # FORMULA: No parabens" after "PERMANENT RESULTS: ..." is a list, no reply)
                other and self._answer(reply) == "no" and self._bare_no(reply))
        return self._is_question[n]

    def _question(self, sent_start: int, sent_end: int) -> bool:
        """Is the sentence a question, not a rhetorical one ("Did you know ...?"), that the
        next one does not answer with a yes?"""
        n = self.sents.of(sent_start)
        if n not in self._questions:
            asked = self.is_question(n)
            if asked and self._in("rhetorical", sent_start, min(sent_end, sent_start + 3)):
                asked = False
            # answered yes: in the next sentence, or on the next line of a chat
            if asked and "yes" in (self._answer(n + 1, ANSWER_REACH),
                                   self._answer(self._reply(n), ANSWER_REACH)):
                asked = False
            self._questions[n] = asked
        return self._questions[n]


def _bars(text: str, lo: int, hi: int) -> list[int]:
    """The cell bounds of a table row text[lo:hi]: lo - 1, each "|", hi."""
    bars = [lo - 1]
    i = text.find("|", lo, hi)
    while i >= 0:
        bars.append(i)
        i = text.find("|", i + 1, hi)
    bars.append(hi)
    return bars


def _capital(token: Token) -> bool:
    """A word of a name: Title Case, or in capitals ("INSTANT GLOW MASK" on a carton)."""
    return token.is_title or (token.is_upper and len(token) > 1)


@Language.factory("claimlint_context")
def make_context(nlp: Language, name: str) -> ContextAnnotator:
    return ContextAnnotator()
