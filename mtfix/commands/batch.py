"""Documents in, records out: the per-batch work of a distributed run (``--engine ray``).

Nothing here imports Ray. A file is cut into documents (a JSONL row; in plain text, a run of
lines up to the next blank line), each document goes through the same pipeline as a
single-process run, and the result is a plain record (dict) that a writer turns into a JSONL
line or a Parquet row. The documents partition the file: every line belongs to exactly one
(blank lines join the document before them, leading ones the first), so the records' ``text``
fields concatenated in order are the file, or its fixed version.

``fix`` runs in two passes so that a distributed run can give the rules and the model separate
workers (the model on GPU actors): ``rule_pass`` then ``model_pass`` (or ``finish`` without a
model) returns exactly what ``pipeline.fix`` returns; a test holds them equal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mtfix.document import Document, Edit, FixResult, Issue, Segment
from mtfix.errors import UserError
from mtfix.formats import Columns, jsonl, text, write_document
from mtfix.formats.common import split_lines
from mtfix.pipeline import (
    FixSettings,
    ModelStage,
    _model_fixed,
    apply,
    check,
    open_for_model,
    resolve,
)
from mtfix.rules import RuleSet

#: The formats a distributed run reads from files of lines (Parquet is read as a table).
LINE_FORMATS = ("jsonl", "text")


@dataclass(frozen=True)
class Piece:
    """One document of a file: its first line (1-based) and its text, line endings kept."""

    path: str
    line: int
    text: str


def split_documents(content: str, path: str, fmt: str) -> Iterator[Piece]:
    """The documents of a decoded file, in order; together they are the whole file (a BOM
    stays at the start of the first, where the reader expects it)."""
    if fmt not in LINE_FORMATS:
        raise UserError(f"--engine ray reads jsonl, text or parquet, not {fmt}")
    current: list[str] = []
    first = 1
    blank_before = False
    for n, line in enumerate(split_lines(content), start=1):
        blank = not line.strip()
        starts = not blank and current and (fmt == "jsonl" or blank_before) \
            and any(x.strip() for x in current)
        if starts:
            yield Piece(path, first, "".join(current))
            current, first = [], n
        current.append(line)
        blank_before = blank
    if current:
        yield Piece(path, first, "".join(current))


def read_piece(piece: Piece, fmt: str, columns: Columns) -> Document:
    """The document as the single-process reader reads it; errors name the file's line."""
    try:
        if fmt == "jsonl":
            return jsonl.read(piece.text, piece.path, columns)
        return text.read(piece.text, piece.path)
    except UserError as exc:
        raise UserError(_renumber(str(exc), piece)) from None


def _renumber(message: str, piece: Piece) -> str:
    prefix = f"{piece.path}:"
    head, sep, rest = message[len(prefix):].partition(":")
    if message.startswith(prefix) and sep and head.isdigit():
        return f"{prefix}{int(head) + piece.line - 1}:{rest}"
    return message


def row_document(mt: str, path: str, source: str | None = None,
                 reference: str | None = None) -> Document:
    """A table row (Parquet) as a one-segment document."""
    seg = Segment(index=0, text=mt, source=source, reference=reference)
    return Document(segments=(seg,), path=path, format="jsonl", meta={"columns": Columns()})


def check_record(doc: Document, rules: RuleSet) -> dict:
    """``{"issues": [...]}``, each issue as ``Issue.to_dict`` (segment within the document)."""
    return {"issues": [i.to_dict() for i in check(doc, rules)]}


@dataclass(frozen=True)
class RulePass:
    """``fix`` after the rules: what the model pass (if any) starts from."""

    original: Document
    fixed: Document
    edits: tuple[Edit, ...]
    issues: tuple[Issue, ...]
    unapplied: tuple[Issue, ...]


def rule_pass(doc: Document, rules: RuleSet, settings: FixSettings) -> RulePass:
    issues = check(doc, rules)
    picked, unapplied = resolve(issues, settings.threshold)
    fixed, edits = apply(doc, picked)
    return RulePass(doc, fixed, tuple(edits), tuple(issues), tuple(unapplied))


def finish(state: RulePass) -> FixResult:
    return FixResult(original=state.original, fixed=state.fixed, edits=state.edits,
                     issues=state.issues, unapplied=state.unapplied)


def model_pass(state: RulePass, model: ModelStage, settings: FixSettings) -> FixResult:
    """The model on what the rules left, under the same resolver (as ``pipeline.fix``)."""
    model_issues = list(model(state.fixed, open_for_model(state.unapplied)))
    m_picked, m_unapplied = resolve(model_issues, settings.threshold)
    fixed, m_edits = apply(state.fixed, m_picked)
    unapplied = [i for i in state.unapplied if not _model_fixed(i, state.edits, m_edits)]
    return FixResult(original=state.original, fixed=fixed, edits=(*state.edits, *m_edits),
                     issues=(*state.issues, *model_issues),
                     unapplied=(*unapplied, *m_unapplied))


def fix_record(result: FixResult, with_text: bool = True) -> dict:
    """The fixed document as the single-process writer writes it, with its edit log."""
    record: dict = {"changed": result.changed,
                    "edits": [e.to_dict() for e in result.edits],
                    "unapplied": [i.to_dict() for i in result.unapplied]}
    if with_text:
        record["text"] = write_document(result.fixed, result.edits)
    return record


def fixed_mt(result: FixResult) -> str:
    """The fixed MT of a one-segment document ("" when a fix dropped it, as JSONL writes)."""
    seg = result.fixed.segments[0]
    return "" if seg.dropped else seg.text


def check_pieces(pieces: Sequence[Piece], fmt: str, columns: Columns,
                 rules: RuleSet) -> list[dict]:
    """One check record per document: ``path``, ``line``, ``issues``."""
    return [{"path": p.path, "line": p.line,
             **check_record(read_piece(p, fmt, columns), rules)} for p in pieces]


def fix_pieces(pieces: Sequence[Piece], fmt: str, columns: Columns, rules: RuleSet,
               settings: FixSettings) -> list[dict]:
    """One fix record per document (rules only): ``path``, ``line``, ``text``, the log."""
    return [{"path": p.path, "line": p.line,
             **fix_record(finish(rule_pass(read_piece(p, fmt, columns), rules, settings)))}
            for p in pieces]
