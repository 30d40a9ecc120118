"""A large input with default settings: time and peak memory of ``check`` and
``fix --no-model`` (issue 12, acceptance 1).

Generates a UTF-8 text file of --size-mb megabytes from the seed document (its lines in a
shuffled order, each copy with its own numbers, so that dates, names and boilerplate recur the
way they do in a long news dump), then runs ``python -m mtfix check`` and
``python -m mtfix fix --no-model -o OUT`` on it as child processes, with default settings.
Each child's wall time, CPU time (user + system: the figure to compare on a shared machine)
and peak resident memory (its own ``ru_maxrss`` from ``wait4``) are reported.
``--single-line`` writes the whole file as one line instead.

    python benchmarks/large_input.py [--size-mb 50] [--single-line] [--out DIR]

Writes DIR/large_input.json (default benchmarks/results/) and prints a Markdown table.
Exit status 1 when a command fails (exit status other than 0 or 1 for check, 0 for fix).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_ab0a295c0ca72cec.txt"


def generate(path: Path, size: int, single_line: bool, seed: int = 12345) -> int:
    """Write about ``size`` bytes of seed-like text to ``path``; return the bytes written."""
    rng = random.Random(seed)
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    sep = " " if single_line else "\n"
    written = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        copy = 0
        while written < size:
            copy += 1
            block = lines[:]
            rng.shuffle(block)
            text = sep.join(block).replace("18", str(1 + copy % 28)) + sep
            data = text.encode("utf-8")
            fh.write(text)
            written += len(data)
    return written


def run(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; its exit status, wall time and peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    return {"command": " ".join(cmd[2:]), "exit": proc.returncode, "seconds": round(wall, 2),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "stderr_tail": err.decode("utf-8", "replace").strip().splitlines()[-1:]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=50.0)
    ap.add_argument("--single-line", action="store_true")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mtfix-large-") as tmp:
        src = Path(tmp) / "large.txt"
        size = generate(src, int(args.size_mb * 1_000_000), args.single_line)
        py = [sys.executable, "-m", "mtfix"]
        results = [run([*py, "check", str(src)]),
                   run([*py, "fix", str(src), "--no-model", "-q", "-o", str(Path(tmp) / "o.txt")])]
        for r in results:
            r["command"] = r["command"].replace(tmp, "$TMP")
    ok = results[0]["exit"] in (0, 1) and results[1]["exit"] == 0
    report = {"bytes": size, "single_line": args.single_line, "ok": ok, "results": results,
              "python": platform.python_version(), "machine": platform.machine(),
              "cpus": os.cpu_count()}
    args.out.mkdir(parents=True, exist_ok=True)
    name = "large_input_single_line.json" if args.single_line else "large_input.json"
    (args.out / name).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    shape = "one line" if args.single_line else "lines"
    print(f"input: {size / 1e6:.1f} MB of text ({shape})\n")
    print("| command | exit | wall s | CPU s | peak RSS (MiB) |\n|---|---|---|---|---|")
    for r in results:
        print(f"| {r['command']} | {r['exit']} | {r['seconds']} | {r['cpu_seconds']} "
              f"| {r['peak_rss_mib']} |")
    for r in results:
        if r["stderr_tail"] and r["exit"] not in (0, 1):
            print(f"\n{r['command']}: {r['stderr_tail'][0]}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
