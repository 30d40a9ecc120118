"""Synthetic corruption: determinism, offset integrity, reversibility, each kind's output."""

from __future__ import annotations

import random
from pathlib import Path

import jdatetime
import pytest

from mtfix.synthetic import entities as ents
from mtfix.synthetic import generator as g

REPO = Path(__file__).resolve().parent.parent
POSTEDIT = REPO / "seeds" / "000_ab0a295c0ca72cec.postedit.txt"

ENTRIES = [
    {"id": "wef", "category": "entity/mistranslation", "severity": "major",
     "examples": [{"wrong": "He spoke at the International Economic Forum in Davos.",
                   "fixed": "He spoke at the World Economic Forum in Davos."},
                  {"correct": "The World Bank met."}]},
    {"id": "sudani", "examples": [
        {"wrong": "Premier Muhammad Shia Al-Sudani spoke.",
         "fixed": "Premier Mohammed Shia al-Sudani spoke."},
        {"wrong": "Sudani flagged only.", "flag": True}]},
    {"id": "off", "disabled": True, "examples": [{"wrong": "Foo Bar", "fixed": "Baz Qux"}]},
]

SENTENCES = [
    "Iraqi Prime Minister Mohammed Shia al-Sudani on Thursday, January 18, once again spoke.",
    "He said during a speech at the World Economic Forum in Davos that the mission must end.",
    "The United States has about 2,500 troops in Iraq and about 900 in Syria.",
    "Since the end of 2021, coalition forces have stopped all combat missions.",
    "The elections were held on March 3, 2022 in the capital",
    "Most of the rocket and drone attacks were claimed by an alliance of armed groups.",
]


FORMS = [
    ents.EntityForm("t.ghani", "person", "Ashraf Ghani Ahmadzai", "Ashraf Ghani",
                    "entity/spelling", "minor"),
    ents.EntityForm("t.kandahar", "place", "Qandahar", "Kandahar", "entity/spelling", "minor"),
]


def rules() -> list[g.ReverseRule]:
    return g.reverse_rules_from_entries(ENTRIES, category="entity/spelling", severity="minor",
                                        table_id="t")


def check_integrity(doc: g.SyntheticDocument) -> None:
    for s in doc.spans:
        assert doc.text[s.start:s.end] == s.span
    ordered = sorted(doc.spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:], strict=False))
    assert doc.restored() == doc.clean


def test_reverse_rules_come_from_wrong_fixed_examples_only() -> None:
    got = {(r.rule_id, r.wrong, r.fixed, r.category, r.severity) for r in rules()}
    assert got == {
        ("t.wef", "International Economic Forum", "World Economic Forum",
         "entity/mistranslation", "major"),
        ("t.sudani", "Muhammad Shia Al-Sudani", "Mohammed Shia al-Sudani",
         "entity/spelling", "minor"),
    }


def test_table_kind_splices_the_wrong_form_where_the_fixed_form_is() -> None:
    out = g.splice_reverse_rule(SENTENCES[1], random.Random(0), rules())
    assert out is not None
    assert "International Economic Forum in Davos" in out.text
    (span,) = out.spans
    assert out.text[span.start:span.end] == "International Economic Forum"
    assert span.correction == "World Economic Forum" and span.rule_id == "t.wef"
    assert g.splice_reverse_rule(SENTENCES[2], random.Random(0), rules()) is None


def test_calendar_parenthetical_uses_the_right_native_date() -> None:
    out = g.calendar_parenthetical(SENTENCES[4], random.Random(5))
    assert out is not None
    (span,) = out.spans
    j = jdatetime.date.fromgregorian(year=2022, month=3, day=3)
    month_names = {names[j.month - 1] for names in g.SOLAR_MONTHS.values()}
    name, day_year = span.span.strip(" ()").split(" ", 1)
    assert name in month_names and day_year == f"{j.day}, {j.year}"
    assert out.text.startswith("The elections were held on March 3, 2022 (")
    # without a year in the sentence the day still follows the Gregorian date for some year
    out = g.calendar_parenthetical(SENTENCES[0], random.Random(1))
    assert out is not None and out.spans[0].start == SENTENCES[0].index("18") + 2
    days = {jdatetime.date.fromgregorian(year=y, month=1, day=18).day for y in range(2010, 2025)}
    assert any(str(d) in out.spans[0].span for d in days)


