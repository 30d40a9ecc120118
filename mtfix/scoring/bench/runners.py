"""One function per suite runner: each reads its inputs, runs check / fix / score, returns measures.

Segment-aligned data (wmt21, mqm, ape) is fixed as documents of one segment per row, built from
``Segment`` objects directly (never by splitting text on line breaks, which would misalign rows).
A segment that a fix drops counts as an empty hypothesis when scored.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

from mtfix.document import Document, fixed_texts, segments_document
from mtfix.scoring.bench.results import INFO, LOWER, Measure, SuiteResult, Table
from mtfix.scoring.bench.suite import Suite
from mtfix.scoring.spans import (
    LabeledSpan,
    SpanScores,
    correlate,
    from_issues,
    load_gold_jsonl,
    mqm_penalties,
    score_spans,
    segment_key,
)


@dataclass(frozen=True)
class BenchContext:
    repo: Path
    data_dir: Path | None
    rules: Any  # mtfix.rules.RuleSet
    settings: Any  # mtfix.pipeline.FixSettings
    quick: bool
    workdir: Path
    rule_paths: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    model: Any = None  # a model stage (mtfix.model.stage.load_stage) or None: rules only


@dataclass(frozen=True)
class GoldFix:
    start: int
    end: int
    correction: str


# --- shared helpers ------------------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def span_measures(scores: Sequence[SpanScores], title: str) -> tuple[list[Measure], list[Table]]:
    measures: list[Measure] = []
    for s in scores:
        for name in ("precision", "recall", "f1"):
            v = getattr(s.overall, name)
            if v is not None:
                measures.append(Measure(f"detect.{s.mode}.{name}", v))
    overlap = next(s for s in scores if s.mode == "overlap")
    rows = []
    for cat, prf in overlap.by_category:
        rows.append((cat, prf.n_gold, prf.gold_matched, prf.n_detected, prf.detected_matched,
                     prf.precision, prf.recall, prf.f1))
        for name in ("precision", "recall", "f1"):
            v = getattr(prf, name)
            if v is not None:
                measures.append(Measure(f"detect.category.{cat}.{name}", v))
    sev_rows = [(sev, prf.n_gold, prf.gold_matched, prf.n_detected, prf.detected_matched,
                 prf.precision, prf.recall, prf.f1) for sev, prf in overlap.by_severity]
    header = ("", "gold", "gold found", "detected", "detected right", "precision", "recall",
              "F1")
    exact = next(s for s in scores if s.mode == "exact").overall
    tables = [
        Table(f"{title}: detection by category (overlap matching)", ("category", *header[1:]),
              tuple(rows)),
        Table(f"{title}: detection by severity (overlap matching)", ("severity", *header[1:]),
              tuple(sev_rows)),
        Table(f"{title}: overall", ("matching", *header[1:]), (
            ("exact", exact.n_gold, exact.gold_matched, exact.n_detected,
             exact.detected_matched, exact.precision, exact.recall, exact.f1),
            ("overlap", overlap.overall.n_gold, overlap.overall.gold_matched,
             overlap.overall.n_detected, overlap.overall.detected_matched,
             overlap.overall.precision, overlap.overall.recall, overlap.overall.f1))),
    ]
    return measures, tables


def edit_doc_span(edit: Any, doc: Any) -> tuple[int, int, str]:
    seg = doc.segments[edit.segment]
    if edit.drop_segment:
        return seg.offset, seg.offset + len(seg.text) + len(seg.eol), ""
    return seg.offset + edit.start, seg.offset + edit.end, edit.new


def _touches(start: int, end: int, gold: Any) -> bool:
    """Whether the span [start, end) overlaps a gold span (or inserts at its start)."""
    return start < gold.end and gold.start < end or start == gold.start


def _same_change(text: str, edit: tuple[int, int, str], gold: Any) -> bool:
    """Whether an edit and a gold correction overlap and make the same text: "a, , , and"
    -> "a, and" is one fix whether the edit takes ", ," before the comma or after it."""
    s, e, new = edit
    if not _touches(s, e, gold):
        return False
    lo, hi = min(s, gold.start), max(e, gold.end)
    return (text[lo:s] + new + text[e:hi]
            == text[lo:gold.start] + gold.correction + text[gold.end:hi])


def _exact_matches(result: Any, doc: Any, gold: Sequence[Any]) -> list[list[Any]]:
    """For each applied edit, the gold corrections it makes exactly."""
    text = doc.text  # a property that joins the segments: read once
    return [[g for g in gold if _same_change(text, edit_doc_span(e, doc), g)]
            for e in result.edits]


def fix_vs_gold(result: Any, doc: Any, gold: Sequence[Any]) -> tuple[int, int, int]:
    """(gold errors fixed exactly, edits that are exact gold fixes, edits touching no gold span).

    An edit is an exact fix when it makes the text the gold correction makes (the same span,
    or one aligned differently). Several edits on one gold span (a drop of each boilerplate
    line) count once per gold span."""
    return _fix_counts(result, doc, gold, _exact_matches(result, doc, gold))


def _fix_counts(result: Any, doc: Any, gold: Sequence[Any],
                matched: Sequence[Sequence[Any]]) -> tuple[int, int, int]:
    exact_edits = sum(1 for m in matched if m)
    fixed_gold = len({(g.start, g.end, g.correction) for m in matched for g in m})
    stray = sum(1 for e in result.edits
                if not any(_touches(*edit_doc_span(e, doc)[:2], g) for g in gold))
    return fixed_gold, exact_edits, stray


def corpus(metric: str, hyps: Sequence[str], refs: Sequence[Sequence[str]]) -> float:
    from mtfix.scoring.metrics import corpus_score

    return corpus_score(hyps, refs, metric).score


def ter_before_after(before: Sequence[str], after: Sequence[str], refs: Sequence[Sequence[str]],
                     only_changed: bool = False) -> tuple[float, float, int]:
    """Corpus TER before and after; unchanged segments are scored once (TER is pure Python).

    ``only_changed`` scores the changed segments only (TER of the edited part). Each segment's
    edits and reference length come from sacrebleu's public ``sentence_score``; the corpus
    figure sums them as ``TER.corpus_score`` does (edits / reference length, in order)."""
    from sacrebleu.metrics import TER

    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    keep = changed if only_changed else list(range(len(before)))
    if not keep:
        return 0.0, 0.0, 0
    metric = TER()
    stats = [_ter_stats(metric, before[i], [r[i] for r in refs]) for i in keep]
    position = {i: k for k, i in enumerate(keep)}
    after_stats = list(stats)
    for i in changed:
        after_stats[position[i]] = _ter_stats(metric, after[i], [r[i] for r in refs])
    return _corpus_ter(stats), _corpus_ter(after_stats), len(keep)


def _ter_stats(metric: Any, hyp: str, refs: Sequence[str]) -> tuple[int, float]:
    """One segment's TER statistics: its edits and its (average) reference length."""
    score = metric.sentence_score(hyp, refs)
    return score.num_edits, score.ref_length


