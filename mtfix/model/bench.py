"""Measurements of the corrector: APE TER, throughput, share sent, cost, seed, do-no-harm.

The scripts in ``benchmarks/model_*.py`` call these functions; ``calibrate`` picks the QE and
confidence thresholds on held-out APE train rows (never on the dev sets it is judged on) and
writes them beside the model as ``mtfix_calibration.json``.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mtfix.document import Document, Issue, fixed_texts, segments_document
from mtfix.model.data import APE_PAIRS, DataSettings, Example, build_dataset, read_ape
from mtfix.model.integrate import CALIBRATION_FILE, Candidate, ModelCorrector
from mtfix.rules import RuleSet

#: The grid's "never" column: a margin no edit reaches, a QE level no sentence falls below.
NEVER = 1e9


def _ter(hyps: list[str], refs: list[str]) -> float:
    from sacrebleu.metrics import TER

    return TER().corpus_score(hyps, [refs]).score


def _chrf(hyps: list[str], refs: list[list[str]]) -> float:
    from sacrebleu.metrics import CHRF

    return CHRF().corpus_score(hyps, refs).score


@dataclass(frozen=True)
class PairResult:
    """One APE dev set: TER of the MT, of the rules' fixes, and of ``mtfix fix`` (rules, then
    the model on what they leave), all against the human post-edit."""

    pair: str
    rows: int
    ter_mt: float
    ter_rules: float
    ter_fixed: float
    units_total: int
    units_sent: int
    segments_changed: int
    issues: int
    applied: int
    seconds: float
    full_seconds_estimate: float

    @property
    def delta(self) -> float:
        return self.ter_fixed - self.ter_mt

    @property
    def model_delta(self) -> float:
        return self.ter_fixed - self.ter_rules


def _full_cost(corrector: ModelCorrector, texts: list[str], sample: int = 64) -> float:
    """Seconds to run the model on every unit (generation on a sample, extrapolated)."""
    if not texts:
        return 0.0
    rng = random.Random(0)
    pick = rng.sample(texts, min(sample, len(texts)))
    t0 = time.perf_counter()
    corrector.proposer.propose(pick)
    return (time.perf_counter() - t0) * len(texts) / len(pick)


def ape_pair(corrector: ModelCorrector, path: Path, limit: int | None = None,
             rules: RuleSet | None = None) -> PairResult:
    """``mtfix fix`` on one APE dev set, as the command runs it: the rules (with the source
    sentence) first, then the model stage on the rules' output and the issues they left."""
    from mtfix.pipeline import FixSettings, apply, fix, open_for_model, resolve

    rows = read_ape(path)[:limit] if limit else read_ape(path)
    doc = segments_document([r.mt for r in rows], path.name, [r.src for r in rows])
    threshold = corrector.settings.apply_threshold
    open_issues: list[Issue] = []
    if rules is not None:
        ruled = fix(doc, rules, FixSettings(threshold))
        doc = ruled.fixed
        open_issues = open_for_model(ruled.unapplied)
    after_rules = [s.text for s in doc.segments]
    t0 = time.perf_counter()
    run = corrector.run(doc, open_issues)
    seconds = time.perf_counter() - t0
    picked, _ = resolve(run.issues, threshold)
    fixed = [s.text for s in apply(doc, picked)[0].segments]
    mt = [r.mt for r in rows]
    pe = [r.pe for r in rows]
    return PairResult(
        pair=path.name.split(".")[0],
        rows=len(rows),
        ter_mt=_ter(mt, pe),
        ter_rules=_ter(after_rules, pe),
        ter_fixed=_ter(fixed, pe),
        units_total=run.stats.units_total,
        units_sent=run.stats.units_sent,
        segments_changed=sum(a != b for a, b in zip(mt, fixed, strict=True)),
        issues=len(run.issues),
        applied=len(picked),
        seconds=seconds,
        full_seconds_estimate=_full_cost(corrector, mt),
    )


