"""``kind: name-meaning``: a person's name rendered as the common word it means, found from the
document's own context.

MT that translates a name element instead of transliterating it writes al-Sudani as "the
Sudanese", Baradar as "Brother", Ghani as "rich". The table lists name elements with their
literal renderings (data, with sources); this module decides from the document whether a
rendering stands for the person:

- the document names the bearer (one of the entry's ``forms``, case-sensitive), which also
  gives the form to restore and the given names that may precede it;
- English grammar says the word is a person: a title or the bearer's given names just before
  it ("Mullah Brother", "Abdulghani Brother", "Mohamed Shia of Sudan"), a possessive of a
  demonym ("Sudanese's"), a singular subject ("the Sudanese has", "Brother emphasized"), a
  bare "the <demonym>" used as a noun ("support the Sudanese and his government"), or a
  capitalised common word mid-sentence after a preposition ("according to Brother");
- and nothing says it is the country or the word: a noun after the demonym ("Sudanese
  troops"), a plural verb ("the Sudanese are"), the country's own context (``country_context``:
  Khartoum, Darfur ...), quotation marks or a gloss ("known as 'Mullah Brother'").

Where the document names the bearer, the span is fixed to the document's own form. Where it
does not, a strong signal is flagged with a low confidence and the table's ``propose`` form
(below the fix threshold: reported, not applied), except where the document itself writes the
word as a name: a capitalised rendering right after a title or given names ("Mullah
Brother", "Abdulghani Brother"). No English sentence puts a title before the common word, so
that use, and the document's other uses of the same word as a person, are fixed to the name
element ("Baradar") at a confidence just at the default threshold.

Entry fields: ``name`` (the element as wires write it), ``forms`` (spellings that name the
bearer), ``literal`` (renderings, optional with ``nisba_of``; capitalised forms are matched
as written, lower-case forms also capitalised), ``nisba_of`` (places whose possessive or
"of X" renders a nisba: "Sudan"), ``country_context`` (a regex: the document is about the
place or people), ``propose`` (the bearer's full name), ``bearers`` (notes).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext, at_sentence_start, cased_like, finditer
from mtfix.rules.name_context import (
    Signal,
    given_names_before,
    name_skeleton,
    signal_at,
)
from mtfix.rules.prefilter import Keywords, fold, required_literals
from mtfix.tables import FieldSpec, RuleTable, compile_pattern

KIND = "name-meaning"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec((str,), required=True),
    "forms": FieldSpec((list,), required=True),
    "literal": FieldSpec((list,)),
    "nisba_of": FieldSpec((list,)),
    "country_context": FieldSpec((str,), regex=True),
    "propose": FieldSpec((str,)),
    "bearers": FieldSpec((list,)),
    "type": FieldSpec((str,)),
}

NAMED_CONFIDENCE = 0.9
AS_NAME_CONFIDENCE = 0.8  # the document writes the word as a name: at the default threshold
UNNAMED_CONFIDENCE = 0.5
AS_NAME = ", but uses the word as a name elsewhere"


def _strings(entry: Mapping[str, Any], name: str, path: str, label: str) -> list[str]:
    value = entry.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TableError(path, "must be a list of non-empty strings", label, name)
    return value


@dataclass(frozen=True)
class NameMeaning:
    rule_id: str
    name: str
    forms: regex.Pattern[str]
    literal: regex.Pattern[str] | None  # None: the entry has only nisba forms
    nisba: regex.Pattern[str] | None
    common_word: bool  # a plain word ("brother"), not a demonym: needs a stronger signal
    country_context: regex.Pattern[str] | None
    propose: str
    severity: Severity
    keywords: tuple[str, ...] = ()  # one occurs (case-folded) in any text a pattern matches


def _alternation(words: list[str], ignore_first_case: bool) -> str:
    alts: list[str] = []
    for w in sorted(set(words), key=len, reverse=True):
        if ignore_first_case and w[:1].isalpha():
            alts.append(f"[{regex.escape(w[0].upper())}{regex.escape(w[0].lower())}]"
                        + regex.escape(w[1:]))
        else:
            alts.append(regex.escape(w))
    return "|".join(alts)


def _build_entry(table: RuleTable, entry: Mapping[str, Any]) -> NameMeaning:
    path, label = table.path, repr(entry["id"])
    forms = _strings(entry, "forms", path, label)
    literal = _strings(entry, "literal", path, label)
    places = _strings(entry, "nisba_of", path, label)
    if not forms or not (literal or places):
        raise TableError(path, "needs 'forms' and one of 'literal' or 'nisba_of'", label)
    common = any(w[:1].islower() for w in literal)
    lit = (r"(?:\b(?P<det>[Tt]he)\s+)?(?<![\w\-])(?P<lit>" + _alternation(literal, common)
           + r")(?P<pos>['’]s)?(?![\w\-])") if literal else None
    nisba = None
    if places:
        alts = _alternation(places, False)
        nisba = compile_pattern(
            rf"\b(?P<of>of\s+)(?P<lit>{alts})(?![\w\-'’])|(?<![\w\-])(?P<lit2>{alts})(?P<pos>['’]s)\b",
            path, label, "nisba_of")
    context = entry.get("country_context")
    return NameMeaning(
        rule_id=table.entry_rule_id(entry), name=str(entry["name"]),
        forms=compile_pattern(r"(?<![\w\-])(?:" + _alternation(forms, False) + r")(?![\w\-])",
                              path, label, "forms"),
        literal=compile_pattern(lit, path, label, "literal") if lit else None,
        nisba=nisba, common_word=common,
        country_context=(compile_pattern(context, path, label, "country_context")
                         if context else None),
        propose=str(entry.get("propose", entry["name"])),
        severity=table.entry_severity(entry),
        keywords=tuple(w.casefold() for w in [*literal, *places]))


@dataclass(frozen=True)
class Mentions:
    """How the document names the bearer: the form to restore and the given names seen."""

    form: str | None
    given: frozenset[str]  # skeletons of the capitalised words before each mention


def _restore_form(entry: NameMeaning, found: str) -> str:
    """The document's own spelling, with the wire particle case ("Al-Sudani" -> "al-Sudani")."""
    if entry.name[:3] == "al-" and found[:3] in ("Al-", "al-", "Al ", "al "):
        return "al-" + found[3:]
    return found