def _corpus_ter(stats: Sequence[tuple[int, float]]) -> float:
    """Corpus TER from segment statistics, as sacrebleu computes it from the same sums."""
    edits: float = 0
    length: float = 0
    for e, n in stats:
        edits += e
        length += n
    if length > 0:
        return 100 * (edits / length)
    return 100 * 1.0 if edits > 0 else 0.0


def clean_source(ctx: BenchContext, suite: Suite, key: str, column: str | None) -> list[str]:
    from mtfix.synthetic.generator import read_sentences

    path = suite.inputs.get(key)
    if path is None:
        return []
    base = ctx.data_dir if suite.data else ctx.repo
    if base is None:
        return []
    out: list[str] = []
    for p in sorted(base.glob(str(path))):
        out += read_sentences(p, column)
    return out


# --- runners -------------------------------------------------------------------------------------


def run_gold_spans(suite: Suite, ctx: BenchContext) -> SuiteResult:
    """A document with gold spans and a post-edit (the seed): detection and fix quality."""
    from mtfix import pipeline

    text_path = suite.resolve("text", ctx.repo, ctx.data_dir)
    text = text_path.read_text(encoding="utf-8")
    gold_path = suite.resolve("gold", ctx.repo, ctx.data_dir)
    gold = load_gold_jsonl(gold_path, key="doc")
    gold_rows = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line]
    postedit = suite.resolve("postedit", ctx.repo, ctx.data_dir).read_text(encoding="utf-8")
    doc = Document.from_text(text, path=str(text_path))
    result = pipeline.fix(doc, ctx.rules, ctx.settings, model=ctx.model)
    detected = from_issues(result.issues, doc, key="doc")
    measures, tables = span_measures(
        [score_spans(detected, gold, "exact"), score_spans(detected, gold, "overlap")],
        suite.name)
    gold_fixes = [GoldFix(r["start"], r["end"], r["replacement"]) for r in gold_rows]
    fixed_gold, exact_edits, stray = fix_vs_gold(result, doc, gold_fixes)
    after = result.fixed.text
    one = [postedit.replace("\n", " ").strip()]
    before_doc, after_doc = [text.replace("\n", " ").strip()], [after.replace("\n", " ").strip()]
    ter_b, ter_a, _ = ter_before_after(before_doc, after_doc, [one])
    measures += [
        Measure("fix.gold_fixed", fixed_gold / len(gold_fixes)),
        Measure("fix.edit_precision", exact_edits / len(result.edits) if result.edits else 0.0),
        Measure("fix.stray_edits", float(stray), LOWER),
        Measure("fix.edits", float(len(result.edits)), INFO),
        Measure("score.chrf_before", corpus("chrf", before_doc, [one])),
        Measure("score.chrf_after", corpus("chrf", after_doc, [one])),
        Measure("score.ter_before", ter_b, LOWER),
        Measure("score.ter_after", ter_a, LOWER),
        Measure("fix.equals_postedit", float(after == postedit)),
    ]
    notes = (f"Fixed `{text_path.name}` against its post-edit (document as one segment); "
             f"{fixed_gold} of {len(gold_fixes)} gold errors fixed exactly.",)
    return SuiteResult(suite.name, suite.runner, tuple(measures), tuple(tables), notes)


