"""PO, XLIFF and TMX: untouched files and units stay byte for byte, machine edits are marked
for review in the format's own vocabulary, boilerplate units are flagged rather than emptied,
and unsafe XML (entity expansion, external entities) is refused with exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from mtfix import UserError, fix, load_rules, read_document, write_document

RULES = load_rules()
BAD = "It ended in mid-October. ."  # the doubled full stop rule fixes it
GOOD = "The talks ended on Friday."
BOILER = "Also read this article"

XLIFF12 = """<?xml version='1.0' encoding='UTF-8'?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file target-language="en" source-language="fa" original="news.txt" datatype="plaintext">
    <body>
      <trans-unit  id="u1" approved="yes" resname='first'>
        <source>a</source>
        <target xml:lang="en" state="translated">{first}</target>
      </trans-unit>
      <trans-unit resname="second"   id="u2">
        <source>b</source>
        <target state='final'   >{second}</target>
      </trans-unit>
      <trans-unit id="u3"><source>c</source><target>{third}</target></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fa" trgLang="en">
 <file id="f1">
  <unit id="1"><segment state="final"><source>a</source><target>{first}</target></segment></unit>
  <unit id="2"><segment  state="reviewed"><source>b</source><target>{second}</target></segment>
  </unit>
 </file>
</xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="fa" adminlang="en" segtype="sentence" datatype="plaintext"
 o-tmf="x" creationtool="t" creationtoolversion="1"/>
<body>
<tu tuid="1"><tuv xml:lang="fa"><seg>a</seg></tuv><tuv xml:lang="en"><seg>{first}</seg></tuv></tu>
<tu   tuid="2"><tuv xml:lang="fa"><seg>b</seg></tuv>
<tuv xml:lang="en"><seg>{second}</seg></tuv></tu>
</body></tmx>
"""

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: news.txt:1
msgid "a"
msgstr "{first}"

msgid "b"
msgstr ""
"{second}"

msgid "c"
msgstr "{third}"
"""


def roundtrip(template: str, ext: str, **texts: str) -> tuple[bytes, str, object]:
    raw = template.format(**{"first": GOOD, "second": GOOD, "third": GOOD, **texts}).encode()
    doc = read_document(f"x.{ext}", data=raw)
    result = fix(doc, RULES)
    return raw, write_document(result.fixed, result.edits), result


@pytest.mark.parametrize(("template", "ext"), [(XLIFF12, "xlf"), (XLIFF20, "xlf"), (TMX, "tmx"),
                                               (PO, "po")])
def test_untouched_file_is_byte_identical(template: str, ext: str) -> None:
    raw, out, result = roundtrip(template, ext)
    assert not result.edits
    assert out.encode() == raw


def test_xliff12_edit_marked_for_review_and_other_units_untouched() -> None:
    raw, out, result = roundtrip(XLIFF12, "xlf", first=BAD)
    assert [e.rule_id for e in result.edits] == ["punctuation.doubled_full_stop"]
    text = raw.decode()
    # every byte outside the first unit is unchanged
    unit_end = text.index("</trans-unit>") + len("</trans-unit>")
    assert out.endswith(text[unit_end:])
    assert out.startswith(text[:text.index("<trans-unit")])
    first = out[out.index("<trans-unit"):out.index("</trans-unit>")]
    assert 'approved="no"' in first and 'approved="yes"' not in first
    assert 'state="needs-review-translation"' in first
    assert ">It ended in mid-October.</target>" in first
    assert '<note from="mtfix">' in first and "punctuation.doubled_full_stop" in first
    assert "resname='first'" in first  # attributes keep their order and quotes
    again = read_document("x.xlf", data=out.encode())
    assert again.segments[0].text == "It ended in mid-October."
    assert not fix(again, RULES).edits  # idempotent


