"""Table entries read backwards: a rule's ``fixed`` text in clean prose becomes its ``wrong`` text,
so the generator injects the errors the tables know, with their gold spans."""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import regex

from mtfix.synthetic import entities as _entities
from mtfix.synthetic.corruption import Corruption, GoldSpan, ReverseRule

#: Context conditions that make a table entry's error depend on its surroundings.
POSITIVE_CONTEXT = ("before", "after", "segment", "document", "source")
_TOKEN = regex.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_name_word(token: str) -> bool:
    return bool(token) and token[0].isupper() and bool(regex.match(r"\w", token))


def _grow(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int) -> tuple[int, ...]:
    """Give a changed hunk the context that makes it an error.

    A one-word change inside a name takes the name's other capitalised words along (at most two
    a side): "International" / "World" becomes "International Economic Forum" / "World ...". A
    change of common words ("organization" / "group") takes the name before or after it
    ("Islamic State organization"), else one word of context on each side, so that it is not
    spliced wherever the common word occurs.
    """
    words = [t for t in a[i1:i2] + b[j1:j2] if not t.isspace()]
    has_name = any(_is_name_word(t) for t in words)
    if has_name and len(words) != 2:
        return i1, i2, j1, j2

    def can_left(want_name: bool) -> bool:
        return (i1 >= 2 and j1 >= 2 and a[i1 - 1].isspace() and a[i1 - 1] == b[j1 - 1]
                and a[i1 - 2] == b[j1 - 2] and (not want_name or _is_name_word(a[i1 - 2])))

    def can_right(want_name: bool) -> bool:
        return (i2 + 1 < len(a) and j2 + 1 < len(b) and a[i2].isspace() and a[i2] == b[j2]
                and a[i2 + 1] == b[j2 + 1] and (not want_name or _is_name_word(a[i2 + 1])))

    left = right = 0
    while left < 2 and can_left(True):
        i1, j1, left = i1 - 2, j1 - 2, left + 1
    while right < 2 and can_right(True):
        i2, j2, right = i2 + 2, j2 + 2, right + 1
    if not has_name and left == right == 0:
        if can_left(False):
            i1, j1 = i1 - 2, j1 - 2
        if can_right(False):
            i2, j2 = i2 + 2, j2 + 2
    return i1, i2, j1, j2


def diff_pairs(wrong: str, fixed: str, max_gap: int = 2) -> list[tuple[str, str]]:
    """The (wrong piece, fixed piece) pairs that turn ``fixed`` into ``wrong``, on word tokens.

    Changed hunks separated by at most ``max_gap`` unchanged word tokens are merged, so
    "Muhammad Shia Al-Sudani" / "Mohammed Shia al-Sudani" is one pair, and a hunk inside a name
    takes the name's other capitalised words along.
    """
    a, b = _tokens(wrong), _tokens(fixed)
    hunks: list[list[int]] = []  # [i1, i2, j1, j2]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if hunks:
            last = hunks[-1]
            gap = [t for t in a[last[1] : i1] if not t.isspace()]
            if len(gap) <= max_gap:
                last[1], last[3] = i2, j2
                continue
        hunks.append([i1, i2, j1, j2])
    pairs = []
    for h in hunks:
        i1, i2, j1, j2 = _grow(a, b, *h)
        pairs.append(("".join(a[i1:i2]).strip(), "".join(b[j1:j2]).strip()))
    return pairs


def _usable(wrong: str, fixed: str) -> bool:
    return (
        bool(regex.search(r"\p{L}", fixed))
        and bool(wrong)
        and wrong != fixed
        and "\n" not in wrong
        and "\n" not in fixed
        and len(fixed) >= 3
    )


