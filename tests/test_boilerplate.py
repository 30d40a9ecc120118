"""Boilerplate from page structure (issue 11): a scraped MT page loses its chrome and keeps its
story; human pages stay clean; ``--keep-boilerplate`` turns the class off. The texts are written
for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from mtfix import Document, check, fix, load_rules
from mtfix.cli import main
from mtfix.errors import TableError
from mtfix.rules import build_rules, load_tables, page_lines
from mtfix.rules.boilerplate import class_tables
from mtfix.rules.repetition import inside_quotation
from mtfix.tables import parse_table

RULES = load_rules()
CLASS = ("other/boilerplate",)

PAGE = """\
Please consider a donation to keep this blog running!!

We have reposted news from Basra since 2015.

Thank you for all your support!

Minister visits Basra port to discuss exports
newsbreakingBasra PortThe MinisterOil Exports
Economy| 09:47 – 03/02/2022

BASRA — Example News
The minister arrived at the port on Wednesday, officials said. Ended 12/Q45

Protesters outside chanted “jobs for Basra”.

Minister Visits Basra Port To Discuss Exports

وزير النفط يزور ميناء البصرة

admin_basra
Wed, Mar 02 2022 8:45 AM
۱۲۳

March 2, 2022
Related Articles
"""

KEPT = ("Minister visits Basra port to discuss exports", "BASRA — Example News",
        "The minister arrived at the port on Wednesday, officials said.",
        "Protesters outside chanted “jobs for Basra”.", "March 2, 2022")
DROPPED = ("donation", "reposted news", "support!", "newsbreaking", "09:47", "Ended 12/Q45",
           "Minister Visits Basra Port To Discuss Exports", "وزير", "admin_basra", "8:45 AM",
           "۱۲۳", "Related Articles")


def boilerplate_issues(text: str) -> list:
    return [i for i in check(Document.from_text(text), RULES) if i.category in CLASS]


def test_mt_page_loses_its_chrome_and_keeps_its_story() -> None:
    result = fix(Document.from_text(PAGE), RULES)
    out = result.fixed.text
    for kept in KEPT:
        assert kept in out, kept
    for gone in DROPPED:
        assert gone not in out, gone
    reasons = [e.reason for e in result.edits if e.drop_segment]
    assert reasons and all("not part of the story" in r or "repeats" in r or "widget" in r
                           or "banner" in r or "script" in r for r in reasons)
    assert fix(result.fixed, RULES).fixed.text == out  # idempotent


@pytest.mark.parametrize("path", sorted((REPO / "benchmarks" / "human_pages").glob("*.txt")),
                         ids=lambda p: p.name)
def test_human_pages_stay_clean(path: Path) -> None:
    assert boilerplate_issues(path.read_text(encoding="utf-8")) == []


def test_keep_boilerplate_turns_the_class_off(tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["fix", str(page), "-o", str(out), "--no-model"]) == 0
    assert "Related Articles" not in out.read_text(encoding="utf-8")
    assert main(["fix", str(page), "-o", str(out), "--no-model", "--keep-boilerplate"]) == 0
    kept = out.read_text(encoding="utf-8")
    assert all(line in kept for line in ("Related Articles", "admin_basra", "Ended 12/Q45",
                                         "newsbreakingBasra", "Thank you for all"))
    capsys.readouterr()
    main(["check", str(page), "--keep-boilerplate"])
    assert "page-structure" not in capsys.readouterr().out


def test_class_tables_are_the_boilerplate_kinds() -> None:
    ids = class_tables(load_tables())
    assert {"boilerplate-web", "boilerplate-prompts", "boilerplate-inline",
            "page-structure"} <= set(ids)
    rules = build_rules([t for t in load_tables() if t.id not in ids])
    assert not [i for i in check(Document.from_text(PAGE), rules) if i.category in CLASS]


def test_sentence_corpus_repeats_are_not_echoes() -> None:
    text = "\n".join(["The river rose by two metres overnight.", "Schools were closed.",
                      "The river rose by two metres overnight."])
    assert boilerplate_issues(text) == []


@pytest.mark.parametrize("line,expected", [
    ("Politics| 09:47 – 10/07/2021", True),
    ("Tue, Mar 01 2022 8:45 AM", True),
    ("01/03/2022 12:00 am", True),
    ("On 03/01/2022 – 7:32 PM  188", True),
    ("March 1, 2022", False),
    ("Updated 14:35", False),
    ("The meeting began at 10:30 on 12/03/2021 and ended at noon.", False),
])
def test_timestamp_lines(line: str, expected: bool) -> None:
    assert page_lines.is_timestamp(line, 3) is expected


def test_tag_runs_and_names() -> None:
    assert page_lines.is_tag_run("politicsbreakingOil PricesThe Minister", 2, 30)
    assert not page_lines.is_tag_run("McGurk met the iPhone maker", 2, 30)
    assert not page_lines.is_tag_run("He uses WhatsApp and LinkedIn every day.", 2, 30)


def test_foreign_lines_and_markup() -> None:
    assert page_lines.is_foreign_line("وزير النفط يزور البصرة", 6, 0.1)
    assert not page_lines.is_foreign_line("Abu Ali (أبو علي) arrived", 6, 0.1)
    spans = list(page_lines.markup_spans("Oil &amp; gas[/b] rose<br>"))
    assert sorted(new for _, _, new in spans) == ["", "", "&"]


def test_table_errors_name_the_field() -> None:
    bad = ("table: x\nkind: page-structure\ncategory: other/boilerplate\nseverity: minor\n"
           "message: m\nentries:\n  - id: a\n    detector: nope\n    examples:\n"
           "      - {wrong: 'a', flag: true}\n      - {correct: 'b'}\n")
    from mtfix.rules import entry_schemas, page_structure

    table = parse_table(bad, "x.yaml", False, entry_schemas())
    with pytest.raises(TableError, match="unknown detector"):
        page_structure.build(table, [table])
    both = bad.replace("kind: page-structure", "kind: boilerplate").replace(
        "detector: nope", "line: a\n    inline: b")
    from mtfix.rules import boilerplate

    with pytest.raises(TableError, match="exactly one of"):
        boilerplate.build(parse_table(both, "x.yaml", False, entry_schemas()))


@pytest.mark.parametrize("text,inside", [
    ("They chanted “no war, no war, no war” loudly.", True),
    ('They chanted "no war, no war, no war" loudly.', True),
    ("They chanted «no war, no war, no war» loudly.", True),
    ("no war, no war, no war” they chanted.", True),  # the quotation began in an earlier line
    ("They said “yes” and went on and on and on.", False),
])
def test_inside_quotation(text: str, inside: bool) -> None:
    start = text.index("no war, no war") if "no war" in text else text.index("on and on")
    end = start + 10
    assert inside_quotation(text, start, end) is inside


def test_a_boilerplate_line_that_translates_its_source_is_reported_not_dropped() -> None:
    from mtfix.document import segments_document

    line = "Click here to subscribe to our channel."
    alone = fix(Document.from_text(f"The council met.\n{line}\n"), RULES)
    assert line not in alone.fixed.text  # page debris in a monolingual story: dropped
    aligned = segments_document(["The council met.", line], "aligned.tsv",
                                ["Совет собрался.", "Нажмите здесь, чтобы подписаться."])
    result = fix(aligned, RULES)
    assert [s.text for s in result.fixed.segments] == ["The council met.", line]
    assert any(i.span == line and "translates its source" in i.message
               for i in result.unapplied)
