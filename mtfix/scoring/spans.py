"""Detected spans against gold spans: precision, recall and F1, overall, per category and per
severity, with exact or overlap matching; MQM-weighted penalties per segment.

Works on plain ``LabeledSpan`` values so it depends on nothing but the standard library; see
``from_issues`` for the adapter from ``mtfix.document.Issue``.

Matching is "any": a detected span counts toward precision when it matches at least one gold span,
and a gold span toward recall when at least one detected span matches it. ``exact`` matching needs
equal offsets; ``overlap`` needs the two ranges to share a character (an empty span, such as a
marked omission point, overlaps a range that contains or borders its position).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtfix.document import Document, Issue

#: MQM weights as in WMT MQM and xCOMET.
MQM_WEIGHTS: dict[str, float] = {"minor": 1.0, "major": 5.0, "critical": 10.0}
MATCH_MODES: tuple[str, ...] = ("exact", "overlap")


@dataclass(frozen=True)
class LabeledSpan:
    """One error span: ``key`` names the document or segment its offsets index."""

    key: str
    start: int
    end: int
    category: str
    severity: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")
        object.__setattr__(self, "severity", normalise_severity(self.severity))

    def overlaps(self, other: LabeledSpan) -> bool:
        if self.key != other.key:
            return False
        if self.start == self.end or other.start == other.end:
            return self.start <= other.end and other.start <= self.end
        return self.start < other.end and other.start < self.end

    def same_range(self, other: LabeledSpan) -> bool:
        return self.key == other.key and self.start == other.start and self.end == other.end


def normalise_severity(value: object) -> str:
    """``Major``, ``MAJOR``, ``Severity.MAJOR`` -> ``major``."""
    label = getattr(value, "label", value)
    return str(label).strip().lower()


@dataclass(frozen=True)
class PRF:
    """Counts behind precision/recall/F1. ``None`` where a ratio has no denominator."""

    n_detected: int
    detected_matched: int
    n_gold: int
    gold_matched: int

    @property
    def precision(self) -> float | None:
        return self.detected_matched / self.n_detected if self.n_detected else None

    @property
    def recall(self) -> float | None:
        return self.gold_matched / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_detected": self.n_detected,
            "detected_matched": self.detected_matched,
            "n_gold": self.n_gold,
            "gold_matched": self.gold_matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class SpanScores:
    """Span detection quality under one matching mode."""

    mode: str
    overall: PRF
    by_category: tuple[tuple[str, PRF], ...]
    by_severity: tuple[tuple[str, PRF], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "overall": self.overall.to_dict(),
            "by_category": {c: p.to_dict() for c, p in self.by_category},
            "by_severity": {s: p.to_dict() for s, p in self.by_severity},
        }


def _matcher(mode: str, same_category: bool) -> Callable[[LabeledSpan, LabeledSpan], bool]:
    if mode not in MATCH_MODES:
        raise ValueError(f"unknown match mode {mode!r} (expected exact or overlap)")
    base = LabeledSpan.same_range if mode == "exact" else LabeledSpan.overlaps
    if not same_category:
        return base
    return lambda a, b: base(a, b) and a.category == b.category


def match_flags(
    detected: Sequence[LabeledSpan],
    gold: Sequence[LabeledSpan],
    mode: str = "overlap",
    same_category: bool = False,
) -> tuple[list[bool], list[bool]]:
    """For each detected span, whether it matches a gold span; and the same for gold spans."""
    match = _matcher(mode, same_category)
    gold_by_key: dict[str, list[int]] = defaultdict(list)
    for j, g in enumerate(gold):
        gold_by_key[g.key].append(j)
    det_ok = [False] * len(detected)
    gold_ok = [False] * len(gold)
    for i, d in enumerate(detected):
        for j in gold_by_key.get(d.key, ()):
            if match(d, gold[j]):
                det_ok[i] = True
                gold_ok[j] = True
    return det_ok, gold_ok


def score_spans(
    detected: Iterable[LabeledSpan],
    gold: Iterable[LabeledSpan],
    mode: str = "overlap",
    same_category: bool = False,
    category_map: Callable[[str], str] | None = None,
) -> SpanScores:
    """Precision/recall/F1 of ``detected`` against ``gold``.

    Per category (and per severity), precision counts the detected spans labelled with it and
    recall the gold spans labelled with it; both sides are matched against all spans of the other
    side, so a detector with its own taxonomy still gets a per-category precision.
    ``category_map`` maps detected categories into the gold taxonomy first (also used by
    ``same_category`` matching).
    """
    det = list(detected)
    if category_map is not None:
        det = [
            LabeledSpan(d.key, d.start, d.end, category_map(d.category), d.severity) for d in det
        ]
    gld = list(gold)
    det_ok, gold_ok = match_flags(det, gld, mode, same_category)

    def breakdown(label: Callable[[LabeledSpan], str]) -> tuple[tuple[str, PRF], ...]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for d, ok in zip(det, det_ok, strict=True):
            c = counts[label(d)]
            c[0] += 1
            c[1] += ok
        for g, ok in zip(gld, gold_ok, strict=True):
            c = counts[label(g)]
            c[2] += 1
            c[3] += ok
        return tuple((k, PRF(*counts[k])) for k in sorted(counts))

    overall = PRF(len(det), sum(det_ok), len(gld), sum(gold_ok))
    return SpanScores(
        mode=mode,
        overall=overall,
        by_category=breakdown(lambda s: s.category),
        by_severity=breakdown(lambda s: s.severity),
    )


# --- MQM penalties and correlation with human scores -------------------------------------------


def mqm_penalty(spans: Iterable[LabeledSpan], weights: Mapping[str, float] = MQM_WEIGHTS) -> float:
    """Sum of MQM weights (minor 1, major 5, critical 10) of the spans."""
    total = 0.0
    for s in spans:
        if s.severity not in weights:
            raise ValueError(f"no MQM weight for severity {s.severity!r}")
        total += weights[s.severity]
    return total


def mqm_penalties(
    spans: Iterable[LabeledSpan],
    keys: Iterable[str],
    weights: Mapping[str, float] = MQM_WEIGHTS,
) -> dict[str, float]:
    """Penalty per key; every key in ``keys`` is present (0 for a segment without spans)."""
    by_key: dict[str, list[LabeledSpan]] = defaultdict(list)
    for s in spans:
        by_key[s.key].append(s)
    return {k: mqm_penalty(by_key.get(k, ()), weights) for k in keys}


@dataclass(frozen=True)
class Correlation:
    n: int
    pearson: float | None
    kendall_tau_b: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "pearson": self.pearson, "kendall_tau_b": self.kendall_tau_b}


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r; ``None`` when either side is constant or there are fewer than 2 points."""
    import numpy as np

    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 2:
        return None
    a, b = a - a.mean(), b - b.mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return None if den == 0 else float((a * b).sum() / den)


