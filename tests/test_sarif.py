"""``--format sarif``: valid SARIF 2.1.0 with the rules' documentation and exact regions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from integration_helpers import REPO, cli, write

from linter.explain import explain_rule
from linter.report.sarif import artifact_uri
from linter.suppress import UNUSED

SCHEMA = REPO.parent / "shared" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def sarif(*args: str) -> tuple[int, dict[str, Any]]:
    result = cli("check", "--format", "sarif", *args)
    return result.exit_code, json.loads(result.stdout)


def validate(log: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA}")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_output_validates_against_the_schema(tmp_path: Path) -> None:
    write(tmp_path, "copy/serum page.md",
          "# Serum\n\nWith stem cell conditioned media.\n\nIt heals acne and is 100% safe.\n"
          "<!-- claimlint-disable-next-line SCM204 -->\nA gentle cream.\n")
    write(tmp_path, "copy/b.html", "<p>Clinically proven to erase wrinkles.</p>\n")
    status, log = sarif("copy")
    assert status == 1
    validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert {r["ruleId"] for r in run["results"]} >= {"SCM101", "SCM201", "SCM208", "CL100"}


def test_rules_carry_the_explain_documentation() -> None:
    write(Path.cwd(), "a.txt", "A gentle cream.\n")
    _, log = sarif("a.txt")
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"SCM101", "SCM201", "SCM301", "CL100", "CL101"} <= set(rules)
    cl = rules["CL100"]
    assert cl["name"] == "unused-suppression"
    assert cl["help"]["markdown"] == explain_rule(UNUSED)
    assert cl["defaultConfiguration"] == {"level": "warning"}
    assert cl["shortDescription"]["text"].startswith("A claimlint-disable comment")
    assert rules["SCM201"]["defaultConfiguration"] == {"level": "error"}
    assert "## " not in rules["SCM201"]["help"]["text"]
    assert rules["SCM201"]["fullDescription"]["text"]


def test_results_have_relative_uris_and_exact_regions(tmp_path: Path) -> None:
    write(tmp_path, "copy/a.txt", "Intro.\n  Our cream heals acne.\n")
    _, log = sarif("./copy/a.txt")
    run = log["runs"][0]
    (result,) = run["results"]
    rules = run["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "SCM201"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "copy/a.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 2, "startColumn": 13, "endLine": 2,
                                  "endColumn": 23, "snippet": {"text": "heals acne"}}
    assert result["message"]["text"].startswith('"heals acne"')
    assert result["partialFingerprints"]["claimlintFingerprint/v1"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_unreadable_input_is_a_notification(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    status, log = sarif("bin.txt", "missing.md")
    assert status == 2
    validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] \
        == ["bin.txt", "missing.md"]
    assert notes[1]["message"]["text"] == "no such file"


def test_artifact_uris(tmp_path: Path) -> None:
    assert artifact_uri("copy/a b#1.md", str(tmp_path)) == "copy/a%20b%231.md"
    assert artifact_uri(str(tmp_path / "x" / "y.md"), str(tmp_path)) == "x/y.md"
    outside = tmp_path.parent / "elsewhere.md"
    assert artifact_uri(str(outside), str(tmp_path)) == outside.as_uri()
