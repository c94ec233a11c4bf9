"""``claimlint lsp``: the language server (pygls), on stdio.

This module holds the server and its lifecycle: initialization, document sync, scheduling
the lints and publishing diagnostics, configuration reloads. Each request's answer is built
by its own module: :mod:`~linter.lsp.diagnostics`, :mod:`~linter.lsp.hover`,
:mod:`~linter.lsp.code_actions`.

Scheduling. A change restarts a short timer (``debounce``, default 15 ms); when it fires,
the document is linted on the ``fast`` worker thread (:mod:`~linter.lsp.linting`: only the
paragraphs the edit touched) and published with the version it describes. Changes that
arrive within the debounce window cost one lint together; changes that arrive while a lint
runs are picked up by one more lint when it ends: per document, at most one lint runs and
one waits, however fast the changes come. If that lint was incremental, a whole-document lint
follows on the ``background`` thread once the document has been quiet for ``wholeDelay``
(default 400 ms), and its exact result is published if the document is still at that
version. The engines are built once per configuration and reused; the CLI is never run.

Initialization options (all optional)::

    {"debounce": 15, "wholeDelay": 400, "ruleUrl": "claimlint-rule:{code}",
     "select": ["SCM"], "ignore": ["SCM204"], "market": "eu", "claimsets": ["x.yaml"],
     "model": null}

``select``/``ignore``/``market``/``claimsets`` override the project configuration, as the
same command-line options do.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from linter import __version__
from linter.claimset import Rule
from linter.config import MARKETS, Overrides
from linter.documents import COPY_SUFFIXES, Document, read_text
from linter.explain import explain_rule
from linter.findings import Finding
from linter.lsp import code_actions as actions_mod
from linter.lsp import hover as hover_mod
from linter.lsp.diagnostics import DEFAULT_RULE_URL, to_diagnostics
from linter.lsp.linting import Engines, Outcome, Throughput
from linter.lsp.positions import UTF16, LineIndex
from linter.lsp.project import WATCHED_GLOBS, Project, Settings
from linter.lsp.sync import LANGUAGE_SUFFIX, OpenDocument, Published
from linter.runner import finish
from linter.suppress import BUILTIN_RULES

log = logging.getLogger("claimlint.lsp")

DEFAULT_DEBOUNCE = 0.015
DEFAULT_WHOLE_DELAY = 0.4
EXPLAIN_COMMAND = "claimlint.explainRule"


@dataclass
class _Dropped:
    """Stands for a message that could not be read; pygls ignores a non-2.0 message."""

    jsonrpc: str = "dropped"


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, with two changes: the open documents are kept by the server
    (:mod:`linter.lsp.sync`, with LSP's line rules), not by pygls; and a request whose
    params cannot be read is answered with an error (pygls would log it and never answer,
    leaving the client waiting)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            msg_id = data.get("id")
            if isinstance(msg_id, str | int) and isinstance(data.get("method"), str):
                self._send_response(msg_id, error=types.ResponseError(
                    code=exc.code, message=f"{exc.message}: cannot read the params of "
                    f"{data['method']}"))
            return _Dropped()

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self,
                                      params: types.DidChangeTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


@dataclass
class _Result:
    """One lint, ready to publish."""

    document: Document
    findings: list[Finding]
    rules: Mapping[str, Rule]
    exact: bool
    diagnostics: list[types.Diagnostic]


class ClaimlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("claimlint", __version__, protocol_cls=_Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.documents: dict[str, OpenDocument] = {}
        self.engines = Engines()
        self.project = Project()
        self.throughput = Throughput()
        self.debounce = DEFAULT_DEBOUNCE
        self.whole_delay = DEFAULT_WHOLE_DELAY
        self.rule_url = DEFAULT_RULE_URL
        self.problems: list[str] = []
        self._reported: set[str] = set()

    # -- small helpers ---------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            return str(self.workspace.position_encoding or UTF16)
        except RuntimeError:  # not initialized
            return UTF16

    def index(self, text: str) -> LineIndex:
        return LineIndex(text, self.encoding)

    def report(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """Tell the user once about a problem (a bad config), and log it every time."""
        log.warning("%s", message)
        self.window_log_message(types.LogMessageParams(type=kind, message=message))
        if message not in self._reported:
            self._reported.add(message)
            self.window_show_message(types.ShowMessageParams(type=kind,
                                                             message=f"claimlint: {message}"))

    def settings_for(self, doc: OpenDocument) -> Settings:
        settings = self.project.settings_for(doc.path)
        if settings.error:
            self.report(f"{settings.error} (using the default settings)")
        return settings

    def is_copy(self, doc: OpenDocument, settings: Settings) -> bool:
        path = doc.path
        if path is not None and settings.config.is_excluded(path):
            return False
        if doc.language_id in LANGUAGE_SUFFIX:
            return True
        if path is not None:
            return settings.config.is_copy(path)
        return os.path.splitext(doc.reader_path)[1].lower() in COPY_SUFFIXES

    # -- scheduling ------------------------------------------------------------------------

    def schedule(self, doc: OpenDocument, delay: float, invalidate: bool = False) -> None:
        """Lint ``doc`` after ``delay`` seconds without changes. ``invalidate``: what was
        linted before (or is being linted now) no longer counts, even for the same text
        (the configuration changed)."""
        if invalidate:
            doc.epoch += 1
            doc.lint.clear()
        if doc.whole is not None:
            doc.whole.cancel()
            doc.whole = None
        if doc.running:
            return  # the running lint loops until it has linted the latest version
        if doc.pending is not None and not doc.pending.done():
            doc.pending.cancel()
        doc.pending = asyncio.ensure_future(self._lint_loop(doc, delay))

    async def _lint_loop(self, doc: OpenDocument, delay: float) -> None:
        await asyncio.sleep(delay)
        loop = asyncio.get_running_loop()
        doc.running = True
        try:
            while not doc.closed:
                version, text, epoch = doc.version, doc.text, doc.epoch
                settings = self.settings_for(doc)
                if not self.is_copy(doc, settings):
                    self.publish(doc, None, version)
                    return
                started = time.perf_counter()
                try:
                    result = await loop.run_in_executor(
                        self.engines.fast, self._lint_fast, doc, text, settings)
                except Exception as exc:  # a bad claimset, an engine bug: report, stay up
                    log.exception("lint failed for %s", doc.uri)
                    self.report(f"cannot lint {doc.reader_path}: {exc}")
                    return
                doc.lints += 1
                if doc.closed:
                    return
                if (doc.version, doc.text, doc.epoch) == (version, text, epoch):
                    self.publish(doc, result, version)
                    log.debug("%s v%s: %s lint and publish in %.1f ms", doc.uri, version,
                              "whole" if result.exact else "incremental",
                              1000 * (time.perf_counter() - started))
                    if not result.exact:
                        self._schedule_whole(doc)
                    return
                await asyncio.sleep(delay)  # changed meanwhile: let the burst finish
        finally:
            doc.running = False

    def _lint_fast(self, doc: OpenDocument, text: str, settings: Settings) -> _Result:
        linter = self.engines.get("fast", settings)
        document = read_text(text, doc.reader_path)
        started = time.perf_counter()
        outcome = doc.lint.lint(linter, document, self.throughput.seconds_per_char)
        if outcome.exact:
            self.throughput.timed(document, started)
        return self._finish(document, outcome, linter, settings)

    def _lint_whole(self, doc: OpenDocument, text: str, settings: Settings) -> _Result:
        generation = doc.lint.generation
        linter = self.engines.get("background", settings)
        document = read_text(text, doc.reader_path)
        started = time.perf_counter()
        outcome = Outcome(linter.lint_document(document), exact=True)
        self.throughput.timed(document, started)
        doc.lint.record_whole(linter, document, outcome.findings, generation)
        return self._finish(document, outcome, linter, settings)

    def _finish(self, document: Document, outcome: Outcome, linter: Any,
                settings: Settings) -> _Result:
        """After the engine, still on the worker thread: per-file ignores, suppressions,
        and the conversion to diagnostics."""
        findings = finish(document, outcome.findings, linter, settings.config)
        rules: dict[str, Rule] = {r.code: r for r in BUILTIN_RULES}
        rules.update(linter.rulebook.by_code)
        diagnostics = to_diagnostics(findings, self.index(document.source), self.rule_url)
        return _Result(document, findings, rules, outcome.exact, diagnostics)

    def _schedule_whole(self, doc: OpenDocument) -> None:
        loop = asyncio.get_running_loop()
        doc.whole = loop.call_later(self.whole_delay,
                                    lambda: asyncio.ensure_future(self._whole(doc)))

    async def _whole(self, doc: OpenDocument) -> None:
        doc.whole = None
        if doc.closed:
            return
        version, text, epoch = doc.version, doc.text, doc.epoch
        settings = self.settings_for(doc)
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.engines.background, self._lint_whole,
                                                doc, text, settings)
        except Exception:
            log.exception("whole-document lint failed for %s", doc.uri)
            return
        if not doc.closed and (doc.version, doc.text, doc.epoch) == (version, text, epoch):
            self.publish(doc, result, version)

    def publish(self, doc: OpenDocument, result: _Result | None, version: int | None) -> None:
        if result is None:
            doc.published = None
            diagnostics: list[types.Diagnostic] = []
        else:
            doc.published = Published(version, result.document, result.findings,
                                      result.rules, result.exact)
            diagnostics = result.diagnostics
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=doc.uri, diagnostics=diagnostics, version=version))

    def relint_all(self) -> None:
        for doc in self.documents.values():
            self.schedule(doc, 0, invalidate=True)

    def reload(self) -> None:
        """Configuration or claimsets changed: rebuild the engines, lint everything again."""
        self.project.reload()
        self.engines.clear()
        self._reported.clear()
        self.relint_all()

    def current(self, uri: str) -> Published | None:
        """The published lint of ``uri`` if it describes the text the client has now."""
        doc = self.documents.get(uri)
        if doc is None or doc.published is None:
            return None
        if doc.published.document.source != doc.text:
            return None
        return doc.published


# -- handlers -----------------------------------------------------------------------------

@dataclass
class ServerOptions:
    """The initialization options, read leniently: a bad value is reported and ignored."""

    debounce: float = DEFAULT_DEBOUNCE
    whole_delay: float = DEFAULT_WHOLE_DELAY
    rule_url: str = DEFAULT_RULE_URL
    overrides: Overrides = field(default_factory=Overrides)
    model: str | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, raw: object) -> ServerOptions:
        result = cls()
        if raw is None:
            return result
        if not isinstance(raw, dict):
            result.problems.append("initializationOptions must be an object")
            return result
        overrides: dict[str, Any] = {}
        for key, value in raw.items():
            try:
                if key in ("debounce", "wholeDelay"):
                    seconds = float(value) / 1000
                    if not 0 <= seconds <= 10:
                        raise ValueError("must be between 0 and 10000 (milliseconds)")
                    setattr(result, "debounce" if key == "debounce" else "whole_delay",
                            seconds)
                elif key == "ruleUrl":
                    if value:
                        result.rule_url = str(value)
                elif key in ("select", "ignore"):
                    if value is not None:
                        items = [value] if isinstance(value, str) else list(value)
                        overrides[key] = tuple(c.strip().upper() for v in items
                                               for c in str(v).split(",") if c.strip())
                elif key == "market":
                    if value:
                        if str(value).lower() not in MARKETS:
                            raise ValueError(f"must be one of {', '.join(MARKETS)}")
                        overrides["market"] = str(value).lower()
                elif key == "claimsets":
                    if value:
                        items = [value] if isinstance(value, str) else list(value)
                        overrides["claimsets"] = tuple(os.path.abspath(str(c)) for c in items)
                elif key == "model":
                    result.model = str(value) if value else None
                else:
                    raise ValueError("unknown option")
            except (TypeError, ValueError) as exc:
                result.problems.append(f"initialization option {key!r} ignored: {exc}")
        result.overrides = Overrides(**overrides)
        return result


def _initialize(ls: ClaimlintServer, params: types.InitializeParams) -> None:
    options = ServerOptions.parse(params.initialization_options)
    ls.debounce, ls.whole_delay = options.debounce, options.whole_delay
    ls.rule_url = options.rule_url
    ls.problems = options.problems
    root = None
    if params.workspace_folders:
        root = to_fs_path(params.workspace_folders[0].uri)
    elif params.root_uri:
        root = to_fs_path(params.root_uri)
    ls.project = Project(options.overrides, options.model, root)
    # Build the engine for the workspace's settings now, not on the first keystroke.
    settings = ls.project.settings_for(None)
    ls.engines.fast.submit(_warm, ls.engines, settings)


def _warm(engines: Engines, settings: Settings) -> None:
    try:
        engines.get("fast", settings)
    except Exception:  # reported when a document is linted
        log.exception("cannot build the engine")


async def _initialized(ls: ClaimlintServer, params: types.InitializedParams) -> None:
    for problem in ls.problems:
        ls.report(problem, types.MessageType.Warning)
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps else None
    if watched is None or not watched.dynamic_registration:
        return
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[
            types.Registration(
                id="claimlint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern=g) for g in WATCHED_GLOBS]))]))
    except Exception:
        log.exception("the client refused the file watchers")


def _did_open(ls: ClaimlintServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    old = ls.documents.get(item.uri)
    if old is not None:
        old.closed = True
    doc = OpenDocument(uri=item.uri, text=item.text, version=item.version,
                       language_id=item.language_id)
    ls.documents[item.uri] = doc
    ls.schedule(doc, 0)


def _did_change(ls: ClaimlintServer, params: types.DidChangeTextDocumentParams) -> None:
    doc = ls.documents.get(params.text_document.uri)
    if doc is None:
        log.warning("change to a document that is not open: %s", params.text_document.uri)
        return
    doc.apply(params.content_changes, params.text_document.version, ls.encoding)
    ls.schedule(doc, ls.debounce)


def _did_close(ls: ClaimlintServer, params: types.DidCloseTextDocumentParams) -> None:
    doc = ls.documents.pop(params.text_document.uri, None)
    if doc is None:
        return
    doc.closed = True
    if doc.pending is not None and not doc.running:
        doc.pending.cancel()
    if doc.whole is not None:
        doc.whole.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=doc.uri, diagnostics=[]))


def _did_save(ls: ClaimlintServer, params: types.DidSaveTextDocumentParams) -> None:
    # Config files created or deleted since are found again; changed ones are re-read by
    # their mtime anyway.
    from linter import config as config_mod

    config_mod.clear_cache()
    doc = ls.documents.get(params.text_document.uri)
    if doc is not None:
        ls.schedule(doc, 0, invalidate=True)  # a whole-document lint, with fresh settings


def _did_change_watched_files(ls: ClaimlintServer,
                              params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        path = to_fs_path(change.uri) or change.uri
        if ls.project.is_watched(path):
            log.info("reloading: %s changed", path)
            ls.reload()
            return


def _hover(ls: ClaimlintServer, params: types.HoverParams) -> types.Hover | None:
    published = ls.current(params.text_document.uri)
    if published is None:
        return None
    caps = ls.client_capabilities.text_document
    formats = caps.hover.content_format if caps and caps.hover else None
    markdown = not formats or types.MarkupKind.Markdown in formats
    return hover_mod.hover(published.findings, published.rules,
                           ls.index(published.document.source), params.position,
                           ls.rule_url, markdown)


def _code_action(ls: ClaimlintServer,
                 params: types.CodeActionParams) -> list[types.CodeAction] | None:
    published = ls.current(params.text_document.uri)
    if published is None:
        return None
    only = params.context.only
    if only and not any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
        return None
    caps = ls.client_capabilities.workspace
    edit_caps = caps.workspace_edit if caps else None
    versioned = bool(edit_caps and edit_caps.document_changes)
    return actions_mod.code_actions(
        params.text_document.uri, published.version, published.document,
        published.findings, published.rules, ls.index(published.document.source),
        params.range, ls.rule_url, versioned)


def _explain(ls: ClaimlintServer, code: str) -> str | None:
    """``workspace/executeCommand`` ``claimlint.explainRule [CODE]``: the rule's Markdown
    explanation (what ``claimlint explain CODE`` prints), or null for an unknown code."""
    code = str(code).strip().upper()
    rules: dict[str, Rule] = {r.code: r for r in BUILTIN_RULES}
    for doc in ls.documents.values():
        if doc.published is not None:
            rules.update(doc.published.rules)
    if code not in rules:
        claimsets = ls.project.settings_for(None).config.claimsets
        rules.update(ls.project.configs.rulebook(claimsets).by_code)
    rule = rules.get(code)
    return explain_rule(rule) if rule is not None else None


def _shutdown(ls: ClaimlintServer, params: None) -> None:
    for doc in ls.documents.values():
        doc.closed = True
        if doc.whole is not None:
            doc.whole.cancel()
    ls.engines.shutdown()


def create_server() -> ClaimlintServer:
    ls = ClaimlintServer()
    ls.feature(types.INITIALIZE)(_initialize)
    ls.feature(types.INITIALIZED)(_initialized)
    ls.feature(types.TEXT_DOCUMENT_DID_OPEN)(_did_open)
    ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)(_did_change)
    ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)(_did_close)
    ls.feature(types.TEXT_DOCUMENT_DID_SAVE,
               types.TextDocumentSaveRegistrationOptions(include_text=False))(_did_save)
    ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(_did_change_watched_files)
    ls.feature(types.TEXT_DOCUMENT_HOVER)(_hover)
    ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))(_code_action)
    ls.command(EXPLAIN_COMMAND)(_explain)
    ls.feature(types.SHUTDOWN)(_shutdown)
    return ls


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="claimlint-lsp %(levelname)s %(name)s: %(message)s")
    # CLAIMLINT_LOG=DEBUG logs each lint with its duration (to stderr, as all logging).
    logging.getLogger("claimlint").setLevel(os.environ.get("CLAIMLINT_LOG", "WARNING").upper())
    # The background lint holds the GIL in long C calls; switch threads often so that the
    # per-change lint and the protocol stay responsive meanwhile.
    sys.setswitchinterval(0.0005)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must never corrupt the protocol stream
    create_server().start_io(stdin, stdout)
