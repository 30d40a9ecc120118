"""Span scoring: matching modes, per-category/severity counts, MQM penalties, correlations."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from mtfix.document import Document, Severity, make_issue
from mtfix.scoring.spans import (
    LabeledSpan,
    correlate,
    from_issues,
    kendall_tau_b,
    load_gold_jsonl,
    match_flags,
    mqm_penalties,
    pearson,
    score_spans,
)

REPO = Path(__file__).resolve().parent.parent


def sp(start: int, end: int, cat: str = "c", sev: str = "minor", key: str = "d") -> LabeledSpan:
    return LabeledSpan(key, start, end, cat, sev)


def test_exact_needs_equal_offsets_overlap_needs_shared_character() -> None:
    gold = [sp(10, 20), sp(30, 35)]
    det = [sp(10, 20), sp(19, 25), sp(20, 30)]  # exact; overlaps gold 0; only touches both
    assert match_flags(det, gold, "exact") == ([True, False, False], [True, False])
    assert match_flags(det, gold, "overlap") == ([True, True, False], [True, False])


def test_empty_span_overlaps_the_range_it_sits_in_or_borders() -> None:
    gold = [sp(5, 5)]
    assert match_flags([sp(0, 5)], gold, "overlap") == ([True], [True])
    assert match_flags([sp(6, 9)], gold, "overlap") == ([False], [False])


def test_keys_separate_documents() -> None:
    assert match_flags([sp(0, 4, key="a")], [sp(0, 4, key="b")], "overlap") == ([False], [False])


def test_precision_recall_f1_counts() -> None:
    gold = [sp(0, 5, "x", "major"), sp(10, 15, "y", "minor"), sp(20, 25, "y", "critical")]
    det = [sp(0, 5, "x", "major"), sp(11, 13, "x", "minor"), sp(40, 44, "z", "minor")]
    exact = score_spans(det, gold, "exact")
    assert (exact.overall.precision, exact.overall.recall) == (1 / 3, 1 / 3)
    overlap = score_spans(det, gold, "overlap")
    assert overlap.overall.precision == pytest.approx(2 / 3)
    assert overlap.overall.recall == pytest.approx(2 / 3)
    assert overlap.overall.f1 == pytest.approx(2 / 3)
    cats = dict(overlap.by_category)
    # detected "x" spans: both match something; gold "y": one of two found; "z" detected only
    assert (cats["x"].precision, cats["x"].recall) == (1.0, 1.0)
    assert (cats["y"].precision, cats["y"].recall) == (None, 0.5)
    assert (cats["z"].precision, cats["z"].recall, cats["z"].f1) == (0.0, None, None)
    sev = dict(overlap.by_severity)
    assert sev["critical"].recall == 0.0 and sev["major"].precision == 1.0


def test_same_category_matching_and_category_map() -> None:
    gold = [sp(0, 5, "Accuracy/Mistranslation")]
    det = [sp(0, 5, "entity/mistranslation")]
    assert score_spans(det, gold, "exact", same_category=True).overall.recall == 0.0
    mapped = score_spans(
        det, gold, "exact", same_category=True,
        category_map=lambda c: "Accuracy/Mistranslation" if c.startswith("entity") else c,
    )
    assert mapped.overall.recall == 1.0


def test_severity_is_normalised_and_mqm_penalty_weights() -> None:
    spans = [sp(0, 1, sev="Major"), sp(1, 2, sev="MINOR"), sp(3, 4, sev="critical", key="e")]
    assert spans[0].severity == "major"
    assert mqm_penalties(spans, ["d", "e", "f"]) == {"d": 6.0, "e": 10.0, "f": 0.0}
    with pytest.raises(ValueError):
        mqm_penalties([sp(0, 1, sev="neutral")], ["d"])


def test_correlations_match_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    rng = random.Random(3)
    x = [rng.choice([0, 0, 0, 1, 5, 6, 10]) for _ in range(700)]
    y = [-(v + rng.choice([0, 0, 1, 5])) for v in x]  # heavily tied, like MQM scores
    assert kendall_tau_b(x, y) == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-12)
    assert pearson(x, y) == pytest.approx(stats.pearsonr(x, y).statistic, abs=1e-12)
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None


def test_correlate_negates_penalties_against_mqm_scores() -> None:
    pen = {"a": 0.0, "b": 5.0, "c": 10.0, "z": 1.0}
    human = {"a": -0.0, "b": -4.0, "c": -12.0}
    c = correlate(pen, human)
    assert c.n == 3 and c.kendall_tau_b == pytest.approx(1.0) and c.pearson > 0.95
    assert math.isclose(correlate(pen, human, negate=False).kendall_tau_b, -1.0)


def test_adapter_uses_document_offsets_for_plain_text() -> None:
    doc = Document.from_text("First line.\nSecond line. .\nThird.\n", path="doc.txt")
    seg = doc.segments[1]
    issue = make_issue(seg, 11, 14, category="fluency/punctuation", severity=Severity.MINOR,
                       rule_id="r", message="m")
    drop = make_issue(doc.segments[2], 0, 6, category="other/boilerplate",
                      severity=Severity.MAJOR, rule_id="b", message="m", drop_segment=True)
    spans = from_issues([issue, drop], doc)
    assert spans[0] == LabeledSpan("doc.txt", 23, 26, "fluency/punctuation", "minor")
    assert doc.text[spans[0].start:spans[0].end] == ". ."
    assert doc.text[spans[1].start:spans[1].end] == "Third.\n"
    tsv_like = Document(segments=tuple(
        type(s)(index=s.index, text=s.text) for s in doc.segments), path="x.tsv", format="tsv")
    assert from_issues([issue], tsv_like)[0] == LabeledSpan("x.tsv#1", 11, 14,
                                                            "fluency/punctuation", "minor")


def test_seed_gold_loads_with_offsets_into_the_seed() -> None:
    seed = REPO / "seeds" / "000_ab0a295c0ca72cec.txt"
    gold = load_gold_jsonl(seed.with_suffix(".gold.jsonl"), key="seed")
    text = seed.read_text(encoding="utf-8")
    assert len(gold) == 13
    assert text[gold[0].start:gold[0].end] == "Muhammad Shia Al-Sudani"
    assert score_spans(gold, gold, "exact").overall.f1 == 1.0
