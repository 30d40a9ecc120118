"""Readers and writers keep everything outside an edit byte for byte."""

from __future__ import annotations

import json

import pytest

from mtfix import Columns, fix, load_rules, read_document, write_document
from mtfix.errors import UserError

RULES = load_rules()


def test_text_round_trip_keeps_blank_lines_endings_and_bom() -> None:
    raw = "\ufeffFirst line.\r\n\r\nThird line.\nlast without newline"
    doc = read_document("x.txt", data=raw.encode("utf-8"))
    assert write_document(doc) == raw
    assert len(doc.segments) == 4


def test_jsonl_fix_changes_only_the_mt_field() -> None:
    rows = [{"id": 1, "src": "x", "mt": "A member of Harakat al-Najaba died.", "other": "é"},
            {"id": 2, "src": "y", "mt": "Fine text.", "other": "\u00e9"}]
    raw = "".join(json.dumps(r, ensure_ascii=True) + "\n" for r in rows)
    doc = read_document("x.jsonl", data=raw.encode())
    assert doc.segments[0].source == "x"
    out = write_document(fix(doc, RULES).fixed).splitlines()
    assert json.loads(out[0])["mt"] == "A member of Harakat al-Nujaba died."
    assert json.loads(out[0])["other"] == "é"
    assert out[1] == raw.splitlines()[1]  # untouched line byte for byte


def test_jsonl_nested_column() -> None:
    raw = json.dumps({"hypotheses": {"sysA": "In Kabul,, officials said."}}) + "\n"
    doc = read_document("x.jsonl", data=raw.encode(), columns=Columns(mt="hypotheses.sysA"))
    out = json.loads(write_document(fix(doc, RULES).fixed))
    assert out["hypotheses"]["sysA"] == "In Kabul, officials said."


def test_tsv_columns_and_errors() -> None:
    raw = 'id\tsrc\tmt\n1\t"a\tIn Kabul,, officials said "so".\n2\tb\tFine.\n'
    doc = read_document("x.tsv", data=raw.encode())
    out = write_document(fix(doc, RULES).fixed)
    assert out == 'id\tsrc\tmt\n1\t"a\tIn Kabul, officials said "so".\n2\tb\tFine.\n'
    with pytest.raises(UserError, match="no column 'hyp'"):
        read_document("x.tsv", data=raw.encode(), columns=Columns(mt="hyp"))
    with pytest.raises(UserError, match="3 fields"):
        read_document("x.tsv", data=b"a\tb\n1\t2\t3\n", columns=Columns(mt="a"))


def test_bad_json_line_is_a_user_error() -> None:
    with pytest.raises(UserError, match="x.jsonl:2"):
        read_document("x.jsonl", data=b'{"mt": "a"}\n{oops\n')


def test_po_round_trip_and_fix() -> None:
    from translate.storage.po import pofile

    store = pofile()
    store.addsourceunit("Kabul").target = "In Kabul,, officials said."
    store.addsourceunit("Fine").target = "Fine text."
    raw = bytes(store)
    doc = read_document("x.po", data=raw)
    assert [s.text for s in doc.segments] == ["In Kabul,, officials said.", "Fine text."]
    assert doc.segments[0].source == "Kabul"
    assert write_document(doc).encode("utf-8") == raw  # nothing changed, nothing rewritten
    fixed = pofile(write_document(fix(doc, RULES).fixed).encode("utf-8"))
    assert [u.target for u in fixed.units if not u.isheader()] == [
        "In Kabul, officials said.", "Fine text."]


def test_bad_po_is_a_user_error() -> None:
    with pytest.raises(UserError, match="cannot parse as xliff"):
        read_document("x.xlf", data=b"<xliff><file")


def test_only_cr_and_lf_end_lines() -> None:
    raw = "a\x85b\u2028c\x0bd\re\r\nf"
    doc = read_document("x.txt", data=raw.encode("utf-8"))
    assert [s.text for s in doc.segments] == ["a\x85b\u2028c\x0bd", "e", "f"]
    assert write_document(doc) == raw
