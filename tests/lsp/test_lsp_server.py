"""The language server end to end: diagnostics, changes, hover, code actions, robustness."""

from __future__ import annotations

import asyncio

import pytest
from lsp_helpers import (
    Client,
    Doc,
    by_code,
    send_raw_notification,
    send_raw_request,
    span,
    wait_for,
)
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from linter.claimset import load_rulebook
from linter.lsp.code_actions import rewrite_candidates

pytestmark = pytest.mark.asyncio(loop_scope="module")

CLAIM = "Our serum heals eczema and contains 5% stem cell conditioned media.\n"


def uri(name: str) -> str:
    return f"file:///tmp/claimlint-lsp-tests/{name}"


async def test_initialize_advertises_features(client: Client) -> None:
    result = client.initialized_with
    assert result is not None and result.server_info is not None
    assert result.server_info.name == "claimlint"
    caps = result.capabilities
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.hover_provider
    assert caps.code_action_provider
    sync = caps.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.open_close and sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.execute_command_provider is not None
    assert "claimlint.explainRule" in caps.execute_command_provider.commands


async def test_diagnostics_on_open(client: Client) -> None:
    doc = Doc(client, uri("open.md"), "# Serum\n\n" + CLAIM, version=7)
    mark = doc.open()
    published = await doc.diagnostics(after=mark)
    (drug,) = by_code(published, "SCM201")
    assert span(doc.text, drug.range) == "heals eczema"
    assert drug.range.start == types.Position(line=2, character=10)
    assert drug.severity == types.DiagnosticSeverity.Error
    assert drug.source == "claimlint"
    assert drug.code_description is not None
    assert drug.code_description.href == "claimlint-rule:SCM201"
    assert "drug claim" in drug.message
    codes = {d.code for d in published}
    assert {"SCM101", "SCM102"} <= codes  # document scope: origin and donors undisclosed
    assert "SCM103" not in codes  # the 5% is stated


async def test_incremental_change_moves_and_adds_ranges(client: Client) -> None:
    doc = Doc(client, uri("change.md"), CLAIM)
    await doc.diagnostics(after=doc.open())
    # Insert a line above: the drug claim moves down one line.
    insert = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=0, character=0),
                          end=types.Position(line=0, character=0)),
        text="# New heading\n\n")
    mark = doc.change([insert], "# New heading\n\n" + CLAIM)
    published = await doc.diagnostics(after=mark)
    (drug,) = by_code(published, "SCM201")
    assert drug.range.start.line == 2
    assert span(doc.text, drug.range) == "heals eczema"
    # Replace "eczema" with "acne scars" in place; the span grows.
    line = doc.text.splitlines()[2]
    col = line.index("eczema")
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=2, character=col),
                          end=types.Position(line=2, character=col + len("eczema"))),
        text="acne scars")
    mark = doc.change([edit], doc.text.replace("eczema", "acne scars"))
    (drug,) = by_code(await doc.diagnostics(after=mark), "SCM201")
    assert span(doc.text, drug.range) == "heals acne scars"
    # Delete the claim: the finding goes away.
    mark = doc.replace_all("# New heading\n\nOur serum feels light on the skin.\n")
    assert not by_code(await doc.diagnostics(after=mark), "SCM201")


async def test_utf16_columns_with_emoji_and_crlf(client: Client) -> None:
    text = "Intro line\r\n😀😀 Wow: this cream heals eczema.\r\n"
    doc = Doc(client, uri("emoji.md"), text)
    published = await doc.diagnostics(after=doc.open())
    (drug,) = by_code(published, "SCM201")
    # Two astral characters before it: 4 UTF-16 units, not 2 code points.
    expected = len("😀😀 Wow: this cream ") + 2
    assert drug.range.start == types.Position(line=1, character=expected)
    assert drug.range.end == types.Position(line=1, character=expected + len("heals eczema"))
    # An incremental edit in UTF-16 units after the emoji lands where the client meant.
    at = types.Position(line=1, character=expected)
    mark = doc.change([types.TextDocumentContentChangePartial(
        range=types.Range(start=at, end=at), text="quickly ")],
        text.replace("cream heals", "cream quickly heals"))
    (drug,) = by_code(await doc.diagnostics(after=mark), "SCM201")
    assert span(doc.text, drug.range) == "heals eczema"