def _folded_segments(ctx: RuleContext) -> list[str]:
    folded = ctx.cache.get("prefilter:folded_segments")
    if folded is None:
        folded = ctx.cache["prefilter:folded_segments"] = [fold(s.text) for s in ctx.doc.segments]
    return folded


def _segments_with(ctx: RuleContext, keys: Keywords) -> list[int]:
    """The numbers of the segments whose folded text holds one of ``keys``: found in the
    document's folded text joined by newlines, so the cost follows the keys' occurrences, not
    the number of segments."""
    joined = ctx.cache.get("name_meanings:folded_joined")
    if joined is None:
        folded = _folded_segments(ctx)
        starts, at = [], 0
        for f in folded:
            starts.append(at)
            at += len(f) + 1
        joined = ctx.cache["name_meanings:folded_joined"] = ("\n".join(folded), starts)
    text, starts = joined
    found: set[int] = set()
    for key in keys:
        if "\n" in key:  # never inside one segment's folded line
            continue
        at = text.find(key)
        while at >= 0:
            found.add(bisect_right(starts, at) - 1)
            at = text.find(key, at + 1)
    return sorted(found)


def _mentions(ctx: RuleContext, entry: NameMeaning, keys: Keywords = ()) -> Mentions:
    """``keys``: literals one of which every match of the entry's forms contains (segments
    without any are skipped; () reads every segment)."""
    form: str | None = None
    given: set[str] = set()
    segments = ctx.doc.segments
    for n in _segments_with(ctx, keys) if keys else range(len(segments)):
        seg = segments[n]
        for m in finditer(entry.forms, seg.text, entry.rule_id, ctx.timeout):
            if form is None:
                form = _restore_form(entry, m.group(0))
            words = given_names_before(seg.text, m.start())
            for i in range(len(words)):
                given.add(name_skeleton("".join(words[i:])))
    return Mentions(form, frozenset(given))


