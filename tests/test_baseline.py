"""The baseline: record today's findings, report only new ones, robust to moved lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from integration_helpers import BAD_TXT, cli, cli_json, write

from linter import baseline
from linter.findings import Finding, Position, Severity
from linter.yamlload import ConfigError


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_write_baseline_records_findings_and_exits_0(tmp_path: Path) -> None:
    write(tmp_path, "copy/a.txt", BAD_TXT)
    result = cli("check", "copy", "--write-baseline", "claimlint-baseline.json")
    assert result.exit_code == 0, result.output
    assert "wrote 2 findings to the baseline claimlint-baseline.json" in result.stderr
    data = json.loads((tmp_path / "claimlint-baseline.json").read_text())
    assert data["version"] == 1 and data["tool"] == "claimlint"
    entries = {(e["path"], e["code"], e["text"]) for e in data["findings"]}
    assert entries == {("copy/a.txt", "SCM201", "heals acne"),
                       ("copy/a.txt", "SCM208", "100% safe")}
    assert all(len(e["fingerprint"]) == 32 for e in data["findings"])


def test_baseline_hides_known_findings_even_when_lines_move(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BAD_TXT)
    assert cli("check", "a.txt", "--write-baseline", "base.json").exit_code == 0
    status, data = cli_json("a.txt", "--baseline", "base.json")
    assert (status, data["findings"]) == (0, [])
    # copy moves down, text around it changes, spacing and case of the claim change
    path.write_text("New intro paragraph.\n\nMore words here.\n"
                    "This serum   HEALS acne!\nAnd it is 100% safe.\n", encoding="utf-8")
    status, data = cli_json("a.txt", "--baseline", "base.json")
    assert (status, data["findings"]) == (0, [])


def test_new_findings_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BAD_TXT)
    cli("check", "a.txt", "--write-baseline", "base.json")
    path.write_text(BAD_TXT + "It is FDA approved.\nIt also heals acne.\n", encoding="utf-8")
    status, data = cli_json("a.txt", "--baseline", "base.json")
    assert status == 1
    # the second "heals acne" is a new occurrence; the FDA claim is new
    assert [(f["line"], f["code"]) for f in data["findings"]] == [(3, "SCM203"),
                                                                 (4, "SCM201")]


def test_paths_are_relative_to_the_baseline_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "site/copy/a.txt", BAD_TXT)
    monkeypatch.chdir(tmp_path / "site")
    cli("check", "copy/a.txt", "--write-baseline", "../base.json")
    data = json.loads((tmp_path / "base.json").read_text())
    assert {e["path"] for e in data["findings"]} == {"site/copy/a.txt"}
    monkeypatch.chdir(tmp_path)  # another working directory, another spelling of the path
    status, result = cli_json("./site/copy/a.txt", "--baseline", "base.json")
    assert (status, result["findings"]) == (0, [])


def test_fingerprint_api() -> None:
    def finding(text: str, line: int) -> Finding:
        return Finding("a.md", "SCM201", "drug-claim", Severity.ERROR, "m", 0, 1,
                       Position(line, 1), Position(line, 2), text)

    first = baseline.fingerprints([finding("Heals  Acne", 1), finding("heals acne", 9)], ".")
    moved = baseline.fingerprints([finding("heals acne", 40), finding("HEALS ACNE", 41)], ".")
    assert first == moved and first[0] != first[1]


@pytest.mark.parametrize(("content", "message"), [
    (None, "base.json: baseline file not found (create it with --write-baseline)"),
    ('{"version": 1,\n "tool": "claimlint",\n "findings": [}', "base.json:3: invalid "
                                                                "baseline JSON"),
    ('{"findings": []}', "base.json: not a claimlint baseline"),
    ('{"version": 7, "tool": "claimlint", "findings": []}',
     "base.json: unsupported baseline version 7"),
    ('{"version": 1, "tool": "claimlint", "findings": [{"code": "SCM201"}]}',
     'base.json: findings[0] has no "fingerprint" string'),
])
def test_baseline_errors_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    write(tmp_path, "a.txt", BAD_TXT)
    if content is not None:
        write(tmp_path, "base.json", content)
    result = cli("check", "a.txt", "--baseline", "base.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claimlint: error: {message}")
    assert result.stdout == ""


def test_baseline_and_write_baseline_together_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BAD_TXT)
    write(tmp_path, "base.json", '{"version": 1, "tool": "claimlint", "findings": []}')
    result = cli("check", "a.txt", "--baseline", "base.json", "--write-baseline", "b.json")
    assert result.exit_code == 2
    assert "--baseline and --write-baseline cannot be used together" in result.stderr


def test_unwritable_baseline_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BAD_TXT)
    result = cli("check", "a.txt", "--write-baseline", "no/such/dir/base.json")
    assert result.exit_code == 2 and "cannot write baseline" in result.stderr


def test_load_api_raises_config_error(tmp_path: Path) -> None:
    write(tmp_path, "base.json", "[]")
    with pytest.raises(ConfigError, match="not a claimlint baseline"):
        baseline.load(tmp_path / "base.json")
