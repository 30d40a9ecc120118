"""Score a hypothesis from Python: the same computation ``mtfix score`` runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtfix.errors import UserError
from mtfix.scoring.metrics import METRIC_KEYS, References, corpus_scores, sentence_scores
from mtfix.scoring.report import ScoreReport
from mtfix.scoring.significance import DEFAULT_SEED, paired_test
from mtfix.scoring.textio import check_same_length, read_lines


def score(
    hyps: Sequence[str],
    refs: References,
    *,
    baseline: Sequence[str] | None = None,
    metrics: Sequence[str] = METRIC_KEYS,
    sentence: bool = False,
    paired: str | None = None,
    n_samples: int | None = None,
    seed: int = DEFAULT_SEED,
    names: tuple[str, tuple[str, ...], str | None] = ("hypothesis", (), None),
) -> ScoreReport:
    """Score ``hyps`` against reference streams; with ``baseline`` and ``paired`` ("bs"/"ar")
    also run a paired significance test. ``names`` labels hypothesis, references and baseline."""
    hyp_name, ref_names, base_name = names
    if not ref_names:
        ref_names = tuple(f"reference {k + 1}" for k in range(len(refs)))
    if baseline is not None and base_name is None:
        base_name = "baseline"
    corpus = corpus_scores(hyps, refs, metrics)
    base_corpus = corpus_scores(baseline, refs, metrics) if baseline is not None else ()
    report_paired = None
    if paired is not None:
        if baseline is None:
            raise UserError("a paired test needs --baseline")
        report_paired = paired_test(baseline, hyps, refs, metrics, paired, n_samples, seed)
    return ScoreReport(
        hypothesis=hyp_name,
        references=ref_names,
        n_segments=len(hyps),
        corpus=corpus,
        sentences=sentence_scores(hyps, refs, metrics) if sentence else (),
        baseline=base_name,
        baseline_corpus=base_corpus,
        paired=report_paired,
    )


def score_files(
    hyp: str | Path,
    refs: Sequence[str | Path],
    *,
    baseline: str | Path | None = None,
    **kwargs: object,
) -> ScoreReport:
    """Read files as the sacrebleu CLI does (UTF-8, trailing whitespace stripped) and score them."""
    hyps = read_lines(hyp)
    if not hyps:
        raise UserError(f"{hyp}: empty file, nothing to score")
    ref_streams = [read_lines(r) for r in refs]
    named = {str(r): s for r, s in zip(refs, ref_streams, strict=True)}
    base = read_lines(baseline) if baseline is not None else None
    if base is not None:
        named[str(baseline)] = base
    check_same_length(str(hyp), hyps, named)
    return score(
        hyps,
        ref_streams,
        baseline=base,
        names=(str(hyp), tuple(str(r) for r in refs), None if baseline is None else str(baseline)),
        **kwargs,  # type: ignore[arg-type]
    )
