"""What ``mtfix fix`` calls: find the default model and load a pipeline ModelStage.

Importing this module is cheap; torch and transformers load inside ``load_stage`` only.
"""

from __future__ import annotations

from pathlib import Path

from mtfix.errors import UserError
from mtfix.model import DEFAULT_MODEL_DIR
from mtfix.model.integrate import ModelCorrector

#: What ``--model`` takes for the shipped model.
DEFAULT_NAME = "default"


def default_model_dir() -> Path | None:
    """The shipped model's directory, or None when the package ships without one."""
    return DEFAULT_MODEL_DIR if (DEFAULT_MODEL_DIR / "config.json").is_file() else None


def resolve_model_dir(value: str | Path) -> Path:
    """``--model VALUE``: a directory, or ``default`` for the shipped model (a directory named
    ``default`` in the working directory wins, as any path does)."""
    p = Path(value)
    if str(value) != DEFAULT_NAME or p.is_dir():
        return p
    found = default_model_dir()
    if found is None:
        raise UserError("--model default: this installation ships no model")
    return found


def checked_model_dir(path: str | Path) -> Path:
    """``path`` as a model directory with its files, or a one-line UserError."""
    from mtfix.model.backend import check_model_dir

    p = Path(path)
    if not p.is_dir():
        raise UserError(f"{p}: model directory not found")
    try:
        check_model_dir(p)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from None
    return p


def load_stage(
    path: str | Path, threshold: float = 0.8, threads: int | None = None
) -> ModelCorrector:
    """Load a local seq2seq checkpoint as a ``pipeline.ModelStage``.

    ``threshold`` is the resolver's apply threshold: model edits that fail a do-no-harm guard
    get a confidence below it, so they are reported, never applied.
    The weights load on first use (``LazyProposer``): a document where no sentence is selected
    for the model never imports torch.
    """
    import importlib.util

    from mtfix.model.backend import LazyProposer
    from mtfix.model.integrate import ModelSettings

    p = checked_model_dir(path)
    missing = [m for m in ("torch", "transformers") if importlib.util.find_spec(m) is None]
    if missing:
        raise UserError(f"the model needs {' and '.join(missing)} (or run without --model)")
    cap = min(0.5, 0.5 * threshold)
    settings = ModelSettings.for_model(p, apply_threshold=threshold, suggestion_cap=cap)
    return ModelCorrector(LazyProposer(p, threads), settings)
