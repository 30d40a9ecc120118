"""Where an issue is in the file on disk: 1-based line and (code-point) columns when known."""

from __future__ import annotations

from dataclasses import dataclass

from mtfix.document import Document, Issue


@dataclass(frozen=True)
class Place:
    """``line`` is None for formats without line numbers (PO, XLIFF, TMX); ``column`` and
    ``end_column`` are None where the MT is not the line's text as written (JSONL escapes)."""

    line: int | None
    column: int | None = None
    end_column: int | None = None
    end_line: int | None = None


def _tsv_field_start(doc: Document, issue: Issue) -> int:
    fields = doc.segments[issue.segment].meta.get("fields", ())
    mt = doc.meta.get("mt_index", 0)
    return sum(len(f) for f in fields[:mt]) + mt


def place(doc: Document, issue: Issue) -> Place:
    if doc.format == "text":
        # Segments are lines; a whole-line drop ends at the line's end.
        return Place(line=issue.segment + 1, column=issue.start + 1,
                     end_column=issue.end + 1, end_line=issue.segment + 1)
    if doc.format == "tsv":
        base = _tsv_field_start(doc, issue)
        return Place(line=issue.segment + 2, column=base + issue.start + 1,
                     end_column=base + issue.end + 1, end_line=issue.segment + 2)
    if doc.format == "jsonl":
        return Place(line=issue.segment + 1)
    return Place(line=None)
