"""Names rendered as common words, found from the document's own context (name-meaning kind),
and misspelled names found by a transliteration-aware key (fuzzy-name kind).

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from mtfix import Document, check, fix, load_rules
from mtfix.rules.name_context import name_skeleton

RULES = load_rules()


def _issues(text: str, prefix: str) -> list[tuple[str, tuple[str, ...], float]]:
    return [(i.span, i.replacements, i.confidence)
            for i in check(Document.from_text(text), RULES) if i.rule_id.startswith(prefix)]


def _fixed(text: str) -> str:
    return fix(Document.from_text(text), RULES).fixed.text


@pytest.mark.parametrize("wrong,expected", [
    ("Prime Minister Mohammed Shia al-Sudani chaired the meeting.\n"
     "The Sudanese stressed that salaries would be paid.",
     "Prime Minister Mohammed Shia al-Sudani chaired the meeting.\n"
     "Al-Sudani stressed that salaries would be paid."),
    ("Al-Sudani flew to Ankara. Officials praised the Sudanese's meeting with the president.",
     "Al-Sudani flew to Ankara. Officials praised al-Sudani's meeting with the president."),
    ("Rivals demanded the resignation of the Sudanese. Al-Sudani refused.",
     "Rivals demanded the resignation of al-Sudani. Al-Sudani refused."),
    ("The envoy pledged to back the Sudanese and his cabinet. Al-Sudani thanked him.",
     "The envoy pledged to back al-Sudani and his cabinet. Al-Sudani thanked him."),
    ("Abdul Ghani Baradar reached Tashkent. Officials said Brother met the envoy.",
     "Abdul Ghani Baradar reached Tashkent. Officials said Baradar met the envoy."),
    ("Mullah Baradar opened the fair. Brother's speech was short.",
     "Mullah Baradar opened the fair. Baradar's speech was short."),
])
def test_named_person_rendered_as_word_is_fixed_to_the_documents_form(wrong: str,
                                                                      expected: str) -> None:
    assert _fixed(wrong) == expected
    assert _fixed(expected) == expected


@pytest.mark.parametrize("text", [
    "Prime Minister al-Sudani met the Sudanese army chief.",
    "Al-Sudani visited Cairo. Sudanese troops guard the border and Sudan's army chief flew "
    "to Egypt.",
    "Al-Sudani spoke. The Sudanese foreign minister in Khartoum answered.",
    "Mohammed Shia al-Sudani called for aid. The Sudanese are fleeing the fighting.",
    "Abdul Ghani Baradar met traders. His brother runs a shop, and a brother of the minister "
    "said so.",
    "Mullah Abdul Ghani Baradar, nicknamed 'Mullah Brother', spoke. The name means 'brother'.",
])
def test_country_people_and_common_words_stay(text: str) -> None:
    assert _issues(text, "name-meanings.") == []
    assert _fixed(text) == text


def test_country_context_keeps_the_demonym() -> None:
    text = ("Al-Sudani met the envoy. In Khartoum the Sudanese has said the RSF must leave.")
    assert _issues(text, "name-meanings.") == []


def test_unnamed_person_is_flagged_with_a_proposal_not_fixed() -> None:
    text = "Lawmakers in Baghdad said the Sudanese has decided to postpone the budget."
    found = _issues(text, "name-meanings.")
    assert found == [("the Sudanese", ("Mohammed Shia al-Sudani",), 0.5)]
    assert _fixed(text) == text


def test_a_word_the_document_writes_as_a_name_is_fixed_with_its_other_uses() -> None:
    # no English sentence puts a title before the common word: the document itself says
    # "Brother" is a name, so its other uses are the same person
    text = ("Mullah Brother met the trade minister.\n"
            "According to Brother, exports grew.")
    found = _issues(text, "name-meanings.")
    assert found == [("Brother", ("Baradar",), 0.8), ("Brother", ("Baradar",), 0.8)]
    assert _fixed(text) == ("Mullah Baradar met the trade minister.\n"
                            "According to Baradar, exports grew.")


def test_lower_case_word_after_a_title_is_not_fixed() -> None:
    text = "The mullah brother of the victim spoke to reporters."
    assert _fixed(text) == text


def test_weak_signal_alone_is_not_flagged_without_a_name() -> None:
    assert _issues("According to Brother, exports grew.", "name-meanings.") == []


def test_given_names_before_a_nisba_rendered_as_of_place() -> None:
    text = ("Muhammad Shia Al-Sudani won the vote. Envoys congratulated Mohamed Shia of Sudan.")
    assert _fixed(text) == ("Muhammad Shia Al-Sudani won the vote. Envoys congratulated "
                            "Mohamed Shia al-Sudani.")


def test_name_skeleton_merges_transliterations() -> None:
    assert name_skeleton("Mohamed Shia") == name_skeleton("Muhammad Shia")
    assert name_skeleton("Abdulgani") == name_skeleton("Abdul Ghani")
    assert name_skeleton("Ghana") != name_skeleton("Gaza")


@pytest.mark.parametrize("wrong,expected", [
    ("Interior Minister Siraceddin Hakani spoke on Monday.",
     "Interior Minister Sirajuddin Haqqani spoke on Monday."),
    ("The Taliban named Emirhan Muttaki foreign minister.",
     "The Taliban named Amir Khan Muttaqi foreign minister."),
])
def test_letter_level_misspelling_is_fixed(wrong: str, expected: str) -> None:
    assert _fixed(wrong) == expected


def test_misspelling_takes_the_documents_own_listed_form() -> None:
    text = "Amir Khan Mottaqi spoke. Later Emirhan Muttaki left."
    assert _fixed(text) == "Amir Khan Mottaqi spoke. Later Amir Khan Mottaqi left."


def test_vowel_only_difference_is_flagged_not_fixed() -> None:
    text = "Former president Ashraf Ghana apologised to the nation."
    found = _issues(text, "fuzzy-names.")
    assert found == [("Ashraf Ghana", ("Ashraf Ghani",), 0.5)]
    assert _fixed(text) == text


def test_consistent_unlisted_spelling_is_flagged_not_fixed() -> None:
    text = "Siraceddin Hakani spoke. Later Siraceddin Hakani left."
    found = _issues(text, "fuzzy-names.")
    assert [c for _, _, c in found] == [0.5, 0.5]
    assert _fixed(text) == text


@pytest.mark.parametrize("text", [
    "Ghana beat Nigeria in Accra.",
    "Muhammad Shia' al-Sudani met Mohammad Yaqub and Muhammad Yaqoob.",
    "Prime Minister Mohammed Shia al-Sudani met Amir Khan Muttaqi.",
])
def test_listed_and_accepted_spellings_are_left_alone(text: str) -> None:
    assert _issues(text, "fuzzy-names.") == []


def test_title_and_given_names_before_a_word_fix_it() -> None:
    text = "Officials said Molla Abdulgani Brother met traders in Herat."
    assert _issues(text, "name-meanings.") == [("Brother", ("Baradar",), 0.8)]
    assert _fixed(text) == "Officials said Molla Abdulgani Baradar met traders in Herat."


def test_vowel_only_difference_is_fixed_where_the_document_writes_the_listed_form() -> None:
    text = "Ashraf Ghani left Kabul in 2021. Ashraf Ghana later apologised."
    assert _fixed(text) == "Ashraf Ghani left Kabul in 2021. Ashraf Ghani later apologised."


def test_organisation_short_variant_is_not_read_as_a_misspelled_surname() -> None:
    # "Brigade" is the last word of the organisation's name, no reference to it
    text = "Afghan fighters of the Fatimiyoun Brigade fought in Syria."
    assert [r for _, r, _ in _issues(text, "fuzzy-names.")] == []


def test_one_word_reference_to_a_named_person_is_checked_too() -> None:
    text = "Sirajuddin Haqqani spoke in Kabul. Later Hakani left for Khost."
    assert _fixed(text) == "Sirajuddin Haqqani spoke in Kabul. Later Haqqani left for Khost."


def test_one_word_listed_surname_variant_is_left_alone() -> None:
    text = "Speaker Mohammad Bagher Qalibaf opened the session. Ghalibaf spoke first."
    assert _issues(text, "fuzzy-names.") == []


@pytest.mark.parametrize("wrong,expected", [
    ("The Patriotic Union of Kurdistan met in Sulaymaniyah. Barzani informed the National "
     "Union of his choice.",
     "The Patriotic Union of Kurdistan met in Sulaymaniyah. Barzani informed the Patriotic "
     "Union of Kurdistan of his choice."),
    ("Officials in Tehran said the Trump government would not lift sanctions.",
     "Officials in Tehran said the Trump administration would not lift sanctions."),
])
def test_terminology_in_context(wrong: str, expected: str) -> None:
    assert _fixed(wrong) == expected


@pytest.mark.parametrize("wrong,expected", [
    # the Arabic article rendered as "the": the bearer's given names before "the <word>"
    ("Ammar al-Hakim met the envoy. Ammar the Wise said the talks went well.",
     "Ammar al-Hakim met the envoy. Ammar al-Hakim said the talks went well."),
    ("Mohammed Shia al-Sudani chaired the cabinet. Later Mohammed Shia the Sudanese said "
     "salaries were paid.",
     "Mohammed Shia al-Sudani chaired the cabinet. Later Mohammed Shia al-Sudani said "
     "salaries were paid."),
    # a multi-word rendering after a title
    ("Speaker Carpet Weaver closed the session.", "Speaker Ghalibaf closed the session."),
])
def test_given_names_before_the_word_and_multi_word_renderings(wrong: str, expected: str) -> None:
    assert _fixed(wrong) == expected


@pytest.mark.parametrize("text", [
    # "the <word>" without the bearer's given names stays
    "Ammar al-Hakim said the Wise Men of the council had met.",
    # a title-modifier is no title before a surname
    "President Joseph Aoun asked for help. Foreign Aid was cut, and the late Peace Prize "
    "winner spoke.",
    # an abstract word as a sentence subject, and inside an organisation's name
    "Nawaf Salam met the council. Peace is fragile, he said, at the Council for Peace.",
    # a multi-word rendering as an ordinary phrase
    "Abdul Rashid Dostum spoke. My friend told me the war is over.",
    # a title word as the rendering: "Iran's President said" is no name
    "Ebrahim Raisi visited Tabriz. Iran's Chief said nothing, and Deputy Chief Ali agreed.",
    # a capitalised word that starts a longer proper name
    "Mohammad Mohaqiq spoke. According to Researcher Gate, he was cited twice.",
    "Bashar al-Assad fled. The Lion's Den was emptied, and the Lion's share went abroad.",
])
def test_ordinary_uses_of_renderings_stay(text: str) -> None:
    assert _issues(text, "name-meanings") == []
