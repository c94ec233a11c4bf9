"""Configuration: discovery, every key's effect, command-line overrides, and the errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from integration_helpers import BAD_TXT, cli, cli_json, codes, write

from linter import config
from linter.yamlload import ConfigError

HOUSE_CLAIMSET = """\
claimlint: 1
id: house
title: House words
rules:
  - code: HSE101
    name: banned-word
    kind: claim
    severity: warning
    summary: a word the house style bans
    message: '"{text}" is banned by the house style.'
    patterns:
      - "wonderbalm"
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config.clear_cache()


# --- discovery --------------------------------------------------------------------------

def test_pyproject_table_is_found_from_a_nested_file(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.claimlint]\n'
                                      'ignore = ["SCM201"]\n')
    write(tmp_path, "copy/deep/a.txt", BAD_TXT)
    status, data = cli_json("copy/deep/a.txt")
    assert codes(data) == ["SCM208"]
    assert status == 1


def test_yaml_config_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.claimlint]\nignore = ["SCM201"]\n')
    write(tmp_path, ".claimlint.yaml", "ignore: [SCM208]\n")
    write(tmp_path, "a.txt", BAD_TXT)
    assert codes(cli_json("a.txt")[1]) == ["SCM201"]


def test_nearest_config_wins_and_pyproject_without_table_is_passed_over(
        tmp_path: Path) -> None:
    write(tmp_path, ".claimlint.yaml", "ignore: [SCM208]\n")
    write(tmp_path, "site/pyproject.toml", '[project]\nname = "site"\n')  # no table
    write(tmp_path, "site/a.txt", BAD_TXT)
    write(tmp_path, "legal/.claimlint.yaml", "ignore: [SCM201]\n")
    write(tmp_path, "legal/b.txt", BAD_TXT)
    data = cli_json("site/a.txt", "legal/b.txt")[1]
    assert [(f["path"], f["code"]) for f in data["findings"]] == [
        ("site/a.txt", "SCM201"), ("legal/b.txt", "SCM208")]


def test_stdin_uses_the_config_of_its_stdin_filename(tmp_path: Path) -> None:
    write(tmp_path, "legal/.claimlint.yaml", "ignore: [SCM201]\n")
    result = cli("check", "--format", "json", "-", "--stdin-filename", "legal/new.txt",
                 input=BAD_TXT)
    assert '"SCM208"' in result.stdout and '"SCM201"' not in result.stdout


def test_load_for_api_caches_and_sees_edits(tmp_path: Path) -> None:
    cfg = write(tmp_path, ".claimlint.yaml", "market: eu\nfail-on: error\n")
    first = config.load_for(tmp_path / "x" / "a.md")
    assert first.path == cfg and first.root == tmp_path
    assert config.load_for(tmp_path / "b.md") is first  # cached
    options = first.lint_options(model=None)
    assert (options.market, first.fail_on) == ("eu", "error")
    cfg.write_text("market: kr\nselect: [SCM2]\n# longer now\n", encoding="utf-8")
    second = config.load_for(tmp_path / "b.md")
    assert second.market == "kr" and second.select == ("SCM2",)
    assert second.lint_options().select == ("SCM2",)


def test_defaults_when_no_config(tmp_path: Path) -> None:
    found = config.load_for(tmp_path / "a.md")
    assert found.path is None and found.market == "us" and found.fail_on == "warning"


# --- keys ---------------------------------------------------------------------------------

def test_select_and_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, ".claimlint.yaml",
          "select: [SCM2]\nper-file-ignores:\n  'legal/**': [SCM208]\n  '*.md': SCM201\n")
    write(tmp_path, "legal/x/a.txt", BAD_TXT)
    write(tmp_path, "b.md", BAD_TXT + "\nThe serum has stem cell conditioned media.\n")
    write(tmp_path, "c.txt", BAD_TXT)
    data = cli_json(".")[1]
    assert [(f["path"], f["code"]) for f in data["findings"]] == [
        ("./b.md", "SCM208"), ("./c.txt", "SCM201"), ("./c.txt", "SCM208"),
        ("./legal/x/a.txt", "SCM201")]  # select SCM2 drops the SCM1xx disclosures of b.md
    cfg = config.load_for(tmp_path / "legal/x/a.txt")
    assert cfg.ignored_codes_for(tmp_path / "legal/x/a.txt") == ("SCM208",)
    assert cfg.ignored_codes_for("b.md") == ("SCM201",)