def run_synthetic(suite: Suite, ctx: BenchContext) -> SuiteResult:
    """Clean sentences corrupted by the generator: recall per kind, restoration, do no harm."""
    from mtfix import pipeline
    from mtfix.synthetic import generator as gen

    opts = suite.effective_options(ctx.quick)
    sentences: list[str] = []
    for key, column in (("sentences", opts.get("column")), ("more_sentences",
                                                           opts.get("more_column"))):
        sentences += clean_source(ctx, suite, key, column)[: int(opts.get("limit", 10**9))]
    fallback = ctx.repo / str(suite.inputs.get("fallback", ""))
    source_note = "shared data"
    if not sentences and fallback.is_file():
        sentences = fallback.read_text(encoding="utf-8").splitlines()
        source_note = f"`{fallback.name}` (no shared data)"
    from mtfix.synthetic.entities import entity_forms, native_forms

    rules = gen.reverse_rules_from_tables(ctx.rules.tables)
    synth = gen.generate_document(sentences, seed=int(opts.get("seed", 1)),
                                  rate=float(opts.get("rate", 0.5)), rules=rules,
                                  forms=entity_forms(ctx.rules.tables)
                                  + native_forms(ctx.rules.tables))
    doc = Document.from_text(synth.text, path="synthetic")
    result = pipeline.fix(doc, ctx.rules, ctx.settings, model=ctx.model)
    detected = from_issues(result.issues, doc, key="doc")
    gold = [LabeledSpan("doc", s.start, s.end, s.category, s.severity) for s in synth.spans]
    measures, tables = span_measures(
        [score_spans(detected, gold, "exact"), score_spans(detected, gold, "overlap")],
        suite.name)
    matched = _exact_matches(result, doc, synth.spans)
    fixed_gold, exact_edits, stray = _fix_counts(result, doc, synth.spans, matched)
    made = {id(g) for m in matched for g in m}
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for s in synth.spans:
        by_kind[s.kind].append(s)
    det_ok_rows = []
    for kind, spans in sorted(by_kind.items()):
        k_gold = [LabeledSpan("doc", s.start, s.end, s.category, s.severity) for s in spans]
        recall = score_spans(detected, k_gold, "overlap").overall.recall
        fixed = sum(1 for s in spans if id(s) in made)
        det_ok_rows.append((kind, len(spans), recall, fixed / len(spans)))
        measures.append(Measure(f"detect.kind.{kind}.recall", recall or 0.0))
    clean_lines = synth.clean.splitlines()
    after = result.fixed.text
    measures += [
        Measure("fix.gold_fixed", fixed_gold / len(synth.spans) if synth.spans else 0.0),
        Measure("fix.edit_precision", exact_edits / len(result.edits) if result.edits else 0.0),
        Measure("fix.stray_edits", float(stray), LOWER),
        Measure("fix.restored_exactly", float(after == synth.clean)),
        Measure("score.chrf_before", corpus("chrf", [synth.text], [[synth.clean]])),
        Measure("score.chrf_after", corpus("chrf", [after], [[synth.clean]])),
        Measure("data.sentences", float(len(clean_lines)), INFO),
        Measure("data.errors", float(len(synth.spans)), INFO),
    ]
    tables.append(Table(f"{suite.name}: by injected kind", ("kind", "errors", "recall (overlap)",
                                                            "fixed exactly"), tuple(det_ok_rows)))
    notes = (f"{len(clean_lines)} clean sentences from {source_note}, {len(synth.spans)} "
             f"injected errors (seed {synth.seed}); stray edits are edits touching no injected "
             "error.",)
    return SuiteResult(suite.name, suite.runner, tuple(measures), tuple(tables), notes)


