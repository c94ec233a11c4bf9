"""Inline suppressions: comments in the copy that silence findings, applied after the rules.

The rules never see these comments; :func:`apply` filters the findings the engine produced
by their spans. Syntax (``CODES`` is one or more codes separated by commas or spaces; none
means every code; an optional reason follows `` -- ``):

Markdown and HTML::

    <!-- claimlint-disable-next-line SCM201 -- approved by legal, 2024-05 -->
    <!-- claimlint-disable SCM204, SCM208 -->  ... <!-- claimlint-enable SCM204, SCM208 -->
    <!-- claimlint-disable -->  ... <!-- claimlint-enable -->

Plain text: the same directives on a line of their own starting with ``#``::

    # claimlint-disable-next-line SCM201

``claimlint-disable-next-line`` silences findings that start on the line after the comment;
``claimlint-disable`` silences from the end of the comment to the matching
``claimlint-enable`` (a bare ``claimlint-enable`` ends every open block), or to the end of
the file. A directive that silences nothing is reported as CL100 (unused-suppression); one
that cannot be read (unknown directive, unknown code) as CL101 (invalid-suppression).

API (used by the runner and the language server):

* ``apply(document, findings, *, enabled=None, known=None, report=BUILTIN_CODES)
  -> list[Finding]``: the findings that survive, plus CL100/CL101 findings, sorted.
  ``enabled``: the codes that ran on this document (a directive naming another code is not
  "unused"); ``known``: every code that exists (others are CL101); ``report``: which of
  CL100/CL101 to report (after --select/--ignore).
* ``directives(document) -> list[Directive]``: the parsed directives (offsets, codes).
* ``next_line_comment(document, codes) -> str``: the comment a quick fix inserts above a
  line, in the document's syntax (no trailing newline).
* ``BUILTIN_RULES``: the :class:`~linter.claimset.Rule` objects for CL100 and CL101, so
  ``rules``, ``explain``, hover and SARIF describe them like any other rule.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field

from linter.claimset import Rule
from linter.documents import Document
from linter.findings import Finding, Severity

UNUSED = Rule(
    code="CL100", name="unused-suppression", kind="builtin", severity=Severity.WARNING,
    summary="a claimlint-disable comment that silences nothing",
    message="unused suppression",
    rationale=("A suppression that no longer silences anything hides the next real "
               "problem written under it, and tells reviewers a claim was waived when it "
               "was not. Remove it, or remove the codes it no longer needs."),
    claimset="claimlint",
    suggestion="Remove the comment, or the codes in it that are not reported here.",
    examples_bad=("<!-- claimlint-disable-next-line SCM201 --> above a line with no "
                  "drug claim",),
    examples_good=("<!-- claimlint-disable-next-line SCM201 --> above \"heals acne\"",),
)
INVALID = Rule(
    code="CL101", name="invalid-suppression", kind="builtin", severity=Severity.ERROR,
    summary="a claimlint comment that cannot be read (unknown directive or code)",
    message="invalid suppression",
    rationale=("A misspelt directive or code silences nothing, so the finding it was "
               "meant for stays, and the comment misleads whoever reads the copy."),
    claimset="claimlint",
    suggestion=("Write claimlint-disable-next-line, claimlint-disable or claimlint-enable, "
                "followed by rule codes (`claimlint rules` lists them), then an optional "
                "`-- reason`."),
    examples_bad=("<!-- claimlint-disable-nextline SCM201 -->",
                  "<!-- claimlint-disable SCM2O1 -->"),
    examples_good=("<!-- claimlint-disable-next-line SCM201 -- approved by legal -->",),
)
BUILTIN_RULES: tuple[Rule, ...] = (UNUSED, INVALID)
BUILTIN_CODES = frozenset(r.code for r in BUILTIN_RULES)

VERBS = ("disable-next-line", "disable", "enable")
_DIRECTIVE = r"claimlint-(?P<verb>[A-Za-z]+(?:-[A-Za-z]+)*)(?P<args>{args})"
_COMMENT = re.compile(r"<!--\s*" + _DIRECTIVE.format(args=r"(?:(?!-->).)*?") + r"\s*-->",
                      re.DOTALL)
_HASH_LINE = re.compile(r"^[ \t]*#[ \t]*" + _DIRECTIVE.format(args=r"[^\r\n]*"), re.M)
_CODE = re.compile(r"^[A-Za-z]{2,5}[0-9]{3}$")


@dataclass
class Directive:
    """One suppression comment as written."""

    verb: str  # "disable-next-line" | "disable" | "enable" (or what was written)
    codes: tuple[str, ...]  # empty: every code
    start: int  # source offsets of the whole comment
    end: int
    problem: str | None = None  # set when the comment cannot be read
    used: set[str] = field(default_factory=set)  # codes it silenced ("*" for any)


@dataclass
class _Region:
    directive: Directive
    code: str | None  # None: every code
    start: int
    end: int


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\r\n]*$", re.M)


def _markdown_code(source: str) -> list[tuple[int, int]]:
    """The fenced code blocks of a Markdown source: a comment shown as code is no
    directive (documentation about claimlint, for one)."""
    spans, opening = [], None
    for m in _FENCE.finditer(source):
        if opening is None:
            opening = m
        elif m.group(1)[0] == opening.group(1)[0] and len(m.group(1)) >= len(opening.group(1)) \
                and not source[m.end(1):m.end()].strip():
            spans.append((opening.start(), m.end()))
            opening = None
    if opening is not None:
        spans.append((opening.start(), len(source)))
    return spans


def _in_inline_code(source: str, offset: int) -> bool:
    line_start = source.rfind("\n", 0, offset) + 1
    return source.count("`", line_start, offset) % 2 == 1


def directives(document: Document) -> list[Directive]:
    """Every claimlint comment in the document, in order (in Markdown, not those shown
    as code)."""
    source = document.source
    found: list[Directive] = [_directive(m) for m in _COMMENT.finditer(source)]
    if document.kind == "markdown" and found:
        code = _markdown_code(source)
        found = [d for d in found if not _in_inline_code(source, d.start)
                 and not any(start <= d.start < end for start, end in code)]
    if document.kind == "text":
        found.extend(_directive(m) for m in _HASH_LINE.finditer(source)
                     if not any(d.start <= m.start() < d.end for d in found))
    return sorted(found, key=lambda d: d.start)


def _directive(m: re.Match[str]) -> Directive:
    verb = m.group("verb").lower()
    args = m.group("args")
    if re.match(r"\w", args):  # "claimlint-disabled", "claimlint-disable_next"
        return Directive(verb + args.split()[0], (), m.start(), m.end(),
                         problem=f"unknown directive claimlint-{verb}{args.split()[0]}")
    args = re.split(r"\s--(?:\s|$)", " " + args, maxsplit=1)[0]
    tokens = [t for t in re.split(r"[\s,]+", args) if t]
    directive = Directive(verb, tuple(t.upper() for t in tokens), m.start(), m.end())
    if verb not in VERBS:
        directive.problem = (f"unknown directive claimlint-{verb} (use "
                             + ", ".join(f"claimlint-{v}" for v in VERBS) + ")")
    else:
        bad = [t for t in tokens if not _CODE.match(t)]
        if bad:
            directive.problem = (f"{bad[0]!r} is not a rule code; write codes such as "
                                 "SCM201, and put any reason after ' -- '")
    return directive


def _regions(document: Document, found: list[Directive]) -> tuple[list[_Region],
                                                                  list[tuple[Directive, str]]]:
    """The spans each directive silences, and the directives that misfire."""
    regions: list[_Region] = []
    problems: list[tuple[Directive, str]] = []
    open_blocks: dict[str | None, _Region] = {}
    end_of_file = len(document.source)
    for d in found:
        if d.problem:
            continue
        if d.verb == "disable-next-line":
            line = document.position(d.end).line + 1
            start = document.offset(line, 1)
            if line > len(document.line_starts):
                start = end_of_file
            stop = document.offset(line + 1, 1) if line < len(document.line_starts) \
                else end_of_file
            regions.extend(_Region(d, code, start, stop) for code in (d.codes or (None,)))
        elif d.verb == "disable":
            for code in d.codes or (None,):
                if code not in open_blocks:
                    region = _Region(d, code, d.end, end_of_file)
                    open_blocks[code] = region
                    regions.append(region)
        else:  # enable
            if not d.codes:
                if not open_blocks:
                    problems.append((d, "claimlint-enable with no open claimlint-disable "
                                        "block"))
                for region in open_blocks.values():
                    region.end = d.start
                open_blocks.clear()
                continue
            for code in d.codes:
                if code in open_blocks:
                    open_blocks.pop(code).end = d.start
                elif None in open_blocks:
                    d.problem = (f"claimlint-enable {code} cannot end part of a "
                                 "claimlint-disable block without codes; end that block "
                                 "with a bare claimlint-enable")
                    break
                else:
                    problems.append((d, f"claimlint-enable {code} has no open "
                                        f"claimlint-disable {code} block"))
    return regions, problems


def apply(document: Document, findings: Sequence[Finding], *,
          enabled: Container[str] | None = None, known: Container[str] | None = None,
          report: Container[str] = BUILTIN_CODES) -> list[Finding]:
    """Drop the findings the document's directives silence; add CL100/CL101 findings."""
    found = directives(document)
    if not found:
        return list(findings)
    if known is not None:
        for d in found:
            if not d.problem and d.verb in VERBS:
                unknown = [c for c in d.codes if c not in known]
                if unknown:
                    d.problem = (f"unknown rule code {unknown[0]} "
                                 "(`claimlint rules` lists them)")
    regions, misfires = _regions(document, found)
    kept: list[Finding] = []
    for f in findings:
        if any(d.start <= f.start and f.end <= d.end for d in found):
            continue  # the directive's own words, in plain text, are not copy
        covering = [r for r in regions
                    if r.start <= f.start < r.end and r.code in (None, f.code)]
        for r in covering:
            r.directive.used.add(r.code or "*")
        if not covering:
            kept.append(f)

    extra: list[Finding] = []
    for d in found:
        if d.problem:
            if INVALID.code in report:
                extra.append(_finding(document, INVALID, d, d.problem))
            continue
        if UNUSED.code not in report or d.verb == "enable":
            continue
        if d.codes:
            unused = [c for c in d.codes if c not in d.used
                      and (enabled is None or c in enabled)]
            if unused:
                extra.append(_finding(document, UNUSED, d,
                                      f"unused suppression: {', '.join(unused)} "
                                      f"{'is' if len(unused) == 1 else 'are'} not reported "
                                      "here", _unused_hint(d, unused)))
        elif not d.used:
            extra.append(_finding(document, UNUSED, d,
                                  "unused suppression: no finding is reported here"))
    if UNUSED.code in report:
        extra.extend(_finding(document, UNUSED, d, message) for d, message in misfires)
    return sorted([*kept, *extra], key=lambda f: f.sort_key)


def _unused_hint(d: Directive, unused: list[str]) -> str:
    if len(unused) == len(d.codes):
        return "Remove the comment."
    return f"Remove {', '.join(unused)} from the comment."


def _finding(document: Document, rule: Rule, d: Directive, message: str,
             suggestion: str | None = None) -> Finding:
    return Finding(
        path=document.path, code=rule.code, name=rule.name, severity=rule.severity,
        message=message, start=d.start, end=d.end, start_pos=document.position(d.start),
        end_pos=document.position(d.end), text=document.source[d.start:d.end],
        suggestion=suggestion or rule.suggestion, evidence=rule.evidence)


def next_line_comment(document: Document, codes: Iterable[str]) -> str:
    """The comment that silences ``codes`` on the following line, in the document's own
    syntax (what an editor's quick fix inserts above the line)."""
    listed = ", ".join(dict.fromkeys(codes))
    if document.kind == "text":
        return f"# claimlint-disable-next-line {listed}".rstrip()
    return f"<!-- claimlint-disable-next-line {listed} -->".replace("  ", " ")
