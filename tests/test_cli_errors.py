"""Errors are the user's to fix: exit 2, one line naming file, entry and field, no traceback,
nothing written; a regular expression that backtracks is stopped, not left to hang."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from mtfix.cli import main

HEADER = """\
table: {table}
kind: {kind}
category: terminology
severity: major
message: "m"
entries:
"""
GOOD_EXAMPLES = """\
    examples:
      - {wrong: "aaa", flag: true}
      - {correct: "b"}
"""


def table(kind: str = "substitution", body: str = "", name: str = "user-table") -> str:
    return HEADER.format(table=name, kind=kind) + body


BAD_TABLES = {
    "malformed_yaml": ("table: x\nkind: substitution\n  entries: [\n", None, None),
    "unknown_kind": (table("spellcheck", "  - id: a\n    pattern: 'a'\n" + GOOD_EXAMPLES),
                     None, "kind"),
    "bad_regex": (table(body="  - id: broken\n    pattern: 'al-(Sudani'\n" + GOOD_EXAMPLES),
                  "'broken'", "pattern"),
    "missing_required": (table("entity", "  - id: nobody\n    short: 'X'\n" + GOOD_EXAMPLES),
                         "'nobody'", "canonical"),
    "bad_context_regex": (table(body="  - id: ctx\n    match: 'a'\n    before: '[a-'\n"
                                + GOOD_EXAMPLES), "'ctx'", "before"),
    "unknown_source_check": (table("source", "  - id: chk\n    check: spelling\n"
                                   + GOOD_EXAMPLES), "'chk'", "check"),
    "no_examples": (table(body="  - id: bare\n    match: 'a'\n"), "'bare'", "examples"),
}


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtfix", *args], capture_output=True,
                          cwd=REPO, timeout=timeout)


def one_line_error(r: subprocess.CompletedProcess) -> str:
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, (r.returncode, err)
    assert err.startswith("mtfix: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_bad_table_exit_2_names_file_entry_field(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture,
                                                 case: str) -> None:
    text, entry, field = BAD_TABLES[case]
    bad = tmp_path / f"{case}.yaml"
    bad.write_text(text, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("aaa\n", encoding="utf-8")
    for args in (["check", str(doc)], ["rules"]):
        assert main([*args, "--rules", str(bad)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("mtfix: error: ") and err.count("\n") == 1, err
        assert str(bad) in err
        if entry is not None:
            assert f"entry {entry}" in err, err
        if field is not None:
            assert f"field {field!r}" in err, err


def test_bad_table_in_a_folder_names_its_file(tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "a_good.yaml").write_text(table(body="  - id: ok\n    pattern: 'a'\n" + GOOD_EXAMPLES),
                                   encoding="utf-8")
    (d / "b_bad.yaml").write_text(BAD_TABLES["bad_regex"][0], encoding="utf-8")
    assert main(["rules", "--rules", str(d)]) == 2
    assert str(d / "b_bad.yaml") in capsys.readouterr().err


CATASTROPHIC = table(name="slow", body="  - id: backtrack\n    pattern: '(a|aa)+$'\n"
                     "    examples:\n      - {wrong: 'aaa', flag: true}\n"
                     "      - {correct: 'b'}\n")


def test_catastrophic_pattern_really_backtracks() -> None:
    import regex

    with pytest.raises(TimeoutError):
        regex.compile("(a|aa)+$").search("a" * 60 + "b", timeout=0.2)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_catastrophic_user_regex_is_stopped_exit_2(tmp_path: Path, command: str) -> None:
    rules = tmp_path / "slow.yaml"
    rules.write_text(CATASTROPHIC, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("Fine line.\n" + "a" * 60 + "b\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    extra = ["-o", str(out), "--no-model"] if command == "fix" else []
    started = time.monotonic()
    r = run(command, str(doc), "--rules", str(rules), "--regex-timeout", "0.3", *extra,
            timeout=60)
    err = one_line_error(r)
    assert "slow.backtrack" in err and "(a|aa)+$" in err and "0.3s" in err
    assert time.monotonic() - started < 30
    assert not out.exists()


def _bad_input(path: Path, kind: str) -> None:
    if kind == "binary":
        path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00text")
    elif kind == "latin1":
        path.write_bytes("Caf\u00e9 in Herat, 12 killed\n".encode("latin-1"))
    elif kind == "missing":
        pass


@pytest.mark.parametrize("kind", ["binary", "missing", "latin1", "malformed_table"])
def test_input_errors_exit_2_and_write_nothing(tmp_path: Path, kind: str) -> None:
    doc = tmp_path / "in.txt"
    args: list[str] = []
    if kind == "malformed_table":
        doc.write_text("A member of Harakat al-Najaba was killed.\n", encoding="utf-8")
        bad = tmp_path / "bad.yaml"
        bad.write_text(BAD_TABLES["malformed_yaml"][0], encoding="utf-8")
        args = ["--rules", str(bad)]
    else:
        _bad_input(doc, kind)
    out = tmp_path / "out.txt"
    one_line_error(run("check", str(doc), *args))
    one_line_error(run("fix", str(doc), "-o", str(out), "--no-model", *args))
    assert not out.exists()
    before = doc.read_bytes() if doc.exists() else None
    one_line_error(run("fix", str(doc), "--in-place", "--no-model", *args))
    assert (doc.read_bytes() if doc.exists() else None) == before
    assert not (tmp_path / "in.txt.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {"in.txt", "bad.yaml"} & {p.name for p in tmp_path.iterdir()})


def test_messages_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert str(missing) in one_line_error(run("check", str(missing)))
    latin = tmp_path / "latin.txt"
    _bad_input(latin, "latin1")
    err = one_line_error(run("check", str(latin)))
    assert str(latin) in err and "UTF-8" in err
    binary = tmp_path / "bin.dat"
    _bad_input(binary, "binary")
    assert "binary" in one_line_error(run("check", str(binary)))


def test_missing_rules_path_exit_2(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("x\n", encoding="utf-8")
    err = one_line_error(run("check", str(doc), "--rules", str(tmp_path / "no-rules")))
    assert "no-rules" in err
