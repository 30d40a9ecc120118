"""Synthetic corruption: determinism, offset integrity, reversibility, each kind's output."""

from __future__ import annotations

import random
from pathlib import Path

import jdatetime
import pytest

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
        seen |= set(g.generate_document(sentences, seed=seed, rate=1.0, rules=rules()).counts())
    assert seen == set(g.available_kinds())


def test_read_sentences_reads_tsv_without_quoting(tmp_path: Path) -> None:
    p = tmp_path / "x.tsv"
    p.write_text('id\tps\ten\n0\tx\tHe said "yes\n1\ty\tShe said no."\n', encoding="utf-8")
    assert g.read_sentences(p, "en") == ['He said "yes', 'She said no."']


def test_reverse_rules_from_the_shipped_tables() -> None:
    tables = pytest.importorskip("mtfix.tables")
    loaded = tables.load_tables()
    got = g.reverse_rules_from_tables(loaded)
    ids = {r.rule_id.split(".")[0] for r in got}
    assert got and ids <= {t.id for t in loaded}
    assert all(r.wrong != r.fixed and "\n" not in r.wrong for r in got)
