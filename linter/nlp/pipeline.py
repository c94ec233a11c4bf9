"""Building the spaCy pipeline once per process: blank English (or a model the user names),
lookup lemmas, sentence breaks, the claimset matcher and the context annotator."""

from __future__ import annotations

from collections.abc import Sequence

import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
from linter.nlp import context, lemmas, matcher, sentences  # noqa: F401
from linter.nlp.matcher import TEXT_KEY

_CJK_BRACKETS = r"[【】「」『』〔〕〈〉《》〖〗]"


class _CopyDefaults(English.Defaults):
    # "proven†" and "proven¹" split like "proven*": a footnote marker is its own token
    suffixes = (*English.Defaults.suffixes, r"[†‡§¹²³⁴⁵⁶⁷⁸⁹]+",
                r"(?<=[†‡§¹²³⁴⁵⁶⁷⁸⁹*])[.,;:!?]+", _CJK_BRACKETS)
    # "【COLLAGEN BOOSTER】Stimulates collagen": CJK brackets are tokens of their own
    prefixes = (*English.Defaults.prefixes, _CJK_BRACKETS)
    infixes = (*English.Defaults.infixes, _CJK_BRACKETS)


class CopyEnglish(English):
    """Blank English whose tokenizer also splits footnote markers off words."""

    lang = "en"
    Defaults = _CopyDefaults

    def make_doc(self, text: str) -> Doc:
        doc = super().make_doc(text)
        doc.user_data[TEXT_KEY] = text  # ``doc.text`` rebuilds the string token by token
        return doc


MAX_LENGTH = 100_000_000  # characters; spaCy's default million guards memory-hungry models

def build_pipeline(claimsets: Sequence[str] = (), model: str | None = None,
                   builtin: bool = True) -> Language:
    """Blank English plus claimlint's components; ``model`` swaps in an installed pipeline.

    Nothing is downloaded: a model name must be an installed package or a path.
    """
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "textcat", "textcat_multilabel"])
        except OSError as exc:
            raise ValueError(f"cannot load spaCy model {model!r}: is it installed? "
                             f"({str(exc).splitlines()[0]})") from None
    else:
        nlp = CopyEnglish()
    # copy is read with rule components only (no parser): long files are fine
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("claimlint_lemmas")
    nlp.add_pipe("claimlint_sentences")
    nlp.add_pipe("claimlint_matcher", config={"claimsets": [str(p) for p in claimsets],
                                              "builtin": builtin})
    nlp.add_pipe("claimlint_context")
    return nlp

