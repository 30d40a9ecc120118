"""Rules-only use works without torch and transformers installed: ``check``, ``fix --no-model``,
``score``, ``rules`` and ``bench --quick`` run, and ``fix`` with the model says in one line how to
install the model extra. The packages are hidden by an import hook in a child process, so the
test runs where they are installed (CI) too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED, SEED_POSTEDIT

HIDE = """
import importlib.abc, sys
HIDDEN = {"torch", "transformers", "tokenizers", "safetensors"}
class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Hide())
from mtfix.cli import main
code = main(sys.argv[1:])
leaked = sorted(m for m in sys.modules if m.split(".")[0] in HIDDEN)
assert not leaked, leaked
sys.exit(code)
"""


def mtfix_without_torch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", HIDE, *args], capture_output=True, cwd=REPO,
                          timeout=300)


def test_the_hook_hides_torch() -> None:
    code = HIDE.split("from mtfix.cli")[0] + (
        "import importlib.util\n"
        "try:\n    import torch\nexcept ModuleNotFoundError:\n    sys.exit(0)\nsys.exit(1)\n")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


@pytest.mark.parametrize("args", [
    ["check", str(SEED)],
    ["fix", str(SEED), "--no-model", "-q"],
    ["fix", str(SEED), "-q"],  # rules only is the default
    ["score", str(SEED_POSTEDIT), "--ref", str(SEED_POSTEDIT)],
    ["rules"],
])
def test_rules_only_commands_work(args: list[str]) -> None:
    r = mtfix_without_torch(*args)
    assert r.returncode in (0, 1), r.stderr.decode()
    assert r.stdout
    assert b"Traceback" not in r.stderr


def test_bench_quick_runs_rules_only(tmp_path: Path) -> None:
    r = mtfix_without_torch("bench", "--quick", "--out", str(tmp_path))
    err = r.stderr.decode()
    assert r.returncode in (0, 1), err
    report = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert '"model": "none (rules only)"' in report
    assert b"Traceback" not in r.stderr
    r = mtfix_without_torch("bench", "--quick", "--model", "default", "--out", str(tmp_path))
    err = r.stderr.decode()
    assert r.returncode == 2 and err.count("\n") == 1, err
    assert "pip install -e '.[model]'" in err


def test_fix_with_the_model_says_how_to_install_it() -> None:
    from mtfix.model.stage import default_model_dir

    if default_model_dir() is None:
        pytest.skip("no shipped model: fix runs rules only")
    r = mtfix_without_torch("fix", str(SEED), "-q", "--model", "default")
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("mtfix: error: "), err
    assert "pip install -e '.[model]'" in err and "without --model" in err
    assert r.stdout == b""
