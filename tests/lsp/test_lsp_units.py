"""The server's parts without the protocol: positions, sync, the incremental lint path and
the quick-fix helpers."""

from __future__ import annotations

import random

import pytest
from lsprotocol import types

from linter.documents import read_text
from linter.engine import Linter
from linter.findings import Finding
from linter.lsp import linting
from linter.lsp.code_actions import rewrite_candidates, rewrite_fits
from linter.lsp.linting import DocumentLint, edit_between, is_phrase, move_offset
from linter.lsp.positions import UTF8, UTF16, UTF32, LineIndex
from linter.lsp.sync import OpenDocument

# -- positions ----------------------------------------------------------------------------


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def test_utf16_counts_astral_characters_twice() -> None:
    text = "a😀b\nc"
    index = LineIndex(text, UTF16)
    assert index.position(2) == pos(0, 3)  # after "a😀"
    assert index.offset(pos(0, 3)) == 2
    assert index.position(4) == pos(1, 0)
    assert LineIndex(text, UTF32).position(2) == pos(0, 2)
    assert LineIndex(text, UTF8).position(2) == pos(0, 5)
    assert LineIndex(text, UTF8).offset(pos(0, 5)) == 2


def test_line_breaks_are_lsps() -> None:
    text = "one\r\ntwo\rthree\nfour\u2028still four\x0cand this"
    index = LineIndex(text)
    assert index.starts == [0, 5, 9, 15]
    assert index.position(text.index("still")) == pos(3, 5)
    assert index.position(text.index("and")) == pos(3, 16)
    assert index.line_text(0) == "one" and index.line_break(0) == "\r\n"
    # Between \r and \n is the end of the line's content; past the end clamps.
    assert index.position(4) == pos(0, 3)
    assert index.offset(pos(0, 99)) == 3
    assert index.offset(pos(99, 0)) == len(text)


def test_offsets_round_trip() -> None:
    text = "Émile 😀 said:\r\n  🧴 heals\teczema\n\nend"
    for encoding in (UTF8, UTF16, UTF32):
        index = LineIndex(text, encoding)
        for offset in range(len(text) + 1):
            if text[offset - 1:offset + 1] == "\r\n":
                continue
            assert index.offset(index.position(offset)) == offset


def test_incremental_sync_with_crlf_and_emoji() -> None:
    doc = OpenDocument(uri="untitled:x", text="😀 one\r\ntwo\r\n", version=1,
                       language_id="markdown")
    doc.apply([types.TextDocumentContentChangePartial(
        range=types.Range(start=pos(0, 3), end=pos(0, 6)), text="ONE"),
        types.TextDocumentContentChangePartial(
        range=types.Range(start=pos(1, 3), end=pos(2, 0)), text="!\n")], 2)
    assert doc.text == "😀 ONE\r\ntwo!\n"
    assert doc.version == 2
    doc.apply([types.TextDocumentContentChangeWholeDocument(text="new")], 3)
    assert doc.text == "new"


def test_reader_path_follows_language_for_untitled() -> None:
    doc = OpenDocument(uri="untitled:Untitled-1", text="", version=1, language_id="html")
    assert doc.reader_path.endswith(".html")
    doc = OpenDocument(uri="file:///tmp/a%20b/copy.md", text="", version=1,
                       language_id="markdown")
    assert doc.path == "/tmp/a b/copy.md" and doc.reader_path == "/tmp/a b/copy.md"


# -- the incremental lint path --------------------------------------------------------------

PARAGRAPHS = [
    "# Renewal serum",
    "Our serum heals eczema and calms the look of redness.",
    "Can it cure acne? No. It is a cosmetic.",
    "It reverses aging in days, and results are permanent.",
    "- Contains live stem cells from our lab",
    "- 100% safe for every skin type",
    "Clinically proven to lift.",
    "Made with stem cell conditioned media.",
    "A light, fast-absorbing texture with *shea butter* &amp; squalane.",
    "Some brands claim their creams cure rosacea; ours does not.",
    "Is it FDA approved?",
    "Yes!",
    "Apply morning and evening to clean skin.",
]


