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
from statistics import median
from typing import Any

from mtfix.scoring.bench.results import INFO, LOWER, Measure, SuiteResult, Table

REPO = Path(__file__).resolve().parents[3]
# the runs of one round, side by side: (label, tool, entity factor)
RUNS = (("pofilter", "pofilter", 1), ("check", "check", 1), ("fix", "fix", 1),
        ("check, entities x10", "check", 10))


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
            disabled: tuple[str, ...] = (), entity_factor: int = 1) -> dict[str, float]:
    cmd = [sys.executable, "-m", "mtfix.scoring.bench.throughput", tool, str(po_path)]
    for p in rule_paths:
        cmd += ["--rules", p]
    for d in disabled:
        cmd += ["--disable", d]
    if entity_factor != 1:
        cmd += ["--entity-factor", str(entity_factor)]
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


def _grown_tables(rule_paths: list[str], factor: int) -> list[Any]:
    """The tables with every entity table grown ``factor`` times by synthetic entries
    (``benchmarks/entity_scale.py``: names, variants, misspellings and mistranslations in the
    shipped tables' proportions)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from entity_scale import grow  # type: ignore[import-not-found]

    from mtfix.rules import load_tables

    return grow(load_tables(rule_paths), factor)


def _worker(tool: str, po_path: str, rule_paths: list[str],
            disabled: list[str], entity_factor: int = 1) -> dict[str, float]:
    _pin_one_core()
    if tool == "pofilter":
        from translate.filters import pofilter

        out_path = po_path + ".pofilter.po"
        sys.argv = ["pofilter", "--progress=none", po_path, out_path]
        start, cpu = time.perf_counter(), time.process_time()
        with contextlib.suppress(SystemExit):
            pofilter.main()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        with open(po_path, encoding="utf-8") as f:  # build_po writes one msgid line a unit
            n = sum(1 for line in f if line.startswith("msgid ")) - 1
    else:
        from translate.storage import factory

        from mtfix.document import Document, Segment
        from mtfix.pipeline import check, fix
        from mtfix.rules import build_rules, load_rules

        grown = _grown_tables(rule_paths, entity_factor) if entity_factor > 1 else None
        start, cpu = time.perf_counter(), time.process_time()
        # grown tables: the synthetic entries are made before the clock starts, so 'load
        # rules' times building them (compiling, indexing), not reading their YAML
        rules = (load_rules(rule_paths, disabled) if grown is None
                 else build_rules(grown, disabled))
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
        end, cpu = time.perf_counter(), time.process_time() - cpu
        seconds = end - start
        n = len(units)
        return {"segments": n, "seconds": seconds, "cpu_seconds": cpu,
                "peak_rss_mb": _peak_rss_mb(),
                "load_rules_seconds": loaded - start, "parse_seconds": parsed - loaded,
                "run_seconds": end - parsed}
    return {"segments": n, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": _peak_rss_mb()}


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
    p.add_argument("--entity-factor", type=int, default=1)
    a = p.parse_args(argv)
    print(json.dumps(_worker(a.tool, a.po, a.rules, a.disable, a.entity_factor)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _median_run(rounds: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the rounds."""
    return {k: median(r[k] for r in rounds) for k in rounds[0]}


def run_suite(suite: Any, ctx: Any) -> SuiteResult:
    """The throughput suite: pofilter, check, fix and check with tenfold entity tables on one
    PO file, each in its own process pinned to one core, interleaved ``repeat`` times (the
    machine's load then hits them alike); the figures are the medians."""
    opts = suite.effective_options(ctx.quick)
    n = int(opts.get("segments", 3000))
    repeat = int(opts.get("repeat", 1))
    folder = None
    if ctx.data_dir is not None and suite.inputs.get("folder"):
        folder = ctx.data_dir / str(suite.inputs["folder"])
    po_path, made = build_po(ctx.workdir / "throughput.po", folder, n,
                             ctx.repo / str(suite.inputs.get("fallback", "")))
    rounds: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in RUNS}
    for _ in range(repeat):
        for label, tool, factor in RUNS:
            rounds[label].append(measure(tool, po_path, ctx.rule_paths, ctx.disabled, factor))
    runs = {label: _median_run(r) for label, r in rounds.items()}

    def rate(label: str, key: str = "seconds") -> float:
        return runs[label]["segments"] / runs[label][key]

    pf, chk = runs["pofilter"], runs["check"]
    measures = [
        Measure("check_vs_pofilter.ratio", rate("check") / rate("pofilter")),
        Measure("fix_vs_pofilter.ratio", rate("fix") / rate("pofilter")),
        Measure("check.segments_per_s", rate("check")),
        Measure("check_vs_pofilter.cpu_ratio", rate("check", "cpu_seconds")
                / rate("pofilter", "cpu_seconds"), INFO),
        Measure("check_only.segments_per_s", rate("check", "run_seconds"), INFO),
        Measure("check_vs_pofilter.process_ratio",
                pf["process_seconds"] / chk["process_seconds"]),
        Measure("check.peak_rss_mb", chk["peak_rss_mb"], LOWER),
        Measure("entity_tenfold.cost", 1 - rate("check, entities x10") / rate("check"), LOWER),
        Measure("entity_tenfold.cpu_cost", 1 - rate("check, entities x10", "cpu_seconds")
                / rate("check", "cpu_seconds"), INFO),
        Measure("entity_tenfold.check_only_cost", 1 - rate("check, entities x10", "run_seconds")
                / rate("check", "run_seconds"), INFO),
        Measure("repeats", float(repeat), INFO),
    ]
    rows = [(label, r["segments"], r["seconds"], r["segments"] / r["seconds"], r["cpu_seconds"],
             r.get("load_rules_seconds"), r.get("parse_seconds"), r.get("run_seconds"),
             r["process_seconds"], r["peak_rss_mb"]) for label, r in runs.items()]
    per_round = [(i + 1, *(rounds[label][i]["seconds"] for label, _, _ in RUNS))
                 for i in range(repeat)]
    tables = [
        Table(f"{suite.name}: one core, same PO file ({made}); medians of {repeat} rounds", (
            "tool", "segments", "work seconds", "segments/s", "CPU seconds",
            "of which: load rules",
            "parse PO", "check/fix", "process seconds", "peak RSS MB"), tuple(rows)),
        Table(f"{suite.name}: work seconds, round by round",
              ("round", *(label for label, _, _ in RUNS)), tuple(per_round)),
    ]
    notes = ("Each run is its own process pinned to one core; the runs of a round follow one "
             "another, and the rounds repeat, so the machine's load falls on every tool alike. "
             "'work seconds' times the run after imports: for pofilter its whole main() (parse, "
             "check, write); for mtfix loading the rule tables, parsing the PO with "
             "translate-toolkit and check (or fix). 'process seconds' is the whole process, "
             "interpreter start-up included. 'CPU seconds': the work's processor time (on a "
             "machine shared with other jobs, the measure that waiting for a core leaves "
             "alone). 'entities x10': every entity table grown tenfold "
             "with synthetic entries (benchmarks/entity_scale.py), made before the clock "
             "starts; entity_tenfold.cost is the share of check throughput it costs.",)
    return SuiteResult(suite.name, suite.runner, tuple(measures), tuple(tables), notes)
