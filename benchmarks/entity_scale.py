"""Entity tables grown tenfold: how much does ``check`` slow down? (issue 4, acceptance 4)

Generates synthetic entity entries (names built from Arabic/Persian syllables, each with
variants, misspellings, a short form with short variants, and, in the same share as the
shipped entries have them, a mistranslation drawn from the shipped tables' own mistranslation
texts: "brother", "rich", "the Egyptian", ...) and appends them to every shipped entity table
until each holds ten times its real entries. Then it measures ``check`` throughput
(segments per second) with the whole rule set on real MT output, before and after the growth,
with the entity prefilter (the shipped code) and without it (every entry scanned, as before).

    python benchmarks/entity_scale.py [--segments 3000] [--doc-size 10] [--repeat 5]

Text: the hypotheses of ../shared/data/wmt21_xen/*.jsonl (every system), else the targets of
../shared/data/mqm_ted_zhen/targets.tsv; grouped into documents of --doc-size segments.
Acceptance: throughput with the prefilter drops by less than 30% (exit status 1 otherwise).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtfix import Document, check  # noqa: E402
from mtfix.rules import (  # noqa: E402
    RuleSet,
    build_rules,
    load_tables,  # noqa: E402
)
from mtfix.rules import entity as entity_kind  # noqa: E402
from mtfix.tables import RuleTable  # noqa: E402

SYLLABLES = ["ab", "ad", "ah", "al", "am", "an", "ar", "as", "az", "ba", "bar", "da", "dar",
             "fa", "far", "gha", "gul", "ha", "ham", "has", "ja", "jan", "ka", "kar", "kha",
             "la", "ma", "man", "mir", "mo", "na", "nur", "qa", "qar", "ra", "rah", "sa",
             "sal", "sha", "sher", "ta", "wa", "ya", "za", "zal", "zar"]


def real_mistranslations() -> tuple[list[list[str]], float]:
    """The shipped entries' mistranslation texts, and the share of entries that have any."""
    texts: list[list[str]] = []
    entries = with_mt = 0
    for table in load_tables():
        if table.kind != "entity":
            continue
        for entry in table.entries:
            entries += 1
            mts = entry.get("mistranslations") or []
            with_mt += bool(mts)
            texts.extend([m["text"]] if isinstance(m["text"], str) else list(m["text"])
                         for m in mts)
    return texts, with_mt / max(1, entries)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def synthetic_entry(rng: random.Random, n: int, mt_texts: list[list[str]],
                    mt_share: float) -> dict[str, Any]:
    given, family = _name(rng, 2), _name(rng, 3)
    alt_family = family.replace("a", "e", 1) if "a" in family else family + "i"
    entry: dict[str, Any] = {
        "id": f"synthetic_{n}",
        "type": rng.choice(["person", "organization", "place"]),
        "canonical": f"{given} al-{family}",
        "short": f"al-{family}",
        "variants": [f"{given} al {family}", f"{given} Al-{family}", f"{given} al-{alt_family}"],
        "misspellings": [f"{given} al-{family}{family[-1]}"],
        "short_variants": [alt_family],
        "native": {"ar": "اسم"},
        "status": "inferred",
        "examples": [{"wrong": "x", "fixed": "x"}, {"correct": "x"}],
    }
    if mt_texts and rng.random() < mt_share:
        # the shipped tables' own mistranslation texts ("brother", "rich", "the Egyptian"),
        # after this synthetic name, as the real entries use them
        entry["mistranslations"] = [{
            "text": rng.choice(mt_texts), "replacement": "short", "otherwise": "flag",
            "before": rf"\b{given}\s+"}]
    return entry


def grown_tables(factor: int, seed: int = 1) -> list[RuleTable]:
    return grow(load_tables(), factor, seed)


def grow(tables: list[RuleTable], factor: int, seed: int = 1) -> list[RuleTable]:
    """``tables`` with every entity table holding ``factor`` times its entries (the bench's
    throughput suite reads this too)."""
    rng = random.Random(seed)
    mt_texts, mt_share = real_mistranslations()
    out = []
    n = 0
    for table in tables:
        if table.kind != "entity":
            out.append(table)
            continue
        extra = []
        for _ in range(len(table.entries) * (factor - 1)):
            extra.append(synthetic_entry(rng, n, mt_texts, mt_share))
            n += 1
        out.append(replace(table, entries=tuple(table.entries) + tuple(extra)))
    return out


