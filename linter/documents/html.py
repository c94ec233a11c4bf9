"""HTML copy: text and ``alt`` text are visible; tags, comments, script, style, hidden
elements (``hidden``, ``display: none``, a class or id a style sheet hides) and
struck-through text (``<del>``, ``<s>``, ``<strike>``) are not."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from linter.documents.model import Document, TextBuilder

_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
        "button",
        "label",
        "img",
    ]
)
# (struck-through text, <del>, <s> and <strike>, is copy an editor deleted: not copy)
_HIDDEN = frozenset(["script", "style", "template", "noscript", "svg", "math", "head",
                     "del", "s", "strike"])
# Elements without an end tag: inside a hidden element they open nothing to close.
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"])
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SIMPLE_SELECTOR = re.compile(r"^\s*[A-Za-z][\w-]*?([.#][\w-]+)\s*$|^\s*([.#][\w-]+)\s*$")
_VISIBLE_IN_HEAD = frozenset({"title"})
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
# An "&#" that html.parser's charref pattern will not take: on one, HTMLParser (before
# Python 3.13.4) stops parsing and hands every byte after it to handle_data as text,
# markup and scripts included. The parser is fed "\x01#" there instead (same length).
_BAD_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")


class _HtmlReader(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.out = TextBuilder(source)
        # HTMLParser counts lines by "\n" only; map its (line, col) to an offset.
        self._lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.hidden: list[str] = []
        self.hiding = hiding_selectors(source)
        self.in_head = False
        self.in_title = False

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def _visible(self) -> bool:
        return not self.hidden and (not self.in_head or self.in_title)

    def _hides(self, attrs: list[tuple[str, str | None]]) -> bool:
        """Is an element with these attributes hidden: ``hidden``, an inline ``display:
        none`` or ``visibility: hidden``, or a class or id a style sheet hides?"""
        for name, value in attrs:
            if name == "hidden":
                return True
            if name == "style" and value and _HIDING.search(value):
                return True
            if name == "class" and value and \
                    any("." + c in self.hiding for c in value.split()):
                return True
            if name == "id" and value and "#" + value.strip() in self.hiding:
                return True
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]],
                        closed: bool = False) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        if tag == "head":
            self.in_head = True
        elif tag == "title":
            self.in_title = True
        elif tag in _HIDDEN or (not closed and tag not in _VOID and (
                self.hidden or self._hides(attrs))):
            # inside a hidden element every element is counted, to find where it ends
            self.hidden.append(tag)
        if not self._visible() or ((closed or tag in _VOID) and self._hides(attrs)):
            return
        if tag in _BLOCK:
            self.out.put("\n\n", start, start)
        if tag in ("img", "area", "input"):
            m = _ALT.search(raw)
            if m:
                group = next(g for g in (1, 2, 3) if m.group(g) is not None)
                self._text(start + m.start(group), start + m.end(group))
                self.out.put("\n\n", end, end)

    def parse_html_declaration(self, i: int) -> int:
        # "<![" without a marked-section keyword makes _markupbase raise AssertionError
        # (Python < 3.13.4): read it as HTML does, a bogus comment up to the next ">".
        position = self.getpos()
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = position  # the failed scan moved them
            return self.parse_bogus_comment(i)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:  # a self-closed <svg/> hides nothing
            return
        self.handle_starttag(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        elif tag in _HIDDEN or self.hidden:
            # (an end tag that closes nothing open inside a hidden element is ignored)
            if tag in self.hidden:
                while self.hidden and self.hidden.pop() != tag:
                    pass
            return
        if self._visible() and tag in _BLOCK:
            at = self._offset()
            self.out.put("\n\n", at, at)

    def handle_data(self, data: str) -> None:
        if self._visible():
            start = self._offset()
            self.out.keep(start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name};")

    def _ref(self, text: str) -> None:
        if not self._visible():
            return
        start = self._offset()
        raw_end = start + len(text)
        if self.source[start:raw_end] != text:  # entity written without its semicolon
            raw_end -= 1
        self.out.put(html.unescape(text), start, raw_end)

    def _text(self, start: int, end: int) -> None:
        """Visible text inside an attribute value, with its entities decoded."""
        pos = start
        for m in _ENTITY.finditer(self.source, start, end):
            self.out.keep(pos, m.start())
            self.out.put(html.unescape(m.group()), m.start(), m.end())
            pos = m.end()
        self.out.keep(pos, end)


def hiding_selectors(source: str) -> frozenset[str]:
    """The simple selectors (".banner", "#promo", "div.old") that the page's style sheets
    hide with a top-level rule; rules inside ``@media`` and other at-rules hide only on
    some screens, and are left out."""
    found: set[str] = set()
    for block in _STYLE_BLOCK.finditer(source):
        css = _CSS_COMMENT.sub("", block.group(1))
        depth, selector_from, body_from, selector = 0, 0, 0, ""
        for m in re.finditer(r"[{}]", css):
            if m.group() == "{":
                if depth == 0:
                    selector, body_from = css[selector_from:m.start()], m.end()
                depth += 1
                continue
            depth -= 1
            if depth <= 0:
                if depth == 0 and not selector.lstrip().startswith("@") and \
                        _HIDING.search(css[body_from:m.start()]):
                    for one in selector.split(","):
                        simple = _SIMPLE_SELECTOR.match(one)
                        if simple:
                            found.add(simple.group(1) or simple.group(2))
                depth, selector_from = 0, m.end()
    return frozenset(found)


def read_html(source: str, path: str) -> Document:
    reader = _HtmlReader(source)
    reader.feed(_BAD_CHARREF.sub("\x01#", source))
    # What feed() leaves is a construct that runs to the end of the file: a tag, comment,
    # declaration or script never closed, or an entity cut short. Browsers (and Python
    # 3.13.4+) drop the first kind; close() would re-parse the rest from every "<" in it,
    # which takes quadratic time ("<a " * 30000), so it is not called.
    rest = len(source) - len(reader.rawdata)
    if rest < len(source) and not reader.cdata_elem and reader._visible() \
            and not source.startswith("<", rest):
        reader._text(rest, len(source))
    return reader.out.build(path, "html")
