"""Project configuration: ``[tool.claimlint]`` in ``pyproject.toml`` or ``.claimlint.yaml``.

The file is found by walking up from the linted file's folder (or the working directory):
in each folder ``.claimlint.yaml`` (or ``.claimlint.yml``) wins over ``pyproject.toml``, and
a ``pyproject.toml`` without a ``[tool.claimlint]`` table is passed over. Keys::

    select = ["SCM"]                    # codes or prefixes to run ("ALL" for everything)
    ignore = ["SCM204"]                 # codes or prefixes to skip
    per-file-ignores = {"legal/*.md" = ["SCM203"]}
    claimsets = ["claims/house.yaml"]   # extra claimsets, relative to the config file
    market = "us"                       # us | eu | kr | jp
    fail-on = "warning"                 # error | warning | info
    include = ["*.md", "*.mdx"]         # which files in a folder are copy (default: the
                                        # .md/.markdown/.txt/.text/.html/.htm files)
    exclude = ["drafts", "vendor/**"]   # never linted, even when named on the command line

Globs are relative to the config file's folder (see :mod:`linter.globs`). A wrong key or
value raises :class:`linter.yamlload.ConfigError` naming the file, the key and (where it can
be found) the line.

API, shared by the CLI runner and the language server:

* ``load_for(path) -> Config``: the configuration that applies to a file (or folder),
  ``Config.default()`` when there is none. Cached per config file and invalidated when
  the file's mtime or size changes; call ``clear_cache()`` when a config file is created
  or deleted (the folder -> config file lookups are cached too).
* ``load(path) -> Config``: parse and validate one file (``--config PATH``).
* ``find_config(start) -> Path | None``: the discovery alone.
* ``Config.with_overrides(Overrides(...))``: command-line values replace the file's.
* ``Config.lint_options(model=None) -> LintOptions`` for :class:`linter.engine.Linter`.
* ``Config.ignored_codes_for(path)``: the per-file-ignores matching ``path``.
* ``Config.is_excluded(path)``, ``Config.is_copy(path)``: the exclude / include globs.
* ``Config.check_codes(known)``: raises ``ConfigError`` for a code no rule has.
* ``Config.watched_files``: the config file and its claimsets (for reloading).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from linter.documents import COPY_SUFFIXES
from linter.engine import LintOptions
from linter.findings import Severity
from linter.globs import match_any
from linter.yamlload import ConfigError, LineDict, line_of, load_yaml

MARKETS = ("us", "eu", "kr", "jp")
FAIL_ON = ("error", "warning", "info")
YAML_NAMES = (".claimlint.yaml", ".claimlint.yml")
KEYS = ("select", "ignore", "per-file-ignores", "claimsets", "market", "fail-on", "include",
        "exclude")
_CODE_OR_PREFIX = re.compile(r"^(?:ALL|[A-Z]{1,5}[0-9]{0,3})$")


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line; ``None`` keeps the file's value."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    market: str | None = None
    fail_on: str | None = None
    claimsets: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Config:
    """The effective settings for the files under one config file (or the defaults)."""

    path: Path | None = None  # the config file; None for the built-in defaults
    root: Path = field(default_factory=Path.cwd)  # absolute: where the globs start
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    claimsets: tuple[str, ...] = ()
    market: str = "us"
    fail_on: str = "warning"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def default(cls, root: str | Path | None = None) -> Config:
        return cls(root=Path(root or Path.cwd()).resolve())

    # --- what the runner and the server ask -------------------------------------------

    def with_overrides(self, overrides: Overrides) -> Config:
        changes = {k: v for k, v in vars(overrides).items() if v is not None}
        return replace(self, **changes)

    def lint_options(self, model: str | None = None) -> LintOptions:
        return LintOptions(claimsets=self.claimsets, model=model, market=self.market,
                           select=self.select, ignore=self.ignore)

    @property
    def fail_on_severity(self) -> Severity:
        return Severity.parse(self.fail_on)

    def relative(self, path: str | Path) -> str:
        """``path`` relative to the config folder, POSIX, for the globs."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.normpath(path)).as_posix()

    def ignored_codes_for(self, path: str | Path) -> tuple[str, ...]:
        rel = self.relative(path)
        return tuple(code for glob, codes in self.per_file_ignores
                     if match_any((glob,), rel) for code in codes)

    def is_excluded(self, path: str | Path) -> bool:
        return bool(self.exclude) and match_any(self.exclude, self.relative(path))

    def is_copy(self, path: str | Path) -> bool:
        """Whether a file found in a folder is copy to lint (the include globs)."""
        if self.include:
            return match_any(self.include, self.relative(path))
        return Path(path).suffix.lower() in COPY_SUFFIXES

    @property
    def watched_files(self) -> tuple[Path, ...]:
        return ((self.path,) if self.path else ()) + tuple(Path(c) for c in self.claimsets)

    def check_codes(self, known: Collection[str]) -> None:
        """Every code or prefix in select, ignore and per-file-ignores must name a rule.

        Call it on the file's values (before :meth:`with_overrides`)."""
        def check(key: str, codes: Iterable[str], shown: str) -> None:
            for code in unknown_codes(codes, known):
                raise ConfigError(_display(self.path or "<config>"),
                                  dict(self.lines).get(key),
                                  f"{self._prefix()}{shown}: {code!r} matches no rule "
                                  "code (`claimlint rules` lists them)")

        check("select", self.select, "select")
        check("ignore", self.ignore, "ignore")
        for glob, codes in self.per_file_ignores:
            check(f"per-file-ignores.{glob}", codes, f"per-file-ignores {glob!r}")

    def _prefix(self) -> str:
        return "[tool.claimlint] " if self.path and self.path.name == "pyproject.toml" else ""


