"""``kind: entity``: named entities, their spellings, and the ways MT mangles them.

Entry fields:

- ``canonical`` (required): the wire-service form to output ("Mohammed Shia al-Sudani").
- ``short``: the second-reference form ("al-Sudani").
- ``variants``: other transliterations of the full name; brought to one form per document
  by the entry's ``policy`` (else the table option ``policy``): ``keep``, the default (accepted
  variants are left as the document writes them), ``first`` (the first of canonical and
  variants used in the document) or ``canonical`` (every variant becomes the canonical form).
  A table option ``house_style`` (one of the same values; the last table that sets it wins,
  so a user table can) overrides every entry's policy for the whole run.
- ``misspellings``: forms that are always wrong; replaced by the form the policy picks
  (``canonical`` unless the document already uses a variant under ``first`` or ``keep``).
- ``short_variants``: bare forms ("Sudani") made consistent with ``short`` when the document
  mentions the entity in another form.
- ``aliases``: other correct names (acronyms, translations, titles: "ISIS", "Hezbollah
  Brigades", "Mullah Baradar"); they are never rewritten, they only count as mentions.
- ``mistranslations``: renderings of the name as common words ("Sudanese", "brother"), each
  a mapping with ``text`` (a string or list), ``replacement`` (``canonical``, ``short`` or a
  literal; omit with ``flag: true`` to flag only), the context fields of
  :mod:`mtfix.rules.matcher`, ``requires_mention`` (default true: the document must name the
  entity in another form), ``otherwise: flag`` (where the context fits but the entity is not
  named elsewhere, flag instead of staying silent), ``category``, ``severity``,
  ``confidence``, ``message``.
- ``type``, ``native`` (native-script forms by language code, a string or a list, for
  checks against the source), ``wire_forms``, ``policy``.

Scaling: a table indexes the word tokens each triggering form needs, and a document's word
set picks the entries that can fire: the cost grows with the entries present in a document,
not with the table. A form matches only where all its word tokens occur, so the filter never
hides a match.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from mtfix.document import Issue, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import (
    RuleContext,
    at_sentence_start,
    cased_like,
    finditer,
    literal_pattern,
    search,
)
from mtfix.rules.entity_index import DocIndex, doc_index, index_key, word_tokens
from mtfix.rules.matcher import CONTEXT_FIELDS, Context, Matcher
from mtfix.tables import FieldSpec, RuleTable

KIND = "entity"

POLICIES = ("keep", "first", "canonical")
USES_TABLES = True  # reads the house style a user table may set

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "canonical": FieldSpec((str,), required=True),
    "short": FieldSpec((str,)),
    "variants": FieldSpec((list,)),
    "misspellings": FieldSpec((list,)),
    "short_variants": FieldSpec((list,)),
    "aliases": FieldSpec((list,)),
    "mistranslations": FieldSpec((list,)),
    "type": FieldSpec((str,)),
    "native": FieldSpec((dict,)),
    "wire_forms": FieldSpec((dict,)),
    "policy": FieldSpec((str,)),
    "verified_fields": FieldSpec((list,)),
}

MISTRANSLATION_FIELDS = {"text", "replacement", "flag", "requires_mention", "otherwise",
                         "category", "severity", "confidence", "message", "note", "evidence",
                         "sources", *CONTEXT_FIELDS}

# A bare surname right after an article-like particle is part of a longer form ("Al Sudani").
PARTICLE_BEFORE = r"(?i:\b(?:al|el|ul|ad|ar|as|an|at|az)[\s\-])"
# A bare form next to another capitalised name word belongs to someone else's full name
# ("Gani Adams", "Abdul Hai Pazhwak") unless that word is a title or starts the sentence.
TITLES = frozenset({
    "President", "Prime", "Minister", "Mr", "Mrs", "Ms", "Dr", "Gen", "General", "Marshal",
    "Mullah", "Mulla", "Sheikh", "Ayatollah", "Speaker", "Commander", "Leader", "Chief",
    "Governor", "Gov", "Sen", "Senator", "Imam", "Mawlawi", "Maulvi", "Hajji", "Haji", "Col",
    "Colonel", "Lt", "Major", "Maj", "Brig", "Brigadier", "Cleric", "Deputy", "Vice", "Envoy",
    "Spokesman", "Spokeswoman", "Ambassador", "Judge", "Justice", "King", "Prince", "Emir",
    "Amir", "Sayyid", "Seyyed", "Former", "Then", "Late", "Rep", "Representative", "Secretary",
    "Chairman", "Director", "Premier", "Defence", "Defense", "Foreign", "Interior",
})
WORD_BEFORE = regex.compile(r"(?<![\w'’.-])(\w[\w'’.-]*)[ \t]+\Z")
WORD_AFTER = regex.compile(r"\A[ \t]+([A-Z][\w'’-]*)")

ARABIC_SCRIPT = regex.compile(r"\p{Script=Arabic}")


def _strings(value: Any, path: str, label: str, field_name: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v for v in items):
        raise TableError(path, "must be a non-empty string or list of non-empty strings",
                         label, field_name)
    return items


def _check_native(value: Mapping[str, Any], path: str, label: str) -> None:
    for lang, forms in value.items():
        where = f"native.{lang}"
        for form in _strings(forms, path, label, where):
            if not ARABIC_SCRIPT.search(form):
                raise TableError(path, f"{form!r} has no Arabic-script letter", label, where)


def _policy(value: Any, path: str, label: str | None, field_name: str) -> str:
    if value not in POLICIES:
        raise TableError(path, f"unknown policy {value!r} (expected {' or '.join(POLICIES)})",
                         label, field_name)
    return str(value)


@dataclass(frozen=True)
class EntityEntry:
    rule_id: str
    canonical: str
    short: str | None
    variants: tuple[str, ...]
    mention: regex.Pattern[str]
    variant_pattern: regex.Pattern[str] | None
    misspelling_pattern: regex.Pattern[str] | None
    matchers: tuple[Matcher, ...]  # short forms and mistranslations
    mistranslation_needs_mention: tuple[bool, ...]
    otherwise_flag: tuple[bool, ...]
    to_target: tuple[bool, ...]  # replacement 'canonical': the form the policy picks
    bare: tuple[bool, ...]  # a bare short form: skipped inside another person's full name
    severity: Severity
    category: str
    confidence: float
    policy: str
    triggers: tuple[frozenset[str], ...] = field(default=())  # word tokens of each trigger form
    # the word tokens each form of a pattern needs, to skip segments that cannot match
    variant_needs: tuple[frozenset[str], ...] = ()
    misspelling_needs: tuple[frozenset[str], ...] = ()
    matcher_needs: tuple[tuple[frozenset[str], ...], ...] = ()


def _mistranslation_matcher(table: RuleTable, label: str, rule_id: str, where: str,
                            mt: Any, canonical: str, short: str | None, severity: Severity,
                            confidence: float) -> tuple[Matcher, list[str]]:
    """One ``mistranslations`` item as a matcher, and the texts it matches."""
    path = table.path
    if not isinstance(mt, Mapping) or "text" not in mt:
        raise TableError(path, "each mistranslation is a mapping with 'text'", label, where)
    unknown = set(mt) - MISTRANSLATION_FIELDS
    if unknown:
        raise TableError(path, f"unknown field(s) {sorted(unknown)}", label, where)
    texts = _strings(mt["text"], path, label, f"{where}.text")
    # "the X" also matches "The X" at a sentence start (the fix is capitalised to match)
    texts = list(dict.fromkeys([*texts, *("T" + t[1:] for t in texts if t.startswith("the "))]))
    if mt.get("flag"):
        replacement = None
    else:
        wanted = mt.get("replacement")
        if not isinstance(wanted, str):
            raise TableError(path, "needs 'replacement' or 'flag: true'", label, where)
        replacement = {"canonical": canonical, "short": short}.get(wanted, wanted)
        if replacement is None:
            raise TableError(path, "replacement 'short' needs a 'short' form", label, where)
    if mt.get("otherwise", "skip") not in ("skip", "flag"):
        raise TableError(path, "must be 'flag' or 'skip'", label, f"{where}.otherwise")
    try:
        mt_severity = Severity.parse(mt.get("severity", severity))
    except ValueError as exc:
        raise TableError(path, str(exc), label, f"{where}.severity") from None
    matcher = Matcher(
        rule_id=rule_id,
        pattern=literal_pattern(texts),
        replacement=replacement,
        context=Context.from_fields(mt, path, label),
        category=str(mt.get("category", "entity/name-as-common-word")),
        severity=mt_severity,
        message=str(mt.get("message",
                           f"'{{span}}' looks like the name {canonical} rendered as a "
                           "common word")),
        confidence=float(mt.get("confidence", confidence)))
    return matcher, texts


def _build_entry(table: RuleTable, entry: Mapping[str, Any], table_policy: str,
                 style: str | None = None) -> EntityEntry:
    label = repr(entry["id"])
    path = table.path
    rule_id = table.entry_rule_id(entry)
    canonical = entry["canonical"]
    short = entry.get("short")
    if short is not None and not short:
        raise TableError(path, "must be a non-empty string", label, "short")

    def listed(name: str) -> list[str]:
        return _strings(entry[name], path, label, name) if name in entry else []

    variants = listed("variants")
    misspellings = listed("misspellings")
    short_variants = listed("short_variants")
    aliases = listed("aliases")
    if short_variants and not short:
        raise TableError(path, "short_variants need a 'short' form", label, "short_variants")
    if "native" in entry:
        _check_native(entry["native"], path, label)
    policy = (_policy(entry["policy"], path, label, "policy") if "policy" in entry
              else table_policy)
    policy = style or policy
    forms = [canonical, *variants, *misspellings, *([short] if short else []), *short_variants,
             *aliases]
    # patterns of escaped names: compiled when a document first needs them
    mention = literal_pattern(forms, ignore_case=True)
    variant_pattern = literal_pattern([canonical, *variants]) if variants else None
    misspelling_pattern = literal_pattern(misspellings) if misspellings else None
    severity = table.entry_severity(entry)
    category = table.entry_category(entry)
    confidence = table.entry_confidence(entry)
    matchers: list[Matcher] = []
    needs_mention: list[bool] = []
    otherwise: list[bool] = []
    to_target: list[bool] = []
    bare: list[bool] = []
    triggers: list[str] = [*variants, *misspellings, *short_variants]
    matcher_needs: list[tuple[frozenset[str], ...]] = []
    if short_variants and short:
        matchers.append(Matcher(
            rule_id=rule_id,
            pattern=literal_pattern(short_variants),
            replacement=short,
            context=Context(not_before=regex.compile(f"{PARTICLE_BEFORE}\\Z")),
            category="entity/consistency", severity=Severity.MINOR,
            message=f"'{{span}}' is inconsistent with '{short}' used for {canonical}",
            confidence=confidence))
        needs_mention.append(True)
        otherwise.append(False)
        to_target.append(False)
        bare.append(True)
        matcher_needs.append(tuple(word_tokens(t) for t in short_variants))
    for i, mt in enumerate(entry.get("mistranslations", []) or []):
        matcher, texts = _mistranslation_matcher(
            table, label, rule_id, f"mistranslations[{i}]", mt, canonical, short, severity,
            confidence)
        matchers.append(matcher)
        triggers.extend(texts)
        matcher_needs.append(tuple(word_tokens(t) for t in texts))
        needs_mention.append(bool(mt.get("requires_mention", True)))
        otherwise.append(mt.get("otherwise") == "flag")
        to_target.append(mt.get("replacement") == "canonical")
        bare.append(False)
    return EntityEntry(
        rule_id=rule_id, canonical=canonical, short=short, variants=tuple(variants),
        mention=mention, variant_pattern=variant_pattern,
        misspelling_pattern=misspelling_pattern, matchers=tuple(matchers),
        mistranslation_needs_mention=tuple(needs_mention), otherwise_flag=tuple(otherwise),
        to_target=tuple(to_target), bare=tuple(bare),
        severity=severity, category=category, confidence=confidence, policy=policy,
        triggers=tuple(word_tokens(t) for t in triggers),
        variant_needs=tuple(word_tokens(t) for t in [canonical, *variants]),
        misspelling_needs=tuple(word_tokens(t) for t in misspellings),
        matcher_needs=tuple(matcher_needs),
    )


def _part_of_other_name(text: str, start: int, end: int) -> bool:
    """Whether a bare name form at [start, end) sits inside another person's full name."""
    after = WORD_AFTER.search(text[end:end + 40])
    if after is not None and after.group(1) not in TITLES:
        return True
    before = WORD_BEFORE.search(text[max(0, start - 40):start])
    if before is None:
        return False
    word = before.group(1)
    if word.endswith(".") or not word[:1].isupper() or word in TITLES:
        return False
    return not at_sentence_start(text, start - len(before.group(0)))


