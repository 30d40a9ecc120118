"""The mtfix command: outputs, exit codes, and never a traceback for a user mistake."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED

from mtfix.cli import main


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtfix", *args], input=stdin,
                          capture_output=True, cwd=REPO, timeout=120)


def test_check_text_and_exit_code(capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(SEED)]) == 1
    out = capsys.readouterr().out
    assert "entities-iraq.mohammed_shia_al_sudani" in out
    assert "critical" in out


def test_check_fail_on_critical_only(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    p = tmp_path / "a.txt"
    p.write_text("It ended in mid-October. .\n", encoding="utf-8")
    assert main(["check", str(p), "--fail-on", "major"]) == 0
    assert main(["check", str(p), "--fail-on", "minor"]) == 1
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing wrong here.\n", encoding="utf-8")
    assert main(["check", str(clean)]) == 0


def test_check_json(capsys: pytest.CaptureFixture) -> None:
    main(["check", "--format", "json", str(SEED)])
    data = json.loads(capsys.readouterr().out)
    issues = data["files"][0]["issues"]
    text = SEED.read_text(encoding="utf-8")
    for i in issues:
        end = i["doc_end"] if i["rule"].startswith("boilerplate") else i["doc_end"]
        assert text[i["doc_start"]:end].startswith(i["span"])


def test_fix_writes_output_and_log(tmp_path: Path) -> None:
    out = tmp_path / "fixed.txt"
    log = tmp_path / "log.json"
    r = run("fix", str(SEED), "-o", str(out), "--log", str(log), "--no-model")
    assert r.returncode == 0, r.stderr
    fixed = out.read_text(encoding="utf-8")
    assert "Harakat al-Nujaba" in fixed and "Also read this article" not in fixed
    edits = json.loads(log.read_text(encoding="utf-8"))["edits"]
    assert all(e["rule"] and e["reason"] for e in edits)


def test_fix_stdin_to_stdout() -> None:
    r = run("fix", "-", "--no-model", stdin=b"A member of Harakat al-Najaba.\r\n")
    assert r.returncode == 0
    assert r.stdout == b"A member of Harakat al-Nujaba.\r\n"


def test_fix_diff() -> None:
    r = run("fix", str(SEED), "--diff", "--no-model")
    assert r.returncode == 0
    assert b"-Also read this article" in r.stdout
    assert b"+In early January, a commander of the Hashd al-Shaabi group and another member " \
           b"of Harakat al-Nujaba" in r.stdout


def test_fix_in_place_keeps_backup(tmp_path: Path) -> None:
    p = tmp_path / "doc.txt"
    original = "A member of Harakat al-Najaba was killed.\n"
    p.write_text(original, encoding="utf-8")
    assert main(["fix", str(p), "--in-place", "--no-model", "-q"]) == 0
    assert p.read_text(encoding="utf-8") == "A member of Harakat al-Nujaba was killed.\n"
    assert (tmp_path / "doc.txt.bak").read_text(encoding="utf-8") == original


@pytest.mark.parametrize("kind", ["binary", "missing", "latin1"])
def test_bad_input_exit_2_one_line_nothing_written(tmp_path: Path, kind: str) -> None:
    p = tmp_path / "in.txt"
    if kind == "binary":
        p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif kind == "latin1":
        p.write_bytes("Caf\u00e9 in Kabul\n".encode("latin-1"))
    out = tmp_path / "out.txt"
    for args in (["check", str(p)], ["fix", str(p), "-o", str(out), "--no-model"]):
        r = run(*args)
        assert r.returncode == 2
        err = r.stderr.decode()
        assert err.startswith("mtfix: error:") and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert not out.exists()


def test_malformed_table_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("table: x\nkind: substitution\n  entries: [\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    r = run("fix", str(SEED), "--rules", str(bad), "-o", str(out), "--no-model")
    assert r.returncode == 2
    assert str(bad) in r.stderr.decode() and r.stderr.decode().count("\n") == 1
    assert not out.exists()


def test_usage_error_exit_2() -> None:
    r = run("check")
    assert r.returncode == 2
    r = run("fix", str(SEED), "--threshold", "high")
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_rules_lists_tables(capsys: pytest.CaptureFixture) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "entities-iraq" in out and "shipped" in out


def test_check_does_not_import_torch() -> None:
    code = ("import sys, mtfix.cli; mtfix.cli.main(['check', '-q' if False else "
            f"{str(SEED)!r}]); print('torch' in sys.modules, 'transformers' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=120)
    assert r.stdout.decode().strip().splitlines()[-1] == "False False"


def test_date_gives_documents_their_publication_date(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    p = tmp_path / "story.txt"
    p.write_text("Kabul, Reuters\n\nThe interview was published on Friday, the fifth of Mordad.\n"
                 "\nThe envoys met on Tuesday (November 6th) in Tehran.\n", encoding="utf-8")
    out = tmp_path / "fixed.txt"
    main(["fix", "-q", str(p), "-o", str(out), "--date", "2024-07-27"])
    text = out.read_text(encoding="utf-8")
    assert "published on Friday, July 26." in text
    # the weekday is a candidate, reported (6 November 2024 is a Wednesday)
    assert "Tuesday (November 6th)" in text
    capsys.readouterr()
    assert main(["check", "--format", "json", str(p), "--date", "2024-07-27"]) == 1
    rules = {i["rule"] for f in json.loads(capsys.readouterr().out)["files"] for i in f["issues"]}
    assert {"weekdays.weekday_mismatch", "calendar-solar.iran_mordad"} <= rules
    # worker processes see the date too
    out2 = tmp_path / "fixed2.txt"
    main(["fix", "-q", str(p), "-o", str(out2), "--date", "2024-07-27", "--jobs", "2"])
    assert out2.read_bytes() == out.read_bytes()
    # without it the solar date's year is unknown: reported, not applied
    main(["fix", "-q", str(p), "-o", str(out2)])
    assert "the fifth of Mordad" in out2.read_text(encoding="utf-8")


def test_a_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Hello.\n", encoding="utf-8")
    for bad in ("27/07/2024", "20240727", "2024-W30-6", "2024-02-30"):
        r = run("check", str(p), "--date", bad)
        assert r.returncode == 2
        assert "YYYY-MM-DD" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
