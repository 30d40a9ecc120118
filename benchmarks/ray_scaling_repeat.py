"""The 1-vs-2 actor comparison of ``ray_scale.py`` alone, alternated (1, 2, 1, 2) so that load
from other jobs on a shared machine shows as the spread between repeats.

    python benchmarks/ray_scaling_repeat.py [--rows 50000]

Writes ``benchmarks/results/ray_scaling_repeat.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ray_scale import ROOT, Job, load_tables, local_run, make_rows, ray_run, same  # noqa: E402

from mtfix.commands import ray_engine  # noqa: E402
from mtfix.formats import Columns  # noqa: E402
from mtfix.pipeline import FixSettings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    args = ap.parse_args()
    import ray

    job = Job(command="check", fmt="jsonl", columns=Columns(), tables=tuple(load_tables()),
              disabled=(), timeout=1.0, settings=FixSettings())
    out: dict = {"command": f"python benchmarks/ray_scaling_repeat.py --rows {args.rows}",
                 "load_avg_before": [round(x, 2) for x in os.getloadavg()], "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.jsonl"
        path.write_text("".join(make_rows(args.rows)), encoding="utf-8")
        checked, _, out["local"] = local_run(path, job)
        ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR,
                 object_store_memory=512 * 1024 * 1024)
        with ray_engine.ray_session(None, quiet=True) as r:
            ray_run(r, job, path, 2)  # warm the worker processes
            for workers in (1, 2, 1, 2):
                records, secs = ray_run(r, job, path, workers)
                run = {"workers": workers, "wall_s": round(secs, 1),
                       "seg_per_s": round(args.rows / secs),
                       "rows_differing_from_local": same(records, checked, ("issues",)),
                       "load_avg": round(os.getloadavg()[0], 2)}
                out["runs"].append(run)
                print(run, flush=True)
        ray.shutdown()
    best = {w: min(r["wall_s"] for r in out["runs"] if r["workers"] == w) for w in (1, 2)}
    out["scaling_1_to_2_best"] = round(best[1] / best[2], 2)
    Path(ROOT / "benchmarks/results/ray_scaling_repeat.json").write_text(
        json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
