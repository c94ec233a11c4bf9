"""Document -> findings: runs the rule kinds over the annotated document, resolves phrase
precedence, and maps every span back to the original file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from linter.claimset import Rule, RuleBook
from linter.documents import Document, read_text
from linter.findings import Finding
from linter.nlp.matcher import SentenceIndex
from linter.nlp.pipeline import build_pipeline
from linter.rules import KINDS, PHRASE_KINDS, DocFacts, Hit, RunOptions

#: Sentences this short are fragments of one statement: "Regenerates skin. Rebuilds collagen."
FRAGMENT_WORDS = 4
#: Words that open a sentence which goes on with the one before ("And they never come back.")
_GOES_ON = frozenset(["and", "but", "so", "or", "plus", "they", "it", "which", "then", "that",
                      "this"])


def select_rules(rules: Iterable[Rule], select: Sequence[str] = (),
                 ignore: Sequence[str] = ()) -> list[Rule]:
    """ruff-style selection: a code or a prefix ("SCM2"), ``ALL`` for everything."""
    def hit(code: str, prefixes: Sequence[str]) -> bool:
        return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in prefixes)

    return [r for r in rules
            if (not select or hit(r.code, select)) and not hit(r.code, ignore)]


@dataclass
class LintOptions:
    claimsets: tuple[str, ...] = ()
    model: str | None = None
    market: str = "us"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    builtin: bool = True


class Linter:
    """The engine, built once (pipeline and compiled matchers) and reused for every file."""

    def __init__(self, options: LintOptions | None = None) -> None:
        self.options = options or LintOptions()
        self.nlp = build_pipeline(self.options.claimsets, self.options.model,
                                  self.options.builtin)
        self.rulebook: RuleBook = self.nlp.get_pipe("claimlint_matcher").rulebook
        self.rules = select_rules(self.rulebook.rules, self.options.select,
                                  self.options.ignore)
        self.run_options = RunOptions(market=self.options.market)
        self.warnings: list[str] = []
        self._rank = {code: i for i, code in enumerate(self.rulebook.precedence)}

    def lint_text(self, text: str, path: str = "<stdin>") -> list[Finding]:
        return self.lint_document(read_text(text, path))

    def lint_document(self, document: Document) -> list[Finding]:
        return next(self.lint_documents([document]))[1]

    def lint_documents(self, documents: Iterable[Document],
                       batch_size: int = 32) -> Iterator[tuple[Document, list[Finding]]]:
        pending: list[Document] = []

        def texts() -> Iterator[str]:
            for document in documents:
                pending.append(document)
                yield document.text

        for doc in self.nlp.pipe(texts(), batch_size=batch_size):
            document = pending.pop(0)
            self.warnings.extend(w for w in doc._.claimlint_warnings or ()
                                 if w not in self.warnings)
            yield document, self.findings(document, doc)

    def findings(self, document: Document, doc: Doc) -> list[Finding]:
        sents = doc._.claimlint_sent_starts or SentenceIndex(doc)
        facts = DocFacts(doc._.claimlint_candidates or [], sents.of)
        hits: list[Hit] = []
        for rule in self.rules:
            hits.extend(KINDS[rule.kind](rule, facts, self.run_options))
        # a rule absorbs what it subsumes before precedence picks among overlapping hits:
        # "apple stem cells replace your stem cells" is about the plant (SCM209), not SCM207
        phrase = self._drop_subsumed(
            self._merge_adjacent([h for h in hits if h.rule.kind in PHRASE_KINDS], sents, doc,
                                 document), sents)
        phrase = self._resolve_precedence(phrase)
        phrase = self._drop_restated_questions(phrase, sents, doc._.claimlint_questions)
        hits = [h for h in hits if h.rule.kind not in PHRASE_KINDS] + phrase
        findings = [self._finding(document, doc, hit) for hit in hits]
        findings.sort(key=lambda f: f.sort_key)
        return findings

    @staticmethod
    def _merge_adjacent(hits: list[Hit], sents: SentenceIndex, doc: Doc,
                        document: Document) -> list[Hit]:
        """Hits of one rule in one sentence, or on one line of the file in one table row or
        in sentences that go on with each other, are one finding: "permanently erases
        lines", "| Live Cell Mask | Delivers 2 million viable stem cells |", "Wrinkles gone
        in 3 days. And they never come back.", "Regenerates skin. Rebuilds collagen."."""
        def words(n: int) -> int:
            lo, hi = sents.bounds(n)
            return sum(1 for t in doc[lo:hi] if t.is_alpha)

        def same_line(a: Hit, b: Hit) -> bool:
            if b.start <= a.end:
                return False
            # the file between the two hits: one line of it?
            lo = document.source_span(doc[a.end - 1].idx, doc[a.end - 1].idx + 1)[1]
            hi = document.source_span(doc[b.start].idx, doc[b.start].idx + 1)[0]
            source = document.source[lo:hi]
            if "\n" in source or "\r" in source:
                return False
            if any(t.text == "|" for t in doc[a.end:b.start]) or \
                    "<td" in source.lower():  # one table row
                return True
            n, m = sents.of(a.start), sents.of(b.start)
            # the next sentence goes on with the same statement, or both are fragments of
            # one line of copy
            if m != n + 1 or any("\n" in t.text_with_ws for t in doc[a.end:b.start]):
                return False
            return (doc[sents.bounds(m)[0]].lower_ in _GOES_ON
                    or max(words(n), words(m)) <= FRAGMENT_WORDS)

        merged: list[Hit] = []
        for hit in sorted(hits, key=lambda h: (h.rule.code, h.start, h.end)):
            last = merged[-1] if merged else None
            if (last is not None and last.rule is hit.rule
                    and (sents.of(last.start) == sents.of(hit.start) or same_line(last, hit))):
                merged[-1] = Hit(hit.rule, last.start, max(last.end, hit.end))
            else:
                merged.append(hit)
        return merged

    @staticmethod
    def _drop_restated_questions(hits: list[Hit], sents: SentenceIndex,
                                 questions: set[int] | None) -> list[Hit]:
        """"Does it contain living stem cells? Yes. Every ampoule contains viable stem
        cells.": a question the copy answers yes is a claim only when the answer does not
        say it again; otherwise the answer is the one finding."""
        questions = questions or set()
        by_rule: dict[str, set[int]] = {}
        for hit in hits:
            by_rule.setdefault(hit.rule.code, set()).add(sents.of(hit.start))

        def restated(hit: Hit) -> bool:
            n = sents.of(hit.start)
            if n not in questions:
                return False
            answer: set[int] = set()  # the next sentence or two, up to the next question
            for m in (n + 1, n + 2):
                if m in questions:
                    break
                answer.add(m)
            return bool(by_rule[hit.rule.code] & answer)

        return [h for h in hits if not restated(h)]

    @staticmethod
    def _drop_subsumed(hits: list[Hit], sents: SentenceIndex) -> list[Hit]:
        """Drop the hits that another hit in the same sentence subsumes (``subsumes:``)."""
        if not any(h.rule.subsumes for h in hits):
            return hits
        absorbed = {(code, sents.of(h.start)) for h in hits for code in h.rule.subsumes}
        return [h for h in hits if (h.rule.code, sents.of(h.start)) not in absorbed]

    def _resolve_precedence(self, hits: list[Hit]) -> list[Hit]:
        """One finding per phrase: where phrase hits of rules in the claimsets' precedence
        lists overlap, only the most specific is kept. Other hits are never dropped."""
        ranked = sorted((h for h in hits if h.rule.code in self._rank),
                        key=lambda h: (self._rank[h.rule.code], h.start, -h.end))
        kept: list[Hit] = []
        covered: set[int] = set()
        for hit in ranked:
            tokens = range(hit.start, hit.end)
            if covered.isdisjoint(tokens):
                kept.append(hit)
                covered.update(tokens)
        return [h for h in hits if h.rule.code not in self._rank] + kept

    @staticmethod
    def _finding(document: Document, doc: Doc, hit: Hit) -> Finding:
        span = doc[hit.start:hit.end]
        start, end = document.source_span(span.start_char, span.end_char)
        text = document.source[start:end]
        rule = hit.rule
        return Finding(
            path=document.path, code=rule.code, name=rule.name, severity=rule.severity,
            message=rule.message.replace("{text}", span.text), start=start, end=end,
            start_pos=document.position(start), end_pos=document.position(end), text=text,
            suggestion=rule.suggestion, evidence=rule.evidence,
        )