def _mentioned_elsewhere(cache: DocIndex, entry: EntityEntry, seg_index: int,
                         start: int, end: int) -> bool:
    """Whether the document names the entity other than at [start, end) of this segment."""
    return any(not (seg == seg_index and s < end and start < e)
               for seg, s, e in cache.mention_spans(entry))


def _target(ctx: RuleContext, cache: DocIndex, entry: EntityEntry) -> str:
    """The form the policy picks for this document: canonical, or the first form used."""
    if entry.policy == "canonical" or entry.variant_pattern is None:
        return entry.canonical
    target = cache.targets.get(entry.rule_id)
    if target is None:
        # the first use in the document: searched in the segments that hold a form's words,
        # in order (a form never spans two lines), not in the whole text (which cost each
        # entity a scan of the document)
        first, at = None, 0
        for seg in cache.segments(entry.variant_needs):
            first = search(entry.variant_pattern, seg.text, entry.rule_id, ctx.timeout)
            if first is not None:
                at = cache.offset(seg.index) + first.start()
                break
        target = first.group(0) if first is not None else entry.canonical
        if first is not None and at_sentence_start(ctx.text, at):
            # "Al-Qaeda" starting a sentence is the form "al-Qaeda" when the table has it
            lower = target[:1].lower() + target[1:]
            if lower in (entry.canonical, *entry.variants):
                target = lower
        cache.targets[entry.rule_id] = target
    return target