def run_wmt_noharm(suite: Suite, ctx: BenchContext) -> SuiteResult:
    """Do no harm on WMT21 X->en: chrF before/after against the references per system."""
    from mtfix import pipeline

    folder = suite.resolve("folder", ctx.repo, ctx.data_dir)
    opts = suite.effective_options(ctx.quick)
    pairs = opts.get("pairs") or sorted(p.stem for p in folder.glob("*.jsonl"))
    limit = int(opts.get("limit", 10**9))
    max_systems = int(opts.get("systems", 99))
    # with the sources (checks against the source run), and without (as for a plain text file)
    source_modes = (True, False) if opts.get("without_sources", True) else (True,)
    rows, deltas, ter_rows = [], [], []
    total_segments = edited_total = 0
    for pair in pairs:
        records = [json.loads(x) for x in (folder / f"{pair}.jsonl").open(encoding="utf-8")]
        records = records[:limit]
        refs = [[r["references"][k] for r in records] for k in records[0]["references"]]
        for system, with_source in product(list(records[0]["hypotheses"])[:max_systems],
                                           source_modes):
            hyps = [r["hypotheses"][system] for r in records]
            sources = [r["source"] for r in records] if with_source else None
            result = pipeline.fix(segments_document(hyps, f"{pair}:{system}", sources),
                               ctx.rules, ctx.settings, model=ctx.model)
            label = system if with_source else f"{system} (no source)"
            after = fixed_texts(result)
            edited = sum(a != b for a, b in zip(hyps, after, strict=True))
            before_c, after_c = corpus("chrf", hyps, refs), corpus("chrf", after, refs)
            ter_b, ter_a, n_t = ter_before_after(hyps, after, refs, only_changed=True)
            rows.append((pair, label, len(hyps), edited, len(result.edits), before_c, after_c,
                         after_c - before_c))
            if n_t:
                ter_rows.append((pair, label, n_t, ter_b, ter_a))
            deltas.append(after_c - before_c)
            total_segments += len(hyps)
            edited_total += edited
    lower = [(r[0], r[1], r[7]) for r in rows if r[7] < 0]
    lower_no_source = [x for x in lower if x[1].endswith("(no source)")]
    measures = [
        Measure("chrf_delta.min", min(deltas)),
        Measure("chrf_delta.mean", sum(deltas) / len(deltas)),
        Measure("systems_lower", float(len(lower)), LOWER),
        Measure("systems_lower.without_sources", float(len(lower_no_source)), LOWER),
        Measure("edited_segments", float(edited_total), INFO),
        Measure("edited_share", edited_total / total_segments, INFO),
        Measure("systems", float(len(rows)), INFO),
    ]
    tables = [Table(f"{suite.name}: chrF before/after per system", (
        "pair", "system", "segments", "edited segments", "edits", "chrF before", "chrF after",
        "delta"), tuple(rows))]
    if ter_rows:
        tables.append(Table(f"{suite.name}: TER before/after on the edited segments only", (
            "pair", "system", "edited segments", "TER before", "TER after"), tuple(ter_rows)))
    model = "rules only" if ctx.model is None else "rules and the model"
    notes = (f"chrF (sacrebleu, all references) of each system before and after `mtfix fix` "
             f"({model}); a dropped segment scores as empty. Systems with a lower chrF "
             "(full precision): " + (", ".join(f"{p} {s} {d:+.5f}" for p, s, d in lower)
                                     or "none") + ".",)
    return SuiteResult(suite.name, suite.runner, tuple(measures), tuple(tables), notes)


