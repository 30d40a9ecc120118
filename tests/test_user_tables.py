"""Users' tables: --rules adds or overrides, --disable switches off, 'mtfix rules' lists them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtfix.cli import main

GLOSSARY = """\
table: my-glossary
kind: substitution
category: terminology/glossary
severity: major
message: "house style: '{replacement}'"
entries:
  - id: ied
    match: "improvised bomb"
    replacement: "IED"
    examples:
      - {wrong: "An improvised bomb exploded.", fixed: "An IED exploded."}
      - {correct: "An IED exploded."}
  - id: daesh
    match: "Daesh"
    replacement: "Islamic State"
    examples:
      - {wrong: "Daesh claimed it.", fixed: "Islamic State claimed it."}
      - {correct: "Islamic State claimed it."}
"""

# Same id as the shipped 'quotes' table: replaces it (here with a table that never fires).
QUOTES_OVERRIDE = """\
table: quotes
kind: substitution
category: fluency/punctuation
severity: minor
message: "user quotes"
entries:
  - id: never
    pattern: 'zzzqqq'
    examples:
      - {wrong: "zzzqqq", flag: true}
      - {correct: "a"}
"""


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (d / "quotes.yaml").write_text(QUOTES_OVERRIDE, encoding="utf-8")
    return d


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "doc.txt"
    p.write_text("An improvised bomb exploded. Daesh claimed it. “No.” Over.”\n",
                 encoding="utf-8")
    return p


def check_json(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--format", "json", *args])
    data = json.loads(capsys.readouterr().out)
    return code, [i["rule"] for i in data["files"][0]["issues"]]


def test_user_folder_adds_tables(capsys: pytest.CaptureFixture, doc: Path,
                                 rules_dir: Path) -> None:
    _, shipped_only = check_json(capsys, str(doc))
    assert not any(r.startswith("my-glossary.") for r in shipped_only)
    code, rules = check_json(capsys, str(doc), "--rules", str(rules_dir))
    assert code == 1
    assert "my-glossary.ied" in rules and "my-glossary.daesh" in rules


def test_user_table_overrides_shipped_table_with_same_id(capsys: pytest.CaptureFixture,
                                                         doc: Path, rules_dir: Path) -> None:
    _, shipped = check_json(capsys, str(doc))
    assert any(r.startswith("quotes.") for r in shipped), shipped  # the unpaired quote
    _, overridden = check_json(capsys, str(doc), "--rules", str(rules_dir))
    assert not any(r.startswith("quotes.") for r in overridden)
    assert main(["rules", "--format", "json", "--rules", str(rules_dir)]) == 0
    tables = {t["table"]: t for t in json.loads(capsys.readouterr().out)["tables"]}
    assert tables["quotes"]["source"] == "user" and tables["quotes"]["entries"] == 1
    assert tables["quotes"]["path"] == str(rules_dir / "quotes.yaml")


def test_fix_applies_user_table(tmp_path: Path, doc: Path, rules_dir: Path) -> None:
    out = tmp_path / "out.txt"
    assert main(["fix", str(doc), "-o", str(out), "--rules", str(rules_dir), "--no-model",
                 "-q"]) == 0
    assert out.read_text(encoding="utf-8").startswith(
        "An IED exploded. Islamic State claimed it.")


def test_disable_a_table_and_an_entry(capsys: pytest.CaptureFixture, doc: Path,
                                      rules_dir: Path) -> None:
    _, rules = check_json(capsys, str(doc), "--rules", str(rules_dir),
                          "--disable", "my-glossary.daesh")
    assert "my-glossary.ied" in rules and "my-glossary.daesh" not in rules
    _, rules = check_json(capsys, str(doc), "--rules", str(rules_dir),
                          "--disable", "my-glossary")
    assert not any(r.startswith("my-glossary") for r in rules)
    assert main(["rules", "--rules", str(rules_dir), "--disable", "my-glossary"]) == 0
    assert "my-glossary" not in capsys.readouterr().out


def test_disable_unknown_id_is_exit_2(capsys: pytest.CaptureFixture, doc: Path) -> None:
    assert main(["check", str(doc), "--disable", "no-such-table"]) == 2
    err = capsys.readouterr().err
    assert "no-such-table" in err and err.count("\n") == 1


def test_rules_lists_tables_with_counts_and_sources(capsys: pytest.CaptureFixture,
                                                    rules_dir: Path) -> None:
    assert main(["rules", "--rules", str(rules_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("my-glossary "))
    assert row.split()[1:4] == ["substitution", "2", "user"]
    assert row.split()[4] == str(rules_dir / "glossary.yaml")
    assert any(line.split()[3:4] == ["shipped"] for line in lines if line.startswith("entities-"))
    assert lines[0].split()[:2] == ["TABLE", "KIND"]  # a header row
    assert lines[-1].startswith(f"{len(lines) - 2} tables, ")
    assert main(["rules", "--entries", "--rules", str(rules_dir)]) == 0
    assert "    my-glossary.ied" in capsys.readouterr().out.splitlines()
