"""Inline suppressions: what they silence, what they report when they silence nothing or
cannot be read, in Markdown, HTML and plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from integration_helpers import cli, write

from linter import suppress
from linter.config import Config
from linter.documents import read_text
from linter.engine import Linter, LintOptions
from linter.findings import Finding, Severity
from linter.runner import finish


@pytest.fixture(scope="module")
def engine() -> Linter:
    return Linter()


def lint(engine: Linter, text: str, path: str = "copy.md",
         config: Config | None = None) -> list[Finding]:
    document = read_text(text, path)
    return finish(document, engine.lint_document(document), engine,
                  config or Config.default())


def found(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.start_pos.line, f.code) for f in findings]


# --- what is silenced -----------------------------------------------------------------

def test_unsuppressed_baseline(engine: Linter) -> None:
    assert found(lint(engine, "Heals acne.\n\nIt is 100% safe.\n")) == [
        (1, "SCM201"), (3, "SCM208")]


def test_next_line_in_markdown_silences_only_that_line_and_code(engine: Linter) -> None:
    text = ("<!-- claimlint-disable-next-line SCM201 -- approved by legal -->\n"
            "Heals acne. It is 100% safe.\n\nHeals acne again.\n")
    assert found(lint(engine, text)) == [(2, "SCM208"), (4, "SCM201")]


def test_next_line_without_codes_silences_everything_on_the_line(engine: Linter) -> None:
    text = "Intro.\n<!-- claimlint-disable-next-line -->\nHeals acne. It is 100% safe.\n"
    assert lint(engine, text) == []


def test_next_line_in_html(engine: Linter) -> None:
    text = ("<p>Heals acne.</p>\n<!-- claimlint-disable-next-line SCM201, SCM208 -->\n"
            "<p>Heals acne. It is 100% safe.</p>\n")
    assert found(lint(engine, text, "page.html")) == [(1, "SCM201")]


def test_block_with_codes_and_enable(engine: Linter) -> None:
    text = ("<!-- claimlint-disable SCM201 SCM208 -->\n"
            "Heals acne. It is 100% safe.\n\n"
            "<!-- claimlint-enable SCM201 -->\n"
            "Heals acne. It is 100% safe.\n\n"
            "<!-- claimlint-enable SCM208 -->\n"
            "It is 100% safe.\n")
    assert found(lint(engine, text)) == [(5, "SCM201"), (8, "SCM208")]


def test_bare_block_runs_to_enable_or_end_of_file(engine: Linter) -> None:
    text = ("<!-- claimlint-disable -->\nHeals acne.\n<!-- claimlint-enable -->\n"
            "Heals acne.\n<!-- claimlint-disable -->\nIt is 100% safe.\n\nHeals acne.\n")
    assert found(lint(engine, text)) == [(4, "SCM201")]


def test_plain_text_hash_comment(engine: Linter) -> None:
    text = ("# claimlint-disable-next-line SCM201\nThis serum heals acne.\n"
            "# claimlint-disable SCM208 -- the safety claim was reviewed\n"
            "It is 100% safe.\n# claimlint-enable\nIt is 100% safe.\n")
    assert found(lint(engine, text, "copy.txt")) == [(6, "SCM208")]


def test_plain_text_directive_words_are_not_copy(engine: Linter) -> None:
    text = "# claimlint-disable-next-line SCM201 -- heals acne is fine here\nHeals acne.\n"
    assert lint(engine, text, "copy.txt") == []


def test_a_markdown_heading_is_not_a_directive(engine: Linter) -> None:
    text = "# claimlint-disable-next-line SCM201\nHeals acne.\n"
    assert found(lint(engine, text, "copy.md")) == [(2, "SCM201")]


def test_comments_shown_as_code_in_markdown_are_not_directives(engine: Linter) -> None:
    text = ("Write `<!-- claimlint-disable -->` to silence a block.\n\n"
            "```html\n<!-- claimlint-disable-next-line SCM201 -->\nHeals acne.\n```\n\n"
            "~~~~\n<!-- claimlint-disable -->\n~~~\nstill code\n~~~~\nHeals acne.\n")
    assert found(lint(engine, text)) == [(13, "SCM201")]
    assert suppress.directives(read_text(text, "a.md")) == []


def test_document_scope_findings_can_be_silenced_for_the_file(engine: Linter) -> None:
    text = "<!-- claimlint-disable SCM101, SCM102 -->\nWith stem cell conditioned media.\n"
    assert {f.code for f in lint(engine, text)} == {"SCM103"}


# --- what is reported ---------------------------------------------------------------------

def test_unused_suppression_is_reported_with_its_span(engine: Linter) -> None:
    text = "Intro.\n\n<!-- claimlint-disable-next-line SCM204 -->\nHeals acne.\n"
    findings = lint(engine, text)
    assert found(findings) == [(3, "CL100"), (4, "SCM201")]
    cl = findings[0]
    assert cl.severity is Severity.WARNING and cl.name == "unused-suppression"
    assert cl.message == "unused suppression: SCM204 is not reported here"
    assert cl.text == "<!-- claimlint-disable-next-line SCM204 -->"
    assert (cl.start_pos.column, cl.end_pos.line, cl.end_pos.column) == (1, 3, 44)


def test_partly_used_suppression_names_the_unused_codes(engine: Linter) -> None:
    text = "<!-- claimlint-disable-next-line SCM201, SCM204, SCM208 -->\nHeals acne.\n"
    (cl,) = lint(engine, text)
    assert cl.message == "unused suppression: SCM204, SCM208 are not reported here"
    assert cl.suggestion == "Remove SCM204, SCM208 from the comment."


def test_bare_unused_suppression(engine: Linter) -> None:
    (cl,) = lint(engine, "<!-- claimlint-disable -->\nA gentle cream.\n")
    assert (cl.code, cl.message) == ("CL100", "unused suppression: no finding is reported here")


@pytest.mark.parametrize(("comment", "message"), [
    ("<!-- claimlint-disable-nextline SCM201 -->",
     "unknown directive claimlint-disable-nextline (use claimlint-disable-next-line, "
     "claimlint-disable, claimlint-enable)"),
    ("<!-- claimlint-disabled -->", "unknown directive claimlint-disabled"),
    ("<!-- claimlint-disable-next-line SCM2O1 -->", "'SCM2O1' is not a rule code"),
    ("<!-- claimlint-disable-next-line SCM999 -->",
     "unknown rule code SCM999 (`claimlint rules` lists them)"),
    ("<!-- claimlint-disable-next-line SCM201 legal said so -->",
     "'legal' is not a rule code; write codes such as SCM201, and put any reason after ' -- '"),
])
def test_unreadable_suppressions_are_cl101_and_silence_nothing(
        engine: Linter, comment: str, message: str) -> None:
    findings = lint(engine, f"{comment}\nHeals acne.\n")
    assert found(findings) == [(1, "CL101"), (2, "SCM201")]
    assert findings[0].message.startswith(message)
    assert findings[0].severity is Severity.ERROR


def test_enable_without_disable_and_partial_enable_of_a_bare_block(engine: Linter) -> None:
    (cl,) = lint(engine, "A gentle cream.\n<!-- claimlint-enable SCM201 -->\n")
    assert cl.code == "CL100"
    assert cl.message == "claimlint-enable SCM201 has no open claimlint-disable SCM201 block"
    findings = lint(engine, "<!-- claimlint-disable -->\nHeals acne.\n"
                            "<!-- claimlint-enable SCM201 -->\nHeals acne.\n")
    assert found(findings) == [(3, "CL101")]
    assert "cannot end part of a claimlint-disable block without codes" in findings[0].message


def test_codes_that_did_not_run_are_not_unused(engine: Linter) -> None:
    eu_only = "<!-- claimlint-disable SCM301 -->\nA gentle cream.\n"
    assert lint(engine, eu_only) == []  # SCM301 runs only for market eu
    selected = Linter(LintOptions(select=("SCM201",)))
    text = "<!-- claimlint-disable-next-line SCM208 -->\nA gentle cream.\n"
    assert lint(selected, text) == []  # SCM208 is not selected, and neither is CL100


def test_per_file_ignored_codes_are_not_unused(engine: Linter, tmp_path: Path) -> None:
    cfg = Config(root=tmp_path, per_file_ignores=(("*.md", ("SCM208",)),))
    text = "<!-- claimlint-disable-next-line SCM208 -->\nIt is 100% safe.\n"
    assert lint(engine, text, str(tmp_path / "a.md"), cfg) == []


def test_ignoring_cl100_hides_unused_reports(engine: Linter) -> None:
    quiet = Linter(LintOptions(ignore=("CL100",)))
    assert lint(quiet, "<!-- claimlint-disable -->\nA gentle cream.\n") == []


def test_apply_api_without_the_runner() -> None:
    document = read_text("<!-- claimlint-disable-next-line X -->\nHeals.\n", "a.md")
    finding = Finding("a.md", "SCM201", "drug-claim", Severity.ERROR, "m", 39, 45,
                      document.position(39), document.position(45), "Heals.")
    invalid, kept = suppress.apply(document, [finding])
    assert (invalid.code, invalid.start_pos.line, kept) == ("CL101", 1, finding)
    assert suppress.apply(document, [finding], report=()) == [finding]
    assert [d.verb for d in suppress.directives(document)] == ["disable-next-line"]
    assert suppress.next_line_comment(document, ["SCM201", "SCM204"]) == \
        "<!-- claimlint-disable-next-line SCM201, SCM204 -->"
    text_doc = read_text("x\n", "a.txt")
    assert suppress.next_line_comment(text_doc, ["SCM201"]) == \
        "# claimlint-disable-next-line SCM201"


# --- through the CLI ----------------------------------------------------------------------

def test_cl100_in_json_output_and_exit_status(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.md", "<!-- claimlint-disable-next-line SCM201 -->\nA gentle cream.\n")
    result = cli("check", "--format", "json", "a.md")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    (finding,) = data["findings"]
    assert finding == {
        "path": "a.md", "code": "CL100", "name": "unused-suppression", "severity": "warning",
        "message": "unused suppression: SCM201 is not reported here", "line": 1,
        "column": 1, "end_line": 1, "end_column": 44,
        "text": "<!-- claimlint-disable-next-line SCM201 -->",
        "suggestion": "Remove the comment.", "evidence": []}
    assert cli("check", "a.md", "--ignore", "CL100").exit_code == 0


def test_rules_and_explain_list_the_builtin_rules() -> None:
    listing = cli("rules").stdout
    assert "CL100  unused-suppression" in listing and "CL101  invalid-suppression" in listing
    explained = cli("explain", "cl101")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("# CL101 invalid-suppression")
