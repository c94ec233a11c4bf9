"""Text document synchronisation: the open documents, kept by the server itself.

Changes arrive whole or as ranges (incremental sync); ranges are applied with LSP's line
rules and the negotiated position encoding (:mod:`linter.lsp.positions`), which pygls's own
document store does not follow for every text (it splits lines where ``str.splitlines``
does, e.g. at U+2028 or a form feed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.uris import to_fs_path

from linter.claimset import Rule
from linter.documents import COPY_SUFFIXES, Document
from linter.findings import Finding
from linter.lsp.linting import DocumentLint
from linter.lsp.positions import UTF16, LineIndex

#: Reader suffix for a document whose name has none the readers know, by language id.
LANGUAGE_SUFFIX = {"markdown": ".md", "html": ".html", "plaintext": ".txt", "text": ".txt"}


@dataclass
class Published:
    """What the client was last sent for a document: the findings, the document they were
    found in (its source is the text the client had at ``version``) and their rules."""

    version: int | None
    document: Document
    findings: list[Finding]
    rules: Mapping[str, Rule]
    exact: bool


@dataclass
class OpenDocument:
    uri: str
    text: str
    version: int | None
    language_id: str
    lint: DocumentLint = field(default_factory=DocumentLint)
    published: Published | None = None
    closed: bool = False
    # scheduling (owned by the server, on the event loop)
    pending: asyncio.Task[None] | None = None
    running: bool = False
    whole: asyncio.TimerHandle | None = None
    epoch: int = 0  # bumped when earlier lints stop counting (a configuration change)
    lints: int = 0

    @property
    def path(self) -> str | None:
        """The file system path, for ``file:`` URIs."""
        if not self.uri.startswith("file:"):
            return None
        return to_fs_path(self.uri)

    @property
    def reader_path(self) -> str:
        """The path the document is read (and reported) as; its suffix picks the reader."""
        path = self.path or unquote(urlparse(self.uri).path) or self.uri
        suffix = Path(path).suffix.lower()
        if suffix not in COPY_SUFFIXES and self.language_id in LANGUAGE_SUFFIX:
            path += LANGUAGE_SUFFIX[self.language_id]
        return path

    def apply(self, changes: Sequence[types.TextDocumentContentChangeEvent],
              version: int | None, encoding: str = UTF16) -> None:
        text = self.text
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                index = LineIndex(text, encoding)
                start = index.offset(change.range.start)
                end = max(start, index.offset(change.range.end))
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
        self.text = text
        self.version = version
