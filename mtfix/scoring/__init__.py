"""Scoring: sacrebleu metrics and significance, span precision/recall, benchmark reports."""

from mtfix.scoring.metrics import (
    METRIC_KEYS,
    MetricScore,
    SentenceScore,
    corpus_score,
    corpus_scores,
    sentence_scores,
)
from mtfix.scoring.report import ScoreReport
from mtfix.scoring.score import score, score_files
from mtfix.scoring.significance import PairedReport, PairedResult, paired_test

__all__ = [
    "METRIC_KEYS",
    "MetricScore",
    "PairedReport",
    "PairedResult",
    "ScoreReport",
    "SentenceScore",
    "corpus_score",
    "corpus_scores",
    "paired_test",
    "score",
    "score_files",
    "sentence_scores",
]
