"""The shipped default model: layout, size and that it loads and runs (no exact outputs)."""

from __future__ import annotations

import json

import pytest

from mtfix.model import DEFAULT_MODEL_DIR

pytestmark = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="default model not shipped"
)


def test_default_model_is_small_and_safe() -> None:
    files = [p for p in DEFAULT_MODEL_DIR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= 30 * 1024 * 1024
    names = {p.name for p in files}
    assert "model.safetensors" in names and "README.md" in names
    assert not any(n.endswith((".bin", ".pt", ".pth", ".pkl", ".ckpt")) for n in names)


def test_default_calibration_is_valid() -> None:
    path = DEFAULT_MODEL_DIR / "mtfix_calibration.json"
    if not path.exists():
        pytest.skip("no calibration file")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["margin_at_threshold"] > 0


def test_default_model_loads_and_runs() -> None:
    pytest.importorskip("torch")
    from mtfix.model.integrate import load_corrector

    corrector = load_corrector()
    props = corrector.proposer.propose(["The minister spoke to reporters on Thursday."])
    assert len(props) == 1 and props[0].text
