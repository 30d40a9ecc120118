"""``kind: source_names``: a source name the English renders as a common word or demonym."""

from __future__ import annotations

import pytest

from mtfix import fix
from mtfix.document import Document, Segment
from mtfix.errors import TableError
from mtfix.rules import build_rules, entry_schemas, load_tables
from mtfix.tables import parse_table

RULES = build_rules([t for t in load_tables() if t.id == "source-names"])


def flags(source: str | None, target: str) -> list:
    doc = Document(segments=(Segment(index=0, text=target, source=source),))
    return list(RULES.detect(doc))


@pytest.mark.parametrize("source, target, span, name", [
    # a title before the name
    ("مولوی مجاهد گفت که راه باز است.", "Mawlawi Fighter said the road was open.",
     "Fighter", "Mujahid"),
    ("ښاغلي غني وویل چې لاره خلاصه ده.", "Mr. Rich said the road was open.", "Rich", "Ghani"),
    # a neighbouring name the English renders as a name
    ("ملا عبدالغنی برادر به دوحه رفت.", "Mullah Abdul Ghani the brother went to Doha.",
     "the brother", "Baradar"),
    ("التقى نوري المالكي بالسفير.", "My light al-Maliki met the ambassador.", "My light",
     "Nouri"),
    ("حضرت محمد په مکه کې زېږېدلی و.", "Hazrat praised was born in Mecca.", "praised",
     "Mohammed"),
    # the neighbour's article written on in the English: Albashar = البشر
    ("لیکوال نور البشر نوید نوې لیکنه خپره کړه.",
     "The writer light Albashar Naweed published a new article.", "light", "Noor"),
    # a particle after it
    ("وصل محمد بن سلمان إلى الرياض.", "Praised bin Salman arrived in Riyadh.", "Praised",
     "Mohammed"),
])
def test_name_rendered_as_a_common_word(source: str, target: str, span: str, name: str) -> None:
    found = [i for i in flags(source, target) if i.rule_id == "source-names.name_elements"]
    assert [(i.span, i.replacements[0]) for i in found] == [(span, name)]
    assert found[0].category == "entity/name-as-common-word"


@pytest.mark.parametrize("source, target, span, name", [
    # nisbas no table lists
    ("اللبنانی امروز در بغداد با سفیر دیدار کرد.",
     "Today in Baghdad the Lebanese met the ambassador.", "the Lebanese", "al-Labanani"),
    ("د اللبناني حکومت نوې بودیجه تصویب کړه.",
     "The Lebanon's government approved a new budget.", "The Lebanon's", "al-Labanani"),
    ("التقى عادل الكربلائي بالوزير.", "Adil the Karbala's met the minister.",
     "the Karbala's", "al-Karabalai"),
])
def test_nisba_rendered_as_a_demonym(source: str, target: str, span: str, name: str) -> None:
    found = [i for i in flags(source, target) if i.rule_id == "source-names.nisba"]
    assert [(i.span, i.replacements[0]) for i in found] == [(span, name)]


@pytest.mark.parametrize("source, target", [
    # the name is there, in another spelling
    ("مولوی مجاهد گفت که راه باز است.", "Mawlawi Mojahed said the road was open."),
    ("ملا عبدالغنی برادر به دوحه رفت.", "Mulla Abdulghani Biradar went to Doha."),
    ("السودانی امروز در بغداد با سفیر دیدار کرد.", "Today in Baghdad al-Soudani met the envoy."),
    # the word is a common word here: nothing says it is a name
    ("برادر من به دوحه رفت.", "My brother went to Doha."),
    ("هذا الرجل غني جدا.", "This man is very rich."),
    ("نیروهای سودانی وارد خارطوم شدند.", "Sudanese troops entered Khartoum."),
    ("سفیر سودانی در بغداد با وزیر دیدار کرد.", "The Sudanese ambassador met the minister."),
    # no Arabic-script source, or none at all
    ("Der Bruder des Ministers sprach.", "The minister's brother spoke."),
    (None, "Mullah Abdul Ghani the brother went to Doha."),
])
def test_not_flagged(source: str | None, target: str) -> None:
    assert flags(source, target) == []


