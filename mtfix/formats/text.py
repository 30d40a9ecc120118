"""Plain text: one segment per line; blank lines, line endings and a BOM kept exactly."""

from __future__ import annotations

from dataclasses import replace

from mtfix.document import Document
from mtfix.formats.common import BOM


def read(content: str, path: str) -> Document:
    bom = content.startswith(BOM)
    doc = Document.from_text(content[1:] if bom else content, path=path)
    return replace(doc, meta={"bom": bom})


def write(doc: Document) -> str:
    return (BOM if doc.meta.get("bom") else "") + doc.text