def reverse_rules_from_entries(
    entries: Iterable[Mapping[str, Any]],
    category: str = "other",
    severity: str = "minor",
    table_id: str = "table",
) -> list[ReverseRule]:
    """Reverse rules from plain entry dicts (each with ``id`` and ``examples``).

    Every ``{wrong, fixed}`` example yields the changed pieces between the two texts; an entry's
    own ``category``/``severity`` override the given table defaults. Examples that only flag or
    that show correct text give nothing; pieces whose fixed form has no letter are left out.
    """
    rules: list[ReverseRule] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in entries:
        if entry.get("disabled") or context_bound(entry):
            continue
        rid = f"{table_id}.{entry.get('id', '?')}"
        cat = str(entry.get("category", category))
        sev = str(entry.get("severity", severity)).lower()
        for ex in entry.get("examples", []) or []:
            if not isinstance(ex.get("wrong"), str) or not isinstance(ex.get("fixed"), str):
                continue
            for wrong, fixed in diff_pairs(ex["wrong"], ex["fixed"]):
                if _usable(wrong, fixed) and (rid, wrong, fixed) not in seen:
                    seen.add((rid, wrong, fixed))
                    pattern = entry.get("pattern")
                    rules.append(ReverseRule(rid, wrong, fixed, cat, sev,
                                             pattern if isinstance(pattern, str) else None))
    return rules


def context_bound(entry: Mapping[str, Any]) -> bool:
    """Whether an entry's error depends on context the generator cannot provide: a positive
    context condition, or (entity entries) any mistranslation, all of which are context-bound
    or need the entity named elsewhere in the document."""
    return any(entry.get(k) is not None for k in POSITIVE_CONTEXT) or bool(
        entry.get("mistranslations"))


def reverse_rules_from_tables(tables: Iterable[Any]) -> list[ReverseRule]:
    """Reverse rules from loaded tables (objects with ``id``, ``category``, ``severity`` and
    ``entries``, as ``mtfix.tables.load_tables`` returns)."""
    out: list[ReverseRule] = []
    tables = list(tables)
    # entities: every wrong form that is wrong anywhere, where the canonical form occurs
    out += [ReverseRule(f.rule_id, f.wrong, f.canonical, f.category, f.severity)
            for f in _entities.entity_forms(tables, ("person", "place", "organization"))]
    for t in tables:
        if getattr(t, "kind", "substitution") != "substitution":
            continue  # entities above; calendar and boilerplate have their own corruptions
        sev = getattr(t.severity, "label", t.severity)
        out += reverse_rules_from_entries(t.entries, str(t.category), str(sev), str(t.id))
    return out


def splice_reverse_rule(
    sentence: str, rng: random.Random, rules: Sequence[ReverseRule]
) -> Corruption | None:
    """Where a rule's fixed form occurs (as whole words), splice in its wrong form."""
    hits: list[tuple[ReverseRule, int]] = []
    for rule in rules:
        pattern = r"(?<!\w)" + regex.escape(rule.fixed) + r"(?!\w)"
        for m in regex.finditer(pattern, sentence):
            text = sentence[: m.start()] + rule.wrong + sentence[m.end() :]
            if _matches_entry(rule, text, m.start()):
                hits.append((rule, m.start()))
    if not hits:
        return None
    rule, at = rng.choice(hits)
    text = sentence[:at] + rule.wrong + sentence[at + len(rule.fixed) :]
    span = GoldSpan(
        at,
        at + len(rule.wrong),
        rule.wrong,
        rule.category,
        rule.severity,
        rule.fixed,
        "table",
        rule.rule_id,
    )
    return Corruption(text, (span,), "table")


def _matches_entry(rule: ReverseRule, text: str, at: int) -> bool:
    """Whether the spliced wrong piece at ``at`` is a match of the entry's own pattern (entries
    without one, entity forms, always are)."""
    if rule.pattern is None:
        return True
    try:
        compiled = regex.compile(rule.pattern)
    except regex.error:
        return False
    end = at + len(rule.wrong)
    return any(m.start() < end and at < m.end() for m in compiled.finditer(text, timeout=1.0))


def entity_in_slot(
    sentence: str, rng: random.Random, forms: Sequence[_entities.EntityForm]
) -> Corruption | None:
    """A table entity's wrong form in a name slot (``mtfix.synthetic.entities``)."""
    got = _entities.splice_entity(sentence, rng, forms)
    if got is None:
        return None
    f = got.form
    span = GoldSpan(got.start, got.end, f.wrong, f.category, f.severity, f.canonical, "entity",
                    f.rule_id)
    return Corruption(got.corrupted, (span,), "entity", clean=got.clean)