async def test_burst_of_changes_costs_one_lint(client: Client) -> None:
    doc = Doc(client, uri("burst.txt"), "Our balm soothes.\n", language_id="plaintext")
    await doc.diagnostics(after=doc.open())
    mark = len(client.published)
    text = doc.text
    for word in ("It", " heals", " eczema", " fast", "."):
        end = types.Position(line=1, character=len(text.split("\n")[1]))
        text += word
        doc.change([types.TextDocumentContentChangePartial(
            range=types.Range(start=end, end=end), text=word)], text)
    final = await doc.diagnostics(after=mark)
    assert [span(doc.text, d.range) for d in by_code(final, "SCM201")] == ["heals eczema"]
    await asyncio.sleep(0.3)  # anything else would have been published by now
    ours = [p for p in client.published[mark:] if p.uri == doc.uri]
    assert [p.version for p in ours] == [doc.version]


async def test_hover_explains_the_finding(client: Client) -> None:
    doc = Doc(client, uri("hover.md"), CLAIM)
    (drug,) = by_code(await doc.diagnostics(after=doc.open()), "SCM201")
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri),
        position=types.Position(line=0, character=drug.range.start.character + 2)))
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    text = result.contents.value
    rule = load_rulebook().rule("SCM201")
    assert rule is not None
    assert "**SCM201** drug-claim" in text
    assert "Why it matters" in text and rule.rationale.split()[0] in text
    assert rule.evidence and f"> {rule.evidence[0].quote[:40]}" in text
    assert rule.suggestion and rule.suggestion[:40] in text
    assert result.range == drug.range
    # Nothing flagged under the cursor: no hover.
    empty = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri),
        position=types.Position(line=0, character=1)))
    assert empty is None


async def _actions(client: Client, doc: Doc, diagnostic: types.Diagnostic
                   ) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    assert result is not None
    return [a for a in result if isinstance(a, types.CodeAction)]


def _titled(actions: list[types.CodeAction], start: str) -> types.CodeAction:
    found = [a for a in actions if a.title.startswith(start)]
    assert found, f"no action {start!r} in {[a.title for a in actions]}"
    return found[0]


async def test_code_action_suppresses_the_line(client: Client) -> None:
    doc = Doc(client, uri("suppress.md"), "# Serum\n\n" + CLAIM)
    (drug,) = by_code(await doc.diagnostics(after=doc.open()), "SCM201")
    action = _titled(await _actions(client, doc, drug), "Suppress SCM201 on this line")
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.edit is not None
    mark = doc.apply(action.edit)
    assert doc.text == ("# Serum\n\n<!-- claimlint-disable-next-line SCM201 -->\n" + CLAIM)
    published = await doc.diagnostics(after=mark)
    assert not by_code(published, "SCM201")
    assert not by_code(published, "CL100")
    # Edit the claim away: the comment is now unused, and the fix removes it.
    mark = doc.replace_all(doc.text.replace("heals eczema", "soothes dry skin"))
    (unused,) = by_code(await doc.diagnostics(after=mark), "CL100")
    assert list(unused.tags or ()) == [types.DiagnosticTag.Unnecessary]
    remove = _titled(await _actions(client, doc, unused), "Remove the unused suppression")
    assert remove.edit is not None
    mark = doc.apply(remove.edit)
    assert doc.text == "# Serum\n\n" + CLAIM.replace("heals eczema", "soothes dry skin")
    assert not by_code(await doc.diagnostics(after=mark), "CL100")


async def test_code_action_extends_an_existing_suppression(client: Client) -> None:
    text = ("<!-- claimlint-disable-next-line SCM101 -- origin is on the label -->\n"
            "It heals eczema, with stem cell conditioned media.\n")
    doc = Doc(client, uri("extend.md"), text)
    (drug,) = by_code(await doc.diagnostics(after=doc.open()), "SCM201")
    action = _titled(await _actions(client, doc, drug), "Suppress SCM201 on this line")
    assert action.edit is not None
    mark = doc.apply(action.edit)
    assert doc.text.startswith("<!-- claimlint-disable-next-line SCM101, SCM201 -- origin")
    assert not by_code(await doc.diagnostics(after=mark), "SCM201")