def unknown_codes(codes: Iterable[str], known: Collection[str]) -> list[str]:
    """The codes or prefixes in ``codes`` that match no code in ``known``."""
    return [c for c in codes if c.upper() != "ALL"
            and not any(k.startswith(c.upper()) for k in known)]


# --- discovery and caching ----------------------------------------------------------------

_DIR_CACHE: dict[Path, Path | None] = {}
_FILE_CACHE: dict[Path, tuple[tuple[int, int], Config]] = {}
_DEFAULTS: dict[str, Config] = {}


def clear_cache() -> None:
    _DIR_CACHE.clear()
    _FILE_CACHE.clear()
    _DEFAULTS.clear()


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(re.search(r"^\s*\[\s*tool\s*\.\s*\"?claimlint\"?\s*[\].]", text, re.M))


def find_config(start: str | Path) -> Path | None:
    """The nearest config file at or above ``start`` (a folder, or a file's folder)."""
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    visited: list[Path] = []
    found: Path | None = None
    for candidate in (folder, *folder.parents):
        if candidate in _DIR_CACHE:
            found = _DIR_CACHE[candidate]
            break
        visited.append(candidate)
        hit = next((candidate / n for n in YAML_NAMES if (candidate / n).is_file()), None)
        if hit is None and (candidate / "pyproject.toml").is_file() \
                and _has_tool_table(candidate / "pyproject.toml"):
            hit = candidate / "pyproject.toml"
        if hit is not None:
            found = hit
            break
    for v in visited:
        _DIR_CACHE[v] = found
    return found


def load_for(path: str | Path) -> Config:
    """The configuration for a file or folder; the defaults (rooted at the working
    directory) when no config file is found."""
    found = find_config(path)
    if found:
        return load(found)
    cwd = os.getcwd()
    if cwd not in _DEFAULTS:
        _DEFAULTS[cwd] = Config.default(cwd)
    return _DEFAULTS[cwd]


def load(path: str | Path) -> Config:
    """Parse and validate one config file (cached while it does not change)."""
    path = Path(os.path.abspath(path))
    try:
        st = path.stat()
    except OSError:
        raise ConfigError(_display(path), None, "config file not found") from None
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _FILE_CACHE.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    config = _parse(path)
    _FILE_CACHE[path] = (stamp, config)
    return config


# --- parsing and validation ---------------------------------------------------------------

def _display(path: str | Path) -> str:
    """A path as the user would write it: relative to the working directory if inside."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd())
    return absolute if rel.startswith("..") else rel


def _parse(path: Path) -> Config:
    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, None, f"cannot read config file: {exc}") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"\(at line (\d+)", str(exc))
            raise ConfigError(shown, int(m.group(1)) if m else None,
                              f"invalid TOML: {exc}") from None
        table = data.get("tool", {}).get("claimlint", {})
        return _Validator(path, shown, "[tool.claimlint] ", _TomlLines(text)).build(table)
    data = load_yaml(text, shown)
    if data is None:
        data = LineDict()
        data.line, data.lines = 1, {}
    return _Validator(path, shown, "", _YamlLines(data)).build(data)


class _TomlLines:
    """Best-effort line numbers for keys of ``[tool.claimlint]`` (tomllib gives none)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.start = next((i for i, line in enumerate(self.lines)
                           if re.match(r"\s*\[\s*tool\s*\.\s*\"?claimlint\"?\s*[\].]", line)),
                          None)

    def __call__(self, key: str, sub: str | None = None) -> int | None:
        if self.start is None:
            return None
        for i in range(self.start, len(self.lines)):
            line = self.lines[i]
            if sub is not None:
                if re.match(rf"""\s*["']{re.escape(sub)}["']\s*=""", line) or \
                        f'"{sub}"' in line or f"'{sub}'" in line:
                    return i + 1
            elif re.match(rf"""\s*["']?{re.escape(key)}["']?\s*=""", line) or \
                    re.match(rf"\s*\[\s*tool\.claimlint\.{re.escape(key)}\s*\]", line):
                return i + 1
        return self.start + 1


