"""Issue 2 acceptance on the seed document: gold spans fixed exactly, detected, do no harm."""

from __future__ import annotations

import json

import pytest
from conftest import SEED, SEED_GOLD, SEED_POSTEDIT

from mtfix import Document, FixResult, check, fix, load_rules, read_document, write_document
from mtfix.rules import build_rules
from mtfix.rules.entity import house_style_table

# The seed's post-edit follows the wire services' spellings (its gold marks "Muhammad Shia
# Al-Sudani" -> "Mohammed Shia al-Sudani" as a style normalisation), so it is fixed under the
# canonical house style; the shipped default keeps a document's accepted variants.
RULES = build_rules([*load_rules().tables, house_style_table("canonical")])
MUST_FIX = ["Sudanese", "Sudani said that", "destructive groups", " (Marghumi 28)",
            "Harakat al-Najaba", "International Economic Forum", "since mid-October. .",
            "Also read this article\n",
            "Al-Sudani: I am determined to end the presence of the US-led international "
            "coalition in Iraq\n"]


def gold() -> list[dict]:
    return [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines()]


def doc_offset_map(result: FixResult):
    """Map an offset in the original file text to the fixed file text, via the edit log."""
    doc = result.original
    shifts = []  # (doc_start, doc_end, new_len)
    for e in result.edits:
        seg = doc.segments[e.segment]
        if e.drop_segment:
            shifts.append((seg.offset, seg.offset + len(seg.text) + len(seg.eol), 0))
        else:
            shifts.append((seg.offset + e.start, seg.offset + e.end, len(e.new)))
    shifts.sort()

    def mapped(pos: int, side: str) -> int:
        delta = 0
        for s, t, n in shifts:
            if t <= pos if side == "start" else t <= pos and not (s == t == pos):
                delta += n - (t - s)
            elif s < pos < t:
                raise AssertionError("offset inside an edit")
        return pos + delta

    return mapped


@pytest.fixture(scope="module")
def seed_result() -> FixResult:
    return fix(read_document(str(SEED)), RULES)


def test_seed_offsets_match_gold_text() -> None:
    text = SEED.read_text(encoding="utf-8")
    for g in gold():
        assert text[g["start"]:g["end"]] == g["span"]


@pytest.mark.parametrize("span", MUST_FIX)
def test_gold_replacement_applied_exactly(seed_result: FixResult, span: str) -> None:
    (g,) = [g for g in gold() if g["span"] == span]
    fixed = write_document(seed_result.fixed)
    mapped = doc_offset_map(seed_result)
    start, end = mapped(g["start"], "start"), mapped(g["end"], "end")
    assert fixed[start:end] == g["replacement"], (span, fixed[start - 20:end + 20])


def test_check_reports_12_of_13_gold_spans() -> None:
    """Issue 2 asks for 11 of 13; the rules find 12. The one missed is a grammar error no rule
    kind covers (the model stage's job)."""
    doc = read_document(str(SEED))
    found = [i.to_dict(doc) for i in check(doc, RULES)]
    missed = [g["span"] for g in gold()
              if not any(f["doc_start"] < g["end"] and g["start"] < f["doc_end"] for f in found)]
    assert missed == ["has attacked"]


def test_every_issue_span_matches_its_offsets() -> None:
    doc = read_document(str(SEED))
    for issue in check(doc, RULES):
        assert doc.segments[issue.segment].text[issue.start:issue.end] == issue.span


def test_postedit_unchanged() -> None:
    data = SEED_POSTEDIT.read_bytes()
    result = fix(read_document(str(SEED_POSTEDIT)), RULES)
    assert not result.edits, [e.to_dict() for e in result.edits]
    assert write_document(result.fixed).encode("utf-8") == data


def test_fix_is_idempotent_on_the_seed(seed_result: FixResult) -> None:
    fixed_text = write_document(seed_result.fixed)
    again = fix(read_document("fixed.txt", data=fixed_text.encode("utf-8")), RULES)
    assert not again.edits, [e.to_dict() for e in again.edits]


def test_chrf_before_and_after_fix_are_the_measured_figures(seed_result: FixResult) -> None:
    """Issue 2 asks for +5 chrF points; the raw seed already scores 95.76 against the
    post-edit, so +4.24 is the ceiling. The fix reaches 98.98 (+3.22): the figure is asserted
    exactly (two decimals), so any change to what the rules do on the seed shows here."""
    from sacrebleu.metrics import CHRF

    ref = SEED_POSTEDIT.read_text(encoding="utf-8")
    raw = SEED.read_text(encoding="utf-8")
    fixed = write_document(seed_result.fixed)
    chrf = CHRF()
    before = chrf.corpus_score([raw], [[ref]]).score
    after = chrf.corpus_score([fixed], [[ref]]).score
    assert (round(before, 2), round(after, 2)) == (95.76, 98.98)


def test_text_outside_edits_is_untouched_with_crlf() -> None:
    raw = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    doc = read_document("crlf.txt", data=raw.encode("utf-8"))
    out = write_document(fix(doc, RULES).fixed)
    assert "\n" not in out.replace("\r\n", "")
    assert out.count("\r\n") == raw.count("\r\n") - 2  # the two boilerplate lines go
    assert Document.from_text(raw).text == raw
