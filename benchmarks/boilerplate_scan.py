"""Does the boilerplate class fire on clean human text? Every hit there is a false alarm.

    python benchmarks/boilerplate_scan.py [--data ../shared/data] [--show 10]

Human text: the WMT21 X->en references (refA; one document per language pair, in order, as the
wmt21-noharm suite builds its documents), the FLoRes English of psen_wiki (one document per
file) and the human translations among the MQM TED targets (systems ref*/human*, one document
per talk), all one sentence per segment; and multi-line English news pages written for this
benchmark (benchmarks/human_pages/*.txt: datelines, bylines, subheadings, date lines, quoted
chants, a live blog), read as plain text. Also the realmt-dev MT pages, where the class should
fire (flags and applied edits per document, for comparison). Prints a Markdown report; exit
status 1 when the class flags more than 1 in 2,000 human segments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtfix import Document, fix  # noqa: E402
from mtfix.rules import (  # noqa: E402
    RuleSet,
    build_rules,
    load_tables,  # noqa: E402
)
from mtfix.rules.boilerplate import class_tables  # noqa: E402
from mtfix.scoring.bench.runners import read_tsv, segments_document  # noqa: E402

MAX_HUMAN_RATE = 1 / 2000
PAGES = REPO / "benchmarks" / "human_pages"


def boilerplate_rules() -> RuleSet:
    tables = load_tables()
    return build_rules([t for t in tables if t.id in set(class_tables(tables))])


def human_documents(data: Path) -> Iterable[tuple[str, Document]]:
    for path in sorted((data / "wmt21_xen").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
        refs = [r["references"]["refA"] for r in rows if "refA" in r["references"]]
        yield "WMT21 refA", segments_document(refs, path.name)
    for name in ("dev.tsv", "devtest.tsv"):
        if (data / "psen_wiki" / name).exists():
            rows = read_tsv(data / "psen_wiki" / name)
            yield "FLoRes en", segments_document([r["en"] for r in rows], name)
    mqm = data / "mqm_ted_zhen" / "targets.tsv"
    if mqm.exists():
        talks: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        seen: set[tuple[str, str, str]] = set()
        for r in read_tsv(mqm):
            if not r["system"].lower().startswith(("ref", "human")):
                continue
            key = (r["system"], r["doc"], r["doc_id"])
            if key not in seen:
                seen.add(key)
                talks[(r["system"], r["doc"])].append((int(r["doc_id"]), r["target"]))
        for (system, doc), rows in sorted(talks.items()):
            texts = [t for _, t in sorted(rows)]
            yield "MQM TED human", segments_document(texts, f"{system}:{doc}")
    for path in sorted(PAGES.glob("*.txt")):
        yield "pages written for this scan", Document.from_text(
            path.read_text(encoding="utf-8"), path.name)


def realmt_documents(data: Path) -> Iterable[tuple[str, Document]]:
    path = data / "realmt_dev" / "docs.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                yield d["id"], Document.from_text(d["text"], d["id"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--show", type=int, default=10, help="false alarms to print")
    args = ap.parse_args(argv)
    rules = boilerplate_rules()
    print("# boilerplate scan\n\nTables: " + ", ".join(t.id for t in rules.tables))
    print("\n## Human text (every flag is a false alarm)\n")
    print("| text | documents | segments | flags | applied |\n|---|---|---|---|---|")
    groups: dict[str, list[int]] = {}
    false_hits: list[str] = []
    for group, doc in human_documents(args.data):
        result = fix(doc, rules)
        g = groups.setdefault(group, [0, 0, 0, 0])
        g[0] += 1
        g[1] += sum(1 for s in doc.segments if s.text.strip())
        g[2] += len(result.issues)
        g[3] += len(result.edits)
        false_hits.extend(f"- {group} ({doc.path}): `{i.rule_id}` `{i.span[:120]}`"
                          for i in result.issues)
    for group, (ndocs, nsegs, flags, applied) in groups.items():
        print(f"| {group} | {ndocs} | {nsegs} | {flags} | {applied} |")
    total = sum(g[1] for g in groups.values())
    flags = sum(g[2] for g in groups.values())
    print(f"\n{flags} flags in {total} human segments ({flags / max(1, total):.1e}; "
          f"limit {MAX_HUMAN_RATE:.1e})")
    print("\n".join(false_hits[: args.show]))
    print("\n## realmt-dev MT pages (where the class should fire)\n")
    print("| doc | lines | flags | applied |\n|---|---|---|---|")
    for doc_id, doc in realmt_documents(args.data):
        result = fix(doc, rules)
        print(f"| {doc_id} | {len(doc.segments)} | {len(result.issues)} | {len(result.edits)} |")
    return 1 if flags / max(1, total) > MAX_HUMAN_RATE else 0


if __name__ == "__main__":
    raise SystemExit(main())
