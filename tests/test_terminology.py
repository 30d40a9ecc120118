"""Terminology tables and the user glossary (issue 4: terminology part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix import Document, check, fix, load_rules
from mtfix.rules import load_tables
from mtfix.tables import entry_examples

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "examples" / "glossary.yaml"


def test_glossary_loads_with_the_shipped_tables() -> None:
    rules = load_rules(paths=[GLOSSARY])
    ids = {t.id for t in rules.tables}
    assert "my-glossary" in ids and "terminology-security" in ids


GLOSSARY_CASES = [
    (table.entry_rule_id(entry), example)
    for table in load_tables([GLOSSARY], builtin=False)
    for entry in table.entries
    for example in entry_examples(entry)
]


@pytest.mark.parametrize("case", GLOSSARY_CASES,
                         ids=[f"{r}:{e.text[:30]}" for r, e in GLOSSARY_CASES])
def test_glossary_examples(case: tuple) -> None:
    rules = load_rules(paths=[GLOSSARY])
    rule_id, example = case
    doc = Document.from_text(example.text)
    fired = [i for i in check(doc, rules) if i.rule_id == rule_id]
    if example.correct:
        assert not fired
        return
    assert fired
    result = fix(doc, rules)
    if example.flag:
        assert all(e.rule_id != rule_id for e in result.edits)
        assert all(not i.replacements for i in fired)
        return
    assert result.fixed.text == example.fixed
    assert fix(result.fixed, rules).fixed.text == result.fixed.text


def test_glossary_rule_can_be_disabled() -> None:
    rules = load_rules(paths=[GLOSSARY], disabled=["my-glossary.us_led_coalition"])
    doc = Document.from_text("The US-led coalition said it would stay.")
    assert fix(doc, rules).fixed.text == doc.text


def test_forbidden_term_flag_only_has_no_replacement() -> None:
    rules = load_rules(paths=[GLOSSARY])
    issues = [i for i in check(Document.from_text("They fought the Puppet Regime."), rules)
              if i.rule_id == "my-glossary.kabul_regime"]
    assert len(issues) == 1 and issues[0].replacements == ()


@pytest.mark.parametrize("text", [
    "Police arrested members of destructive groups in Kabul. ISIS claimed the attack.",
    "The Kharijites broke with Caliph Ali after the battle of Siffin.",
    "The historian studied takfiri thought.",
    "A rich businessman paid for the Fatih Sultan Mehmet ceremony in Istanbul.",
])
def test_terminology_leaves_correct_english_unchanged(text: str) -> None:
    rules = load_rules()
    result = fix(Document.from_text(text), rules)
    assert not [e for e in result.edits if e.rule_id.startswith("terminology-")]


def test_kharijites_only_flagged_in_taliban_context() -> None:
    rules = load_rules()
    text = "Taliban spokesman Zabihullah Mujahid said Khawarij attacked a mosque in Kabul."
    issues = [i for i in check(Document.from_text(text), rules)
              if i.rule_id == "terminology-security.kharijites_is_k"]
    assert [i.span for i in issues] == ["Khawarij"]
    assert issues[0].replacements == ()