class NameMeaningRule:
    def __init__(self, table_id: str, entries: tuple[NameMeaning, ...]) -> None:
        self.table_id = table_id
        self.entries = entries
        self._form_keys = tuple(required_literals(e.forms) for e in entries)

    def keyword_sets(self) -> tuple[Keywords, ...]:
        """For the prefilter: what the literal (or the nisba) pattern of each entry needs."""
        out = []
        for entry in self.entries:
            # () from either pattern that may match: that pattern is tried everywhere
            lits = required_literals(entry.literal) if entry.literal is not None else None
            nisba = required_literals(entry.nisba) if entry.nisba is not None else None
            usable = [k for k in (lits, nisba) if k is not None]
            out.append(tuple(sorted({k for ks in usable for k in ks}))
                       if all(usable) else ())
        return tuple(out)

    def _segments(self, ctx: RuleContext) -> list[Sequence[Segment]]:
        """Each entry's segments the prefilter lets through (all, without a prefilter)."""
        segments = ctx.doc.segments
        out: list[list[Segment]] = [[] for _ in self.entries]
        for seg in segments:
            found = ctx.candidates(self.table_id, seg)
            if found is None:
                return [segments] * len(self.entries)
            for i in found:
                out[i].append(seg)
        return list(out)

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        by_entry: list[Sequence[Segment]] | None = None
        for n, entry in enumerate(self.entries):
            if entry.country_context is not None and ctx.document_has(
                    entry.country_context, entry.rule_id):
                continue
            lower = ctx.cache.get("lower_text")
            if lower is None:
                lower = ctx.cache["lower_text"] = ctx.text.casefold()
            if not any(k in lower for k in entry.keywords):
                continue
            mentions: Mentions | None = None
            found: list[Issue] = []
            if by_entry is None:
                by_entry = self._segments(ctx)
            for seg in by_entry[n]:
                if not (entry.literal is not None and entry.literal.search(seg.text)) and not (
                        entry.nisba is not None and entry.nisba.search(seg.text)):
                    continue
                if mentions is None:
                    mentions = _mentions(ctx, entry, self._form_keys[n])
                found.extend(self._segment(ctx, entry, seg, mentions))
            yield from _with_document_evidence(entry, found)

    def _segment(self, ctx: RuleContext, entry: NameMeaning, seg: Segment,
                 mentions: Mentions) -> Iterator[Issue]:
        text = seg.text
        literal = entry.literal
        for m in finditer(literal, text, entry.rule_id, ctx.timeout) if literal else ():
            sig = signal_at(text, m.start("lit"), m.end("lit"), has_det=m.group("det") is not None,
                            possessive=m.group("pos") is not None,
                            common_word=entry.common_word, given=mentions.given)
            if sig is None:
                continue
            start = m.start()
            yield from self._issue(entry, seg, start, m.end(), m.group("pos"), sig, mentions)
        if entry.nisba is None:
            return
        for m in finditer(entry.nisba, text, entry.rule_id, ctx.timeout):
            if m.group("of") is not None:
                words = given_names_before(text, m.start())
                if not words or not _given_match(words, mentions.given):
                    continue
                sig = Signal("the bearer's given names before 'of'", strong=True, after_name=True)
                yield from self._issue(entry, seg, m.start(), m.end(), None, sig, mentions)
            else:
                sig = signal_at(text, m.start("lit2"), m.end("lit2"), has_det=False,
                                possessive=True, common_word=True, given=mentions.given,
                                personal_possession=True)
                if sig is not None:
                    yield from self._issue(entry, seg, m.start(), m.end(), m.group("pos"), sig,
                                           mentions)

    def _issue(self, entry: NameMeaning, seg: Segment, start: int, end: int,
               pos: str | None, sig: Signal, mentions: Mentions) -> Iterator[Issue]:
        span = seg.text[start:end]
        if mentions.form is not None:
            new = cased_like(mentions.form + (pos or ""), seg.text, start)
            if at_sentence_start(seg.text, start) and new[:1].islower():
                new = new[0].upper() + new[1:]
            yield make_issue(
                seg, start, end, category="entity/name-as-common-word", severity=entry.severity,
                rule_id=entry.rule_id,
                message=(f"'{span}' is the name {mentions.form} rendered as a common word "
                         f"({sig.reason}; the document names {mentions.form})"),
                replacements=(new,), confidence=NAMED_CONFIDENCE)
            return
        if sig.after_name and sig.strong and span.split()[-1][:1].isupper():
            yield make_issue(
                seg, start, end, category="entity/name-as-common-word", severity=entry.severity,
                rule_id=entry.rule_id,
                message=(f"'{span}' is the name {entry.name} ({entry.propose}) rendered as a "
                         f"common word ({sig.reason}: the document writes it as a name)"),
                replacements=(cased_like(entry.name + (pos or ""), seg.text, start),),
                confidence=AS_NAME_CONFIDENCE)
            return
        weak = "" if sig.strong else AS_NAME
        propose = entry.name if sig.after_name else entry.propose
        yield make_issue(
            seg, start, end, category="entity/name-as-common-word", severity=Severity.MAJOR,
            rule_id=entry.rule_id,
            message=(f"'{span}' may be the name {entry.name} ({entry.propose}) rendered as a "
                     f"common word ({sig.reason}); the document does not name the person{weak}"),
            replacements=(cased_like(propose + (pos or ""), seg.text, start),),
            confidence=UNNAMED_CONFIDENCE)


def _with_document_evidence(entry: NameMeaning, found: list[Issue]) -> Iterator[Issue]:
    """The issues of one entry in one document, weighed together: where the document writes
    the word as a name (after a title or given names) its other uses are the same person
    (fixed to the element); where it only uses it as a name weakly, they are not reported;
    where a strong signal stands alone, all are reported unapplied."""
    as_name = any(i.confidence == AS_NAME_CONFIDENCE for i in found)
    strong = as_name or any(i.confidence == UNNAMED_CONFIDENCE
                            and not i.message.endswith(AS_NAME) for i in found)
    for issue in found:
        if as_name and issue.confidence == UNNAMED_CONFIDENCE:
            pos = "'s" if issue.span.endswith(("'s", "’s")) else ""
            new = entry.name + pos
            if issue.span[:1].isupper() and new[:1].islower():
                new = new[0].upper() + new[1:]
            yield replace(issue, replacements=(new,), confidence=AS_NAME_CONFIDENCE,
                          message=issue.message.removesuffix(AS_NAME)
                          + ", and writes it as a name elsewhere")
        elif strong or not issue.message.endswith(AS_NAME):
            yield issue


def _given_match(words: list[str], given: frozenset[str]) -> bool:
    return any(name_skeleton("".join(words[i:])) in given for i in range(len(words)))


def build(table: RuleTable) -> NameMeaningRule:
    return NameMeaningRule(table.id, tuple(_build_entry(table, e) for e in table.entries))


__all__ = ["KIND", "ENTRY_FIELDS", "build"]
