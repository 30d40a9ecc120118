"""Build the self-contained review page: one HTML file with its CSS, JS and data inline."""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from mtfix.document import Document
from mtfix.review.items import ReviewSet

PAGE_SIZE = 100
PLACEHOLDER = re.compile(r"__(TITLE|CSS|JS|DATA)__")


@dataclass(frozen=True)
class ReviewFile:
    """One input file as the page shows it: the document, its bytes' hash and its items."""

    doc: Document
    sha256: str
    review: ReviewSet


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def direction(text: str | None) -> str:
    """'rtl' when the first strong character is right-to-left (Persian, Arabic...), else 'ltr'."""
    for ch in text or "":
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _asset(name: str) -> str:
    return resources.files("mtfix.review").joinpath("assets", name).read_text(encoding="utf-8")


def page_data(files: Sequence[ReviewFile], version: str, rules_digest: str,
              page_size: int = PAGE_SIZE) -> dict[str, Any]:
    has_source = any(s.source for f in files for s in f.doc.segments)
    out_files = []
    for f in files:
        segments = [[s.text, s.source, direction(s.source)] if s.source else [s.text]
                    for s in f.doc.segments]
        out_files.append({"path": f.doc.path, "sha256": f.sha256, "format": f.doc.format,
                          "segments": segments,
                          "items": [i.to_dict() for i in f.review.items]})
    return {"mtfix": version, "rules": rules_digest, "page_size": page_size,
            "has_source": has_source, "files": out_files}


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no '</' or '<!--' can end or confuse the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_page(files: Sequence[ReviewFile], version: str, rules_digest: str,
                page_size: int = PAGE_SIZE) -> str:
    """The review page as one HTML string (no external resources of any kind)."""
    title = "mtfix review: " + ", ".join(f.doc.path for f in files)
    data = _script_json(page_data(files, version, rules_digest, page_size))
    values = {"TITLE": html.escape(title), "CSS": _asset("review.css"),
              "JS": _asset("review.js"), "DATA": data}
    # One pass: text put in (a path, the data) is never scanned for placeholders again.
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("review.html"))
