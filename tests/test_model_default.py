"""The shipped default model: layout, size, its calibration, and its one job (joining a split)."""

from __future__ import annotations

import json

import pytest

from mtfix.model import DEFAULT_MODEL_DIR

pytestmark = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="default model not shipped"
)

#: Written for these tests (not news text): MT-style splits a fragment template can join. The
#: shipped model (today's `mtfix train` mix) joins the first kind ("It is to ..." after a full
#: stop, as the synthetic suite injects them) and keeps the second (a fronted object, "Forces
#: asked to ...", the seed's pattern, which the mix no longer prefers): it prefers the text as is.
SPLIT = ("The regional council called on the international mission. "
         "It is to withdraw its forces from the province.")
SPLIT_OBJECT = ("The regional council once again called on the international mission in the "
                "north. Forces asked to withdraw from the province.")


def test_default_model_is_small_and_safe() -> None:
    files = [p for p in DEFAULT_MODEL_DIR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= 30 * 1024 * 1024
    names = {p.name for p in files}
    assert "model.safetensors" in names and "README.md" in names
    assert not any(n.endswith((".bin", ".pt", ".pth", ".pkl", ".ckpt")) for n in names)


def test_default_calibration_turns_free_generation_off() -> None:
    from mtfix.model.integrate import ModelSettings

    data = json.loads((DEFAULT_MODEL_DIR / "mtfix_calibration.json").read_text(encoding="utf-8"))
    assert (data["margin_at_threshold"], data["qe_threshold"]) == (None, None)
    assert data["fragment_margin_at_threshold"] == 6.0
    assert set(data["tune_ter_deltas"].values()) == {0.0}  # "never" won: nothing helped
    s = ModelSettings.for_model(DEFAULT_MODEL_DIR)
    assert (s.margin_at_threshold, s.qe_threshold, s.fragment_margin_at_threshold) == (
        None, None, 6.0)


def test_default_model_joins_a_split_and_nothing_else() -> None:
    pytest.importorskip("torch")
    from mtfix.document import Document
    from mtfix.model.stage import load_stage

    stage = load_stage(DEFAULT_MODEL_DIR, threshold=0.8, threads=1)
    clean = stage.run(Document.from_text("All is well here today. Nothing to fix at all.\n"), [])
    assert clean.issues == () and clean.stats.units_sent == 0
    assert not stage.proposer.loaded  # nothing for the model: weights never loaded
    run = stage.run(Document.from_text(SPLIT + "\n"), [])
    assert run.stats.sent_by == {"fragment": 1}
    [issue] = run.issues
    assert issue.span == "mission. It is"
    assert issue.replacements == ("mission",)
    assert issue.category == "fluency/sentence-split" and issue.origin == "model"
    assert issue.confidence >= 0.8
    kept = stage.run(Document.from_text(SPLIT_OBJECT + "\n"), [])
    assert kept.stats.sent_by == {"fragment": 1} and kept.issues == ()
