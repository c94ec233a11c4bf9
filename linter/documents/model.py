"""The one document model every reader produces: visible text plus a map back to the file."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from linter.findings import Position

# Characters that would split or hide a word from the matchers. One-to-one replacements keep
# offsets exact; deletions and expansions are recorded in the segment map.
_ONE_TO_ONE = {0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",
               0x201C: '"', 0x201D: '"', 0x201E: '"', 0x00A0: " ", 0x2007: " ", 0x202F: " ",
               0x2010: "-", 0x2011: "-", 0x00AD: None}
_ONE_TO_ONE.update({c: " " for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0D)})
_ONE_TO_ONE.update({c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})  # fullwidth ASCII
_ONE_TO_ONE[0x3000] = " "
_TRANSLATE = {k: v for k, v in _ONE_TO_ONE.items() if v is not None}
_SPECIAL = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # invisible: dropped
    "\ufb00-\ufb06]"  # ligatures: expanded
)
_NEEDS_WORK = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\u00a0\u00ad\u2007\u2010\u2011\u2018-\u201e\u2032\u202f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufb00-\ufb06\u3000\uff01-\uff5e]"
)
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _visible(text: str) -> str:
    """``text`` as its reader shows it, for measuring: invisible characters dropped,
    ligatures expanded (a zero-width space makes no line or word longer)."""
    if not _SPECIAL.search(text):
        return text
    return _SPECIAL.sub(lambda m: _LIGATURES.get(m.group(), ""), text)


# a line break or tab with the blanks around it, or two or more spaces (written so that
# each alternative opens with a character class: re skips ahead to one at C speed)
_IRREGULAR_SPACE = re.compile(r"[\t\r\n\f\v][ \t\r\n\f\v]*"
                              r"|[ \t]+(?:[\t\r\n\f\v][ \t\r\n\f\v]*|(?<= ) +)")

# spaCy's tokenizer takes quadratic time over a run of characters it splits off one by one
# (100,000 brackets: many minutes). No copy has such a run, so long ones are cut with a
# space that stands for no source text: every PUNCT_RUN symbols, every WORD_RUN characters.
PUNCT_RUN = 32
WORD_RUN = 256
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{PUNCT_RUN + 1},}}")  # (tried at word starts only)
_LONG_PUNCT = re.compile(rf"(?:[^\w\s]|_){{{PUNCT_RUN + 1},}}")


def _long_run_cuts(text: str) -> list[int]:
    cuts: set[int] = set()
    for m in _LONG_WORD.finditer(text):
        start, end = m.span()
        for p in _LONG_PUNCT.finditer(text, start, end):
            cuts.update(range(p.start() + PUNCT_RUN, p.end(), PUNCT_RUN))
        cuts.update(range(start + WORD_RUN, end, WORD_RUN))
    return sorted(cuts)


WORD_LIMIT = 40  # a word this long never fits on a wrapped line: no need to count further
_WORD = re.compile(rf"\S{{0,{4 * WORD_LIMIT}}}")
WRAP_SLACK = 12  # characters short of the column a wrapped line may end
FIT_SLACK = 2  # text wrapped by hand breaks a little early: a word that would just fit
MIN_WRAP_COLUMN = 40  # narrower text is a list or a caption, however even its lines
WRAPPED_SHARE = 0.4  # lines that must come near the column for the text to be wrapped
OVER_COLUMN_SHARE = 0.05  # lines that may run past the column of wrapped text


def _wrap_column(source: str) -> tuple[int, bool]:
    """The column hard-wrapped text breaks at: its widest line, when several lines come
    close to it, and whether that is certain. Text whose long lines are one-offs
    (captions, label panels) is not wrapped at all: 0 means every line break ends a line."""
    lengths = sorted((len(line.rstrip()) for line in _visible(source).splitlines()
                      if line.strip()), reverse=True)
    if not lengths:
        return 0, False
    if len(lengths) < 3:  # too short to tell: a long line may wrap
        return lengths[0], False
    # hard-wrapped paragraphs fill their lines to within a word of the column; a few
    # lines may run past it (a URL, a paragraph pasted unwrapped), but then the column is
    # not certain enough to join a line that starts with a capital (fixed-width table rows
    # fill their lines too)
    over = max(1, int(len(lengths) * OVER_COLUMN_SHARE))
    for k, widest in enumerate(lengths[:over + 1]):
        near = sum(widest - WRAP_SLACK <= length <= widest for length in lengths)
        if near >= 3 and near >= WRAPPED_SHARE * len(lengths):
            return widest, k == 0 and widest >= MIN_WRAP_COLUMN
    return 0, False


class TextBuilder:
    """Builds visible text from pieces of the source, remembering where each piece came from.

    Whitespace is normalised on the way in so that the tokenizer never sees a whitespace
    token inside a sentence: a run of spaces or a line wrap followed by a lower-case word
    becomes one space; a blank line, a block boundary or a line starting with anything else
    becomes one newline, which the sentence splitter treats as a break.
    """

    def __init__(self, source: str, wrap_width: int = 0, measure: bool = False) -> None:
        self.source = source
        #: a line shorter than this never wraps into the next one (plain text: captions,
        #: label panels and lists put one statement on each line)
        self.wrap_width = wrap_width
        #: the longest line, when the text is hard-wrapped (``measure``: markdown, whose
        #: paragraphs may be wrapped too): a line wrapped if the next word would not fit
        self._widest, self._certain = _wrap_column(source) if wrap_width or measure \
            else (0, False)
        self._line_start = 0
        self._parts: list[str] = []
        self._length = 0
        self._last = "\n"  # the text starts as if after a break
        self._vis: list[int] = []  # visible start of each segment
        self._src: list[int] = []  # source start
        self._src_end: list[int] = []
        self._exact: list[bool] = []
        self._pending: tuple[int, int, int] | None = None  # (newlines, src start, src end)

    def _segment(self, text: str, src_start: int, src_end: int, exact: bool) -> None:
        if not text:
            return
        if self._pending is not None:
            self._flush(text[0])
        if text[0] == " " and self._last in " \n":
            text, src_start = text[1:], src_start + 1
            if not text:
                return
        if (exact and self._exact and self._exact[-1]
                and self._src_end[-1] == src_start):
            self._src_end[-1] = src_end  # contiguous: extend the previous segment
        else:
            self._vis.append(self._length)
            self._src.append(src_start)
            self._src_end.append(src_end)
            self._exact.append(exact)
        self._parts.append(text)
        self._length += len(text)
        self._last = text[-1]
        if "\n" in text:
            self._line_start = self._length - len(text) + text.rindex("\n") + 1

    def _space(self, newlines: int, src_start: int, src_end: int) -> None:
        if self._pending is None:
            self._pending = (newlines, src_start, src_end)
        else:
            count, start, _ = self._pending
            self._pending = (count + newlines, start, src_end)

    def _flush(self, following: str) -> None:
        assert self._pending is not None
        newlines, start, end = self._pending
        self._pending = None
        width = self._length - self._line_start
        # a line that filled hard-wrapped text to its column goes on in the next, whatever
        # case that starts with ("... Mesenchymal Stem Cell" / "Conditioned Media, 3% ...")
        full = bool(self._widest) and \
            width + 1 + self._word_at(end) > self._widest - FIT_SLACK
        lower = following.islower() or following.isdigit()
        # (a capital goes on only where several lines show the text is wrapped)
        word = lower or (full and self._certain and following.isupper())
        wrapped = (self._last.isalnum() or self._last in ",;-–(") and word and (
            (full and width >= self.wrap_width) if self.wrap_width else True)
        text = "\n" if newlines >= 2 or (newlines == 1 and not wrapped) else " "
        if self._last in " \n" and (text == " " or self._last == "\n"):
            return
        self._segment(text, start, end, False)

    def _word_at(self, pos: int) -> int:
        """The visible length of the word that starts at source position ``pos``."""
        word = _WORD.match(self.source, pos)
        return min(len(_visible(word.group())), WORD_LIMIT) if word else 0

    def _emit(self, chunk: str, start: int, exact: bool = True) -> None:
        """Emit source-aligned text, turning irregular whitespace into pending space."""
        pos = 0
        for m in _IRREGULAR_SPACE.finditer(chunk):
            self._segment(chunk[pos:m.start()], start + pos, start + m.start(), exact)
            self._space(m.group().count("\n") or m.group().count("\r"),
                        start + m.start(), start + m.end())
            pos = m.end()
        self._segment(chunk[pos:], start + pos, start + len(chunk), exact)

    def keep(self, start: int, end: int) -> None:
        """Copy source[start:end] into the visible text, normalising invisible characters."""
        if start >= end:
            return
        chunk = self.source[start:end]
        if not _NEEDS_WORK.search(chunk):
            self._emit(chunk, start)
            return
        chunk = chunk.translate(_TRANSLATE)  # same length, offsets stay exact
        pos = 0
        for m in _SPECIAL.finditer(chunk):
            self._emit(chunk[pos:m.start()], start + pos)
            expansion = _LIGATURES.get(m.group())
            if expansion:
                self._segment(expansion, start + m.start(), start + m.end(), False)
            pos = m.end()
        self._emit(chunk[pos:], start + pos)

    def put(self, text: str, start: int, end: int) -> None:
        """Insert text that stands for source[start:end] (an entity, a block break)."""
        text = text.translate(_TRANSLATE)
        if not text.strip():
            self._space(2 if "\n" in text else 0, start, end)
        else:
            self._segment(text, start, end, False)

    def build(self, path: str, kind: str) -> Document:
        self._pending = None  # trailing whitespace is not copy
        text = "".join(self._parts)
        cuts = _long_run_cuts(text)
        if cuts:
            text = self._cut(text, cuts)
        return Document(
            path=path, kind=kind, source=self.source, text=text,
            _vis=self._vis, _src=self._src, _src_end=self._src_end, _exact=self._exact,
        )

    def _cut(self, text: str, cuts: list[int]) -> str:
        """Insert a space at each visible offset in ``cuts`` (before the segment, where
        one falls inside a segment that is not source-aligned); returns the new text."""
        parts: list[str] = []
        vis: list[int] = []
        src: list[int] = []
        src_end: list[int] = []
        exact: list[bool] = []
        length = 0

        def add(piece: str, start: int, end: int, is_exact: bool) -> None:
            nonlocal length
            vis.append(length)
            src.append(start)
            src_end.append(end)
            exact.append(is_exact)
            parts.append(piece)
            length += len(piece)

        bounds = [*self._vis, len(text)]
        k = 0
        for i, is_exact in enumerate(self._exact):
            seg_start, seg_end = bounds[i], bounds[i + 1]
            start, end = self._src[i], self._src_end[i]
            pos = seg_start
            while k < len(cuts) and cuts[k] < seg_end:
                cut = cuts[k] if is_exact else pos
                k += 1
                if cut > pos:
                    add(text[pos:cut], start + pos - seg_start, start + cut - seg_start, True)
                    pos = cut
                if parts and parts[-1] != " ":
                    at = start + pos - seg_start if is_exact else start
                    add(" ", at, at, False)
            if pos < seg_end:
                add(text[pos:seg_end], start + pos - seg_start if is_exact else start, end,
                    is_exact)
        self._parts, self._vis, self._src, self._src_end, self._exact = \
            parts, vis, src, src_end, exact
        return "".join(parts)


@dataclass
class Document:
    """A file as the linter sees it.

    ``text`` is the visible copy (markup, code and comments removed); every visible offset
    maps back to an offset in ``source``, the decoded file, which is what findings report.
    """

    path: str
    kind: str
    source: str
    text: str
    _vis: list[int] = field(repr=False)
    _src: list[int] = field(repr=False)
    _src_end: list[int] = field(repr=False)
    _exact: list[bool] = field(repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def source_start(self, visible: int) -> int:
        """Source offset of the character at visible offset ``visible``."""
        i = bisect_right(self._vis, visible) - 1
        if i < 0:
            return 0
        if self._exact[i]:
            return min(self._src[i] + visible - self._vis[i], self._src_end[i])
        return self._src[i]

    def source_end(self, visible_end: int) -> int:
        """Source offset just after the character at visible offset ``visible_end - 1``."""
        i = bisect_left(self._vis, visible_end) - 1
        if i < 0:  # an empty span at the start: where the first character comes from
            return self._src[0] if self._src else 0
        if self._exact[i]:
            return min(self._src[i] + visible_end - self._vis[i], self._src_end[i])
        return self._src_end[i]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.source_start(start), self.source_end(end)

    def slice(self, start: int, end: int) -> Document:
        """The visible text ``text[start:end]`` as a document of its own that still maps
        to this document's source (so its findings carry this file's offsets and lines).

        The language server lints the paragraphs around an edit this way instead of the
        whole file."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        vis: list[int] = []
        src: list[int] = []
        src_end: list[int] = []
        exact: list[bool] = []
        first = max(0, bisect_right(self._vis, start) - 1)
        for i in range(first, len(self._vis)):
            seg_start = self._vis[i]
            if seg_start >= end:
                break
            seg_end = self._vis[i + 1] if i + 1 < len(self._vis) else len(self.text)
            if seg_end <= start:
                continue
            cut = max(seg_start, start)
            vis.append(cut - start)
            src.append(self._src[i] + (cut - seg_start if self._exact[i] else 0))
            src_end.append(self._src_end[i])
            exact.append(self._exact[i])
        return Document(path=self.path, kind=self.kind, source=self.source,
                        text=self.text[start:end], _vis=vis, _src=src, _src_end=src_end,
                        _exact=exact, _line_starts=self.line_starts)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.source)]
        return self._line_starts

    def position(self, offset: int) -> Position:
        """1-based line and column (in characters) of a source offset."""
        line = bisect_right(self.line_starts, offset) - 1
        return Position(line + 1, offset - self.line_starts[line] + 1)

    def offset(self, line: int, column: int) -> int:
        """Source offset of a 1-based line and column (the inverse of :meth:`position`)."""
        starts = self.line_starts
        line = max(1, min(line, len(starts)))
        return min(starts[line - 1] + column - 1, len(self.source))
