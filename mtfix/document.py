"""The data that flows through mtfix: documents, segments, issues and edits.

All offsets are Python ``str`` indices into the text they name, end exclusive, so that
``segment.text[issue.start:issue.end] == issue.span`` always holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import IntEnum
from typing import Any

import regex

# Lines end at \n, \r\n or \r only: other Unicode separators (\x0b, \x85, \u2028) are text.
LINE = regex.compile(r"([^\r\n]*)(\r\n|\r|\n)|([^\r\n]+)\Z")


class Severity(IntEnum):
    """MQM severities, ordered; ``weight`` is the MQM penalty used by xCOMET and WMT MQM."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def weight(self) -> int:
        return {Severity.MINOR: 1, Severity.MAJOR: 5, Severity.CRITICAL: 10}[self]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected minor, major or critical)"
            ) from None


@dataclass(frozen=True)
class Segment:
    """One unit of text: a line of a plain-text file, or a row of JSONL/TSV.

    ``offset`` is where ``text`` starts in the original file's text (plain text only;
    -1 elsewhere); ``eol`` is the line ending that followed it ("" for the last line).
    ``dropped`` marks a segment that a fix removed (written out as nothing in plain text,
    as an empty field in JSONL/TSV).
    """

    index: int
    text: str
    source: str | None = None
    reference: str | None = None
    offset: int = -1
    eol: str = ""
    dropped: bool = False
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Document:
    """An ordered list of segments plus what the reader needs to write it back unchanged.

    ``published``: the date the document was published, when the caller knows it (``--date``);
    the date rules read a date written without a year as the one nearest it."""

    segments: tuple[Segment, ...]
    path: str = "<memory>"
    format: str = "text"
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    published: date | None = None

    @property
    def text(self) -> str:
        """The segments joined as they were read (exact for plain text)."""
        return "".join(s.text + s.eol for s in self.segments if not s.dropped)

    @classmethod
    def from_text(cls, text: str, path: str = "<memory>",
                  published: date | None = None) -> Document:
        """Split plain text into line segments, keeping every line ending exactly."""
        segments: list[Segment] = []
        pos = 0
        for index, m in enumerate(LINE.finditer(text)):
            body = m.group(1) if m.group(1) is not None else m.group(3)
            eol = m.group(2) or ""
            segments.append(Segment(index=index, text=body, offset=pos, eol=eol))
            pos = m.end()
        return cls(segments=tuple(segments), path=path, format="text", published=published)

    def with_segments(self, segments: tuple[Segment, ...]) -> Document:
        return replace(self, segments=segments)

    def with_published(self, published: date | None) -> Document:
        """This document with its publication date (``--date``); unchanged for None."""
        return self if published is None else replace(self, published=published)


@dataclass(frozen=True)
class Issue:
    """A detected problem in one segment.

    ``replacements`` are candidate fixes for ``span`` (best first); empty means flag only.
    ``confidence`` (0..1) is how sure the rule is that its first replacement is right; the
    resolver applies only replacements at or above its threshold. ``drop_segment`` marks an
    issue whose fix removes the whole segment (boilerplate lines in plain text).
    """

    segment: int
    start: int
    end: int
    span: str
    category: str
    severity: Severity
    rule_id: str
    message: str
    replacements: tuple[str, ...] = ()
    confidence: float = 1.0
    drop_segment: bool = False
    origin: str = "rule"

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad issue offsets {self.start}..{self.end}")
        if len(self.span) != self.end - self.start:
            raise ValueError("issue span does not match its offsets")

    def to_dict(self, doc: Document | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "segment": self.segment,
            "start": self.start,
            "end": self.end,
            "span": self.span,
            "category": self.category,
            "severity": self.severity.label,
            "rule": self.rule_id,
            "message": self.message,
            "replacements": list(self.replacements),
            "confidence": round(self.confidence, 4),
            "origin": self.origin,
        }
        if doc is not None:
            seg = doc.segments[self.segment]
            if seg.offset >= 0:
                out["doc_start"] = seg.offset + self.start
                out["doc_end"] = seg.offset + self.end
                if self.drop_segment:
                    out["doc_end"] = seg.offset + len(seg.text) + len(seg.eol)
        return out


def make_issue(segment: Segment, start: int, end: int, **kwargs: Any) -> Issue:
    """Build an Issue whose span is read from the segment, so offsets cannot drift."""
    span = segment.text[start:end]
    return Issue(segment=segment.index, start=start, end=end, span=span, **kwargs)


@dataclass(frozen=True)
class Edit:
    """A change applied to a segment, with its provenance."""

    segment: int
    start: int
    end: int
    old: str
    new: str
    rule_id: str
    reason: str
    confidence: float
    origin: str = "rule"
    drop_segment: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "start": self.start,
            "end": self.end,
            "old": self.old,
            "new": self.new,
            "rule": self.rule_id,
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
            "origin": self.origin,
            "drop_segment": self.drop_segment,
        }


@dataclass(frozen=True)
class FixResult:
    """What ``fix`` returns: the fixed document, the applied edits and what was only reported."""

    original: Document
    fixed: Document
    edits: tuple[Edit, ...]
    issues: tuple[Issue, ...]
    unapplied: tuple[Issue, ...]

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def segments_document(texts: Sequence[str], path: str,
                      sources: Sequence[str] | None = None) -> Document:
    """A document of one segment per text (with its source sentence, if given), as the bench
    and the model's evaluation build them."""
    srcs = sources if sources is not None else [None] * len(texts)
    segs = tuple(Segment(index=i, text=t, source=src, eol="\n")
                 for i, (t, src) in enumerate(zip(texts, srcs, strict=True)))
    return Document(segments=segs, path=path, format="jsonl")


def fixed_texts(result: FixResult) -> list[str]:
    """The fixed text of each segment; a segment the fix dropped reads as ""."""
    return ["" if getattr(s, "dropped", False) else s.text for s in result.fixed.segments]
