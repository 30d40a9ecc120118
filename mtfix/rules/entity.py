"""``kind: entity``: named entities, their spellings, and the ways MT mangles them.

Entry fields:

- ``canonical`` (required): the wire-service form to output ("Mohammed Shia al-Sudani").
- ``short``: the second-reference form ("al-Sudani").
- ``variants``: other transliterations of the full name; brought to one form per document
  (table option ``policy``: ``canonical``, the default, or ``first``: the first form used).
- ``misspellings``: forms that are always wrong; replaced by ``canonical``.
- ``short_variants``: bare forms ("Sudani") made consistent with ``short`` when the document
  mentions the entity in another form.
- ``mistranslations``: renderings of the name as common words ("Sudanese", "brother"), each
  a mapping with ``text`` (a string or list), ``replacement`` (``canonical``, ``short`` or a
  literal; omit with ``flag: true`` to flag only), the context fields of
  :mod:`mtfix.rules.matcher`, ``requires_mention`` (default true: the document must name the
  entity in another form), ``category``, ``severity``, ``confidence``, ``message``.
- ``type``, ``native`` (native-script forms, for checks against the source), ``wire_forms``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from mtfix.document import Issue, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext, cased_like, finditer, literal_alternation, search
from mtfix.rules.matcher import CONTEXT_FIELDS, Context, Matcher
from mtfix.tables import FieldSpec, RuleTable, compile_pattern

KIND = "entity"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "canonical": FieldSpec((str,), required=True),
    "short": FieldSpec((str,)),
    "variants": FieldSpec((list,)),
    "misspellings": FieldSpec((list,)),
    "short_variants": FieldSpec((list,)),
    "mistranslations": FieldSpec((list,)),
    "type": FieldSpec((str,)),
    "native": FieldSpec((dict,)),
    "wire_forms": FieldSpec((dict,)),
}

MISTRANSLATION_FIELDS = {"text", "replacement", "flag", "requires_mention", "category",
                         "severity", "confidence", "message", "note", "evidence", "sources",
                         *CONTEXT_FIELDS}

# A bare surname right after an article-like particle is part of a longer form ("Al Sudani").
PARTICLE_BEFORE = r"(?i:\b(?:al|el|ul|ad|ar|as|an|at|az)[\s\-])"


def _strings(value: Any, path: str, label: str, field: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v for v in items):
        raise TableError(path, "must be a non-empty string or list of non-empty strings",
                         label, field)
    return items


@dataclass(frozen=True)
class EntityEntry:
    rule_id: str
    canonical: str
    short: str | None
    variants: tuple[str, ...]
    mention: regex.Pattern[str]
    variant_pattern: regex.Pattern[str] | None
    matchers: tuple[Matcher, ...]  # misspellings, short forms and mistranslations
    mistranslation_needs_mention: tuple[bool, ...]
    severity: Severity
    category: str
    confidence: float
    policy: str


def _build_entry(table: RuleTable, entry: Mapping[str, Any]) -> EntityEntry:
    label = repr(entry["id"])
    path = table.path
    rule_id = table.entry_rule_id(entry)
    canonical = entry["canonical"]
    short = entry.get("short")
    variants = _strings(entry["variants"], path, label, "variants") if "variants" in entry else []
    misspellings = (_strings(entry["misspellings"], path, label, "misspellings")
                    if "misspellings" in entry else [])
    short_variants = (_strings(entry["short_variants"], path, label, "short_variants")
                      if "short_variants" in entry else [])
    if short_variants and not short:
        raise TableError(path, "short_variants need a 'short' form", label, "short_variants")
    forms = [canonical, *variants, *misspellings, *([short] if short else []), *short_variants]
    mention = compile_pattern(literal_alternation(forms), path, label, "canonical", True)
    variant_pattern = (compile_pattern(literal_alternation([canonical, *variants]), path, label,
                                       "variants") if variants else None)
    severity = table.entry_severity(entry)
    category = table.entry_category(entry)
    confidence = table.entry_confidence(entry)
    matchers: list[Matcher] = []
    needs_mention: list[bool] = []
    if misspellings:
        matchers.append(Matcher(
            rule_id=rule_id,
            pattern=compile_pattern(literal_alternation(misspellings), path, label,
                                    "misspellings"),
            replacement=canonical, context=Context(), category="entity/spelling",
            severity=Severity.MAJOR,
            message=f"misspelled name: '{{span}}' is spelled '{canonical}'",
            confidence=confidence, capitalise=False))
        needs_mention.append(False)
    if short_variants and short:
        matchers.append(Matcher(
            rule_id=rule_id,
            pattern=compile_pattern(literal_alternation(short_variants), path, label,
                                    "short_variants"),
            replacement=short,
            context=Context(not_before=regex.compile(f"{PARTICLE_BEFORE}\\Z")),
            category="entity/consistency", severity=Severity.MINOR,
            message=f"'{{span}}' is inconsistent with '{short}' used for {canonical}",
            confidence=confidence))
        needs_mention.append(True)
    for i, mt in enumerate(entry.get("mistranslations", []) or []):
        where = f"mistranslations[{i}]"
        if not isinstance(mt, Mapping) or "text" not in mt:
            raise TableError(path, "each mistranslation is a mapping with 'text'", label, where)
        unknown = set(mt) - MISTRANSLATION_FIELDS
        if unknown:
            raise TableError(path, f"unknown field(s) {sorted(unknown)}", label, where)
        texts = _strings(mt["text"], path, label, f"{where}.text")
        if mt.get("flag"):
            replacement = None
        else:
            wanted = mt.get("replacement")
            if not isinstance(wanted, str):
                raise TableError(path, "needs 'replacement' or 'flag: true'", label, where)
            replacement = {"canonical": canonical, "short": short}.get(wanted, wanted)
            if replacement is None:
                raise TableError(path, "replacement 'short' needs a 'short' form", label, where)
        try:
            mt_severity = Severity.parse(mt.get("severity", severity))
        except ValueError as exc:
            raise TableError(path, str(exc), label, f"{where}.severity") from None
        matchers.append(Matcher(
            rule_id=rule_id,
            pattern=compile_pattern(literal_alternation(texts), path, label, f"{where}.text"),
            replacement=replacement,
            context=Context.from_fields(mt, path, label),
            category=str(mt.get("category", "entity/name-as-common-word")),
            severity=mt_severity,
            message=str(mt.get("message",
                               f"'{{span}}' looks like the name {canonical} rendered as a "
                               "common word")),
            confidence=float(mt.get("confidence", confidence))))
        needs_mention.append(bool(mt.get("requires_mention", True)))
    return EntityEntry(
        rule_id=rule_id, canonical=canonical, short=short, variants=tuple(variants),
        mention=mention, variant_pattern=variant_pattern, matchers=tuple(matchers),
        mistranslation_needs_mention=tuple(needs_mention), severity=severity,
        category=category, confidence=confidence, policy=str(table.options.get("policy",
                                                                             "canonical")),
    )


def _mentioned_elsewhere(ctx: RuleContext, entry: EntityEntry, seg_index: int,
                         start: int, end: int) -> bool:
    """Whether the document names the entity other than at [start, end) of this segment."""
    for seg in ctx.doc.segments:
        for m in finditer(entry.mention, seg.text, entry.rule_id, ctx.timeout):
            if seg.index == seg_index and m.start() < end and start < m.end():
                continue
            return True
    return False


def _variant_issues(ctx: RuleContext, entry: EntityEntry) -> Iterator[Issue]:
    if entry.variant_pattern is None:
        return
    target = entry.canonical
    if entry.policy == "first":
        first = search(entry.variant_pattern, ctx.text, entry.rule_id, ctx.timeout)
        if first is not None:
            target = first.group(0)
    for seg in ctx.doc.segments:
        for m in finditer(entry.variant_pattern, seg.text, entry.rule_id, ctx.timeout):
            if m.group(0) == target:
                continue
            yield make_issue(
                seg, m.start(), m.end(), category=entry.category, severity=entry.severity,
                rule_id=entry.rule_id,
                message=f"spelling of {entry.canonical}: use '{target}' throughout",
                replacements=(target,), confidence=entry.confidence)


@dataclass(frozen=True)
class EntityRule:
    table_id: str
    entries: Sequence[EntityEntry]

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        for entry in self.entries:
            yield from _variant_issues(ctx, entry)
            for matcher, needs_mention in zip(entry.matchers, entry.mistranslation_needs_mention,
                                              strict=True):
                for seg in ctx.doc.segments:
                    for issue in matcher.issues(ctx, seg):
                        if needs_mention and not _mentioned_elsewhere(
                                ctx, entry, seg.index, issue.start, issue.end):
                            continue
                        yield issue


def build(table: RuleTable) -> EntityRule:
    return EntityRule(table.id, tuple(_build_entry(table, e) for e in table.entries))


__all__ = ["KIND", "ENTRY_FIELDS", "build", "cased_like"]
