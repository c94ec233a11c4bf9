"""Accuracy on the labelled corpus (fixtures/labels.yaml): the bars of the spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.evaluate import evaluate, format_score

LABELS = Path(__file__).resolve().parent.parent / "fixtures" / "labels.yaml"


@pytest.fixture(scope="module")
def score():
    return evaluate(LABELS)


def test_overall_precision_and_recall(score):
    total = score.total
    report = "\n".join(format_score(score, verbose=True))
    assert total.precision >= 0.95, report
    assert total.recall >= 0.90, report


def test_every_code_is_at_least_085(score):
    report = "\n".join(format_score(score, verbose=True))
    for code, tally in score.per_code.items():
        assert tally.precision >= 0.85 and tally.recall >= 0.85, f"{code}\n{report}"


def test_corpus_covers_every_code_both_ways():
    import yaml

    cases = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["cases"]
    clean = [c for c in cases if not c.get("expect")]
    assert len(cases) >= 120 and len(clean) >= 30
    assert {c.get("split") for c in cases} == {"tune", "holdout"}
    labelled = {e["code"] for c in cases for e in c.get("expect") or []}
    assert {f"SCM{n}" for n in (101, 102, 103, 201, 202, 203, 204, 205, 206, 207, 208, 209,
                                301)} <= labelled
    for case in cases:
        assert (LABELS.parent / case["file"]).is_file(), case["file"]


def test_the_evaluator_counts_like_the_shared_scorer():
    from linter.evaluate import match

    expected = [{"code": "A", "line": 4}, {"code": "B"}]
    predicted = [{"code": "A", "line": 5, "end_line": 5}, {"code": "B", "line": 1},
                 {"code": "B", "line": 9}]
    tp, fp, fn = match(expected, predicted)
    assert (len(tp), len(fp), len(fn)) == (2, 1, 0)
    tp, fp, fn = match([{"code": "A", "line": 9}], predicted[:1])
    assert (len(tp), len(fp), len(fn)) == (0, 1, 1)
