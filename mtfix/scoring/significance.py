"""Paired significance tests through sacrebleu's own implementation.

``paired_test`` drives ``sacrebleu.significance.PairedTest`` exactly as the sacrebleu CLI does for
``--paired-bs`` / ``--paired-ar`` (metrics built with cached references, one worker), so with the
same seed and sample count the p-values are identical to
``SACREBLEU_SEED=SEED sacrebleu REF -i BASE HYP --paired-bs --paired-bs-n N``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sacrebleu.significance import PairedTest

from mtfix.errors import UserError
from mtfix.scoring.metrics import METRIC_KEYS, References, build_metric

#: sacrebleu's defaults: 1000 bootstrap resamples, 10000 randomization trials, seed 12345.
DEFAULT_SAMPLES: dict[str, int] = {"bs": 1000, "ar": 10000}
DEFAULT_SEED = 12345
TEST_NAMES: dict[str, str] = {
    "bs": "paired bootstrap resampling",
    "ar": "paired approximate randomization",
}


@dataclass(frozen=True)
class PairedResult:
    """One metric's comparison of a system against the baseline."""

    key: str
    name: str
    baseline_score: float
    score: float
    p_value: float
    signature: str
    mean: float | None = None
    ci: float | None = None
    baseline_mean: float | None = None
    baseline_ci: float | None = None

    @property
    def delta(self) -> float:
        return self.score - self.baseline_score

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "baseline_score": self.baseline_score,
            "score": self.score,
            "delta": self.delta,
            "p_value": self.p_value,
            "mean": self.mean,
            "ci": self.ci,
            "baseline_mean": self.baseline_mean,
            "baseline_ci": self.baseline_ci,
            "signature": self.signature,
        }


@dataclass(frozen=True)
class PairedReport:
    """The outcome of one paired test: which test, its settings and a result per metric."""

    test: str
    n_samples: int
    seed: int
    results: tuple[PairedResult, ...]

    @property
    def description(self) -> str:
        unit = "resamples" if self.test == "bs" else "trials"
        return f"{TEST_NAMES[self.test]}, {self.n_samples} {unit}, seed {self.seed}"

    def to_dict(self) -> dict[str, object]:
        return {
            "test": self.test,
            "n_samples": self.n_samples,
            "seed": self.seed,
            "results": [r.to_dict() for r in self.results],
        }


@contextmanager
def _sacrebleu_seed(seed: int) -> Iterator[None]:
    """sacrebleu reads its RNG seed from ``SACREBLEU_SEED``; set it for the test, then restore."""
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SACREBLEU_SEED"]
        else:
            os.environ["SACREBLEU_SEED"] = old


def paired_test(
    baseline: Sequence[str],
    system: Sequence[str],
    refs: References,
    metrics: Sequence[str] = METRIC_KEYS,
    test: str = "bs",
    n_samples: int | None = None,
    seed: int = DEFAULT_SEED,
) -> PairedReport:
    """Compare ``system`` with ``baseline`` on the same references with a paired test.

    ``test`` is ``"bs"`` (paired bootstrap resampling) or ``"ar"`` (approximate randomization).
    ``seed`` must be positive: sacrebleu treats a seed of 0 as "do not fix the seed".
    """
    if test not in DEFAULT_SAMPLES:
        raise UserError(f"unknown paired test {test!r} (expected 'bs' or 'ar')")
    if seed < 1:
        raise UserError("--seed must be a positive integer (sacrebleu reads 0 as 'unseeded')")
    n = DEFAULT_SAMPLES[test] if n_samples is None else n_samples
    if n < 1:
        raise UserError("--n-samples must be a positive integer")
    if len(baseline) != len(system):
        raise UserError(
            f"the baseline has {len(baseline)} segments but the hypothesis has {len(system)}"
        )
    streams = [list(r) for r in refs]
    if not streams or any(len(s) != len(system) for s in streams):
        raise UserError("every reference must have as many segments as the hypothesis")
    built = {key: build_metric(key, references=streams) for key in metrics}
    with _sacrebleu_seed(seed):
        runner = PairedTest(
            [("baseline", list(baseline)), ("system", list(system))],
            built,
            references=None,
            test_type=test,
            n_samples=n,
            n_jobs=1,
        )
        signatures, scores = runner()
    results: list[PairedResult] = []
    for key, name in zip(metrics, runner.metrics, strict=True):
        bl, sysres = scores[name][0], scores[name][1]
        results.append(
            PairedResult(
                key=key,
                name=name,
                baseline_score=float(bl.score),
                score=float(sysres.score),
                p_value=float(sysres.p_value),
                signature=signatures[name].format(short=False),
                mean=_opt_float(sysres.mean),
                ci=_opt_float(sysres.ci),
                baseline_mean=_opt_float(bl.mean),
                baseline_ci=_opt_float(bl.ci),
            )
        )
    return PairedReport(test=test, n_samples=runner.n_samples, seed=seed, results=tuple(results))


def _opt_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
