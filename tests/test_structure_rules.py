"""Sentence splits and punctuation (issue 11) on whole documents: the rules work together, keep
clean text clean and fix only what they are sure of. Sentences written for these tests."""

from __future__ import annotations

from mtfix import Document, check, fix, load_rules

RULES = load_rules()


def _rules_fired(text: str) -> set[str]:
    return {i.rule_id for i in check(Document.from_text(text), RULES)}


def test_split_dateline_and_stray_marks_fixed_in_one_pass() -> None:
    text = ("Kabul – Example News\n"
            ", today, the council met in Herat ,said the governor.\n"
            "He called it “a new start”.” Then he left.")
    result = fix(Document.from_text(text), RULES)
    assert result.fixed.text == ("Kabul – Example News\n"
                                 "Today, the council met in Herat, said the governor.\n"
                                 "He called it “a new start.” Then he left.")
    assert fix(result.fixed, RULES).fixed.text == result.fixed.text


def test_turned_quote_only_at_the_end_of_a_line() -> None:
    assert "punctuation-marks.turned_closing_quote" in _rules_fired(
        "He said: “The roads are open. “\n\nThe next day the roads closed.")
    assert "punctuation-marks.turned_closing_quote" not in _rules_fired(
        "He said: “The roads are open.” Then: “The bridges too.”")


def test_split_attribution_flagged_not_fixed() -> None:
    text = "Talks will resume next week. the foreign minister added that both sides agreed."
    doc = Document.from_text(text)
    assert "sentence-splits.lower_case_after_full_stop" in {i.rule_id for i in check(doc, RULES)}
    assert fix(doc, RULES).fixed.text == text


def test_fragments_are_never_the_first_sentence_of_a_line() -> None:
    fired = _rules_fired("Officials say.\nAdded.")
    assert not {"fragments.reporting_clause_only", "fragments.reporting_verb_only"} & fired


def test_clean_paragraph_stays_clean() -> None:
    text = ("On Monday, the ministry said in a statement that it would reopen the road. “We "
            "will rebuild the bridge,” the minister said. The teachers’ union, which met on "
            "Sunday, called the plan “a good start.” With the vote over, the parliament "
            "adjourned. Officials say the road will reopen by 10 a.m. on Tuesday.")
    fired = {r for r in _rules_fired(text)
             if r.split(".")[0] in ("punctuation-marks", "sentence-splits", "weekdays")
             or r.startswith("fragments.")}
    assert not fired