def _document(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _phrase(linter: Linter, findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    return sorted((f.code, f.start, f.end, f.message) for f in findings
                  if is_phrase(linter, f))


@pytest.fixture()
def always_incremental(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linting, "WHOLE_LINT_SHARE", 10.0)


def test_incremental_lints_equal_whole_lints(linter: Linter, always_incremental: None) -> None:
    rng = random.Random(5)
    paragraphs = [rng.choice(PARAGRAPHS) for _ in range(40)]
    state = DocumentLint()
    first = read_text(_document(paragraphs), "copy.md")
    assert state.lint(linter, first, 1.0).exact  # the first lint is whole
    for step in range(25):
        i = rng.randrange(len(paragraphs))
        action = step % 5
        if action == 0:
            paragraphs.insert(i, rng.choice(PARAGRAPHS))
        elif action == 1:
            del paragraphs[i]
        elif action == 2:
            paragraphs[i] = paragraphs[i].replace(" ", " really ", 1)
        elif action == 3:
            paragraphs[i] = paragraphs[i] + " " + rng.choice(PARAGRAPHS)
        else:
            paragraphs[i:i + 2] = [paragraphs[i] + " " + rng.choice(PARAGRAPHS)]
        document = read_text(_document(paragraphs), "copy.md")
        outcome = state.lint(linter, document, 1.0)
        whole = linter.lint_document(document)
        assert _phrase(linter, outcome.findings) == _phrase(linter, whole), step
        for f in outcome.findings:
            assert f.start_pos == document.position(f.start)
            assert f.text == document.source[f.start:f.end] or not is_phrase(linter, f)


def test_document_scope_findings_follow_edits_then_whole_lint(linter: Linter) -> None:
    state = DocumentLint()
    text = _document(PARAGRAPHS)
    state.lint_whole(linter, read_text(text, "copy.md"))
    edited = "A new first line.\n\n" + text
    document = read_text(edited, "copy.md")
    outcome = state.lint(linter, document, 1.0)
    whole = linter.lint_document(document)
    assert not outcome.exact
    scope = sorted((f.code, f.start, f.end) for f in outcome.findings
                   if not is_phrase(linter, f))
    assert scope == sorted((f.code, f.start, f.end) for f in whole if not is_phrase(linter, f))
    state.record_whole(linter, document, whole)
    assert sorted(state.lint(linter, document, 1.0).findings, key=lambda f: f.sort_key) \
        == sorted(whole, key=lambda f: f.sort_key)


def test_small_documents_are_always_linted_whole(linter: Linter) -> None:
    state = DocumentLint()
    document = read_text(_document(PARAGRAPHS[:3]), "copy.md")
    state.lint_whole(linter, document)
    assert state.lint(linter, document, 1e-9).exact


def test_edit_between_and_move_offset() -> None:
    assert edit_between("abcdef", "abXYef") == (2, 4, 4)
    assert edit_between("abc", "abc") == (3, 3, 3)
    assert edit_between("aaa", "aaaa") == (3, 3, 4)
    edit = edit_between("hello world", "hello big world")
    assert move_offset(6, edit) == 6
    assert move_offset(8, edit) == 12
    assert move_offset(0, edit) == 0


def test_document_slice_maps_to_the_source() -> None:
    document = read_text("# T\n\nIt *heals* &amp; soothes.\n\nSecond **para**.\n", "a.md")
    start = document.text.index("It")
    end = document.text.index("soothes.") + len("soothes.")
    part = document.slice(start, end)
    assert part.text == "It heals & soothes."
    assert part.source_span(3, 8) == document.source_span(start + 3, start + 8)
    assert document.source[slice(*part.source_span(0, len(part.text)))] \
        == "It *heals* &amp; soothes."
    assert part.position(part.source_start(3)) == document.position(
        document.source_start(start + 3))


# -- quick-fix helpers -------------------------------------------------------------------------


def _finding(source: str, words: str) -> Finding:
    document = read_text(source, "a.md")
    start = source.index(words)
    end = start + len(words)
    return Finding(path="a.md", code="SCM201", name="drug-claim", severity=2,  # type: ignore[arg-type]
                   message="", start=start, end=end, start_pos=document.position(start),
                   end_pos=document.position(end), text=words)


@pytest.mark.parametrize(("source", "words", "candidate", "fits"), [
    ("Our serum heals eczema.", "heals eczema", "helps improve the look of skin", True),
    ("It contains live stem cells.", "contains live stem cells",
     "contains growth factors", True),
    ("Heals eczema.", "Heals eczema", "helps improve the look of skin", False),
    ("The scars fade.", "scars fade", "helps improve the look of skin", False),
    ("It heals eczema in 3 days.", "heals eczema in 3 days", "helps improve", False),
    ("It **heals** eczema.", "**heals** eczema", "helps improve", False),
    ("The best eczema treatment.", "eczema treatment", "helps improve", False),
])
def test_rewrite_fits(source: str, words: str, candidate: str, fits: bool) -> None:
    assert rewrite_fits(_finding(source, words), candidate, source) is fits


def test_rewrite_candidates_skip_numbers_and_sentences(linter: Linter) -> None:
    for rule in linter.rulebook.rules:
        for candidate in rewrite_candidates(rule):
            assert candidate[0].islower()
            assert not any(ch.isdigit() for ch in candidate)


def test_record_after_clear_is_dropped(linter: Linter) -> None:
    state = DocumentLint()
    document = read_text(_document(PARAGRAPHS), "copy.md")
    generation = state.generation
    findings = linter.lint_document(document)
    state.clear()  # e.g. the configuration changed while that lint ran
    state.record_whole(linter, document, findings, generation)
    assert state.lint(linter, document, 1.0).exact  # nothing was recorded: a whole lint


def test_server_options_are_read_leniently() -> None:
    from linter.lsp.server import ServerOptions

    options = ServerOptions.parse({"debounce": 40, "wholeDelay": "x", "market": "EU",
                                   "select": "SCM2, SCM1", "ruleUrl": "https://d/{code}",
                                   "colour": "blue", "claimsets": None})
    assert options.debounce == 0.04
    assert options.overrides.market == "eu"
    assert options.overrides.select == ("SCM2", "SCM1")
    assert options.overrides.claimsets is None
    assert options.rule_url == "https://d/{code}"
    assert [p.split("'")[1] for p in options.problems] == ["wholeDelay", "colour"]
    assert ServerOptions.parse(["nonsense"]).problems
    assert ServerOptions.parse(None).problems == []


def test_disclosure_templates_do_not_satisfy_their_rule_until_completed(
        linter: Linter) -> None:
    base = "Our serum contains stem cell conditioned media.\n\n"
    templates = {r.code: r.template for r in linter.rulebook.rules if r.template}
    assert templates, "the bundled disclosure rules carry templates"
    for code, template in templates.items():
        found = {f.code for f in linter.lint_text(base + template + "\n", "a.md")}
        assert code in found, f"{code}'s template satisfies it before it is filled in"


def _suppressed(linter: Linter, text: str, path: str = "a.md") -> str | None:
    """The text after the "Suppress SCM201 on this line" fix, or None when not offered."""
    from lsp_helpers import apply_edits

    from linter.lsp.code_actions import code_actions
    from linter.suppress import BUILTIN_RULES

    document = read_text(text, path)
    findings = [f for f in linter.lint_document(document) if f.code == "SCM201"]
    assert findings, text
    index = LineIndex(text)
    rules = {r.code: r for r in BUILTIN_RULES} | dict(linter.rulebook.by_code)
    actions = code_actions("file:///a", 1, document, findings, rules, index,
                           index.range(findings[0].start, findings[0].end), "x:{code}")
    fix = [a for a in actions if a.title == "Suppress SCM201 on this line"]
    if not fix:
        return None
    assert fix[0].edit is not None and fix[0].edit.document_changes
    (change,) = fix[0].edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    return apply_edits(text, list(change.edits))


@pytest.mark.parametrize(("text", "path", "expected"), [
    ("Intro\r\n\r\nIt heals eczema.\r\n", "a.md",
     "Intro\r\n\r\n<!-- claimlint-disable-next-line SCM201 -->\r\nIt heals eczema.\r\n"),
    ("| a | b |\n|---|---|\n| y | soft |\n| x | heals eczema |\n", "a.md",
     "| a | b |\n|---|---|\n| y | soft | <!-- claimlint-disable-next-line SCM201 -->\n"
     "| x | heals eczema |\n"),
    ("- soft\n- heals eczema\n", "a.md",
     "- soft <!-- claimlint-disable-next-line SCM201 -->\n- heals eczema\n"),
    ("```\ncode\n```\nIt heals eczema.\n", "a.md",
     "```\ncode\n```\n<!-- claimlint-disable-next-line SCM201 -->\nIt heals eczema.\n"),
    ("<p>\n  It heals eczema.\n</p>\n", "a.html",
     "<p>\n  <!-- claimlint-disable-next-line SCM201 -->\n  It heals eczema.\n</p>\n"),
])
def test_suppression_comment_placement(linter: Linter, text: str, path: str,
                                       expected: str) -> None:
    assert _suppressed(linter, text, path) == expected


def test_no_suppression_where_a_comment_would_break_the_markup(linter: Linter) -> None:
    text = '<img src="a.png"\n     alt="Our serum heals eczema">\n'
    assert _suppressed(linter, text, "a.html") is None  # inside a tag
    text = "| a | b |\n|---|---|\n| x | heals eczema |\n"
    assert _suppressed(linter, text, "a.md") is None  # a table's first row


def test_unused_suppression_fix_keeps_the_codes_still_needed(linter: Linter) -> None:
    from lsp_helpers import apply_edits

    from linter.config import Config
    from linter.lsp.code_actions import code_actions
    from linter.runner import finish
    from linter.suppress import BUILTIN_RULES

    text = ("<!-- claimlint-disable-next-line SCM201, SCM208 -- legal ok -->\n"
            "It heals eczema.\n")
    document = read_text(text, "a.md")
    findings = finish(document, linter.lint_document(document), linter, Config.default())
    (unused,) = [f for f in findings if f.code == "CL100"]
    index = LineIndex(text)
    rules = {r.code: r for r in BUILTIN_RULES} | dict(linter.rulebook.by_code)
    (action,) = code_actions("file:///a", 1, document, findings, rules, index,
                             index.range(unused.start, unused.end), "x:{code}")
    assert action.title == "Remove SCM208 from the suppression comment"
    assert action.edit is not None and action.edit.document_changes
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert apply_edits(text, list(change.edits)).startswith(
        "<!-- claimlint-disable-next-line SCM201 -- legal ok -->\n")
