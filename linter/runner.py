"""One ``claimlint check`` run, as a chain of small steps each unaware of the others:

    paths -> files (walk, .gitignore, include/exclude) -> documents -> engine findings
    -> per-file ignores -> inline suppressions -> baseline -> reporter

The CLI only collects options into :class:`CheckOptions` and calls :func:`check`.

For the language server, :class:`Session` is the same chain for one document:
``Session(overrides).lint_document(document)`` finds the document's config, builds (once)
the engine for it, and returns the findings after per-file ignores and suppressions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, TextIO

from linter import baseline as baseline_file
from linter import config as config_mod
from linter import suppress
from linter.claimset import Rule, RuleBook
from linter.config import Config, Overrides, unknown_codes
from linter.documents import Document, UnreadableInput, printable_path, read_bytes, read_path
from linter.engine import Linter, select_rules
from linter.files import walk
from linter.findings import ExitCode, Finding, InputError
from linter.gcpause import paused_gc
from linter.nlp.matcher import cached_rulebook
from linter.progress import Progress
from linter.yamlload import ConfigError

#: Formats read by machines: never a progress bar, never colour.
MACHINE_FORMATS = frozenset({"json", "sarif", "github"})


class RunError(Exception):
    """A usage or configuration problem that ends the run with exit status 2."""


@dataclass(frozen=True)
class CheckOptions:
    paths: tuple[str, ...] = ()
    output_format: str = "text"
    overrides: Overrides = field(default_factory=Overrides)
    model: str | None = None
    stdin_filename: str | None = None
    config: str | None = None  # --config PATH: this file for every input
    use_config: bool = True  # False with --no-config
    baseline: str | None = None
    write_baseline: str | None = None
    jobs: int = 0  # 0: one process per CPU when there is enough copy (see auto_jobs)
    progress: bool = False  # the caller decides (terminal, text format)


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None
    source: str | None = None
    warnings: tuple[str, ...] = ()
    fail_on: int = 1


# --- configuration per file ----------------------------------------------------------------

class Configs:
    """The effective configuration for each input: its nearest config file (or ``--config``,
    or none with ``--no-config``) with the command-line overrides applied, checked once."""

    def __init__(self, overrides: Overrides | None = None, config_path: str | None = None,
                 use_config: bool = True) -> None:
        self.overrides = overrides or Overrides()
        self.fixed = config_mod.load(config_path) if config_path else None
        self.use_config = use_config
        self._effective: dict[Config, Config] = {}
        self.rulebooks: dict[tuple[str, ...], RuleBook] = {}

    def for_path(self, path: str | Path) -> Config:
        if self.fixed is not None:
            base = self.fixed
        elif self.use_config:
            base = config_mod.load_for(path)
        else:
            base = Config.default()
        effective = self._effective.get(base)
        if effective is None:
            effective = self._effective[base] = self._check(base)
        return effective

    def _check(self, base: Config) -> Config:
        effective = base.with_overrides(self.overrides)
        known = self.known_codes(effective.claimsets)
        if self.overrides.claimsets is None:
            base.check_codes(known)
        else:  # the file's codes may live in the claimsets it names
            base.check_codes(known | self.known_codes(base.claimsets))
        for option in ("select", "ignore"):
            bad = unknown_codes(getattr(self.overrides, option) or (), known)
            if bad:
                raise RunError(f"--{option}: {bad[0]!r} matches no rule code "
                               "(`claimlint rules` lists them)")
        return effective

    def known_codes(self, claimsets: tuple[str, ...]) -> set[str]:
        return set(self.rulebook(claimsets).by_code) | suppress.BUILTIN_CODES

    def rulebook(self, claimsets: tuple[str, ...]) -> RuleBook:
        if claimsets not in self.rulebooks:
            self.rulebooks[claimsets] = cached_rulebook(tuple(claimsets))
        return self.rulebooks[claimsets]

    def rules(self) -> list[Rule]:
        """Every rule of every rulebook used so far, and the built-in ones."""
        by_code: dict[str, Rule] = {}
        for book in self.rulebooks.values():
            for rule in book.rules:
                by_code.setdefault(rule.code, rule)
        for rule in suppress.BUILTIN_RULES:
            by_code.setdefault(rule.code, rule)
        return sorted(by_code.values(), key=lambda r: r.code)


# --- the engine and the findings chain -----------------------------------------------------

def _matches(code: str, prefixes: Sequence[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


def finish(document: Document, findings: Sequence[Finding], linter: Linter,
           config: Config) -> list[Finding]:
    """What follows the engine for one document: per-file ignores, then suppressions."""
    ignored = config.ignored_codes_for(document.path)
    kept = [f for f in findings if not _matches(f.code, ignored)]
    market = linter.options.market
    enabled = {r.code for r in linter.rules
               if (not r.markets or market in r.markets) and not _matches(r.code, ignored)}
    known = set(linter.rulebook.by_code) | suppress.BUILTIN_CODES
    report = {r.code for r in select_rules(suppress.BUILTIN_RULES, linter.options.select,
                                           linter.options.ignore)
              if not _matches(r.code, ignored)}
    return suppress.apply(document, kept, enabled=enabled, known=known, report=report)


class Linters:
    """One :class:`Linter` per distinct engine options, built on first use."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self._linters: dict[tuple[object, ...], Linter] = {}

    def for_config(self, config: Config) -> Linter:
        options = config.lint_options(self.model)
        key = dataclasses.astuple(options)
        if key not in self._linters:
            with paused_gc():  # see linter.gcpause
                self._linters[key] = Linter(options)
        return self._linters[key]

    def lint(self, document: Document, config: Config) -> list[Finding]:
        linter = self.for_config(config)
        return finish(document, linter.lint_document(document), linter, config)

    def lint_paths(self, items: Sequence[tuple[str, Config]], keep_source: bool = False,
                   stdin_filename: str | None = None,
                   batch_size: int = 32) -> Iterator[FileResult]:
        """Read and lint files in order, batching consecutive files that share a config."""
        for config, group in groupby(items, key=lambda item: item[1]):
            paths = [path for path, _ in group]
            linter = self.for_config(config)
            for i in range(0, len(paths), batch_size):
                yield from self._batch(paths[i:i + batch_size], config, linter, keep_source,
                                       stdin_filename)

    def _batch(self, paths: list[str], config: Config, linter: Linter, keep_source: bool,
               stdin_filename: str | None) -> Iterator[FileResult]:
        results: list[FileResult] = []
        documents: list[tuple[FileResult, Document]] = []
        for path in paths:
            try:
                if path == "-":
                    document = read_bytes(sys.stdin.buffer.read(),
                                          stdin_filename or "<stdin>")
                else:
                    document = read_path(path)
            except UnreadableInput as exc:
                shown = printable_path(path)
                results.append(FileResult(shown, error=InputError(shown, str(exc))))
                continue
            result = FileResult(document.path, source=document.source if keep_source
                                else None, fail_on=int(config.fail_on_severity))
            results.append(result)
            documents.append((result, document))
        seen = len(linter.warnings)
        try:
            linted = list(linter.lint_documents([d for _, d in documents]))
        except Exception:  # one bad document must not stop the others
            linted = [_lint_alone(linter, d) for _, d in documents]
        for (result, _), (document, found) in zip(documents, linted, strict=True):
            if isinstance(found, InputError):
                result.error, result.source = found, None
                continue
            result.findings = finish(document, found, linter, config)
        new_warnings = tuple(linter.warnings[seen:])
        if results:
            results[0].warnings = new_warnings
        yield from results


