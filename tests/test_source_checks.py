"""``kind: source``: numbers, untranslated script and missing names, checked against the source."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.document import Document, Segment
from mtfix.errors import TableError
from mtfix.rules import RuleSet, build_rules, entry_schemas, load_tables
from mtfix.rules.source import build, fold_arabic, source_readings
from mtfix.tables import parse_table

SOURCE_TABLES = [t for t in load_tables() if t.kind == "source"]
RULES = build_rules(SOURCE_TABLES)


def issues(source: str | None, target: str, rules=RULES) -> list:
    doc = Document(segments=(Segment(index=0, text=target, source=source),))
    return list(rules.detect(doc))


def numbers(source: str, target: str) -> list:
    return [i for i in issues(source, target) if i.rule_id == "source-checks.numbers"]


@pytest.mark.parametrize("token, value", [
    ("۱٬۲۰۰", 1200), ("١٢٣", 123), ("۲٫۵", Fraction(5, 2)), ("۲/۵", Fraction(5, 2)),
    ("1,200", 1200), ("3.5", Fraction(7, 2)), ("10 000", 10000), ("１２", 12),
])
def test_source_readings_include_the_value(token: str, value: Fraction) -> None:
    readings, is_date = source_readings(token)
    assert (Fraction(value),) in readings and not is_date


def test_slashed_date_is_not_checked() -> None:
    assert source_readings("۱۴۰۲/۱۰/۲۸")[1]
    assert not numbers("در تاریخ ۱۴۰۲/۱۰/۲۸ برگزار شد.", "It was held on January 18, 2024.")


@pytest.mark.parametrize("source, target", [
    ("۱۲ نفر کشته شدند.", "12 people were killed."),
    ("۱۲ نفر کشته شدند.", "Twelve people were killed."),
    ("٢٥ شخصا", "twenty-five people"),
    ("۲۵۰ نفر", "two hundred and fifty people"),
    ("۱۰ هزار نفر", "10,000 people"),
    ("۱۰ هزار نفر", "ten thousand people"),
    ("۳٫۵ میلیارد دلار", "$3.5 billion"),
    ("۲۵ درصد", "25 percent"),
    ("٪۵۰ من الأصوات", "half of the votes"),
    ("در سال ۱۴۰۲", "in 2023"),
    ("۱۵ جدی", "on January 5"),
    ("این سومین حمله است", "this is the 3rd attack"),
    ("یک ساعت و ۱ دقیقه", "an hour and a minute"),
    ("ساعت ۱۸:۰۰", "at 6 p.m."),
])
def test_numbers_that_agree_are_not_flagged(source: str, target: str) -> None:
    assert not numbers(source, target)


@pytest.mark.parametrize("source, target, missing", [
    ("۱۲ نفر کشته شدند.", "21 people were killed.", "12"),
    ("۱۴۰۰ نفر", "1,300 people", "1400"),     # 1300-1500 is a year only beside a Gregorian one
    ("در سال ۱۴۰۲", "in the year", "1402"),   # no Gregorian year: the year is missing
    ("۲٫۵ میلیون", "25 million", "2.5"),
    ("قتل ٣٥ شخصا", "Thirty people were killed.", "35"),
    ("۱ نفر کشته و ۳ نفر زخمی شدند", "10 were killed and 3 wounded", "1"),
])
def test_numbers_that_disagree_are_flagged(source: str, target: str, missing: str) -> None:
    found = numbers(source, target)
    assert len(found) == 1
    assert missing in found[0].message
    assert found[0].category == "accuracy/number" and not found[0].replacements


def test_number_issue_sits_on_the_odd_target_number_else_the_segment() -> None:
    (on_number,) = numbers("۱۲ نفر", "In all, 21 people.")
    assert on_number.span == "21"
    (whole,) = numbers("۱۲ نفر", "  Many people.  ")
    assert whole.span == "Many people." and "whole segment" in whole.message


def test_no_source_no_number_check() -> None:
    assert not numbers(None, "21 people were killed.")  # type: ignore[arg-type]


def test_untranslated_script_needs_no_source() -> None:
    found = issues(None, "The governor of ولایت هلمند said so.")
    assert [(i.rule_id, i.span) for i in found] == [
        ("source-checks.untranslated_arabic_script", "ولایت هلمند")]
    assert found[0].severity.label == "major" and found[0].category == "accuracy/untranslated"


def test_fold_arabic_spelling_variants() -> None:
    assert fold_arabic("محمد شياع السوداني") == fold_arabic("محمد شیاع السودانی")
    assert fold_arabic("خامنه‌ای") == "خامنه ای"
    assert fold_arabic("حَرَكة") == fold_arabic("حرکه")


ENTITY_TABLE = """\
table: my-entities
kind: entity
category: entity/spelling
severity: minor
message: "spelling"
entries:
  - id: jane_roe
    canonical: "Jane Roe"
    native: {fa: "جین رو", ar: ["جين رو"]}
    aliases: ["Ms Roe"]
    examples:
      - {wrong: "Jane Roe. Jayne Roe.", flag: true}
      - {correct: "Jane Roe."}
