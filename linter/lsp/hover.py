"""Hover (``textDocument/hover``) on a flagged span: what is wrong there and why.

For each finding under the cursor: the code, the rule's name and severity, the finding's
own message, then the rule's "Why it matters", evidence quotes and compliant rewrite as
:mod:`linter.explain` writes them for ``claimlint explain``, and a link to the full
explanation.
"""

from __future__ import annotations

from collections.abc import Mapping

from lsprotocol import types

from linter.claimset import Rule
from linter.explain import render_sections
from linter.findings import Finding
from linter.lsp.diagnostics import rule_url
from linter.lsp.positions import LineIndex

HOVER_SECTIONS = ("why", "evidence", "rewrite")


def finding_markdown(finding: Finding, rule: Rule | None, url_template: str) -> str:
    parts = [f"**{finding.code}** {finding.name} · {finding.severity.label}", "",
             finding.message, ""]
    if rule is not None:
        parts.append(render_sections(rule, HOVER_SECTIONS, level=4))
    elif finding.suggestion:
        parts += ["#### Compliant rewrite", "", finding.suggestion, ""]
    href = rule_url(finding.code, finding.name, url_template)
    parts.append(f"[Full explanation of {finding.code}]({href})")
    return "\n".join(parts).strip() + "\n"


def hover(findings: list[Finding], rules: Mapping[str, Rule], index: LineIndex,
          position: types.Position, url_template: str,
          markdown: bool = True) -> types.Hover | None:
    offset = index.offset(position)
    under = [f for f in findings if f.start <= offset <= f.end and f.start < f.end]
    if not under:
        return None
    under.sort(key=lambda f: (f.end - f.start, f.start))  # the tightest span first
    text = "\n---\n\n".join(finding_markdown(f, rules.get(f.code), url_template)
                            for f in under)
    tightest = under[0]
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
            value=text),
        range=index.range(tightest.start, tightest.end))
