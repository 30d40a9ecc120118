"""PO, XLIFF and TMX through translate-toolkit's storage API (one unit a segment: the unit's
target is the MT, its source the source). A file with no edits is written back unchanged;
an edited one is re-serialised by translate-toolkit."""

from __future__ import annotations

import io

from mtfix.document import Document, Segment
from mtfix.errors import UserError

SUFFIXES = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx"}


def _store_class(fmt: str):  # noqa: ANN202 - translate-toolkit classes are untyped
    if fmt == "po":
        from translate.storage.po import pofile

        return pofile
    if fmt == "xliff":
        from translate.storage.xliff import xlifffile

        return xlifffile
    from translate.storage.tmx import tmxfile

    return tmxfile


def read(raw: bytes, path: str, fmt: str) -> Document:
    try:
        store = _store_class(fmt)(io.BytesIO(raw))
    except Exception as exc:  # translate-toolkit raises many kinds on bad input
        raise UserError(f"{path}: cannot parse as {fmt}: {' '.join(str(exc).split())}") from None
    segments = []
    units = []
    for unit in store.units:
        if getattr(unit, "isheader", lambda: False)() or not unit.source:
            continue
        units.append(unit)
        segments.append(Segment(index=len(segments), text=str(unit.target or ""),
                                source=str(unit.source)))
    return Document(segments=tuple(segments), path=path, format=fmt,
                    meta={"store": store, "units": tuple(units), "raw": raw})


def write(doc: Document) -> bytes:
    units = doc.meta["units"]
    changed = False
    for seg, unit in zip(doc.segments, units, strict=True):
        new = "" if seg.dropped else seg.text
        if str(unit.target or "") != new:
            unit.target = new
            changed = True
    if not changed:
        return doc.meta["raw"]
    return bytes(doc.meta["store"])
