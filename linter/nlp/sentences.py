"""Sentence boundaries for marketing copy: punctuation, and the breaks the readers keep."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset({".", "!", "?", "…", "...", "!!", "?!", "!?", "!!!", "??"})
_CLOSERS = frozenset({'"', "'", ")", "]", "»", "”", "’"})
_NOT_AFTER = frozenset({"e.g", "i.e", "et", "al", "vs", "dr", "prof", "no", "approx", "fig",
                        "mr", "mrs", "ms", "st", "ref", "vol"})


class SentenceSplitter:
    """Starts a sentence after ., ! or ? (unless the next word is lower-case or the stop ends
    an abbreviation such as "et al."), and after every line break the reader kept."""

    def __call__(self, doc: Doc) -> Doc:
        start = True
        prev_end = False
        prev_text = ""
        for token in doc:
            text = token.text
            if token.is_space:
                token.is_sent_start = start
                start = True
                prev_end = False
                continue
            if prev_end and text not in _CLOSERS and text not in _ENDERS and \
                    (not text[0].islower() or prev_text[-1] in "!?"):
                start = True  # casual copy starts sentences lower-case after ! and ?
            token.is_sent_start = start
            start = False
            if text in _ENDERS or text[-1] in "!?":
                prev_end = text != "." or prev_text.lower() not in _NOT_AFTER
            elif prev_end and text in _CLOSERS:
                pass
            else:
                prev_end = False
            prev_text = text
        return doc


@Language.factory("claimlint_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