def with_prefilter(rules: RuleSet, on: bool) -> RuleSet:
    built = tuple(entity_kind.build(t, prefilter=on) if t.kind == "entity" else r
                  for t, r in zip(rules.tables, rules.rules, strict=True))
    return replace(rules, rules=built)


def entity_only(rules: RuleSet) -> RuleSet:
    kept = [(t, r) for t, r in zip(rules.tables, rules.rules, strict=True) if t.kind == "entity"]
    return replace(rules, tables=tuple(t for t, _ in kept), rules=tuple(r for _, r in kept))


def read_segments(limit: int) -> list[str]:
    shared = Path(os.environ.get("MTFIX_SHARED", REPO.parent / "shared")) / "data"
    segments: list[str] = []
    for path in sorted((shared / "wmt21_xen").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for system in sorted({s for r in rows for s in r["hypotheses"]}):
            segments.extend(r["hypotheses"][system] for r in rows if system in r["hypotheses"])
    tsv = shared / "mqm_ted_zhen" / "targets.tsv"
    if not segments and tsv.exists():
        with tsv.open(encoding="utf-8", newline="") as f:
            segments = [r["target"] for r in csv.DictReader(f, delimiter="\t",
                                                             quoting=csv.QUOTE_NONE)]
    if not segments:
        raise SystemExit(f"no MT text under {shared} (set MTFIX_SHARED)")
    rng = random.Random(7)
    start = rng.randrange(0, max(1, len(segments) - limit))
    return [s.replace("\n", " ") for s in segments[start:start + limit]]


def throughputs(rule_sets: list[RuleSet], docs: list[Document], repeat: int) -> list[float]:
    """Segments per second of ``check`` for each rule set: best of ``repeat`` runs, the rule
    sets interleaved so that machine noise hits them alike."""
    segments = sum(len(d.segments) for d in docs)
    best = [float("inf")] * len(rule_sets)
    for _ in range(repeat):
        for i, rules in enumerate(rule_sets):
            t0 = time.perf_counter()
            for doc in docs:
                check(doc, rules)
            best[i] = min(best[i], time.perf_counter() - t0)
    return [segments / b for b in best]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=3000)
    ap.add_argument("--doc-size", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--old-docs", type=int, default=30,
                    help="documents for the (slow) comparison without the prefilter")
    args = ap.parse_args()

    segs = read_segments(args.segments)
    docs = [Document.from_text("\n".join(segs[i:i + args.doc_size]))
            for i in range(0, len(segs), args.doc_size)]
    base_tables = load_tables()
    grown = grown_tables(args.factor)
    n_base = sum(len(t.entries) for t in base_tables if t.kind == "entity")
    n_grown = sum(len(t.entries) for t in grown if t.kind == "entity")
    base_rules, grown_rules = build_rules(base_tables), build_rules(grown)
    print(f"text: {len(segs)} segments of real MT output in {len(docs)} documents "
          f"of {args.doc_size}; best of {args.repeat}")
    print(f"entity entries: {n_base} shipped -> {n_grown} after growth (x{args.factor})")
    results = {}
    for label, on, only, sample, repeat in (
            ("all rules, prefilter", True, False, docs, args.repeat),
            ("entity rules, prefilter", True, True, docs, args.repeat),
            ("all rules, no prefilter", False, False, docs[:args.old_docs], 1)):
        pick = entity_only if only else (lambda r: r)
        before, after = throughputs([pick(with_prefilter(base_rules, on)),
                                     pick(with_prefilter(grown_rules, on))], sample, repeat)
        drop = 1 - after / before
        results[(on, only)] = drop
        print(f"{label:>24}: {before:8.0f} seg/s before, {after:8.0f} seg/s after "
              f"-> drop {drop:6.1%}  ({sum(len(d.segments) for d in sample)} segments)")
    ok = results[(True, False)] < 0.30
    print(f"acceptance (drop < 30% with the prefilter): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