def _variant_issues(ctx: RuleContext, cache: DocIndex, entry: EntityEntry) -> Iterator[Issue]:
    target = _target(ctx, cache, entry)
    if entry.variant_pattern is not None and entry.policy != "keep":
        for seg in cache.segments(entry.variant_needs):
            for m in finditer(entry.variant_pattern, seg.text, entry.rule_id, ctx.timeout):
                wanted = cased_like(target, seg.text, m.start())
                if m.group(0) == wanted:
                    continue
                yield make_issue(
                    seg, m.start(), m.end(), category=entry.category, severity=entry.severity,
                    rule_id=entry.rule_id,
                    message=f"spelling of {entry.canonical}: use '{target}' throughout",
                    replacements=(wanted,), confidence=entry.confidence)
    if entry.misspelling_pattern is not None:
        for seg in cache.segments(entry.misspelling_needs):
            for m in finditer(entry.misspelling_pattern, seg.text, entry.rule_id, ctx.timeout):
                yield make_issue(
                    seg, m.start(), m.end(), category="entity/spelling",
                    severity=Severity.MAJOR, rule_id=entry.rule_id,
                    message=f"misspelled name: '{m.group(0)}' is spelled '{target}'",
                    replacements=(cased_like(target, seg.text, m.start()),),
                    confidence=entry.confidence)


