"""Run the selected suites and build the signed report."""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtfix.errors import UserError
from mtfix.scoring.bench import runners
from mtfix.scoring.bench.model import run_model
from mtfix.scoring.bench.realmt import run_realmt
from mtfix.scoring.bench.results import BenchReport, SuiteResult
from mtfix.scoring.bench.runners import BenchContext
from mtfix.scoring.bench.source_names import run_source_names
from mtfix.scoring.bench.suite import Suite, load_suites

REPO = Path(__file__).resolve().parents[3]
DEFAULT_SUITES = REPO / "benchmarks" / "suites"
MODEL_ID = "none (rules only)"

RUNNER_FUNCTIONS: dict[str, Callable[[Suite, BenchContext], SuiteResult]] = {
    "gold-spans": runners.run_gold_spans,
    "synthetic": runners.run_synthetic,
    "wmt-noharm": runners.run_wmt_noharm,
    "mqm-spans": runners.run_mqm_spans,
    "ape-ter": runners.run_ape_ter,
    "throughput": runners.run_throughput,
    "model": run_model,
    "realmt": run_realmt,
    "source-names": run_source_names,
}


def run_suite(suite: Suite, ctx: BenchContext) -> SuiteResult:
    start = time.perf_counter()
    result = RUNNER_FUNCTIONS[suite.runner](suite, ctx)
    return SuiteResult(result.name, result.runner, result.measures, result.tables, result.notes,
                       time.perf_counter() - start, result.skipped)


def model_id(model_dir: Path | None) -> str:
    """The model directory's name and a hash of its weights, or that none was used."""
    if model_dir is None:
        return MODEL_ID
    weights = Path(model_dir) / "model.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:12] if weights.exists() else "?"
    return f"{Path(model_dir).name}@{digest}"


def default_data_dir() -> Path | None:
    """``$MTFIX_SHARED/data``, else ``../shared/data`` beside the repository, when present."""
    env = os.environ.get("MTFIX_SHARED")
    candidates = [Path(env) / "data"] if env else []
    candidates.append(REPO.parent / "shared" / "data")
    return next((c for c in candidates if c.is_dir()), None)


@dataclass(frozen=True)
class BenchOptions:
    suites_dir: Path = DEFAULT_SUITES
    data_dir: Path | None = None
    names: tuple[str, ...] = ()
    quick: bool = False
    rule_paths: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    threshold: float | None = None
    model_dir: Path | None = None  # None: rules only


def select(suites: Sequence[Suite], opts: BenchOptions) -> list[Suite]:
    if opts.names:
        known = {s.name for s in suites}
        unknown = [n for n in opts.names if n not in known]
        if unknown:
            raise UserError(f"unknown suite(s) {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(known))})")
        return [s for s in suites if s.name in opts.names]
    return [s for s in suites if s.quick or not opts.quick]


def suites_digest(suites: Sequence[Suite]) -> str:
    h = hashlib.sha256()
    for s in suites:
        h.update(Path(s.path).read_bytes())
    return h.hexdigest()[:12]


def run_bench(opts: BenchOptions) -> BenchReport:
    import sacrebleu

    from mtfix.pipeline import FixSettings
    from mtfix.rules import load_rules
    from mtfix.version import __version__

    suites = select(load_suites(opts.suites_dir), opts)
    rules = load_rules(opts.rule_paths, opts.disabled)
    settings = FixSettings() if opts.threshold is None else FixSettings(threshold=opts.threshold)
    signature: dict[str, Any] = {
        "mtfix": __version__,
        "rules": rules.digest,
        "model": model_id(opts.model_dir),
        "threshold": settings.threshold,
        "sacrebleu": sacrebleu.__version__,
        "suites": suites_digest(suites),
        "quick": "yes" if opts.quick else "no",
        "data": "yes" if opts.data_dir is not None else "no",
        "python": platform.python_version(),
    }
    results: list[SuiteResult] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mtfix-bench-") as work:
        model = None
        if opts.model_dir is not None:
            from mtfix.model.stage import load_stage

            model = load_stage(opts.model_dir, threshold=settings.threshold)
        ctx = BenchContext(repo=REPO, data_dir=opts.data_dir, rules=rules, settings=settings,
                           quick=opts.quick, workdir=Path(work), rule_paths=opts.rule_paths,
                           disabled=opts.disabled, model=model)
        for suite in suites:
            if suite.data and opts.data_dir is None:
                results.append(SuiteResult(suite.name, suite.runner,
                                           skipped="no data folder (--data DIR)"))
                continue
            results.append(run_suite(suite, ctx))
    gates = {s.name: {m.name: tol for m in r.measures
                      if (tol := s.tolerance(m.name)) is not None}
             for s, r in zip(suites, results, strict=True)}
    return BenchReport(signature=signature, suites=tuple(results),
                       seconds=time.perf_counter() - start, gates=gates)
