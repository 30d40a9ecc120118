"""The realmt-dev runner's measures on small documents written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtfix.scoring.bench.realmt import (
    DocChange,
    GoldRow,
    aligned_chunks,
    fixed_exactly,
    gold_category,
    postedit,
    score_outputs,
)

TEXT = "Share this story\nThe Sudanese said the talks went well.\nRead more"


def row(start: int, end: int, category: str, correction: str) -> GoldRow:
    return GoldRow("D", start, end, TEXT[start:end], category, "minor", correction)


def test_postedit_applies_errors_and_keeps_traps() -> None:
    boiler = row(0, 16, "other/boilerplate", "")
    name = row(17, 29, "entity/name-as-common-word", "Al-Sudani")
    trap = row(39, 44, "not-an-error", "talks")
    assert postedit(TEXT, [trap, name, boiler]) == (
        "\nAl-Sudani said the talks went well.\nRead more")


def test_fixed_exactly_ignores_the_line_break_of_a_dropped_line() -> None:
    boiler = row(0, 16, "other/boilerplate", "")
    assert fixed_exactly(boiler, TEXT, [DocChange(0, 17, "")])
    assert not fixed_exactly(boiler, TEXT, [DocChange(0, 5, "")])
    name = row(17, 29, "entity/name-as-common-word", "Al-Sudani")
    assert fixed_exactly(name, TEXT, [DocChange(17, 29, "Al-Sudani")])
    assert not fixed_exactly(name, TEXT, [DocChange(17, 29, "Sudan")])
    assert not fixed_exactly(name, TEXT, [])


def test_chunks_never_cut_inside_a_change() -> None:
    chunks = aligned_chunks(TEXT, [[DocChange(0, 17, "")]])
    assert chunks == [(0, 56), (56, len(TEXT))]
    assert aligned_chunks(TEXT, [[]]) == [(0, 17), (17, 56), (56, len(TEXT))]


def test_scores_rise_when_the_output_matches_the_post_edit() -> None:
    gold = [[DocChange(17, 29, "Al-Sudani")]]
    (chrf_raw, ter_raw), (chrf_fix, ter_fix) = score_outputs([TEXT], [[()], gold], gold)
    assert chrf_fix == pytest.approx(100.0)
    assert ter_fix == 0.0
    assert chrf_raw < 100.0 and ter_raw > 0.0


def test_our_categories_map_onto_the_gold_taxonomy() -> None:
    assert gold_category("entity/consistency") == "entity/spelling"
    assert gold_category("terminology/euphemism") == "terminology"
    assert gold_category("fluency/quotes") == "fluency/punctuation"
    assert gold_category("accuracy/addition") == "other/mistranslation"
    assert gold_category("other/boilerplate") == "other/boilerplate"


def test_suite_runs_on_the_dev_set(shared_data: Path, tmp_path: Path) -> None:
    from mtfix.scoring.bench.run import BenchOptions, run_bench

    report = run_bench(BenchOptions(data_dir=shared_data, names=("realmt-dev",)))
    (suite,) = report.suites
    docs = (shared_data / "realmt_dev" / "docs.jsonl").read_text("utf-8").splitlines()
    assert suite.notes[0].startswith(f"{len(docs)} documents")
    assert 0.0 <= suite.measure("recall") <= 1.0
    assert suite.measure("score.chrf_before") > 0.0
    assert json.dumps([m.value for m in suite.measures])


def test_bench_reads_the_data_folder_from_mtfix_shared(tmp_path: Path, monkeypatch) -> None:
    from mtfix.scoring.bench.run import default_data_dir

    (tmp_path / "data").mkdir()
    monkeypatch.setenv("MTFIX_SHARED", str(tmp_path))
    assert default_data_dir() == tmp_path / "data"


def test_a_record_date_is_read_when_it_is_a_date() -> None:
    from datetime import date

    from mtfix.scoring.bench.realmt import record_date

    assert record_date({"date": "2023-11-06"}) == date(2023, 11, 6)
    assert record_date({"date": "2023-11-06T08:00:00Z"}) == date(2023, 11, 6)
    assert record_date({"date": "unknown"}) is None
    assert record_date({}) is None