@dataclass(frozen=True)
class EntityRule:
    table_id: str
    entries: Sequence[EntityEntry]
    prefilter: bool = True
    # word token -> [(entry index, all tokens of one trigger form)], keyed by the form's
    # longest token; ``always`` lists entries with a trigger form that has no word token.
    index: Mapping[str, tuple[tuple[int, frozenset[str]], ...]] = field(default_factory=dict)
    always: tuple[int, ...] = ()
    keys: frozenset[str] = frozenset()

    def candidates(self, ctx: RuleContext, cache: DocIndex) -> list[EntityEntry]:
        """The entries that can fire on this document (all of them without the prefilter)."""
        if not self.prefilter:
            return list(self.entries)
        tokens = cache.tokens
        hit = set(self.always)
        for key in tokens & self.keys:  # set intersection in C: cost ~ the smaller set
            for i, needed in self.index[key]:
                if i not in hit and needed <= tokens:
                    hit.add(i)
        return [self.entries[i] for i in sorted(hit)]

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        cache = doc_index(ctx)
        cache.filter_segments = self.prefilter
        for entry in self.candidates(ctx, cache):
            yield from _variant_issues(ctx, cache, entry)
            for matcher, needs_mention, otherwise, to_target, bare, needs in zip(
                    entry.matchers, entry.mistranslation_needs_mention, entry.otherwise_flag,
                    entry.to_target, entry.bare, entry.matcher_needs, strict=True):
                for seg in cache.segments(needs):
                    for issue in matcher.issues(ctx, seg):
                        if bare and _part_of_other_name(seg.text, issue.start, issue.end):
                            continue
                        if to_target and issue.replacements:
                            new = cased_like(_target(ctx, cache, entry), seg.text, issue.start)
                            if new == issue.span:
                                continue
                            issue = replace(issue, replacements=(new,))
                        if needs_mention and not _mentioned_elsewhere(
                                cache, entry, seg.index, issue.start, issue.end):
                            if otherwise:
                                yield replace(
                                    issue, replacements=(),
                                    message=issue.message + " (flagged only: the document "
                                    f"does not name {entry.canonical} elsewhere)")
                            continue
                        yield issue


