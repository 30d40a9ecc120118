"""Source names (``kind: source_names``): false alarms on human translations and recall on a
corruption of them (the measurement is mtfix/scoring/bench/source_names.py; the bench suite
``source-names`` runs the same).

    python benchmarks/source_names.py [--data ../shared/data] [--research ../shared/research]
                                      [--show 5] [--json OUT]

Human translations: FLoRes ps-en (``psen_wiki``); every flag there is a false alarm (reported
per 500 segments). WMT21 references with their sources (``wmt21_xen``): none of its pairs has
an Arabic-script source, so the rule cannot fire there. realmt-dev has no source column, so it
is not measured here. Corruption: a name in the FLoRes English replaced by its literal meaning
(Hafiz -> "keeper"), from ``research/name_meanings.yaml``. Exit status 1 when the acceptance
fails (more than 1 flag per 500 human segments, or recall under 0.6).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtfix.rules import build_rules, load_tables  # noqa: E402
from mtfix.scoring.bench.source_names import measure  # noqa: E402

TABLE = "source-names"
MAX_PER_500 = 1.0
MIN_RECALL = 0.6


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--research", type=Path, default=REPO.parent / "shared" / "research")
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not (args.data / "psen_wiki").is_dir():
        print(f"no FLoRes ps-en data under {args.data}", file=sys.stderr)
        return 2
    rules = build_rules([t for t in load_tables() if t.id == TABLE])
    m = measure(rules, args.data / "psen_wiki", args.data / "wmt21_xen",
                args.research / "name_meanings.yaml")
    report = {"flores_segments": m.human, "flores_flags": len(m.flags),
              "flores_flags_per_500": round(m.per_500, 3), "wmt21_segments": m.wmt,
              "wmt21_flags": m.wmt_flags, "corrupted": len(m.corrupted),
              "recalled": len(m.hit), "recall": round(m.recall, 3),
              "elements": len(m.by_name()),
              "recall_per_element_mean": round(m.recall_per_element, 3),
              "by_element": {n: f"{h}/{t}" for n, (h, t) in m.by_name().items()}}
    print("# source-names\n")
    for key, value in report.items():
        print(f"- {key}: {value}")
    print("\n## false alarms on FLoRes ps-en (human)\n")
    for issue in m.flags[:args.show]:
        print(f"- segment {issue.segment}: `{issue.span}` -> {issue.replacements[0]!r}")
    print("\n## corruptions missed\n")
    missed = [c for k, c in enumerate(m.corrupted) if k not in m.hit]
    for c in missed[:args.show]:
        print(f"- {c.name} -> `{c.text[c.start:c.end]}`: {c.text[:120]}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if m.per_500 <= MAX_PER_500 and m.recall >= MIN_RECALL else 1


if __name__ == "__main__":
    sys.exit(main())
