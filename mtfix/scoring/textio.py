"""Read hypothesis and reference files exactly as the sacrebleu CLI does.

sacrebleu opens files with ``newline="\\n"`` and strips trailing whitespace from every line
(``line.rstrip()``); reading the same way is what makes ``mtfix score`` equal to the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtfix.errors import UserError


def split_lines(text: str) -> list[str]:
    """Split text into lines the way sacrebleu iterates a file opened with ``newline="\\n"``."""
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return [p.rstrip() for p in parts]


def read_lines(path: str | Path) -> list[str]:
    """Read a UTF-8 text file as sacrebleu-style lines; user mistakes raise ``UserError``."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{p}: is a directory, not a file") from None
    except OSError as exc:
        raise UserError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(f"{p}: not UTF-8 (invalid byte at line {line})") from None
    return split_lines(text)


def check_same_length(hyp_name: str, hyps: Sequence[str], named: dict[str, Sequence[str]]) -> None:
    """Raise ``UserError`` naming the first file whose line count differs from the hypothesis."""
    for name, lines in named.items():
        if len(lines) != len(hyps):
            raise UserError(
                f"{name} has {len(lines)} lines but {hyp_name} has {len(hyps)}; "
                "hypothesis, references and baseline must be line-aligned"
            )
