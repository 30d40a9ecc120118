"""House style for transliteration variants: keep the document's own forms unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix import Document, TableError, fix, load_rules
from mtfix.rules import build_rules
from mtfix.rules.entity import house_style_table

RULES = load_rules()
STYLE_TABLE = """\
table: my-house-style
kind: entity
category: entity/spelling
severity: minor
message: "house style"
options:
  house_style: {style}
entries: []
"""


def test_default_keeps_accepted_variants_even_when_mixed() -> None:
    text = ("Prime Minister Muhammad Shiaa Al-Sudani met the envoy. "
            "Later Muhammad Shia Al-Sudani and Mohammed Shia al-Sudani were named again.")
    assert fix(Document.from_text(text), RULES).fixed.text == text


def test_default_fixes_a_misspelling_to_the_documents_own_form() -> None:
    text = "Cleric Moqtada al-Sadr spoke. Later Muqtada al-Sadar left."
    assert fix(Document.from_text(text), RULES).fixed.text == (
        "Cleric Moqtada al-Sadr spoke. Later Moqtada al-Sadr left.")


def test_user_table_sets_canonical_house_style(tmp_path: Path) -> None:
    path = tmp_path / "style.yaml"
    path.write_text(STYLE_TABLE.format(style="canonical"), encoding="utf-8")
    rules = load_rules(paths=[path])
    text = "Prime Minister Muhammad Shia Al-Sudani met the envoy."
    assert fix(Document.from_text(text), rules).fixed.text == (
        "Prime Minister Mohammed Shia al-Sudani met the envoy.")


def test_house_style_first_makes_one_form_per_document() -> None:
    rules = build_rules([*RULES.tables, house_style_table("first")])
    text = "Muhammad Shia Al-Sudani arrived. Mohammed Shia al-Sudani left."
    assert fix(Document.from_text(text), rules).fixed.text == (
        "Muhammad Shia Al-Sudani arrived. Muhammad Shia Al-Sudani left.")


def test_unknown_house_style_is_a_table_error(tmp_path: Path) -> None:
    path = tmp_path / "style.yaml"
    path.write_text(STYLE_TABLE.format(style="newest"), encoding="utf-8")
    with pytest.raises(TableError) as err:
        load_rules(paths=[path])
    assert "options.house_style" in str(err.value)
