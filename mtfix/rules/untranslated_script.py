"""The ``untranslated_script`` check of ``kind: source``: text in a script English does not use,
fixed where the entry's ``fix`` knows the English form. Needs no source."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from mtfix.document import Issue, Segment
from mtfix.rules.base import RuleContext
from mtfix.rules.matcher import Matcher
from mtfix.rules.missing_names import entry_natives, fold_arabic
from mtfix.tables import RuleTable

SCRIPT_FIXES = ("ascii_digits", "entity_name")
ASCII_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                              **{chr(0x06F0 + i): str(i) for i in range(10)},
                              "\u066B": ".", "\u066C": ","})


def native_canonicals(tables: Iterable[RuleTable]) -> dict[str, str]:
    """Folded native form -> canonical English name, for the native forms that name one entity
    only and are safe to replace: two or more words, or a place."""
    found: dict[str, set[str]] = {}
    for table in tables:
        if table.kind != "entity":
            continue
        for entry in table.entries:
            for folded in entry_natives(entry):
                if len(folded.split()) >= 2 or entry.get("type") == "place":
                    found.setdefault(folded, set()).add(str(entry["canonical"]))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@dataclass(frozen=True)
class ScriptCheck:
    """Text in a script English does not use; fixed where ``fix`` knows the English form."""

    matcher: Matcher
    fix: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)  # for fix: entity_name

    def english(self, span: str) -> str | None:
        if self.fix == "ascii_digits":
            return span.translate(ASCII_DIGITS)
        if self.fix == "entity_name":
            return self.names.get(fold_arabic(span))
        return None

    def issues(self, ctx: RuleContext, segment: Segment) -> Iterator[Issue]:
        for issue in self.matcher.issues(ctx, segment):
            new = self.english(issue.span)
            if new is None or new == issue.span:
                yield issue
                continue
            yield dataclasses.replace(issue, replacements=(new,),
                                      message=f"{issue.message}; in English: '{new}'")
