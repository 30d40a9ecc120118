"""JSONL: one object per line; the MT text at a (dotted) key. Unchanged lines are written
back byte for byte; changed lines are re-serialised with the same key order."""

from __future__ import annotations

import json
from typing import Any

from mtfix.document import Document, Segment
from mtfix.errors import UserError
from mtfix.formats.common import Columns, split_lines


def _get(obj: Any, dotted: str) -> Any:
    cur = obj
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _set(obj: dict[str, Any], dotted: str, value: str) -> None:
    parts = dotted.split(".")
    cur = obj
    for part in parts[:-1]:
        cur = cur[part]
    cur[parts[-1]] = value


def read(content: str, path: str, columns: Columns) -> Document:
    segments = [parse_line(line, n, index, path, columns)
                for index, (n, line) in enumerate(enumerate(split_lines(content), start=1))]
    return Document(segments=tuple(segments), path=path, format="jsonl",
                    meta={"columns": columns})


def parse_line(line: str, n: int, index: int, path: str, columns: Columns) -> Segment:
    """One JSONL line (with its ending) as segment ``index``; ``n`` is its line number."""
    body = line.rstrip("\r\n")
    eol = line[len(body):]
    if not body.strip():
        return Segment(index=index, text="", eol=eol, meta={"raw": line, "blank": True})
    try:
        obj = json.loads(body)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
    mt = _get(obj, columns.mt)
    if not isinstance(mt, str):
        parent = _get(obj, columns.mt.rpartition(".")[0]) if "." in columns.mt else obj
        keys = ", ".join(map(str, parent)) if isinstance(parent, dict) else ""
        hint = f"; keys there: {keys}" if keys else ""
        raise UserError(f"{path}:{n}: no string field {columns.mt!r}{hint} "
                        "(choose it with --mt-column)")
    src = _get(obj, columns.source)
    ref = _get(obj, columns.reference)
    return Segment(index=index, text=mt, source=src if isinstance(src, str) else None,
                   reference=ref if isinstance(ref, str) else None, eol=eol,
                   meta={"raw": line, "obj": obj})


def write(doc: Document) -> str:
    columns: Columns = doc.meta["columns"]
    out = []
    for seg in doc.segments:
        if seg.meta.get("blank"):
            out.append(seg.meta["raw"])
            continue
        obj = seg.meta["obj"]
        if _get(obj, columns.mt) == seg.text and not seg.dropped:
            out.append(seg.meta["raw"])
            continue
        new = json.loads(json.dumps(obj))
        _set(new, columns.mt, "" if seg.dropped else seg.text)
        line = json.dumps(new, ensure_ascii=False)
        if any("\ud800" <= c <= "\udfff" for c in line):  # a lone surrogate: keep it escaped
            line = json.dumps(new)
        out.append(line + seg.eol)
    return "".join(out)
