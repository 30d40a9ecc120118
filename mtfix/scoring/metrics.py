"""BLEU, chrF, chrF++ and TER through sacrebleu's own metric classes, with their signatures.

Every number here is computed by sacrebleu with the settings its CLI uses by default, so a score
and its signature string equal what ``sacrebleu REF -i HYP -m ...`` prints for the same lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from mtfix.errors import UserError

#: Metric keys accepted by ``--metrics``, in report order.
METRIC_KEYS: tuple[str, ...] = ("bleu", "chrf", "chrf++", "ter")

#: Metrics where a higher score is better (TER is an error rate: lower is better).
HIGHER_IS_BETTER: dict[str, bool] = {"bleu": True, "chrf": True, "chrf++": True, "ter": False}

References = Sequence[Sequence[str]]
"""Reference streams as sacrebleu takes them: ``refs[k][i]`` is reference k of segment i."""


@dataclass(frozen=True)
class MetricScore:
    """One metric's score with the sacrebleu signature that makes it reproducible."""

    key: str
    name: str
    score: float
    signature: str
    short_signature: str
    verbose: str = ""

    def format(self, width: int = 2) -> str:
        """The line sacrebleu's text output prints: ``NAME|signature = score verbose``."""
        line = f"{self.name}|{self.signature} = {self.score:.{width}f}"
        return f"{line} {self.verbose}" if self.verbose else line

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "score": self.score,
            "signature": self.signature,
            "verbose": self.verbose,
        }


@dataclass(frozen=True)
class SentenceScore:
    """The scores of one segment (sentence-level sacrebleu, as ``--sentence-level`` computes)."""

    index: int
    scores: tuple[MetricScore, ...]

    def get(self, key: str) -> MetricScore:
        for s in self.scores:
            if s.key == key:
                return s
        raise KeyError(key)


def parse_metric_keys(spec: str | Iterable[str]) -> tuple[str, ...]:
    """Parse ``"bleu,chrf++"`` (or a list) into known metric keys, keeping order, no repeats."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    keys: list[str] = []
    for raw in items:
        key = raw.strip().lower()
        if not key:
            continue
        if key not in METRIC_KEYS:
            choices = ", ".join(METRIC_KEYS)
            raise UserError(f"unknown metric {raw.strip()!r} (choose from {choices})")
        if key not in keys:
            keys.append(key)
    if not keys:
        raise UserError("no metric given")
    return tuple(keys)


def build_metric(key: str, references: References | None = None, sentence: bool = False) -> Metric:
    """A sacrebleu metric object with the CLI's default settings.

    ``sentence=True`` turns on BLEU's effective order, as ``sacrebleu --sentence-level`` does.
    Passing ``references`` caches their statistics (needed by the paired tests).
    """
    refs = [list(r) for r in references] if references is not None else None
    if key == "bleu":
        return BLEU(effective_order=sentence, references=refs)
    if key == "chrf":
        return CHRF(references=refs)
    if key == "chrf++":
        return CHRF(word_order=2, references=refs)
    if key == "ter":
        return TER(references=refs)
    raise UserError(f"unknown metric {key!r} (choose from {', '.join(METRIC_KEYS)})")


def _to_metric_score(key: str, metric: Metric, score: object) -> MetricScore:
    sig = metric.get_signature()
    return MetricScore(
        key=key,
        name=score.name,  # type: ignore[attr-defined]
        score=float(score.score),  # type: ignore[attr-defined]
        signature=sig.format(short=False),
        short_signature=sig.format(short=True),
        verbose=getattr(score, "_verbose", ""),
    )


def _check_refs(hyps: Sequence[str], refs: References) -> list[list[str]]:
    if not refs:
        raise UserError("at least one reference is needed")
    streams = [list(r) for r in refs]
    for k, stream in enumerate(streams):
        if len(stream) != len(hyps):
            raise UserError(
                f"reference {k + 1} has {len(stream)} segments but the hypothesis has {len(hyps)}"
            )
    return streams


def corpus_scores(
    hyps: Sequence[str], refs: References, metrics: Sequence[str] = METRIC_KEYS
) -> tuple[MetricScore, ...]:
    """Corpus-level scores of ``hyps`` against one or more reference streams."""
    streams = _check_refs(hyps, refs)
    out: list[MetricScore] = []
    for key in metrics:
        metric = build_metric(key)
        score = metric.corpus_score(list(hyps), streams)
        out.append(_to_metric_score(key, metric, score))
    return tuple(out)


def corpus_score(hyps: Sequence[str], refs: References, metric: str) -> MetricScore:
    """One corpus-level score (convenience for callers that need a single number)."""
    return corpus_scores(hyps, refs, (metric,))[0]


def sentence_scores(
    hyps: Sequence[str], refs: References, metrics: Sequence[str] = METRIC_KEYS
) -> tuple[SentenceScore, ...]:
    """Per-segment scores, computed as ``sacrebleu --sentence-level`` does for each metric."""
    streams = _check_refs(hyps, refs)
    built = [(key, build_metric(key, sentence=True)) for key in metrics]
    rows: list[SentenceScore] = []
    for i, hyp in enumerate(hyps):
        seg_refs = [s[i] for s in streams]
        rows.append(
            SentenceScore(
                index=i,
                scores=tuple(
                    _to_metric_score(key, m, m.sentence_score(hyp, seg_refs)) for key, m in built
                ),
            )
        )
    return tuple(rows)
