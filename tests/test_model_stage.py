"""mtfix.model.stage: what `mtfix fix` calls (errors are UserErrors, imports stay light)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mtfix.errors import UserError
from mtfix.model.stage import default_model_dir, load_stage


def test_missing_dir_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        load_stage(tmp_path / "nope")


def test_pickle_only_dir_is_a_user_error(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "pytorch_model.bin").write_bytes(b"")
    with pytest.raises(UserError, match="safetensors"):
        load_stage(tmp_path)


def test_default_model_dir_is_a_model_or_none() -> None:
    d = default_model_dir()
    assert d is None or (d / "config.json").is_file()


def test_importing_stage_does_not_import_torch() -> None:
    code = (
        "import sys, mtfix.model.stage;"
        "bad = [m for m in ('torch', 'transformers') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_model_loads_only_when_a_sentence_needs_it() -> None:
    d = default_model_dir()
    if d is None:
        pytest.skip("default model not shipped")
    code = (
        "import sys, json\n"
        "from mtfix.document import Document\n"
        "from mtfix.model.stage import load_stage, default_model_dir\n"
        "stage = load_stage(default_model_dir())\n"
        "if stage.settings.qe_threshold is not None: sys.exit(0)\n"
        "issues = stage(Document.from_text('All is well here today.\\nNothing to fix.\\n'), [])\n"
        "assert issues == [] and 'torch' not in sys.modules, sys.modules.keys()\n"
        "doc = Document.from_text('The council called on the army. Forces asked to withdraw.\\n')\n"
        "stage(doc, [])\n"
        "assert 'torch' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
