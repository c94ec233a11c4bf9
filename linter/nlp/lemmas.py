"""Lookup lemmas from spacy-lookups-data, lower-cased, without a trained model."""

from __future__ import annotations

import os
from functools import cache

import numpy
import srsly
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Clitics the English lookup table gets wrong for our purposes ("'s" -> "have").
_OVERRIDES = {"'s": "'s", "wo": "will", "ca": "can", "n't": "not", "nt": "not", "sha": "shall",
              # the table has "as" -> "a", "does" -> "doe", "putting" -> "putt"
              "as": "as", "does": "do", "putting": "put"}


def lookups_table(name: str) -> dict:
    """An English table from spacy-lookups-data, read from the installed package."""
    import spacy_lookups_data

    return srsly.read_gzip_json(os.path.join(os.path.dirname(spacy_lookups_data.__file__),
                                             "data", f"en_{name}.json.gz"))


@cache
def lemma_table() -> dict[str, str]:
    table = {k: v for k, v in lookups_table("lemma_lookup").items()
             if k.islower() or not k.isalpha()}
    table.update(_OVERRIDES)
    return table


def _lookup(table: dict[str, str], lower: str) -> str:
    lemma = table.get(lower)
    if lemma is not None:
        return lemma
    # Words the table does not know are mostly trade and science nouns: "exosomes",
    # "cytokines", "parabens". Their plural is the one inflection worth undoing.
    if len(lower) > 4 and lower.endswith("s") and lower[-2] not in "suio'" and lower.isalpha():
        return lower[:-1]
    return lower


def lemma_of(word: str) -> str:
    return _lookup(lemma_table(), word.lower())


class LookupLemmatizer:
    """Sets ``token.lemma_`` to the lower-cased lookup lemma of each token."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.table = lemma_table()
        self.cache: dict[int, int] = {}

    def _lemma(self, lower: int) -> int:
        strings = self.vocab.strings
        lemma = _lookup(self.table, strings[lower])
        key = strings.add(lemma)
        self.cache[lower] = key
        return key

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lowers = doc.to_array(LOWER).tolist()
        get, miss = self.cache.get, self._lemma
        lemmas = [get(x) or miss(x) for x in lowers]
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("claimlint_lemmas")
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer(nlp.vocab)
