"""Training data for the corrector: real post-edits, synthetic corruptions and copies.

``build_dataset(data_dir, DataSettings(seed=...))`` reads ``ape/*.train.tsv`` (MT -> post-edit,
Moses-detokenised) and the English side of ``psen_wiki``, and returns shuffled training and tuning
examples. Everything is deterministic given the seed. ``wmt21_xen`` and ``ape/*.dev.tsv`` are
never read here: they are the benchmarks.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mtfix.model.corrupt import corrupt
from mtfix.synthetic.split import split_sentence, truncate_left

APE_PAIRS: tuple[str, ...] = ("et", "ne", "ro", "si", "ru")


@dataclass(frozen=True)
class Example:
    """One training pair: model input, expected output, and where it came from."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class ApeRow:
    """One APE triplet, detokenised."""

    pair: str
    seg_id: str
    src: str
    mt: str
    pe: str
    hter: float


@dataclass(frozen=True)
class DataSettings:
    """What goes into the training set. Defaults are the shipped model's."""

    seed: int = 13
    max_words: int = 40
    #: Real post-edits kept only up to this HTER (minimal edits); per pair overrides below.
    max_hter: float = 0.4
    pair_max_hter: dict[str, float] = field(
        default_factory=lambda: {"ne": 0.25, "si": 0.25}, hash=False, compare=False
    )
    #: Rows at the end of each train file held out for tuning thresholds.
    tune_rows: int = 200
    #: Share of unchanged APE MT (mt == pe) and of clean sentences used as copy examples.
    copy_share: float = 0.15
    split_share: float = 0.6
    #: Upper bound on examples from the clean-English pool (None: all).
    max_clean: int | None = None
    #: Upper bound on all training examples (None: all). Useful for tiny test runs.
    limit: int | None = None


@lru_cache(maxsize=1)
def _detokenizer() -> object:
    from sacremoses import MosesDetokenizer

    return MosesDetokenizer(lang="en")


def detokenize(text: str) -> str:
    """Moses-detokenise one tokenised English sentence."""
    return _detokenizer().detokenize(text.split())  # type: ignore[attr-defined]


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Read a never-quoted TSV file (the shared data's format)."""
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def read_ape(path: Path, detok: bool = True) -> list[ApeRow]:
    pair = path.name.split("-")[0]
    out = []
    for r in read_tsv(path):
        mt, pe = (detokenize(r["mt"]), detokenize(r["pe"])) if detok else (r["mt"], r["pe"])
        out.append(ApeRow(pair, r["seg_id"], r["src"], mt, pe, float(r["hter"])))
    return out


def clean_sentences(data_dir: Path, ape_rows: list[ApeRow], max_words: int) -> list[str]:
    """Clean English: post-edits of the APE train sets and the psen_wiki English side."""
    seen: set[str] = set()
    out: list[str] = []
    pool = [r.pe for r in ape_rows]
    for name in ("dev.tsv", "devtest.tsv"):
        p = data_dir / "psen_wiki" / name
        if p.exists():
            pool.extend(r["en"].strip() for r in read_tsv(p))
    for s in pool:
        n = len(s.split())
        if 5 <= n <= max_words and s not in seen and s[:1].isupper():
            seen.add(s)
            out.append(s)
    return out


def _ape_examples(rows: list[ApeRow], settings: DataSettings, rng: random.Random) -> list[Example]:
    out = []
    for r in rows:
        if len(r.mt.split()) > settings.max_words or len(r.pe.split()) > settings.max_words:
            continue
        if r.mt == r.pe:
            if rng.random() < 0.6:
                out.append(Example(r.mt, r.mt, f"ape-copy-{r.pair}"))
            continue
        if r.hter <= settings.pair_max_hter.get(r.pair, settings.max_hter):
            out.append(Example(r.mt, r.pe, f"ape-{r.pair}"))
    return out


def _clean_examples(
    sentences: list[str], settings: DataSettings, rng: random.Random
) -> list[Example]:
    out = []
    for s in sentences:
        roll = rng.random()
        if roll < settings.copy_share:
            out.append(Example(s, s, "copy"))
            continue
        if roll < settings.copy_share + settings.split_share:
            ex = split_sentence(s, rng)
            if ex is not None:
                if rng.random() < 0.5:
                    ex = truncate_left(ex, rng)
                out.append(Example(ex.corrupted, ex.clean, ex.kind))
                if ex.kind == "split-inf-object":  # the seed's pattern: twice, as a window too
                    again = split_sentence(s, rng)
                    if again is not None:
                        again = truncate_left(again, rng)
                        out.append(Example(again.corrupted, again.clean, again.kind))
                continue
            if rng.random() < 0.6:
                out.append(Example(s, s, "copy"))
                continue
        made = corrupt(s, rng)
        if made is not None:
            out.append(Example(made[1], s, made[0]))
    return out


def build_dataset(
    data_dir: Path, settings: DataSettings | None = None
) -> tuple[list[Example], list[Example]]:
    """Return (train, tune) examples. Tune holds the last ``tune_rows`` of each APE train file."""
    settings = settings or DataSettings()
    rng = random.Random(settings.seed)
    train_rows: list[ApeRow] = []
    tune_rows: list[ApeRow] = []
    for pair in APE_PAIRS:
        path = data_dir / "ape" / f"{pair}-en.train.tsv"
        if not path.exists():
            continue
        rows = read_ape(path)
        dev_path = data_dir / "ape" / f"{pair}-en.dev.tsv"
        dev_src = {r["src"] for r in read_tsv(dev_path)} if dev_path.exists() else set()
        rows = [r for r in rows if r.src not in dev_src]
        cut = max(0, len(rows) - settings.tune_rows)
        train_rows.extend(rows[:cut])
        tune_rows.extend(rows[cut:])
    examples = _ape_examples(train_rows, settings, rng)
    clean = clean_sentences(data_dir, train_rows, settings.max_words)
    rng.shuffle(clean)
    if settings.max_clean is not None:
        clean = clean[: settings.max_clean]
    examples.extend(_clean_examples(clean, settings, rng))
    rng.shuffle(examples)
    if settings.limit is not None:
        examples = examples[: settings.limit]
    tune = [Example(r.mt, r.pe, f"tune-{r.pair}") for r in tune_rows]
    return examples, tune


def describe(examples: list[Example]) -> dict[str, int]:
    """Count examples per kind (pair suffixes folded), for the model card."""
    counts: Counter[str] = Counter()
    for e in examples:
        kind = e.kind
        for pair in APE_PAIRS:
            kind = kind.removesuffix(f"-{pair}")
        counts[kind] += 1
    return dict(sorted(counts.items()))
