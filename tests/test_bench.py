"""``mtfix bench``: suites as data, the baseline gate, and a rule table broken on purpose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.errors import UserError
from mtfix.scoring.bench.results import (
    HIGHER,
    LOWER,
    BenchReport,
    Measure,
    SuiteResult,
    compare,
    render_json,
)
from mtfix.scoring.bench.suite import load_suites, parse_suite

REPO = Path(__file__).resolve().parent.parent
PUNCTUATION = REPO / "mtfix" / "tables" / "punctuation.yaml"


def report(values: dict[str, float], better: dict[str, str], gates: dict[str, float]
           ) -> BenchReport:
    measures = tuple(Measure(k, v, better[k]) for k, v in values.items())
    return BenchReport(signature={"rules": "x"}, suites=(SuiteResult("s", "r", measures),),
                       seconds=1.0, gates={"s": gates})


def test_compare_respects_direction_and_tolerance() -> None:
    better = {"f1": HIGHER, "ter": LOWER, "other": HIGHER}
    gates = {"f1": 0.01, "ter": 0.5}
    old = json.loads(render_json(report({"f1": 0.9, "ter": 10.0, "other": 5.0}, better, gates)))
    ok = report({"f1": 0.895, "ter": 10.4, "other": 0.0}, better, gates)  # within / ungated
    assert compare(ok, old) == []
    bad = report({"f1": 0.85, "ter": 11.0, "other": 5.0}, better, gates)
    assert [(r.measure, r.baseline, r.value) for r in compare(bad, old)] == [
        ("f1", 0.9, 0.85), ("ter", 10.0, 11.0)]


def test_suite_files_parse_and_gate_by_pattern() -> None:
    suites = {s.name: s for s in load_suites(REPO / "benchmarks" / "suites")}
    assert {"seed", "synthetic", "wmt21-noharm", "mqm-ted-zhen", "ape-ter",
            "throughput"} <= set(suites)
    seed = suites["seed"]
    assert seed.quick and not seed.data
    assert seed.tolerance("detect.category.locale/calendar.recall") == 0.0
    assert seed.tolerance("fix.edits") is None
    with pytest.raises(UserError, match="runner"):
        parse_suite('name = "x"\nrunner = "nope"\n', "x.toml")
    with pytest.raises(UserError, match="unknown key"):
        parse_suite('name = "x"\nrunner = "synthetic"\nbogus = 1\n', "x.toml")


def test_breaking_a_rule_table_fails_the_baseline_gate(tmp_path: Path, capsys) -> None:
    base_out, new_out = tmp_path / "base", tmp_path / "new"
    assert main(["bench", "--no-model", "--suite", "seed", "--out", str(base_out)]) == 0
    baseline = json.loads((base_out / "report.json").read_text(encoding="utf-8"))
    recall = baseline["suites"]["seed"]["measures"]["detect.overlap.recall"]["value"]
    assert recall > 0
    # a user table with the shipped table's id replaces it: here without the doubled full stop
    text = PUNCTUATION.read_text(encoding="utf-8")
    start = text.index("  - id: doubled_full_stop")
    end = text.index("  - id:", start + 1)
    broken = tmp_path / "rules" / "punctuation.yaml"
    broken.parent.mkdir()
    broken.write_text(text[:start] + text[end:], encoding="utf-8")
    capsys.readouterr()
    code = main(["bench", "--no-model", "--suite", "seed", "--out", str(new_out), "--rules",
                 str(broken.parent), "--baseline", str(base_out / "report.json")])
    err = capsys.readouterr().err
    assert code == 1
    assert "seed/detect.overlap.recall regressed" in err
    assert "seed/detect.category.fluency/punctuation.recall regressed: 1 -> 0" in err
    md = (new_out / "report.md").read_text(encoding="utf-8")
    assert "regression(s)" in md and "rules: " in md  # the signature shows the tables differ
    # the same run against its own report passes the gate
    assert main(["bench", "--no-model", "--suite", "seed", "--out", str(tmp_path / "again"),
                 "--rules", str(broken.parent), "--baseline", str(new_out / "report.json")]) == 0


def test_bench_user_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["bench", "--suite", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown suite" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main(["bench", "--baseline", str(tmp_path / "bad.json"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mtfix: error: ") and err.count("\n") == 1


def test_ter_before_after_equals_sacrebleu_corpus_ter() -> None:
    """The bench scores each segment once and sums; the figures are sacrebleu's corpus TER."""
    from sacrebleu.metrics import TER

    from mtfix.scoring.bench.runners import ter_before_after

    before = ["The army said forces withdrew .", "He met the minister in Kabul .", "",
              "Same line ."]
    after = ["The army said its forces withdrew .", "He met the minister in Kabul .",
             "An added line .", "Same line ."]
    refs = [["The army said its forces had withdrawn .", "He met the minister in Kabul .",
             "", "Same line ."],
            ["The army says its forces withdrew .", "He met a minister in Kabul .",
             "A line .", "Same line ."]]
    ter = TER()
    assert ter_before_after(before, after, refs) == (
        ter.corpus_score(before, refs).score, ter.corpus_score(after, refs).score, 4)
    changed = [0, 2]
    sub = [[r[i] for i in changed] for r in refs]
    assert ter_before_after(before, after, refs, only_changed=True) == (
        ter.corpus_score([before[i] for i in changed], sub).score,
        ter.corpus_score([after[i] for i in changed], sub).score, 2)
    assert ter_before_after(before[1:2], before[1:2], [r[1:2] for r in refs], True) == (0, 0, 0)
