"""``--format github``: workflow-command annotations, escaped as the runner expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from integration_helpers import cli, write

from linter.findings import Finding, Position, Severity
from linter.report.github import annotation, escape_data, escape_property

START, END = Position(2, 13), Position(2, 23)


def make(message: str = "m", start: Position = START, end: Position = END,
         severity: Severity = Severity.ERROR, path: str = "copy/a.md",
         suggestion: str | None = None) -> Finding:
    return Finding(path, "SCM201", "drug-claim", severity, message, 0, 1, start, end, "x",
                   suggestion)


def test_cli_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "copy/a.txt", "Intro.\n  Our cream heals acne.\nIt is 100% safe.\n")
    result = cli("check", "--format", "github", "copy")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=copy/a.txt,line=2,col=13,endLine=2,endColumn=22,"
                               "title=SCM201 drug-claim::\"heals acne\" ")
    assert lines[1].startswith("::warning file=copy/a.txt,line=3,col=7,endLine=3,"
                               "endColumn=15,title=SCM208 absolute-safety::")
    assert len(lines) == 2
    assert "%0A" in lines[0]  # the suggestion follows on a second line of the annotation


def test_escaping() -> None:
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"
    line = annotation(make('50% "better",\nnow', path="we,ird:name.md",
                           suggestion="Say: less"))
    assert line == ("::error file=we%2Cird%3Aname.md,line=2,col=13,endLine=2,endColumn=22,"
                    "title=SCM201 drug-claim::50%25 \"better\",%0Anow%0ASay: less")


@pytest.mark.parametrize(("severity", "command"), [
    (Severity.ERROR, "::error "), (Severity.WARNING, "::warning "),
    (Severity.INFO, "::notice ")])
def test_severity_commands(severity: Severity, command: str) -> None:
    assert annotation(make(severity=severity)).startswith(command)


def test_multi_line_span_has_no_end_column() -> None:
    line = annotation(make(start=Position(3, 5), end=Position(4, 9)))
    assert "line=3,col=5,endLine=4,title=" in line
    # a span that ends just after a line break ends on the previous line
    line = annotation(make(start=Position(3, 5), end=Position(4, 1)))
    assert "line=3,col=5,endLine=3,title=" in line


def test_unreadable_input_is_an_error_annotation(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--format", "github", "gone.md")
    assert result.exit_code == 2
    assert result.stdout == "::error file=gone.md,title=unreadable input::no such file\n"

