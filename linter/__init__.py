"""claimlint: a label and claims compliance linter for cosmetic marketing copy."""

from linter import _spacy_import

__version__ = "0.1.0"

_spacy_import.install()
