"""The spaCy side of claimlint: pipeline, lemmas, sentences, matchers and context."""
