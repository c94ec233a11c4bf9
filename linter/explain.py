"""A rule's documentation, as Markdown: what `explain`, hover and SARIF help all show."""

from __future__ import annotations

from linter.claimset import Rule


def explain_rule(rule: Rule) -> str:
    lines = [f"# {rule.code} {rule.name}", "",
             f"Severity: {rule.severity.label}. Kind: {rule.kind}"
             + (f", markets: {', '.join(rule.markets)}" if rule.markets else "") + ".", "",
             "## What it flags", "", rule.summary[0].upper() + rule.summary[1:] + ".", ""]
    if rule.rationale:
        lines += ["## Why it matters", "", rule.rationale, ""]
    if rule.evidence:
        lines += ["## Evidence", ""]
        lines += [f"> {e.quote}\n>\n> — {e.source}\n" for e in rule.evidence]
    if rule.suggestion:
        lines += ["## Compliant rewrite", "", rule.suggestion, ""]
    if rule.examples_bad or rule.examples_good:
        lines += ["## Examples", ""]
        lines += [f"- Flagged: \"{e}\"" for e in rule.examples_bad]
        lines += [f"- Fine: \"{e}\"" for e in rule.examples_good]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