def run_mqm_spans(suite: Suite, ctx: BenchContext) -> SuiteResult:
    """Flagged spans against MQM expert spans (target side) on TED zh->en; do no harm vs refB."""
    from mtfix import pipeline

    targets = read_tsv(suite.resolve("targets", ctx.repo, ctx.data_dir))
    errors = read_tsv(suite.resolve("errors", ctx.repo, ctx.data_dir))
    opts = suite.effective_options(ctx.quick)
    systems = sorted({t["system"] for t in targets})[: int(opts.get("systems", 99))]
    targets = [t for t in targets if t["system"] in systems]
    by_system: dict[str, list[dict[str, str]]] = defaultdict(list)
    for t in targets:
        by_system[t["system"]].append(t)
    ref_b = {t["seg_id"]: t["target"] for t in read_tsv(
        suite.resolve("targets", ctx.repo, ctx.data_dir)) if t["system"] == "refB"}
    detected: list[LabeledSpan] = []
    noharm_rows = []
    for system, rows in sorted(by_system.items()):
        rows.sort(key=lambda t: (t["doc"], int(t["doc_id"])))
        texts = [t["target"] for t in rows]
        doc = segments_document(texts, system, [t["source"] for t in rows])
        result = pipeline.fix(doc, ctx.rules, ctx.settings, model=ctx.model)
        for issue in result.issues:
            t = rows[issue.segment]
            detected.append(LabeledSpan(segment_key(t["seg_id"], system), issue.start, issue.end,
                                        issue.category, issue.severity.label))
        if system != "refB":
            after = fixed_texts(result)
            refs = [[ref_b.get(t["seg_id"], "") for t in rows]]
            edited = sum(a != b for a, b in zip(texts, after, strict=True))
            noharm_rows.append((system, len(texts), edited, corpus("chrf", texts, refs),
                                corpus("chrf", after, refs)))
    keys = {segment_key(t["seg_id"], t["system"]) for t in targets}
    gold = [LabeledSpan(segment_key(e["seg_id"], e["system"]), int(e["start"]), int(e["end"]),
                        e["category"], e["severity"])
            for e in errors if e["span_in"] == "target"
            and segment_key(e["seg_id"], e["system"]) in keys]
    scores = [score_spans(detected, gold, "exact"), score_spans(detected, gold, "overlap")]
    measures, tables = span_measures(scores, suite.name)
    human = {segment_key(t["seg_id"], t["system"]): float(t["mqm_score"]) for t in targets}
    corr = correlate(mqm_penalties(detected, sorted(keys)), human)
    measures += [
        Measure("mqm.pearson", corr.pearson or 0.0, INFO),
        Measure("mqm.kendall_tau_b", corr.kendall_tau_b or 0.0, INFO),
        Measure("flagged_segments", float(len({d.key for d in detected})), INFO),
        Measure("targets", float(len(targets)), INFO),
    ]
    if noharm_rows:
        deltas = [r[4] - r[3] for r in noharm_rows]
        measures.append(Measure("chrf_delta_vs_refB.min", min(deltas)))
        tables.append(Table(f"{suite.name}: chrF against refB before/after `fix`", (
            "system", "segments", "edited segments", "chrF before", "chrF after"),
            tuple(noharm_rows)))
    notes = (f"{len(targets)} rated targets of {len(systems)} systems; gold = {len(gold)} "
             "target-side MQM spans (source-side omissions left out). Recall is bounded: the "
             "raters mark accuracy errors mtfix's rules do not look for.",
             f"MQM-weighted penalty of the flagged spans vs the human MQM score per target: "
             f"Pearson {corr.pearson}, Kendall tau-b {corr.kendall_tau_b} (n = {corr.n}).")
    return SuiteResult(suite.name, suite.runner, tuple(measures), tuple(tables), notes)


