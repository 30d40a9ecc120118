"""What the model stage costs `mtfix fix`, and what it does for that cost.

    python benchmarks/model_cost.py [--data ../shared/data] [--repeat 3] [--json OUT]

1. Wall time of ``python -m mtfix fix`` on the seed (a fresh process each time, median of
   ``--repeat``): the default (rules only), ``--no-model``, ``--model default``; and on a
   document with nothing for the model (the seed's post-edit), where ``--model default`` must
   cost no more than ``--no-model`` (the weights never load). Targets (issue 13): the default
   within 5 s on 2 cores and within 3x ``--no-model``.
2. The model stage on the seed and on the realmt-dev documents, as ``fix --model default`` runs
   it: units sent, model seconds and sentences per second of model time.

Prints a Markdown report. Timings depend on the machine's load: say what else was running.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SEED = REPO / "seeds" / "000_ab0a295c0ca72cec.txt"
CLEAN = REPO / "seeds" / "000_ab0a295c0ca72cec.postedit.txt"


def wall(args: list[str], repeat: int) -> float:
    """Median seconds of ``python -m mtfix fix ARGS -o /dev/null -q`` in a fresh process."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mtfix", "fix", *args, "-o", "/dev/null", "-q"],
                       check=True, cwd=REPO, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def stage_figures(texts: dict[str, str]) -> list[dict[str, object]]:
    """The model stage (as ``fix --model default`` loads it) on each text, after the rules."""
    import mtfix
    from mtfix.document import Document
    from mtfix.model.stage import default_model_dir, load_stage
    from mtfix.pipeline import FixSettings, open_for_model

    rules = mtfix.load_rules()
    stage = load_stage(default_model_dir(), threshold=FixSettings().threshold)
    rows = []
    for name, text in texts.items():
        ruled = mtfix.fix(Document.from_text(text), rules)
        run = stage.run(ruled.fixed, open_for_model(ruled.unapplied))
        s = run.stats
        rows.append({"doc": name, "units": s.units_total, "sent": s.units_sent,
                     "model_s": s.seconds, "sentences_per_s": s.sentences_per_s,
                     "applicable": s.applicable, "loaded": stage.proposer.loaded})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    times = {
        "seed, default": wall([str(SEED)], args.repeat),
        "seed, --no-model": wall([str(SEED), "--no-model"], args.repeat),
        "seed, --model default": wall([str(SEED), "--model", "default"], args.repeat),
        "clean doc, --no-model": wall([str(CLEAN), "--no-model"], args.repeat),
        "clean doc, --model default": wall([str(CLEAN), "--model", "default"], args.repeat),
    }
    base = times["seed, --no-model"]
    print("# Model cost\n\n## `mtfix fix` wall time (median of "
          f"{args.repeat} fresh processes)\n\n| run | seconds | x --no-model |\n|---|---|---|")
    for k, v in times.items():
        ref = times["clean doc, --no-model"] if k.startswith("clean") else base
        print(f"| {k} | {v:.2f} | {v / ref:.2f} |")
    ok = times["seed, default"] <= 5.0 and times["seed, default"] <= 3 * base
    print(f"\nseed default within 5 s and 3x --no-model: {'yes' if ok else 'NO'}\n")
    texts = {"seed": SEED.read_text(encoding="utf-8")}
    docs = args.data / "realmt_dev" / "docs.jsonl"
    if docs.exists():
        for line in docs.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    rows = stage_figures(texts)
    print("## The model stage as `fix --model default` runs it\n")
    print("| doc | units | sent | model s | sentences/s | applicable | weights loaded |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if r["sent"] or r["doc"] == "seed":
            print(f"| {r['doc']} | {r['units']} | {r['sent']} | {r['model_s']:.2f} | "
                  f"{r['sentences_per_s']:.1f} | {r['applicable']} | {r['loaded']} |")
    idle = [r["doc"] for r in rows if not r["sent"]]
    print(f"\nnothing sent (no model work at all): {len(idle)} of {len(rows)} documents\n")
    if args.json:
        args.json.write_text(json.dumps({"times": times, "stage": rows}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
