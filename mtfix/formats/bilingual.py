"""PO, XLIFF and TMX: one unit a segment (the unit's target is the MT, its source the source).

Translation files belong to a review workflow, so a machine edit never passes as reviewed:

- the units nothing changed stay byte for byte as they were (a file with no change is written
  back unchanged; in a changed file only the changed units' bytes differ);
- an edited unit is marked for review in the format's own words: PO ``#, fuzzy`` and a
  translator comment naming the rules; XLIFF and TMX as :mod:`mtfix.formats.xmlunits` says;
- a unit a rule would drop (boilerplate) is never emptied (an empty PO ``msgstr`` means
  "untranslated"): it keeps its text and is flagged for review with a note saying why.

XML is checked with defusedxml before it is read; PO is read by translate-toolkit.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from mtfix.document import Document, Edit, Segment
from mtfix.errors import UserError
from mtfix.formats import xmlunits
from mtfix.formats.common import decode

SUFFIXES = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx"}
PO_BLOCK_SEPARATOR = re.compile(r"((?:\r?\n)(?:[ \t]*\r?\n)+)")


def read(raw: bytes, path: str, fmt: str) -> Document:
    decode(raw, path)  # UTF-8 only, as every other format: refuse what cannot be written back
    if fmt == "po":
        return _read_po(raw, path)
    xmlunits.check_safe(raw, path, fmt)
    elements = xmlunits.scan(raw, path, fmt)
    flavour, found = xmlunits.units(elements, fmt)
    segments = tuple(Segment(index=n, text=u.text, source=u.source) for n, u in enumerate(found))
    return Document(segments=segments, path=path, format=fmt,
                    meta={"raw": raw, "flavour": flavour, "elements": elements,
                          "units": tuple(found)})


def _read_po(raw: bytes, path: str) -> Document:
    from translate.storage.po import pofile

    try:
        store = pofile(io.BytesIO(raw))
    except Exception as exc:  # translate-toolkit raises many kinds on bad input
        raise UserError(f"{path}: cannot parse as po: {' '.join(str(exc).split())}") from None
    segments = []
    units = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete() or not unit.source:
            continue
        units.append(unit)
        segments.append(Segment(index=len(segments), text=str(unit.target or ""),
                                source=str(unit.source)))
    return Document(segments=tuple(segments), path=path, format="po",
                    meta={"store": store, "units": tuple(units), "raw": raw})


def _rules_by_segment(edits: Sequence[Edit]) -> dict[int, list[Edit]]:
    out: dict[int, list[Edit]] = {}
    for e in edits:
        out.setdefault(e.segment, []).append(e)
    return out


def _note(seg: Segment, original: str, edits: Sequence[Edit], applied: bool) -> str:
    rules = ", ".join(dict.fromkeys(e.rule_id for e in edits)) or "unknown rule"
    if seg.dropped:
        return (f"mtfix ({rules}): this unit looks like boilerplate, not part of the "
                "translation; remove it if so (machine check, not reviewed)")
    if applied:
        return f"mtfix ({rules}): machine edit, not reviewed; was: {original}"
    return f"mtfix ({rules}): suggests: {seg.text} (not applied: the target has markup)"


def write(doc: Document, edits: Sequence[Edit] = ()) -> bytes:
    """The file with the changed units edited and marked for review; ``edits`` name the rules
    in the review notes."""
    raw: bytes = doc.meta["raw"]
    by_segment = _rules_by_segment(edits)
    units = doc.meta["units"]
    if doc.format == "po":
        return _write_po(doc, units, by_segment)
    changes = []
    for seg, unit in zip(doc.segments, units, strict=True):
        if seg.text == unit.text and not seg.dropped:
            continue
        editable = not seg.dropped and not unit.markup
        note = _note(seg, unit.text, by_segment.get(seg.index, ()), editable)
        changes.append(xmlunits.Change(unit, seg.text if editable else None, note))
    if not changes:
        return raw
    return xmlunits.splice(raw, doc.meta["flavour"], doc.meta["elements"], changes)


def _write_po(doc: Document, units: Sequence, by_segment: dict[int, list[Edit]]) -> bytes:
    from translate.storage.po import pofile

    raw: bytes = doc.meta["raw"]
    changed = {}
    for seg, unit in zip(doc.segments, units, strict=True):
        original = str(unit.target or "")
        if seg.text == original and not seg.dropped:
            continue
        editable = not seg.dropped and not unit.hasplural()
        note = _note(seg, original, by_segment.get(seg.index, ()), editable)
        if not editable and note in unit.getnotes("translator"):
            continue  # flagged by an earlier run already: fixing fixed output changes nothing
        fresh = pofile(io.BytesIO(str(unit).encode("utf-8"))).units[-1]  # a copy to edit
        if editable:
            fresh.target = seg.text
        fresh.markfuzzy(True)
        fresh.addnote(note, origin="translator")
        changed[id(unit)] = str(fresh).rstrip("\n")
    if not changed:
        return raw
    parts = PO_BLOCK_SEPARATOR.split(raw.decode("utf-8"))
    blocks = []  # (index in parts, the one unit the block holds)
    for n in range(0, len(parts), 2):
        if parts[n].strip():
            found = [u for u in pofile(io.BytesIO(parts[n].encode("utf-8"))).units
                     if not u.isheader()]
            blocks.extend((n, u) for u in found[:1])
            if len(found) > 1:
                blocks.append((-1, None))  # entries not separated by a blank line
    store_units = [u for u in doc.meta["store"].units if not u.isheader()]
    if [u.getid() for _, u in blocks if u is not None] != [u.getid() for u in store_units] \
            or any(n < 0 for n, _ in blocks):
        raise UserError(f"{doc.path}: cannot locate the changed PO entries; separate the "
                        "entries with blank lines")
    for (n, _), unit in zip(blocks, store_units, strict=True):
        if id(unit) in changed:
            parts[n] = changed[id(unit)]
    return "".join(parts).encode("utf-8")
