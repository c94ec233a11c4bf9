"""Path globs, as the configuration and ``.gitignore`` write them.

``*`` and ``?`` stay inside one path segment, ``**`` crosses segments, ``[...]`` is a
character class (``[!...]`` negated). Paths are matched in POSIX form, relative to the
folder that holds the file the glob came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=1024)
def translate(pattern: str) -> re.Pattern[str]:
    """Compile a glob to a regex matching a whole relative POSIX path."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                before_ok = i == 0 or pattern[i - 1] == "/"
                after = i + 2
                if before_ok and pattern.startswith("/", after):
                    out.append("(?:.*/)?")  # "**/" : zero or more folders
                    i = after + 1
                    continue
                if before_ok and after == n:
                    out.append(".*")
                    i = after
                    continue
                out.append("[^/]*")  # "a**b" is just "a*b", as in git
                i = after
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] in "!^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: a literal "["
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                negate = body[:1] in ("!", "^")
                if negate:
                    body = body[1:]
                body = "".join("\\" + ch if ch in "\\[]^&~|" else ch for ch in body)
                out.append(f"[^/{body}]" if negate else f"[{body}]")
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Glob:
    """One configuration glob.

    A glob without a ``/`` matches a file or folder name at any depth (``drafts`` and
    ``*.txt``); one with a ``/`` matches from the config folder (``legal/**/*.md``). A glob
    that matches a folder also matches everything inside it.
    """

    pattern: str

    def matches(self, relpath: str) -> bool:
        pattern = self.pattern.strip()
        if pattern.startswith("./"):
            pattern = pattern[2:]
        pattern = pattern.rstrip("/") or pattern
        parts = [p for p in relpath.split("/") if p and p != "."]
        if not parts:
            return False
        regex = translate(pattern.lstrip("/"))
        if "/" not in pattern:
            return any(regex.match(part) for part in parts)
        return any(regex.match("/".join(parts[:k])) for k in range(1, len(parts) + 1))


def match_any(patterns: tuple[str, ...] | list[str], relpath: str) -> bool:
    return any(Glob(p).matches(relpath) for p in patterns)


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One line of a ``.gitignore``, relative to the folder ``base`` (POSIX, '' = root)."""

    base: str
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    anchored: bool

    def matches(self, relpath: str, is_dir: bool) -> bool:
        if self.dir_only and not is_dir:
            return False
        if self.base:
            if not relpath.startswith(self.base + "/"):
                return False
            relpath = relpath[len(self.base) + 1:]
        if self.anchored:
            return bool(self.regex.match(relpath))
        return bool(self.regex.match(relpath.rsplit("/", 1)[-1]))


def parse_gitignore(text: str, base: str = "") -> list[IgnoreRule]:
    """The rules of a ``.gitignore`` file (git's syntax, without its rarer corners)."""
    rules = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if not line or line.startswith("#"):
            continue
        # trailing spaces are dropped unless escaped
        stripped = line.rstrip(" ")
        if stripped.endswith("\\") and len(stripped) < len(line):
            stripped += " "
        line = stripped
        negate = line.startswith("!")
        if negate or line.startswith("\\!") or line.startswith("\\#"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        rules.append(IgnoreRule(base, translate(line), negate, dir_only, anchored))
    return rules


def ignored(rules: list[IgnoreRule], relpath: str, is_dir: bool) -> bool:
    """git's verdict: the last matching rule wins; ``!`` re-includes."""
    verdict = False
    for rule in rules:
        if rule.matches(relpath, is_dir):
            verdict = not rule.negate
    return verdict