def test_doubled_stop_and_boilerplate_spans() -> None:
    out = g.doubled_stop(SENTENCES[2], random.Random(0))
    assert out is not None and out.text.endswith("Syria. .") and out.spans[0].span == " ."
    assert g.doubled_stop(SENTENCES[4], random.Random(0)) is None  # no final full stop
    doc = g.generate_document(SENTENCES, seed=3, rate=1.0, kinds=("boilerplate",))
    check_integrity(doc)
    spans = [s for s in doc.spans if s.kind == "boilerplate"]
    assert len(spans) == 2 * len(SENTENCES)
    leads = [s.span for s in spans[::2]]
    assert all(lead.rstrip("\n") in g.BOILERPLATE_LEADS for lead in leads)
    assert all(s.span.endswith("\n") for s in spans)
    headlines = [s.span.strip() for s in spans[1::2]]
    assert all(not h.endswith(".") and 3 <= len(h.split()) <= 12 for h in headlines)


def test_same_seed_same_document_other_seed_differs() -> None:
    sentences = POSTEDIT.read_text(encoding="utf-8").splitlines()
    a = g.generate_document(sentences, seed=11, rate=0.8, rules=rules())
    b = g.generate_document(sentences, seed=11, rate=0.8, rules=rules())
    c = g.generate_document(sentences, seed=12, rate=0.8, rules=rules())
    assert a == b and a.gold_jsonl() == b.gold_jsonl()
    assert a.text != c.text
    for doc in (a, c):
        check_integrity(doc)
        assert doc.clean == "".join(s + "\n" for s in sentences)


@pytest.mark.parametrize("seed", range(8))
def test_every_kind_keeps_offsets_and_restores_clean_text(seed: int) -> None:
    sentences = POSTEDIT.read_text(encoding="utf-8").splitlines() + SENTENCES
    doc = g.generate_document(sentences, seed=seed, rate=0.9, rules=rules())
    check_integrity(doc)
    assert doc.spans


def test_all_kinds_occur_on_the_seed_post_edit() -> None:
    sentences = POSTEDIT.read_text(encoding="utf-8").splitlines() + SENTENCES
    seen: set[str] = set()
    for seed in range(30):
        doc = g.generate_document(sentences, seed=seed, rate=1.0, rules=rules(), forms=FORMS)
        seen |= set(doc.counts())
    assert seen == set(g.available_kinds())


def test_read_sentences_reads_tsv_without_quoting(tmp_path: Path) -> None:
    p = tmp_path / "x.tsv"
    p.write_text('id\tps\ten\n0\tx\tHe said "yes\n1\ty\tShe said no."\n', encoding="utf-8")
    assert g.read_sentences(p, "en") == ['He said "yes', 'She said no."']


def test_reverse_rules_from_the_shipped_tables() -> None:
    tables = pytest.importorskip("mtfix.rules")
    loaded = tables.load_tables()
    got = g.reverse_rules_from_tables(loaded)
    ids = {r.rule_id.split(".")[0] for r in got}
    assert got and ids <= {t.id for t in loaded}
    assert all(r.wrong != r.fixed and "\n" not in r.wrong for r in got)


