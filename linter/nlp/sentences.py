"""Sentence boundaries for marketing copy: punctuation, and the breaks the readers keep.

A sentence starts after ., ! or ? (unless the next word is lower-case, or the stop ends an
abbreviation such as "et al."; casual copy may start lower-case after ! and ?), after a
closing quote or bracket that follows one, after a table cell's "|" or a spec sheet's dot
leader ("Viable cells ........ none"), and after every line break the reader kept.
Computed with array operations over the whole document: no per-token Python.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_LOWER, IS_SPACE, LOWER, ORTH, SENT_START, SHAPE, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

_ENDERS = ("." , "!", "?", "…", "...", "!!", "?!", "!?", "!!!", "??", "???")
_BANGS = ("!", "?", "!!", "?!", "!?", "!!!", "??", "???")
_CLOSERS = ('"', "'", ")", "]", "»", "”", "’")
LEAD_IN_WORDS = 3  # "Her rosacea?", "Wrinkles?": a question this short is a lead-in
_ASKERS = ("do", "does", "did", "is", "are", "was", "were", "will", "would", "can", "could",
           "should", "has", "have", "may", "what", "how", "why", "where", "when", "which",
           "who", "whose")
#: answers that keep a lead-in a question of its own: "Living cells? No." (but "Her rosacea?
#: Healed in 3 weeks." is one statement)
_ANSWERS = ("no", "nope", "nah", "never", "none", "not", "yes", "yep", "yeah")
_STRAIGHT = ('"', "'")  # closers only when they touch the word before: '."' not '. "'

_ABBREVIATIONS = ("e.g", "i.e", "et", "al", "vs", "dr", "prof", "approx", "fig", "mr",
                  "mrs", "ms", "st", "ref", "vol")


class SentenceSplitter:
    def __init__(self, vocab: Vocab) -> None:
        def hashes(words: tuple[str, ...]) -> numpy.ndarray:
            return numpy.array([vocab.strings.add(w) for w in words], dtype="uint64")

        self.enders = hashes(_ENDERS)
        self.bangs = hashes(_BANGS)
        self.closers = hashes(_CLOSERS)
        self.straight = hashes(_STRAIGHT)
        self.abbreviations = hashes(_ABBREVIATIONS)
        self.period = vocab.strings.add(".")
        self.bar = vocab.strings.add("|")
        # a run of four or more dots has the shape "....", however long (to 100 characters)
        self.leader = vocab.strings.add("....")
        self.question = vocab.strings.add("?")
        self.askers = {vocab.strings.add(w) for w in _ASKERS}
        self.answers = {vocab.strings.add(w) for w in _ANSWERS}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        arr = doc.to_array([ORTH, LOWER, IS_SPACE, IS_LOWER, SPACY, SHAPE])
        orth, lower = arr[:, 0], arr[:, 1]
        space, is_lower = arr[:, 2].astype(bool), arr[:, 3].astype(bool)
        ender = numpy.isin(orth, self.enders)
        bang = numpy.isin(orth, self.bangs)
        closer = numpy.isin(orth, self.closers)
        # a straight quote after a space opens: 'caffeine. "Forever" is a name'
        spaced = numpy.zeros(n, dtype=bool)
        spaced[1:] = arr[:-1, 4].astype(bool)
        closer &= ~(numpy.isin(orth, self.straight) & spaced)
        # "et al." and "Dr." do not end a sentence
        abbrev = numpy.zeros(n, dtype=bool)
        abbrev[1:] = (orth[1:] == self.period) & numpy.isin(lower[:-1], self.abbreviations)
        ends = ender & ~abbrev
        ends[1:] |= closer[1:] & ends[:-1]  # ." and .) end too
        start = numpy.zeros(n, dtype=bool)
        start[0] = True
        prev_end, prev_bang = ends[:-1], bang[:-1] | (closer[:-1] & numpy.roll(bang, 1)[:-1])
        start[1:] = prev_end & ~closer[1:] & ~ender[1:] & ~space[1:] & (~is_lower[1:] | prev_bang)
        start[1:] |= space[:-1]  # a kept line break
        start[1:] |= (orth[:-1] == self.bar) & ~space[1:]  # a table cell: "| 5% | Yes |"
        # a dot leader ends a spec sheet's label: "Viable cells ........ none detected"
        start[1:] |= (arr[:-1, 5] == self.leader) & ~space[1:]
        # "Her rosacea? Healed in 3 weeks.": a fragment asked and answered at once is one
        # statement, not a question and an answer
        asked = numpy.flatnonzero(start[1:] & (orth[:-1] == self.question)) + 1
        if len(asked):
            starts = numpy.flatnonzero(start)
            for i in asked.tolist():
                first = int(starts[numpy.searchsorted(starts, i) - 1])
                if i - first > 4 * LEAD_IN_WORDS:
                    continue
                words = [k for k in range(first, i - 1) if not space[k]]
                if 0 < len(words) <= LEAD_IN_WORDS and \
                        int(lower[words[0]]) not in self.askers and not is_lower[i] and \
                        int(lower[i]) not in self.answers:
                    start[i] = False
        flags = numpy.where(start, 1, -1).astype("int64").view("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], flags)
        return doc


@Language.factory("claimlint_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp.vocab)