def detokenize(lines: Iterable[str]) -> list[str]:
    from sacremoses import MosesDetokenizer

    md = MosesDetokenizer(lang="en")
    return [md.detokenize(line.split()) for line in lines]


def run_ape_ter(suite: Suite, ctx: BenchContext) -> SuiteResult:
    """TER (and chrF) of MT against human post-edits before/after `fix`, on detokenised text."""
    from mtfix import pipeline

    folder = suite.resolve("folder", ctx.repo, ctx.data_dir)
    opts = suite.effective_options(ctx.quick)
    pattern = str(opts.get("glob", "*.dev.tsv"))
    limit = int(opts.get("limit", 10**9))
    rows, ter_deltas = [], []
    for path in sorted(folder.glob(pattern)):
        data = read_tsv(path)[:limit]
        mt = detokenize(r["mt"] for r in data)
        pe = detokenize(r["pe"] for r in data)
        src = [r["src"] for r in data]
        # rules only: the model suite measures the model stage on the same pairs
        result = pipeline.fix(segments_document(mt, path.name, src), ctx.rules, ctx.settings)
        after = fixed_texts(result)
        ter_b, ter_a, _ = ter_before_after(mt, after, [pe])
        edited = sum(a != b for a, b in zip(mt, after, strict=True))
        hter = sum(float(r["hter"]) for r in data) / len(data) * 100
        rows.append((path.name.split(".")[0], len(data), edited, hter, ter_b, ter_a,
                     corpus("chrf", mt, [pe]), corpus("chrf", after, [pe])))
        ter_deltas.append(ter_a - ter_b)
    measures = [Measure("ter_delta.max", max(ter_deltas), LOWER),
                Measure("ter_delta.mean", sum(ter_deltas) / len(ter_deltas), LOWER),
                Measure("edited_segments", float(sum(r[2] for r in rows)), INFO)]
    tables = [Table(f"{suite.name}: TER/chrF against post-edits (detokenised), before/after", (
        "pair", "segments", "edited", "upstream HTER (tokenised, mean×100)", "TER before",
        "TER after", "chrF before", "chrF after"), tuple(rows))]
    notes = ("MT and post-edit are Moses-tokenised upstream; both are detokenised with "
             "sacremoses before fixing and scoring (corpus TER, so it differs from the mean "
             "sentence HTER shown for reference). Rules only here; the model suite runs the "
             "model stage on the same pairs.",)
    return SuiteResult(suite.name, suite.runner, tuple(measures), tuple(tables), notes)


def run_throughput(suite: Suite, ctx: BenchContext) -> SuiteResult:
    from mtfix.scoring.bench import throughput

    return throughput.run_suite(suite, ctx)
