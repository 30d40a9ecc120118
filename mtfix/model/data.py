"""Training data for the corrector: real post-edits, synthetic corruptions and copies.

``build_dataset(data_dir, DataSettings(seed=...))`` reads ``ape/*.train.tsv`` (MT -> post-edit,
Moses-detokenised) and the English side of ``psen_wiki/devtest.tsv``, and returns shuffled training
and tuning examples. Everything is deterministic given the seed.

Held out, by a fixed rule (``benchmark_sentences``): every sentence of a benchmark never enters
training. ``psen_wiki/dev.tsv`` is the synthetic suite's clean text, so only ``devtest.tsv`` is
trained on; ``ape/*.dev.tsv``, ``wmt21_xen``, ``mqm_ted_zhen`` and ``realmt_dev`` are benchmarks,
and a clean sentence that also occurs in any of them is dropped. No pattern is duplicated or
preferred: each clean sentence gives at most one example.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mtfix.model.corrupt import corrupt
from mtfix.synthetic.split import split_sentence, truncate_left

APE_PAIRS: tuple[str, ...] = ("et", "ne", "ro", "si", "ru")
#: The FLoRes Pashto-English file trained on; the other one (``dev.tsv``) is benchmark text.
PSEN_TRAIN = "devtest.tsv"


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
    """What goes into the training set. Defaults are ``mtfix train``'s (the shipped model was
    trained with the same numbers on the older, seed-fitted mix: see its model card)."""

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


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def benchmark_sentences(data_dir: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    """(normalised sentences, whole document texts) of every benchmark under ``data_dir``:
    a training sentence equal to one of the first or contained in one of the second is dropped."""
    sents: set[str] = set()
    psen_dev = data_dir / "psen_wiki" / "dev.tsv"
    if psen_dev.exists():
        sents.update(_norm(r["en"]) for r in read_tsv(psen_dev))
    for path in sorted((data_dir / "ape").glob("*.dev.tsv")):
        for r in read_tsv(path):
            sents.update((_norm(detokenize(r["pe"])), _norm(detokenize(r["mt"]))))
    for path in sorted((data_dir / "wmt21_xen").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            sents.update(_norm(t) for t in row.get("references", {}).values())
            sents.update(_norm(t) for t in row.get("hypotheses", {}).values())
    mqm = data_dir / "mqm_ted_zhen" / "targets.tsv"
    if mqm.exists():
        sents.update(_norm(r["target"]) for r in read_tsv(mqm))
    docs: list[str] = []
    realmt = data_dir / "realmt_dev" / "docs.jsonl"
    if realmt.exists():
        docs = [_norm(json.loads(line)["text"])
                for line in realmt.read_text(encoding="utf-8").splitlines() if line.strip()]
    return frozenset(sents), tuple(docs)


def in_benchmark(text: str, held: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    """Whether ``text`` is a benchmark sentence (``benchmark_sentences``'s result)."""
    key = _norm(text)
    return key in held[0] or any(key in d for d in held[1])


def clean_sentences(
    data_dir: Path, ape_rows: list[ApeRow], max_words: int,
    held: tuple[frozenset[str], tuple[str, ...]] | None = None,
) -> list[str]:
    """Clean English: post-edits of the APE train sets and ``psen_wiki/devtest.tsv`` English,
    minus every benchmark sentence (``benchmark_sentences``)."""
    held = held if held is not None else benchmark_sentences(data_dir)
    seen: set[str] = set()
    out: list[str] = []
    pool = [r.pe for r in ape_rows]
    p = data_dir / "psen_wiki" / PSEN_TRAIN
    if p.exists():
        pool.extend(r["en"].strip() for r in read_tsv(p))
    for s in pool:
        n = len(s.split())
        if not (5 <= n <= max_words and s not in seen and s[:1].isupper()):
            continue
        if in_benchmark(s, held):
            continue
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
            ex = split_sentence(s, rng, realistic=True)
            if ex is not None:
                if rng.random() < 0.5:
                    ex = truncate_left(ex, rng)
                out.append(Example(ex.corrupted, ex.clean, ex.kind))
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
    held = benchmark_sentences(data_dir)
    train_rows = [r for r in train_rows if not (in_benchmark(r.mt, held)
                                                or in_benchmark(r.pe, held))]
    examples = _ape_examples(train_rows, settings, rng)
    clean = clean_sentences(data_dir, train_rows, settings.max_words, held)
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
