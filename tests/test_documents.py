"""Readers: visible text, and every visible offset mapped back to the original file."""

from __future__ import annotations

import re

import pytest

from linter.documents import UnreadableInput, read_bytes, read_path, read_text


def words(document):
    """(visible word, the source text it maps back to, its position) for every word."""
    for m in re.finditer(r"\w+", document.text):
        start, end = document.source_span(m.start(), m.end())
        yield m.group(), document.source[start:end], document.position(start)


def test_plain_text_positions_are_one_based_characters():
    doc = read_text("First line\nSecond heals é line\n", "a.txt")
    found = {w: pos for w, _, pos in words(doc)}
    assert (found["heals"].line, found["heals"].column) == (2, 8)
    assert (found["line"].line, found["line"].column) == (2, 16)  # é is one character


def test_crlf_counts_as_one_line_break():
    doc = read_text("one\r\ntwo heals\r\nthree", "a.txt")
    pos = {w: p for w, _, p in words(doc)}
    assert (pos["heals"].line, pos["heals"].column) == (2, 5)
    assert (pos["three"].line, pos["three"].column) == (3, 1)


def test_bom_is_not_a_column():
    doc = read_bytes("\ufeffheals acne".encode(), "a.txt")
    assert doc.text.startswith("heals")
    assert doc.position(doc.source_start(0)).column == 1


def test_utf16_with_bom_is_read():
    doc = read_bytes("heals acne".encode("utf-16"), "a.txt")
    assert doc.text == "heals acne"


@pytest.mark.parametrize("data, reason", [
    (b"\x00\x01\x02\x03" * 100, "binary"),
    (b"caf\xe9 cr\xe8me", "UTF-8"),
])
def test_unreadable_input_says_why(data, reason):
    with pytest.raises(UnreadableInput, match=reason):
        read_bytes(data, "a.txt")


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableInput, match="no such file"):
        read_path(str(tmp_path / "nope.md"))


def test_soft_wraps_join_and_line_breaks_split():
    doc = read_text("It heals\nacne fast\nContains SCCM", "a.md")
    assert doc.text == "It heals acne fast\nContains SCCM"


def test_a_full_line_of_wrapped_text_goes_on_even_before_a_capital():
    para = ("Revive is a once-daily ampoule made in Korea with 2% Human Umbilical Cord Stem\n"
            "Cell Conditioned Media, 3% niacinamide and a blend of amino acids for the skin.\n"
            "It is fragrance-free, vegan, and made for dry skin that needs some extra care in\n"
            "winter, when the air indoors is warm and very dry, and skin feels tight all day.\n")
    for path in ("a.md", "a.txt"):
        assert "Stem Cell Conditioned" in read_text(para, path).text
    # two lines are too few to tell: the capital starts a line of its own
    short = "Customer: hi quick question what is the stem cell stuff in the serum made from\n" \
            "Agent: Hi there, happy to help."
    assert read_text(short, "a.txt").text.count("\n") == 1


def test_a_long_line_of_its_own_does_not_hide_the_wrap_column():
    # one unwrapped line (a pasted paragraph, a URL) runs past the column of the others
    text = ("- Neither product is approved by the FDA; cosmetics aren't approved before\n"
            "  sale, and both are made in small batches in our lab outside the city.\n"
            "Orchard Cream is vegan and suits people who prefer plant-based formulas today.\n"
            "Read more: https://example.com/a/very/long/link/that/nobody/would/ever/wrap/at"
            "/all/because/it/is/a/link\n"
            "Orchard Cream and Field Serum are cosmetics. They are not intended to\n"
            "diagnose, treat, cure or prevent any disease.\n")
    assert "not intended to diagnose" in read_text(text, "a.txt").text
    # ... but rows of a fixed-width table fill their lines too: a capital still starts one
    rows = ("Secretome Glow Facial (human cord secretome) .............. 290,000\n"
            "Microneedling + Secretome Infusion ......................... 450,000\n"
            "Booster Shot, full face .................................... 380,000\n"
            "Note: prices in KRW, VAT included; packages and memberships are listed at the desk.\n")
    assert read_text(rows, "a.txt").text.count("\n") >= 3


def test_struck_through_text_is_deleted_copy():
    assert read_text("~~Heals eczema overnight.~~ Soothes the look of redness.", "a.md").text \
        == "Soothes the look of redness."
    assert read_text("a ~~lone marker stays\n", "a.md").text == "a lone marker stays"
    html = "<p><del>Heals eczema.</del> Soothes <s>cures</s><strike>x</strike> redness.</p>"
    assert read_text(html, "a.html").text == "Soothes redness."


def test_a_quotation_goes_on_over_its_lines():
    doc = read_text("> There's no evidence a topical\n> wakes up your stem cells.\n", "a.md")
    assert doc.text == "There's no evidence a topical wakes up your stem cells."


def test_plain_text_wraps_only_long_lines():
    wrapped = "Our new serum is made for dry and sensitive skin, and it heals\nacne fast.\n"
    assert "heals acne" in read_text(wrapped, "a.txt").text
    caption = "no parabens, no fillers\nthese drops are basically live stem cells\n"
    assert read_text(caption, "a.txt").text.splitlines() == [
        "no parabens, no fillers", "these drops are basically live stem cells"]


