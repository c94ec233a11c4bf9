"""How long a writer waits for fresh diagnostics after a change, on a 5,000-word document.

Two measurements of the same edits (typing into random paragraphs of a generated
5,000-word Markdown page, with pauses between them as a writer makes):

* ``server`` (default): the real ``claimlint lsp`` process over stdio, driven by a pygls
  client. Latency = from sending ``textDocument/didChange`` to receiving the
  ``textDocument/publishDiagnostics`` for that version. Includes the server's debounce.
* ``inprocess``: the server's per-change lint path called directly (read the document,
  :meth:`linter.lsp.linting.DocumentLint.lint`, then :func:`linter.runner.finish`), which is
  the work the server does per change, without the protocol and the debounce.

    python benchmarks/lsp_latency.py [--mode server|inprocess|both] [--edits 40]
                                     [--words 5000 | --file PAGE.md] [--pause 0.25]
                                     [--debounce MS] [--whole-delay MS]

Prints median, p95 and max in milliseconds; exit status 1 when the p95 exceeds --target
(default 100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from lsprotocol import types
from pygls.lsp.client import LanguageClient

SENTENCES = [
    "Our renewal serum has a light, fast-absorbing texture that sinks in without residue.",
    "Apply two drops morning and evening to clean, dry skin, then follow with moisturiser.",
    "The formula pairs squalane with niacinamide for skin that looks smoother and brighter.",
    "It heals eczema and repairs damaged cells overnight.",
    "Made with stem cell conditioned media, rich in growth factors.",
    "Many customers say their skin feels softer after the first week.",
    "Is it FDA approved? Cosmetics are not approved before sale.",
    "Clinically proven to reduce wrinkles by half.",
    "Fragrance-free and suitable for sensitive skin; patch test before first use.",
    "Store below 25 degrees and use within six months of opening.",
    "Our lab in Seoul blends each batch by hand and checks every lot for stability.",
    "Results are permanent and guaranteed.",
]
TYPED = [" really", " truly", " gently", " visibly", " heals acne", " daily"]


def make_document(words: int, seed: int = 7) -> str:
    """A deterministic Markdown page of about ``words`` words."""
    rng = random.Random(seed)
    parts: list[str] = ["# Renewal serum", ""]
    count = 3
    section = 1
    while count < words:
        if rng.random() < 0.08:
            parts += [f"## Section {section}", ""]
            section += 1
            count += 2
        sentences = rng.sample(SENTENCES, rng.randint(2, 4))
        if rng.random() < 0.2:
            parts += [f"- {s}" for s in sentences] + [""]
        else:
            parts += [" ".join(sentences), ""]
        count += sum(len(s.split()) for s in sentences)
    return "\n".join(parts)


@dataclass
class Edit:
    line: int
    character: int
    text: str


def make_edits(text: str, count: int, seed: int = 11) -> list[Edit]:
    rng = random.Random(seed)
    edits: list[Edit] = []
    lines = text.split("\n")
    for _ in range(count):
        candidates = [i for i, line in enumerate(lines) if len(line.split()) > 4]
        i = rng.choice(candidates)
        words = lines[i].split(" ")
        at = len(" ".join(words[:rng.randint(1, len(words) - 1)]))
        typed = rng.choice(TYPED)
        edits.append(Edit(i, at, typed))
        lines[i] = lines[i][:at] + typed + lines[i][at:]
    return edits


def apply(text: str, edit: Edit) -> str:
    lines = text.split("\n")
    line = lines[edit.line]
    lines[edit.line] = line[:edit.character] + edit.text + line[edit.character:]
    return "\n".join(lines)


def summary(name: str, samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    result = {"median": statistics.median(ordered) * 1000, "p95": p95 * 1000,
              "max": ordered[-1] * 1000}
    print(f"{name:<10} n={len(ordered):<3} median {result['median']:6.1f} ms   "
          f"p95 {result['p95']:6.1f} ms   max {result['max']:6.1f} ms")
    return result


# -- in process ---------------------------------------------------------------------------

def run_inprocess(text: str, edits: list[Edit]) -> list[float]:
    from linter.documents import read_text
    from linter.lsp.linting import DocumentLint, Engines, Throughput
    from linter.lsp.project import Project
    from linter.runner import finish

    project = Project()
    settings = project.settings_for(None)
    linter = Engines().get("fast", settings)
    state = DocumentLint()
    throughput = Throughput()

    def lint(source: str) -> None:
        document = read_text(source, "page.md")
        started = time.perf_counter()
        outcome = state.lint(linter, document, throughput.seconds_per_char)
        if outcome.exact:
            throughput.timed(document, started)
        finish(document, outcome.findings, linter, settings.config)

    started = time.perf_counter()
    lint(text)
    print(f"in process: first (whole-document) lint {1000 * (time.perf_counter() - started):.0f}"
          " ms")
    samples = []
    for edit in edits:
        text = apply(text, edit)
        started = time.perf_counter()
        lint(text)
        samples.append(time.perf_counter() - started)
    return samples


# -- over stdio ------------------------------------------------------------------------------

async def run_server(text: str, edits: list[Edit], pause: float,
                     debounce: float | None = None,
                     whole_delay: float | None = None) -> list[float]:
    client = LanguageClient("claimlint-bench", "1")
    received: dict[int, float] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            received.setdefault(params.version, time.perf_counter())

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def _message(ls: LanguageClient, params: types.ShowMessageParams) -> None:
        print(f"server says: {params.message}", file=sys.stderr)

    await client.start_io(sys.executable, "-m", "linter", "lsp")
    forward = asyncio.create_task(_forward_stderr(client))
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), process_id=None,
        initialization_options={k: v for k, v in (("debounce", debounce),
                                                  ("wholeDelay", whole_delay))
                                if v is not None}))
    client.initialized(types.InitializedParams())
    uri = "untitled:benchmark.md"

    async def wait(version: int, timeout: float = 60.0) -> float:
        deadline = time.perf_counter() + timeout
        while version not in received:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no diagnostics for version {version}")
            await asyncio.sleep(0.0005)
        return received[version]

    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1,
                                             text=text)))
    first = await wait(1)
    print(f"server: first diagnostics (engine build + whole lint) "
          f"{1000 * (first - started):.0f} ms")
    await asyncio.sleep(1.0)
    samples = []
    for version, edit in enumerate(edits, start=2):
        at = types.Position(line=edit.line, character=edit.character)
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=at, end=at), text=edit.text)]))
        samples.append(await wait(version) - sent)
        # Pauses as a writer makes them: mostly short, sometimes long enough for the
        # background whole-document lint to run (and compete for the CPU).
        await asyncio.sleep(pause if version % 4 else pause * 3)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    forward.cancel()
    return samples


async def _forward_stderr(client: LanguageClient) -> None:
    """Copy the server's stderr to ours (an undrained pipe would block the server)."""
    stream = client._server.stderr if client._server else None
    if stream is None:
        return
    while line := await stream.readline():
        sys.stderr.buffer.write(line)
        sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("server", "inprocess", "both"), default="both")
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--file", help="lint this Markdown file instead of generated copy")
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--pause", type=float, default=0.25,
                        help="seconds between edits (x3 every fourth edit)")
    parser.add_argument("--debounce", type=float, default=None,
                        help="server debounce, ms (default: the server's)")
    parser.add_argument("--whole-delay", type=float, default=None,
                        help="server's quiet time before a whole-document lint, ms "
                             "(default: the server's)")
    parser.add_argument("--target", type=float, default=100.0, help="p95 target, ms")
    args = parser.parse_args(argv)

    if args.file:
        with open(args.file, encoding="utf-8") as handle:
            text = handle.read()
    else:
        text = make_document(args.words)
    edits = make_edits(text, args.edits)
    print(f"document: {len(text.split())} words, {len(text)} characters; "
          f"{len(edits)} edits")
    worst = 0.0
    if args.mode in ("inprocess", "both"):
        worst = max(worst, summary("inprocess", run_inprocess(text, edits))["p95"])
    if args.mode in ("server", "both"):
        samples = asyncio.run(run_server(text, edits, args.pause, args.debounce,
                                           args.whole_delay))
        worst = max(worst, summary("server", samples)["p95"])
    return 1 if worst > args.target else 0


if __name__ == "__main__":
    sys.exit(main())
