"""``--jobs 2`` against ``--jobs 1`` on a generated corpus (issue 15, acceptance 3).

Generates a text corpus of --segments lines (benchmarks/corpus.py: news stories of our own
with typical errors, a blank line after each; the blank lines count as segments), then runs
``python -m mtfix check -q --format json FILE --jobs N`` and
``python -m mtfix fix -q FILE -o OUT --log LOG --jobs N`` for N = 1 and 2, --repeat times
each, alternating. Reports the best (least disturbed) wall time of each, segments per wall
second, CPU seconds (the child and its workers) and the load average around each run; the
outputs of every run must be byte-identical to the first ``--jobs 1`` run's.
Acceptance: ``--jobs 2`` throughput >= 1.7 x ``--jobs 1`` (needs two idle cores).

    python benchmarks/jobs.py [--segments 200000] [--repeat 2] [--out DIR]

Writes DIR/jobs.json (default benchmarks/results/) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_segments  # noqa: E402


def run(cmd: list[str], stdout: Path) -> dict[str, Any]:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with stdout.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=REPO)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    return {"exit": os.waitstatus_to_exitcode(status),
            "seconds": round(time.perf_counter() - start, 2),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
            "stderr_tail": err.decode("utf-8", "replace").splitlines()[-2:]}


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--segments", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = ap.parse_args()
    report: dict[str, Any] = {"segments": args.segments, "runs": [],
                              "python": platform.python_version(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src = tmp / "corpus.txt"
        write_segments(src, args.segments)
        report["bytes"] = src.stat().st_size
        reference: dict[str, str] = {}
        for _ in range(args.repeat):
            for command in ("check", "fix"):
                for jobs in ("1", "2"):
                    stdout, fixed, log = tmp / "stdout", tmp / "fixed.txt", tmp / "log.json"
                    cmd = ["check", "-q", "--format", "json", str(src)] if command == "check" \
                        else ["fix", "-q", str(src), "-o", str(fixed), "--log", str(log)]
                    r = run([sys.executable, "-m", "mtfix", *cmd, "--jobs", jobs], stdout)
                    outs = (stdout,) if command == "check" else (stdout, fixed, log)
                    r.update(command=command, jobs=int(jobs), output_sha256=digest(*outs))
                    reference.setdefault(command, r["output_sha256"])
                    r["identical"] = r["output_sha256"] == reference[command]
                    report["runs"].append(r)
                    print(f"  {command} --jobs {jobs}: {r['seconds']} s wall, "
                          f"{r['cpu_seconds']} CPU s, load {r['load_before']}", file=sys.stderr)
    best: dict[str, dict] = {}
    for r in report["runs"]:
        key = f"{r['command']} --jobs {r['jobs']}"
        if key not in best or r["seconds"] < best[key]["seconds"]:
            best[key] = r
    report["best"] = {k: {"seconds": v["seconds"], "cpu_seconds": v["cpu_seconds"],
                          "segments_per_second": round(args.segments / v["seconds"], 1)}
                      for k, v in best.items()}
    report["speedup"] = {c: round(best[f"{c} --jobs 1"]["seconds"]
                                  / best[f"{c} --jobs 2"]["seconds"], 2)
                         for c in ("check", "fix")}
    report["identical"] = all(r["identical"] for r in report["runs"])
    report["ok"] = report["identical"] and all(s >= 1.7 for s in report["speedup"].values())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "jobs.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print("| command | best wall s | CPU s | segments/s |")
    print("|---|---|---|---|")
    for k, v in report["best"].items():
        print(f"| {k} | {v['seconds']} | {v['cpu_seconds']} | {v['segments_per_second']} |")
    print(f"\nspeedup: {report['speedup']}; identical: {report['identical']}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
