"""Peak memory of streamed ``check`` and ``fix`` against input size (issue 15, acceptance 2).

Generates text corpora of the given sizes (benchmarks/corpus.py: a short news story of our own
with typical errors, repeated with varied numbers, a blank line after each story), runs
``python -m mtfix check -q FILE`` and ``python -m mtfix fix -q FILE -o OUT`` on each as child
processes and reports each child's peak resident memory (``ru_maxrss`` from ``wait4``), wall
and CPU seconds. Acceptance: the largest input's peak within 50 MB of the smallest's.

``--sample-mb`` also checks the streamed output against the in-memory pipeline on a sample:
the file read whole, each document (lines up to a blank line) checked and fixed by
``mtfix.check`` / ``mtfix.fix``, the results put together with file-wide numbers; the CLI's
fixed file and ``check --format json`` must equal them byte for byte.

    python benchmarks/memory.py [--sizes-mb 20,200] [--sample-mb 10] [--out DIR] [--name F]

Writes DIR/F (default memory.json; DIR default benchmarks/results/) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(1, str(REPO))
from corpus import write_text  # noqa: E402


def run(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd`` (stdout discarded); exit status, wall and CPU seconds, peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return {"exit": os.waitstatus_to_exitcode(status), "seconds": round(wall, 2),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "stderr_tail": err.decode("utf-8", "replace").splitlines()[-3:]}


def measure(size_mb: float, tmp: Path) -> list[dict[str, Any]]:
    src = tmp / f"corpus_{size_mb:g}mb.txt"
    size = write_text(src, int(size_mb * 1_000_000))
    out = []
    for cmd in (["check", "-q", str(src)], ["fix", "-q", str(src), "-o", str(tmp / "o.txt")]):
        r = run([sys.executable, "-m", "mtfix", *cmd])
        r.update(command=f"mtfix {' '.join(cmd)}".replace(str(tmp), "$TMP"), bytes=size,
                 mb_per_cpu_second=round(size / 1e6 / max(r["cpu_seconds"], 1e-9), 3))
        out.append(r)
        print(f"  {r['command']}: {r['peak_rss_mib']} MiB, {r['cpu_seconds']} CPU s",
              file=sys.stderr)
    src.unlink()
    return out


def in_memory(text: str, path: str) -> tuple[str, str]:
    """The in-memory pipeline, document by document: (check --format json, fixed text)."""
    from mtfix import check, fix, load_rules
    from mtfix.formats import read_document, write_document

    rules = load_rules()
    issues: list[dict] = []
    fixed: list[str] = []
    base = offset = 0
    pieces: list[list[str]] = []
    previous_blank = True
    for line in text.splitlines(keepends=True):
        if not pieces or (previous_blank and line.strip()):
            pieces.append([])
        pieces[-1].append(line)
        previous_blank = not line.strip()
    for piece in ("".join(p) for p in pieces):
        doc = read_document(path, "text", data=piece.encode("utf-8"))
        for i in check(doc, rules):
            d = i.to_dict(doc)
            d.update(segment=d["segment"] + base, doc_start=d["doc_start"] + offset,
                     doc_end=d["doc_end"] + offset)
            issues.append(d)
        result = fix(doc, rules)
        fixed.append(write_document(result.fixed, result.edits))
        base += len(doc.segments)
        offset += len(piece)
    report = {"files": [{"path": path, "segments": base, "issues": issues}],
              "rules": {"tables": len(rules.tables), "digest": rules.digest}}
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n", "".join(fixed)


def same_as_in_memory(size_mb: float, tmp: Path) -> dict[str, Any]:
    src = tmp / "sample.txt"
    size = write_text(src, int(size_mb * 1_000_000))
    fixed_path = tmp / "sample.fixed.txt"
    checked = subprocess.run([sys.executable, "-m", "mtfix", "check", "-q", "--format", "json",
                              str(src)], cwd=REPO, stdout=subprocess.PIPE, check=False)
    subprocess.run([sys.executable, "-m", "mtfix", "fix", "-q", str(src), "-o", str(fixed_path)],
                   cwd=REPO, check=True)
    report, fixed = in_memory(src.read_text(encoding="utf-8"), str(src))
    result = {"bytes": size, "check_json_identical": checked.stdout == report.encode("utf-8"),
              "fixed_identical": fixed_path.read_bytes() == fixed.encode("utf-8"),
              "issues": report.count('"rule": ')}
    src.unlink()
    fixed_path.unlink()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes-mb", default="20,200")
    ap.add_argument("--sample-mb", type=float, default=10.0, help="0: no identity check")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    ap.add_argument("--name", default="memory.json", help="the results file's name")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes_mb.split(",") if s]
    report: dict[str, Any] = {"sizes_mb": sizes, "results": [], "python": platform.python_version(),
                              "machine": platform.machine(), "cpus": os.cpu_count(),
                              "load_average_start": os.getloadavg()}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.sample_mb:
            report["identity"] = same_as_in_memory(args.sample_mb, tmp)
            print(f"  identity: {report['identity']}", file=sys.stderr)
        for size in sizes:
            report["results"].extend(measure(size, tmp))
    report["load_average_end"] = os.getloadavg()
    by_cmd: dict[str, list[dict]] = {}
    for r in report["results"]:
        by_cmd.setdefault(r["command"].split()[1], []).append(r)
    report["growth_mib"] = {cmd: round(max(r["peak_rss_mib"] for r in rs)
                                       - rs[0]["peak_rss_mib"], 1)
                            for cmd, rs in by_cmd.items()}
    report["ok"] = all(abs(g) <= 50 for g in report["growth_mib"].values()) and \
        all(r["exit"] in (0, 1) for r in report["results"]) and \
        all(report.get("identity", {"x": True}).values())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / args.name).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print("| command | MB | exit | wall s | CPU s | MB/CPU s | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|")
    for r in report["results"]:
        print(f"| {r['command']} | {r['bytes'] / 1e6:.1f} | {r['exit']} | {r['seconds']} | "
              f"{r['cpu_seconds']} | {r['mb_per_cpu_second']} | {r['peak_rss_mib']} |")
    print(f"\npeak growth (MiB): {report['growth_mib']}; identity: {report.get('identity')}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
