"""Claimset loading: the bundled claimsets validate, and every mistake names file and line."""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from linter.claimset import load_claimset, load_rulebook
from linter.cli import app
from linter.engine import Linter, LintOptions
from linter.yamlload import ConfigError

GOOD = """\
claimlint: 1
id: demo
sources:
  src: {title: A source}
terms:
  condition: [acne, "cold sore"]
rules:
  - code: DEM101
    name: demo-claim
    kind: claim
    severity: warning
    message: "{text} is a demo claim"
    evidence: [{source: src, quote: "a quote"}]
    patterns:
      - "cure|heal _{0,2} $condition"
"""


def write(tmp_path, text: str, name: str = "demo.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_bundled_claimsets_load_with_every_spec_code():
    book = load_rulebook()
    codes = {r.code for r in book.rules}
    assert {"SCM101", "SCM102", "SCM103", "SCM201", "SCM202", "SCM203", "SCM204", "SCM205",
            "SCM206", "SCM207", "SCM208", "SCM209", "SCM301"} <= codes
    for rule in book.rules:
        assert rule.message and rule.rationale and rule.evidence, rule.code


def test_a_user_claimset_adds_rules_without_python(tmp_path):
    path = write(tmp_path, GOOD)
    linter = Linter(LintOptions(claimsets=(str(path),)))
    findings = linter.lint_text("This balm heals cold sores overnight.", "a.txt")
    assert "DEM101" in [f.code for f in findings]
    demo = next(f for f in findings if f.code == "DEM101")
    assert demo.text == "heals cold sores"
    assert demo.message == "heals cold sores is a demo claim"


@pytest.mark.parametrize("mutation, line, message", [
    (("    severity: warning\n", "    severity: warning\n    colour: red\n"), 12,
     "unknown key 'colour'"),
    (("      - \"cure|heal _{0,2} $condition\"", "      - \"cure|heal _{0,2} $nothing\""), 15,
     "unknown term list $nothing"),
    (("      - \"cure|heal _{0,2} $condition\"", "      - {regex: 'heal(s'}"), 15, "bad regex"),
    (("      - \"cure|heal _{0,2} $condition\"", "      - \"heal _{9,2}\""), 15, "bad repeat"),
    (("      - \"cure|heal _{0,2} $condition\"", "      - {tokens: [{LEMMA: {BOGUS: 1}}]}"), 15,
     "not a valid token pattern"),
    (("    kind: claim\n", "    kind: shout\n"), 10, "rule kind must be one of"),
    (("    severity: warning\n", "    severity: loud\n"), 11, "unknown severity"),
    (("quote: \"a quote\"", "quote: \"a quote\", extra: 1"), 13, "unknown key 'extra'"),
    (("{source: src,", "{source: nowhere,"), 13, "unknown source 'nowhere'"),
    (("claimlint: 1\n", "claimlint: 7\n"), 1, "unsupported claimset format"),
    (("  condition: [acne", "  condition: [acne, [x]"), 6, "list of strings"),
    (("rules:\n", "rules:\n  - bad\n"), 8, "a rule must be a mapping"),
    (("    severity: warning\n", "    severity: warning\n    subsumes: [demo]\n"), 12,
     "'demo' is not a rule code"),
    (("      - \"cure|heal _{0,2} $condition\"", "      - {regex: 'heals {{nothing}}'}"), 15,
     "unknown regex part 'nothing'"),
])
def test_mistakes_name_the_file_and_line(tmp_path, mutation, line, message):
    old, new = mutation
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ConfigError) as info:
        Linter(LintOptions(claimsets=(str(path),), builtin=False))
    assert info.value.path == str(path)
    assert info.value.line == line, str(info.value)
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_regex_parts_stand_for_their_fragments(tmp_path):
    text = GOOD.replace("terms:\n", "regex_parts:\n  skin: '(?:skin|face)'\nterms:\n").replace(
        "      - \"cure|heal _{0,2} $condition\"", "      - {regex: 'heals? (?:your )?{{skin}}'}")
    rule = load_claimset(write(tmp_path, text)).rules[0]
    assert [p.value for p in rule.patterns] == ["heals? (?:your )?(?:skin|face)"]
    engine = Linter(LintOptions(claimsets=(str(tmp_path / "demo.yaml"),), builtin=False))
    assert [f.code for f in engine.lint_text("It heals your face.")] == ["DEM101"]


def test_duplicate_codes_are_refused(tmp_path):
    rule = GOOD[GOOD.index("  - code: DEM101"):]
    path = write(tmp_path, GOOD + rule)
    with pytest.raises(ConfigError, match="duplicate rule code DEM101"):
        load_claimset(path)


def test_code_clash_with_a_bundled_claimset_is_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("DEM101", "SCM201"))
    with pytest.raises(ConfigError, match="SCM201 is already defined"):
        load_rulebook([path])


def test_invalid_yaml_reports_its_line(tmp_path):
    path = write(tmp_path, "claimlint: 1\nid: x\nrules: [\n  - oops: {\n")
    with pytest.raises(ConfigError) as info:
        load_claimset(path)
    assert info.value.line is not None and "invalid YAML" in info.value.message


def test_cli_exits_2_on_a_broken_claimset(tmp_path):
    path = write(tmp_path, GOOD.replace("    kind: claim\n", "    kind: shout\n"))
    copy = write(tmp_path, "It heals acne.", "copy.txt")
    result = CliRunner().invoke(app, ["check", "--claimset", str(path), str(copy)])
    assert result.exit_code == 2
    assert f"{path}:10: rule kind must be one of" in result.output