def _lint_alone(linter: Linter, document: Document) -> tuple[Document, list[Finding] | InputError]:
    """Lint one document by itself, turning an engine failure into an input error."""
    try:
        return document, linter.lint_document(document)
    except Exception as exc:  # reported, and the run goes on
        return document, InputError(document.path, f"could not be linted: {exc!r}")


class Session:
    """Configs and engines together: the whole chain for one document (the server's way in).

    ``Session(Overrides(...), model=None).lint_document(document)`` -> findings, using the
    config found upward from ``document.path``."""

    def __init__(self, overrides: Overrides | None = None, model: str | None = None,
                 config_path: str | None = None, use_config: bool = True) -> None:
        self.configs = Configs(overrides, config_path, use_config)
        self.linters = Linters(model)

    def lint_document(self, document: Document) -> list[Finding]:
        config = self.configs.for_path(document.path)
        if config.is_excluded(document.path):
            return []
        return self.linters.lint(document, config)


# --- parallel runs -------------------------------------------------------------------------

_WORKER: Linters | None = None


@dataclass
class _Failure:
    message: str


def _init_worker(model: str | None) -> None:
    global _WORKER
    _WORKER = Linters(model)


def _lint_chunk(task: tuple[list[tuple[str, Config]], bool]) -> list[FileResult] | _Failure:
    items, keep_source = task
    assert _WORKER is not None
    try:
        return list(_WORKER.lint_paths(items, keep_source))
    except (ConfigError, ValueError) as exc:  # sent back as text: ConfigError won't pickle
        return _Failure(str(exc))


def _parallel(items: list[tuple[str, Config]], jobs: int, model: str | None,
              keep_source: bool) -> Iterator[FileResult]:
    global _WORKER
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunks = [(chunk, keep_source) for chunk in guided_chunks(items, jobs)]
    initializer: Any = _init_worker
    if context.get_start_method() == "fork":
        # build the engine once, here: forked workers inherit it instead of each building
        # their own (a bad model or claimset then fails before any process starts)
        _WORKER = Linters(model)
        try:
            _WORKER.for_config(items[0][1])
        except (ConfigError, ValueError) as exc:
            raise RunError(str(exc)) from None
        initializer = None
    with context.Pool(jobs, initializer=initializer,
                      initargs=(model,) if initializer else ()) as pool:
        for result in pool.imap(_lint_chunk, chunks):  # imap keeps the input order
            if isinstance(result, _Failure):
                raise RunError(result.message)
            yield from result


#: Below this much input, starting processes costs more than it saves.
PARALLEL_MIN_BYTES = 256 * 1024
#: The smallest chunk of files sent to a worker, in bytes (a chunk is at least one file).
MIN_CHUNK_BYTES = 16 * 1024


