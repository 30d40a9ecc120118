"""check --format sarif validates against the vendored SARIF 2.1.0 schema; --format github
writes one workflow annotation per issue at the right line and column."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import REPO, SEED

from mtfix.cli import main

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def validator():  # noqa: ANN201 - jsonschema's validator class
    return jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def sarif(capsys: pytest.CaptureFixture, *args: str) -> dict:
    code = main(["check", "--format", "sarif", *args])
    assert code in (0, 1)
    return json.loads(capsys.readouterr().out)


def check_json(capsys: pytest.CaptureFixture, *args: str) -> dict:
    main(["check", "--format", "json", *args])
    return json.loads(capsys.readouterr().out)


def test_seed_sarif_validates_and_matches_issues(capsys: pytest.CaptureFixture) -> None:
    log = sarif(capsys, str(SEED))
    errors = sorted(validator().iter_errors(log), key=str)
    assert not errors, errors[0].message
    issues = check_json(capsys, str(SEED))["files"][0]["issues"]
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert len(results) == len(issues) >= 10
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for res, issue in zip(results, issues, strict=True):
        region = res["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:region["endColumn"] - 1] == issue["span"]
        assert res["ruleId"] == issue["rule"]
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == issue["rule"]
        assert res["properties"]["mqmSeverity"] == issue["severity"]
    levels = {r["properties"]["mqmSeverity"]: r["level"] for r in results}
    assert levels == {"critical": "error", "major": "warning", "minor": "note"}
    fixed = [r for r in results if "fixes" in r]
    assert fixed and all(r["fixes"][0]["artifactChanges"][0]["replacements"][0]
                         ["insertedContent"]["text"] is not None for r in fixed)


def test_schema_catches_a_broken_log(capsys: pytest.CaptureFixture) -> None:
    """The validation above can fail: the schema rejects what SARIF does not allow."""
    log = sarif(capsys, str(SEED))
    bad = copy.deepcopy(log)
    bad["runs"][0]["results"][0]["level"] = "critical"
    assert list(validator().iter_errors(bad))
    bad = copy.deepcopy(log)
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(validator().iter_errors(bad))


def test_sarif_for_tsv_jsonl_and_clean_input(tmp_path: Path, capsys: pytest.CaptureFixture
                                             ) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("src\tmt\nسلام\tIt ended in mid-October. .\n", encoding="utf-8")
    log = sarif(capsys, str(tsv))
    assert not list(validator().iter_errors(log))
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    raw_line = tsv.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert raw_line[region["startColumn"] - 1:region["endColumn"] - 1] == " ."
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps({"mt": "Fine.\u2028 It ended in mid-October. ."}) + "\n",
                  encoding="utf-8")
    log = sarif(capsys, str(jl))
    assert not list(validator().iter_errors(log))
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 1 and "startColumn" not in region
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing wrong here.\n", encoding="utf-8")
    log = sarif(capsys, str(clean))
    assert not list(validator().iter_errors(log)) and log["runs"][0]["results"] == []


def test_github_annotations(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    issues = check_json(capsys, str(SEED))["files"][0]["issues"]
    assert main(["check", "--format", "github", str(SEED)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(issues) >= 10
    first, col = out[0], issues[0]["doc_start"] + 1  # the seed's first issues are on line 1
    level = {"minor": "notice", "major": "warning", "critical": "error"}[issues[0]["severity"]]
    assert first.startswith(f"::{level} file=") and ",line=1," in first and f",col={col}," in first
    assert any(line.startswith("::error ") for line in out)  # the critical one
    p = tmp_path / "x,y.txt"
    p.write_text("50% done:\nIt ended in mid-October. .\n", encoding="utf-8")
    main(["check", "--format", "github", str(p)])
    line = capsys.readouterr().out.strip()
    assert "x%2Cy.txt" in line and ",line=2," in line
    assert line.count("::") == 2  # the property values cannot end the command early


def test_cli_sarif_exit_code_follows_fail_on(tmp_path: Path) -> None:
    import subprocess
    import sys

    p = tmp_path / "a.txt"
    p.write_text("It ended in mid-October. .\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "mtfix", "check", "--format", "sarif",
                        "--fail-on", "major", str(p)], capture_output=True, cwd=REPO, timeout=120)
    assert r.returncode == 0 and json.loads(r.stdout)["version"] == "2.1.0"
