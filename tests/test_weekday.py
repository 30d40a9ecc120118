"""The weekday kind: where the year comes from, when a weekday/date mismatch is flagged and when
"Sunday (12)" is expanded. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from mtfix import Document, check, fix, load_rules
from mtfix.errors import TableError
from mtfix.rules import build_rules, load_tables
from mtfix.tables import RuleTable

RULES = load_rules()


def _issues(text: str, rule: str) -> list:
    return [i for i in check(Document.from_text(text), RULES) if i.rule_id == f"weekdays.{rule}"]


def test_mismatch_against_the_date_line_year() -> None:
    # 6 November 2023 was a Monday
    text = "Herat, 7 November 2023\nThe envoys met on Tuesday (November 6th) in Tehran."
    [issue] = _issues(text, "weekday_mismatch")
    assert issue.span == "Tuesday"
    assert issue.replacements == ("Monday",)
    assert "2023-11-06" in issue.message
    # a candidate, not a fix: which of weekday and date is wrong is not known
    assert fix(Document.from_text(text), RULES).fixed.text == text


def test_agreeing_weekday_is_left_alone() -> None:
    text = "Herat, 7 November 2023\nThe envoys met on Monday (November 6th) in Tehran."
    assert not _issues(text, "weekday_mismatch")


def test_no_year_in_the_document_means_no_flag() -> None:
    assert not _issues("The envoys met on Tuesday (November 6th) in Tehran.", "weekday_mismatch")


def test_the_publication_date_gives_the_year() -> None:
    text = "The envoys met today, Tuesday (November 6th), in Tehran."
    # 6 November 2023 was a Monday; 6 November 2024 a Wednesday
    for published, right in ((date(2023, 11, 6), "Monday"), (date(2024, 11, 5), "Wednesday")):
        doc = Document.from_text(text, published=published)
        [issue] = [i for i in check(doc, RULES) if i.rule_id == "weekdays.weekday_mismatch"]
        assert issue.replacements == (right,)
    doc = Document.from_text(text.replace("Tuesday", "Monday"), published=date(2023, 11, 7))
    assert not [i for i in check(doc, RULES) if i.rule_id == "weekdays.weekday_mismatch"]


def test_a_stated_year_is_used_without_a_date_line() -> None:
    [issue] = _issues("The envoys met on Tuesday, 6 November 2023, in Tehran.", "weekday_mismatch")
    assert issue.replacements == ("Monday",)


def test_year_nearest_the_date_line_across_new_year() -> None:
    # 3 January 2024 was a Wednesday, 3 January 2023 a Tuesday
    dated = "Posted 2023-12-29\n"
    assert not _issues(dated + "The court sits again on Wednesday, January 3.", "weekday_mismatch")
    assert _issues(dated + "The court sits again on Tuesday, January 3.", "weekday_mismatch")


def test_story_dates_allow_the_years_around_them() -> None:
    # the story's only full date is a different year's event; 6 November 2022 was a Sunday
    text = ("The summit, first planned for 2022, will open on 10 November 2023 in Doha.\n"
            "The envoys met on Sunday, November 6, in Tehran.")
    assert not _issues(text, "weekday_mismatch")
    # November 6 was a Sunday in 2022, a Monday in 2023, a Wednesday in 2024: never a Friday
    text_bad = text.replace("Sunday", "Friday")
    [issue] = _issues(text_bad, "weekday_mismatch")
    assert issue.replacements == ()  # several years possible: no single candidate


def test_bare_day_is_expanded_when_one_date_fits() -> None:
    # 12 March 2023 was a Sunday; 12 February 2023 too, but it is 30 days before the date line
    text = "Tehran, March 14, 2023\nThe talks were held on Sunday (12) in Tehran."
    [issue] = _issues(text, "bare_day_in_brackets")
    assert issue.span == "12"
    assert issue.replacements == ("March 12",)
    assert fix(Document.from_text(text), RULES).fixed.text.endswith("Sunday (March 12) in Tehran.")


def test_bare_day_whose_weekday_fits_no_nearby_date_is_only_flagged() -> None:
    # 12 March 2023 was a Sunday, not a Monday; 12 April 2023 a Wednesday
    text = "Tehran, March 14, 2023\nThe talks were held on Monday (12) in Tehran."
    [issue] = _issues(text, "bare_day_in_brackets")
    assert issue.replacements == ()
    assert fix(Document.from_text(text), RULES).fixed.text == text


def test_month_names_are_case_sensitive() -> None:
    text = "Kabul, 2 March 2021\nOn Tuesday, may 4 be the day?"
    assert not _issues(text, "weekday_mismatch")


def _table(**options: object) -> RuleTable:
    [base] = [t for t in load_tables() if t.id == "weekdays"]
    return RuleTable(base.id, base.kind, base.path, base.category, base.severity, base.message,
                     base.confidence, base.entries, {**base.options, **options})


def test_table_needs_seven_weekdays_and_twelve_months() -> None:
    with pytest.raises(TableError, match="7 weekdays"):
        build_rules([_table(weekdays=[["Monday"]])])
    with pytest.raises(TableError, match="12 months"):
        build_rules([_table(months=[["January"]])])


def test_unknown_check_is_a_table_error() -> None:
    [base] = [t for t in load_tables() if t.id == "weekdays"]
    bad = RuleTable(base.id, base.kind, base.path, base.category, base.severity, base.message,
                    base.confidence, ({"id": "x", "check": "moon"},), base.options)
    with pytest.raises(TableError, match="unknown check"):
        build_rules([bad])
