"""Throughput of claimlint against bare spaCy tokenization of the same copy.

Builds a corpus of realistic copy from the labelled fixtures (documents recombined,
reordered and rebranded, in .md, .html and .txt files of mixed sizes), then measures, in
one run and alternating the two so that both see the same machine state:

- claimlint's whole-process throughput (``python -m linter check --format json``),
- bare tokenization's whole-process throughput (``nlp.pipe`` over ``spacy.blank("en")``
  on the same files), and their ratio (the goal is >= 0.6);
- the cold start of ``claimlint check`` on one small file (goal < 1 s);
- claimlint's peak memory (goal < 300 MB): the largest process, and the memory of all
  its processes together (resident and proportional), measured in a separate, untimed run;
- how claimlint's time grows with corpus size (1x, 2x, 4x: linear is the goal).

    python benchmarks/throughput.py                 # 500,000 words, 3 rounds
    python benchmarks/throughput.py --words 20000 --repeat 1   # the reduced CI run
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
BRANDS = ["Lumera", "Velouté", "Kinsei", "Aurora Lab", "Dewberry", "Solenne", "Hanbit",
          "Maison Clair", "Nordvik", "Petalune", "Oriel", "Cobalt & Rye"]

TOKENIZE = """
import sys, spacy
nlp = spacy.blank("en")
texts = (open(p, encoding="utf-8", errors="replace").read() for p in sys.argv[1:])
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def fixture_texts() -> dict[str, list[str]]:
    by_suffix: dict[str, list[str]] = {".md": [], ".html": [], ".txt": []}
    for path in sorted((FIXTURES / "corpus").glob("*")):
        if path.suffix in by_suffix:
            by_suffix[path.suffix].append(path.read_text(encoding="utf-8"))
    return by_suffix


def vary(text: str, rng: random.Random) -> str:
    """Rebrand and reorder a document's blocks so that no two copies are identical."""
    blocks = re.split(r"\n\s*\n", text)
    head, body = blocks[:1], blocks[1:]
    rng.shuffle(body)
    out = "\n\n".join(head + body)
    return re.sub(r"\b[A-Z][a-zé]+(?= (?:Serum|Cream|Ampoule|Balm|Essence|Labs?|Skin))",
                  lambda _: rng.choice(BRANDS), out)


def build_corpus(folder: Path, words: int, seed: int = 7) -> list[Path]:
    """Files of 1 to 30 recombined fixture documents each, until ``words`` is reached."""
    rng = random.Random(seed)
    texts = fixture_texts()
    folder.mkdir(parents=True, exist_ok=True)
    files, total, n = [], 0, 0
    while total < words:
        suffix = rng.choice([".md", ".md", ".html", ".txt"])
        parts = [vary(rng.choice(texts[suffix]), rng) for _ in range(rng.choice([1, 1, 2, 5, 30]))]
        text = "\n\n".join(parts)
        path = folder / f"copy-{n:05d}{suffix}"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        total += len(text.split())
        n += 1
    return files


def _tree_memory(pid: int) -> tuple[int, int]:
    """Memory (kB) of a process and all its descendants, from /proc (Linux): resident
    memory summed (pages that forked workers share with their parent counted once per
    process: an upper bound), and proportional memory summed (each shared page divided
    among the processes that share it: what the processes use together)."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rss += next((int(line.split()[1]) for line in status.splitlines()
                         if line.startswith("VmRSS:")), 0)
            with contextlib.suppress(OSError):  # (no smaps_rollup before Linux 4.14)
                rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
                pss += next((int(line.split()[1]) for line in rollup.splitlines()
                             if line.startswith("Pss:")), 0)
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def run(argv: list[str], tree: list[tuple[int, int]] | None = None) -> tuple[float, int]:
    """Wall time and peak resident memory (MB) of one child process; with ``tree``, also
    append the peaks (MB) of its and its workers' memory summed, resident and proportional
    (sampled every 20 ms)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = 0
    if tree is not None and Path("/proc").is_dir():
        peak_rss = peak_pss = 0
        while True:
            done, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if done:
                break
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.02)
        tree.append((peak_rss // 1024, peak_pss // 1024))
    if not done:
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv[:4])} ... failed ({proc.returncode}): {stderr[-800:]}")
    return elapsed, usage.ru_maxrss // 1024


def words_in(files: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in files)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=500_000, help="corpus size in words")
    ap.add_argument("--repeat", type=int, default=3, help="alternating rounds")
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    ns = ap.parse_args()

    workdir = ns.keep or Path(tempfile.mkdtemp(prefix="claimlint-bench-"))
    try:
        quarters = [build_corpus(workdir / f"part{i}", ns.words // 4, seed=i) for i in range(4)]
        files = [p for q in quarters for p in q]
        words = words_in(files)
        lint = [sys.executable, "-m", "linter", "check", "--format", "json"]
        tokenize = [sys.executable, "-c", TOKENIZE]
        print(f"corpus: {len(files)} files, {words:,} words "
              f"({sum(p.suffix == '.md' for p in files)} md, "
              f"{sum(p.suffix == '.html' for p in files)} html, "
              f"{sum(p.suffix == '.txt' for p in files)} txt)")

        lint_times, serial_times, tok_times, peaks, trees = [], [], [], [], []
        for _ in range(ns.repeat):
            t, peak = run([*lint, *map(str, files)])
            lint_times.append(t)
            peaks.append(peak)
            serial_times.append(run([*lint, "--jobs", "1", *map(str, files)])[0])
            tok_times.append(run([*tokenize, *map(str, files)])[0])
        lint_t, tok_t = statistics.median(lint_times), statistics.median(tok_times)
        serial_t = statistics.median(serial_times)
        print(f"claimlint:          {words / lint_t:10,.0f} words/s  ({lint_t:.2f} s; default "
              f"--jobs, {os.cpu_count()} CPUs)")
        print(f"claimlint --jobs 1: {words / serial_t:10,.0f} words/s  ({serial_t:.2f} s)")
        print(f"bare tokenization:  {words / tok_t:10,.0f} words/s  ({tok_t:.2f} s)")
        print(f"ratio:              {tok_t / lint_t:10.2f}  (goal >= 0.60)")
        print(f"ratio, --jobs 1:    {tok_t / serial_t:10.2f}")
        print(f"peak memory:        {max(peaks):10d} MB (largest process; goal < 300 MB)")
        # the summed memory of all processes, sampled in a run of its own: sampling /proc
        # every 20 ms takes CPU from the workers, so the timed runs above do not sample
        run([*lint, *map(str, files)], trees)
        if trees and max(trees)[0]:
            rss, pss = trees[-1]
            print(f"                    {rss:10d} MB (all processes, resident memory summed: "
                  "shared pages counted in each)")
            if pss:
                print(f"                    {pss:10d} MB (all processes, proportional memory "
                      "summed: shared pages counted once)")

        small = workdir / "small.md"
        small.write_text("# Serum\n\nOur serum heals eczema with stem cell conditioned media.\n",
                         encoding="utf-8")
        cold = statistics.median(run([*lint, str(small)])[0] for _ in range(max(3, ns.repeat)))
        print(f"cold start:         {cold:10.2f} s  (one small file; goal < 1 s)")

        print("scaling (claimlint time by corpus size):")
        base = None
        for k in (1, 2, 4):
            subset = [p for q in quarters[:k] for p in q]
            t = statistics.median(run([*lint, *map(str, subset)])[0]
                                  for _ in range(ns.repeat))
            base = base or t
            print(f"  {k}x {words_in(subset):9,} words: {t:6.2f} s  ({t / base:.2f}x)")
    finally:
        if ns.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
