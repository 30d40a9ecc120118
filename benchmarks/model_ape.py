"""Model benchmark: APE TER before/after, throughput, share sent, cost; seed; wmt21 do-no-harm.

    python benchmarks/model_ape.py [--model DIR] [--data DIR] [--limit N] [--only ape,seed,wmt21]
                                   [--calibrate] [--json OUT]

``--calibrate`` first picks thresholds on held-out APE *train* rows and writes
``mtfix_calibration.json`` into the model directory. Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtfix.model import DEFAULT_MODEL_DIR, bench  # noqa: E402
from mtfix.model.stage import load_stage  # noqa: E402
from mtfix.pipeline import DEFAULT_THRESHOLD  # noqa: E402
from mtfix.rules import load_rules  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--limit", type=int, help="rows per file (default: all)")
    ap.add_argument("--only", default="ape,seed,wmt21,throughput")
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--calibrate-rows", type=int, help="held-out rows per pair (default all)")
    ap.add_argument("--threads", type=int, help="CPU threads (default: all available)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    parts = set(args.only.split(","))
    t0 = time.perf_counter()
    # exactly what `mtfix fix --model DIR` runs (same settings, same lazy loading)
    corrector = load_stage(args.model, threshold=DEFAULT_THRESHOLD, threads=args.threads)
    report: dict[str, object] = {"model": str(args.model), "load_seconds": time.perf_counter() - t0}
    if args.calibrate:
        cal = bench.calibrate(corrector, args.data, args.model, args.calibrate_rows)
        print(f"calibration: {json.dumps(cal)}", file=sys.stderr)
        corrector = load_stage(args.model, threshold=DEFAULT_THRESHOLD, threads=args.threads)
        report["calibration"] = cal
    print(f"# mtfix model benchmark\n\nmodel: `{args.model}`; settings: {corrector.settings}\n")
    if "ape" in parts:
        res = bench.ape_bench(corrector, args.data, args.limit, load_rules())
        print("## APE dev sets (detokenised; TER x100, lower is better)\n")
        print(bench.ape_report(res) + "\n")
        report["ape"] = [asdict(r) | {"delta": r.delta} for r in res]
    if "throughput" in parts:
        from mtfix.model.data import read_ape

        texts = [r.mt for r in read_ape(args.data / "ape" / "et-en.dev.tsv")][: args.limit or 256]
        tp = bench.throughput(corrector, texts)
        print("## Throughput (model on every sentence, no gating)\n")
        print(f"- {tp['sentences']:.0f} APE et-en dev sentences, threads={args.threads or 'all'}: "
              f"QE scoring {tp['qe_per_s']:.1f} sent/s, full proposal {tp['propose_per_s']:.1f} "
              "sent/s\n")
        report["throughput"] = tp
    if "seed" in parts:
        seed = REPO / "seeds" / "000_ab0a295c0ca72cec.txt"
        pe = REPO / "seeds" / "000_ab0a295c0ca72cec.postedit.txt"
        s = bench.seed_bench(corrector, seed, pe)
        print("## Seed\n")
        print(f"- before: {s['first_line_before']}")
        print(f"- after:  {s['first_line_after']}")
        print(f"- split joined: {s['split_joined']}; chrF {s['chrf_before']} -> {s['chrf_after']}")
        for e in s["model_edits"]:
            old, new = e.get("old", e.get("span")), e.get("new", e.get("replacements"))
            print(f"  - applied: {old!r} -> {new!r} (confidence {e['confidence']})")
        print(f"- model suggestions (not applied): {len(s['model_suggestions'])}")
        print()
        report["seed"] = s
    if "wmt21" in parts:
        rules = load_rules()
        print("## wmt21_xen do-no-harm (chrF; `mtfix fix`: rules, then the model)\n")
        for sources in (True, False):
            rows = bench.wmt21_bench(corrector, args.data, rules, args.limit, sources)
            base = bench.wmt21_bench(None, args.data, rules, args.limit, sources)
            print(f"### {'with' if sources else 'without'} sources\n")
            print("| pair | system | chrF mt | chrF rules | chrF fixed | delta vs mt | "
                  "model edits | model s |")
            print("|---|---|---|---|---|---|---|---|")
            for r, b in zip(rows, base, strict=True):
                d = r["chrf_fixed"] - r["chrf_mt"]
                print(f"| {r['pair']} | {r['system']} | {r['chrf_mt']:.2f} | "
                      f"{b['chrf_fixed']:.2f} | {r['chrf_fixed']:.2f} | {d:+.2f} | "
                      f"{r['model_edits']} | {r['seconds'] - b['seconds']:.1f} |")
            lower = sum(r["chrf_fixed"] < r["chrf_mt"] for r in rows)
            print(f"\nsystems_lower: {lower} of {len(rows)}\n")
            report[f"wmt21_{'sources' if sources else 'no_sources'}"] = rows
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
