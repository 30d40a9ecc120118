"""TSV with a header line, fields never quoted (as in WMT and MLQE-PE data). Columns are
chosen by name; unchanged rows are written back byte for byte."""

from __future__ import annotations

from mtfix.document import Document, Segment
from mtfix.errors import UserError
from mtfix.formats.common import Columns, split_lines


def read(content: str, path: str, columns: Columns) -> Document:
    lines = split_lines(content)
    if not lines:
        raise UserError(f"{path}: empty TSV file (a header line is required)")
    header = lines[0].rstrip("\r\n").split("\t")
    if columns.mt not in header:
        raise UserError(f"{path}: no column {columns.mt!r} in the header "
                        f"({', '.join(header)}); choose it with --mt-column")
    mt_i = header.index(columns.mt)
    src_i = header.index(columns.source) if columns.source in header else None
    ref_i = header.index(columns.reference) if columns.reference in header else None
    segments = []
    for n, line in enumerate(lines[1:], start=2):
        body = line.rstrip("\r\n")
        fields = body.split("\t")
        if len(fields) != len(header):
            raise UserError(f"{path}:{n}: {len(fields)} fields, the header has {len(header)}")
        segments.append(Segment(
            index=len(segments), text=fields[mt_i],
            source=fields[src_i] if src_i is not None else None,
            reference=fields[ref_i] if ref_i is not None else None,
            eol=line[len(body):], meta={"fields": tuple(fields)}))
    return Document(segments=tuple(segments), path=path, format="tsv",
                    meta={"header": lines[0], "mt_index": mt_i})


def write(doc: Document) -> str:
    mt_i = doc.meta["mt_index"]
    out = [doc.meta["header"]]
    for seg in doc.segments:
        fields = list(seg.meta["fields"])
        fields[mt_i] = "" if seg.dropped else seg.text
        out.append("\t".join(fields) + seg.eol)
    return "".join(out)