def test_plain_text_with_one_off_long_lines_does_not_wrap():
    # captions: each line is a statement, however long; the next word would have fitted
    caption = ("it's clinically proven btw so it's not just me being dramatic, honestly wow\n"
               "100% safe for my super sensitive skin\n"
               "short line\nanother short line\n")
    assert read_text(caption, "a.txt").text.splitlines()[1] == (
        "100% safe for my super sensitive skin")


def test_invisible_characters_do_not_change_where_plain_text_wraps():
    # line and word widths are measured on the visible text: a zero-width space inside a
    # word once made its line look long enough to end the statement
    plain = "heals eczema" * 3 + " heals eczema [1]: http://x\nheals eczema"
    disguised = plain.replace(" heals eczema [", " " + "\u200b".join("heals eczem") + "a [")
    assert read_text(disguised, "a.txt").text == read_text(plain, "a.txt").text


def test_markdown_tables_keep_their_cell_boundaries():
    doc = read_text("| Alpine rose cell culture | Human stem cells |\n", "a.md")
    assert "culture | Human" in doc.text


def test_invisible_characters_and_fullwidth_letters_are_normalised():
    source = "he\u200bals and ｈｅａｌｓ with \ufb01ne"
    doc = read_text(source, "a.txt")
    assert doc.text == "heals and heals with fine"
    mapped = [src for _, src, _ in words(doc)]
    assert mapped == ["he\u200bals", "and", "ｈｅａｌｓ", "with", "\ufb01ne"]


def test_markdown_hides_front_matter_code_comments_and_urls():
    source = (
        "---\ntitle: heals acne\n---\n"
        "# The **serum** heals\n\n"
        "See [our study](https://example.com/heals) and `heals code`.\n"
        "```\nheals in code\n```\n"
        "<!-- heals in a comment -->\n"
        "- item with ![alt heals](img.png)\n"
    )
    doc = read_text(source, "a.md")
    assert "title" not in doc.text
    assert "code" not in doc.text
    assert "comment" not in doc.text
    assert "example.com" not in doc.text
    assert "The serum heals" in doc.text
    assert "our study" in doc.text
    assert "alt heals" in doc.text
    for word, src, _ in words(doc):
        assert src == word


def test_markdown_keeps_a_lone_footnote_star():
    doc = read_text("Clinically shown* to help.\n\n*In a study of 20 people.\n", "a.md")
    assert "shown*" in doc.text
    assert "*In a study" in doc.text


def test_html_visible_text_entities_alt_and_hidden_elements():
    source = (
        "<html><head><title>Serum</title><style>p{}</style></head>\r\n"
        "<body><p>Heals&nbsp;acne &amp; more</p>\n"
        '<img src="x.png" alt="Cures &amp; rosacea"><script>heals()</script>\n'
        "<!-- heals --><p>Unclosed <b>bold"
    )
    doc = read_text(source, "a.html")
    assert "Heals acne & more" in doc.text
    assert "Cures & rosacea" in doc.text
    assert "heals()" not in doc.text and "p{}" not in doc.text
    assert "Unclosed bold" in doc.text
    pos = {w: p for w, _, p in words(doc)}
    assert (pos["Cures"].line, pos["Cures"].column) == (3, 23)
    start = doc.text.index("acne & more")
    a, b = doc.source_span(start, start + len("acne & more"))
    assert doc.source[a:b] == "acne &amp; more"


def test_html_elements_a_page_hides_are_not_copy():
    source = (
        "<html><head><style>/* old */ .legacy { display: none; }\n"
        "@media (max-width: 600px) { .wide { display: none } }\n"
        "#promo, div.gone { visibility: hidden }</style></head><body>\n"
        '<div class="x legacy" aria-hidden="true">Heals eczema<p>nested<div>deeper</div></div>\n'
        "<p>Shown one.</p><div hidden>hidden <br> text</div>"
        '<p style="color: red; display:none">inline</p>\n'
        '<span class="wide">narrow screens hide this</span><section id="promo">promo</section>'
        '<div class="gone">gone</div><img hidden src="x" alt="hidden alt">'
        '<img src="y" alt="shown alt"><p>End.</p></body></html>'
    )
    doc = read_text(source, "a.html")
    assert doc.text == "Shown one.\nnarrow screens hide this\nshown alt\nEnd."


def test_html_blocks_are_sentence_breaks():
    doc = read_text("<ul><li>heals acne</li><li>contains SCCM</li></ul>", "a.html")
    assert doc.text == "heals acne\ncontains SCCM"


def test_deeply_nested_html_does_not_recurse():
    doc = read_text("<div>" * 20000 + "heals acne" + "</div>" * 20000, "a.html")
    assert doc.text.strip() == "heals acne"


def test_offset_is_the_inverse_of_position():
    doc = read_text("ab\r\ncdé\nf", "a.txt")
    for offset in range(len(doc.source)):
        p = doc.position(offset)
        assert doc.offset(p.line, p.column) == offset
