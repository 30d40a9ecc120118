"""Shared test fixtures. Tests that need ../shared skip cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI draws the same examples every run (a failure there is a regression, not a new draw);
# locally each run draws afresh and finds new cases.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED = SEEDS / "000_ab0a295c0ca72cec.txt"
SEED_GOLD = SEEDS / "000_ab0a295c0ca72cec.gold.jsonl"
SEED_POSTEDIT = SEEDS / "000_ab0a295c0ca72cec.postedit.txt"


def shared_dir() -> Path | None:
    """The shared data folder: $MTFIX_SHARED, else ../shared beside the repo."""
    env = os.environ.get("MTFIX_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for c in candidates:
        if (c / "data").is_dir():
            return c
    return None


@pytest.fixture
def shared_data() -> Path:
    """Path to ../shared/data; skips the test when it is not there."""
    d = shared_dir()
    if d is None:
        pytest.skip("../shared/data is not present (set MTFIX_SHARED to run this test)")
    return d / "data"
