"""The ``realmt-dev`` runner: real machine-translated news with gold spans, corrections and traps.

Each document (``docs.jsonl``) is fixed the way ``mtfix fix`` fixes it; its gold rows
(``gold.jsonl``) are errors (a category, a severity, a correction) or traps (``not-an-error``:
correct text a naive rule might change). Reported per gold category:

- recall: gold errors that a flag overlaps;
- flag precision: flags of the category (our taxonomy mapped onto the gold one) that overlap a
  gold error of any category;
- fixed exactly: gold errors whose text after ``fix`` equals the correction (whitespace at the
  edges of a deleted line ignored);

and traps flagged / edited, chrF and TER of the output against the gold post-edit (every gold
correction applied) next to doing nothing, the same with only the edits of one category group
(names and terms; document structure), and per document what was missed and what was flagged
wrongly, so that a human can read it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import regex

from mtfix.scoring.bench.results import INFO, LOWER, Measure, SuiteResult, Table
from mtfix.scoring.bench.runners import BenchContext, corpus, edit_doc_span, ter_before_after
from mtfix.scoring.bench.suite import Suite

TRAP = "not-an-error"

#: Category groups whose edits are also scored on their own (issues 10 and 11).
GROUPS: dict[str, tuple[str, ...]] = {
    "names": ("entity/name-as-common-word", "entity/spelling", "entity/mistranslation",
              "terminology"),
    "structure": ("other/boilerplate", "fluency/sentence-split", "fluency/punctuation",
                  "locale/calendar"),
}

#: Our categories onto the gold taxonomy (prefix match, longest first); others keep their name.
CATEGORY_MAP: tuple[tuple[str, str], ...] = (
    ("entity/consistency", "entity/spelling"),
    ("entity/name-as-common-word", "entity/name-as-common-word"),
    ("entity/mistranslation", "entity/mistranslation"),
    ("entity/", "entity/spelling"),
    ("terminology", "terminology"),
    ("fluency/quotes", "fluency/punctuation"),
    ("fluency/punctuation", "fluency/punctuation"),
    ("fluency/sentence-split", "fluency/sentence-split"),
    ("locale/calendar", "locale/calendar"),
    ("other/boilerplate", "other/boilerplate"),
    ("accuracy/", "other/mistranslation"),
)

WHITESPACE = regex.compile(r"\s+")


def gold_category(category: str) -> str:
    for prefix, mapped in CATEGORY_MAP:
        if category.startswith(prefix):
            return mapped
    return category


@dataclass(frozen=True)
class GoldRow:
    doc: str
    start: int
    end: int
    span: str
    category: str
    severity: str
    correction: str

    @property
    def is_trap(self) -> bool:
        return self.category == TRAP


@dataclass(frozen=True)
class Flag:
    """A detected issue in document offsets, its category mapped onto the gold taxonomy."""

    start: int
    end: int
    category: str
    rule_id: str
    span: str


@dataclass(frozen=True)
class DocChange:
    """An applied edit in document offsets."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class DocOutcome:
    doc_id: str
    text: str
    fixed: str
    flags: tuple[Flag, ...]
    changes: tuple[DocChange, ...]


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if a_start == a_end or b_start == b_end:
        return a_start <= b_end and b_start <= a_end
    return a_start < b_end and b_start < a_end


