"""What the generator produces: gold spans, corrupted pieces, reverse rules, documents."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class GoldSpan:
    """One injected error: ``text[start:end] == span`` in the corrupted text it belongs to."""

    start: int
    end: int
    span: str
    category: str
    severity: str
    correction: str
    kind: str
    rule_id: str = ""

    def shifted(self, offset: int) -> GoldSpan:
        return replace(self, start=self.start + offset, end=self.end + offset)

    def to_dict(self) -> dict[str, Any]:
        """The seed's gold format (``replacement`` is the correction), plus kind and rule."""
        return {
            "start": self.start,
            "end": self.end,
            "span": self.span,
            "category": self.category,
            "severity": self.severity,
            "replacement": self.correction,
            "note": f"synthetic {self.kind}",
            "kind": self.kind,
            "rule": self.rule_id,
        }


@dataclass(frozen=True)
class Corruption:
    """A corrupted piece of text (a sentence, possibly with added lines) and its spans."""

    text: str
    spans: tuple[GoldSpan, ...]
    kind: str
    #: The clean text this corruption restores to, when it is not the input sentence (the
    #: ``entity`` kind writes a table entity into the clean sentence first).
    clean: str | None = None


@dataclass(frozen=True)
class ReverseRule:
    """A table entry read backwards: ``fixed`` in clean text becomes ``wrong``."""

    rule_id: str
    wrong: str
    fixed: str
    category: str
    severity: str
    #: The entry's own pattern: a splice counts only where the wrong piece matches it.
    pattern: str | None = None


@dataclass(frozen=True)
class SyntheticDocument:
    """A corrupted document, the clean text it came from and the gold spans of its errors."""

    text: str
    clean: str
    spans: tuple[GoldSpan, ...]
    seed: int

    def restored(self) -> str:
        """The corrupted text with every gold correction applied (equals ``clean``)."""
        out, pos = [], 0
        for s in sorted(self.spans, key=lambda s: s.start):
            out.append(self.text[pos : s.start])
            out.append(s.correction)
            pos = s.end
        out.append(self.text[pos:])
        return "".join(out)

    def gold_jsonl(self) -> str:
        return "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in self.spans)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.spans:
            out[s.kind] = out.get(s.kind, 0) + 1
        return out
