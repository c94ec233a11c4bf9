"""Findings -> LSP diagnostics (``textDocument/publishDiagnostics``).

Ranges are converted from the findings' source offsets with :class:`LineIndex`, so they are
0-based lines and columns in the negotiated encoding's code units (UTF-16 by default), with
LSP's line breaks. Each diagnostic links its code to the rule's explanation through
``codeDescription.href``: by default ``claimlint-rule:CODE``, a URI the VS Code extension in
``editors/vscode`` opens as the rule's Markdown explanation; a team that hosts the docs sets
``ruleUrl`` (e.g. ``https://docs.example.com/claimlint/{code}``) in the initialization
options.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from linter.findings import Finding, Severity
from linter.lsp.positions import LineIndex
from linter.suppress import UNUSED

SOURCE = "claimlint"
DEFAULT_RULE_URL = "claimlint-rule:{code}"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def rule_url(code: str, name: str = "", template: str = DEFAULT_RULE_URL) -> str:
    """The explanation URL of a rule: ``template`` with ``{code}`` and ``{name}`` filled."""
    return template.replace("{code}", code).replace("{name}", name)


def to_diagnostic(finding: Finding, index: LineIndex,
                  url_template: str = DEFAULT_RULE_URL) -> types.Diagnostic:
    return types.Diagnostic(
        range=index.range(finding.start, finding.end),
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(
            href=rule_url(finding.code, finding.name, url_template)),
        source=SOURCE,
        message=finding.message,
        tags=[types.DiagnosticTag.Unnecessary] if finding.code == UNUSED.code else None,
        data={"name": finding.name},
    )


def to_diagnostics(findings: Iterable[Finding], index: LineIndex,
                   url_template: str = DEFAULT_RULE_URL) -> list[types.Diagnostic]:
    return [to_diagnostic(f, index, url_template) for f in findings]