"""


def test_missing_name_uses_the_tables_it_is_given() -> None:
    entities = parse_table(ENTITY_TABLE, "my.yaml", False, entry_schemas())
    table = next(t for t in SOURCE_TABLES if t.id == "source-checks")
    rules = RuleSet(tables=(table,), rules=(build(table, [entities]),))
    flagged = [i for i in issues("و جین رو گفت", "And she said.", rules)
               if i.rule_id == "source-checks.missing_name"]
    assert len(flagged) == 1
    assert "Jane Roe" in flagged[0].message and flagged[0].span == "And she said."
    for target in ("Jane Roe said.", "Ms Roe said.", "JANE ROE said."):
        assert not [i for i in issues("جين رو گفت", target, rules)
                    if i.rule_id == "source-checks.missing_name"]


def test_check_jsonl_with_source_column(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    p = tmp_path / "mt.jsonl"
    rows = [{"src": "در این حمله ۱۲ نفر کشته شدند.", "mt": "In this attack, 21 people died."},
            {"src": "در این حمله ۱۲ نفر کشته شدند.", "mt": "In this attack, 12 people died."}]
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                 encoding="utf-8")
    assert main(["check", str(p), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["files"][0]["issues"]
    assert [(i["segment"], i["rule"], i["span"]) for i in found] == [
        (0, "source-checks.numbers", "21")]
    assert main(["check", str(p), "--disable", "source-checks.numbers"]) == 0


def test_script_left_in_the_english_is_fixed_only_where_the_english_form_is_certain() -> None:
    entities = parse_table(ENTITY_TABLE, "my.yaml", False, entry_schemas())
    table = next(t for t in SOURCE_TABLES if t.id == "source-checks")
    rules = RuleSet(tables=(table,), rules=(build(table, [entities]),))
    doc = Document.from_text("Minister جین رو visited ۱۲ schools. The جين said ٤٥٫٥ percent.\n")
    got = {(i.span, i.replacements) for i in rules.detect(doc)}
    assert got == {("جین رو", ("Jane Roe",)), ("۱۲", ("12",)), ("جين", ()),
                   ("٤٥٫٥", ("45.5",))}


def test_an_unknown_script_fix_names_file_entry_and_field() -> None:
    text = """\
table: mine
kind: source
category: accuracy/untranslated
severity: major
message: "x"
entries:
  - id: odd
    check: untranslated_script
    pattern: 'x'
    fix: transliterate
    examples:
      - {wrong: "x", flag: true}
      - {correct: "y"}
"""
    table = parse_table(text, "mine.yaml", False, entry_schemas())
    with pytest.raises(TableError) as err:
        build(table, [])
    assert "mine.yaml" in str(err.value) and "'odd'" in str(err.value)
    assert "fix" in str(err.value) and "transliterate" in str(err.value)
