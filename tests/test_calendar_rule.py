"""The calendar rule kind: native month names next to a day number, never without one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from mtfix import Document, check, fix, load_rules, read_document
from mtfix.errors import TableError
from mtfix.rules import build_rules, entry_schemas, load_tables
from mtfix.tables import RuleTable, builtin_table_texts, parse_table

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_ab0a295c0ca72cec.txt"

CALENDAR_TABLES = {t.id: t for t in load_tables() if t.kind == "calendar"}
SOLAR = CALENDAR_TABLES["calendar-solar"]
LUNAR = CALENDAR_TABLES["calendar-lunar"]
RULES = build_rules(CALENDAR_TABLES.values())
TRADITIONS = ("iran", "dari", "pashto")


def issues(text: str, rules: Any = RULES) -> list:
    return list(check(Document.from_text(text), rules))


def fixed(text: str, rules: Any = RULES) -> str:
    return fix(Document.from_text(text), rules).fixed.text


def with_options(table: RuleTable, **options: Any) -> Any:
    return build_rules([replace(table, options={**table.options, **options})])


def spellings(table: RuleTable, tradition: str | None = None) -> list[tuple[str, str, int]]:
    """(rule id, spelling, month) for every Latin spelling of the table's entries."""
    return [(table.entry_rule_id(e), word, e["month"]) for e in table.entries
            if tradition is None or e["tradition"] == tradition for word in e["latin"]]


# -- the table covers the domain ---------------------------------------------------------------

def test_solar_table_has_36_month_names_and_12_zodiac_names() -> None:
    by_tradition: dict[str, set[int]] = {}
    for e in SOLAR.entries:
        by_tradition.setdefault(e["tradition"], set()).add(e["month"])
        if e["tradition"] in TRADITIONS:
            assert len(e["latin"]) >= 2, e["id"]
            assert e.get("native"), e["id"]
    for tradition in (*TRADITIONS, "zodiac"):
        assert by_tradition[tradition] == set(range(1, 13)), tradition
    assert len(LUNAR.entries) == 12
    assert {e["month"] for e in LUNAR.entries} == set(range(1, 13))


# -- recognised next to a day number -------------------------------------------------------------

SOLAR_MONTH_NAMES = [s for t in TRADITIONS for s in spellings(SOLAR, t)]
ZODIAC_NAMES = spellings(SOLAR, "zodiac")


@pytest.mark.parametrize(("rule_id", "word", "month"), SOLAR_MONTH_NAMES,
                         ids=[w for _, w, _ in SOLAR_MONTH_NAMES])
def test_every_solar_spelling_is_recognised_next_to_a_day(rule_id: str, word: str,
                                                          month: int) -> None:
    forms = [f"on {word} 12, 1402, officials said", f"on 12 {word} 1402, officials said",
             f"on {word} 12 the officials said", f"on the 12th of {word}, officials said"]
    for text in forms:
        found = [i for i in issues(text) if i.rule_id == rule_id]
        assert found, text
        assert "12" in found[0].span


@pytest.mark.parametrize(("rule_id", "word", "month"), ZODIAC_NAMES,
                         ids=[w for _, w, _ in ZODIAC_NAMES])
def test_every_zodiac_name_is_recognised_next_to_a_day(rule_id: str, word: str,
                                                       month: int) -> None:
    for text in (f"The Taliban took the district on 15 {word}.",
                 f"The district fell on 15 {word} 1402, officials said.",
                 f"He spoke on Thursday, January 18 (15 {word}) in Kabul."):
        assert any(i.rule_id == rule_id for i in issues(text)), text


ALL_SPELLINGS = spellings(SOLAR) + spellings(LUNAR)


@pytest.mark.parametrize(("rule_id", "word", "month"), ALL_SPELLINGS,
                         ids=[w for _, w, _ in ALL_SPELLINGS])
def test_no_month_word_is_flagged_without_a_day_number(rule_id: str, word: str,
                                                       month: int) -> None:
    for text in (f"The month of {word} began.", f"{word} said on Tuesday that 12 people died.",
                 f"In {word}, 1402, prices rose.", f"since {word} the talks stalled",
                 f"They met in {word} and again in 2023 (in {word})."):
        assert not issues(text), text


