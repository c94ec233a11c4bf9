"""The baseline: findings accepted today, so that a run reports only new ones.

``claimlint check --write-baseline F`` records the findings; ``--baseline F`` drops every
finding recorded in F. A finding is recognised by its fingerprint: the file (relative to
the baseline's folder), the code, the offending words (case and spacing normalised) and
which occurrence of those words it is in the file. No line numbers, so copy that moves up
or down, or text edited around a finding, keeps it recognised; changing the words
themselves makes it a new finding.

File format (JSON, sorted, stable for version control)::

    {"version": 1, "tool": "claimlint",
     "findings": [{"path": "copy/serum.md", "code": "SCM201", "text": "heals acne",
                   "fingerprint": "3f2a..."}]}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from linter.findings import Finding
from linter.yamlload import ConfigError

VERSION = 1


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _relative(path: str, root: Path) -> str:
    if path.startswith("<"):  # <stdin>
        return path
    rel = os.path.relpath(os.path.abspath(path), root)
    return Path(rel).as_posix()


def fingerprints(findings: Iterable[Finding], root: str | Path) -> list[str]:
    """One fingerprint per finding (in the given order), paths taken relative to ``root``."""
    root = Path(os.path.abspath(root))
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for f in findings:
        key = (_relative(f.path, root), f.code, _normal(f.text))
        index = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(index))).encode("utf-8"))
        result.append(digest.hexdigest()[:32])
    return result


def write(path: str | Path, findings: Sequence[Finding]) -> int:
    """Record ``findings`` in the baseline file ``path``; returns how many."""
    root = Path(os.path.abspath(path)).parent
    prints = fingerprints(findings, root)
    entries = [{"path": _relative(f.path, root), "code": f.code, "text": f.text,
                "fingerprint": fp} for f, fp in zip(findings, prints, strict=True)]
    entries.sort(key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    data = {"version": VERSION, "tool": "claimlint", "findings": entries}
    try:
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), None, f"cannot write baseline: {exc.strerror}") from None
    return len(entries)


@dataclass(frozen=True)
class Baseline:
    path: str
    root: Path
    known: frozenset[str]

    def filter(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings that are not in the baseline."""
        prints = fingerprints(findings, self.root)
        return [f for f, fp in zip(findings, prints, strict=True) if fp not in self.known]


def load(path: str | Path) -> Baseline:
    """Read a baseline file; a missing or malformed file is a :class:`ConfigError`."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(shown, None, "baseline file not found (create it with "
                          "--write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, None, f"cannot read baseline: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(shown, exc.lineno, f"invalid baseline JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("tool") != "claimlint" \
            or not isinstance(data.get("findings"), list):
        raise ConfigError(shown, None, "not a claimlint baseline (expected an object with "
                          "\"tool\": \"claimlint\" and a \"findings\" list)")
    if data.get("version") != VERSION:
        raise ConfigError(shown, None, f"unsupported baseline version {data.get('version')!r}"
                          f" (this claimlint writes version {VERSION})")
    known = set()
    for i, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(shown, None, f"findings[{i}] has no \"fingerprint\" string")
        known.add(entry["fingerprint"])
    return Baseline(shown, Path(os.path.abspath(path)).parent, frozenset(known))
