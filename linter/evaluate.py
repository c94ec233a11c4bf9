"""``claimlint-eval``: score the linter against a labelled corpus.

The label format is the one ``fixtures/labels.yaml`` uses (see fixtures/LABELLING.md)::

    cases:
      - file: corpus/serum.md      # relative to the labels file
        split: tune                # optional: tune | holdout
        args: ["--market", "eu"]   # optional extra CLI arguments
        expect:
          - {code: SCM101}          # document-level: any finding of this code in the file
          - {code: SCM201, line: 4} # located: a finding of this code covering line 4 (+-1)

Matching is one-to-one and greedy per code, located labels first. Every finding that
matches no label is a false alarm. By default the engine runs in-process; ``--cmd`` runs
a command that prints the JSON format instead.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    per_code: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[tuple[str, str, int | None, str]] = field(default_factory=list)
    alarms: list[tuple[str, str, int | None, str]] = field(default_factory=list)

    @property
    def total(self) -> Tally:
        t = Tally()
        for tally in self.per_code.values():
            t.tp, t.fp, t.fn = t.tp + tally.tp, t.fp + tally.fp, t.fn + tally.fn
        return t


def match(expected: list[dict], predicted: list[dict]) -> tuple[list, list, list]:
    """Greedy one-to-one matching of labels to findings, located labels first."""
    tp, fn, used = [], [], set()
    for exp in sorted(expected, key=lambda e: "line" not in e):
        hit = None
        for i, pred in enumerate(predicted):
            if i in used or pred["code"] != exp["code"]:
                continue
            if "line" in exp:
                lo = pred.get("line", 0) - 1
                hi = pred.get("end_line", pred.get("line", 0)) + 1
                if not lo <= exp["line"] <= hi:
                    continue
            hit = i
            break
        if hit is None:
            fn.append(exp)
        else:
            used.add(hit)
            tp.append(exp)
    fp = [p for i, p in enumerate(predicted) if i not in used]
    return tp, fp, fn


def load_cases(labels: Path, split: str | None = None) -> list[dict]:
    data = yaml.safe_load(labels.read_text(encoding="utf-8"))
    cases = data["cases"] if isinstance(data, dict) else data
    if split:
        cases = [c for c in cases if c.get("split", "tune") == split]
    return cases


def _findings_in_process(files: list[str], args: list[str], root: Path) -> list[dict]:
    from linter.documents import read_path
    from linter.engine import Linter, LintOptions

    options = LintOptions()
    it = iter(args)
    for arg in it:
        if arg == "--market":
            options.market = next(it)
        elif arg == "--select":
            options.select = tuple(next(it).split(","))
        elif arg == "--ignore":
            options.ignore = tuple(next(it).split(","))
        else:
            raise SystemExit(f"claimlint-eval: argument {arg!r} needs --cmd")
    linter = Linter(options)
    found: list[dict] = []
    documents = (read_path(str(root / f)) for f in files)
    for document, findings in linter.lint_documents(documents):
        rel = os.path.relpath(document.path, root)
        found.extend({**f.to_dict(), "path": rel} for f in findings)
    return found


def _findings_by_command(cmd: str, files: list[str], args: list[str], root: Path) -> list[dict]:
    argv = [*shlex.split(cmd), *args, *files]
    proc = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise SystemExit(
            f"claimlint-eval: no JSON from {' '.join(argv)} "
            f"(exit {proc.returncode}): {proc.stderr[-500:]}"
        ) from None
    return data["findings"] if isinstance(data, dict) else data


def evaluate(labels: Path, split: str | None = None, cmd: str | None = None) -> Score:
    root = labels.resolve().parent
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for case in load_cases(labels, split):
        groups[tuple(case.get("args", []))].append(case)
    score = Score()
    for args, cases in groups.items():
        files = [c["file"] for c in cases]
        found = (
            _findings_by_command(cmd, files, list(args), root)
            if cmd
            else _findings_in_process(files, list(args), root)
        )
        by_file: dict[str, list[dict]] = defaultdict(list)
        for f in found:
            by_file[os.path.normpath(f["path"])].append(f)
        for case in cases:
            tp, fp, fn = match(
                case.get("expect") or [], by_file.get(os.path.normpath(case["file"]), [])
            )
            for e in tp:
                score.per_code[e["code"]].tp += 1
            for p in fp:
                score.per_code[p["code"]].fp += 1
                score.alarms.append((case["file"], p["code"], p.get("line"), p.get("text", "")))
            for e in fn:
                score.per_code[e["code"]].fn += 1
                score.misses.append((case["file"], e["code"], e.get("line"), e.get("note", "")))
    return score


def format_score(score: Score, verbose: bool = False) -> Iterable[str]:
    yield f"{'code':10} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6}"
    for code in sorted(score.per_code):
        t = score.per_code[code]
        yield f"{code:10} {t.tp:4} {t.fp:4} {t.fn:4} {t.precision:6.3f} {t.recall:6.3f}"
    if verbose:
        for f, c, line, note in score.misses:
            yield f"MISS  {f}:{line or '-'} {c} {note}"
        for f, c, line, text in score.alarms:
            yield f"FALSE {f}:{line or '-'} {c} {text}"
    t = score.total
    yield (
        f"precision={t.precision:.3f} recall={t.recall:.3f} f1={t.f1:.3f} "
        f"tp={t.tp} fp={t.fp} fn={t.fn}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="claimlint-eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("labels", type=Path)
    ap.add_argument("--split", help="only the cases of this split (tune, holdout)")
    ap.add_argument(
        "--cmd",
        help="run this command instead of the in-process engine, "
        'e.g. "claimlint check --format json"',
    )
    ap.add_argument("--min-precision", type=float)
    ap.add_argument("--min-recall", type=float)
    ap.add_argument("--min-code", type=float, help="minimum precision and recall per code")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false alarms")
    ns = ap.parse_args(argv)
    from linter.yamlload import ConfigError

    try:
        score = evaluate(ns.labels, ns.split, ns.cmd)
    except ConfigError as exc:
        print(f"claimlint-eval: {exc}", file=sys.stderr)
        return 2
    for line in format_score(score, ns.verbose):
        print(line)
    t = score.total
    failed = (
        (ns.min_precision is not None and t.precision < ns.min_precision)
        or (ns.min_recall is not None and t.recall < ns.min_recall)
        or (
            ns.min_code is not None
            and any(min(c.precision, c.recall) < ns.min_code for c in score.per_code.values())
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
