"""The server honours the project's configuration and claimsets, and reloads them."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import SERVER, Client, Doc, by_code, initialize_params, wait_for
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")

CLAIM = "Our serum heals eczema. It is a miracle in a bottle.\n"
HOUSE = """\
claimlint: 1
id: house
rules:
  - code: HSE201
    name: house-word
    kind: claim
    severity: warning
    summary: a word the house style forbids
    message: '"{{text}}" is not house style.'
    patterns: ["{word}"]
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)  # a visibly new mtime


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    write(root / ".claimlint.yaml", "ignore: [SCM201]\nexclude: ['drafts/**']\n"
          "claimsets: [house.yaml]\n")
    write(root / "house.yaml", HOUSE.format(word="miracle"))
    return root


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: Client, workspace: Path) -> AsyncIterator[None]:
    lsp_client.initialized_with = await lsp_client.initialize_session(
        initialize_params(workspace))
    yield
    await lsp_client.shutdown_session()


def notify_changed(client: Client, *paths: Path) -> int:
    mark = len(client.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=p.as_uri(), type=types.FileChangeType.Changed) for p in paths]))
    return mark


async def test_watchers_registered(client: Client) -> None:
    for _ in range(500):
        if client.registrations:
            break
        await asyncio.sleep(0.01)
    (registration,) = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    options = registration.register_options
    globs = {w["globPattern"] if isinstance(w, dict) else w.glob_pattern
             for w in (options["watchers"] if isinstance(options, dict) else options.watchers)}
    assert {"**/.claimlint.yaml", "**/pyproject.toml"} <= globs


async def test_config_and_claimset_apply_and_reload(client: Client, workspace: Path) -> None:
    page = workspace / "copy" / "page.md"
    write(page, CLAIM)
    doc = Doc(client, page.as_uri(), CLAIM)
    published = await doc.diagnostics(after=doc.open())
    assert not by_code(published, "SCM201")  # ignored by the config
    (house,) = by_code(published, "HSE201")  # from the config's claimset
    assert house.severity == types.DiagnosticSeverity.Warning

    # The config changes: SCM201 is back.
    write(workspace / ".claimlint.yaml", "ignore: [SCM204]\nexclude: ['drafts/**']\n"
          "claimsets: [house.yaml]\n")
    mark = notify_changed(client, workspace / ".claimlint.yaml")
    params = await wait_for(client, doc.uri, after=mark)
    assert by_code(list(params.diagnostics), "SCM201")

    # The claimset changes: its rule now flags another word.
    write(workspace / "house.yaml", HOUSE.format(word="bottle"))
    mark = notify_changed(client, workspace / "house.yaml")
    params = await wait_for(client, doc.uri, after=mark)
    (house,) = by_code(list(params.diagnostics), "HSE201")
    assert house.range.start.character == CLAIM.index("bottle")


async def test_suppression_comment_in_config_workspace(client: Client, workspace: Path) -> None:
    text = "<!-- claimlint-disable-next-line HSE201 -->\nA bottle of calm.\n"
    doc = Doc(client, (workspace / "copy" / "calm.md").as_uri(), text)
    published = await doc.diagnostics(after=doc.open())
    assert not by_code(published, "HSE201")


async def test_excluded_file_gets_no_diagnostics(client: Client, workspace: Path) -> None:
    doc = Doc(client, (workspace / "drafts" / "wip.md").as_uri(), CLAIM)
    assert await doc.diagnostics(after=doc.open()) == []


async def test_bad_config_falls_back_and_tells_the_user(client: Client,
                                                       workspace: Path) -> None:
    bad = workspace / "broken" / ".claimlint.yaml"
    write(bad, "ignor: [SCM201]\n")
    doc = Doc(client, (workspace / "broken" / "page.md").as_uri(), CLAIM)
    published = await doc.diagnostics(after=doc.open())
    assert by_code(published, "SCM201")  # the defaults apply
    assert any("ignor" in m.message for m in client.messages)
