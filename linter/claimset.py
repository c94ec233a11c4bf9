"""Claimsets: YAML files of rules, validated on load into frozen objects.

A claimset names its sources, its term lists, named pattern groups, context cues and rules.
Each rule has a *kind* (see :mod:`linter.rules`); the loader checks the keys each kind
accepts, so that a typo is an error that names the file and the line, not a silent no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from linter.findings import Evidence, Severity
from linter.yamlload import ConfigError, LineDict, LineList, line_of, load_yaml

FORMAT_VERSION = 1
CONTEXTS = ("negated", "asked", "disclaimed", "attributed", "hedged", "appearance",
            "substantiated", "physiological", "named")
DEFAULT_CLEARED_BY = ("negated", "asked", "disclaimed", "attributed")
CUE_KINDS = ("negation", "negation_after", "clause_break", "soft_break", "question_affirm",
             "rhetorical", "interrogative", "hedge", "hedge_denial", "appearance", "disclaimer",
             "attribution", "citation", "footnote_marker", "physiology", "product_noun",
             "naming", "speech", "mention", "study_word", "rejection")

_CODE = regex.compile(r"^[A-Z]{2,5}[0-9]{3}$")
_NAME = regex.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern as written: a pattern-language string, a raw token list, or a regex."""

    kind: str  # "dsl" | "tokens" | "regex"
    value: Any
    origin: str  # "file:line", for error messages

    @property
    def label(self) -> str:
        return self.value if isinstance(self.value, str) else repr(self.value)


