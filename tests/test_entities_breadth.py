"""Breadth of the entity tables (issue 10): no entity listed twice, no form claimed by two
entities, every entry's source ids described in its table's ``sources`` registry."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from mtfix.rules import load_tables

ENTITY_TABLES = [t for t in load_tables() if t.kind == "entity"]
FORM_FIELDS = ("canonical", "short", "variants", "misspellings", "short_variants", "aliases")
# Tables written with a `sources:` registry (id -> what the source is and what it supports).
REGISTRY_TABLES = ("entities_iraq_politics.yaml", "entities_media.yaml",
                   "entities_iran_politics.yaml", "entities_afghanistan_politics.yaml",
                   "entities_syria_lebanon.yaml", "entities_gulf_yemen.yaml")
TABLE_DIR = Path(__file__).resolve().parent.parent / "mtfix" / "tables"


def _forms(entry) -> list[str]:
    out: list[str] = []
    for name in FORM_FIELDS:
        value = entry.get(name)
        if value:
            out.extend([value] if isinstance(value, str) else value)
    return out


def _claims() -> dict[str, set[str]]:
    """Each case-folded name form -> the entities that list it."""
    claims: dict[str, set[str]] = defaultdict(set)
    for table in ENTITY_TABLES:
        for entry in table.entries:
            for form in _forms(entry):
                claims[form.casefold()].add(table.entry_rule_id(entry))
    return claims


def test_no_two_entities_share_a_canonical_name() -> None:
    seen: dict[str, str] = {}
    for table in ENTITY_TABLES:
        for entry in table.entries:
            key = entry["canonical"].casefold()
            assert key not in seen, (entry["canonical"], seen.get(key), table.entry_rule_id(entry))
            seen[key] = table.entry_rule_id(entry)


def test_no_name_form_is_claimed_by_two_entities() -> None:
    shared = {form: ids for form, ids in _claims().items() if len(ids) > 1}
    assert not shared, shared


def test_the_duplicate_check_can_fail() -> None:
    claims = _claims()
    assert claims["al-sudani"] == {"entities-iraq.mohammed_shia_al_sudani"}
    assert len(claims["al-sudani"] | claims["nouri al-maliki"]) == 2


def test_new_tables_describe_every_source_they_cite() -> None:
    for name in REGISTRY_TABLES:
        path = TABLE_DIR / name
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        registry = data["sources"]
        for sid, described in registry.items():
            assert described.get("what") and described.get("supports"), (name, sid)
        for entry in data["entries"]:
            assert entry.get("sources"), (name, entry["id"])
            for sid in entry["sources"]:
                assert sid in registry, (name, entry["id"], sid)
            if entry["status"] == "partial":
                assert entry.get("verified_fields"), (name, entry["id"])



def test_at_least_three_hundred_entities() -> None:
    assert sum(len(t.entries) for t in ENTITY_TABLES) >= 300
