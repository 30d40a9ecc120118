"""Where do the sentence-split, punctuation and weekday rules fire on clean human text? Every hit
there is a false alarm; the goal is at most 1 flag in 2,000 segments, counted per rule.

    python benchmarks/structure_scan.py [--data ../shared/data] [--show 3]

Human text: the WMT21 references (``references.refA`` of ../shared/data/wmt21_xen/*.jsonl), the
FLoRes English (column ``en`` of ../shared/data/psen_wiki/*.tsv) and the human translations
among the MQM TED targets (systems ref/refB of ../shared/data/mqm_ted_zhen/targets.tsv). The
weekday rule reads a document's dates, so segments are checked in documents: a TED talk as one,
and runs of ``--chunk`` consecutive segments elsewhere (the WMT and FLoRes files keep each
story's sentences together). Prints a Markdown report; exit status 1 when the rules together
fire on more than 1 in 2,000 human segments.

With ``--noharm``, also: every WMT21 system output fixed with all rules, with and without its
sources, and the number of systems whose chrF against the references drops (the do-no-harm
check of ``mtfix bench --suite wmt21-noharm``, which always passes the sources), plus what these
rules flag in those MT outputs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtfix import check  # noqa: E402
from mtfix.rules import (  # noqa: E402
    RuleSet,
    build_rules,
    load_tables,  # noqa: E402
)
from mtfix.scoring.bench.runners import read_tsv, segments_document  # noqa: E402

#: The tables issue 11 added, and the entries it added to the fragments table.
TABLES = ("punctuation-marks", "sentence-splits", "weekdays")
FRAGMENT_ENTRIES = ("reporting_verb_only", "reporting_clause_only", "verbless_with_phrase",
                    "added_detail_lead")
MAX_HUMAN_RATE = 1 / 2000


def scan_rules() -> RuleSet:
    return build_rules([t for t in load_tables() if t.id in TABLES or t.id == "fragments"])


def counted(rule_id: str) -> bool:
    table, _, entry = rule_id.partition(".")
    return table in TABLES or (table == "fragments" and entry in FRAGMENT_ENTRIES)


def _chunks(texts: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(texts), size):
        yield texts[i:i + size]


def human_documents(data: Path, chunk: int) -> Iterable[tuple[str, list[str]]]:
    """(group, segments) for each document of human text."""
    for path in sorted((data / "wmt21_xen").glob("*.jsonl")):
        refs = [json.loads(line)["references"].get("refA")
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for part in _chunks([r for r in refs if r], chunk):
            yield f"WMT21 refA {path.name}", part
    for name in ("dev.tsv", "devtest.tsv"):
        if (data / "psen_wiki" / name).exists():
            rows = [r["en"] for r in read_tsv(data / "psen_wiki" / name)]
            for part in _chunks(rows, chunk):
                yield f"FLoRes en {name}", part
    mqm = data / "mqm_ted_zhen" / "targets.tsv"
    if mqm.exists():
        talks: dict[tuple[str, str], dict[str, str]] = {}
        for r in read_tsv(mqm):
            if r["system"].lower() in ("ref", "refb"):
                talks.setdefault((r["system"], r["doc"]), {})[r["seg_id"]] = r["target"]
        for _, segs in sorted(talks.items()):
            yield "MQM TED human", [segs[k] for k in sorted(segs, key=int)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--show", type=int, default=3, help="hits to print per rule")
    ap.add_argument("--chunk", type=int, default=40, help="segments per document (WMT, FLoRes)")
    ap.add_argument("--noharm", action="store_true",
                    help="also fix the WMT21 system outputs with and without sources")
    args = ap.parse_args(argv)
    if not (args.data / "wmt21_xen").is_dir():
        print(f"no WMT21 data under {args.data}", file=sys.stderr)
        return 2
    rules = scan_rules()
    segments: Counter[str] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    shown: dict[str, list[str]] = {}
    for group, texts in human_documents(args.data, args.chunk):
        segments[group] += len(texts)
        for issue in check(segments_document(texts, group), rules):
            if not counted(issue.rule_id):
                continue
            hits[(group, issue.rule_id)] += 1
            examples = shown.setdefault(issue.rule_id, [])
            if len(examples) < args.show:
                text = texts[issue.segment]
                lo = max(0, issue.start - 60)
                examples.append(f"- {group}: `…{text[lo:issue.end + 60]}…` (span `{issue.span}`)")
    total = sum(segments.values())
    print("# structure rules on human text (every flag is a false alarm)\n")
    print("| text | segments |\n|---|---|")
    for group, n in segments.items():
        print(f"| {group} | {n} |")
    print(f"\n{total} segments.\n\n| rule | flags | per 2,000 segments |\n|---|---|---|")
    per_rule: Counter[str] = Counter()
    for (_, rule_id), n in hits.items():
        per_rule[rule_id] += n
    all_rules = sorted({r.rule_id for r in _rule_ids(rules)} | set(per_rule))
    for rule_id in all_rules:
        n = per_rule[rule_id]
        print(f"| {rule_id} | {n} | {2000 * n / max(1, total):.2f} |")
    flagged = sum(per_rule.values())
    rate = flagged / max(1, total)
    print(f"\nall these rules: {flagged} flags in {total} segments "
          f"({2000 * rate:.2f} per 2,000; goal at most 1)")
    for rule_id, examples in sorted(shown.items()):
        print(f"\n{rule_id}:\n" + "\n".join(examples))
    if args.noharm:
        noharm(args.data, args.show)
    return 1 if rate > MAX_HUMAN_RATE else 0


def noharm(data: Path, show: int) -> None:
    """chrF of each WMT21 system before/after ``fix`` (all rules), with and without sources."""
    from sacrebleu.metrics import CHRF

    from mtfix import fix, load_rules
    from mtfix.scoring.bench.runners import fixed_texts

    rules, chrf = load_rules(), CHRF()
    runs = lower = 0
    flags: list[str] = []
    for path in sorted((data / "wmt21_xen").glob("*.jsonl")):
        recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
        refs = [[r["references"][k] for r in recs] for k in recs[0]["references"]]
        for system in recs[0]["hypotheses"]:
            hyps = [r["hypotheses"][system] for r in recs]
            before = chrf.corpus_score(hyps, refs).score
            for sources in (None, [r["source"] for r in recs]):
                result = fix(segments_document(hyps, f"{path.stem}:{system}", sources), rules)
                runs += 1
                lower += chrf.corpus_score(fixed_texts(result), refs).score < before
                if sources is None:
                    flags.extend(f"- {path.stem} {system} {i.rule_id}: `…{i.span}…`"
                                 for i in result.issues if counted(i.rule_id))
    print(f"\n## WMT21 system outputs, all rules\n\n{runs} runs (each system with and without "
          f"sources): {lower} with a lower chrF. These rules flag {len(flags)} spans in the MT "
          "outputs (without sources):\n")
    print("\n".join(flags[: show * 5]))


class _Id:
    def __init__(self, rule_id: str) -> None:
        self.rule_id = rule_id


def _rule_ids(rules: RuleSet) -> list[_Id]:
    return [_Id(t.entry_rule_id(e)) for t in rules.tables for e in t.entries
            if counted(t.entry_rule_id(e))]


if __name__ == "__main__":
    raise SystemExit(main())
