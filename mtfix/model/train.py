"""Train the corrector: a small T5 from scratch (tokenizer included) or a fine-tuned checkpoint.

``train_model(TrainSettings(...))`` builds the data (``mtfix.model.data``), trains with AdamW and
a linear schedule on length-bucketed batches, saves a ``save_pretrained`` directory (safetensors,
fp16 weights) with a model card, and returns a ``TrainReport``. Reproducible from the seed on
the same machine and thread count. Progress goes to stderr.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mtfix.model.data import DataSettings, Example, build_dataset, describe

#: Model shapes. "mini" is the default (and the shipped model's); "tiny" is for tests.
SIZES: dict[str, dict[str, int]] = {
    "tiny": {"d_model": 32, "d_ff": 64, "num_layers": 1, "num_heads": 2, "d_kv": 16, "vocab": 400},
    "small": {
        "d_model": 256,
        "d_ff": 1024,
        "num_layers": 4,
        "num_heads": 4,
        "d_kv": 64,
        "vocab": 8000,
    },
    "mini": {
        "d_model": 256,
        "d_ff": 1024,
        "num_layers": 3,
        "num_heads": 4,
        "d_kv": 64,
        "vocab": 6000,
    },
    "base": {
        "d_model": 384,
        "d_ff": 1536,
        "num_layers": 6,
        "num_heads": 6,
        "d_kv": 64,
        "vocab": 8000,
    },
}


@dataclass(frozen=True)
class TrainSettings:
    data_dir: Path
    out_dir: Path
    steps: int = 2000
    seed: int = 13
    size: str = "mini"
    arch: str = "marian"
    #: Short from-scratch runs see each example about once: dropout only slows them down.
    dropout: float = 0.0
    init: Path | None = None
    batch_size: int = 16
    lr: float = 1e-3
    warmup: int = 100
    max_tokens: int = 96
    threads: int | None = None
    #: "cpu" or "cuda" (``mtfix train --device``); batches and weights live there.
    device: str = "cpu"
    save_every: int = 250
    #: Stop early (saving) after this many minutes; None: run all steps.
    max_minutes: float | None = None
    eval_rows: int = 200
    #: Held-out APE rows per pair used to calibrate the gating thresholds (0: skip).
    calibrate_rows: int = 100
    data: DataSettings = field(default_factory=DataSettings)


@dataclass(frozen=True)
class TrainReport:
    steps: int
    examples: int
    wall_s: float
    final_loss: float
    data_counts: dict[str, int]
    tune: dict[str, float]
    params: int
    size_bytes: int


def _log(msg: str, stream: TextIO | None = None) -> None:
    print(msg, file=stream or sys.stderr, flush=True)


def _batches(
    encoded: list[tuple[list[int], list[int]]], batch_size: int, rng: random.Random
) -> list[list[int]]:
    """Indices grouped by similar length: shuffle, sort within chunks, cut, shuffle batches."""
    order = list(range(len(encoded)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i : i + chunk], key=lambda j: len(encoded[j][0]))
        batches.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def _collate(items: list[tuple[list[int], list[int]]], pad: int) -> dict[str, Any]:
    import torch

    n_in = max(len(a) for a, _ in items)
    n_out = max(len(b) for _, b in items)
    ids = torch.full((len(items), n_in), pad, dtype=torch.long)
    mask = torch.zeros((len(items), n_in), dtype=torch.long)
    labels = torch.full((len(items), n_out), -100, dtype=torch.long)
    for i, (a, b) in enumerate(items):
        ids[i, : len(a)] = torch.tensor(a)
        mask[i, : len(a)] = 1
        labels[i, : len(b)] = torch.tensor(b)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def _new_model(tokenizer: Any, size: str, arch: str = "marian", dropout: float = 0.0) -> Any:
    """A fresh model. "marian": sinusoidal positions shared by encoder and decoder, which makes
    copy-with-edits (most of this task) quick to learn; "t5": relative position buckets."""
    shape = SIZES[size]
    if arch == "marian":
        from transformers import MarianConfig, MarianMTModel

        mconfig = MarianConfig(
            vocab_size=len(tokenizer),
            decoder_vocab_size=len(tokenizer),
            d_model=shape["d_model"],
            encoder_layers=shape["num_layers"],
            decoder_layers=shape["num_layers"],
            encoder_attention_heads=shape["num_heads"],
            decoder_attention_heads=shape["num_heads"],
            encoder_ffn_dim=shape["d_ff"],
            decoder_ffn_dim=shape["d_ff"],
            max_position_embeddings=256,
            dropout=dropout,
            attention_dropout=0.0,
            activation_function="relu",
            scale_embedding=True,
            share_encoder_decoder_embeddings=True,
            tie_word_embeddings=True,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
            decoder_start_token_id=tokenizer.pad_token_id,
            forced_eos_token_id=tokenizer.eos_token_id,
        )
        return MarianMTModel(mconfig)
    from transformers import T5Config, T5ForConditionalGeneration

    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=shape["d_model"],
        d_kv=shape["d_kv"],
        d_ff=shape["d_ff"],
        num_layers=shape["num_layers"],
        num_decoder_layers=shape["num_layers"],
        num_heads=shape["num_heads"],
        relative_attention_num_buckets=32,
        relative_attention_max_distance=128,
        dropout_rate=dropout,
        feed_forward_proj="relu",
        tie_word_embeddings=True,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    return T5ForConditionalGeneration(config)


def _save(model: Any, tokenizer: Any, out: Path) -> None:
    import copy

    import torch

    out.mkdir(parents=True, exist_ok=True)
    half = copy.deepcopy(model).to("cpu", torch.float16)
    half.save_pretrained(out)
    tokenizer.save_pretrained(out)
    for junk in out.glob("*.bin"):
        junk.unlink()


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def evaluate_tune(model_dir: Path, tune: list[Example], rows: int) -> dict[str, float]:
    """Raw model (no gating, no guards) on held-out APE rows: TER of MT and of model output."""
    from sacrebleu.metrics import TER

    from mtfix.model.backend import TransformersProposer

    if not tune or rows <= 0:
        return {}
    rng = random.Random(0)
    sample = rng.sample(tune, min(rows, len(tune)))
    proposer = TransformersProposer.load(model_dir)
    outs = proposer.propose([e.source for e in sample])
    refs = [[e.target for e in sample]]
    ter = TER()
    return {
        "rows": float(len(sample)),
        "ter_mt": ter.corpus_score([e.source for e in sample], refs).score,
        "ter_model_raw": ter.corpus_score([o.text for o in outs], refs).score,
        "unchanged_share": sum(o.text == e.source for o, e in zip(outs, sample, strict=True))
        / len(sample),
    }


def _model_and_tokenizer(settings: TrainSettings, train: list[Example]) -> tuple[Any, Any]:
    """``--init``'s checkpoint, or a fresh model with a tokenizer trained on the data."""
    if settings.init is not None:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(settings.init, local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(
            settings.init, local_files_only=True, use_safetensors=True
        )
        return model, tokenizer
    from mtfix.model.tokenizer import train_tokenizer

    vocab = SIZES[settings.size]["vocab"]
    tokenizer = train_tokenizer([t for e in train for t in (e.source, e.target)], vocab)
    return _new_model(tokenizer, settings.size, settings.arch, settings.dropout), tokenizer


def _over_time(settings: TrainSettings, t0: float) -> bool:
    return settings.max_minutes is not None and time.time() - t0 > 60 * settings.max_minutes


def _train_loop(
    model: Any, tokenizer: Any, encoded: list[tuple[list[int], list[int]]],
    settings: TrainSettings, t0: float, log: TextIO | None,
) -> tuple[int, int, float]:
    """AdamW with warm-up and linear decay on length-bucketed batches: (steps, examples, EMA
    loss). Saves every ``save_every`` steps; stops at ``steps`` or ``max_minutes``."""
    import torch

    rng = random.Random(settings.seed)
    optim = torch.optim.AdamW(
        model.parameters(), lr=settings.lr, betas=(0.9, 0.98), weight_decay=0.01
    )
    warm = max(1, min(settings.warmup, settings.steps // 5))

    def lr_at(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.05, 1.0 - (step - warm) / max(1, settings.steps - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, lr_at)
    step, seen, ema = 0, 0, None
    pad = tokenizer.pad_token_id
    while step < settings.steps:
        for batch_idx in _batches(encoded, settings.batch_size, rng):
            batch = {k: v.to(settings.device)
                     for k, v in _collate([encoded[i] for i in batch_idx], pad).items()}
            loss = model(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            step += 1
            seen += len(batch_idx)
            value = float(loss.detach())
            ema = value if ema is None else 0.98 * ema + 0.02 * value
            if step % 50 == 0 or step == settings.steps:
                rate = seen / (time.time() - t0)
                _log(f"step {step}/{settings.steps} loss {ema:.3f} ({rate:.1f} ex/s)", log)
            if settings.save_every and step % settings.save_every == 0:
                _save(model, tokenizer, settings.out_dir)
            if step >= settings.steps or _over_time(settings, t0):
                break
        if _over_time(settings, t0):
            _log(f"time budget of {settings.max_minutes} min reached at step {step}", log)
            break
    return step, seen, float(ema or 0.0)


def _evaluate(settings: TrainSettings, tune: list[Example], log: TextIO | None) -> dict[str, float]:
    """Raw held-out TER, then (``calibrate_rows`` > 0) the gating calibration beside the model."""
    scores = evaluate_tune(settings.out_dir, tune, settings.eval_rows)
    if settings.calibrate_rows > 0:
        from mtfix.model.bench import calibrate
        from mtfix.model.integrate import load_corrector

        _log("calibrating gating thresholds on held-out APE rows", log)
        cal = calibrate(
            load_corrector(settings.out_dir), settings.data_dir, settings.out_dir,
            settings.calibrate_rows, settings.data,
        )
        _log(f"calibration: {json.dumps(cal)}", log)
        scores = {**scores, **{f"tune_ter_delta_{k}": v for k, v in cal["tune_ter_deltas"].items()}}
    return scores


def train_model(settings: TrainSettings, log: TextIO | None = None) -> TrainReport:
    import torch

    t0 = time.time()
    random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    if settings.threads:
        torch.set_num_threads(settings.threads)
    train, tune = build_dataset(settings.data_dir, settings.data)
    counts = describe(train)
    _log(f"data: {len(train)} training examples, {len(tune)} tuning rows: {counts}", log)
    model, tokenizer = _model_and_tokenizer(settings, train)
    model.float().to(settings.device).train()
    params = sum(p.numel() for p in model.parameters())
    _log(
        f"model: {params / 1e6:.1f}M parameters, vocab {len(tokenizer)}, on {settings.device} "
        f"({time.time() - t0:.0f}s)",
        log,
    )
    enc_src = tokenizer([e.source for e in train]).input_ids
    enc_tgt = tokenizer([e.target for e in train]).input_ids
    encoded = [
        (a, b)
        for a, b in zip(enc_src, enc_tgt, strict=True)
        if len(a) <= settings.max_tokens and len(b) <= settings.max_tokens
    ]
    step, seen, ema = _train_loop(model, tokenizer, encoded, settings, t0, log)
    model.eval()
    _save(model, tokenizer, settings.out_dir)
    wall = time.time() - t0
    _log(f"trained {step} steps in {wall:.0f}s; evaluating on held-out APE rows", log)
    report = TrainReport(
        steps=step,
        examples=seen,
        wall_s=wall,
        final_loss=ema,
        data_counts=counts,
        tune=_evaluate(settings, tune, log),
        params=params,
        size_bytes=_dir_size(settings.out_dir),
    )
    write_card(settings, report)
    return report


def write_card(settings: TrainSettings, report: TrainReport) -> None:
    """Write README.md (model card) and train_report.json into the model directory."""
    out = settings.out_dir
    meta = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(settings).items()}
    meta["data"] = {k: v for k, v in asdict(settings.data).items()}
    (out / "train_report.json").write_text(
        json.dumps({"settings": meta, "report": asdict(report)}, indent=2, default=str) + "\n",
        encoding="utf-8",
    )
    counts = "\n".join(f"| {k} | {v} |" for k, v in report.data_counts.items())
    tune = "\n".join(f"| {k} | {v:.4g} |" for k, v in report.tune.items()) or "| (none) | |"
    init = f"fine-tuned from `{settings.init}`" if settings.init else "trained from scratch"
    arch = "(from --init)" if settings.init else settings.arch
    threads = f" --threads {settings.threads}" if settings.threads else ""
    threads += " --device cuda" if settings.device == "cuda" else ""
    card = f"""# mtfix corrector ({settings.size}, {arch})

A seq2seq corrector for English MT output, {init} by `mtfix train`
(byte-level BPE tokenizer trained on the same data). Weights are fp16 safetensors.

Retrain: `mtfix train --data DATA_DIR --out OUT --size {settings.size} --arch {settings.arch}
--steps {settings.steps} --batch-size {settings.batch_size} --lr {settings.lr}
--seed {settings.seed}{threads}` (or `python -m mtfix train` with the same flags).

## Training

- steps: {report.steps}, batch {settings.batch_size}, lr {settings.lr},
  examples seen {report.examples}
- wall time: {report.wall_s / 60:.1f} min; parameters: {report.params / 1e6:.1f}M;
  directory size: {report.size_bytes / 1e6:.1f} MB;
  final training loss (EMA): {report.final_loss:.3f}

Data (`mtfix.model.data`): `ape/*.train.tsv` mt -> pe, detokenised, HTER <=
{settings.data.max_hter} (ne, si: {settings.data.pair_max_hter}), minus rows whose source is in
a dev set and minus the last {settings.data.tune_rows} rows per pair (held out for calibration);
clean English from the APE train post-edits and `psen_wiki/devtest.tsv` (`dev.tsv` is the
synthetic suite's text) with synthetic sentence splits (the realistic ones the synthetic suite
injects, no pattern preferred) and punctuation errors, and unchanged copies. Every sentence of a
benchmark (`ape/*.dev.tsv`, `wmt21_xen`, `mqm_ted_zhen`, `psen_wiki/dev.tsv`, `realmt_dev`) is
dropped from the clean pool. Device: {settings.device}.

| kind | examples |
|---|---|
{counts}

## Held-out APE rows (last {settings.data.tune_rows} train rows per pair; raw model, no guards)

| measure | value |
|---|---|
{tune}

Use it through `mtfix fix --model DIR` (gating and do-no-harm guards), and measure it with
`mtfix bench --suite realmt-dev --model DIR` against the same without `--model` before shipping
it.
"""
    (out / "README.md").write_text(card, encoding="utf-8")

