"""``kind: source``: the translation checked against its source (JSONL/TSV input with a source
column), and source-language script left in the English. Every entry picks one ``check``:

- ``numbers``: every number the source writes in digits (any decimal digits: Persian ۰-۹,
  Arabic-Indic ٠-٩, full-width; separators ``, . ٬ ٫ / '`` and thin spaces read every way
  they can be: thousands, decimal, separate numbers, a time) must occur in the target, in
  digits or in words (``number_words``: "three", "twentieth", "half"; ``scale_words``:
  "thousand", "million"), possibly scaled by ten to a power in ``scales`` (a scale written
  as a word on one side only: ۱۰ هزار / "10,000"). Not checked: a year of another calendar
  (``calendar_years``, e.g. 1402) when the target has a Gregorian year (``gregorian_years``;
  such a year also reads as its last two digits: 18年 = "2018"); a day of the month when the
  target has a date (a converted date changes its day), or a day marked by ``day_after`` (日)
  when the target has a weekday (``weekday_names``); a month number (``month_after``, 月)
  when the target names that month (``month_names``); a number right after ``skip_before``
  or before ``skip_after`` (era years, COVID-19); a date written with two separators
  (13/10/1402); ``ignore`` values. A ``weak`` value (1: "a", "per") counts as missing only
  when the target has a number the source does not explain. ``pm_after`` after a target
  number makes it an afternoon hour (22.30 = "10.30 p.m."); ``source_scale_words`` join
  digits (1万4092 = 14,092). One issue per segment lists what is missing; it sits on the
  first target number the source does not explain, else on the whole segment. Flag only.
- ``untranslated_script``: ``pattern`` (text in a script English does not use) with the
  context fields of :mod:`mtfix.rules.matcher`. Needs no source. Flag only, unless ``fix``
  says how to write the span in English: ``ascii_digits`` (Persian and Arabic-Indic digits,
  with their decimal and thousands marks, as 0-9: the value is unchanged) or ``entity_name``
  (an Arabic-script run that is exactly the native form of an ``entity`` table entry becomes
  its canonical form; only native forms of two or more words, or of places, as one-word forms
  are often common words).
- ``missing_name``: a native form (``native``) of an ``entity`` table entry occurs in the
  source, but none of the entry's English forms (canonical, short, variants, misspellings,
  short variants, aliases, wire forms, literal mistranslation fixes, or the last word of the
  canonical name or a variant) occurs in the target. The issue covers the whole target
  segment (the name has no place in it to point at). ``entity_tables`` limits the tables
  used; native forms of fewer than ``min_native_words`` words (default 2) are ignored, as
  one-word forms are often common words (برادر "brother", بسیج "mobilisation"). Flag only.

This module holds the table schema and the rule; each check is its own module
(``source_numbers`` with number parsing in ``numbers``, ``untranslated_script``, ``missing_names``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mtfix.document import Issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext
from mtfix.rules.matcher import CONTEXT_FIELDS, Context, Matcher
from mtfix.rules.missing_names import MissingNameCheck, fold_arabic
from mtfix.rules.numbers import source_readings
from mtfix.rules.source_numbers import NumberCheck, build_numbers
from mtfix.rules.untranslated_script import SCRIPT_FIXES, ScriptCheck, native_canonicals
from mtfix.tables import FieldSpec, RuleTable, compile_pattern

KIND = "source"
# build() takes every loaded table too: missing_name and the entity_name fix read the entity tables.
USES_TABLES = True
CHECKS = ("numbers", "untranslated_script", "missing_name")
ENTRY_FIELDS: dict[str, FieldSpec] = {
    "check": FieldSpec((str,), required=True),
    # numbers
    "number_words": FieldSpec((dict,)),
    "scale_words": FieldSpec((dict,)),
    "scales": FieldSpec((list,)),
    "calendar_years": FieldSpec((list,)),
    "gregorian_years": FieldSpec((list,)),
    "month_names": FieldSpec((list,)),
    "month_after": FieldSpec((str,), regex=True),
    "skip_before": FieldSpec((str,), regex=True),
    "skip_after": FieldSpec((str,), regex=True),
    "day_after": FieldSpec((str,), regex=True),
    "weekday_names": FieldSpec((list,)),
    "pm_after": FieldSpec((str,), regex=True),
    "ignore": FieldSpec((list,)),
    "weak": FieldSpec((list,)),
    "source_scale_words": FieldSpec((dict,)),
    # untranslated_script
    "pattern": FieldSpec((str,), regex=True),
    "fix": FieldSpec((str,)),
    **CONTEXT_FIELDS,
    # missing_name
    "entity_tables": FieldSpec((list,)),
    "min_native_words": FieldSpec((int,)),
}

CHECK_FIELDS: dict[str, frozenset[str]] = {
    "numbers": frozenset({"number_words", "scale_words", "scales", "calendar_years",
                          "gregorian_years", "month_names", "month_after", "skip_before",
                          "skip_after", "day_after", "weekday_names", "pm_after",
                          "ignore", "weak", "source_scale_words"}),
    "untranslated_script": frozenset({"pattern", "fix", *CONTEXT_FIELDS}),
    "missing_name": frozenset({"entity_tables", "min_native_words"}),
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "numbers": ("number_words", "scale_words"),
    "untranslated_script": ("pattern",),
    "missing_name": (),
}


@dataclass(frozen=True)
class SourceRule:
    table_id: str
    numbers: tuple[NumberCheck, ...]
    scripts: tuple[ScriptCheck, ...]
    names: tuple[MissingNameCheck, ...]

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        for segment in ctx.doc.segments:
            for script in self.scripts:
                yield from script.issues(ctx, segment)
            if segment.source is None:
                continue
            for number in self.numbers:
                yield from number.issues(segment)
            for name in self.names:
                yield from name.issues(ctx, segment)


def _check_fields(table: RuleTable, entry: Mapping[str, Any]) -> str:
    label = repr(entry["id"])
    check = entry["check"]
    if check not in CHECKS:
        raise TableError(table.path, f"unknown check {check!r} (known: {', '.join(CHECKS)})",
                         label, "check")
    for name in REQUIRED_FIELDS[check]:
        if name not in entry:
            raise TableError(table.path, f"is required for check {check!r}", label, name)
    other = set(ENTRY_FIELDS) - {"check"} - CHECK_FIELDS[check]
    for name in sorted(other & set(entry)):
        raise TableError(table.path, f"does not apply to check {check!r}", label, name)
    return check


def build(table: RuleTable, tables: Sequence[RuleTable] = ()) -> SourceRule:
    """The rule of a ``source`` table; ``tables`` (all loaded tables, which ``build_rules`` passes
    since the kind USES_TABLES) feed ``missing_name`` and the ``entity_name`` script fix."""
    numbers: list[NumberCheck] = []
    scripts: list[ScriptCheck] = []
    names: list[MissingNameCheck] = []
    for entry in table.entries:
        label = repr(entry["id"])
        check = _check_fields(table, entry)
        if check == "numbers":
            numbers.append(build_numbers(table, entry))
        elif check == "untranslated_script":
            fix = entry.get("fix")
            if fix is not None and fix not in SCRIPT_FIXES:
                raise TableError(table.path, f"unknown fix {fix!r} (known: "
                                 f"{', '.join(SCRIPT_FIXES)})", label, "fix")
            matcher = Matcher(
                rule_id=table.entry_rule_id(entry),
                pattern=compile_pattern(entry["pattern"], table.path, label, "pattern"),
                replacement=None, context=Context.from_fields(entry, table.path, label),
                category=table.entry_category(entry), severity=table.entry_severity(entry),
                message=table.entry_message(entry), confidence=table.entry_confidence(entry))
            known = native_canonicals(tables) if fix == "entity_name" else {}
            scripts.append(ScriptCheck(matcher, fix, known))
        else:
            only = entry.get("entity_tables")
            if only is not None and not all(isinstance(t, str) for t in only):
                raise TableError(table.path, "must be a list of table ids", label,
                                 "entity_tables")
            names.append(MissingNameCheck(
                rule_id=table.entry_rule_id(entry),
                only=tuple(only) if only is not None else None,
                min_words=int(entry.get("min_native_words", 2)),
                tables=tuple(tables),
                category=table.entry_category(entry), severity=table.entry_severity(entry),
                message=table.entry_message(entry)))
    return SourceRule(table.id, tuple(numbers), tuple(scripts), tuple(names))


__all__ = ["CHECKS", "ENTRY_FIELDS", "KIND", "USES_TABLES", "SourceRule", "build", "fold_arabic",
           "source_readings"]
