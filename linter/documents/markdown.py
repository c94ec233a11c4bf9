"""Markdown copy: prose, headings, list items, link text and image alt text are visible;
front matter, code, HTML comments, URLs, emphasis markers and struck-through text
(``~~deleted~~``) are not."""

from __future__ import annotations

import html
import re

from linter.documents.model import Document, TextBuilder

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_BLOCK_PREFIX = re.compile(r" {0,3}(?:#{1,6}(?=\s|$)|>|[-*+](?=\s)|\d{1,9}[.)](?=\s))[ \t]*")
# Possessive quantifiers (*+, ++) where giving characters back can never lead to a match
# keep a long line linear ("-" followed by 100,000 spaces and a letter).
_RULE_LINE = re.compile(
    r" {0,3}(?:(?:[-*_][ \t]*+){3,}|=++"
    r"|\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?)[ \t]*$"
)
_LINK_DEF = re.compile(r" {0,3}\[[^\]]+\]:\s*\S")
# (the lookahead names every alternative's first character: re then skips to those
# characters at C speed instead of trying each alternative at every position)
_INLINE = re.compile(
    r"(?=[<`\]!\[&\\*_~])"
    r"(?:(?P<comment><!--)"
    r"|(?P<code>`+)"
    # a link target may hold balanced parentheses but never starts another "](" : one
    # failed scan per line at most, where "](" * 50000 used to take quadratic time
    r"|(?P<link_tail>\]\((?:[^()\s]++|\([^()\s]*+\))*+(?:\s++\"[^\"]*+\")?\)"
    r"|\]\[[^\]]*+\])"
    r"|(?P<open>!?\[)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^<>\s]*+>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<emphasis>\*+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|~~))"
)


class _MarkdownReader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.out = TextBuilder(source, measure=True)
        self.in_comment = False
        self._quoting = False  # the line before was in a block quotation

    def run(self, path: str) -> Document:
        src = self.source
        lines = [(m.start(), m.end()) for m in _LINE.finditer(src) if m.end() > m.start()]
        i = self._skip_front_matter(lines)
        fence: str | None = None
        while i < len(lines):
            start, end = lines[i]
            body_end = end - len(src[start:end]) + len(src[start:end].rstrip("\r\n"))
            line = src[start:body_end]
            if fence is not None:
                m = _FENCE.match(line)
                if (
                    m
                    and m.group(1)[0] == fence[0]
                    and len(m.group(1)) >= len(fence)
                    and not line[m.end() :].strip()
                ):
                    fence = None
                self.out.put("\n", start, end)
            elif self.in_comment:
                self._inline(start, body_end)
                self.out.keep(body_end, end)
            elif m := _FENCE.match(line):
                fence = m.group(1)
                self.out.put("\n", start, end)
            elif (_RULE_LINE.match(line) and line.strip()) or _LINK_DEF.match(line):
                self.out.put("\n", start, end)
            else:
                self._block(start, body_end)
                self.out.keep(body_end, end)
            i += 1
        return self.out.build(path, "markdown")

    def _skip_front_matter(self, lines: list[tuple[int, int]]) -> int:
        if not lines or self.source[lines[0][0] : lines[0][1]].strip() not in ("---", "+++"):
            return 0
        marker = self.source[lines[0][0] : lines[0][1]].strip()
        closers = {"---": ("---", "..."), "+++": ("+++",)}[marker]
        for j in range(1, len(lines)):
            if self.source[lines[j][0] : lines[j][1]].strip() in closers:
                self.out.put("\n", lines[0][0], lines[j][1])
                return j + 1
        return 0  # no closing marker: not front matter

    def _block(self, start: int, end: int) -> None:
        pos = start
        while m := _BLOCK_PREFIX.match(self.source, pos, end):
            if m.end() == pos:
                break
            if m.group().strip() == ">" and self._quoting:
                # a quotation's next line goes on with its paragraph: the line break is a
                # soft one, as in any paragraph
                self.out.put("", pos, m.end())
            else:
                self.out.put("\n", pos, m.end())  # a heading or item starts a new sentence
            pos = m.end()
        self._quoting = self.source[start:end].lstrip().startswith(">")
        self._inline(pos, end)

    def _inline(self, start: int, end: int) -> None:
        src, out = self.source, self.out
        pos = start
        # A lone * or _ in a line closes nothing: it is literal (a footnote marker, a note).
        runs: dict[str, int] = {}  # runs of each in the line, counted when one is met
        # a "[" opens a link only if a "](" or "][" follows it on the line
        last_link = max(src.rfind("](", start, end), src.rfind("][", start, end))
        if self.in_comment:
            close = src.find("-->", pos, end)
            if close < 0:
                return
            self.in_comment = False
            pos = close + 3
        while pos < end:
            m = _INLINE.search(src, pos, end)
            if not m:
                out.keep(pos, end)
                return
            out.keep(pos, m.start())
            kind = m.lastgroup
            pos = m.end()
            if kind == "comment":
                close = src.find("-->", pos, end)
                if close < 0:
                    self.in_comment = True
                    return
                pos = close + 3
            elif kind == "code":
                close = src.find(m.group(), pos, end)
                if close < 0:
                    out.keep(m.start(), m.end())
                else:
                    pos = close + len(m.group())
            elif m.group() == "~~" and (close := src.find("~~", pos, end)) >= 0:
                pos = close + 2  # struck through: copy an editor deleted
            elif kind == "entity":
                out.put(html.unescape(m.group()), m.start(), m.end())
            elif kind == "escape":
                out.keep(m.start() + 1, m.end())
            elif kind == "emphasis" and m.group()[0] in "*_" and \
                    _runs(runs, src, start, end, m.group()[0]) < 2:
                out.keep(m.start(), m.end())
            elif kind == "open" and m.start() > last_link:
                out.keep(m.start(), m.end())  # "[2]" is a reference, not a link
            # link brackets and targets, tags, autolinks and emphasis are dropped


_RUNS = {c: re.compile(rf"\{c}+") for c in "*_"}


def _runs(counted: dict[str, int], src: str, start: int, end: int, char: str) -> int:
    """How many runs of ``char`` src[start:end] holds (kept in ``counted``)."""
    if char not in counted:
        counted[char] = len(_RUNS[char].findall(src, start, end))
    return counted[char]


def read_markdown(source: str, path: str) -> Document:
    return _MarkdownReader(source).run(path)