@pytest.mark.parametrize("text", [
    "Saratan",
    "The heat of Saratan is hard on farmers.",
    "The Mizan news agency reported the verdict.",
    "Mizan news agency said 12 people were arrested.",
    "Bashar al-Asad said the war was over.",
    "Bashar al-Asad 24 hours later fled.",
    "Asad Durrani, a former spy chief, said 15 people were hurt.",
    "Asad 24 years old was arrested.",
    "Mehr News Agency reported 15 deaths.",
    "The Saur Revolution of 1978 changed Afghanistan.",
    "Google released Gemini 2 in December; Gemini 1.5 is faster.",
    "They compared 15 Gemini models on 3 Leo servers.",
    "Germany will not deliver 15 Taurus missiles to Kyiv.",
    "She has stage 4 cancer; her sign is Cancer.",
    "Pope Leo 14 is not how the name is written.",
    "Day 3 of the trial began on Monday.",
    "The meeting on January 18 (Thursday) was short.",
    "Attacks rose 28% in Marghumay, 12-15 Jadi saw the worst.",
    "During Ramadan 2024 prices rose; Rajab Tayyip is a name.",
])
def test_good_english_is_left_alone(text: str) -> None:
    assert not issues(text)


# -- the seed and the drop_redundant policy -----------------------------------------------------

def test_seed_parenthesis_becomes_a_comma_with_mtfix_fix() -> None:
    doc = read_document(str(SEED))
    result = fix(doc, load_rules())
    edits = [e for e in result.edits if e.rule_id.startswith("calendar-")]
    assert [(e.old, e.new) for e in edits] == [(" (Marghumi 28)", ",")]
    assert "on Thursday, January 18, once again called" in result.fixed.text
    assert edits[0].rule_id == "calendar-solar.pashto_marghumay"


@pytest.mark.parametrize(("text", "expected"), [
    ("on Thursday, January 18 (Marghumi 28) once again called",
     "on Thursday, January 18, once again called"),
    ("on January 18 (28 Marghumay), he said", "on January 18, he said"),
    ("The talks ended on January 18 (Jadi 28).", "The talks ended on January 18."),
    ("on January 18, 2024 (Dey 28, 1402) he said", "on January 18, 2024, he said"),
    ("on Thursday, January 18 (Marghumi 28, 1402) once again",
     "on Thursday, January 18, 2024, once again"),
    ("on 18 January (28 Jadi 1402) he said", "on 18 January 2024 he said"),
    ("on Asad 24, 1402 (August 15, 2023), the Taliban said",
     "on August 15, 2023, the Taliban said"),
    ("On Tuesday, Asad 24, 1402, the Taliban said",
     "On Tuesday, August 15, 2023, the Taliban said"),
    ("It opened on 19 Wray 1402 in Herat.", "It opened on April 8, 2023, in Herat."),
    ("on Sunday, February 4 (15 Dalw) they met", "on Sunday, February 4, they met"),
    ("on Sunday, February 4 (۱۵ دلو) they met", "on Sunday, February 4, they met"),
])
def test_drop_redundant(text: str, expected: str) -> None:
    assert fixed(text) == expected
    assert fixed(expected) == expected


def test_disagreeing_dates_are_flagged_not_fixed() -> None:
    text = "on Thursday, January 18 (Marghumi 25) once again called"
    found = issues(text)
    assert len(found) == 1 and not found[0].replacements
    assert "January 15" in found[0].message and "January 18" in found[0].message
    assert fixed(text) == text


def test_a_lone_date_without_a_year_is_reported_not_applied() -> None:
    text = "on Asad 24 the Taliban said"
    (issue,) = issues(text)
    assert issue.replacements == ("August 15",) and issue.confidence < 0.8
    assert "August 15" in issue.message
    assert fixed(text) == text


def test_a_lone_date_beside_a_gregorian_one_gets_no_replacement() -> None:
    text = "Tuesday, Asad 24, 1402 (August 15 according to the Persian Calendar)"
    (issue,) = issues(text)
    assert not issue.replacements and "August 15, 2023" in issue.message


