"""The server's lint path: the whole document when it opens, then only what an edit touched.

A whole-document lint of 5,000 words costs the engine most of a second, and a keystroke
changes one paragraph. So the document's visible text is cut into *blocks* (the lines the
reader kept; a block break is always a sentence break), and each block's phrase findings
are remembered under a key made of its text, its neighbours' text and its own source.
Context reaches at most into the next sentence ("Can it cure acne? Yes!"), so a block whose
key is unchanged keeps its findings; after an edit only the new keys are linted, as one
slice of the document per run of changed blocks with one block of context either side.

Document-scope findings (a disclosure missing anywhere) need the whole document. They come
from the last whole-document lint, moved along with the edits since, and the server runs a
whole-document lint in the background once the writer pauses (footnote definitions are the
one phrase context that also reaches across the document); its result is exact and
replaces everything. Small documents are always linted whole.
"""

from __future__ import annotations

import gc
import threading
import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from linter.documents import Document
from linter.engine import Linter
from linter.findings import Finding
from linter.lsp.project import Settings
from linter.nlp.matcher import cached_rulebook
from linter.rules import PHRASE_KINDS

#: A document whose whole lint is estimated under this many seconds is always linted whole.
WHOLE_LINT_BUDGET = 0.04
#: When the blocks to re-lint hold more than this share of the text, lint the whole.
WHOLE_LINT_SHARE = 0.5

BlockKey = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the visible text: visible offsets, and the source span it comes from."""

    start: int
    end: int
    src_start: int
    src_end: int
    key: BlockKey


def split_blocks(document: Document) -> list[Block]:
    text = document.text
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    blocks: list[Block] = []
    for i, (start, end) in enumerate(spans):
        prev = text[slice(*spans[i - 1])] if i else ""
        nxt = text[slice(*spans[i + 1])] if i + 1 < len(spans) else ""
        src_start, src_end = document.source_span(start, end)
        key = (prev, text[start:end], nxt, document.source[src_start:src_end])
        blocks.append(Block(start, end, src_start, src_end, key))
    return blocks


def edit_between(old: str, new: str) -> tuple[int, int, int]:
    """The one region where two texts differ: ``(start, old_end, new_end)``."""
    limit = min(len(old), len(new))
    lo, hi = 0, limit
    while lo < hi:  # longest common prefix, by halving (slices compare in C)
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, limit - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid:] == new[len(new) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return prefix, len(old) - lo, len(new) - lo


def move_offset(offset: int, edit: tuple[int, int, int], *, is_end: bool = False) -> int:
    start, old_end, new_end = edit
    if offset <= start:
        return offset
    if offset >= old_end:
        return offset + new_end - old_end
    return new_end if is_end else start


def is_phrase(linter: Linter, finding: Finding) -> bool:
    rule = linter.rulebook.rule(finding.code)
    return rule is not None and rule.kind in PHRASE_KINDS


def _rebase(finding: Finding, document: Document, start: int, end: int) -> Finding:
    return replace(finding, path=document.path, start=start, end=end,
                   start_pos=document.position(start), end_pos=document.position(end))


@dataclass(frozen=True, slots=True)
class Outcome:
    findings: list[Finding]
    exact: bool  # False: a whole-document lint should follow


class DocumentLint:
    """What the server remembers of one open document's lints. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blocks: dict[BlockKey, tuple[Finding, ...]] = {}  # offsets block-relative
        self._scope: list[Finding] = []
        self._scope_source: str | None = None
        self.generation = 0  # bumped by clear(): lints begun before it are not recorded

    def clear(self) -> None:
        with self._lock:
            self._blocks = {}
            self._scope = []
            self._scope_source = None
            self.generation += 1

    # -- whole-document lints --------------------------------------------------------------

    def lint_whole(self, linter: Linter, document: Document,
                   generation: int | None = None) -> Outcome:
        generation = self.generation if generation is None else generation
        findings = linter.lint_document(document)
        self.record_whole(linter, document, findings, generation)
        return Outcome(findings, exact=True)

    def record_whole(self, linter: Linter, document: Document,
                     findings: Sequence[Finding], generation: int | None = None) -> None:
        """Remember a whole-document lint (of this or an earlier version of the text),
        unless :meth:`clear` was called since ``generation`` was read."""
        blocks = split_blocks(document)
        starts = [b.src_start for b in blocks]
        per_block: dict[int, list[Finding]] = {i: [] for i in range(len(blocks))}
        scope: list[Finding] = []
        for f in findings:
            if not is_phrase(linter, f):
                scope.append(f)
                continue
            i = bisect_right(starts, f.start) - 1
            if i >= 0:
                base = blocks[i].src_start
                per_block[i].append(replace(f, start=f.start - base, end=f.end - base))
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            self._blocks = {b.key: tuple(per_block[i]) for i, b in enumerate(blocks)}
            self._scope = scope
            self._scope_source = document.source

    # -- the incremental path --------------------------------------------------------------

    def lint(self, linter: Linter, document: Document, seconds_per_char: float) -> Outcome:
        """Fresh findings for ``document``, re-linting only the blocks an edit touched."""
        with self._lock:
            known = self._scope_source is not None
            generation = self.generation
        if not known or len(document.text) * seconds_per_char <= WHOLE_LINT_BUDGET:
            return self.lint_whole(linter, document, generation)
        blocks = split_blocks(document)
        with self._lock:
            cache = dict(self._blocks)
            scope, scope_source = list(self._scope), self._scope_source
        missing = [i for i, b in enumerate(blocks) if b.key not in cache]
        runs = _runs(missing, len(blocks))
        dirty = sum(blocks[hi].end - blocks[lo].start for lo, hi in runs)
        if dirty > WHOLE_LINT_SHARE * max(1, len(document.text)):
            return self.lint_whole(linter, document, generation)

        slices = [document.slice(blocks[lo].start, blocks[hi].end) for lo, hi in runs]
        starts = [b.src_start for b in blocks]
        fresh: dict[BlockKey, list[Finding]] = {blocks[i].key: [] for i in missing}
        for (lo, hi), (_, found) in zip(runs, linter.lint_documents(slices), strict=True):
            for f in found:
                i = bisect_right(starts, f.start) - 1
                # Keep the changed blocks' findings; the context blocks' are known already.
                if lo <= i <= hi and blocks[i].key in fresh and is_phrase(linter, f):
                    base = blocks[i].src_start
                    fresh[blocks[i].key].append(replace(f, start=f.start - base,
                                                        end=f.end - base))
        cache.update({k: tuple(v) for k, v in fresh.items()})

        findings: list[Finding] = []
        for b in blocks:
            for f in cache[b.key]:
                findings.append(_rebase(f, document, f.start + b.src_start, f.end + b.src_start))
        if scope:
            assert scope_source is not None
            edit = edit_between(scope_source, document.source)
            for f in scope:
                start = move_offset(f.start, edit)
                end = max(start, move_offset(f.end, edit, is_end=True))
                findings.append(_rebase(f, document, start, end))
        findings.sort(key=lambda f: f.sort_key)
        with self._lock:
            # Unless a whole lint was recorded, or everything forgotten, meanwhile:
            if self._scope_source is scope_source and self.generation == generation:
                self._blocks = {b.key: cache[b.key] for b in blocks}
        return Outcome(findings, exact=False)


