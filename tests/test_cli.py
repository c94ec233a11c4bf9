"""The command line: the JSON contract, exit codes, paths as given, stdin, folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from linter.cli import app

CLAIM = "Our serum heals eczema.\n"
CLEAN = "A light gel that leaves skin looking smoother.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_json(runner, args, **kw):
    result = runner.invoke(app, ["check", "--format", "json", *args], **kw)
    return result, json.loads(result.stdout)


def test_json_prints_one_finding_per_line_and_errors_after(runner, tmp_path):
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(CLAIM + "It cures acne.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(tmp_path / "a.md"),
                                 str(tmp_path / "b.md"), str(tmp_path / "missing.md")])
    data = json.loads(result.stdout)
    lines = result.stdout.splitlines()
    assert data["summary"]["findings"] == len(data["findings"]) >= 4
    assert [json.loads(line.strip().rstrip(",")) for line in lines
            if line.lstrip().startswith('{"path"') and '"code"' in line] == data["findings"]
    assert [e["path"] for e in data["errors"]] == [str(tmp_path / "missing.md")]
    empty = runner.invoke(app, ["check", "--format", "json", str(tmp_path / "missing.md")])
    assert json.loads(empty.stdout)["findings"] == []


def test_json_contract(runner, tmp_path, monkeypatch):
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "serum.md").write_text("# Serum\n\n" + CLAIM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result, data = run_json(runner, ["copy/serum.md"])
    assert result.exit_code == 1
    assert data["version"] == 1
    assert data["summary"] == {"files": 1, "findings": 1}
    (f,) = data["findings"]
    assert set(f) == {"path", "code", "name", "severity", "message", "line", "column",
                      "end_line", "end_column", "text", "suggestion", "evidence"}
    assert f["path"] == "copy/serum.md"  # as given: relative stays relative
    assert (f["code"], f["name"], f["severity"]) == ("SCM201", "drug-claim", "error")
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (3, 11, 3, 23)
    assert f["text"] == "heals eczema"
    assert f["evidence"] and {"source", "quote"} <= set(f["evidence"][0])


def test_clean_copy_exits_0(runner, tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert "no problems" in result.stdout


def test_text_output_shows_location_words_and_help(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(CLAIM, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:1:11: SCM201 ")
    assert "^^^^^^^^^^^^" in lines[2]
    assert "help:" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_folders_are_walked_for_copy_files_only(runner, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.html").write_text(f"<p>{CLAIM}</p>", encoding="utf-8")
    (tmp_path / "a" / "b" / "three.py").write_text("heals = 'eczema'", encoding="utf-8")
    _, data = run_json(runner, [str(tmp_path / "a")])
    assert sorted(os.path.basename(f["path"]) for f in data["findings"]) == ["one.md", "two.html"]


def test_stdin_with_a_filename(runner):
    _result, data = run_json(runner, ["-", "--stdin-filename", "page.html"],
                            input=f"<p>{CLAIM}</p>")
    assert data["findings"][0]["path"] == "page.html"
    assert data["findings"][0]["column"] == 14


def test_bad_input_is_reported_and_the_run_goes_on(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(CLAIM, encoding="utf-8")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\xff" * 200)
    result, data = run_json(runner, [str(binary), str(tmp_path / "missing.md"), str(good)])
    assert result.exit_code == 2
    assert [f["code"] for f in data["findings"]] == ["SCM201"]
    assert {e["path"] for e in data["errors"]} == {str(binary), str(tmp_path / "missing.md")}


@pytest.mark.parametrize("args, code", [
    (["--select", "SCM1"], 0),
    (["--ignore", "SCM201"], 0),
    (["--select", "SCM201"], 1),
    (["--fail-on", "error"], 1),
])
def test_select_ignore_fail_on(runner, tmp_path, args, code):
    path = tmp_path / "a.txt"
    path.write_text(CLAIM, encoding="utf-8")
    assert runner.invoke(app, ["check", *args, str(path)]).exit_code == code


def test_warnings_pass_with_fail_on_error(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Results guaranteed.\n", encoding="utf-8")
    assert runner.invoke(app, ["check", str(path)]).exit_code == 1
    assert runner.invoke(app, ["check", "--fail-on", "error", str(path)]).exit_code == 0


def test_market_option(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("With 5% human cord stem cell conditioned media from screened donors.",
                    encoding="utf-8")
    _, us = run_json(runner, [str(path)])
    _, eu = run_json(runner, ["--market", "eu", str(path)])
    assert "SCM301" not in [f["code"] for f in us["findings"]]
    assert "SCM301" in [f["code"] for f in eu["findings"]]


def test_usage_errors_exit_2(runner):
    assert runner.invoke(app, ["check", "--format", "xml", "x"]).exit_code == 2
    assert runner.invoke(app, ["check", "--market", "mars", "x"]).exit_code == 2


def test_rules_and_explain(runner):
    rules = runner.invoke(app, ["rules"])
    assert rules.exit_code == 0
    assert all(f"SCM{n}" in rules.stdout for n in (101, 102, 103, 201, 209, 301))
    explained = runner.invoke(app, ["explain", "scm202"])
    assert explained.exit_code == 0
    assert "# SCM202 live-cells-claim" in explained.stdout
    assert "## Evidence" in explained.stdout and "## Compliant rewrite" in explained.stdout
    assert runner.invoke(app, ["explain", "XYZ999"]).exit_code == 2


def test_console_script_runs_as_a_module(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(CLAIM, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "linter", "check", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "SCM201" in proc.stdout