# -- weekdays ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "On Wednesday, Asad 24, 1402, the Taliban said.",           # Asad 24, 1402 is a Tuesday
    "on Friday, January 18 (Marghumi 28, 1402) he said",       # 2024-01-18 is a Thursday
    "on Friday, January 18, 2024 (Marghumi 28) he said",
])
def test_weekday_disagreement_is_flagged(text: str) -> None:
    found = issues(text)
    assert found and all(not i.replacements for i in found)
    assert any("Thursday" in i.message or "Tuesday" in i.message for i in found)
    assert fixed(text) == text


def test_weekday_infers_the_year_when_none_is_given() -> None:
    # January 18 was a Thursday in 2024 (28 Marghumay 1402); any such year agrees
    assert fixed("on Thursday, January 18 (Marghumi 28) he said") == \
        "on Thursday, January 18, he said"


# -- policies ------------------------------------------------------------------------------------

def test_policy_convert() -> None:
    rules = with_options(SOLAR, policy="convert")
    assert fixed("on Asad 24, 1402 the Taliban said", rules) == \
        "on August 15, 2023, the Taliban said"
    assert fixed("on January 18 (Marghumi 28) he said", rules) == "on January 18 he said"


def test_policy_annotate() -> None:
    rules = with_options(SOLAR, policy="annotate")
    out = fixed("on Asad 24, 1402 the Taliban said", rules)
    assert out == "on Asad 24, 1402 (August 15, 2023) the Taliban said"
    assert not issues(out, rules)                        # idempotent: already annotated
    assert not issues("on January 18 (Marghumi 28) he said", rules)
    assert issues("on January 18 (Marghumi 25) he said", rules)  # still cross-checked


# -- lunar ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "on January 18, 2024 (6 Rajab 1445)",    # Umm al-Qura
    "on January 18, 2024 (7 Rajab 1445)",    # arithmetic calendar: one day later
    "on January 18, 2024 (5 Rajab 1445)",
    "on January 18, 2024 (8 Rajab 1445)",
    "on Thursday, January 18 (Rajab 7)",
    "6 Rajab 1445 (January 18, 2024)",
    "on Tuesday, 10 Muharram 1446 the mourners",
    "on Wednesday, 10 Muharram 1446 the mourners",     # one day off: within the spread
])
def test_lunar_within_tolerance_is_never_touched(text: str) -> None:
    assert not issues(text)
    assert fixed(text) == text


@pytest.mark.parametrize("text", [
    "on January 18, 2024 (12 Rajab 1445)",
    "on January 18, 2024 (Rajab 2, 1445)",
    "16 Rabi' al-Awwal 1445 (January 18, 2024)",
    "on Friday, 10 Muharram 1446 the mourners",
])
def test_lunar_beyond_tolerance_is_flagged_never_fixed(text: str) -> None:
    found = issues(text)
    assert found and all(not i.replacements for i in found)
    assert fixed(text) == text


def test_lunar_one_day_off_is_never_corrected_even_with_convert() -> None:
    rules = with_options(LUNAR, policy="convert")
    for text in ("on January 18, 2024 (7 Rajab 1445)", "on January 18, 2024 (5 Rajab 1445)"):
        result = fix(Document.from_text(text), rules)
        assert not result.issues and not result.edits


# -- table validation ----------------------------------------------------------------------------

def _table_text(**changes: Any) -> str:
    data = yaml.safe_load(SOLAR_TEXT)
    data["options"].update(changes.pop("options", {}))
    data["entries"] = data["entries"][:1]
    for key, value in changes.items():
        data["entries"][0][key] = value
    return yaml.safe_dump(data, allow_unicode=True)


SOLAR_TEXT = next(text for name, text in builtin_table_texts()
                  if name.endswith("calendar_solar.yaml"))


