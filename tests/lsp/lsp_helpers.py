"""Helpers for driving the real ``claimlint lsp`` process as an editor would (pytest-lsp).

Tests wait on ``textDocument/publishDiagnostics`` for the document version they sent, never
on a fixed sleep.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

#: Generous: the first lint waits for the engine to be built.
TIMEOUT = 60.0


class Client(LanguageClient):
    """pytest-lsp's client, also keeping every publishDiagnostics (with its version) and
    the server's answer to ``initialize``."""

    published: list[types.PublishDiagnosticsParams]
    initialized_with: types.InitializeResult | None
    registrations: list[types.Registration]


def make_client() -> Client:
    client = Client(converter_factory=default_converter)
    client.published = []
    client.initialized_with = None
    client.registrations = []

    def publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    def register(client: Client, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "linter", "lsp"],
                            client_factory=make_client)

CAPABILITIES = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf16]),
    text_document=types.TextDocumentClientCapabilities(
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        code_action=types.CodeActionClientCapabilities(),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            version_support=True, code_description_support=True)),
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True)),
)


def initialize_params(root: Path | None = None,
                      options: dict[str, Any] | None = None) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=CAPABILITIES,
        root_uri=root.as_uri() if root else None,
        initialization_options={"debounce": 50, **(options or {})},
    )


async def wait_for(client: Client, uri: str, version: int | None = None,
                   where: Callable[[types.PublishDiagnosticsParams], bool] | None = None,
                   after: int = 0, timeout: float = TIMEOUT) -> types.PublishDiagnosticsParams:
    """The first diagnostics published for ``uri`` (at ``version``) since the ``after``-th
    publication."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for params in client.published[after:]:
            if params.uri == uri and (version is None or params.version == version) \
                    and (where is None or where(params)):
                return params
        if loop.time() > deadline:
            seen = [(p.uri, p.version) for p in client.published[after:]]
            raise AssertionError(f"no diagnostics for {uri} v{version}; got {seen}")
        await asyncio.sleep(0.01)


@dataclass
class Doc:
    """A document the test has opened, with the text and version the client holds."""

    client: Client
    uri: str
    text: str
    version: int = 1
    language_id: str = "markdown"
    history: list[str] = field(default_factory=list)

    def open(self) -> int:
        mark = len(self.client.published)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=self.uri, language_id=self.language_id,
                                                 version=self.version, text=self.text)))
        return mark

    async def diagnostics(self, after: int = 0) -> list[types.Diagnostic]:
        return list((await wait_for(self.client, self.uri, self.version,
                                    after=after)).diagnostics)

    def change(self, changes: list[types.TextDocumentContentChangeEvent],
               new_text: str) -> int:
        """Send changes (the caller states the text they produce); returns a mark."""
        mark = len(self.client.published)
        self.version += 1
        self.text = new_text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri,
                                                                version=self.version),
            content_changes=changes))
        return mark

    def replace_all(self, new_text: str) -> int:
        return self.change([types.TextDocumentContentChangeWholeDocument(text=new_text)],
                           new_text)

    def apply(self, edit: types.WorkspaceEdit) -> int:
        """Apply a code action's edit the way an editor does: send it as a change."""
        assert edit.document_changes, "the server should send versioned edits"
        (change,) = edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.version == self.version
        text = apply_edits(self.text, change.edits)
        return self.change([types.TextDocumentContentChangePartial(range=e.range,
                                                                   text=e.new_text)
                            for e in sorted(change.edits, key=lambda e: _key(e.range),
                                            reverse=True)], text)

    def close(self) -> int:
        mark = len(self.client.published)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri)))
        return mark


def _key(r: types.Range) -> tuple[int, int]:
    return (r.start.line, r.start.character)


def offset_of(text: str, position: types.Position) -> int:
    """Offset of an LSP (UTF-16) position, written independently of the server's code."""
    lines = text.splitlines(keepends=True) if text else [""]
    # splitlines breaks at more than LSP does; the tests' texts only use \n, \r\n and \r.
    offset = sum(len(line) for line in lines[:position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character:
            return offset + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return offset + len(line.rstrip("\r\n"))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    for e in sorted(edits, key=lambda e: _key(e.range), reverse=True):
        start, end = offset_of(text, e.range.start), offset_of(text, e.range.end)
        text = text[:start] + e.new_text + text[end:]
    return text


def span(text: str, r: types.Range) -> str:
    return text[offset_of(text, r.start):offset_of(text, r.end)]


def by_code(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


async def send_raw_request(client: Client, msg_id: str, method: str, params: Any) -> Any:
    """Send a request exactly as given (bypassing the client's typed serialisation, which
    would refuse malformed params) and wait for the server's answer."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()
    client.protocol._request_futures[msg_id] = future  # answered by the protocol
    client.protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method,
                                "params": params})
    return await asyncio.wait_for(future, TIMEOUT)


def send_raw_notification(client: Client, method: str, params: Any) -> None:
    client.protocol._send_data({"jsonrpc": "2.0", "method": method, "params": params})
