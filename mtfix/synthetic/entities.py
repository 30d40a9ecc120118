"""Entity corruptions: a table's known wrong spellings of a name, placed in a real sentence.

Clean news text rarely names the people and places of the entity tables (55 of 48,599 English
sentences in the shared data do), so recall on names measured only where they occur would rest on
a handful of spans. This module gives the synthetic suite volume the way NER augmentation does:
it finds a *name slot* in a clean sentence (a person's name before "said"/"told"/...; a one-word
place after "in"), puts an entity of that type there in its canonical form (the clean text), and
then writes one of the entity's known wrong forms in its place (the corrupted text).

Only forms that are wrong wherever they occur are used: misspellings, and transliteration
variants of entries whose policy is ``canonical``. Variants under ``policy: first`` are one
acceptable spelling among several, and mistranslations ("Sudanese" for al-Sudani) are errors only
in a context the table states; neither is injected here.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

#: Words that start a capitalised run but are not part of a person's name.
_NOT_NAME = frozenset(
    [
        "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I",
        "You", "His", "Her", "Its", "Their", "Our", "My", "Your", "But", "And", "Or", "So",
        "Then", "When", "While", "After", "Before", "As", "If", "Since", "Police", "Officials",
        "Sources", "Reports", "Witnesses", "Residents", "Experts", "Analysts", "Critics",
        "Officers", "Authorities",
    ]
)
_MONTHS_DAYS = frozenset(
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday",
    ]
)
_PERSON_SLOT = regex.compile(
    r"(?<![\w'’.-])(?P<name>\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){1,2})"
    r"(?= (?:said|says|told|added|stated|announced|wrote)\b)"
)
_PLACE_SLOT = regex.compile(r"(?<=\bin )(?P<name>\p{Lu}\p{Ll}{3,})(?![\w'’-]| \p{Lu}|\.\p{L})")


@dataclass(frozen=True)
class EntityForm:
    """One wrong form of a table entity and the canonical form that corrects it."""

    rule_id: str
    type: str
    wrong: str
    canonical: str
    category: str
    severity: str


def entity_forms(
    tables: Iterable[Any], types: Sequence[str] = ("person", "place")
) -> list[EntityForm]:
    """Wrong forms of the entities of ``types`` in loaded ``entity`` tables.

    Misspellings are reported by the entity rule as ``entity/spelling``, severity major; variants
    (policy canonical only) with the entry's category and severity.
    """
    out: list[EntityForm] = []
    for table in tables:
        if table.kind != "entity":
            continue
        table_policy = str((table.options or {}).get("policy", "canonical"))
        for entry in table.entries:
            kind = str(entry.get("type", ""))
            if entry.get("disabled") or kind not in types:
                continue
            rid = table.entry_rule_id(entry)
            canonical = str(entry["canonical"])
            for form in entry.get("misspellings", []) or []:
                out.append(EntityForm(rid, kind, str(form), canonical, "entity/spelling", "major"))
            if str(entry.get("policy", table_policy)) != "canonical":
                continue
            severity = table.entry_severity(entry).label
            for form in entry.get("variants", []) or []:
                if str(form) != canonical:
                    out.append(EntityForm(rid, kind, str(form), canonical,
                                          table.entry_category(entry), severity))
    return out


def native_forms(
    tables: Iterable[Any], types: Sequence[str] = ("person", "place")
) -> list[EntityForm]:
    """Entities of ``types`` in their own (Arabic-script) spelling, as MT leaves a name it cannot
    transliterate: ``accuracy/untranslated``, severity major."""
    out: list[EntityForm] = []
    for table in tables:
        if table.kind != "entity":
            continue
        for entry in table.entries:
            kind = str(entry.get("type", ""))
            native = entry.get("native")
            if entry.get("disabled") or kind not in types or not isinstance(native, dict):
                continue
            for value in native.values():
                first = value[0] if isinstance(value, list) and value else value
                if isinstance(first, str) and first.strip():
                    out.append(EntityForm(table.entry_rule_id(entry), kind, first.strip(),
                                          str(entry["canonical"]), "accuracy/untranslated",
                                          "major"))
                    break
    return out


def name_slots(sentence: str) -> list[tuple[str, int, int]]:
    """(entity type, start, end) of every place in ``sentence`` where a name of that type fits."""
    slots: list[tuple[str, int, int]] = []
    for m in _PERSON_SLOT.finditer(sentence):
        words = m["name"].split()
        if words[0] in _NOT_NAME or any(w in _MONTHS_DAYS for w in words):
            continue
        slots.append(("person", m.start("name"), m.end("name")))
    for m in _PLACE_SLOT.finditer(sentence):
        if m["name"] in _MONTHS_DAYS or m["name"] in _NOT_NAME:
            continue
        slots.append(("place", m.start("name"), m.end("name")))
    return slots


@dataclass(frozen=True)
class EntitySplice:
    """A sentence with a table entity in a name slot: clean with the canonical form, corrupted
    with a wrong one; ``start``/``end`` locate the wrong form in ``corrupted``."""

    clean: str
    corrupted: str
    start: int
    end: int
    form: EntityForm


def splice_entity(
    sentence: str, rng: random.Random, forms: Sequence[EntityForm]
) -> EntitySplice | None:
    """Put an entity into a name slot of ``sentence``, in a wrong form, or None if none fits."""
    by_type: dict[str, list[EntityForm]] = {}
    for f in forms:
        by_type.setdefault(f.type, []).append(f)
    slots = [s for s in name_slots(sentence) if s[0] in by_type]
    if not slots:
        return None
    kind, start, end = rng.choice(slots)
    form = rng.choice(by_type[kind])
    clean = sentence[:start] + form.canonical + sentence[end:]
    corrupted = sentence[:start] + form.wrong + sentence[end:]
    return EntitySplice(clean, corrupted, start, start + len(form.wrong), form)
