"""Reading text, JSONL and TSV a piece at a time: lines decoded as they come, grouped into
documents, documents grouped into chunks of about a given size.

A document is what the rules see at once (document-level rules judge names, headlines and
dates in their document's context):

- plain text: a run of lines up to the next blank line; the blank lines after a document
  belong to it (blank lines at the start of a file belong to the first document), so that
  documents written one after another give back the file byte for byte;
- JSONL and TSV: one row (the TSV header is read once and kept apart).

The segments of a parsed document are numbered from 0 (rules index ``doc.segments`` by
``issue.segment``); ``Part.base`` is the file-wide number of its first segment, and a text
segment's ``offset`` is its place in the whole file, as the whole-file reader gives it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from mtfix.document import Document, Edit, Segment
from mtfix.errors import UserError
from mtfix.formats import delimited, jsonl, text
from mtfix.formats.common import BOM, Columns, split_lines

STREAMED = ("text", "jsonl", "tsv")
DEFAULT_CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True)
class Chunk:
    """Whole documents' lines (with their endings), as the file holds them.

    ``first_line`` is the 1-based line number of ``lines[0]`` (for error messages),
    ``first_segment`` the file-wide index of its first segment, ``first_offset`` the text
    offset of its first line, ``nbytes`` how many bytes of the file it covers. ``bom`` is set
    on the first chunk of a text file that starts with a byte-order mark (not in ``lines``);
    ``header`` is the TSV header line. ``doc`` carries a whole document read in memory (PO,
    XLIFF, TMX) instead of lines.
    """

    fmt: str
    path: str
    lines: tuple[str, ...] = ()
    first_line: int = 1
    first_segment: int = 0
    first_offset: int = 0
    nbytes: int = 0
    columns: Columns = field(default_factory=Columns)
    header: str | None = None
    bom: bool = False
    doc: Document | None = None


@dataclass(frozen=True)
class Part:
    """One document of a chunk; ``base`` is the file-wide index of its first segment."""

    base: int
    doc: Document


def open_input(path: str) -> BinaryIO:
    """The file (``-`` is stdin) opened for reading bytes; a bad path is a ``UserError``."""
    if path == "-":
        return sys.stdin.buffer
    p = Path(path)
    if p.is_dir():
        raise UserError(f"{path}: is a folder, not a file")
    try:
        return p.open("rb")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decoded_lines(stream: Iterable[bytes], path: str) -> Iterator[tuple[str, int]]:
    """Each line (ending at CR, LF or CRLF) decoded as strict UTF-8, with its size in bytes.

    UTF-8 never uses the byte 0x0A inside a character, so decoding line by line is decoding
    the whole file; the errors say the same as :func:`mtfix.formats.common.decode`."""
    offset = 0
    for raw in stream:
        if b"\x00" in raw:
            raise UserError(f"{path}: looks like a binary file (NUL bytes); mtfix reads UTF-8 "
                            "text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{path}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                f"{offset + exc.start}); convert it first, e.g. iconv -f latin1 -t utf-8"
            ) from None
        offset += len(raw)
        if "\r" not in text:
            yield text, len(raw)
            continue
        for piece in split_lines(text):
            yield piece, len(piece.encode("utf-8"))


def _is_blank(line: str) -> bool:
    return not line.strip()


def _starts_document(fmt: str, line: str, previous_blank: bool) -> bool:
    if fmt == "text":
        return previous_blank and not _is_blank(line)
    return True


def chunks(stream: Iterable[bytes], path: str, fmt: str, columns: Columns | None = None,
           size: int = DEFAULT_CHUNK_BYTES) -> Iterator[Chunk]:
    """The file as chunks of whole documents of about ``size`` bytes (a longer document makes
    a longer chunk). Only the chunk being filled is held in memory."""
    columns = columns or Columns()
    lines = decoded_lines(stream, path)
    header = None
    line_no = 1
    bom = False
    if fmt == "tsv":
        first = next(lines, None)
        if first is None:
            raise UserError(f"{path}: empty TSV file (a header line is required)")
        delimited.parse_header(first[0], path, columns)
        header, line_no = first[0], 2
    base = Chunk(fmt=fmt, path=path, columns=columns, header=header)
    held: list[str] = []
    held_bytes = 0
    segment, offset, start_line = 0, 0, line_no
    previous_blank = yielded = False
    for line, nbytes in lines:
        if fmt == "text" and line_no == 1 and line.startswith(BOM):
            line, bom = line[1:], True
            if not line:  # the file is a byte-order mark and nothing else
                held_bytes += nbytes
                continue
        if held and held_bytes >= size and _starts_document(fmt, line, previous_blank):
            yield _chunk(base, held, start_line, segment, offset, held_bytes, bom)
            segment += len(held)
            offset += sum(len(x) for x in held)
            start_line += len(held)
            held, held_bytes, bom, yielded = [], 0, False, True
        held.append(line)
        held_bytes += nbytes
        previous_blank = _is_blank(line)
        line_no += 1
    if held or bom or (header is not None and not yielded):  # a TSV file: its header line
        yield _chunk(base, held, start_line, segment, offset, held_bytes, bom)


def _chunk(base: Chunk, held: list[str], first_line: int, segment: int, offset: int,
           nbytes: int, bom: bool) -> Chunk:
    return Chunk(fmt=base.fmt, path=base.path, lines=tuple(held), first_line=first_line,
                 first_segment=segment, first_offset=offset, nbytes=nbytes,
                 columns=base.columns, header=base.header, bom=bom)


def documents(chunk: Chunk) -> list[Part]:
    """The chunk's documents, parsed as the whole-file readers parse them."""
    if chunk.doc is not None:
        return [Part(base=0, doc=chunk.doc)]
    groups: list[list[int]] = []
    previous_blank = False
    for n, line in enumerate(chunk.lines):
        if not groups or _starts_document(chunk.fmt, line, previous_blank):
            groups.append([])
        groups[-1].append(n)
        previous_blank = _is_blank(line)
    header = delimited.parse_header(chunk.header, chunk.path, chunk.columns) \
        if chunk.header is not None else None
    parts = []
    offset = chunk.first_offset
    for number, group in enumerate(groups):
        segments = []
        for index, n in enumerate(group):
            line = chunk.lines[n]
            segments.append(_segment(chunk, header, line, n, index, offset))
            offset += len(line)
        meta = _meta(chunk, header, bom=chunk.bom and number == 0)
        doc = Document(segments=tuple(segments), path=chunk.path, format=chunk.fmt, meta=meta)
        parts.append(Part(base=chunk.first_segment + group[0], doc=doc))
    if not parts and chunk.bom:
        parts.append(Part(base=0, doc=Document(segments=(), path=chunk.path, format="text",
                                               meta={"bom": True})))
    return parts


def _segment(chunk: Chunk, header: delimited.Header | None, line: str, n: int, index: int,
             offset: int) -> Segment:
    if chunk.fmt == "jsonl":
        return jsonl.parse_line(line, chunk.first_line + n, index, chunk.path, chunk.columns)
    if header is not None:
        return delimited.parse_row(line, chunk.first_line + n, index, chunk.path, header)
    body = line.rstrip("\r\n")
    return Segment(index=index, text=body, offset=offset, eol=line[len(body):])


def _meta(chunk: Chunk, header: delimited.Header | None, bom: bool) -> dict:
    if chunk.fmt == "jsonl":
        return {"columns": chunk.columns}
    if header is not None:
        return {"header": chunk.header, "mt_index": header.mt}
    return {"bom": bom}


def write_part(doc: Document, edits: Sequence[Edit] = ()) -> str:
    """A document of a chunk in its file's format; the chunks' texts one after another (after
    a TSV file's header line) are the whole file, as ``write_document`` writes it."""
    if doc.format == "text":
        return text.write(doc)
    if doc.format == "jsonl":
        return jsonl.write(doc)
    if doc.format == "tsv":
        return delimited.write_rows(doc)
    from mtfix.formats import write_document

    return write_document(doc, edits)