def guided_chunks(items: list[tuple[str, Config]], jobs: int) -> list[list[tuple[str, Config]]]:
    """Consecutive runs of the inputs for the workers, largest first: each takes a share
    of the bytes still left (guided self-scheduling), so that early chunks are big (few
    round trips) and the last ones small (no worker idles long while another finishes)."""
    sizes = []
    for path, _ in items:
        try:
            sizes.append(os.stat(path).st_size)
        except OSError:
            sizes.append(0)
    left = sum(sizes)
    chunks: list[list[tuple[str, Config]]] = []
    i = 0
    while i < len(items):
        budget = max(left / (4 * jobs), MIN_CHUNK_BYTES)
        j, taken = i, 0
        while j < len(items) and (j == i or taken < budget):
            taken += sizes[j]
            j += 1
        chunks.append(items[i:j])
        left -= taken
        i = j
    return chunks


def auto_jobs(files: Sequence[str]) -> int:
    """``--jobs 0``: one process per CPU when the files add up to enough copy, else one."""
    cpus = os.cpu_count() or 1
    if cpus < 2 or len(files) < 2:
        return 1
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += os.stat(path).st_size
        if total >= PARALLEL_MIN_BYTES:
            return cpus
    return 1


# --- the run -------------------------------------------------------------------------------

def collect(options: CheckOptions, configs: Configs) -> list[tuple[str, Config]]:
    """The inputs to lint, each with its effective configuration."""
    stdin_at = options.stdin_filename or os.getcwd()

    def config_of(path: str) -> Config:
        return configs.for_path(stdin_at if path == "-" else path)

    def excluded(path: str) -> bool:
        # a folder is excluded (or not) by the config above it, not by one inside it
        owner = os.path.dirname(os.path.abspath(path)) if os.path.isdir(path) else path
        return config_of(owner).is_excluded(path)

    paths = walk(list(options.paths) or ["."],
                 is_copy=lambda p: config_of(p).is_copy(p), excluded=excluded)
    return [(path, config_of(path)) for path in paths]


def check(options: CheckOptions, stdout: TextIO, stderr: TextIO,
          color: bool = False) -> ExitCode:
    """Run ``claimlint check``; writes the report to ``stdout`` and returns the exit status.
    Raises :class:`RunError` or :class:`ConfigError` for exit status 2."""
    from linter.report import Report, reporters

    if options.baseline and options.write_baseline:
        raise RunError("--baseline and --write-baseline cannot be used together")
    if options.jobs < 0:
        raise RunError("--jobs must be 0 (one per CPU) or more")
    writer = reporters().get(options.output_format)
    if writer is None:
        raise RunError(f"unknown format {options.output_format!r}")
    known_baseline = baseline_file.load(options.baseline) if options.baseline else None

    config_mod.clear_cache()  # a long-lived process (tests, a server) may have seen edits
    configs = Configs(options.overrides, options.config, options.use_config)
    items = collect(options, configs)
    keep_source = options.output_format == "text"
    files = [p for p, _ in items if p != "-"]
    jobs = options.jobs or auto_jobs(files)
    if jobs > 1 and len(files) > 1 and len(files) == len(items):
        results = _parallel(items, min(jobs, len(items)), options.model, keep_source)
    else:
        results = Linters(options.model).lint_paths(items, keep_source,
                                                    options.stdin_filename)

    progress = Progress(len(items), stderr) if options.progress and len(items) > 1 else None
    findings: list[Finding] = []
    errors: list[InputError] = []
    sources: dict[str, str] = {}
    warnings: list[str] = []
    fail_on: dict[str, int] = {}
    linted = 0
    try:
        for result in results:
            if progress:
                progress.advance(result.path)
            warnings.extend(w for w in result.warnings if w not in warnings)
            if result.error:
                errors.append(result.error)
                continue
            linted += 1
            findings.extend(result.findings)
            fail_on[result.path] = result.fail_on
            if result.source is not None:
                sources[result.path] = result.source
    except (ConfigError, ValueError) as exc:
        raise RunError(str(exc)) from None
    finally:
        if progress:
            progress.close()

    if options.write_baseline:
        count = baseline_file.write(options.write_baseline, findings)
        stderr.write(f"claimlint: wrote {count} finding{'s' if count != 1 else ''} to the "
                     f"baseline {options.write_baseline}\n")
        return ExitCode.ERROR if errors else ExitCode.OK
    if known_baseline is not None:
        findings = known_baseline.filter(findings)

    report = Report(findings, errors, linted, None, sources, rules=configs.rules())
    writer(report, stdout, color and options.output_format not in MACHINE_FORMATS)
    for warning in warnings:
        stderr.write(f"claimlint: warning: {warning}\n")
    if not items and options.output_format == "text":
        stderr.write("claimlint: warning: no copy files found in the given paths\n")
    if errors:
        return ExitCode.ERROR
    if any(f.severity >= fail_on.get(f.path, 1) for f in findings):
        return ExitCode.FINDINGS
    return ExitCode.OK
