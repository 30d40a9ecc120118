"""The ``missing_name`` check of ``kind: source``: a native form of an ``entity`` table entry in
the source, none of its English forms in the target. Also the Arabic-script folding and the
native forms that the ``entity_name`` script fix reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.rules.base import RuleContext, finditer, literal_pattern, search
from mtfix.tables import RuleTable

ARABIC_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ۀ": "ه", "ګ": "گ", "\u200c": " ", "\u200d": "", "\u0640": "",
})
ARABIC_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
NATIVE_LEFT = r"(?<![\p{L}\p{M}])(?:[وبلف](?=\p{L}))?"
NATIVE_RIGHT = r"(?![\p{L}\p{M}])"
PARTICLE = regex.compile(r"^(?:al|el|ul|ad|ar|as|an|at|az)[\-\s]", regex.IGNORECASE)


def fold_arabic(text: str) -> str:
    """Arabic-script text with its spelling variation folded away, for matching names."""
    return " ".join(ARABIC_MARKS.sub("", text.translate(ARABIC_FOLD)).split())


@dataclass(frozen=True)
class Name:
    canonical: str
    natives: Mapping[str, str]  # folded form -> as the table writes it
    english: regex.Pattern[str]


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str) and v]


def _english_forms(entry: Mapping[str, Any]) -> list[str]:
    forms = [entry["canonical"]]
    for key in ("short", "variants", "misspellings", "short_variants", "aliases"):
        forms += _strings(entry.get(key, []))
    for value in (entry.get("wire_forms") or {}).values():
        forms += _strings(value)
    for mt in entry.get("mistranslations", []) or []:
        if isinstance(mt, Mapping) and mt.get("replacement") not in (None, "canonical", "short"):
            forms += _strings(mt["replacement"])
    for full in [entry["canonical"], *_strings(entry.get("variants", []))]:
        last = PARTICLE.sub("", full.split()[-1])
        if len(last) >= 4:
            forms.append(last)
    return forms


def entry_natives(entry: Mapping[str, Any]) -> dict[str, str]:
    """An entity entry's native forms: folded form -> as the table writes it."""
    return {fold_arabic(form): form for forms in (entry.get("native") or {}).values()
            for form in _strings(forms)}


def entity_names(tables: Iterable[RuleTable], only: Sequence[str] | None,
                 min_words: int) -> tuple[Name, ...]:
    """The names of every ``entity`` table (or those in ``only``) that have native forms."""
    out = []
    for table in tables:
        if table.kind != "entity" or (only is not None and table.id not in only):
            continue
        for entry in table.entries:
            natives = {k: v for k, v in entry_natives(entry).items()
                       if len(k.split()) >= min_words}
            if not natives:
                continue
            english = literal_pattern(_english_forms(entry), ignore_case=True)
            out.append(Name(entry["canonical"], natives, english))
    return tuple(out)


@dataclass(frozen=True)
class NameIndex:
    names: tuple[Name, ...]
    pattern: regex.Pattern[str] | None
    by_native: Mapping[str, tuple[int, ...]]
    shown: Mapping[str, str]  # folded native form -> as the table writes it

    @classmethod
    def of(cls, names: tuple[Name, ...]) -> NameIndex:
        by_native: dict[str, list[int]] = {}
        shown: dict[str, str] = {}
        for i, name in enumerate(names):
            for native, written in name.natives.items():
                by_native.setdefault(native, []).append(i)
                shown.setdefault(native, written)
        if not by_native:
            return cls(names, None, {}, {})
        alts = "|".join(regex.escape(n) for n in sorted(by_native, key=len, reverse=True))
        pattern = regex.compile(f"{NATIVE_LEFT}({alts}){NATIVE_RIGHT}")
        return cls(names, pattern, {k: tuple(v) for k, v in by_native.items()}, shown)


@dataclass(frozen=True)
class MissingNameCheck:
    rule_id: str
    only: tuple[str, ...] | None
    min_words: int
    tables: tuple[RuleTable, ...]  # the loaded tables: entity names are read from them
    category: str
    severity: Severity
    message: str
    _index: list[NameIndex] = field(default_factory=list, compare=False, repr=False)

    def index(self) -> NameIndex:
        if not self._index:
            self._index.append(NameIndex.of(entity_names(self.tables, self.only,
                                                         self.min_words)))
        return self._index[0]

    def issues(self, ctx: RuleContext, segment: Segment) -> Iterator[Issue]:
        target = segment.text
        if not segment.source or not target.strip():
            return
        index = self.index()
        if index.pattern is None:
            return
        folded = fold_arabic(segment.source)
        seen: set[int] = set()
        for m in finditer(index.pattern, folded, self.rule_id, ctx.timeout):
            for i in index.by_native[m.group(1)]:
                if i in seen:
                    continue
                seen.add(i)
                name = index.names[i]
                if search(name.english, target, self.rule_id, ctx.timeout) is not None:
                    continue
                start = len(target) - len(target.lstrip())
                yield make_issue(
                    segment, start, len(target.rstrip()), category=self.category,
                    severity=self.severity, rule_id=self.rule_id,
                    message=self.message.format(name=name.canonical,
                                                native=index.shown[m.group(1)])
                    + " (flagged on the whole segment)")
