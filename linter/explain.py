"""A rule's documentation, as Markdown: what `explain`, hover and SARIF help all show."""

from __future__ import annotations

from collections.abc import Iterable

from linter.claimset import Rule

#: Section keys, in the order they are shown, with their headings.
SECTIONS = {
    "what": "What it flags",
    "why": "Why it matters",
    "evidence": "Evidence",
    "rewrite": "Compliant rewrite",
    "examples": "Examples",
}


def rule_sections(rule: Rule) -> dict[str, str]:
    """The bodies of the rule's documentation sections (only those it has), by key."""
    sections = {"what": rule.summary[0].upper() + rule.summary[1:] + "."}
    if rule.rationale:
        sections["why"] = rule.rationale
    if rule.evidence:
        sections["evidence"] = "\n".join(f"> {e.quote}\n>\n> — {e.source}\n"
                                         for e in rule.evidence).rstrip()
    if rule.suggestion:
        sections["rewrite"] = rule.suggestion
    if rule.examples_bad or rule.examples_good:
        sections["examples"] = "\n".join([*(f"- Flagged: \"{e}\"" for e in rule.examples_bad),
                                          *(f"- Fine: \"{e}\"" for e in rule.examples_good)])
    return sections


def render_sections(rule: Rule, keys: Iterable[str] = SECTIONS, level: int = 2) -> str:
    """The chosen sections as Markdown, under headings of the given level."""
    sections = rule_sections(rule)
    parts = [f"{'#' * level} {SECTIONS[k]}\n\n{sections[k]}\n" for k in keys if k in sections]
    return "\n".join(parts)


def explain_rule(rule: Rule) -> str:
    lines = [f"# {rule.code} {rule.name}", "",
             f"Severity: {rule.severity.label}. Kind: {rule.kind}"
             + (f", markets: {', '.join(rule.markets)}" if rule.markets else "") + ".", "",
             render_sections(rule)]
    return "\n".join(lines).rstrip() + "\n"
