"""Figures for the bench report, as hand-written SVG (no plotting library).

From a BenchReport: precision and recall per category (each suite's "by category" table),
recall per injected kind (synthetic), chrF and TER before/after ``fix`` (every suite with
``*.chrf_before``/``*_after`` measures) and throughput against pofilter. A figure is drawn
only where the report has its numbers; ``report.md`` links the SVG files written beside it
and ``report.html`` embeds them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from mtfix.scoring.bench.results import BenchReport, SuiteResult, Table

WIDTH = 760
LABEL_W = 250
VALUE_W = 70
BAR_H = 13
GAP = 8
FONT = "font-family:DejaVu Sans,Arial,Helvetica,sans-serif"
COLOURS = {"precision": "#1a4a8f", "recall": "#0b7a34", "before": "#7a7a7a",
           "after": "#1a4a8f", "segments/s": "#1a4a8f"}


@dataclass(frozen=True)
class Bar:
    series: str
    value: float | None


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Figure:
    name: str  # file stem: letters, digits, '-'
    title: str
    svg: str

    @property
    def filename(self) -> str:
        return f"{self.name}.svg"


def _fmt(v: float) -> str:
    return f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}" if abs(v) < 1000 else f"{v:,.0f}"


def bar_chart(title: str, groups: Sequence[Group], series: Sequence[str], top: float,
              note: str = "") -> str:
    """Horizontal grouped bars, one row per group, a legend, values at the bar ends."""
    chart_w = WIDTH - LABEL_W - VALUE_W
    per_group = len(series) * BAR_H + GAP
    head = 46 + (16 if note else 0)
    height = head + len(groups) * per_group + 12
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
           f'style="{FONT};font-size:12px">',
           f"<title>{escape(title)}</title>",
           f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
           f'<text x="8" y="18" font-size="14" font-weight="bold" fill="#111">'
           f"{escape(title)}</text>"]
    if note:
        out.append(f'<text x="8" y="36" fill="#444">{escape(note)}</text>')
    x = LABEL_W
    for s in series:
        colour = COLOURS.get(s, "#1a4a8f")
        out.append(f'<rect x="{x}" y="{head - 20}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="{head - 10}" fill="#111">{escape(s)}</text>')
        x += 30 + 8 * len(s)
    y = head
    for g in groups:
        out.append(f'<text x="{LABEL_W - 8}" y="{y + per_group / 2}" text-anchor="end" '
                   f'fill="#111">{escape(_short(g.label))}</text>')
        for n, bar in enumerate(g.bars):
            by = y + n * BAR_H
            colour = COLOURS.get(bar.series, "#1a4a8f")
            if bar.value is None:
                out.append(f'<text x="{LABEL_W + 4}" y="{by + BAR_H - 3}" fill="#444">'
                           f"– (no {escape(bar.series)})</text>")
                continue
            w = 0.0 if top <= 0 else max(0.0, min(1.0, bar.value / top)) * chart_w
            out.append(f'<rect x="{LABEL_W}" y="{by + 1}" width="{w:.1f}" height="{BAR_H - 2}" '
                       f'fill="{colour}"><title>{escape(g.label)} {escape(bar.series)}: '
                       f"{_fmt(bar.value)}</title></rect>")
            out.append(f'<text x="{LABEL_W + w + 4:.1f}" y="{by + BAR_H - 3}" fill="#111">'
                       f"{_fmt(bar.value)}</text>")
        y += per_group
    out.append(f'<line x1="{LABEL_W}" y1="{head - 2}" x2="{LABEL_W}" y2="{y - GAP + 2}" '
               f'stroke="#444"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _number(v: object) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _column(t: Table, name: str) -> int | None:
    for n, h in enumerate(t.header):
        if h == name or h.startswith(name + " "):
            return n
    return None


def category_figures(suite: SuiteResult) -> list[Figure]:
    out = []
    for t in suite.tables:
        p, r = _column(t, "precision"), _column(t, "recall")
        if t.header[0] not in ("category", "kind") or r is None:
            continue
        series = ("precision", "recall") if p is not None else ("recall",)
        cols = (p, r) if p is not None else (r,)
        groups = [Group(str(row[0]), tuple(Bar(s, _number(row[c]))
                                           for s, c in zip(series, cols, strict=True)))
                  for row in t.rows]
        if not groups:
            continue
        what = "precision and recall" if p is not None else "recall"
        title = f"{suite.name}: {what} by {t.header[0]}"
        out.append(Figure(f"fig-{_slug(suite.name)}-{t.header[0]}", title,
                          bar_chart(title, groups, series, 1.0, "overlap matching; 1.0 = all")))
    return out


def before_after_figures(report: BenchReport) -> list[Figure]:
    out = []
    for metric, label, note in (("chrf", "chrF", "higher is better"),
                                ("ter", "TER", "lower is better")):
        groups = []
        for s in report.suites:
            if s.skipped:
                continue
            names = {m.name: m.value for m in s.measures}
            for name, before in names.items():
                if not name.endswith(f"{metric}_before"):
                    continue
                after = names.get(name[:-len("before")] + "after")
                if after is not None:
                    stem = name[:-len("_before")].replace("score.", "")
                    groups.append(Group(f"{s.name} {stem}", (Bar("before", before),
                                                            Bar("after", after))))
        if groups:
            top = max(b.value or 0.0 for g in groups for b in g.bars) or 1.0
            title = f"{label} before and after fix"
            out.append(Figure(f"fig-{metric}-before-after", title,
                              bar_chart(title, groups, ("before", "after"), top * 1.05,
                                        f"{note}; against each suite's reference")))
    return out


def throughput_figures(suite: SuiteResult) -> list[Figure]:
    for t in suite.tables:
        col = _column(t, "segments/s")
        if t.header[0] != "tool" or col is None:
            continue
        groups = [Group(str(row[0]), (Bar("segments/s", _number(row[col])),)) for row in t.rows]
        top = max((b.value or 0.0) for g in groups for b in g.bars) or 1.0
        title = f"{suite.name}: segments per second, mtfix against pofilter"
        return [Figure(f"fig-{_slug(suite.name)}-throughput", title,
                       bar_chart(title, groups, ("segments/s",), top * 1.05,
                                 "one core, same PO file; higher is faster"))]
    return []


def report_figures(report: BenchReport) -> list[Figure]:
    """Every figure the report has numbers for, in reading order."""
    figures: list[Figure] = []
    for s in report.suites:
        if not s.skipped:
            figures += category_figures(s)
    figures += before_after_figures(report)
    for s in report.suites:
        if not s.skipped:
            figures += throughput_figures(s)
    return figures


def markdown_lines(figures: Sequence[Figure]) -> list[str]:
    """The '## Figures' section of report.md: image links to the SVG files beside it."""
    if not figures:
        return []
    lines = ["## Figures", ""]
    for f in figures:
        lines += [f"![{f.title}]({f.filename})", ""]
    return lines