def test_entity_kind_puts_the_canonical_form_in_the_clean_text_and_a_wrong_one_in_the_mt() -> None:
    sentence = "Speaking in Geneva, John Smith said the talks would resume."
    assert ents.name_slots(sentence) == [("person", 20, 30), ("place", 12, 18)]
    out = g.entity_in_slot(sentence, random.Random(0), FORMS)
    assert out is not None and out.clean is not None
    (span,) = out.spans
    assert out.text[span.start:span.end] == span.span
    assert out.clean == out.text[:span.start] + span.correction + out.text[span.end:]
    assert (span.span, span.correction) in {("Ashraf Ghani Ahmadzai", "Ashraf Ghani"),
                                            ("Qandahar", "Kandahar")}
    doc = g.generate_document([sentence, "No slot here at all."], seed=2, rate=1.0,
                              kinds=("entity",), forms=FORMS)
    check_integrity(doc)
    assert doc.counts() == {"entity": 1} and "John Smith" not in doc.clean


def test_name_slots_skip_pronouns_months_and_titles_alone() -> None:
    assert ents.name_slots("The Minister said no. It happened in March.") == []
    assert ents.name_slots("He said it was cold in Kabul.") == [("place", 23, 28)]


def test_entity_forms_keep_only_forms_wrong_everywhere() -> None:
    tables = pytest.importorskip("mtfix.rules").load_tables()
    forms = ents.entity_forms(tables)
    by_id = {}
    for f in forms:
        by_id.setdefault(f.rule_id, set()).add(f.wrong)
    # a misspelling always; a variant of a policy-first entry (one spelling among several) never
    assert "Harakat al-Najaba" not in {w for ws in by_id.values() for w in ws}  # organization
    firsts = {t.entry_rule_id(e) for t in tables if t.kind == "entity" for e in t.entries
              if e.get("policy") == "first"}
    for t in tables:
        for e in t.entries:
            rid = t.entry_rule_id(e) if t.kind == "entity" else None
            if rid in firsts:
                assert by_id.get(rid, set()) <= set(e.get("misspellings", []))
    natives = ents.native_forms(tables)
    assert natives and all(f.category == "accuracy/untranslated" for f in natives)


def test_context_bound_entries_are_not_reversed() -> None:
    entries = [
        {"id": "ctx", "segment": "Kabul", "examples": [
            {"wrong": "The Fatih ceremony was held.", "fixed": "The memorial ceremony was held."}]},
        {"id": "mt", "mistranslations": [{"text": "rich"}], "examples": [
            {"wrong": "Rich said no.", "fixed": "Ghani said no."}]},
    ]
    assert g.reverse_rules_from_entries(entries) == []


def test_a_splice_must_match_the_entry_pattern() -> None:
    rule = g.ReverseRule("t.fatih", "Fatih", "memorial", "terminology/mistranslation", "major",
                         pattern=r"\bFatih(?=\s+ceremony\b)")
    assert g.splice_reverse_rule("The memorial service was held.", random.Random(0), [rule]) is None
    out = g.splice_reverse_rule("The memorial ceremony was held.", random.Random(0), [rule])
    assert out is not None and out.text == "The Fatih ceremony was held."


def test_quote_and_digit_corruptions() -> None:
    out = g.stray_closing_quote("He said: “It is over.” It is also necessary.", random.Random(0))
    assert out is not None and out.text.endswith("necessary.”")
    assert out.spans[0].span == "”" and out.spans[0].category == "fluency/quotes"
    assert g.stray_closing_quote("No quotation here.", random.Random(0)) is None
    out = g.persian_digits("The attack killed 12 people.", random.Random(0))
    assert out is not None and out.text == "The attack killed ۱۲ people."
    assert out.spans[0].correction == "12"
    assert g.persian_digits("Version 2.5 of it.", random.Random(0)) is None


def test_only_well_formed_sentences_are_used() -> None:
    assert g.well_formed("He said: “It is over.”")
    assert not g.well_formed("He said: “It is over.” Then he left.”")
    assert not g.well_formed("It ended. .")
    assert not g.well_formed("The ولسوالی is large.")
    doc = g.generate_document(["It ended. .", "A clean line."], seed=0, rate=0.0)
    assert doc.clean == "A clean line.\n"