def test_market_and_fail_on(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.claimlint]\nmarket = "eu"\nfail-on = "error"\n')
    write(tmp_path, "a.txt", "It is 100% safe.\n")
    status, data = cli_json("a.txt")
    assert codes(data) == ["SCM208"] and status == 0  # a warning under fail-on error
    write(tmp_path, "eu.txt", "Our cream contains 5% human adipose stem cell conditioned "
                              "media from screened donors aged 20 to 30.\n")
    assert "SCM301" in codes(cli_json("eu.txt")[1])
    assert "SCM301" not in codes(cli_json("eu.txt", "--market", "us")[1])


def test_extra_claimsets_relative_to_the_config_file(tmp_path: Path) -> None:
    write(tmp_path, "style/house.yaml", HOUSE_CLAIMSET)
    write(tmp_path, "site/.claimlint.yaml", "claimsets: [../style/house.yaml]\n")
    write(tmp_path, "site/a.txt", "Try our wonderbalm tonight.\n")
    status, data = cli_json("site/a.txt")
    assert codes(data) == ["HSE101"] and status == 1


def test_include_and_exclude(tmp_path: Path) -> None:
    write(tmp_path, ".claimlint.yaml",
          "include: ['*.md', '*.mdx']\nexclude: [drafts, 'legal/old-*.md']\n")
    write(tmp_path, "a.mdx", BAD_TXT)
    write(tmp_path, "b.txt", BAD_TXT)  # not included any more
    write(tmp_path, "drafts/c.md", BAD_TXT)
    write(tmp_path, "legal/old-d.md", BAD_TXT)
    write(tmp_path, "legal/e.md", BAD_TXT)
    data = cli_json(".")[1]
    assert sorted({f["path"] for f in data["findings"]}) == ["./a.mdx", "./legal/e.md"]
    # excluded files stay excluded when named (pre-commit passes every file by name)
    data = cli_json("drafts/c.md", "legal/old-d.md", "b.txt")[1]
    assert {f["path"] for f in data["findings"]} == {"b.txt"}
    assert data["summary"]["files"] == 1


def test_a_folder_is_excluded_by_the_config_above_it(tmp_path: Path) -> None:
    write(tmp_path, ".claimlint.yaml", "exclude: [drafts]\n")
    write(tmp_path, "drafts/.claimlint.yaml", "market: us\n")
    write(tmp_path, "drafts/c.md", BAD_TXT)
    write(tmp_path, "a.md", BAD_TXT)
    data = cli_json(".")[1]
    assert {f["path"] for f in data["findings"]} == {"./a.md"}


# --- overrides and options ----------------------------------------------------------------

def test_command_line_options_override_the_file(tmp_path: Path) -> None:
    write(tmp_path, ".claimlint.yaml", "ignore: [SCM201]\nfail-on: error\n")
    write(tmp_path, "a.txt", BAD_TXT)
    assert codes(cli_json("a.txt")[1]) == ["SCM208"]
    status, data = cli_json("a.txt", "--ignore", "SCM208")
    assert codes(data) == ["SCM201"] and status == 1
    assert cli_json("a.txt", "--ignore", "SCM201", "--fail-on", "warning")[0] == 1
    assert cli_json("a.txt", "--ignore", "SCM201")[0] == 0


def test_config_option_and_no_config(tmp_path: Path) -> None:
    write(tmp_path, ".claimlint.yaml", "ignore: [SCM201]\n")
    write(tmp_path, "elsewhere/strict.yaml", "ignore: [SCM208]\n")
    write(tmp_path, "a.txt", BAD_TXT)
    assert codes(cli_json("a.txt", "--config", "elsewhere/strict.yaml")[1]) == ["SCM201"]
    assert codes(cli_json("a.txt", "--no-config")[1]) == ["SCM201", "SCM208"]
    result = cli("check", "a.txt", "--config", "x.yaml", "--no-config")
    assert result.exit_code == 2 and "cannot be used together" in result.stderr


