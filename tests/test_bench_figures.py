"""The bench report's figures: SVG files beside report.md, inline in report.html, drawn from
the report's own numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.scoring.bench.figures import bar_chart, report_figures
from mtfix.scoring.bench.results import BenchReport, Measure, SuiteResult, Table

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    assert main(["bench", "--quick", "--no-model", "--out", str(out)]) == 0
    return out


def test_quick_report_has_figures_in_md_and_html(quick_report: Path) -> None:
    md = (quick_report / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]+\]\(([^)]+\.svg)\)", md)
    assert len(links) >= 2
    assert "fig-seed-category.svg" in links and "fig-chrf-before-after.svg" in links
    html = (quick_report / "report.html").read_text(encoding="utf-8")
    for link in links:
        svg = (quick_report / link).read_text(encoding="utf-8")
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title") is not None
        assert svg.strip() in html  # the same drawing inline
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_bars_follow_the_numbers(quick_report: Path) -> None:
    root = ET.parse(quick_report / "fig-ter-before-after.svg").getroot()
    bars = {r.find(f"{SVG}title").text: float(r.get("width"))
            for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None}
    before = next(w for t, w in bars.items() if t.startswith("seed ter before"))
    after = next(w for t, w in bars.items() if t.startswith("seed ter after"))
    values = {t.split(": ")[0]: float(t.split(": ")[1]) for t in bars}
    ratio = values["seed ter after"] / values["seed ter before"]
    assert after / before == pytest.approx(ratio, rel=0.02)


def test_figures_from_a_hand_made_report() -> None:
    cat = Table("s: detection by category (overlap matching)",
                ("category", "gold", "precision", "recall"),
                (("entity/spelling", 2, 0.5, 1.0), ("fluency/grammar", 1, None, 0.0)))
    thr = Table("t: one core", ("tool", "segments", "work seconds", "segments/s"),
                (("pofilter", 100, 1.0, 100.0), ("check", 100, 0.25, 400.0)))
    report = BenchReport(signature={}, seconds=1.0, suites=(
        SuiteResult("s", "gold-spans", (Measure("score.chrf_before", 50.0),
                                         Measure("score.chrf_after", 60.0)), (cat,)),
        SuiteResult("t", "throughput", (), (thr,)),
        SuiteResult("skipped", "x", skipped="no data")))
    figs = {f.name: f for f in report_figures(report)}
    assert set(figs) == {"fig-s-category", "fig-chrf-before-after", "fig-t-throughput"}
    assert "(no precision)" in figs["fig-s-category"].svg
    widths = [float(r.get("width")) for r in ET.fromstring(figs["fig-t-throughput"].svg)
              .iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert widths[1] == pytest.approx(4 * widths[0], rel=0.01)
    assert report_figures(BenchReport(signature={}, suites=(), seconds=0.0)) == []


def test_labels_are_escaped() -> None:
    svg = bar_chart("a <b> & c", [], ("recall",), 1.0)
    assert ET.fromstring(svg).find(f"{SVG}title").text == "a <b> & c"
