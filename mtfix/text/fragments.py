"""The split-sentence (fragment) patterns, read from their one home: ``tables/fragments.yaml``.

Three readers share the table: the ``fragment`` rule kind (flags), the model's candidate
builder (``is_fragment``: which sentences it sends as a split-off fragment, with
``mtfix.text.joins`` proposing the joins) and the synthetic generator (``mtfix.synthetic.split``,
which writes the leads an entry lists under ``generated``). Adding a lead to an entry's
``leads`` is one edit; all three see it.

Entry fields (besides the common ones):

- ``pattern``: a regex that must match at the start of the sentence. ``{leads}`` in it stands
  for the alternation of the entry's ``leads``.
- ``unless``: a regex; a sentence it matches is whole (e.g. a fronted infinitive followed by its
  main clause).
- ``leads``: the words that open a fragment of this kind ("To", "In order to", ...).
- ``generated``: the leads the synthetic generator writes, in the order it draws them from (a
  subset of ``leads``: the splits MT makes most; the rule flags them all).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from mtfix.errors import TableError
from mtfix.tables import FieldSpec, builtin_table_texts, compile_pattern, parse_table

KIND = "fragment"
TABLE_FILE = "mtfix/tables/fragments.yaml"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "pattern": FieldSpec((str,), required=True, regex=True),
    "unless": FieldSpec((str,), regex=True),
    "leads": FieldSpec((list,)),
    "generated": FieldSpec((list,)),
}


def entry_pattern(entry: Mapping[str, Any]) -> str:
    """The entry's ``pattern`` with ``{leads}`` replaced by the alternation of its leads."""
    leads = entry.get("leads") or []
    return str(entry["pattern"]).replace("{leads}", "|".join(regex.escape(x) for x in leads))


@dataclass(frozen=True)
class FragmentPatterns:
    """The shipped fragment table, compiled: what starts a fragment and which leads it uses."""

    #: (start pattern, ``unless`` pattern or None) per entry, in table order.
    starts: tuple[tuple[regex.Pattern[str], regex.Pattern[str] | None], ...]
    leads: Mapping[str, tuple[str, ...]]
    generated: Mapping[str, tuple[str, ...]]

    def is_fragment(self, sentence: str) -> bool:
        """True when ``sentence`` starts like a split-off fragment (questions never do)."""
        s = sentence.strip()
        if not s or s.endswith("?"):
            return False
        return any(p.match(s) is not None and (u is None or u.search(s) is None)
                   for p, u in self.starts)


def _strings(path: str, entry: Mapping[str, Any], name: str) -> tuple[str, ...]:
    values = entry.get(name) or []
    if not all(isinstance(v, str) and v for v in values):
        raise TableError(path, "must be a list of non-empty strings", repr(entry["id"]), name)
    return tuple(values)


@cache
def shipped() -> FragmentPatterns:
    """The builtin fragment table (read once; the table files do not change while running)."""
    text = dict(builtin_table_texts())[TABLE_FILE]
    table = parse_table(text, TABLE_FILE, True, {KIND: ENTRY_FIELDS})
    starts = []
    leads: dict[str, tuple[str, ...]] = {}
    generated: dict[str, tuple[str, ...]] = {}
    for entry in table.entries:
        label = repr(entry["id"])
        leads[entry["id"]] = _strings(table.path, entry, "leads")
        generated[entry["id"]] = _strings(table.path, entry, "generated")
        if not set(generated[entry["id"]]) <= set(leads[entry["id"]]):
            raise TableError(table.path, "every generated lead must be one of leads", label,
                             "generated")
        unless = entry.get("unless")
        starts.append((
            compile_pattern(f"\\A(?:{entry_pattern(entry)})", table.path, label, "pattern"),
            compile_pattern(unless, table.path, label, "unless") if unless else None))
    return FragmentPatterns(tuple(starts), leads, generated)


def is_fragment(sentence: str) -> bool:
    """True when ``sentence`` looks like the subjectless second half of a split sentence, by the
    shipped fragment table (the same patterns the ``fragment`` rule flags)."""
    return shipped().is_fragment(sentence)