# --- errors -------------------------------------------------------------------------------

def _error(tmp_path: Path, name: str, text: str, *args: str) -> str:
    write(tmp_path, name, text)
    write(tmp_path, "a.txt", BAD_TXT)
    result = cli("check", "a.txt", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr.strip()


@pytest.mark.parametrize(("name", "text", "expected"), [
    (".claimlint.yaml", "market: us\nfail_on: error\n",
     ".claimlint.yaml:2: fail_on: unknown key (did you mean 'fail-on'?)"),
    (".claimlint.yaml", "market: fr\n",
     ".claimlint.yaml:1: market: 'fr' is not one of us, eu, kr, jp"),
    (".claimlint.yaml", "\nselect: SCM-201\n",
     ".claimlint.yaml:2: select: 'SCM-201' is not a rule code or prefix"),
    (".claimlint.yaml", "ignore: [SCM999]\n",
     ".claimlint.yaml:1: ignore: 'SCM999' matches no rule code"),
    (".claimlint.yaml", "include: {a: 1}\n",
     ".claimlint.yaml:1: include: must be a list of strings, not a table"),
    (".claimlint.yaml", "per-file-ignores:\n  '*.md': [SCM201]\n  'x/*': [SCM_201]\n",
     ".claimlint.yaml:3: per-file-ignores 'x/*': 'SCM_201' is not a rule code or prefix"),
    (".claimlint.yaml", "claimsets: [missing.yaml]\n",
     ".claimlint.yaml:1: claimsets: no such claimset file 'missing.yaml'"),
    (".claimlint.yaml", "fail-on: [error\n", ".claimlint.yaml:2: invalid YAML"),
    (".claimlint.yaml", "- a\n- b\n", ".claimlint.yaml:1: the file must be a table"),
    ("pyproject.toml", '[tool.claimlint]\nmarket = "us"\nfail-on = "fatal"\n',
     "pyproject.toml:3: [tool.claimlint] fail-on: 'fatal' is not one of error, warning, info"),
    ("pyproject.toml", '[tool.claimlint]\n\n"selct" = ["SCM2"]\n',
     "pyproject.toml:3: [tool.claimlint] selct: unknown key (did you mean 'select'?)"),
    ("pyproject.toml", '[tool.claimlint]\nmarket = \n',
     "pyproject.toml:2: invalid TOML"),
])
def test_config_errors_name_file_line_and_key(tmp_path: Path, name: str, text: str,
                                              expected: str) -> None:
    assert _error(tmp_path, name, text).startswith(f"claimlint: error: {expected}")


def test_bad_extra_claimset_from_config_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "house.yaml", "claimlint: 1\nid: house\nrules:\n  - code: bad\n")
    message = _error(tmp_path, ".claimlint.yaml", "claimsets: [house.yaml]\n")
    assert "house.yaml:4:" in message


def test_config_option_errors(tmp_path: Path) -> None:
    message = _error(tmp_path, "other.yaml", "ignore: [SCM201]\n", "--config", "nope.yaml")
    assert message == "claimlint: error: nope.yaml: config file not found"
    write(tmp_path, "bad.yaml", "colour: red\n")
    result = cli("check", "a.txt", "--config", "bad.yaml")
    assert result.exit_code == 2 and "bad.yaml:1: colour: unknown key" in result.stderr


def test_unknown_code_on_the_command_line(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BAD_TXT)
    result = cli("check", "a.txt", "--select", "SCM999")
    assert result.exit_code == 2
    assert "--select: 'SCM999' matches no rule code" in result.stderr


def test_load_raises_config_error_with_attributes(tmp_path: Path) -> None:
    path = write(tmp_path, ".claimlint.yaml", "exclude: ['']\n")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert info.value.line == 1 and "exclude" in info.value.message
