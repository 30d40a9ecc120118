"""Throughput of ``check`` / ``fix`` against translate-toolkit's ``pofilter`` on one PO file.

Each measurement runs in a fresh process pinned to one core (``python -m
mtfix.scoring.bench.throughput TOOL PO [--rules P] [--disable ID]``), which prints one JSON line:
segments, seconds of work after imports, and peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def build_po(out: Path, wmt_folder: Path | None, n: int, fallback: Path) -> tuple[Path, str]:
    """A PO file of ``n`` MT segments (WMT21 hypotheses, else the fallback text's lines repeated),
    written with translate-toolkit's storage API; each unit has a unique msgctxt."""
    from translate.storage import po

    store = po.pofile()
    made = 0
    source_desc = ""
    if wmt_folder is not None and wmt_folder.is_dir():
        source_desc = f"{n} WMT21 X-en system outputs"
        for path in sorted(wmt_folder.glob("*.jsonl")):
            for line in path.open(encoding="utf-8"):
                rec = json.loads(line)
                for system, hyp in rec["hypotheses"].items():
                    if made >= n:
                        break
                    unit = store.addsourceunit(rec["source"])
                    unit.target = hyp
                    unit.setcontext(f"{rec['pair']}:{rec['seg_id']}:{system}")
                    made += 1
    if made == 0:
        lines = [x for x in fallback.read_text(encoding="utf-8").splitlines() if x.strip()]
        source_desc = f"{n} lines of {fallback.name}, repeated"
        while made < n:
            unit = store.addsourceunit(f"source {made}")
            unit.target = lines[made % len(lines)]
            unit.setcontext(str(made))
            made += 1
    else:
        source_desc = f"{made} WMT21 X-en system outputs"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bytes(store))
    return out, source_desc


def measure(tool: str, po_path: Path, rule_paths: tuple[str, ...] = (),
            disabled: tuple[str, ...] = ()) -> dict[str, float]:
    cmd = [sys.executable, "-m", "mtfix.scoring.bench.throughput", tool, str(po_path)]
    for p in rule_paths:
        cmd += ["--rules", p]
    for d in disabled:
        cmd += ["--disable", d]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"throughput worker {tool} failed: {proc.stderr.strip()[-500:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_seconds"] = elapsed
    return out


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[0]})


def _worker(tool: str, po_path: str, rule_paths: list[str],
            disabled: list[str]) -> dict[str, float]:
    _pin_one_core()
    if tool == "pofilter":
        from translate.filters import pofilter

        out_path = po_path + ".pofilter.po"
        sys.argv = ["pofilter", "--progress=none", po_path, out_path]
        start = time.perf_counter()
        with contextlib.suppress(SystemExit):
            pofilter.main()
        seconds = time.perf_counter() - start
        with open(po_path, encoding="utf-8") as f:  # build_po writes one msgid line a unit
            n = sum(1 for line in f if line.startswith("msgid ")) - 1
    else:
        from translate.storage import factory

        from mtfix.document import Document, Segment
        from mtfix.pipeline import check, fix
        from mtfix.rules import load_rules

        start = time.perf_counter()
        rules = load_rules(rule_paths, disabled)
        loaded = time.perf_counter()
        store = factory.getobject(po_path)
        units = [u for u in store.units if not u.isheader()]
        doc = Document(segments=tuple(
            Segment(index=i, text=str(u.target or ""), source=str(u.source or ""), eol="\n")
            for i, u in enumerate(units)), path=po_path, format="po")
        parsed = time.perf_counter()
        if tool == "check":
            check(doc, rules)
        else:
            fix(doc, rules)
        end = time.perf_counter()
        seconds = end - start
        n = len(units)
        return {"segments": n, "seconds": seconds, "peak_rss_mb": _peak_rss_mb(),
                "load_rules_seconds": loaded - start, "parse_seconds": parsed - loaded,
                "run_seconds": end - parsed}
    return {"segments": n, "seconds": seconds, "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec (it would
    report the parent's peak), so read VmHWM, which starts afresh with the new program."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="mtfix-throughput-worker")
    p.add_argument("tool", choices=("pofilter", "check", "fix"))
    p.add_argument("po")
    p.add_argument("--rules", action="append", default=[])
    p.add_argument("--disable", action="append", default=[])
    a = p.parse_args(argv)
    print(json.dumps(_worker(a.tool, a.po, a.rules, a.disable)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
