"""``ScoreReport``: what ``mtfix score`` computed, rendered as text, JSON or Markdown."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mtfix.scoring.metrics import MetricScore, SentenceScore
from mtfix.scoring.significance import PairedReport

FORMATS: tuple[str, ...] = ("text", "json", "markdown")


@dataclass(frozen=True)
class ScoreReport:
    """Scores of one hypothesis against its references, optionally against a baseline too."""

    hypothesis: str
    references: tuple[str, ...]
    n_segments: int
    corpus: tuple[MetricScore, ...]
    sentences: tuple[SentenceScore, ...] = ()
    baseline: str | None = None
    baseline_corpus: tuple[MetricScore, ...] = ()
    paired: PairedReport | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "hypothesis": self.hypothesis,
            "references": list(self.references),
            "n_segments": self.n_segments,
            "corpus": [s.to_dict() for s in self.corpus],
        }
        if self.baseline is not None:
            out["baseline"] = self.baseline
            out["baseline_corpus"] = [s.to_dict() for s in self.baseline_corpus]
        if self.paired is not None:
            out["paired"] = self.paired.to_dict()
        if self.sentences:
            out["sentences"] = [
                {"index": row.index, **{s.key: s.score for s in row.scores}}
                for row in self.sentences
            ]
            out["sentence_signatures"] = {s.key: s.signature for s in self.sentences[0].scores}
        return out

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            return render_json(self)
        if fmt == "markdown":
            return render_markdown(self)
        if fmt == "text":
            return render_text(self)
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def render_json(report: ScoreReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _p(p: float) -> str:
    return f"{p:.4f}"


def render_text(report: ScoreReport) -> str:
    lines = [f"{report.hypothesis}: {report.n_segments} segments, "
             f"{len(report.references)} reference(s)"]
    lines += [s.format(2) for s in report.corpus]
    if report.baseline is not None:
        lines.append(f"baseline {report.baseline}:")
        lines += [s.format(2) for s in report.baseline_corpus]
    if report.paired is not None:
        lines.append(f"{report.paired.description}:")
        for r in report.paired.results:
            extra = ""
            if r.mean is not None and r.ci is not None:
                extra = f" (μ = {r.mean:.2f} ± {r.ci:.2f})"
            lines.append(
                f"  {r.name}: baseline {r.baseline_score:.2f} -> {r.score:.2f}{extra} "
                f"delta {r.delta:+.2f} p = {_p(r.p_value)}  [{r.signature}]"
            )
    if report.sentences:
        keys = [s.name for s in report.sentences[0].scores]
        lines.append("segment\t" + "\t".join(keys))
        for row in report.sentences:
            lines.append(f"{row.index + 1}\t" + "\t".join(f"{s.score:.2f}" for s in row.scores))
    return "\n".join(lines) + "\n"


def render_markdown(report: ScoreReport) -> str:
    refs = ", ".join(f"`{r}`" for r in report.references)
    lines = [
        f"## Scores: `{report.hypothesis}`",
        "",
        f"{report.n_segments} segments; references: {refs}",
        "",
    ]
    has_base = report.baseline is not None
    header = "| metric | score |" + (" baseline | delta |" if has_base else "") + " signature |"
    lines += [header, "|---|---:|" + ("---:|---:|" if has_base else "") + "---|"]
    base = {s.key: s for s in report.baseline_corpus}
    for s in report.corpus:
        row = f"| {s.name} | {s.score:.2f} |"
        if has_base:
            b = base.get(s.key)
            row += f" {b.score:.2f} | {s.score - b.score:+.2f} |" if b else " | |"
        lines.append(row + f" `{s.signature}` |")
    if report.paired is not None:
        lines += ["", f"**{report.paired.description}**", "",
                  "| metric | baseline | system | delta | p-value |", "|---|---:|---:|---:|---:|"]
        for r in report.paired.results:
            lines.append(
                f"| {r.name} | {r.baseline_score:.2f} | {r.score:.2f} | {r.delta:+.2f} |"
                f" {_p(r.p_value)} |"
            )
    if report.sentences:
        names = [s.name for s in report.sentences[0].scores]
        lines += ["", "| segment | " + " | ".join(names) + " |",
                  "|---:|" + "---:|" * len(names)]
        for row in report.sentences:
            lines.append(
                f"| {row.index + 1} | " + " | ".join(f"{s.score:.2f}" for s in row.scores) + " |"
            )
    return "\n".join(lines) + "\n"
