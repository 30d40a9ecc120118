"""Proposers: what turns a sentence into a corrected sentence plus the scores to trust it by.

``TransformersProposer.load(path)`` loads any local seq2seq checkpoint in ``save_pretrained``
layout (T5, BART, Marian, ...; safetensors only, never pickle, never the network), generates
greedily in length-sorted batches on the GPU when there is one, else on all CPU threads, and
scores both its output and a plain copy of the input by forced decoding. The difference of the
two log-probabilities is a cheap quality estimate: how much the model prefers its edit to
leaving the text alone.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Proposal:
    """The model's output for one input, with log-probabilities summed over output tokens."""

    source: str
    text: str
    logprob: float
    copy_logprob: float
    tokens: int
    copy_tokens: int

    @property
    def changed(self) -> bool:
        return self.text != self.source

    @property
    def margin(self) -> float:
        """log P(output) - log P(copy of input), in nats (>= 0 means the model prefers its edit)."""
        return self.logprob - self.copy_logprob

    @property
    def token_prob(self) -> float:
        """Geometric-mean probability of the output's tokens."""
        return math.exp(self.logprob / max(1, self.tokens))

    @property
    def confidence(self) -> float:
        """0..1: the logistic of the margin, capped by the output's own token probability."""
        if not self.changed:
            return self.token_prob
        return min(1.0 / (1.0 + math.exp(-(self.margin - 1.0))), self.token_prob)


class Proposer(Protocol):
    """Anything that proposes corrections and scores text: the pipeline only needs this."""

    name: str

    def propose(self, texts: Sequence[str]) -> list[Proposal]:
        """Correct each text; return one Proposal per input, in order."""
        ...

    def copy_scores(self, texts: Sequence[str]) -> list[tuple[float, int]]:
        """Cheap QE: (summed log-prob, token count) of reproducing each text unchanged."""
        ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[float, int]]:
        """(summed log-prob, token count) of each target given its source (forced decoding)."""
        ...


def default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_model_dir(path: Path) -> None:
    """Raise FileNotFoundError unless ``path`` holds a config and safetensors weights."""
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"{path}: not a model directory (no config.json)")
    if not any(path.glob("*.safetensors")):
        raise FileNotFoundError(f"{path}: no .safetensors weights (pickle files are not loaded)")


@dataclass(frozen=True)
class TransformersProposer:
    """A local transformers seq2seq checkpoint behind the Proposer protocol."""

    name: str
    model: Any
    tokenizer: Any
    device: str
    batch_size: int = 32
    max_new_tokens: int = 128

    @classmethod
    def load(
        cls,
        path: str | Path,
        device: str | None = None,
        threads: int | None = None,
        batch_size: int = 32,
    ) -> TransformersProposer:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        p = Path(path)
        check_model_dir(p)
        if device is None:
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cpu":
            torch.set_num_threads(threads or default_threads())
        tokenizer = AutoTokenizer.from_pretrained(p, local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(
            p, local_files_only=True, use_safetensors=True
        )
        model.float().to(device).eval()
        return cls(p.name, model, tokenizer, device, batch_size)

    def _batches(self, texts: Sequence[str]) -> list[list[int]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        return [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]

    def _encode(self, texts: Sequence[str]) -> dict[str, Any]:
        enc = self.tokenizer(
            list(texts), return_tensors="pt", padding=True, truncation=True, max_length=256
        )
        return {
            k: v.to(self.device) for k, v in enc.items() if k in ("input_ids", "attention_mask")
        }

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[float, int]]:
        """(summed log-prob, token count incl. eos) of each target given its source."""
        import torch

        out: list[tuple[float, int]] = [(0.0, 0)] * len(sources)
        for idx in self._batches(sources):
            enc = self._encode([sources[i] for i in idx])
            lab = self.tokenizer(
                [targets[i] for i in idx],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=256,
            )
            labels = lab["input_ids"].to(self.device)
            labels[lab["attention_mask"].to(self.device) == 0] = -100
            with torch.inference_mode():
                logits = self.model(**enc, labels=labels).logits
            logp = torch.log_softmax(logits.float(), dim=-1)
            mask = labels != -100
            picked = logp.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1) * mask
            for row, i in enumerate(idx):
                out[i] = (float(picked[row].sum()), int(mask[row].sum()))
        return out

    def copy_scores(self, texts: Sequence[str]) -> list[tuple[float, int]]:
        return self.score(texts, texts)

    def generate(self, texts: Sequence[str]) -> list[str]:
        import torch

        out = [""] * len(texts)
        for idx in self._batches(texts):
            enc = self._encode([texts[i] for i in idx])
            limit = min(self.max_new_tokens, int(enc["input_ids"].shape[1] * 1.5) + 8)
            with torch.inference_mode():
                gen = self.model.generate(**enc, max_new_tokens=limit, num_beams=1, do_sample=False)
            decoded = self.tokenizer.batch_decode(
                gen, skip_special_tokens=True, clean_up_tokenization_spaces=False
            )
            for row, i in enumerate(idx):
                out[i] = decoded[row].strip()
        return out

    def propose(self, texts: Sequence[str]) -> list[Proposal]:
        if not texts:
            return []
        outputs = self.generate(texts)
        own = self.score(texts, outputs)
        copy = self.copy_scores(texts)
        return [
            Proposal(t, o, s[0], c[0], s[1], c[1])
            for t, o, s, c in zip(texts, outputs, own, copy, strict=True)
        ]


@dataclass(frozen=True)
class LazyProposer:
    """A TransformersProposer that loads (torch, transformers, weights) on first use only, so a
    document in which nothing needs the model costs no model start-up."""

    path: Path
    threads: int | None = None
    _loaded: dict[str, TransformersProposer] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def loaded(self) -> bool:
        return "p" in self._loaded

    def get(self) -> TransformersProposer:
        if "p" not in self._loaded:
            self._loaded["p"] = TransformersProposer.load(self.path, threads=self.threads)
        return self._loaded["p"]

    def propose(self, texts: Sequence[str]) -> list[Proposal]:
        return self.get().propose(texts) if texts else []

    def copy_scores(self, texts: Sequence[str]) -> list[tuple[float, int]]:
        return self.get().copy_scores(texts) if texts else []

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[float, int]]:
        return self.get().score(sources, targets) if targets else []
