"""``--engine ray`` at scale: 200k JSONL rows through a local Ray, against one process.

Generates JSONL rows from sentences written for this bench (typical MT errors the rules
catch: doubled stops, stray commas, literal institution names, solar dates beside Gregorian
ones, share prompts; and clean news sentences), then measures

- the single-process run (the same per-row documents as ``--jobs 1``: one rule set, each row
  checked as its own document) -> segments/s on one core;
- Ray start-up (``ray.init``) and a Ray job on 20 rows (actor start and rule building: the
  fixed cost of a job);
- the Ray check with 1 and 2 rule actors on a local 2-CPU Ray, and the Ray fix with 2 actors;

and compares every row's issues (check) and fixed text, edits and unapplied issues (fix) with
the single-process run. Writes ``benchmarks/results/ray_scale.json``.

    python benchmarks/ray_scale.py [--rows 200000] [--out benchmarks/results/ray_scale.json]

Not a test: the figures depend on the machine and on what else runs on it (the load average
before and after is recorded with them).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtfix.commands import batch as work  # noqa: E402
from mtfix.commands import ray_engine  # noqa: E402
from mtfix.commands.ray_workers import Job  # noqa: E402
from mtfix.formats import Columns  # noqa: E402
from mtfix.pipeline import FixSettings  # noqa: E402
from mtfix.rules import build_rules, load_tables  # noqa: E402

# Written for this bench; {city}, {day}, {n} vary so that rows differ.
ERRORS = (
    "The prime minister met the ambassador in {city} on {day}. .",
    "Twilight News reported that the talks in {city} ended without agreement.",
    "The meeting was held on January 18 (Marghumi 28) in {city}.",
    "The minister said that ,the budget of {n} million would be approved next week.",
    "Share this news on your social networks",
    "Click here to subscribe to our newsletter",
    "The governor of {city} said that ,{n} families had returned home.",
    "Officials in {city} said on {day} that the road would reopen . .",
)
CLEAN = (
    "Protesters gathered in front of the parliament building in {city} on {day}.",
    "The ministry said {n} schools would reopen after the holiday.",
    "Farmers near {city} said the harvest was better than last year.",
    "The council approved a plan to repair {n} bridges before winter.",
    "Doctors in {city} said the hospital had received new equipment on {day}.",
    "The court adjourned the hearing until next month.",
)
CITIES = ("Baghdad", "Kabul", "Herat", "Basra", "Mosul", "Erbil", "Kandahar", "Najaf")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def make_rows(n: int, seed: int = 15) -> list[str]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        template = rng.choice(ERRORS if rng.random() < 0.4 else CLEAN)
        text = template.format(city=rng.choice(CITIES), day=rng.choice(DAYS),
                               n=rng.randint(2, 900))
        rows.append(json.dumps({"id": i, "mt": text}) + "\n")
    return rows


def local_run(path: Path, job: Job) -> tuple[list[dict], list[dict], dict]:
    """The single-process reference: one rule set, each row its own document."""
    t = time.perf_counter()
    rules = build_rules(job.tables, job.disabled, job.timeout)
    build_s = time.perf_counter() - t
    content = path.read_text(encoding="utf-8")
    pieces = list(work.split_documents(content, str(path), "jsonl"))
    t, c = time.perf_counter(), time.process_time()
    checked = work.check_pieces(pieces, "jsonl", job.columns, rules)
    check_s, check_cpu = time.perf_counter() - t, time.process_time() - c
    t = time.perf_counter()
    fixed = work.fix_pieces(pieces, "jsonl", job.columns, rules, job.settings)
    fix_s = time.perf_counter() - t
    n = len(pieces)
    return checked, fixed, {"rules_build_s": round(build_s, 2), "check_s": round(check_s, 1),
                            "check_cpu_s": round(check_cpu, 1), "fix_s": round(fix_s, 1),
                            "check_seg_per_s": round(n / check_s), "fix_seg_per_s":
                            round(n / fix_s)}


def ray_run(ray: object, job: Job, path: Path, workers: int) -> tuple[list[dict], float]:
    t = time.perf_counter()
    ds = ray_engine.build_dataset(ray, job, [str(path)], workers, ray_engine.runtime_env(None))
    records = list(ray_engine.stream_records(ds))
    return records, time.perf_counter() - t


def same(a: list[dict], b: list[dict], keys: tuple[str, ...]) -> int:
    """How many rows differ (0: identical) in ``keys``."""
    if len(a) != len(b):
        return max(len(a), len(b))
    return sum(any(x[k] != y[k] for k in ("line", *keys)) for x, y in zip(a, b, strict=True))


def save(out: dict, path: str) -> None:
    """Written after every phase, so that a run cut short keeps what it measured."""
    out["load_avg_now"] = [round(x, 2) for x in os.getloadavg()]
    Path(path).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


def ray_phase(out: dict, name: str, run: tuple, reference: list[dict], keys: tuple[str, ...],
              n: int) -> None:
    records, secs = ray_run(*run)
    out[name] = {"rows": n, "wall_s": round(secs, 1), "seg_per_s": round(n / secs),
                 "rows_differing_from_local": same(records, reference, keys)}
    print(name, out[name], flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--scaling-rows", type=int, default=50_000,
                    help="rows for the 1-worker vs 2-worker comparison")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/ray_scale.json"))
    args = ap.parse_args()
    import ray

    tables = tuple(load_tables())
    job = Job(command="check", fmt="jsonl", columns=Columns(), tables=tables, disabled=(),
              timeout=1.0, settings=FixSettings())
    fix_job = Job(**{**job.__dict__, "command": "fix"})
    out: dict = {"command": f"python benchmarks/ray_scale.py --rows {args.rows} "
                            f"--scaling-rows {args.scaling_rows}",
                 "rows": args.rows, "cpus": os.cpu_count(), "ray": ray.__version__,
                 "load_avg_before": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp:
        path, part, tiny = (Path(tmp) / name for name in ("rows.jsonl", "part.jsonl",
                                                          "tiny.jsonl"))
        rows = make_rows(args.rows)
        path.write_text("".join(rows), encoding="utf-8")
        part.write_text("".join(rows[:args.scaling_rows]), encoding="utf-8")
        tiny.write_text("".join(rows[:20]), encoding="utf-8")
        checked, fixed, out["local"] = local_run(path, job)
        out["issues"] = sum(len(r["issues"]) for r in checked)
        out["edits"] = sum(len(r["edits"]) for r in fixed)
        print("local", out["local"], flush=True)
        save(out, args.out)
        t = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR,
                 object_store_memory=512 * 1024 * 1024)
        out["ray_init_s"] = round(time.perf_counter() - t, 1)
        with ray_engine.ray_session(None, quiet=True) as r:
            out["ray_tiny_job_cold_s"] = round(ray_run(r, job, tiny, 2)[1], 1)
            save(out, args.out)
            ray_phase(out, "check_2", (r, job, path, 2), checked, ("issues",), args.rows)
            save(out, args.out)
            ray_phase(out, "fix_2", (r, fix_job, path, 2), fixed,
                      ("text", "edits", "unapplied"), args.rows)
            save(out, args.out)
            k = args.scaling_rows
            for w in (1, 2):
                ray_phase(out, f"scaling_check_{w}", (r, job, part, w), checked[:k],
                          ("issues",), k)
                save(out, args.out)
            out["ray_tiny_job_warm_s"] = round(ray_run(r, job, tiny, 2)[1], 1)
        ray.shutdown()
    one, two = out["scaling_check_1"]["wall_s"], out["scaling_check_2"]["wall_s"]
    warm = out["ray_tiny_job_warm_s"]
    out["scaling_1_to_2"] = round(one / two, 2)
    out["scaling_1_to_2_net_of_job_start"] = round((one - warm) / max(two - warm, 1e-9), 2)
    save(out, args.out)
    print(json.dumps(out, indent=1))
    phases = [v for v in out.values() if isinstance(v, dict) and "rows_differing_from_local" in v]
    return 0 if all(p["rows_differing_from_local"] == 0 for p in phases) else 1


if __name__ == "__main__":
    raise SystemExit(main())
