"""mtfix.model.stage: what `mtfix fix` calls (errors are UserErrors, imports stay light)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from mtfix.errors import UserError
from mtfix.model.stage import default_model_dir, load_stage, resolve_model_dir


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
    if default_model_dir() is None:
        pytest.skip("default model not shipped")
    pytest.importorskip("torch")
    code = (
        "import sys\n"
        "from mtfix.document import Document\n"
        "from mtfix.model.stage import load_stage, default_model_dir\n"
        "stage = load_stage(default_model_dir())\n"
        "s = stage.settings\n"
        "assert s.qe_threshold is None and s.margin_at_threshold is None\n"
        "clean = Document.from_text('All is well here today.\\nNothing to fix.\\n')\n"
        "assert stage(clean, []) == []\n"
        "split = 'The talks went on until late on Monday. Nobody knew why.\\n'\n"
        "assert stage(Document.from_text(split), []) == []  # no template joins it\n"
        "assert 'torch' not in sys.modules and not stage.proposer.loaded\n"
        "doc = Document.from_text('The council called on the army. Forces asked to withdraw.\\n')\n"
        "stage(doc, [])\n"
        "assert 'torch' in sys.modules and stage.proposer.loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _parse(argv: list[str]) -> argparse.Namespace:
    from mtfix.cli import build_parser

    return build_parser().parse_args(argv)


def test_fix_runs_rules_only_by_default(tmp_path: Path) -> None:
    from mtfix.commands.fix import model_stage_from_args

    assert model_stage_from_args(_parse(["fix", "x.txt"])) is None
    assert model_stage_from_args(_parse(["fix", "x.txt", "--model", "default",
                                         "--no-model"])) is None
    doc = tmp_path / "doc.txt"
    doc.write_text("The council called on the army. Forces asked to withdraw.\n", encoding="utf-8")
    code = ("import sys; from mtfix.cli import main; "
            f"rc = main(['fix', {str(doc)!r}, '-q']); "
            "assert rc == 0 and 'torch' not in sys.modules and 'mtfix.model.integrate' "
            "not in sys.modules, rc")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_model_default_names_the_shipped_model(tmp_path: Path) -> None:
    from mtfix.commands.common import model_dir_from_args as _model_dir
    from mtfix.commands.fix import model_stage_from_args

    assert resolve_model_dir(str(tmp_path)) == tmp_path
    assert _model_dir(_parse(["bench"])) is None
    assert _model_dir(_parse(["bench", "--model", str(tmp_path), "--no-model"])) is None
    assert _model_dir(_parse(["bench", "--model", str(tmp_path)])) == tmp_path
    # the checkout ships the model (mtfix/model/default): no branch that skips the assertions
    assert default_model_dir() is not None
    assert resolve_model_dir("default") == default_model_dir()
    stage = model_stage_from_args(_parse(["fix", "x.txt", "--model", "default"]))
    assert stage is not None and stage.proposer.path == default_model_dir()
    assert not stage.proposer.loaded


def test_model_default_without_a_shipped_model_is_a_user_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import mtfix.model.stage as stage

    monkeypatch.setattr(stage, "DEFAULT_MODEL_DIR", tmp_path / "absent")
    monkeypatch.chdir(tmp_path)
    assert stage.default_model_dir() is None
    with pytest.raises(UserError, match="ships no model"):
        resolve_model_dir("default")


def test_missing_model_dir_is_one_line_exit_2(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("All is well.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "mtfix", "fix", str(doc), "--model",
                        str(tmp_path / "nope")], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "model directory not found" in r.stderr
