"""Benchmark results: measures, tables, the report's signature, and baseline comparison."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

HIGHER, LOWER, INFO = "higher", "lower", "info"


@dataclass(frozen=True)
class Measure:
    """One number a suite produced; ``better`` says which way is an improvement."""

    name: str
    value: float
    better: str = HIGHER


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class SuiteResult:
    name: str
    runner: str
    measures: tuple[Measure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    skipped: str | None = None

    def measure(self, name: str) -> float:
        for m in self.measures:
            if m.name == name:
                return m.value
        raise KeyError(name)


@dataclass(frozen=True)
class Regression:
    suite: str
    measure: str
    baseline: float
    value: float
    tolerance: float

    def describe(self) -> str:
        return (f"{self.suite}/{self.measure} regressed: {self.baseline:.4g} -> {self.value:.4g} "
                f"(tolerance {self.tolerance:g})")


@dataclass(frozen=True)
class BenchReport:
    signature: Mapping[str, Any]
    suites: tuple[SuiteResult, ...]
    seconds: float
    gates: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "signature": dict(self.signature),
            "seconds": round(self.seconds, 2),
            "suites": {
                s.name: {
                    "runner": s.runner,
                    "seconds": round(s.seconds, 2),
                    "skipped": s.skipped,
                    "measures": {m.name: {"value": m.value, "better": m.better}
                                 for m in s.measures},
                    "gates": dict(self.gates.get(s.name, {})),
                    "notes": list(s.notes),
                    "tables": [{"title": t.title, "header": list(t.header),
                                "rows": [list(r) for r in t.rows]} for t in s.tables],
                }
                for s in self.suites
            },
        }


def signature_string(sig: Mapping[str, Any]) -> str:
    return "|".join(f"{k}:{sig[k]}" for k in sorted(sig))


def compare(report: BenchReport, baseline: Mapping[str, Any]) -> list[Regression]:
    """Measures that got worse than the baseline by more than their suite's tolerance.

    Only gated measures count; a measure or suite missing on either side is not compared.
    """
    out: list[Regression] = []
    old_suites = baseline.get("suites", {})
    for suite in report.suites:
        old = old_suites.get(suite.name)
        gates = report.gates.get(suite.name, {})
        if not old or suite.skipped or old.get("skipped"):
            continue
        old_measures = old.get("measures", {})
        for m in suite.measures:
            if m.name not in gates or m.name not in old_measures or m.better == INFO:
                continue
            before = float(old_measures[m.name]["value"])
            tol = gates[m.name]
            worse = before - m.value if m.better == HIGHER else m.value - before
            if worse > tol + 1e-12:
                out.append(Regression(suite.name, m.name, before, m.value, tol))
    return out


def signature_differences(report: BenchReport, baseline: Mapping[str, Any]) -> list[str]:
    old = baseline.get("signature", {})
    keys = sorted(set(old) | set(report.signature))
    return [f"{k}: {old.get(k)} -> {report.signature.get(k)}"
            for k in keys if old.get(k) != report.signature.get(k)]


def _cell(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 10 else f"{v:.2f}"
    return str(v).replace("|", "\\|")


def render_markdown(report: BenchReport, regressions: Sequence[Regression] = (),
                    sig_diff: Sequence[str] = (), baseline_path: str | None = None,
                    figure_lines: Sequence[str] = ()) -> str:
    """``figure_lines``: the figures section (figures.markdown_lines), after the summary."""
    lines = ["# mtfix benchmark report", "", f"Signature: `{signature_string(report.signature)}`",
             "", f"Total time: {report.seconds:.1f} s", ""]
    if baseline_path is not None:
        lines += [f"## Against baseline `{baseline_path}`", ""]
        if sig_diff:
            lines += ["Signature differences (the reports are not like for like):", ""]
            lines += [f"- {d}" for d in sig_diff] + [""]
        if regressions:
            lines += [f"**{len(regressions)} regression(s):**", ""]
            lines += [f"- {r.describe()}" for r in regressions] + [""]
        else:
            lines += ["No gated measure regressed.", ""]
    lines += ["## Summary", "", "| suite | runner | time (s) | status |", "|---|---|---:|---|"]
    for s in report.suites:
        lines.append(f"| {s.name} | {s.runner} | {s.seconds:.1f} | "
                     f"{'skipped: ' + s.skipped if s.skipped else 'ran'} |")
    if figure_lines:
        lines += ["", *figure_lines]
    for s in report.suites:
        if s.skipped:
            continue
        lines += ["", f"## {s.name}", ""]
        lines += [f"{n}" for n in s.notes] + ([""] if s.notes else [])
        gates = report.gates.get(s.name, {})
        lines += ["| measure | value | better | gate |", "|---|---:|---|---:|"]
        for m in s.measures:
            if m.name.count(".") <= 2 or m.name in gates:
                gate = f"±{gates[m.name]:g}" if m.name in gates else ""
                lines.append(f"| {m.name} | {_cell(m.value)} | {m.better} | {gate} |")
        for t in s.tables:
            lines += ["", f"**{t.title}**", "", "| " + " | ".join(t.header) + " |",
                      "|" + "---|" * len(t.header)]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
    return "\n".join(lines) + "\n"


def render_json(report: BenchReport, regressions: Sequence[Regression] = ()) -> str:
    out = report.to_dict()
    out["regressions"] = [r.describe() for r in regressions]
    return json.dumps(out, indent=1, ensure_ascii=False) + "\n"
