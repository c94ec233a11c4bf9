"""Quick fixes (``textDocument/codeAction``) for the findings under the cursor.

What a writer gets, per finding:

* **Rewrite** (phrase findings): the rule's suggestion quotes example wordings; one is
  offered as a replacement of the flagged words only where it drops into the sentence
  (it starts with the same word, or both are verbs agreeing with a subject before the
  span), the span is plain words on one line (no markup to lose), and neither contains a
  number (a number in the copy is a fact the writer must not lose; one in the example is a
  fact the writer has not established).
* **Suppress on this line**: the ``claimlint-disable-next-line CODE`` comment in the
  document's syntax (:func:`linter.suppress.next_line_comment`), or the code added to the
  comment already above the line. In Markdown the comment goes at the end of the line
  above when that line is part of the same paragraph, so the paragraph is not split.
* **Document-scope findings**: suppress for the whole document (``claimlint-disable CODE``
  at the top), and, for a missing disclosure, a template sentence appended at the end of
  the copy with ``[PLACEHOLDERS]`` for the writer to complete (the finding stays until
  they do).
* **Unused suppression** (CL100): remove the comment.

Edits are versioned (``documentChanges``) where the client supports it, so a stale fix is
refused rather than applied to moved text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lsprotocol import types

from linter import suppress
from linter.claimset import Rule
from linter.documents import Document
from linter.findings import Finding
from linter.lsp.diagnostics import to_diagnostic
from linter.lsp.positions import LineIndex
from linter.rules import PHRASE_KINDS

_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
_MARKUP = re.compile(r"[<>*_`\[\]|#\\\r\n]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words after which a plural-looking word is a noun, not a verb ("the scars", "of wrinkles").
_NOUN_SLOT = frozenset({"a", "an", "the", "your", "our", "my", "their", "his", "her", "its",
                        "this", "that", "these", "those", "of", "for", "with", "in", "on",
                        "to", "by", "from", "no", "any", "all", "some", "more", "less"})
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\.\.\.|\+\+\+)[ \t]*$"
                           r"(?:\r\n|\r|\n)?", re.DOTALL | re.MULTILINE)
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
# Lines of Markdown a comment cannot be appended to: blank, code (fences, indented), rules
# and setext underlines, HTML blocks, link or footnote definitions, a backslash hard break.
_NOT_APPENDABLE = re.compile(r"^\s*$|^(?: {4}|\t)|^\s*(?:```|~~~|<|\[\^?[^\]]*\]:)"
                             r"|^\s*[-*_=\s]{3,}$|\\$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def rewrite_candidates(rule: Rule) -> list[str]:
    """The example wordings quoted in the rule's suggestion that could stand in for a
    phrase: lower-case phrases without numbers."""
    if not rule.suggestion:
        return []
    found = [a or b for a, b in _QUOTED.findall(rule.suggestion)]
    return [c.strip() for c in found
            if c.strip() and c.strip()[0].islower() and not _DIGIT.search(c)
            and not c.strip().endswith(".")]


def _third_person(word: str) -> bool:
    w = word.lower()
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous"))


def _preceding_word(source: str, start: int) -> str | None:
    """The word right before ``start`` in the same sentence, or None at a sentence start."""
    before = source[max(0, start - 60):start].rstrip()
    if not before or before[-1] in ".!?:;\n\r>":
        return None
    words = _WORD.findall(before)
    return words[-1].lower() if words else None


def rewrite_fits(finding: Finding, candidate: str, source: str) -> bool:
    span = finding.text
    if not span or _MARKUP.search(span) or _DIGIT.search(span):
        return False
    span_words = _WORD.findall(span)
    cand_words = _WORD.findall(candidate)
    if not span_words or not cand_words or not span[0].isalpha():
        return False
    first, cand_first = span_words[0].lower(), cand_words[0].lower()
    if first == cand_first:
        return True
    if _third_person(first) and _third_person(cand_first) and len(span_words) >= 2:
        before = _preceding_word(source, finding.start)
        return before is not None and before not in _NOUN_SLOT
    return False


def _match_case(candidate: str, span: str) -> str:
    if span[:1].isupper() and not span[:2].isupper():
        return candidate[0].upper() + candidate[1:]
    return candidate


# --- edits -------------------------------------------------------------------------------

class _Edits:
    """Builds text edits against one published document."""

    def __init__(self, document: Document, index: LineIndex) -> None:
        self.document = document
        self.source = document.source
        self.index = index

    def replace(self, start: int, end: int, text: str) -> types.TextEdit:
        return types.TextEdit(range=self.index.range(start, end), new_text=text)

    def insert(self, offset: int, text: str) -> types.TextEdit:
        return self.replace(offset, offset, text)

    def eol(self, line: int = 0) -> str:
        return self.index.line_break(line)

    # suppression on one line --------------------------------------------------------------

    def suppress_line(self, finding: Finding) -> types.TextEdit | None:
        line = self.index.line_of(finding.start)
        existing = self._directive_above(line)
        if existing is not None:
            d, insert_at = existing
            if finding.code in d.codes:
                return None
            return self.insert(insert_at, f", {finding.code}")
        comment = suppress.next_line_comment(self.document, [finding.code])
        line_start = self.index.starts[line]
        line_text = self.index.line_text(line)
        indent = line_text[:len(line_text) - len(line_text.lstrip())]
        kind = self.document.kind
        if kind == "html" and self._inside_tag(line_start):
            return None  # a comment there would break the tag
        if kind == "markdown" and line > 0:
            above = self.index.line_text(line - 1)
            if "|" in above and _TABLE_DELIMITER.match(above):
                return None  # a table's first row: nowhere to put a comment
            if not _NOT_APPENDABLE.search(above) and not self._in_front_matter(line_start):
                # The end of the line above: a comment line there would split a paragraph
                # (or a table) in two. A table row ignores the extra "cell".
                end = self.index.starts[line - 1] + len(above.rstrip())
                return self.insert(end, " " + comment)
        return self.insert(line_start, indent + comment + self.eol(line))

    def _directive_above(self, line: int) -> tuple[suppress.Directive, int] | None:
        if line == 0:
            return None
        for d in suppress.directives(self.document):
            if d.verb != "disable-next-line" or d.problem or not d.codes:
                continue
            if self.index.line_of(d.end) != line - 1:
                continue
            m = re.search(r"claimlint-disable-next-line[ \t]+[A-Za-z0-9, \t]*[A-Za-z0-9]",
                          self.source[d.start:d.end])
            if m:
                return d, d.start + m.end()
        return None

    def _inside_tag(self, offset: int) -> bool:
        head = self.source[max(0, offset - 2000):offset]
        return head.rfind("<") > head.rfind(">")

    def _in_front_matter(self, offset: int) -> bool:
        m = _FRONT_MATTER.match(self.source)
        return bool(m) and offset <= m.end()

    # suppression for the document ----------------------------------------------------------

    def suppress_document(self, code: str) -> types.TextEdit:
        kind = self.document.kind
        eol = self.eol()
        if kind == "text":
            return self.insert(0, f"# claimlint-disable {code}{eol}")
        comment = f"<!-- claimlint-disable {code} -->"
        if kind == "html":
            m = _BODY_OPEN.search(self.source)
            if m:
                return self.insert(m.end(), eol + comment)
            return self.insert(0, comment + eol)
        m = _FRONT_MATTER.match(self.source)
        at = m.end() if m else 0
        if m and not self.source[:at].endswith(("\n", "\r")):
            return self.insert(at, eol + comment + eol)
        return self.insert(at, comment + eol)

    # text at the end of the copy -----------------------------------------------------------

    def append(self, sentences: list[str]) -> types.TextEdit:
        eol = self.eol()
        text = " ".join(sentences)
        source = self.source
        if self.document.kind == "html":
            closes = list(_BODY_CLOSE.finditer(source))
            if closes:
                m = closes[-1]
                line_start = self.index.starts[self.index.line_of(m.start())]
                if not source[line_start:m.start()].strip():
                    return self.insert(line_start, f"<p>{text}</p>{eol}")
                return self.insert(m.start(), f"<p>{text}</p>")
            text = f"<p>{text}</p>"
        stripped = source.rstrip(" \t")
        if not stripped.strip():
            return self.insert(len(source), text + eol)
        if stripped.endswith(eol + eol) or stripped.endswith("\n\n"):
            return self.insert(len(source), text + eol)
        if stripped.endswith(("\n", "\r")):
            return self.insert(len(source), eol + text + eol)
        return self.insert(len(source), eol + eol + text + eol)

    def remove_unused(self, finding: Finding) -> tuple[str, types.TextEdit | None]:
        """For CL100: drop the codes the comment no longer needs, or the whole comment."""
        directive = next((d for d in suppress.directives(self.document)
                          if d.start == finding.start), None)
        unused = [c for c in directive.codes if c in finding.message] if directive else []
        if directive is None or not unused or len(unused) == len(directive.codes):
            return ("Remove the unused suppression comment",
                    self.remove(finding.start, finding.end))
        comment = self.source[directive.start:directive.end]
        m = re.search(r"(claimlint-[a-z-]+[ \t]+)([A-Za-z0-9, \t]*[A-Za-z0-9])", comment)
        if m is None:
            return "Remove the unused suppression comment", None
        kept = ", ".join(c for c in directive.codes if c not in unused)
        start = directive.start + m.start(2)
        return (f"Remove {', '.join(unused)} from the suppression comment",
                self.replace(start, start + len(m.group(2)), kept))

    def remove(self, start: int, end: int) -> types.TextEdit:
        """Delete a span; its whole line when nothing else is on it."""
        line = self.index.line_of(start)
        line_start, line_end = self.index.starts[line], self.index.line_end(line)
        if self.index.line_of(end) == line and not (self.source[line_start:start]
                                                    + self.source[end:line_end]).strip():
            next_start = (self.index.starts[line + 1] if line + 1 < len(self.index.starts)
                          else line_end)
            return self.replace(line_start, next_start, "")
        while start > line_start and self.source[start - 1] in " \t":
            start -= 1
        return self.replace(start, end, "")


# --- the actions ---------------------------------------------------------------------------

def code_actions(uri: str, version: int | None, document: Document,
                 findings: list[Finding], rules: Mapping[str, Rule], index: LineIndex,
                 request: types.Range, url_template: str,
                 versioned: bool = True) -> list[types.CodeAction]:
    """The quick fixes for the findings that overlap ``request`` (an LSP range)."""
    lo, hi = index.offset(request.start), index.offset(request.end)
    edits = _Edits(document, index)
    actions: list[types.CodeAction] = []
    seen: set[tuple[str, str]] = set()

    def add(title: str, edit: types.TextEdit | None, finding: Finding | list[Finding],
            preferred: bool = False) -> None:
        if edit is None or (title, edit.new_text) in seen:
            return
        seen.add((title, edit.new_text))
        group = finding if isinstance(finding, list) else [finding]
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        workspace_edit = (
            types.WorkspaceEdit(document_changes=[
                types.TextDocumentEdit(text_document=identifier, edits=[edit])])
            if versioned else types.WorkspaceEdit(changes={uri: [edit]}))
        actions.append(types.CodeAction(
            title=title, kind=types.CodeActionKind.QuickFix,
            diagnostics=[to_diagnostic(f, index, url_template) for f in group],
            edit=workspace_edit, is_preferred=preferred or None))

    hits = [f for f in findings if f.start <= hi and lo <= f.end]
    missing: list[tuple[Finding, str]] = []
    for f in hits:
        rule = rules.get(f.code)
        if f.code == suppress.UNUSED.code:
            title, edit = edits.remove_unused(f)
            add(title, edit, f, preferred=True)
            continue
        if f.code in suppress.BUILTIN_CODES:
            continue
        if rule is not None and rule.kind in PHRASE_KINDS:
            for candidate in rewrite_candidates(rule):
                if rewrite_fits(f, candidate, document.source):
                    text = _match_case(candidate, f.text)
                    add(f"Rewrite as “{text}” ({f.code})", edits.replace(f.start, f.end, text),
                        f)
        add(f"Suppress {f.code} on this line", edits.suppress_line(f), f)
        if rule is not None and rule.kind not in PHRASE_KINDS:
            if rule.kind == "disclosure":
                template = rule.template or f"[{rule.code}: {rule.suggestion or rule.summary}]"
                missing.append((f, template))
                add(f"Add a disclosure to complete: {rule.name} ({f.code})",
                    edits.append([template]), f)
            add(f"Suppress {f.code} in this document", edits.suppress_document(f.code), f)
    if len(missing) > 1:
        add("Add every missing disclosure to complete",
            edits.append([t for _, t in missing]), [f for f, _ in missing])
    return actions