async def test_code_action_suppression_in_plain_text(client: Client) -> None:
    doc = Doc(client, uri("plain.txt"), "Intro.\n\n  It heals eczema.\n",
              language_id="plaintext")
    (drug,) = by_code(await doc.diagnostics(after=doc.open()), "SCM201")
    action = _titled(await _actions(client, doc, drug), "Suppress SCM201 on this line")
    assert action.edit is not None
    mark = doc.apply(action.edit)
    assert doc.text == "Intro.\n\n  # claimlint-disable-next-line SCM201\n  It heals eczema.\n"
    assert not by_code(await doc.diagnostics(after=mark), "SCM201")


async def test_code_action_markdown_keeps_the_paragraph_whole(client: Client) -> None:
    text = "Our serum is light\nAnd it heals eczema overnight.\n"
    doc = Doc(client, uri("para.md"), text)
    (drug,) = by_code(await doc.diagnostics(after=doc.open()), "SCM201")
    action = _titled(await _actions(client, doc, drug), "Suppress SCM201 on this line")
    assert action.edit is not None
    mark = doc.apply(action.edit)
    assert doc.text == ("Our serum is light <!-- claimlint-disable-next-line SCM201 -->\n"
                        "And it heals eczema overnight.\n")
    assert not by_code(await doc.diagnostics(after=mark), "SCM201")


async def test_code_action_rewrites_the_claim(client: Client) -> None:
    rule = load_rulebook().rule("SCM201")
    assert rule is not None
    candidates = rewrite_candidates(rule)
    if not candidates:
        pytest.skip("SCM201's suggestion quotes no example wording")
    doc = Doc(client, uri("rewrite.md"), "Our serum heals eczema.\n")
    (drug,) = by_code(await doc.diagnostics(after=doc.open()), "SCM201")
    action = _titled(await _actions(client, doc, drug), "Rewrite as")
    assert action.edit is not None
    mark = doc.apply(action.edit)
    assert doc.text in {f"Our serum {c}.\n" for c in candidates}
    assert not by_code(await doc.diagnostics(after=mark), "SCM201")


async def test_no_rewrite_where_it_would_not_fit(client: Client) -> None:
    # A number in the flagged words is a fact the writer must not lose.
    doc = Doc(client, uri("norewrite.md"), "It heals eczema in 3 days.\nHealing.\n")
    published = await doc.diagnostics(after=doc.open())
    for diagnostic in by_code(published, "SCM201"):
        if any(ch.isdigit() for ch in span(doc.text, diagnostic.range)) or \
                span(doc.text, diagnostic.range).istitle():
            titles = [a.title for a in await _actions(client, doc, diagnostic)]
            assert not [t for t in titles if t.startswith("Rewrite")]


async def test_code_action_inserts_a_disclosure_template(client: Client) -> None:
    doc = Doc(client, uri("disclose.md"), "# Serum\n\n" + CLAIM)
    published = await doc.diagnostics(after=doc.open())
    (origin,) = by_code(published, "SCM101")
    actions = await _actions(client, doc, origin)
    action = _titled(actions, "Add a disclosure to complete: origin-undisclosed")
    assert action.edit is not None and action.edit.document_changes
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    (edit,) = change.edits
    end = types.Position(line=3, character=0)  # after the last line break
    assert edit.range == types.Range(start=end, end=end)
    assert edit.new_text.startswith("\n") and "[" in edit.new_text
    _titled(actions, "Add every missing disclosure")  # SCM101 and SCM102 together
    whole = _titled(actions, "Suppress SCM101 in this document")
    assert whole.edit is not None
    mark = doc.apply(whole.edit)
    assert doc.text.startswith("<!-- claimlint-disable SCM101 -->\n# Serum")
    assert not by_code(await doc.diagnostics(after=mark), "SCM101")


