"""Readers and writers: the same format out as in, and nothing outside an edit changes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtfix.document import Document, Edit
from mtfix.errors import UserError
from mtfix.formats import bilingual, delimited, jsonl, text
from mtfix.formats.common import Columns, decode

FORMATS = ("text", "jsonl", "tsv", "po", "xliff", "tmx")
__all__ = ["Columns", "FORMATS", "decode", "detect_format", "drop_effect", "read_bytes",
           "read_document", "write_document"]

# What writing a dropped segment (a boilerplate line a rule removes) does, by format.
DROP_EFFECT = {"text": "line removed", "jsonl": "MT field emptied", "tsv": "MT field emptied",
               "po": "unit kept, marked fuzzy for review", "xliff": "unit kept, marked for review",
               "tmx": "unit kept, noted for review"}


def drop_effect(fmt: str) -> str:
    """What the writer does with a segment a fix drops, in words for the edit log."""
    return DROP_EFFECT.get(fmt, "segment dropped")


def detect_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    known = {".jsonl": "jsonl", ".ndjson": "jsonl", ".tsv": "tsv", **bilingual.SUFFIXES}
    return known.get(suffix, "text")


def read_bytes(path: str) -> bytes:
    if path == "-":
        import sys

        return sys.stdin.buffer.read()
    p = Path(path)
    if p.is_dir():
        raise UserError(f"{path}: is a folder, not a file")
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_document(path: str, fmt: str | None = None, columns: Columns | None = None,
                  data: bytes | None = None) -> Document:
    """Read a file (``-`` is stdin) as a Document. ``fmt`` defaults to the file's extension."""
    fmt = fmt or detect_format(path)
    columns = columns or Columns()
    raw = read_bytes(path) if data is None else data
    if fmt in ("po", "xliff", "tmx"):
        return bilingual.read(raw, path, fmt)
    content = decode(raw, path)
    if fmt == "text":
        return text.read(content, path)
    if fmt == "jsonl":
        return jsonl.read(content, path, columns)
    if fmt == "tsv":
        return delimited.read(content, path, columns)
    raise UserError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def write_document(doc: Document, edits: Sequence[Edit] = ()) -> str:
    """The document's text in the format it was read from. For PO, XLIFF and TMX, ``edits``
    (``FixResult.edits``) name the rules in the review notes of the changed units."""
    if doc.format in ("po", "xliff", "tmx"):
        return bilingual.write(doc, edits).decode("utf-8")
    if doc.format == "text":
        return text.write(doc)
    if doc.format == "jsonl":
        return jsonl.write(doc)
    if doc.format == "tsv":
        return delimited.write(doc)
    raise UserError(f"cannot write format {doc.format!r}")