@dataclass(frozen=True, slots=True)
class PatternGroup:
    name: str
    patterns: tuple[Pattern, ...]
    not_after: tuple[Pattern, ...] = ()
    window: int = 3
    not_before: tuple[Pattern, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    location: str


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: Severity
    summary: str
    message: str
    rationale: str
    claimset: str
    suggestion: str | None = None
    evidence: tuple[Evidence, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    not_after: tuple[Pattern, ...] = ()
    not_before: tuple[Pattern, ...] = ()
    window: int = 3
    patterns_if: tuple[tuple[str, tuple[Pattern, ...]], ...] = ()
    cleared_by: tuple[str, ...] = DEFAULT_CLEARED_BY
    #: claim codes this rule absorbs in its sentence: "Research confirms [a hypothesis]" is
    #: one hedge-stripped claim, not also a proof claim
    subsumes: tuple[str, ...] = ()
    #: where none of these groups is stated, a ``patterns_if`` condition stated anywhere in
    #: the document counts (copy only about plant "stem cells")
    anywhere_unless: tuple[str, ...] = ()
    trigger: str | None = None
    satisfied_by: tuple[str, ...] = ()
    applies_unless: tuple[str, ...] = ()
    #: groups that void ``applies_unless``: stated too, the rule applies after all (copy
    #: that offers animal media and human media beside them)
    applies_if: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    template: str | None = None  # a disclosure sentence for the writer to complete
    examples_bad: tuple[str, ...] = ()
    examples_good: tuple[str, ...] = ()
    origin: str = ""

    @property
    def group(self) -> str:
        """Name of the pattern group holding this rule's own patterns."""
        return f"rule:{self.code}"

    def conditional_group(self, condition: str) -> str:
        """Name of the group of patterns that apply when ``condition`` is stated."""
        return f"rule:{self.code}@{condition}"


@dataclass(frozen=True)
class Claimset:
    id: str
    title: str
    path: str
    sources: Mapping[str, Source]
    terms: Mapping[str, tuple[str, ...]]
    groups: Mapping[str, PatternGroup]
    cues: Mapping[str, tuple[Pattern, ...]]
    rules: tuple[Rule, ...]
    precedence: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleBook:
    """Every loaded claimset merged: what the pipeline compiles and the engine runs."""

    claimsets: tuple[Claimset, ...]
    rules: tuple[Rule, ...]
    terms: Mapping[str, tuple[str, ...]]
    groups: Mapping[str, PatternGroup]
    cues: Mapping[str, tuple[Pattern, ...]]
    precedence: tuple[str, ...]
    by_code: Mapping[str, Rule] = field(default_factory=dict)

    def rule(self, code: str) -> Rule | None:
        return self.by_code.get(code.upper())

    def group_plan(self) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
        """Which pattern groups to look for first (rule patterns and triggers), and which
        groups each of them makes worth looking for once it has matched (what satisfies or
        gates a triggered rule; the condition of conditional patterns). Groups no rule
        reaches are never matched."""
        primary: list[str] = []
        needs: dict[str, list[str]] = {}
        for rule in self.rules:
            if rule.patterns:
                primary.append(rule.group)
            for condition, _ in rule.patterns_if:
                primary.append(rule.conditional_group(condition))
                needs.setdefault(rule.conditional_group(condition), []).extend(
                    (condition, *rule.anywhere_unless))
            if rule.trigger:
                primary.append(rule.trigger)
                needs.setdefault(rule.trigger, []).extend(
                    (*rule.satisfied_by, *rule.applies_unless, *rule.applies_if,
                     *rule.requires))
        return tuple(dict.fromkeys(primary)), {k: tuple(dict.fromkeys(v))
                                               for k, v in needs.items()}

    def existence_groups(self) -> frozenset[str]:
        """Groups whose only use is whether they are stated at all (what satisfies, gates or
        is required by a rule): a few matches tell, so matching them can stop early."""
        checked: set[str] = set()
        located: set[str] = set()
        for rule in self.rules:
            checked.update((*rule.satisfied_by, *rule.applies_unless, *rule.applies_if,
                            *rule.requires, *rule.anywhere_unless))
            located.add(rule.group)
            if rule.trigger:
                located.add(rule.trigger)
            for condition, _ in rule.patterns_if:
                located.update((condition, rule.conditional_group(condition)))
        return frozenset(checked - located)


# --- validation helpers -----------------------------------------------------------------

_PART = regex.compile(r"\{\{([a-z][a-z0-9_]*)\}\}")


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path
        #: the claimset's ``regex_parts``: ``{{name}}`` in a regex stands for the fragment
        self.parts: dict[str, str] = {}

    def fail(self, node: Any, key: str | int | None, message: str) -> ConfigError:
        return ConfigError(self.path, line_of(node, key), message)

    def mapping(self, node: Any, where: str, parent: Any = None, key: Any = None) -> LineDict:
        if not isinstance(node, LineDict):
            raise self.fail(parent if parent is not None else node, key,
                            f"{where} must be a mapping")
        return node

    def keys(self, node: LineDict, allowed: Iterable[str], required: Iterable[str],
             where: str) -> None:
        allowed = set(allowed)
        for key in node:
            if key not in allowed:
                raise self.fail(node, key, f"unknown key {key!r} in {where} "
                                f"(allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in node:
                raise self.fail(node, None, f"{where} needs the key {key!r}")

    def string(self, node: LineDict, key: str, where: str, default: str | None = None) -> str:
        value = node.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, key, f"{where}: {key!r} must be a non-empty string")
        return value.strip()

    def strings(self, node: LineDict, key: str, where: str) -> tuple[str, ...]:
        value = node.get(key, [])
        if isinstance(value, str):
            value = LineList([value])
            value.line, value.lines = line_of(node, key) or 0, [line_of(node, key) or 0]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            raise self.fail(node, key, f"{where}: {key!r} must be a list of strings")
        return tuple(v.strip() for v in value)

    def patterns(self, node: Any, key: str, where: str) -> tuple[Pattern, ...]:
        items = node.get(key)
        if not isinstance(items, list) or not items:
            raise self.fail(node, key, f"{where}: {key!r} must be a non-empty list of patterns")
        result = []
        for i, item in enumerate(items):
            origin = f"{self.path}:{line_of(items, i)}"
            if isinstance(item, str) and item.strip():
                result.append(Pattern("dsl", item.strip(), origin))
            elif isinstance(item, LineDict) and len(item) == 1 and "regex" in item:
                source = item["regex"]
                if not isinstance(source, str):
                    raise self.fail(items, i, f"{where}: regex must be a string")
                unknown = [m.group(1) for m in _PART.finditer(source)
                           if m.group(1) not in self.parts]
                if unknown:
                    raise self.fail(items, i, f"{where}: unknown regex part {unknown[0]!r} "
                                    "(define it under regex_parts)")
                source = _PART.sub(lambda m: self.parts[m.group(1)], source)
                try:
                    regex.compile(source, regex.IGNORECASE | regex.VERSION0)
                except regex.error as exc:
                    raise self.fail(items, i, f"{where}: bad regex {source!r}: {exc}") from None
                result.append(Pattern("regex", source, origin))
            elif isinstance(item, LineDict) and len(item) == 1 and "tokens" in item:
                tokens = item["tokens"]
                if not isinstance(tokens, list) or not all(isinstance(t, dict) for t in tokens):
                    raise self.fail(items, i, f"{where}: tokens must be a list of mappings")
                result.append(Pattern("tokens", _plain(tokens), origin))
            else:
                raise self.fail(items, i, f"{where}: a pattern is a string, "
                                "{regex: ...} or {tokens: [...]}")
        return tuple(result)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- loading ----------------------------------------------------------------------------

_TOP_KEYS = ("claimlint", "id", "title", "description", "sources", "terms", "regex_parts",
             "patterns", "context", "rules", "precedence")
_RULE_COMMON = ("code", "name", "kind", "severity", "summary", "message", "rationale",
                "suggestion", "evidence", "examples")
RULE_KEYS = {
    "claim": (*_RULE_COMMON, "patterns", "patterns_if", "not_after", "not_before", "window",
              "cleared_by", "subsumes", "anywhere_unless"),
    "disclosure": (*_RULE_COMMON, "trigger", "satisfied_by", "applies_unless", "applies_if",
                   "template"),
    "market": (*_RULE_COMMON, "trigger", "requires", "markets"),
}
RULE_REQUIRED = {
    "claim": ("patterns",),
    "disclosure": ("trigger", "satisfied_by"),
    "market": ("trigger", "markets"),
}


def load_claimset(path: str | Path, text: str | None = None) -> Claimset:
    """Load and validate one claimset file. Raises :class:`ConfigError`."""
    path = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(path, None, f"cannot read claimset: {exc}") from None
    data = load_yaml(text, path)
    check = _Checker(path)
    top = check.mapping(data, "a claimset")
    check.keys(top, _TOP_KEYS, ("claimlint", "id"), "the claimset")
    if top["claimlint"] != FORMAT_VERSION:
        raise check.fail(top, "claimlint", f"unsupported claimset format {top['claimlint']!r} "
                         f"(this claimlint reads format {FORMAT_VERSION})")
    set_id = check.string(top, "id", "the claimset")

    sources: dict[str, Source] = {}
    raw_sources = top.get("sources", LineDict())
    check.mapping(raw_sources, "sources", top, "sources")
    for sid, value in raw_sources.items():
        entry = check.mapping(value, f"source {sid!r}", raw_sources, sid)
        check.keys(entry, ("title", "location"), ("title",), f"source {sid!r}")
        sources[sid] = Source(sid, check.string(entry, "title", f"source {sid!r}"),
                              str(entry.get("location", "")))

    terms: dict[str, tuple[str, ...]] = {}
    raw_terms = top.get("terms", LineDict())
    check.mapping(raw_terms, "terms", top, "terms")
    for name in raw_terms:
        if not _NAME.match(name.replace("_", "-")):
            raise check.fail(raw_terms, name, f"term list name {name!r} must be lower-case")
        terms[name] = check.strings(raw_terms, name, f"term list {name!r}")
        if not terms[name]:
            raise check.fail(raw_terms, name, f"term list {name!r} is empty")

    raw_parts = top.get("regex_parts", LineDict())
    check.mapping(raw_parts, "regex_parts", top, "regex_parts")
    for name in raw_parts:
        if not _PART.fullmatch("{{" + str(name) + "}}"):
            raise check.fail(raw_parts, name, f"regex part name {name!r} must be lower-case")
        check.parts[name] = check.string(raw_parts, name, f"regex part {name!r}")

    groups: dict[str, PatternGroup] = {}
    raw_groups = top.get("patterns", LineDict())
    check.mapping(raw_groups, "patterns", top, "patterns")
    for name, value in raw_groups.items():
        where = f"pattern group {name!r}"
        if isinstance(value, list):
            groups[name] = PatternGroup(name, check.patterns(raw_groups, name, where))
            continue
        entry = check.mapping(value, where, raw_groups, name)
        check.keys(entry, ("match", "not_after", "not_before", "window"), ("match",), where)
        window = entry.get("window", 3)
        if not isinstance(window, int) or not 0 <= window <= 20:
            raise check.fail(entry, "window", f"{where}: window must be an integer 0..20")
        groups[name] = PatternGroup(
            name, check.patterns(entry, "match", where),
            check.patterns(entry, "not_after", where) if "not_after" in entry else (), window,
            check.patterns(entry, "not_before", where) if "not_before" in entry else ())

    cues: dict[str, tuple[Pattern, ...]] = {}
    raw_cues = top.get("context", LineDict())
    check.mapping(raw_cues, "context", top, "context")
    for kind in raw_cues:
        if kind not in CUE_KINDS:
            raise check.fail(raw_cues, kind, f"unknown context cue list {kind!r} "
                             f"(known: {', '.join(CUE_KINDS)})")
        cues[kind] = check.patterns(raw_cues, kind, f"context cues {kind!r}")

    rules: list[Rule] = []
    raw_rules = top.get("rules", LineList())
    if not isinstance(raw_rules, list):
        raise check.fail(top, "rules", "rules must be a list")
    seen: dict[str, int | None] = {}
    for i, raw in enumerate(raw_rules):
        entry = check.mapping(raw, "a rule", raw_rules, i)
        rule = _load_rule(check, entry, set_id, sources, groups)
        if rule.code in seen:
            raise check.fail(entry, "code", f"duplicate rule code {rule.code} "
                             f"(first defined on line {seen[rule.code]})")
        seen[rule.code] = line_of(entry, "code")
        rules.append(rule)

    precedence = check.strings(top, "precedence", "precedence") if "precedence" in top else ()
    return Claimset(set_id, str(top.get("title", set_id)), path, sources, terms, groups, cues,
                    tuple(rules), precedence)


def _load_rule(check: _Checker, entry: LineDict, set_id: str, sources: Mapping[str, Source],
               groups: Mapping[str, PatternGroup]) -> Rule:
    kind = entry.get("kind")
    if kind not in RULE_KEYS:
        raise check.fail(entry, "kind" if "kind" in entry else None,
                         f"rule kind must be one of {', '.join(RULE_KEYS)}, not {kind!r}")
    code = check.string(entry, "code", "a rule")
    where = f"rule {code}"
    check.keys(entry, RULE_KEYS[kind], ("code", "name", "kind", "message",
                                        *RULE_REQUIRED[kind]), where)
    if not _CODE.match(code):
        raise check.fail(entry, "code", f"{where}: a code is 2-5 capitals and 3 digits")
    name = check.string(entry, "name", where)
    if not _NAME.match(name):
        raise check.fail(entry, "name", f"{where}: a name is lower-case-with-dashes")
    try:
        severity = Severity.parse(str(entry.get("severity", "error")))
    except ValueError as exc:
        raise check.fail(entry, "severity", f"{where}: {exc}") from None

    evidence = []
    raw_ev = entry.get("evidence", [])
    if not isinstance(raw_ev, list):
        raise check.fail(entry, "evidence", f"{where}: evidence must be a list")
    for j, item in enumerate(raw_ev):
        ev = check.mapping(item, f"{where} evidence", raw_ev, j)
        check.keys(ev, ("source", "quote"), ("source", "quote"), f"{where} evidence")
        source = check.string(ev, "source", f"{where} evidence")
        if source not in sources:
            raise check.fail(ev, "source", f"{where}: evidence cites unknown source {source!r}")
        evidence.append(Evidence(sources[source].title, check.string(ev, "quote", where)))

    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    if "examples" in entry:
        ex = check.mapping(entry["examples"], f"{where} examples", entry, "examples")
        check.keys(ex, ("bad", "good"), (), f"{where} examples")
        bad, good = check.strings(ex, "bad", where), check.strings(ex, "good", where)

    def group_names(key: str) -> tuple[str, ...]:
        names = check.strings(entry, key, where) if key in entry else ()
        for name in names:
            if name not in groups:
                raise check.fail(entry, key, f"{where}: unknown pattern group {name!r}")
        return names

    conditional = []
    if "patterns_if" in entry:
        raw_if = check.mapping(entry["patterns_if"], f"{where} patterns_if", entry, "patterns_if")
        for name in raw_if:
            if name not in groups:
                raise check.fail(raw_if, name, f"{where}: unknown pattern group {name!r}")
            conditional.append((name, check.patterns(raw_if, name, f"{where} patterns_if")))
    cleared = check.strings(entry, "cleared_by", where) if "cleared_by" in entry \
        else DEFAULT_CLEARED_BY
    for ctx in cleared:
        if ctx not in CONTEXTS:
            raise check.fail(entry, "cleared_by", f"{where}: unknown context {ctx!r} "
                             f"(known: {', '.join(CONTEXTS)})")
    subsumes = check.strings(entry, "subsumes", where) if "subsumes" in entry else ()
    for other in subsumes:
        if not _CODE.match(other):
            raise check.fail(entry, "subsumes", f"{where}: {other!r} is not a rule code")
    trigger = None
    if "trigger" in entry:
        trigger = group_names("trigger")[0]
    markets = tuple(m.lower() for m in check.strings(entry, "markets", where)) \
        if "markets" in entry else ()
    return Rule(
        code=code, name=name, kind=kind, severity=severity,
        summary=str(entry.get("summary", name)).strip(),
        message=check.string(entry, "message", where),
        rationale=str(entry.get("rationale", "")).strip(),
        claimset=set_id,
        suggestion=str(entry["suggestion"]).strip() if entry.get("suggestion") else None,
        evidence=tuple(evidence),
        patterns=check.patterns(entry, "patterns", where) if "patterns" in entry else (),
        not_after=check.patterns(entry, "not_after", where) if "not_after" in entry else (),
        not_before=check.patterns(entry, "not_before", where) if "not_before" in entry else (),
        window=int(entry.get("window", 3)),
        patterns_if=tuple(conditional),
        cleared_by=cleared, subsumes=tuple(subsumes), trigger=trigger,
        satisfied_by=group_names("satisfied_by"),
        applies_unless=group_names("applies_unless"),
        applies_if=group_names("applies_if"),
        requires=group_names("requires"), markets=markets,
        anywhere_unless=group_names("anywhere_unless"),
        template=check.string(entry, "template", where) if "template" in entry else None,
        examples_bad=bad, examples_good=good,
        origin=f"{check.path}:{line_of(entry, 'code')}",
    )


def builtin_claimset_dir() -> Path:
    """The bundled claimsets: inside the installed package (the wheel maps the top-level
    ``claimsets/`` folder to ``linter/claimsets``), or beside the package in a checkout."""
    package = Path(__file__).resolve().parent
    for folder in (package / "claimsets", package.parent / "claimsets"):
        if folder.is_dir():
            return folder
    raise ConfigError(str(package / "claimsets"), None, "bundled claimsets are missing")


def builtin_claimset_paths() -> list[Path]:
    return sorted(builtin_claimset_dir().glob("*.yaml"))


def merge(claimsets: Iterable[Claimset]) -> RuleBook:
    """Merge claimsets; codes, term lists and group names must not collide."""
    claimsets = tuple(claimsets)
    rules: dict[str, Rule] = {}
    terms: dict[str, tuple[str, ...]] = {}
    groups: dict[str, PatternGroup] = {}
    cues: dict[str, list[Pattern]] = {}
    precedence: list[str] = []
    for cs in claimsets:
        for rule in cs.rules:
            if rule.code in rules:
                raise ConfigError(cs.path, int(rule.origin.rsplit(":", 1)[1] or 0),
                                  f"rule code {rule.code} is already defined in "
                                  f"{rules[rule.code].origin}")
            rules[rule.code] = rule
        for name, items in cs.terms.items():
            if name in terms and terms[name] != items:
                raise ConfigError(cs.path, None, f"term list {name!r} is already defined "
                                  "by another claimset")
            terms[name] = items
        for name, group in cs.groups.items():
            if name in groups and groups[name] != group:
                raise ConfigError(cs.path, None, f"pattern group {name!r} is already "
                                  "defined by another claimset")
            groups[name] = group
        for kind, pats in cs.cues.items():
            cues.setdefault(kind, []).extend(pats)
        precedence.extend(c for c in cs.precedence if c not in precedence)
    for rule in rules.values():
        if rule.patterns:
            groups[rule.group] = PatternGroup(rule.group, rule.patterns, rule.not_after,
                                              rule.window, rule.not_before)
        for condition, patterns in rule.patterns_if:
            name = rule.conditional_group(condition)
            groups[name] = PatternGroup(name, patterns, rule.not_after, rule.window,
                                        rule.not_before)
    return RuleBook(claimsets, tuple(rules.values()), terms, groups,
                    {k: tuple(v) for k, v in cues.items()}, tuple(precedence), rules)


def claimset_paths(extra: Iterable[str | Path] = (), builtin: bool = True) -> list[Path]:
    """The claimset files a run reads: the bundled ones (unless ``builtin`` is off), then
    the user's, in that order."""
    return [*(builtin_claimset_paths() if builtin else ()), *map(Path, extra)]


def load_rulebook(extra: Iterable[str | Path] = (), builtin: bool = True) -> RuleBook:
    return merge(load_claimset(p) for p in claimset_paths(extra, builtin))
