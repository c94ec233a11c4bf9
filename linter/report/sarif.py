"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning reads it.

One run; ``tool.driver.rules`` lists every rule with its documentation (the same Markdown
as ``claimlint explain``), results point at 1-based lines and columns counted in Unicode
code points (``columnKind``), with paths relative to the working directory.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from linter import __version__
from linter.baseline import fingerprints
from linter.claimset import Rule
from linter.explain import explain_rule
from linter.findings import Finding, Severity
from linter.report import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str, root: str | None = None) -> str:
    """A relative URI with forward slashes for files under ``root`` (the working
    directory), a ``file://`` URI for the others."""
    root = root or os.getcwd()
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, root)
    if path.startswith("<") or not (rel == ".." or rel.startswith(".." + os.sep)):
        target = path if path.startswith("<") else rel
        return quote(Path(target).as_posix(), safe="/")
    return Path(absolute).as_uri()


def _plain(markdown: str) -> str:
    text = re.sub(r"^#+\s*", "", markdown, flags=re.M)
    return re.sub(r"^>\s?", "    ", text, flags=re.M)


def _rule(rule: Rule) -> dict[str, Any]:
    doc = explain_rule(rule)
    tags = ["compliance", rule.kind] + [f"market:{m}" for m in rule.markets]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary[:1].upper() + rule.summary[1:]},
        "fullDescription": {"text": rule.rationale or rule.summary},
        "help": {"text": _plain(doc), "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": tags, "precision": "high",
                       "problem.severity": rule.severity.label},
    }


def _region(f: Finding) -> dict[str, Any]:
    return {"startLine": f.start_pos.line, "startColumn": f.start_pos.column,
            "endLine": f.end_pos.line, "endColumn": f.end_pos.column,
            "snippet": {"text": f.text}}


def _result(f: Finding, index: int, fingerprint: str) -> dict[str, Any]:
    return {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(f.path), "uriBaseId": "%SRCROOT%"},
            "region": _region(f)}}],
        "partialFingerprints": {"claimlintFingerprint/v1": fingerprint},
    }


def build(report: Report) -> dict[str, Any]:
    rules = list(report.all_rules())
    index = {r.code: i for i, r in enumerate(rules)}
    driver_rules = [_rule(r) for r in rules]
    for f in report.findings:  # a code no rulebook described: still a valid reference
        if f.code not in index:
            index[f.code] = len(driver_rules)
            driver_rules.append({"id": f.code, "name": f.name,
                                 "shortDescription": {"text": f.name},
                                 "defaultConfiguration": {"level": LEVELS[f.severity]}})
    prints = fingerprints(report.findings, os.getcwd())
    notifications = [{"level": "error", "message": {"text": e.message},
                      "locations": [{"physicalLocation": {"artifactLocation": {
                          "uri": artifact_uri(e.path), "uriBaseId": "%SRCROOT%"}}}]}
                     for e in report.errors]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "claimlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://pypi.org/project/claimlint/",
                "rules": driver_rules,
            }},
            "invocations": [{"executionSuccessful": not report.errors,
                             "toolExecutionNotifications": notifications}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index[f.code], fp)
                        for f, fp in zip(report.findings, prints, strict=True)],
        }],
    }


def write(report: Report, stream: TextIO, color: bool = False) -> None:
    json.dump(build(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
