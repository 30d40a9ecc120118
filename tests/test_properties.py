"""Property tests (hypothesis): for arbitrary Unicode text (RTL marks, zero-width joiners,
combining marks, CR/LF/CRLF, lone surrogates escaped in JSON), ``check`` never crashes and keeps
offsets in range, ``fix`` keeps every byte outside its edits and is idempotent, and the text,
JSONL, TSV and PO readers write an untouched document back byte for byte."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mtfix import Document, FixResult, check, fix, load_rules, read_document, write_document

RULES = load_rules()
EXAMPLES = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that make the punctuation, quote and date rules fire, mixed into arbitrary text.
PHRASES = ["It ended in mid-October. .", " ,", ",,", " .", "“", "”", "\"", "'", "(", ")",
           "January 18 (Marghumi 28)", "Also read this article", "on Thursday,", "..", "!!",
           "\u200f", "\u200e", "\u200d", "\u200c", "\u0301", "\ufeff", "\u202b", "\u2028", "\x85",
           "\r\n", "\r", "\n", " ", "\t", "۱۴۰۲", "كابل", "د", "5", "2024"]
# NUL marks a binary file (refused by design); lone surrogates: in the JSON tests only
ALPHABET = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
TEXT = st.lists(st.one_of(st.sampled_from(PHRASES), st.text(ALPHABET, max_size=12)),
                max_size=25).map("".join)
LINE = st.lists(st.one_of(st.sampled_from([p for p in PHRASES if not set(p) & set("\r\n\t")]),
                          st.text(st.characters(blacklist_categories=("Cs",),
                                                blacklist_characters="\r\n\t\x00"),
                                  max_size=12)),
                max_size=12).map("".join)


# Rules whose fix can expose a new match of their own pattern, so a second ``fix`` edits again
# (found by this test and benchmarks/fuzz.py; the tables' owners fix them, then drop them here):
# an entity's short form ("Sudani") that becomes "inconsistent" only once another mention
# ("Sudanese" as the person) was fixed to the short form "al-Sudani".
KNOWN_NOT_IDEMPOTENT = {"entities-iraq.mohammed_shia_al_sudani"}


def assert_idempotent(again: FixResult) -> None:
    offenders = {e.rule_id for e in again.edits} - KNOWN_NOT_IDEMPOTENT
    assert not offenders, [e.to_dict() for e in again.edits]


def assert_edits_only(result: FixResult) -> None:
    """Each fixed segment is its original with the edits spliced in, nothing else changed."""
    by_segment: dict[int, list] = {}
    for e in result.edits:
        by_segment.setdefault(e.segment, []).append(e)
    for old, new in zip(result.original.segments, result.fixed.segments, strict=True):
        parts, pos = [], 0
        for e in sorted(by_segment.get(old.index, []), key=lambda e: e.start):
            assert old.text[e.start:e.end] == e.old
            parts += [old.text[pos:e.start], e.new]
            pos = e.end
        assert new.text == "".join(parts) + old.text[pos:]
        assert new.eol == old.eol


@EXAMPLES
@given(TEXT)
def test_check_never_crashes_and_offsets_hold(text: str) -> None:
    doc = Document.from_text(text)
    assert doc.text == text
    for issue in check(doc, RULES):
        seg = doc.segments[issue.segment]
        assert 0 <= issue.start <= issue.end <= len(seg.text)
        assert seg.text[issue.start:issue.end] == issue.span


@EXAMPLES
@given(TEXT)
# tidied to ".!!", the line once matched the emphatic-promo pattern on the second pass
@example(text="It ended in mid-October. .!! .")
def test_fix_changes_only_its_edits_and_is_idempotent(text: str) -> None:
    doc = read_document("p.txt", "text", data=text.encode("utf-8"))
    result = fix(doc, RULES)
    assert_edits_only(result)
    out = write_document(result.fixed)
    if not result.edits:
        assert out == text
    assert_idempotent(fix(read_document("p.txt", "text", data=out.encode("utf-8")), RULES))


JSON_TEXT = st.lists(st.one_of(st.sampled_from(PHRASES),  # with lone surrogates
                               st.text(st.characters(blacklist_characters="\x00"), max_size=8)),
                     max_size=10).map("".join)


@EXAMPLES
@given(st.lists(st.tuples(JSON_TEXT, JSON_TEXT), min_size=1, max_size=5), st.booleans(),
       st.sampled_from(["\n", "\r\n"]))
def test_jsonl_round_trip(rows: list[tuple[str, str]], ascii_only: bool, eol: str) -> None:
    def dump(obj: dict) -> str:  # lone surrogates can only be written escaped
        has_surrogate = any("\ud800" <= c <= "\udfff" for v in obj.values() for c in str(v))
        return json.dumps(obj, ensure_ascii=ascii_only or has_surrogate)

    raw = "".join(dump({"src": s, "mt": m, "n": 1}) + eol for s, m in rows).encode("utf-8")
    doc = read_document("p.jsonl", data=raw)
    assert write_document(doc).encode("utf-8") == raw
    result = fix(doc, RULES)
    assert_edits_only(result)
    out = write_document(result.fixed).encode("utf-8")  # encodable: surrogates stay escaped
    fixed = read_document("p.jsonl", data=out)
    assert [s.text for s in fixed.segments] == [
        "" if s.dropped else s.text for s in result.fixed.segments]
    for line_in, line_out, seg in zip(raw.splitlines(), out.splitlines(), doc.segments,
                                      strict=True):
        if seg.index not in {e.segment for e in result.edits}:
            assert line_in == line_out


@EXAMPLES
@given(st.lists(st.tuples(LINE, LINE), max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_tsv_round_trip(rows: list[tuple[str, str]], eol: str) -> None:
    raw = ("id\tsrc\tmt" + eol + "".join(f"{n}\t{s}\t{m}{eol}" for n, (s, m) in
                                         enumerate(rows))).encode("utf-8")
    doc = read_document("p.tsv", data=raw)
    assert write_document(doc).encode("utf-8") == raw
    result = fix(doc, RULES)
    assert_edits_only(result)
    out = write_document(result.fixed)
    assert out.splitlines()[0] == "id\tsrc\tmt"
    assert_idempotent(fix(read_document("p.tsv", data=out.encode("utf-8")), RULES))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE.filter(str.strip), min_size=1, max_size=4, unique=True),
       st.lists(LINE, min_size=4, max_size=4))
def test_po_round_trip(sources: list[str], targets: list[str]) -> None:
    from translate.storage.po import pofile

    store = pofile()
    for s, t in zip(sources, targets, strict=False):
        store.addsourceunit(s).target = t
    raw = bytes(store)
    doc = read_document("p.po", data=raw)
    assert write_document(doc).encode("utf-8") == raw
    result = fix(doc, RULES)
    out = write_document(result.fixed, result.edits).encode("utf-8")
    reread = read_document("p.po", data=out)
    expected = [a.text if b.dropped else b.text
                for a, b in zip(doc.segments, result.fixed.segments, strict=True)]
    assert [s.text for s in reread.segments] == expected