def test_flag_only_by_default() -> None:
    doc = Document(segments=(Segment(index=0, text="Mawlawi Fighter said the road was open.",
                                     source="مولوی مجاهد گفت که راه باز است."),))
    result = fix(doc, RULES)
    assert not result.edits
    assert any(i.rule_id == "source-names.name_elements" for i in result.unapplied)


def test_offsets_name_the_span() -> None:
    target = "Yesterday Mawlawi Fighter said the road was open."
    for issue in flags("دیروز مولوی مجاهد گفت که راه باز است.", target):
        assert target[issue.start:issue.end] == issue.span


BAD_TABLE = """
table: my-names
kind: source_names
category: entity/name-as-common-word
severity: major
message: "x"
entries:
  - id: e
    check: {check}
    titles_before: [ملا]
    {extra}
    examples:
      - {{source: "ملا برادر رفت.", wrong: "Mullah Brother left.", flag: true}}
      - {{source: "ملا برادر رفت.", correct: "Mullah Baradar left."}}
"""


@pytest.mark.parametrize("check, extra, problem", [
    ("nonsense", "", "unknown check"),
    ("elements", "", "is required"),
    ("elements", "elements: [{name: Baradar, script: برادر}]", "needs name, script, literal"),
    ("elements", "elements: [{name: Sultan, script: سلطان, literal: [sultan]}]",
     "other than the name itself"),
])
def test_bad_tables_are_reported(check: str, extra: str, problem: str) -> None:
    from mtfix.rules import source_names

    table = parse_table(BAD_TABLE.format(check=check, extra=extra), "my.yaml", False,
                        entry_schemas())
    with pytest.raises(TableError, match=problem):
        source_names.build(table)


def test_user_table_with_own_element() -> None:
    text = BAD_TABLE.format(check="elements", extra=(
        "elements: [{name: Baradar, script: برادر, literal: [brother]}]"))
    rules = build_rules([parse_table(text, "my.yaml", False, entry_schemas())])
    doc = Document(segments=(Segment(index=0, text="Mullah Brother left.",
                                     source="ملا برادر رفت."),))
    assert [i.span for i in rules.detect(doc)] == ["Brother"]


NAMES_YAML = """
names:
  - {name: "Hafez / Hafiz", script: "حافظ", kind: given, literal: ["hafiz", "keeper"]}
  - {name: "Ghani", script: "غنی", kind: family, literal: ["rich"]}
"""


def test_bench_measure_counts_false_alarms_and_recall(tmp_path) -> None:
    from mtfix.scoring.bench.source_names import elements, measure

    folder = tmp_path / "psen_wiki"
    folder.mkdir()
    rows = [("ښاغلي حافظ په کابل کې ډېر شعرونه ولیکل.", "Mr. Hafiz wrote many poems in Kabul."),
            ("ښاغلي غنی وویل چې لاره خلاصه ده.", "Mr. Ghani said the road was open."),
            ("دا سړی ډېر غنی دی.", "This man is very rich.")]
    (folder / "dev.tsv").write_text("id\tps\ten\n" + "".join(
        f"{k}\t{ps}\t{en}\n" for k, (ps, en) in enumerate(rows)), encoding="utf-8")
    names = tmp_path / "names.yaml"
    names.write_text(NAMES_YAML, encoding="utf-8")
    # "hafiz" is the name itself: the corruption takes the first other literal
    assert [lit for _, _, lit in elements(names)] == ["keeper", "rich"]
    m = measure(RULES, folder, None, names)
    assert m.human == 3 and not m.flags and m.wmt == 0
    assert [c.text for c in m.corrupted] == ["Mr. keeper wrote many poems in Kabul.",
                                            "Mr. rich said the road was open."]
    assert m.recall == 1.0 and m.by_name() == {"Hafez": (1, 1), "Ghani": (1, 1)}


def test_one_flag_per_span_the_listed_element_first() -> None:
    found = flags("السودانی در بغداد با وزیر خارجه دیدار کرد.",
                  "The Sudanese met the foreign minister in Baghdad.")
    assert [(i.rule_id, i.replacements[0]) for i in found] == [
        ("source-names.name_elements", "al-Sudani")]