@pytest.mark.parametrize(("changes", "field"), [
    ({"options": {"policy": "guess"}}, "options.policy"),
    ({"options": {"calendar": "mayan"}}, "options.calendar"),
    ({"options": {"weekdays": ["Monday"]}}, "options.weekdays"),
    ({"options": {"years": [2040, 1990]}}, "options.years"),
    ({"options": {"messages": {"redundant": "{nonsense}", "conflict": "", "convert": "",
                               "weekday": "", "invalid": ""}}}, "options.messages.redundant"),
    ({"month": 13}, "month"),
    ({"latin": "Farvardin"}, "latin"),
])
def test_bad_calendar_tables_name_file_entry_and_field(changes: dict, field: str) -> None:
    with pytest.raises(TableError) as err:
        build_rules([parse_table(_table_text(**changes), "user.yaml", False, entry_schemas())])
    assert err.value.path == "user.yaml" and err.value.field == field


def test_a_day_in_words_before_of_and_a_month() -> None:
    assert fixed("Talks resumed on the twenty-eighth of Saratan 1402 in Doha.") == \
        "Talks resumed on July 19, 2023, in Doha."
    # "Twenty fifth" with a space and a capital, as MT also writes it
    assert fixed("The Twenty fifth of Mordad 1403 was a Thursday.") == \
        "August 15, 2024, was a Thursday."
    # the ordinal must be followed by "of" and a month: no date here
    assert not issues("He said the fifth of the month was a holiday, not Mordad 1403.")[1:]
    assert not issues("Mordad is the fifth month of the Iranian year.")


def test_the_publication_date_gives_a_lone_solar_date_its_year() -> None:
    text = "The interview was published on Friday, the fifth of Mordad."
    # without a year the reading is uncertain: reported, not applied
    assert fixed(text) == text
    [issue] = issues(text)
    assert issue.confidence < 0.8
    # published on 27 July 2024: 5 Mordad 1403, a Friday
    doc = Document.from_text(text, published=date(2024, 7, 27))
    assert fix(doc, RULES).fixed.text == "The interview was published on Friday, July 26."
    # a weekday the nearest reading does not fall on: the year stays open
    doc = Document.from_text(text.replace("Friday", "Monday"), published=date(2024, 7, 27))
    assert fix(doc, RULES).fixed.text == text.replace("Friday", "Monday")


@pytest.mark.parametrize("text", [
    "Reformists of the Second of Khordad Movement met in Tehran.",
    "The Fifteenth of Khordad Foundation raised its prices.",
    "The Fifth of Mordad Street was closed for the march.",
    "Members of the 2nd of Khordad Movement met in Tehran.",
    "He was the first of Jawza's three sons.",
    "He was killed on the first of Asad's visits to the town.",
    "She was the first of many to leave.",
])
def test_names_and_possessives_are_not_dates(text: str) -> None:
    doc = Document.from_text(text, published=date(2024, 7, 27))
    assert not check(doc, RULES)
    assert fix(doc, RULES).fixed.text == text


def test_a_day_in_words_needs_a_lead_word_a_weekday_or_a_year() -> None:
    published = date(2024, 7, 27)
    assert not issues("The fifth of Mordad was hot, he wrote.")
    doc = Document.from_text("They met on the fifth of Mordad.", published=published)
    assert fix(doc, RULES).fixed.text == "They met on July 26."


def test_far_from_the_publication_date_the_year_stays_open() -> None:
    text = "They will mark the anniversary on 22 Bahman."
    # published in July: 22 Bahman is February 10 in 2025 but February 11 in 2024
    [issue] = check(Document.from_text(text, published=date(2024, 7, 27)), RULES)
    assert issue.confidence < 0.8
    # published in late January: the coming one, within weeks
    doc = Document.from_text(text, published=date(2025, 1, 27))
    assert fix(doc, RULES).fixed.text == "They will mark the anniversary on February 10."


def test_a_weekday_off_the_reading_nearest_the_publication_date_is_flagged() -> None:
    # 5 Farvardin 1403 is Sunday, March 24, 2024
    doc = Document.from_text("He left on Thursday, 5 Farvardin.", published=date(2024, 3, 25))
    [issue] = check(doc, RULES)
    assert not issue.replacements
    assert "March 24, 2024 is a Sunday, not a Thursday" in issue.message
