"""The entity kind and the shipped entity tables (issue 4: entities part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix import Document, TableError, check, fix, load_rules
from mtfix.rules import build_rules, load_tables
from mtfix.rules import entity as entity_kind
from mtfix.tables import entry_examples

RULES = load_rules()
ENTITY_TABLES = [t for t in load_tables() if t.kind == "entity"]

POLICY_TABLE = """\
table: test-policy
kind: entity
category: entity/spelling
severity: minor
message: "spelling"
options:
  policy: {policy}
entries:
  - id: qaani
    canonical: "Esmail Qaani"
    native: {{fa: "اسماعیل قاآنی"}}
    variants: ["Ismail Qaani", "Esmail Ghaani"]
    misspellings: ["Esmail Qani"]
    examples:
      - {{wrong: "Esmail Qani spoke.", fixed: "Esmail Qaani spoke."}}
      - {{correct: "Esmail Qaani spoke."}}
"""


def _rules_with(tmp_path: Path, text: str, builtin: bool = False):
    path = tmp_path / "table.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(paths=[path], builtin=builtin)


def test_at_least_sixty_entities_with_native_forms_and_status() -> None:
    entries = [e for t in ENTITY_TABLES for e in t.entries]
    assert len(entries) >= 60
    for e in entries:
        assert e.get("native"), e["id"]
        assert e.get("status") in {"verified", "partial", "inferred"}, e["id"]
        if e["status"] != "inferred":
            assert e.get("sources"), e["id"]
    types = {e.get("type") for e in entries}
    assert {"person", "organization", "place"} <= types


def test_entity_ids_are_unique_across_tables() -> None:
    ids = [t.entry_rule_id(e) for t in ENTITY_TABLES for e in t.entries]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("policy,expected", [
    ("canonical", "Esmail Qaani arrived. Esmail Qaani met Esmail Qaani; Esmail Qaani left."),
    ("first", "Esmail Ghaani arrived. Esmail Ghaani met Esmail Ghaani; Esmail Ghaani left."),
])
def test_variant_policy(tmp_path: Path, policy: str, expected: str) -> None:
    rules = _rules_with(tmp_path, POLICY_TABLE.format(policy=policy))
    text = "Esmail Ghaani arrived. Ismail Qaani met Esmail Qaani; Esmail Qani left."
    result = fix(Document.from_text(text), rules)
    assert result.fixed.text == expected
    assert fix(result.fixed, rules).fixed.text == expected


def test_policy_first_without_a_correct_form_falls_back_to_canonical(tmp_path: Path) -> None:
    rules = _rules_with(tmp_path, POLICY_TABLE.format(policy="first"))
    result = fix(Document.from_text("Esmail Qani spoke."), rules)
    assert result.fixed.text == "Esmail Qaani spoke."


def test_entry_policy_overrides_table_policy() -> None:
    # entities-afghanistan is policy canonical; its Taliban entry is policy first
    text = "The Taleban took Kabul. The Taliban formed a cabinet."
    assert fix(Document.from_text(text), RULES).fixed.text == (
        "The Taleban took Kabul. The Taleban formed a cabinet.")


def test_first_form_at_sentence_start_keeps_lowercase_particle() -> None:
    text = "Al-Qaeda grew. Later al Qaeda spread. Al Qaeda denied it."
    assert fix(Document.from_text(text), RULES).fixed.text == (
        "Al-Qaeda grew. Later al-Qaeda spread. Al-Qaeda denied it.")


def test_bad_policy_is_a_table_error(tmp_path: Path) -> None:
    with pytest.raises(TableError) as err:
        _rules_with(tmp_path, POLICY_TABLE.format(policy="latest"))
    assert "options.policy" in str(err.value) and "table.yaml" in str(err.value)


def test_native_form_must_be_arabic_script(tmp_path: Path) -> None:
    text = POLICY_TABLE.format(policy="canonical").replace("اسماعیل قاآنی", "Esmail")
    with pytest.raises(TableError) as err:
        _rules_with(tmp_path, text)
    assert "'qaani'" in str(err.value) and "native.fa" in str(err.value)


def test_bad_otherwise_value_is_a_table_error(tmp_path: Path) -> None:
    text = POLICY_TABLE.format(policy="canonical").replace(
        "    examples:", "    mistranslations:\n      - {text: x, flag: true, otherwise: fix}\n"
        "    examples:", 1)
    with pytest.raises(TableError) as err:
        _rules_with(tmp_path, text)
    assert "mistranslations[0].otherwise" in str(err.value)


@pytest.mark.parametrize("text", [
    "The Sudanese army clashed with the RSF in Khartoum.",
    "Mizan news agency reported the verdict.",
    "A rich businessman and his brother said the Egyptian army was ready.",
    "His brother said the engineer was a rich man.",
    "Rockets hit Ain al-Asad air base on 24 Asad 1402.",
    "The Party of God is what the name Hezbollah means.",
    "ISIS, ISIL, Daesh and the Islamic State group are one group.",
    "The Revolutionary Guards and the IRGC are one force.",
    "Gani Adams, a Nigerian activist, met a rich donor.",
    "Mullah Omar's brother met a fighter and a holy warrior.",
])
def test_traps_are_left_alone(text: str) -> None:
    issues = [i for i in check(Document.from_text(text), RULES)
              if i.rule_id.startswith("entities-")]
    assert not issues, issues


def test_mistranslation_is_flagged_when_the_entity_is_not_named() -> None:
    text = "Mullah Brother met the envoy in Doha."
    issues = [i for i in check(Document.from_text(text), RULES)
              if i.rule_id == "entities-afghanistan.abdul_ghani_baradar"]
    assert [(i.span, i.replacements) for i in issues] == [("Brother", ())]
    # the entity table only flags it; the name-meaning rule fixes it, because the document
    # itself writes the word as a name (a title before a capitalised "Brother")
    result = fix(Document.from_text(text), RULES)
    assert result.fixed.text == "Mullah Baradar met the envoy in Doha."
    assert [e.rule_id for e in result.edits] == ["name-meanings.baradar"]


def test_mistranslation_is_fixed_when_named_in_another_segment() -> None:
    text = "Mullah Baradar arrived in Doha.\nMullah Brother met the envoy."
    assert fix(Document.from_text(text), RULES).fixed.text == (
        "Mullah Baradar arrived in Doha.\nMullah Baradar met the envoy.")


def test_bare_short_form_inside_another_name_is_left_alone() -> None:
    text = "Hassan Nasrallah spoke. Nasr Allah Khan, a merchant, listened. Nasr Allah left."
    assert fix(Document.from_text(text), RULES).fixed.text == (
        "Hassan Nasrallah spoke. Nasr Allah Khan, a merchant, listened. Nasrallah left.")


def test_aliases_count_as_mentions_but_are_never_rewritten() -> None:
    text = "Abu Taqwa was killed. Mourners praised Father of Piety."
    result = fix(Document.from_text(text), RULES)
    assert result.fixed.text == "Abu Taqwa was killed. Mourners praised Abu Taqwa."


# --- the prefilter --------------------------------------------------------------------------

def _all_example_texts() -> list[str]:
    return [ex.text for t in load_tables() for e in t.entries for ex in entry_examples(e)]


def test_prefilter_never_hides_an_issue() -> None:
    tables = load_tables()
    fast = build_rules(tables)
    slow_rules = tuple(
        entity_kind.build(t, prefilter=False) if t.kind == "entity" else r
        for t, r in zip(fast.tables, fast.rules, strict=True))
    slow = type(fast)(tables=fast.tables, rules=slow_rules)
    texts = _all_example_texts()
    texts.append("\n".join(texts))  # one document with every example in it
    for text in texts:
        doc = Document.from_text(text)
        assert check(doc, fast) == check(doc, slow), text


def test_prefilter_skips_entries_whose_forms_are_absent() -> None:
    from mtfix.rules.base import RuleContext

    table = next(t for t in ENTITY_TABLES if t.id == "entities-afghanistan")
    rule = entity_kind.build(table)
    ctx = RuleContext(Document.from_text("Ashraf Ghani met Hamed Karzai in Kabul."))
    picked = [e.rule_id for e in rule.candidates(ctx, entity_kind.doc_index(ctx))]
    assert picked == ["entities-afghanistan.hamid_karzai"]


def test_word_tokens_are_casefolded() -> None:
    assert entity_kind.word_tokens("Al-Qaeda's Ayman") == {"al", "qaeda", "s", "ayman"}
