"""The CI bench gate: .ci/run compares the quick bench with the committed baseline, and a
report worse than the baseline fails it."""

from __future__ import annotations

import json
from pathlib import Path

from mtfix.cli import main

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "benchmarks" / "baseline" / "quick.json"


def test_ci_runs_the_quick_bench_against_the_committed_baseline() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "mtfix bench --quick --out bench-out --baseline benchmarks/baseline/quick.json" in ci
    report = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert {"seed", "synthetic"} <= set(report["suites"])


def test_a_worse_run_than_the_baseline_fails_the_gate(tmp_path: Path, capsys) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert main(["bench", "--suite", "seed", "--baseline", str(BASELINE),
                 "--out", str(tmp_path / "same")]) == 0
    # a baseline one point better than today's recall: today's run is then a regression
    seed = baseline["suites"]["seed"]["measures"]
    seed["detect.overlap.recall"]["value"] += 0.01
    better = tmp_path / "better.json"
    better.write_text(json.dumps(baseline), encoding="utf-8")
    capsys.readouterr()
    assert main(["bench", "--suite", "seed", "--baseline", str(better),
                 "--out", str(tmp_path / "worse")]) == 1
    assert "seed/detect.overlap.recall regressed" in capsys.readouterr().err