def normalise(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def load_gold(path: Path) -> dict[str, list[GoldRow]]:
    rows: dict[str, list[GoldRow]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            o = json.loads(line)
            rows[o["doc"]].append(GoldRow(o["doc"], int(o["start"]), int(o["end"]), o["span"],
                                          o["category"], o["severity"], o["correction"]))
    return rows


def apply_changes(text: str, changes: Iterable[DocChange], lo: int = 0,
                  hi: int | None = None) -> str:
    """``text[lo:hi]`` with the changes that lie inside it spliced in."""
    hi = len(text) if hi is None else hi
    out, pos = [], lo
    for c in sorted((c for c in changes if lo <= c.start and c.end <= hi), key=lambda c: c.start):
        out += [text[pos:c.start], c.new]
        pos = c.end
    out.append(text[pos:hi])
    return "".join(out)


def gold_changes(gold: Iterable[GoldRow]) -> list[DocChange]:
    """The gold corrections as changes (traps are kept as they are)."""
    return [DocChange(g.start, g.end, g.correction) for g in gold if not g.is_trap]


def postedit(text: str, gold: Iterable[GoldRow]) -> str:
    """The document with every gold correction applied."""
    return apply_changes(text, gold_changes(gold))


def fixed_exactly(g: GoldRow, text: str, changes: Sequence[DocChange]) -> bool:
    """Whether the edits touching ``g`` turn its text into the correction."""
    near = [c for c in changes if _overlap(c.start, c.end, g.start, g.end)]
    if not near:
        return False
    lo, hi = min(g.start, *(c.start for c in near)), max(g.end, *(c.end for c in near))
    want = text[lo:g.start] + g.correction + text[g.end:hi]
    return normalise(apply_changes(text, near, lo, hi)) == normalise(want)


def record_date(record: dict) -> date | None:
    """A data set record's publication date (``date``, ISO), as ``mtfix --date`` gives it."""
    try:
        return date.fromisoformat(str(record.get("date", ""))[:10])
    except ValueError:
        return None


def run_document(doc_id: str, text: str, ctx: BenchContext,
                 categories: tuple[str, ...] | None = None,
                 published: date | None = None) -> DocOutcome:
    """Fix one document as ``mtfix fix --date`` does; with ``categories``, apply only their
    edits (rules only: the group figures say what the rules of those categories gain)."""
    from mtfix import pipeline
    from mtfix.document import Document

    doc = Document.from_text(text, path=doc_id, published=published)
    if categories is None:
        result = pipeline.fix(doc, ctx.rules, ctx.settings, model=ctx.model)
        issues, edits, fixed = result.issues, result.edits, result.fixed
    else:
        issues = pipeline.check(doc, ctx.rules)
        wanted = [i for i in issues if gold_category(i.category) in categories]
        picked, _ = pipeline.resolve(wanted, ctx.settings.threshold)
        fixed, edits = pipeline.apply(doc, picked)
    flags = []
    for issue in issues:
        d = issue.to_dict(doc)
        flags.append(Flag(d["doc_start"], d["doc_end"], gold_category(issue.category),
                          issue.rule_id, issue.span))
    changes = tuple(DocChange(*edit_doc_span(e, doc)) for e in edits)
    return DocOutcome(doc_id, text, fixed.text, tuple(flags), changes)


def aligned_chunks(text: str, outputs: Sequence[Sequence[DocChange]]) -> list[tuple[int, int]]:
    """The document cut at every line break that no change of any output covers, so that each
    output (and the gold post-edit) is scored chunk by chunk: TER on whole documents of
    hundreds of words costs minutes in sacrebleu, on lines milliseconds."""
    covered = [(c.start, c.end) for changes in outputs for c in changes]
    cuts = [i for i, ch in enumerate(text) if ch == "\n"
            and not any(s <= i < e for s, e in covered)]
    bounds = [0, *(i + 1 for i in cuts), len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def score_outputs(texts: Sequence[str], outputs: Sequence[Sequence[Sequence[DocChange]]],
                  gold: Sequence[Sequence[DocChange]]) -> list[tuple[float, float]]:
    """(chrF, TER) against the gold post-edit for each output; ``outputs[k][d]`` are output
    k's changes to document d. chrF is scored per document (whitespace collapsed), TER per
    aligned chunk; chunks empty in the reference and in every output are left out."""
    hyps: list[list[str]] = [[] for _ in outputs]
    docs: list[list[str]] = [[] for _ in outputs]
    refs: list[str] = []
    ref_docs: list[str] = []
    for d, text in enumerate(texts):
        every = [gold[d], *(out[d] for out in outputs)]
        ref_parts: list[str] = []
        got_parts: list[list[str]] = [[] for _ in outputs]
        for lo, hi in aligned_chunks(text, every):
            ref = normalise(apply_changes(text, gold[d], lo, hi))
            got = [normalise(apply_changes(text, out[d], lo, hi)) for out in outputs]
            if ref or any(got):
                refs.append(ref)
                ref_parts.append(ref)
                for k, g in enumerate(got):
                    hyps[k].append(g)
                    got_parts[k].append(g)
        ref_docs.append(normalise(" ".join(ref_parts)))
        for k, parts in enumerate(got_parts):
            docs[k].append(normalise(" ".join(parts)))
    scores = []
    for h, doc_h in zip(hyps, docs, strict=True):
        _, ter, _ = ter_before_after(h, h, [refs])
        scores.append((corpus("chrf", doc_h, [ref_docs]), ter))
    return scores


def _short(text: str, n: int = 60) -> str:
    text = normalise(text)
    return text if len(text) <= n else text[:n - 1] + "…"


@dataclass
class _Counts:
    gold: int = 0
    found: int = 0
    fixed: int = 0
    flags: int = 0
    flags_right: int = 0


def _tally(outcomes: Sequence[DocOutcome], gold: dict[str, list[GoldRow]]) -> tuple[
        dict[str, _Counts], int, int, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    counts: dict[str, _Counts] = defaultdict(_Counts)
    traps_flagged = traps_edited = 0
    missed: list[tuple[Any, ...]] = []
    wrong: list[tuple[Any, ...]] = []
    for o in outcomes:
        rows = gold.get(o.doc_id, [])
        errors = [g for g in rows if not g.is_trap]
        for g in errors:
            c = counts[g.category]
            c.gold += 1
            found = any(_overlap(f.start, f.end, g.start, g.end) for f in o.flags)
            fixed = fixed_exactly(g, o.text, o.changes)
            c.found += found
            c.fixed += fixed
            if not found:
                missed.append((o.doc_id, g.category, _short(g.span), _short(g.correction, 40)))
        for f in o.flags:
            c = counts[f.category]
            c.flags += 1
            right = any(_overlap(f.start, f.end, g.start, g.end) for g in errors)
            c.flags_right += right
            if not right:
                wrong.append((o.doc_id, f.category, f.rule_id, _short(f.span)))
        for g in rows:
            if g.is_trap:
                traps_flagged += any(_overlap(f.start, f.end, g.start, g.end) for f in o.flags)
                traps_edited += any(_overlap(c.start, c.end, g.start, g.end)
                                    for c in o.changes)
    return counts, traps_flagged, traps_edited, missed, wrong


def _group_measures(name: str, cats: tuple[str, ...], counts: dict[str, _Counts]) -> list[Measure]:
    g = sum(counts[c].gold for c in cats if c in counts)
    found = sum(counts[c].found for c in cats if c in counts)
    fixed = sum(counts[c].fixed for c in cats if c in counts)
    flags = sum(counts[c].flags for c in cats if c in counts)
    right = sum(counts[c].flags_right for c in cats if c in counts)
    out = [Measure(f"group.{name}.recall", found / g if g else 0.0),
           Measure(f"group.{name}.fixed_exactly", fixed / g if g else 0.0),
           Measure(f"group.{name}.flags", float(flags), INFO)]
    if flags:
        out.append(Measure(f"group.{name}.precision", right / flags))
    return out


def run_realmt(suite: Suite, ctx: BenchContext) -> SuiteResult:
    docs_path = suite.resolve("docs", ctx.repo, ctx.data_dir)
    gold = load_gold(suite.resolve("gold", ctx.repo, ctx.data_dir))
    docs = [json.loads(line) for line in docs_path.read_text("utf-8").splitlines() if line]
    outcomes = [run_document(d["id"], d["text"], ctx, published=record_date(d)) for d in docs]
    counts, traps_flagged, traps_edited, missed, wrong = _tally(outcomes, gold)

    measures: list[Measure] = []
    rows = []
    for cat in sorted(counts):
        c = counts[cat]
        recall = c.found / c.gold if c.gold else None
        fixed = c.fixed / c.gold if c.gold else None
        precision = c.flags_right / c.flags if c.flags else None
        rows.append((cat, c.gold, c.found, recall, fixed, c.flags, precision))
        if recall is not None:
            measures += [Measure(f"category.{cat}.recall", recall),
                         Measure(f"category.{cat}.fixed_exactly", fixed or 0.0)]
        if precision is not None:
            measures.append(Measure(f"category.{cat}.precision", precision))
    for name, cats in GROUPS.items():
        measures += _group_measures(name, cats, counts)
    n_flags = sum(c.flags for c in counts.values())
    n_right = sum(c.flags_right for c in counts.values())
    n_gold = sum(c.gold for c in counts.values())
    measures += [
        Measure("recall", sum(c.found for c in counts.values()) / n_gold if n_gold else 0.0),
        Measure("fixed_exactly", sum(c.fixed for c in counts.values()) / n_gold if n_gold else 0.0),
        Measure("precision", n_right / n_flags if n_flags else 0.0),
        Measure("traps.flagged", float(traps_flagged), LOWER),
        Measure("traps.edited", float(traps_edited), LOWER),
    ]

    runs: list[tuple[str, Sequence[DocOutcome]]] = [("do nothing", []), ("mtfix fix", outcomes)]
    for name, cats in GROUPS.items():
        runs.append((f"rules, {name} categories only",
                     [run_document(d["id"], d["text"], ctx, cats, record_date(d))
                      for d in docs]))
    gold_per_doc = [gold_changes(gold.get(d["id"], [])) for d in docs]
    changes = [[() for _ in docs] if not outs else [o.changes for o in outs]
               for _, outs in runs]
    scores = score_outputs([d["text"] for d in docs], changes, gold_per_doc)
    score_rows = [(name, chrf, ter) for (name, _), (chrf, ter) in zip(runs, scores, strict=True)]
    (chrf_raw, ter_raw), (chrf_fix, ter_fix) = scores[0], scores[1]
    measures += [Measure("score.chrf_before", chrf_raw, INFO),
                 Measure("score.chrf_after", chrf_fix),
                 Measure("score.chrf_delta", chrf_fix - chrf_raw),
                 Measure("score.ter_before", ter_raw, INFO),
                 Measure("score.ter_after", ter_fix, LOWER)]
    for (name, _), (chrf, _) in zip(runs[2:], scores[2:], strict=True):
        measures.append(Measure(f"score.chrf_delta.{name.split()[1].rstrip(',')}",
                                chrf - chrf_raw))

    header = ("category", "gold errors", "found", "recall", "fixed exactly", "flags",
              "flag precision")
    tables = (
        Table(f"{suite.name}: per gold category (flags mapped onto the gold taxonomy)", header,
              tuple(rows)),
        Table(f"{suite.name}: chrF (per document) and TER (per line-aligned chunk) against "
              "the gold post-edit",
              ("output", "chrF", "TER"), tuple(score_rows)),
        Table(f"{suite.name}: gold errors no flag touches", ("doc", "category", "span",
                                                              "correction"), tuple(missed)),
        Table(f"{suite.name}: flags that touch no gold error", ("doc", "category", "rule",
                                                                 "span"), tuple(wrong)),
    )
    notes = (f"{len(docs)} documents, {n_gold} gold errors, "
             f"{sum(g.is_trap for rows_ in gold.values() for g in rows_)} traps; "
             f"{traps_flagged} traps flagged, {traps_edited} edited. A development set: do not "
             "fit rules to it (see its README).",)
    return SuiteResult(suite.name, suite.runner, tuple(measures), tables, notes)