async def test_html_disclosure_goes_inside_the_body(client: Client) -> None:
    text = ("<html><body>\n<p>Our serum heals eczema with stem cell conditioned media.</p>\n"
            "</body></html>\n")
    doc = Doc(client, uri("page.html"), text, language_id="html")
    (origin,) = by_code(await doc.diagnostics(after=doc.open()), "SCM101")
    action = _titled(await _actions(client, doc, origin), "Add a disclosure to complete")
    assert action.edit is not None
    doc.apply(action.edit)
    assert "</p>\n<p>" in doc.text and doc.text.endswith("</p>\n</body></html>\n")


async def test_close_clears_diagnostics(client: Client) -> None:
    doc = Doc(client, uri("close.md"), CLAIM)
    assert await doc.diagnostics(after=doc.open())
    mark = doc.close()
    for _ in range(500):
        ours = [p for p in client.published[mark:] if p.uri == doc.uri]
        if ours:
            break
        await asyncio.sleep(0.01)
    assert ours and not ours[-1].diagnostics


async def test_explain_command(client: Client) -> None:
    text = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="claimlint.explainRule", arguments=["scm201"]))
    assert isinstance(text, str) and text.startswith("# SCM201 drug-claim")
    assert await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="claimlint.explainRule", arguments=["XX999"])) is None


async def test_malformed_and_unknown_requests_do_not_kill_the_server(client: Client) -> None:
    with pytest.raises(JsonRpcException):
        await client.protocol.send_request_async("claimlint/noSuchMethod", {"x": 1})
    with pytest.raises(JsonRpcException):
        await send_raw_request(client, "bad-hover", types.TEXT_DOCUMENT_HOVER,
                               {"textDocument": 42})
    with pytest.raises(JsonRpcException):
        await send_raw_request(client, "bad-action", types.TEXT_DOCUMENT_CODE_ACTION,
                               {"textDocument": {"uri": uri("x.md")}, "range": "everything"})
    send_raw_notification(client, types.TEXT_DOCUMENT_DID_CHANGE, {"nonsense": True})
    send_raw_notification(client, types.TEXT_DOCUMENT_DID_OPEN, {"textDocument": None})
    # Requests about documents that are not open, and garbage notifications.
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri("never-opened.md")),
        position=types.Position(line=0, character=0))) is None
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri("ghost.md"), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")]))
    # Still alive and linting.
    doc = Doc(client, uri("alive.md"), CLAIM)
    assert by_code(await doc.diagnostics(after=doc.open()), "SCM201")


async def test_large_document_is_linted_incrementally_then_exactly(client: Client) -> None:
    paragraphs = [f"Step {i}: a light serum with squalane that leaves skin feeling soft "
                  "and looking smooth after use." for i in range(200)]
    paragraphs.insert(3, "Made with 3% stem cell conditioned media.")
    doc = Doc(client, uri("large.md"), "\n\n".join(paragraphs) + "\n")
    assert by_code(await doc.diagnostics(after=doc.open()), "SCM101")
    # A claim typed in the middle: its paragraph is linted again, at the right place.
    line = 2 * 120
    at = types.Position(line=line, character=0)
    mark = doc.change([types.TextDocumentContentChangePartial(
        range=types.Range(start=at, end=at), text="It heals eczema. ")],
        "\n".join(("It heals eczema. " + ln) if i == line else ln
                  for i, ln in enumerate(doc.text.split("\n"))))
    (drug,) = by_code(await doc.diagnostics(after=mark), "SCM201")
    assert drug.range.start == types.Position(line=line, character=3)
    # A disclosure at the end: the document-scope finding goes once the whole document
    # has been linted again (in the background, after a pause).
    mark = doc.change([types.TextDocumentContentChangeWholeDocument(
        text=doc.text + "\nThe media come from human adipose stem cells.\n")],
        doc.text + "\nThe media come from human adipose stem cells.\n")
    final = await wait_for(client, doc.uri, doc.version, after=mark,
                           where=lambda p: not by_code(list(p.diagnostics), "SCM101"))
    assert by_code(list(final.diagnostics), "SCM201")
