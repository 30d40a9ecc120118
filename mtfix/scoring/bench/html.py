"""report.html: the bench report as one self-contained page, figures inline as SVG."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mtfix.scoring.bench.figures import Figure
from mtfix.scoring.bench.results import (
    BenchReport,
    Regression,
    SuiteResult,
    _cell,
    signature_string,
)

STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
       max-width: 1100px; margin: 1.5em auto; padding: 0 1em; }
code { background: #f2f2f2; padding: 0 3px; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
th, td { border: 1px solid #c8c8c8; padding: 2px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
.regressed { color: #8c0b0b; font-weight: 600; }
"""


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{escape(_cell(c))}</td>' if isinstance(c, int | float)
            else f"<td>{escape(_cell(c))}</td>" for c in row) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _suite(report: BenchReport, s: SuiteResult) -> list[str]:
    gates = report.gates.get(s.name, {})
    out = [f"<h2>{escape(s.name)}</h2>"] + [f"<p>{escape(n)}</p>" for n in s.notes]
    rows = [(m.name, m.value, m.better, f"±{gates[m.name]:g}" if m.name in gates else "")
            for m in s.measures if m.name.count(".") <= 2 or m.name in gates]
    out.append(_table(("measure", "value", "better", "gate"), rows))
    for t in s.tables:
        out += [f"<h3>{escape(t.title)}</h3>", _table(t.header, t.rows)]
    return out


def render_html(report: BenchReport, regressions: Sequence[Regression] = (),
                sig_diff: Sequence[str] = (), baseline_path: str | None = None,
                figures: Sequence[Figure] = ()) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>mtfix benchmark report</title>", f"<style>{STYLE}</style></head><body>",
             "<h1>mtfix benchmark report</h1>",
             f"<p>Signature: <code>{escape(signature_string(report.signature))}</code></p>",
             f"<p>Total time: {report.seconds:.1f} s</p>"]
    if baseline_path is not None:
        parts.append(f"<h2>Against baseline <code>{escape(baseline_path)}</code></h2>")
        if sig_diff:
            parts.append("<p>Signature differences (the reports are not like for like):</p><ul>"
                         + "".join(f"<li>{escape(d)}</li>" for d in sig_diff) + "</ul>")
        parts.append('<ul class="regressed">' + "".join(
            f"<li>{escape(r.describe())}</li>" for r in regressions) + "</ul>"
                     if regressions else "<p>No gated measure regressed.</p>")
    parts += ["<h2>Summary</h2>", _table(("suite", "runner", "time (s)", "status"), [
        (s.name, s.runner, round(s.seconds, 1), "skipped: " + s.skipped if s.skipped else "ran")
        for s in report.suites])]
    if figures:
        parts.append("<h2>Figures</h2>")
        parts += [f'<figure id="{f.name}">{f.svg}</figure>' for f in figures]
    for s in report.suites:
        if not s.skipped:
            parts += _suite(report, s)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