def ape_bench(
    corrector: ModelCorrector, data_dir: Path, limit: int | None = None,
    rules: RuleSet | None = None,
) -> list[PairResult]:
    return [
        ape_pair(corrector, data_dir / "ape" / f"{p}-en.dev.tsv", limit, rules)
        for p in APE_PAIRS
        if (data_dir / "ape" / f"{p}-en.dev.tsv").exists()
    ]


def ape_report(results: list[PairResult]) -> str:
    lines = [
        "| pair | rows | TER mt | TER rules | TER fixed | delta | of which model | sent | "
        "changed | model applied/issues | seg/s | cost ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        share = r.units_sent / r.units_total if r.units_total else 0.0
        cost = r.seconds / r.full_seconds_estimate if r.full_seconds_estimate else 0.0
        lines.append(
            f"| {r.pair} | {r.rows} | {r.ter_mt:.2f} | {r.ter_rules:.2f} | {r.ter_fixed:.2f} | "
            f"{r.delta:+.2f} | {r.model_delta:+.2f} | {share:.1%} | {r.segments_changed} | "
            f"{r.applied}/{r.issues} | {r.rows / r.seconds:.1f} | {cost:.2f} |"
        )
    never_above = all(r.delta <= 0 for r in results)
    wins = sum(r.delta <= -0.5 for r in results)
    lines.append("")
    lines.append(
        f"never above: {'yes' if never_above else 'NO'}; pairs at least 0.5 lower: "
        f"{wins}/{len(results)}"
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class _Scored:
    pair: str
    mt: str
    pe: str
    copy_mean: float
    fragment: bool
    candidates: tuple[Candidate, ...]


def _score_tune(
    corrector: ModelCorrector, tune: list[Example]
) -> tuple[Document, list[_Scored]]:
    """The tune rows as one document (a segment a row) and each row's model candidates."""
    from mtfix.model.integrate import candidate_units

    doc = Document.from_text("".join(e.source + "\n" for e in tune))
    plain, frags = candidate_units(doc, corrector.settings)
    units = plain + frags
    copy = corrector.proposer.copy_scores([u.text for u in units])
    props = corrector.proposer.propose([u.text for u in units])
    by_seg: dict[int, list[tuple[Any, ...]]] = {}
    for u, c, p in zip(units, copy, props, strict=True):
        by_seg.setdefault(u.segment, []).append((u, c, p))
    out = []
    for i, e in enumerate(tune):
        items = by_seg.get(i, [])
        cands: list[Candidate] = []
        worst = 0.0
        frag = False
        for u, (lp, n), p in items:
            worst = min(worst, lp / max(1, n))
            frag = frag or u.reason == "fragment"
            if p.changed:
                cands.extend(corrector.candidates(u, p))
        out.append(_Scored(e.kind.removeprefix("tune-"), e.source, e.target, worst, frag,
                           tuple(cands)))
    return doc, out


def _grid_deltas(corrector: ModelCorrector, doc: Document, scored: list[_Scored], qe: float,
                 m0: float, base: dict[str, float]) -> dict[str, float]:
    """TER change per pair when rows below ``qe`` (and fragments) are sent and edits are
    applied at margin ``m0``: the candidates become Issues and go through the pipeline's
    resolver, as ``mtfix fix`` applies them."""
    from mtfix.pipeline import apply, resolve

    at_m0 = with_settings(corrector, margin_at_threshold=m0, fragment_margin_at_threshold=m0)
    issues = [at_m0.to_issue(doc, c) for s in scored if s.fragment or s.copy_mean < qe
              for c in s.candidates]
    picked, _ = resolve(issues, corrector.settings.apply_threshold)
    fixed = [seg.text for seg in apply(doc, picked)[0].segments]
    return {p: _ter([t for t, s in zip(fixed, scored, strict=True) if s.pair == p],
                    [s.pe for s in scored if s.pair == p]) - b
            for p, b in base.items()}


def calibrate(
    corrector: ModelCorrector,
    data_dir: Path,
    out_dir: Path | None = None,
    rows_per_pair: int | None = None,
    data: DataSettings | None = None,
) -> dict[str, Any]:
    """Grid-search ``qe_threshold`` and ``margin_at_threshold`` on held-out APE train rows."""
    _, tune = build_dataset(data_dir, data)
    if rows_per_pair is not None:
        kept: dict[str, int] = {}
        limited = []
        for e in tune:
            if kept.get(e.kind, 0) < rows_per_pair:
                kept[e.kind] = kept.get(e.kind, 0) + 1
                limited.append(e)
        tune = limited
    doc, scored = _score_tune(corrector, tune)
    pairs = sorted({s.pair for s in scored})
    base = {p: _ter([s.mt for s in scored if s.pair == p], [s.pe for s in scored if s.pair == p])
            for p in pairs}
    grid = [{"qe_threshold": qe, "margin_at_threshold": m0,
             "deltas": _grid_deltas(corrector, doc, scored, qe, m0, base)}
            for qe in (-0.1, -0.2, -0.35, -0.5, -0.75, -1.0, -1.5, -2.0, -NEVER)
            for m0 in (0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, NEVER)]
    safe = [g for g in grid if max(g["deltas"].values()) <= 0.0]
    best = min(
        safe or grid,
        key=lambda g: (sum(g["deltas"].values()), -g["margin_at_threshold"], g["qe_threshold"]),
    )
    # "never" (the 1e9 column won) is stored as None: free generation is then not run at all.
    margin = None if best["margin_at_threshold"] >= NEVER else best["margin_at_threshold"]
    qe = None if margin is None or best["qe_threshold"] <= -NEVER else best["qe_threshold"]
    frag = calibrate_fragments(with_settings(corrector, margin_at_threshold=margin),
                               [e.target for e in tune])
    result = {
        "fragment_margin_at_threshold": frag["fragment_margin_at_threshold"],
        "fragment_heldout": frag,
        "qe_threshold": qe,
        "margin_at_threshold": margin,
        "tune_rows": len(scored),
        "tune_ter_deltas": best["deltas"],
        "tune_ter_base": base,
    }
    if out_dir is not None:
        (out_dir / CALIBRATION_FILE).write_text(json.dumps(result, indent=2) + "\n",
                                                encoding="utf-8")
    return result


def calibrate_fragments(
    corrector: ModelCorrector, clean: list[str], seed: int = 7
) -> dict[str, Any]:
    """Split held-out clean sentences synthetically; pick the lowest join margin threshold whose
    applied joins restore the clean sentence at least 90% of the time."""
    from mtfix.pipeline import apply
    from mtfix.synthetic.split import split_sentence

    rng = random.Random(seed)
    pairs = []
    for text in clean:
        ex = split_sentence(text, rng, realistic=True)
        if ex is not None:
            pairs.append(ex)
    doc = Document.from_text("".join(p.corrupted + "\n" for p in pairs))
    run = with_settings(corrector, qe_threshold=None, send_flagged=False,
                        fragment_margin_at_threshold=0.0).run(doc, [])
    best: dict[int, tuple[float, str]] = {}
    by_unit: dict[int, list[Candidate]] = {}
    for unit, prop in run.proposals:
        if unit.reason == "fragment" and prop.changed:
            cands = corrector.candidates(unit, prop)
            by_unit[unit.segment] = [c for c in cands if not c.failures]
            if len(cands) == len(by_unit[unit.segment]) and cands:
                joined = apply(doc, [corrector.to_issue(doc, c) for c in cands])[0]
                best[unit.segment] = (min(c.margin for c in cands),
                                      joined.segments[unit.segment].text)
    detected = len({u.segment for u, _ in run.proposals if u.reason == "fragment"})
    table = []
    for m0 in (1.0, 2.0, 3.0, 4.0, 6.0, 8.0):
        applied = [(i, t) for i, (m, t) in best.items() if m >= m0]
        right = sum(t == pairs[i].clean for i, t in applied)
        table.append({"m0": m0, "applied": len(applied), "right": right})
    chosen = choose_fragment_margin(table)
    return {"fragment_margin_at_threshold": chosen, "splits": len(pairs),
            "detected": detected, "table": table}


def choose_fragment_margin(table: list[dict[str, float]]) -> float:
    """The most conservative threshold that keeps 90% of the joins at 90% precision."""
    most = max((r["applied"] for r in table), default=0)
    good = [
        r for r in table
        if r["applied"] and r["right"] / r["applied"] >= 0.9 and r["applied"] >= 0.9 * most
    ]
    return max((r["m0"] for r in good), default=8.0)


def throughput(corrector: ModelCorrector, texts: list[str]) -> dict[str, float]:
    """Sentences/s of the model's two costs: QE (forced copy scoring) and full proposals."""
    t0 = time.perf_counter()
    corrector.proposer.copy_scores(texts)
    qe = time.perf_counter() - t0
    t0 = time.perf_counter()
    corrector.proposer.propose(texts)
    full = time.perf_counter() - t0
    return {"sentences": float(len(texts)), "qe_per_s": len(texts) / qe,
            "propose_per_s": len(texts) / full}


# ---------------------------------------------------------------------------- seed, wmt21


def seed_bench(corrector: ModelCorrector, seed: Path, postedit: Path) -> dict[str, Any]:
    """The seed through ``mtfix.fix``: rules only vs rules + model, scored against the post-edit."""
    from mtfix.pipeline import fix
    from mtfix.rules import load_rules

    ref = postedit.read_text(encoding="utf-8").splitlines()
    doc = Document.from_text(seed.read_text(encoding="utf-8"))
    rules = load_rules()
    before_doc = fix(doc, rules).fixed
    with_model = fix(doc, rules, model=corrector)
    after_doc = with_model.fixed
    before = before_doc.text.splitlines()
    after = after_doc.text.splitlines()
    first_before, first_after = before[0], after[0]
    return {
        "first_line_before": first_before,
        "first_line_after": first_after,
        "split_joined": "Forces asked" in first_before and "Forces asked" not in first_after
        and "withdraw" in first_after,
        "chrf_before": _chrf(before, [ref]) if len(before) == len(ref) else None,
        "chrf_after": _chrf(after, [ref]) if len(after) == len(ref) else None,
        "lines": (len(before), len(after), len(ref)),
        "model_edits": [e.to_dict() for e in with_model.edits if e.origin == "model"],
        "model_suggestions": [i.to_dict() for i in with_model.unapplied if i.origin == "model"],
    }


def wmt21_bench(
    corrector: ModelCorrector | None, data_dir: Path, rules: RuleSet, limit: int | None = None,
    sources: bool = True,
) -> list[dict[str, Any]]:
    """chrF of each system's raw MT and of ``mtfix fix``'s output (the rules, then the model
    stage exactly as the command runs it; ``corrector`` None: rules only), per pair and system,
    with or without the source sentences."""
    from mtfix.pipeline import fix

    out = []
    for path in sorted((data_dir / "wmt21_xen").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        rows = rows[:limit] if limit else rows
        ref_keys = sorted(rows[0]["references"])
        refs = [[r["references"][k] for r in rows] for k in ref_keys]
        srcs = [r["source"] for r in rows] if sources else None
        for system in sorted(rows[0]["hypotheses"]):
            hyps = [r["hypotheses"][system] for r in rows]
            doc = segments_document(hyps, f"{path.stem}:{system}", srcs)
            t0 = time.perf_counter()
            result = fix(doc, rules, model=corrector)
            fixed = fixed_texts(result)
            model_edits = sum(e.origin == "model" for e in result.edits)
            out.append({
                "pair": path.stem, "system": system, "rows": len(rows),
                "chrf_mt": _chrf(hyps, refs), "chrf_fixed": _chrf(fixed, refs),
                "changed": sum(a != b for a, b in zip(hyps, fixed, strict=True)),
                "model_edits": model_edits,
                "seconds": time.perf_counter() - t0,
            })
    return out


def with_settings(corrector: ModelCorrector, **kw: Any) -> ModelCorrector:
    return replace(corrector, settings=replace(corrector.settings, **kw))
