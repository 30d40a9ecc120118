"""Rule kinds and the set of rules loaded from tables.

Each kind is one module with ``KIND``, ``ENTRY_FIELDS`` (the schema of its table entries) and
``build(table) -> Rule``. Adding a kind means adding its module to ``KIND_MODULES``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from mtfix.document import Document, Issue
from mtfix.errors import UserError
from mtfix.rules import (
    boilerplate,
    calendar,
    entity,
    fragment,
    fuzzy_names,
    name_meanings,
    page_structure,
    quotes,
    repetition,
    source,
    source_names,
    substitution,
    weekday,
)
from mtfix.rules.base import DEFAULT_REGEX_TIMEOUT, Rule, RuleContext
from mtfix.rules.prefilter import Prefilter, SegmentCandidates, build_prefilter
from mtfix.tables import FieldSpec, RuleTable, tables_digest
from mtfix.tables import load_tables as _load_tables

KIND_MODULES: tuple[ModuleType, ...] = (
    substitution, entity, boilerplate, quotes, calendar, source, fragment, repetition,
    page_structure, source_names, weekday, name_meanings, fuzzy_names)


def kinds() -> dict[str, ModuleType]:
    return {m.KIND: m for m in KIND_MODULES}


def entry_schemas() -> dict[str, Mapping[str, FieldSpec]]:
    return {m.KIND: m.ENTRY_FIELDS for m in KIND_MODULES}


def load_tables(paths: Sequence[str | Path] = (), builtin: bool = True) -> list[RuleTable]:
    """The builtin tables (unless ``builtin=False``) and the user's, checked against every kind."""
    return _load_tables(paths, builtin, schemas=entry_schemas())


@dataclass(frozen=True)
class RuleSet:
    """The loaded tables, the rules built from them, and what the user disabled."""

    tables: tuple[RuleTable, ...]
    rules: tuple[Rule, ...]
    disabled: frozenset[str] = frozenset()
    timeout: float = DEFAULT_REGEX_TIMEOUT
    #: one keyword automaton over the tables' entries (None: every entry tried everywhere)
    prefilter: Prefilter | None = None

    @property
    def digest(self) -> str:
        return tables_digest(self.tables)

    def is_disabled(self, rule_id: str) -> bool:
        if rule_id in self.disabled:
            return True
        return any(rule_id.startswith(d + ".") for d in self.disabled)

    def detect(self, doc: Document) -> tuple[Issue, ...]:
        candidates = SegmentCandidates(self.prefilter) if self.prefilter is not None else None
        ctx = RuleContext(doc, timeout=self.timeout, prefilter=candidates)
        found: list[Issue] = []
        for rule in self.rules:
            found.extend(i for i in rule.detect(ctx) if not self.is_disabled(i.rule_id))
        # message and fix break ties: two issues of one rule on one span (a line dropped as
        # chrome and as a linked headline) come in the same order in every process (a set's
        # order follows string hashes, which differ from process to process)
        return tuple(sorted(set(found), key=lambda i: (i.segment, i.start, i.end, i.rule_id,
                                                       i.message, i.replacements)))


def _build(kind: ModuleType, table: RuleTable, active: Sequence[RuleTable]) -> Rule:
    """Build one table's rule; kinds that read other tables (USES_TABLES) get them all."""
    if getattr(kind, "USES_TABLES", False):
        return kind.build(table, tuple(active))
    return kind.build(table)


def build_rules(tables: Iterable[RuleTable], disabled: Iterable[str] = (),
                timeout: float = DEFAULT_REGEX_TIMEOUT, prefilter: bool = True) -> RuleSet:
    """The rules of ``tables``; ``prefilter=False`` tries every entry on every segment (the
    same issues, slower: the tests compare the two)."""
    by_kind = kinds()
    disabled_set = frozenset(disabled)
    active = [t for t in tables if t.id not in disabled_set]
    rules = tuple(_build(by_kind[t.kind], t, active) for t in active)
    return RuleSet(tables=tuple(active), rules=rules, disabled=disabled_set, timeout=timeout,
                   prefilter=build_prefilter(rules) if prefilter else None)


def load_rules(paths: Sequence[str | Path] = (), disabled: Iterable[str] = (),
               builtin: bool = True, timeout: float = DEFAULT_REGEX_TIMEOUT) -> RuleSet:
    """Load the shipped tables plus the user's (files or folders) and build the rules."""
    tables = load_tables(paths, builtin)
    disabled = tuple(disabled)
    known = {t.id for t in tables} | {t.entry_rule_id(e) for t in tables for e in t.entries}
    unknown = [d for d in disabled if d not in known]
    if unknown:
        raise UserError(f"cannot disable unknown rule(s): {', '.join(unknown)} "
                        "(see 'mtfix rules')")
    return build_rules(tables, disabled, timeout)
