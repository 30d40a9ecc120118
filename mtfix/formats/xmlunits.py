"""XLIFF 1.2, XLIFF 2.0 and TMX without re-serialising the file.

The file is checked by defusedxml first (an entity declaration, a DTD that pulls an external
entity, or a billion-laughs file is refused), then scanned once with expat, which gives the
byte offset of every tag. Writing splices only the units that changed: their target text, their
review state and a note naming the rule; every other byte stays as it was read.

Review vocabulary: XLIFF 1.2 ``state="needs-review-translation"`` on the target and
``approved="no"`` where the unit said ``yes``; XLIFF 2.0 ``state="translated"`` on the segment
(never reviewed or final); TMX has no state, so a ``<note>`` in the unit carries it. Every
changed unit gets a note naming the rules. A dropped (boilerplate) unit keeps its text and is
only flagged; a target with inline markup keeps its text and gets the suggestion in the note.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from mtfix.errors import UserError

REVIEW_12 = "needs-review-translation"
REVIEW_20 = "translated"


@dataclass
class Element:
    name: str  # local name (prefix dropped)
    attrs: dict[str, str]
    start: int  # byte offset of "<"
    tag_end: int  # byte offset just after the start tag's ">"
    parent: int | None
    empty: bool = False  # written as <name/>
    close: int = -1  # byte offset of "</name>" (tag_end for an empty element)
    end: int = -1  # byte offset just after the element
    children: list[int] = field(default_factory=list)
    parts: list[str | int] = field(default_factory=list)  # character data and child indices


@dataclass(frozen=True)
class Unit:
    """One translatable segment: where its pieces are in the file, and its text."""

    container: int  # trans-unit (1.2), unit (2.0) or tu (TMX): where notes go
    holder: int  # the element whose state marks review: target (1.2), segment (2.0), tu (TMX)
    target: int
    source: str
    text: str
    markup: bool  # the target has inline elements: its text is not edited, only flagged


def _tag_end(raw: bytes, start: int) -> int:
    """The offset after the ">" that ends the tag starting at ``start`` (quotes skipped)."""
    quote = None
    for i in range(start + 1, len(raw)):
        c = raw[i]
        if quote is not None:
            if c == quote:
                quote = None
        elif c in (0x22, 0x27):
            quote = c
        elif c == 0x3E:
            return i + 1
    return len(raw)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def check_safe(raw: bytes, path: str, fmt: str) -> None:
    """Refuse entity declarations and external references (defusedxml), and bad XML."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(raw)
    except DefusedXmlException as exc:
        raise UserError(f"{path}: refused to parse as {fmt}: {exc} (entity declarations and "
                        "external references are not read)") from None
    except Exception as exc:  # ParseError and friends
        raise UserError(f"{path}: cannot parse as {fmt}: {' '.join(str(exc).split())}") from None


def scan(raw: bytes, path: str, fmt: str) -> list[Element]:
    elements: list[Element] = []
    stack: list[int] = []
    parser = xml.parsers.expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        at = parser.CurrentByteIndex
        end = _tag_end(raw, at)
        parent = stack[-1] if stack else None
        elements.append(Element(_local(name), attrs, at, end, parent,
                                empty=raw[end - 2:end] == b"/>"))
        if parent is not None:
            elements[parent].children.append(len(elements) - 1)
            elements[parent].parts.append(len(elements) - 1)
        stack.append(len(elements) - 1)

    def end(name: str) -> None:
        e = elements[stack.pop()]
        at = parser.CurrentByteIndex
        e.close = e.tag_end if e.empty else at
        e.end = e.tag_end if e.empty else _tag_end(raw, at)

    def data(text: str) -> None:
        if stack:
            elements[stack[-1]].parts.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise UserError(f"{path}: cannot parse as {fmt}: {exc}") from None
    return elements


def all_text(elements: list[Element], i: int) -> str:
    """The text inside element ``i``, its children's text in place (inline markup dropped)."""
    return "".join(p if isinstance(p, str) else all_text(elements, p)
                   for p in elements[i].parts)


def _child(elements: list[Element], i: int, name: str) -> int | None:
    return next((c for c in elements[i].children if elements[c].name == name), None)


def _unit(elements: list[Element], container: int, holder: int, src: int | None,
          tgt: int | None) -> Unit | None:
    if src is None or tgt is None:
        return None
    source = all_text(elements, src)
    if not source.strip():
        return None
    markup = bool(elements[tgt].children)
    return Unit(container, holder, tgt, source, all_text(elements, tgt), markup)


