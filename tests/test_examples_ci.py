"""examples/ci/mtfix.yml: valid YAML whose mtfix command lines are valid mtfix invocations."""

from __future__ import annotations

import shlex

import pytest
import yaml
from conftest import REPO, SEED

from mtfix.cli import build_parser

WORKFLOW = REPO / "examples" / "ci" / "mtfix.yml"


def mtfix_commands() -> list[list[str]]:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    out = []
    for job in flow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                words = shlex.split(line, comments=True)
                if words[:1] != ["mtfix"]:
                    continue
                for stop in (">", "||", "&&", "|"):
                    if stop in words:
                        words = words[:words.index(stop)]
                out.append([str(SEED) if w == "$TEXTS" else w for w in words[1:]])
    return out


def test_workflow_runs_check_and_bench_with_the_documented_options() -> None:
    cmds = mtfix_commands()
    subs = {c[0] for c in cmds}
    assert {"check", "bench"} <= subs
    parser = build_parser()
    formats = set()
    for cmd in cmds:
        args = parser.parse_args(cmd)  # exits 2 on an unknown option
        if cmd[0] == "check":
            formats.add(args.format)
        if cmd[0] == "bench":
            assert args.baseline and args.quick
    assert formats == {"sarif", "github"}
    assert any("--fail-on" in c for c in cmds if c[0] == "check")


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_workflow_check_lines_run_on_the_seed(fmt: str, capsys: pytest.CaptureFixture) -> None:
    from mtfix.cli import main

    cmd = next(c for c in mtfix_commands() if c[0] == "check" and fmt in c)
    assert main(cmd) == 1  # the seed has major issues: the job would fail, as it should
    assert capsys.readouterr().out
