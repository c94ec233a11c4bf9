"""claimlint: a label and claims compliance linter for cosmetic marketing copy."""

__version__ = "0.1.0"