class _YamlLines:
    def __init__(self, data: Any) -> None:
        self.data = data

    def __call__(self, key: str, sub: str | None = None) -> int | None:
        if sub is not None and isinstance(self.data, dict):
            return line_of(self.data.get(key), sub) or line_of(self.data, key)
        return line_of(self.data, key)


class _Validator:
    def __init__(self, path: Path, shown: str, prefix: str, lines: Any) -> None:
        self.path, self.shown, self.prefix, self.line_of = path, shown, prefix, lines
        self.root = path.parent

    def fail(self, key: str | None, message: str, sub: str | None = None) -> ConfigError:
        line = self.line_of(key, sub) if key else None
        where = f"{self.prefix}{key}" if key else self.prefix.rstrip()
        if sub is not None:
            where += f" {sub!r}"
        return ConfigError(self.shown, line, f"{where}: {message}")

    def build(self, table: Any) -> Config:
        if not isinstance(table, dict):
            raise ConfigError(self.shown, line_of(table),
                              f"{self.prefix or 'the file '}must be a table of settings")
        for key in table:
            if key not in KEYS:
                close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise self.fail(key, f"unknown key{hint}; known keys: {', '.join(KEYS)}")
        values: dict[str, Any] = {}
        if "select" in table:
            values["select"] = self.codes("select", table["select"])
        if "ignore" in table:
            values["ignore"] = self.codes("ignore", table["ignore"])
        if "per-file-ignores" in table:
            raw = table["per-file-ignores"]
            if not isinstance(raw, dict):
                raise self.fail("per-file-ignores", "must be a table of glob = [codes]")
            values["per_file_ignores"] = tuple(
                (self.glob("per-file-ignores", glob, sub=glob),
                 self.codes("per-file-ignores", codes, sub=str(glob)))
                for glob, codes in raw.items())
        if "claimsets" in table:
            claimsets = []
            for item in self.strings("claimsets", table["claimsets"]):
                target = (self.root / item).resolve()
                if not target.is_file():
                    raise self.fail("claimsets", f"no such claimset file {item!r} "
                                    f"(looked for {_display(target)})")
                claimsets.append(str(target))
            values["claimsets"] = tuple(claimsets)
        if "market" in table:
            values["market"] = self.choice("market", table["market"], MARKETS)
        if "fail-on" in table:
            values["fail_on"] = self.choice("fail-on", table["fail-on"], FAIL_ON)
        for key in ("include", "exclude"):
            if key in table:
                values[key] = tuple(self.glob(key, g)
                                    for g in self.strings(key, table[key]))
        lines = [(k, self.line_of(k)) for k in table]
        if isinstance(table.get("per-file-ignores"), dict):
            lines += [(f"per-file-ignores.{g}", self.line_of("per-file-ignores", str(g)))
                      for g in table["per-file-ignores"]]
        return Config(path=self.path, root=self.root, **values,
                      lines=tuple((k, v) for k, v in lines if v))

    def strings(self, key: str, value: Any, sub: str | None = None) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            raise self.fail(key, f"must be a list of strings, not {_show(value)}", sub)
        return tuple(v.strip() for v in value)

    def codes(self, key: str, value: Any, sub: str | None = None) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [c for c in re.split(r"[,\s]+", value) if c]
        codes = self.strings(key, value, sub)
        for code in codes:
            if not _CODE_OR_PREFIX.match(code.upper()):
                raise self.fail(key, f"{code!r} is not a rule code or prefix "
                                "(e.g. SCM201, SCM2, ALL)", sub)
        return tuple(c.upper() for c in codes)

    def glob(self, key: str, value: Any, sub: str | None = None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"a glob must be a non-empty string, not {_show(value)}", sub)
        return value.strip()

    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            raise self.fail(key, f"{_show(value)} is not one of {', '.join(allowed)}")
        return value.strip().lower()


def _show(value: Any) -> str:
    if isinstance(value, str | int | float | bool):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else type(value).__name__