def test_xliff20_edit_is_translated_not_final() -> None:
    raw, out, _ = roundtrip(XLIFF20, "xlf", second=BAD)
    first_unit = raw.decode().split("</unit>")[0]
    assert out.startswith(first_unit)  # untouched unit: same bytes
    second = out.split("</unit>")[1]
    assert '<segment  state="translated">' in second and 'state="reviewed"' not in second
    assert '<notes><note category="mtfix">' in second


def test_tmx_edit_gets_a_note() -> None:
    raw, out, _ = roundtrip(TMX, "tmx", second=BAD)
    assert out.split('<tu   tuid="2">')[0] == raw.decode().split('<tu   tuid="2">')[0]
    assert '<tu   tuid="2"><note>mtfix (punctuation.doubled_full_stop)' in out
    assert "<seg>It ended in mid-October.</seg>" in out


def test_po_edit_is_fuzzy_with_comment_and_other_entries_untouched() -> None:
    raw, out, _ = roundtrip(PO, "po", second=BAD)
    text = raw.decode()
    head, _, tail = text.partition('msgid "b"')
    assert out.startswith(head)
    assert out.endswith(tail[tail.index('msgid "c"'):])
    assert '#, fuzzy\nmsgid "b"\nmsgstr "It ended in mid-October."' in out
    assert "# mtfix (punctuation.doubled_full_stop): machine edit" in out


@pytest.mark.parametrize(("template", "ext", "mark"), [
    (PO, "po", "#, fuzzy"), (XLIFF12, "xlf", 'state="needs-review-translation"'),
    (TMX, "tmx", "<note>mtfix")])
def test_boilerplate_unit_is_flagged_not_emptied(template: str, ext: str, mark: str) -> None:
    raw, out, result = roundtrip(template, ext, first=BOILER)
    assert any(e.drop_segment for e in result.edits)
    assert mark in out and "looks like boilerplate" in out
    assert read_document(f"x.{ext}", data=out.encode()).segments[0].text == BOILER


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xliff version="1.2"><file><body><trans-unit id="1"><source>a</source>
<target>&lol3;</target></trans-unit></body></file></xliff>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><body><tu><tuv xml:lang="fa"><seg>a</seg></tuv>
<tuv xml:lang="en"><seg>&ext;</seg></tuv></tu></body></tmx>
"""


@pytest.mark.parametrize(("name", "content"), [("laughs.xlf", BILLION_LAUGHS),
                                               ("external.tmx", EXTERNAL)])
def test_unsafe_xml_is_refused(tmp_path: Path, name: str, content: str) -> None:
    with pytest.raises(UserError, match="refused"):
        read_document(name, data=content.encode())
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = tmp_path / f"out-{name}"
    r = subprocess.run([sys.executable, "-m", "mtfix", "fix", str(path), "--no-model", "-o",
                        str(out)], capture_output=True, cwd=REPO, timeout=60)
    err = r.stderr.decode()
    assert r.returncode == 2 and err.count("\n") == 1 and "refused" in err, err
    assert not out.exists()


def test_non_utf8_po_is_a_user_error() -> None:
    with pytest.raises(UserError, match="not UTF-8"):
        read_document("x.po", data=b'msgid "a"\nmsgstr "caf\xe9"\n')


@pytest.mark.parametrize(("template", "ext"), [(PO, "po"), (XLIFF12, "xlf"), (TMX, "tmx")])
def test_flagging_a_boilerplate_unit_twice_changes_nothing(template: str, ext: str) -> None:
    _, once, _ = roundtrip(template, ext, first=BOILER)
    doc = read_document(f"x.{ext}", data=once.encode())
    result = fix(doc, RULES)
    assert write_document(result.fixed, result.edits) == once


def test_target_with_markup_is_flagged_not_rewritten() -> None:
    raw, out, result = roundtrip(XLIFF12, "xlf", third='It ended <g id="1">here</g>. .')
    assert result.edits
    assert '<g id="1">here</g>. .</target>' in out  # the markup and the text are kept
    assert "suggests: It ended here." in out and 'state="needs-review-translation"' in out
