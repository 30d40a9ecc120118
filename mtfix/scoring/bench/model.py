"""The ``model`` suite runner: the seq2seq corrector on APE dev (mtfix.model.bench does it)."""

from __future__ import annotations

from mtfix.scoring.bench.results import INFO, LOWER, Measure, SuiteResult, Table
from mtfix.scoring.bench.runners import BenchContext
from mtfix.scoring.bench.suite import Suite


def run_model(suite: Suite, ctx: BenchContext) -> SuiteResult:
    """The corrector on APE dev: TER of `mtfix fix` (rules, then the model) against the
    post-edits and the model's share of it, the share of units sent to the model, its
    throughput and the cost against running it on every unit."""
    if ctx.model is None:
        return SuiteResult(suite.name, suite.runner, skipped="no model (--no-model)")
    from mtfix.model.bench import ape_bench, throughput
    from mtfix.model.data import read_ape

    opts = suite.effective_options(ctx.quick)
    limit = int(opts.get("limit", 10**9))
    results = ape_bench(ctx.model, ctx.data_dir, limit, ctx.rules)
    rows = tuple((r.pair, r.rows, r.ter_mt, r.ter_rules, r.ter_fixed, r.delta, r.model_delta,
                  r.units_sent, r.units_total, r.applied, r.seconds, r.full_seconds_estimate)
                 for r in results)
    sent = sum(r.units_sent for r in results)
    total = sum(r.units_total for r in results) or 1
    cost = sum(r.seconds for r in results) / (sum(r.full_seconds_estimate for r in results)
                                              or 1.0)
    sample = [r.mt for r in read_ape(ctx.data_dir / "ape" / "ro-en.dev.tsv")]
    speed = throughput(ctx.model, sample[: int(opts.get("throughput_sentences", 64))])
    measures = (Measure("ape.ter_delta.max", max(r.delta for r in results), LOWER),
                Measure("ape.pairs_0.5_lower", float(sum(r.delta <= -0.5 for r in results))),
                Measure("ape.model_ter_delta.max", max(r.model_delta for r in results), LOWER),
                Measure("share_sent", sent / total, INFO),
                Measure("cost_vs_every_unit", cost, LOWER),
                Measure("model.qe_sentences_per_s", speed["qe_per_s"], INFO),
                Measure("model.propose_sentences_per_s", speed["propose_per_s"], INFO))
    table = Table(f"{suite.name}: mtfix fix on APE dev (detokenised), TER vs post-edit",
                  ("pair", "rows", "TER mt", "TER rules", "TER fixed", "delta",
                   "of which model", "units sent", "units", "model edits applied",
                   "model seconds", "model seconds if every unit"), rows)
    notes = ("'TER fixed' is what `mtfix fix` writes: the rules (with the source sentence) "
             "first, then the model stage on their output and on the issues they left; "
             "'of which model' is TER fixed minus TER rules. Throughput: 'qe' scores copying "
             "each sentence (the cheap estimate), 'propose' generates a correction; 2 threads.",)
    return SuiteResult(suite.name, suite.runner, measures, (table,), notes)
