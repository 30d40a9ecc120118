"""TSV with a header line, fields never quoted (as in WMT and MLQE-PE data). Columns are
chosen by name; unchanged rows are written back byte for byte."""

from __future__ import annotations

from dataclasses import dataclass

from mtfix.document import Document, Segment
from mtfix.errors import UserError
from mtfix.formats.common import Columns, split_lines


@dataclass(frozen=True)
class Header:
    """The header line of a TSV file and where the named columns are in it."""

    line: str
    width: int
    mt: int
    source: int | None
    reference: int | None


def parse_header(line: str, path: str, columns: Columns) -> Header:
    header = line.rstrip("\r\n").split("\t")
    if columns.mt not in header:
        raise UserError(f"{path}: no column {columns.mt!r} in the header "
                        f"({', '.join(header)}); choose it with --mt-column")
    return Header(line=line, width=len(header), mt=header.index(columns.mt),
                  source=header.index(columns.source) if columns.source in header else None,
                  reference=header.index(columns.reference)
                  if columns.reference in header else None)


def parse_row(line: str, n: int, index: int, path: str, header: Header) -> Segment:
    """One TSV row (with its ending) as segment ``index``; ``n`` is its line number."""
    body = line.rstrip("\r\n")
    fields = body.split("\t")
    if len(fields) != header.width:
        raise UserError(f"{path}:{n}: {len(fields)} fields, the header has {header.width}")
    return Segment(
        index=index, text=fields[header.mt],
        source=fields[header.source] if header.source is not None else None,
        reference=fields[header.reference] if header.reference is not None else None,
        eol=line[len(body):], meta={"fields": tuple(fields)})


def read(content: str, path: str, columns: Columns) -> Document:
    lines = split_lines(content)
    if not lines:
        raise UserError(f"{path}: empty TSV file (a header line is required)")
    header = parse_header(lines[0], path, columns)
    segments = [parse_row(line, n, index, path, header)
                for index, (n, line) in enumerate(enumerate(lines[1:], start=2))]
    return Document(segments=tuple(segments), path=path, format="tsv",
                    meta={"header": lines[0], "mt_index": header.mt})


def write(doc: Document) -> str:
    return doc.meta["header"] + write_rows(doc)


def write_rows(doc: Document) -> str:
    """The rows without the header line (a streamed file writes its header once)."""
    mt_i = doc.meta["mt_index"]
    out = []
    for seg in doc.segments:
        fields = list(seg.meta["fields"])
        fields[mt_i] = "" if seg.dropped else seg.text
        out.append("\t".join(fields) + seg.eol)
    return "".join(out)