def kendall_tau_b(x: Sequence[float], y: Sequence[float], chunk: int = 256) -> float | None:
    """Kendall's tau-b (ties handled as in scipy.stats.kendalltau); O(n^2) in numpy chunks."""
    import numpy as np

    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(a)
    if n < 2:
        return None
    concordant_minus_discordant = 0
    ties_x_only = ties_y_only = both_untied = 0
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        dx = np.sign(a[lo:hi, None] - a[None, :])
        dy = np.sign(b[lo:hi, None] - b[None, :])
        # count each unordered pair once: keep j > i
        mask = np.arange(lo, hi)[:, None] < np.arange(n)[None, :]
        dx, dy = dx[mask], dy[mask]
        concordant_minus_discordant += int((dx * dy).sum())
        both_untied += int(((dx != 0) & (dy != 0)).sum())
        ties_x_only += int(((dx == 0) & (dy != 0)).sum())
        ties_y_only += int(((dx != 0) & (dy == 0)).sum())
    n_x = both_untied + ties_y_only  # pairs not tied in x
    n_y = both_untied + ties_x_only  # pairs not tied in y
    if n_x == 0 or n_y == 0:
        return None
    return concordant_minus_discordant / float(np.sqrt(float(n_x) * float(n_y)))


def correlate(
    penalties: Mapping[str, float], human: Mapping[str, float], negate: bool = True
) -> Correlation:
    """Correlate penalties with human segment scores on the keys both have.

    Human MQM scores are 0 (best) or negative, so by default the penalty is negated first and a
    positive correlation means agreement.
    """
    keys = [k for k in penalties if k in human]
    x = [(-penalties[k] if negate else penalties[k]) for k in keys]
    y = [human[k] for k in keys]
    return Correlation(n=len(keys), pearson=pearson(x, y), kendall_tau_b=kendall_tau_b(x, y))


# --- adapters ----------------------------------------------------------------------------------


def from_issues(
    issues: Iterable[Issue], doc: Document, key: str | None = None
) -> list[LabeledSpan]:
    """Issues as spans. Plain-text documents use document offsets (``Issue.to_dict(doc)``'s
    ``doc_start``/``doc_end``) under ``key`` (default: the document path); other documents use
    segment offsets under ``segment_key(key, index)``."""
    name = doc.path if key is None else key
    out: list[LabeledSpan] = []
    for issue in issues:
        d = issue.to_dict(doc)
        if "doc_start" in d:
            out.append(LabeledSpan(name, d["doc_start"], d["doc_end"], issue.category,
                                   d["severity"]))
        else:
            out.append(LabeledSpan(segment_key(name, issue.segment), issue.start, issue.end,
                                   issue.category, d["severity"]))
    return out


def segment_key(doc_key: str, index: int | str) -> str:
    return f"{doc_key}#{index}"


def load_gold_jsonl(path: str | Path, key: str | None = None) -> list[LabeledSpan]:
    """Gold spans in the seed format: one JSON object per line with start, end, category,
    severity (offsets into the whole document)."""
    p = Path(path)
    name = str(p) if key is None else key
    spans = []
    for line in p.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            spans.append(
                LabeledSpan(name, int(obj["start"]), int(obj["end"]), str(obj["category"]),
                            str(obj["severity"]))
            )
    return spans
