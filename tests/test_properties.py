"""Property-based tests: for any input, the readers' offset maps and the engine's findings
point at the right characters of the original file."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter.documents import Document, UnreadableInput, read_bytes, read_text
from linter.documents.model import _LIGATURES, _TRANSLATE
from linter.engine import Linter
from linter.findings import Position

SUFFIXES = ("a.txt", "a.md", "a.html")

# Pieces of Markdown and HTML, whitespace and Unicode tricks, and claim words, glued together
# at random: the readers see unbalanced tags, comments, fences and entities in any order.
FRAGMENTS = [
    # claims and copy
    "heals eczema", "Our serum heals eczema.", "treats acne", "FDA approved", "100% safe",
    "clinically proven", "reverses aging", "contains live stem cells",
    "Human Adipocyte Conditioned Media Extract", "e.g.", "et al.", "Dr. Smith", "No.",
    "Can it cure acne? No.", "not ", "may help ", " and ", ", ", ".", "!", "?", "(", ")",
    '"', "'", "5%", "[1]", "†",
    # HTML
    "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<br>", "<br/>", "<li>", "</ul>",
    '<img alt="heals eczema">', "<img alt='a &amp; b' src=x>", "<img alt=heals>",
    "<script>heals eczema</script>", "<style>p{}</style>", "<title>", "</title>",
    "<head>", "</head>", "<svg>", "</svg>", "<svg/>", "<template>", "<![CDATA[", "]]>",
    "<!DOCTYPE html>", "<?xml version='1.0'?>", "<a href='x'>", "</a>", "<", ">", "</",
    "<p class=\"x\"", "<!-- heals eczema -->", "<!--", "-->", "<!-- claimlint: ignore -->",
    # entities
    "&amp;", "&nbsp;", "&#104;", "&#x68;eals", "&amp", "&", "&#0;", "&#xFFFFFF;", "&bogus;",
    "&lt;b&gt;", "&#8203;",
    # Markdown
    "```", "```\n", "~~~\n", "`", "``", "*", "**", "_", "__", "~~", "[", "]", "](http://x)",
    "](<x> \"t\")", "![", "# ", "## ", "> ", "- ", "1. ", "---\n", "+++\n", "***\n", "|",
    " | --- |\n", "\\*", "\\", "[1]: http://x\n", "<https://x.y>", "    ",
    # line breaks and whitespace
    "\r\n", "\n", "\n\n", "\r", "\t", "  ", " ", "\f", "\v", "\u2028", "\u0085",
    # Unicode tricks
    "\ufeff", "\u200b", "\u200c", "\u200d", "\u200e", "\u202e", "\u202c", "\u2066", "\u2069",
    "\u2060", "\u00ad", "ｈｅａｌｓ", "ｅｃｚｅｍａ", "\u3000", "ﬁ", "ﬄ", "\u00a0", "’", "“",
    "\u2011", "\x00", "\x1b", "é", "e\u0301", "😀", "İ", "ß", "ǅ",
]

fragment_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40,
).map("".join)
# markup soup: the characters parsers branch on, in any order ("<![(" once crashed the
# HTML reader), and long runs of symbols (which the tokenizer splits in quadratic time)
SOUP = ["<", "<!", "<![", "<?", "</", "<!--", "-->", ">", "]]>", "]", "[", "(", ")", "&#", "&",
        ";", "x", "A", " ", "\n", "\r", "'", '"', "=", "`", "*", "_", "|", "\\", "-", "/", ":"]
soup_text = st.one_of(
    st.text(alphabet="".join(c for c in SOUP if len(c) == 1), max_size=300),
    st.lists(st.sampled_from(SOUP), min_size=5, max_size=120).map("".join),
)
any_text = st.one_of(st.text(max_size=200), fragment_text, soup_text)

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def check_map(document: Document) -> None:
    """The visible-text-to-source map: inside the source, monotonic, and exact where it
    says so (each visible character comes from the source characters it maps to)."""
    source, text = document.source, document.text
    assert document.path and document.kind
    previous = (0, 0)
    for v in range(len(text)):
        start, end = document.source_start(v), document.source_end(v + 1)
        assert 0 <= start <= end <= len(source), (v, start, end)
        assert (start, end) >= previous, (v, previous, (start, end))
        previous = (start, end)
        if not text[v].isspace():
            # a visible character is never conjured from nothing
            assert end > start, (v, text[v])
        if end - start == 1 and not text[v].isspace():
            # one source character: the visible one is it, normalised (or a ligature's part)
            char = source[start]
            assert text[v] == char.translate(_TRANSLATE) or text[v] in _LIGATURES.get(char, ""), \
                (v, text[v], char)
    whole = document.source_span(0, len(text))
    assert 0 <= whole[0] <= whole[1] <= len(source)


@given(source=any_text, name=st.sampled_from(SUFFIXES))
@example(source="<div>" * 50 + "heals eczema", name="a.html")
@example(source="```\nheals eczema\n```\nheals eczema", name="a.md")
@example(source="\ufeffhe\u200bals\r\nｅｃｚｅｍａ", name="a.txt")
@example(source="<p>heals</p><![ oops ]> heals", name="a.html")
@example(source="<b>](</b>" * 40 + "heals" + "*&amp;" * 70 + "x" * 600, name="a.html")
@PROPERTY
def test_reader_map_is_inside_and_monotonic(source, name):
    document = read_text(source, name)
    assert document.source == source
    check_map(document)


@given(source=any_text)
@PROPERTY
def test_position_round_trips_with_offset(source):
    document = read_text(source, "a.txt")
    offsets = range(len(source) + 1)
    for offset in offsets:
        pos = document.position(offset)
        assert pos.line >= 1 and pos.column >= 1
        assert document.offset(pos.line, pos.column) == offset
        line_start = document.line_starts[pos.line - 1]
        assert line_start <= offset
        # no line break strictly inside [line_start, offset), except the \r of a \r\n
        # that ends the line exactly at offset
        inside = source[line_start:offset]
        assert "\n" not in inside
        assert "\r" not in inside[:-1]
    # every line start is a position with column 1
    for number, start in enumerate(document.line_starts, 1):
        assert document.position(start) == Position(number, 1)


@given(data=st.binary(max_size=300), name=st.sampled_from(SUFFIXES))
@example(data=b"\xff\xfe" + "heals".encode("utf-16-le") + b"\x00", name="a.txt")
@example(data=b"\xef\xbb\xbf\xef\xbb\xbfheals", name="a.md")
@PROPERTY
def test_any_bytes_are_read_or_refused_with_a_reason(data, name):
    try:
        document = read_bytes(data, name)
    except UnreadableInput as exc:
        assert str(exc)
        return
    check_map(document)


def check_findings(document: Document, findings) -> None:
    source = document.source
    for f in findings:
        assert 0 <= f.start < f.end <= len(source), f
        assert f.text == source[f.start:f.end]
        assert f.path == document.path
        assert (f.start_pos, f.end_pos) == (document.position(f.start),
                                            document.position(f.end))
        assert document.offset(f.start_pos.line, f.start_pos.column) == f.start
        assert document.offset(f.end_pos.line, f.end_pos.column) == f.end
        # the words the rule matched are at the span's ends, not whitespace or markup only
        assert f.text.strip(), f


@given(source=any_text, name=st.sampled_from(SUFFIXES))
@example(source="Our serum heals eczema.", name="a.txt")
@example(source="<p>Our serum he<b>als</b> eczema &amp; acne</p>", name="a.html")
@example(source="ｈｅａｌｓ ｅｃｚｅｍａ\r\nhe\u200bals eczema\r\n", name="a.md")
@PROPERTY
def test_findings_point_at_the_source(linter, source, name):
    document = read_text(source, name)
    check_findings(document, linter.lint_document(document))


@given(sources=st.lists(st.tuples(fragment_text, st.sampled_from(SUFFIXES)), min_size=1,
                        max_size=4))
@settings(max_examples=40, deadline=None)
def test_batches_keep_each_documents_findings(linter, sources):
    documents = [read_text(text, name) for text, name in sources]
    results = list(linter.lint_documents(documents))
    assert [d for d, _ in results] == documents
    for document, findings in results:
        check_findings(document, findings)
        assert findings == linter.lint_document(document)  # batching changes nothing


@given(source=fragment_text, name=st.sampled_from(SUFFIXES), data=st.data())
@settings(max_examples=60, deadline=None)
def test_slices_map_into_the_same_source(linter, source, name, data):
    document = read_text(source, name)
    n = len(document.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    part = document.slice(start, end)
    assert part.text == document.text[start:end]
    assert part.source is document.source
    check_map(part)
    for v in range(len(part.text)):
        assert part.source_start(v) == document.source_start(start + v)
    check_findings(part, linter.lint_document(part))


CLAIMS = ["heals eczema", "treats acne", "FDA approved", "completely safe", "reverses aging",
          "clinically proven", "Our serum", "regenerates tissue"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
             "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
             "\u2069"]


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def disguised(draw, word: str) -> str:
    """``word`` with fullwidth letters and invisible characters between its letters."""
    out = []
    for i, char in enumerate(word):
        if char.isalpha() and draw(st.booleans()):
            char = fullwidth(char)
        out.append(char)
        if 0 < i + 1 < len(word) and word[i].isalpha() and word[i + 1].isalpha() \
                and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


@given(data=st.data(), name=st.sampled_from(SUFFIXES),
       pieces=st.lists(st.one_of(st.sampled_from(FRAGMENTS),
                                 st.sampled_from(CLAIMS).map(lambda c: (c,))), max_size=20))
@PROPERTY
def test_unicode_disguises_change_nothing(linter, data, name, pieces):
    """Fullwidth letters and zero-width or bidirectional controls inside a claim's words
    leave the visible text, and so the findings, as they were ("ｈｅａｌｓ" is "heals")."""
    plain, tricked = [], []
    for piece in pieces:
        if isinstance(piece, tuple):  # a claim: padded, so it never joins markup
            word = piece[0]
            trick = data.draw(disguised(word))
            plain.append(f" {word} ")
            tricked.append(f" {trick} ")
        else:
            plain.append(piece)
            tricked.append(piece)
    original = read_text("".join(plain), name)
    disguised_doc = read_text("".join(tricked), name)
    assert disguised_doc.text == original.text
    found = linter.lint_document(disguised_doc)
    check_findings(disguised_doc, found)
    assert [f.code for f in found] == [f.code for f in linter.lint_document(original)]


HTML_TEXT = st.text(alphabet="ab heals;&#x1\n\r\t", max_size=12)  # no "<", no "Z"
HTML_PIECES = [
    "<p>", "</p>", "<div class='a'>", "</div>", "<b>", "</b>", "<br>", "<img alt='heals'>",
    "<script>ZZ heals eczema</script>", "<style>ZZ{}</style>", "<!-- ZZ heals -->",
    "<template>ZZ</template>", "<head><title>t</title><meta x='ZZ'></head>", "<!DOCTYPE html>",
    "&amp;", "&#104;", "&#;", "&#", "&#x;", "&# ", "&bogus;", "&amp", "< ", "a < b",
    "<svg>ZZ</svg>", "<a href='ZZ'>", "</a>", "<![CDATA[ZZ]]>", "<?ZZ?>",
]


@given(pieces=st.lists(st.one_of(HTML_TEXT, st.sampled_from(HTML_PIECES)), max_size=30))
@example(pieces=["<p>5 &# 6</p>", "<script>ZZ</script>", "<b>heals</b>"])
@PROPERTY
def test_html_markup_and_hidden_text_never_show(pieces):
    """Whatever text surrounds them, complete tags, comments, scripts and styles stay out of
    the visible text (a stray "&#" once made HTMLParser hand the rest of the file over as
    text, markup and all)."""
    document = read_text("".join(pieces), "a.html")
    check_map(document)
    assert "ZZ" not in document.text
    assert not re.search(r"<[A-Za-z/!?]", document.text)


MD_LINE = st.text(alphabet="ab heals*_[]()!#>-|\\&;1", max_size=15)  # no "`", "<", "~", "Z"
MD_BLOCKS = [
    "```\nZZ heals eczema\n```", "~~~~ js\nZZ\n~~~~", "<!-- ZZ heals -->", "<!--\nZZ\n-->",
    "a `ZZ heals` b", "``ZZ ` ZZ``", "[1]: http://ZZ", "[a](http://ZZ \"ZZ\")", "<https://ZZ>",
    "<span title='ZZ'>", "---", "# heals", "> heals", "- heals", "| a | b |", "| --- | :-: |",
]


@given(lines=st.lists(st.one_of(MD_LINE, st.sampled_from(MD_BLOCKS)), max_size=20),
       newline=st.sampled_from(["\n", "\r\n", "\r"]))
@PROPERTY
def test_markdown_code_comments_and_urls_never_show(lines, newline):
    document = read_text(newline.join(lines), "a.md")
    check_map(document)
    assert "ZZ" not in document.text