def units(elements: list[Element], fmt: str) -> tuple[str, list[Unit]]:
    """The flavour ("xliff1", "xliff2", "tmx") and the units that have a source and a target."""
    if not elements:
        return fmt, []
    root = elements[0]
    out: list[Unit | None] = []
    if fmt == "tmx" or root.name == "tmx":
        header = next((e for e in elements if e.name == "header"), None)
        srclang = (header.attrs.get("srclang", "") if header else "").lower()
        for i, e in enumerate(elements):
            if e.name != "tu":
                continue
            tuvs = [c for c in e.children if elements[c].name == "tuv"]
            langs = [(elements[c].attrs.get("xml:lang") or elements[c].attrs.get("lang", ""))
                     .lower() for c in tuvs]
            s = next((t for t, lang in zip(tuvs, langs, strict=True) if lang == srclang),
                     tuvs[0] if tuvs else None)
            t = next((c for c in tuvs if c != s), None)
            src = _child(elements, s, "seg") if s is not None else None
            tgt = _child(elements, t, "seg") if t is not None else None
            out.append(_unit(elements, i, i, src, tgt))
        return "tmx", [u for u in out if u is not None]
    if root.attrs.get("version", "1.2").startswith("2"):
        for i, e in enumerate(elements):
            if e.name == "segment" and e.parent is not None:
                out.append(_unit(elements, e.parent, i, _child(elements, i, "source"),
                                 _child(elements, i, "target")))
        return "xliff2", [u for u in out if u is not None]
    for i, e in enumerate(elements):
        if e.name == "trans-unit":
            tgt = _child(elements, i, "target")
            out.append(_unit(elements, i, tgt if tgt is not None else i,
                             _child(elements, i, "source"), tgt))
    return "xliff1", [u for u in out if u is not None]


def _with_attr(tag: bytes, name: str, value: str) -> bytes:
    """A start tag with attribute ``name`` set to ``value`` (replaced or added)."""
    import re

    attr = f'{name}="{escape(value, {chr(34): "&quot;"})}"'.encode()
    pattern = re.compile(rb"(\s)" + re.escape(name.encode()) + rb"""\s*=\s*(?:"[^"]*"|'[^']*')""")
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + attr, tag, count=1)
    cut = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:cut].rstrip() + b" " + attr + tag[cut:]


@dataclass(frozen=True)
class Change:
    """What the writer does to one unit."""

    unit: Unit
    new_text: str | None  # None: keep the text (a dropped unit, or a target with markup)
    note: str


def splice(raw: bytes, flavour: str, elements: list[Element],
           changes: Sequence[Change]) -> bytes:
    """``raw`` with each change applied to its unit; all other bytes unchanged."""
    patches: list[tuple[int, int, bytes]] = []
    for ch in changes:
        u = ch.unit
        tgt = elements[u.target]
        holder = elements[u.holder]
        container = elements[u.container]
        note_text = escape(ch.note).encode("utf-8")
        if ch.new_text is None and note_text in raw[container.start:container.end]:
            continue  # flagged by an earlier run already: fixing fixed output changes nothing
        tgt_tag = raw[tgt.start:tgt.tag_end]
        if flavour == "xliff1":
            tgt_tag = _with_attr(tgt_tag, "state", REVIEW_12)
            if container.attrs.get("approved") == "yes":
                c_tag = _with_attr(raw[container.start:container.tag_end], "approved", "no")
                patches.append((container.start, container.tag_end, c_tag))
        elif flavour == "xliff2":
            h_tag = _with_attr(raw[holder.start:holder.tag_end], "state", REVIEW_20)
            patches.append((holder.start, holder.tag_end, h_tag))
        if ch.new_text is not None:
            body = escape(ch.new_text).encode("utf-8")
            if tgt.empty:
                name = tgt_tag[1:].split(None, 1)[0].rstrip(b"/>")
                open_tag = tgt_tag[:-2].rstrip() + b">"
                patches.append((tgt.start, tgt.end, open_tag + body + b"</" + name + b">"))
            else:
                patches.append((tgt.start, tgt.tag_end, tgt_tag))
                patches.append((tgt.tag_end, tgt.close, body))
        elif flavour == "xliff1":
            patches.append((tgt.start, tgt.tag_end, tgt_tag))
        patches.append(_note_patch(flavour, elements, u, note_text))
    out = bytearray(raw)
    last = len(raw) + 1
    for start, end, new in sorted(patches, key=lambda p: (p[0], p[1]), reverse=True):
        if end > last:
            raise AssertionError("overlapping XML patches")
        out[start:end] = new
        last = start
    return bytes(out)


def _note_patch(flavour: str, elements: list[Element], u: Unit,
                note: bytes) -> tuple[int, int, bytes]:
    container = elements[u.container]
    if flavour == "xliff1":
        tgt = elements[u.target]
        return (tgt.end, tgt.end, b'<note from="mtfix">' + note + b"</note>")
    if flavour == "xliff2":
        notes = _child(elements, u.container, "notes")
        item = b'<note category="mtfix">' + note + b"</note>"
        if notes is not None and not elements[notes].empty:
            return (elements[notes].close, elements[notes].close, item)
        return (container.tag_end, container.tag_end, b"<notes>" + item + b"</notes>")
    return (container.tag_end, container.tag_end, b"<note>" + note + b"</note>")
