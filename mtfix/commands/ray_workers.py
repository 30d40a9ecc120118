"""What runs inside Ray for ``--engine ray``: the file splitter and the two actor classes.

Batches arrive as ``pyarrow.Table``s and leave as tables with a fixed schema (so that blocks
without an issue and blocks with one write the same Parquet schema). A ``RuleWorker`` builds
the rule set once, in its constructor, and keeps it for every batch; a ``ModelWorker`` loads
the model once. pyarrow comes with Ray; it is imported inside the functions so that this
module imports without it.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from datetime import date
from typing import Any

from mtfix.commands import batch as work
from mtfix.document import Document
from mtfix.formats import Columns, decode
from mtfix.pipeline import FixSettings
from mtfix.rules import build_rules

STATE = "mtfix_state"  # the rule pass handed to the model pool (pickled, internal)


@dataclass(frozen=True)
class Job:
    """Everything an actor needs; pickled once per actor."""

    command: str  # "check" or "fix"
    fmt: str  # "jsonl", "text" or "parquet"
    columns: Columns
    tables: tuple
    disabled: tuple[str, ...]
    timeout: float
    settings: FixSettings = FixSettings()
    model: str | None = None
    threads: int | None = None
    published: date | None = None  # --date: every document's publication date


def _schemas() -> tuple[Any, Any]:
    import pyarrow as pa

    issue = pa.struct([("segment", pa.int64()), ("start", pa.int64()), ("end", pa.int64()),
                       ("span", pa.string()), ("category", pa.string()),
                       ("severity", pa.string()), ("rule", pa.string()),
                       ("message", pa.string()), ("replacements", pa.list_(pa.string())),
                       ("confidence", pa.float64()), ("origin", pa.string())])
    edit = pa.struct([("segment", pa.int64()), ("start", pa.int64()), ("end", pa.int64()),
                      ("old", pa.string()), ("new", pa.string()), ("rule", pa.string()),
                      ("reason", pa.string()), ("confidence", pa.float64()),
                      ("origin", pa.string()), ("drop_segment", pa.bool_())])
    return pa.list_(issue), pa.list_(edit)


def _documents(table: Any, job: Job) -> list[Document]:
    """The batch's documents: pieces of a JSONL/text file, or Parquet rows, with ``--date``."""
    return [d.with_published(job.published) for d in _read_documents(table, job)]


def _read_documents(table: Any, job: Job) -> list[Document]:
    if job.fmt in work.LINE_FORMATS:
        pieces = [work.Piece(p, n, t) for p, n, t in zip(
            table["path"].to_pylist(), table["line"].to_pylist(), table["text"].to_pylist(),
            strict=True)]
        return [work.read_piece(piece, job.fmt, job.columns) for piece in pieces]
    names = set(table.column_names)

    def col(name: str) -> list:
        return table[name].to_pylist() if name in names else [None] * table.num_rows

    return [work.row_document(mt or "", "<parquet>", src if isinstance(src, str) else None,
                              ref if isinstance(ref, str) else None)
            for mt, src, ref in zip(col(job.columns.mt), col(job.columns.source),
                                    col(job.columns.reference), strict=True)]


def _check_output(table: Any, job: Job, records: list[dict]) -> Any:
    import pyarrow as pa

    issues_type, _ = _schemas()
    issues = pa.array([r["issues"] for r in records], type=issues_type)
    if job.fmt in work.LINE_FORMATS:
        return pa.table({"path": table["path"], "line": table["line"], "issues": issues})
    return table.append_column("mtfix_issues", issues)


def _fix_output(table: Any, job: Job, results: list) -> Any:
    import pyarrow as pa

    issues_type, edits_type = _schemas()
    line_input = job.fmt in work.LINE_FORMATS
    records = [work.fix_record(r, with_text=line_input) for r in results]
    changed = pa.array([r["changed"] for r in records], type=pa.bool_())
    edits = pa.array([r["edits"] for r in records], type=edits_type)
    unapplied = pa.array([r["unapplied"] for r in records], type=issues_type)
    if line_input:
        return pa.table({"path": table["path"], "line": table["line"],
                         "text": pa.array([r["text"] for r in records], type=pa.string()),
                         "changed": changed, "edits": edits, "unapplied": unapplied})
    mt = pa.array([work.fixed_mt(r) for r in results], type=pa.string())
    table = table.set_column(table.column_names.index(job.columns.mt), job.columns.mt, mt)
    return (table.append_column("mtfix_changed", changed).append_column("mtfix_edits", edits)
            .append_column("mtfix_unapplied", unapplied))


class RuleWorker:
    """A rule actor: builds the rule set once, then checks or fixes batch after batch."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.rules = build_rules(job.tables, job.disabled, job.timeout)

    def __call__(self, table: Any) -> Any:  # noqa: ANN401 - pyarrow.Table in and out
        import pyarrow as pa

        job = self.job
        docs = _documents(table, job)
        if job.command == "check":
            return _check_output(table, job, [work.check_record(d, self.rules) for d in docs])
        states = [work.rule_pass(d, self.rules, job.settings) for d in docs]
        if job.model is None:
            return _fix_output(table, job, [work.finish(s) for s in states])
        return table.append_column(STATE, pa.array([pickle.dumps(s) for s in states],
                                                   type=pa.binary()))


class ModelWorker:
    """A model actor: loads the seq2seq model once, then runs it on the rules' output."""

    def __init__(self, job: Job) -> None:
        from mtfix.model.stage import load_stage

        self.job = job
        self.stage = load_stage(job.model, threshold=job.settings.threshold,
                                threads=job.threads)

    def __call__(self, table: Any) -> Any:  # noqa: ANN401 - pyarrow.Table in and out
        states = [pickle.loads(b) for b in table[STATE].to_pylist()]  # noqa: S301 - our own
        results = [work.model_pass(s, self.stage, self.job.settings) for s in states]
        return _fix_output(table.drop_columns([STATE]), self.job, results)


def split_file(row: dict, fmt: str, names: dict[str, str]) -> list[dict]:
    """A file read by Ray as one row of bytes -> one row per document."""
    path = names.get(os.path.abspath(row["path"]), row["path"])
    content = decode(bytes(row["bytes"]), path)
    return [{"path": p.path, "line": p.line, "text": p.text}
            for p in work.split_documents(content, path, fmt)]