def build_index(entries: Sequence[EntityEntry]) -> tuple[
        dict[str, tuple[tuple[int, frozenset[str]], ...]], tuple[int, ...]]:
    index: dict[str, list[tuple[int, frozenset[str]]]] = {}
    always: list[int] = []
    for i, entry in enumerate(entries):
        for needed in entry.triggers:
            if not needed:
                always.append(i)
                continue
            index.setdefault(index_key(needed), []).append((i, needed))
    return {k: tuple(v) for k, v in index.items()}, tuple(sorted(set(always)))


def house_style(tables: Sequence[RuleTable]) -> str | None:
    """The run's house style: ``options.house_style`` of the last entity table that sets it."""
    style = None
    for t in tables:
        if t.kind == KIND and "house_style" in t.options:
            style = _policy(t.options["house_style"], t.path, None, "options.house_style")
    return style


def house_style_table(style: str) -> RuleTable:
    """A table that only sets the run's house style (what a user's YAML table can do)."""
    _policy(style, "<house style>", None, "options.house_style")
    return RuleTable(id="house-style", kind=KIND, path="<house style>",
                     category="entity/spelling", severity=Severity.MINOR, message="",
                     confidence=0.9, entries=(), options={"house_style": style}, builtin=False)


def build(table: RuleTable, tables: Sequence[RuleTable] = (),
          prefilter: bool = True) -> EntityRule:
    policy = _policy(table.options.get("policy", "keep"), table.path, None, "options.policy")
    style = house_style(tables)
    entries = tuple(_build_entry(table, e, policy, style) for e in table.entries)
    index, always = build_index(entries)
    return EntityRule(table.id, entries, prefilter=prefilter, index=index, always=always,
                      keys=frozenset(index))


__all__ = ["KIND", "ENTRY_FIELDS", "build", "cased_like", "house_style_table", "word_tokens"]