def _runs(missing: list[int], count: int) -> list[tuple[int, int]]:
    """Runs of blocks to lint: each missing block with one block of context either side,
    runs that would overlap merged. Returns inclusive ``(first, last)`` block indices."""
    runs: list[tuple[int, int]] = []
    for i in missing:
        lo, hi = max(0, i - 1), min(count - 1, i + 1)
        if runs and lo <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], hi))
        else:
            runs.append((lo, hi))
    return runs


class Throughput:
    """The engine's recent cost per character of visible text, to decide when a whole lint
    is cheap enough to run on every change."""

    def __init__(self) -> None:
        self.seconds_per_char = 5e-5  # until measured

    def timed(self, document: Document, started: float) -> None:
        if len(document.text) >= 500:
            measured = (time.perf_counter() - started) / len(document.text)
            self.seconds_per_char = 0.5 * self.seconds_per_char + 0.5 * measured


class Engines:
    """The engines, built once per configuration and reused for every change.

    Two worker threads, each with its own engines (a spaCy pipeline is not shared between
    threads): ``fast`` for the lint after each change, ``background`` for the whole-document
    lints that run while the writer pauses. :meth:`get` must be called on the thread of the
    pool it names."""

    MAX_PER_POOL = 4

    def __init__(self) -> None:
        self.fast = ThreadPoolExecutor(1, thread_name_prefix="claimlint-lint")
        self.background = ThreadPoolExecutor(1, thread_name_prefix="claimlint-whole")
        self._built: dict[str, OrderedDict[tuple[object, ...], Linter]] = {
            "fast": OrderedDict(), "background": OrderedDict()}
        self._stamps: dict[object, object] = {}
        self._lock = threading.Lock()

    def get(self, pool: str, settings: Settings) -> Linter:
        key = settings.engine_key
        with self._lock:
            built = self._built[pool]
            linter = built.get(key)
            if linter is not None:
                built.move_to_end(key)
                return linter
            options_key, stamp = key
            if self._stamps.get(options_key, stamp) != stamp:
                cached_rulebook.cache_clear()  # a claimset changed on disk: load it again
            self._stamps[options_key] = stamp
        linter = Linter(settings.options)  # outside the lock: the other thread may build too
        with self._lock:
            built[key] = linter
            while len(built) > self.MAX_PER_POOL:
                built.popitem(last=False)
        # An engine is hundreds of thousands of long-lived objects; a full collection that
        # walks them all takes over 100 ms, which a keystroke would wait for. Freeze them
        # out of the collector's reach (undone by :meth:`clear`).
        gc.collect()
        gc.freeze()
        return linter

    def clear(self) -> None:
        with self._lock:
            for built in self._built.values():
                built.clear()
            self._stamps.clear()
        cached_rulebook.cache_clear()
        gc.unfreeze()  # the old engines may be collected

    def shutdown(self) -> None:
        self.fast.shutdown(wait=False, cancel_futures=True)
        self.background.shutdown(wait=False, cancel_futures=True)
