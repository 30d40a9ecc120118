"""What the readers share: strict decoding and the column names of tabular formats."""

from __future__ import annotations

import re
from dataclasses import dataclass

BOM = "\ufeff"
# Lines end at \n, \r\n or \r only (not at \x85, \u2028 and the other separators that
# str.splitlines knows: those are text inside a JSON string or a TSV field).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(content: str) -> list[str]:
    """``content`` as lines with their endings, split at CR, LF and CRLF only."""
    return _LINE.findall(content)


@dataclass(frozen=True)
class Columns:
    """Where the MT, source and reference text live in a JSONL object or TSV row.

    JSONL keys may be dotted paths into nested objects (``hypotheses.Online-B``).
    """

    mt: str = "mt"
    source: str = "src"
    reference: str = "ref"


def decode(raw: bytes, path: str) -> str:
    """Strict UTF-8: a binary or non-UTF-8 file is the user's to convert, never guessed."""
    from mtfix.errors import UserError

    if b"\x00" in raw[:8192] or b"\x00" in raw:
        raise UserError(f"{path}: looks like a binary file (NUL bytes); mtfix reads UTF-8 text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
