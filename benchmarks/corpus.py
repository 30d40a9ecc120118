"""A generated news corpus for the scaling benchmarks (memory.py, jobs.py): a short story in
our own words with errors the rules find (a solar-calendar date beside the Gregorian one, a
literal euphemism, a split sentence, page boilerplate), repeated with varied numbers, one
document after another with a blank line between them."""

from __future__ import annotations

import json
from pathlib import Path

STORY = """\
Iraqi Prime Minister Muhammad Shia Al-Sudani told reporters in Davos on Thursday, January 18 \
(Marghumi 28), that the coalition had finished its work.
He said the coalition was formed to fight the destructive groups in Iraq and Syria. Forces \
asked to withdraw from Iraq.
Al-Sudani spoke at the International Economic Forum, where he met {n} ministers and {m} bankers.
Share this article on Facebook
The prime minister said that {k},{h:03d} American troops are still in the country.
Officials in Baghdad said the talks would resume in {w} weeks, after the budget vote.
The budget sets aside {b} billion dinars for roads, schools and power stations in the south.
A spokesman for the ministry said {p} percent of the money would be spent before the summer.
Lawmakers from the Kurdistan Region asked for a larger share of oil revenue.
Traders in Basra said fuel prices had risen by {q} percent since the start of the month.
The central bank said it would keep the exchange rate at {r},310 dinars to the dollar.
Farmers near Najaf said the river had fallen to its lowest level in {y} years.
The ministry of water resources promised new canals and {c} pumping stations.
Doctors at the main hospital in Mosul said they had treated {d} patients on Sunday.
The governor said the new bridge over the Tigris would open in {mo} months.
"""


def story(i: int) -> str:
    return STORY.format(n=i % 40 + 2, m=i % 7 + 1, k=i % 9 + 1, h=(i * 37) % 1000,
                        w=i % 5 + 2, b=i % 90 + 10, p=i % 60 + 20, q=i % 15 + 2,
                        r=1 + i % 2, y=i % 80 + 20, c=i % 30 + 3, d=i % 400 + 12, mo=i % 11 + 2)


def write_text(path: Path, size: int) -> int:
    """About ``size`` bytes of stories, a blank line after each; returns the bytes written."""
    written = i = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        while written < size:
            piece = story(i) + "\n"
            fh.write(piece)
            written += len(piece.encode("utf-8"))
            i += 1
    return written


def write_segments(path: Path, segments: int) -> int:
    """``segments`` lines of stories (blank lines between stories count as segments)."""
    n = i = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        while n < segments:
            lines = (story(i) + "\n").splitlines(keepends=True)[: segments - n]
            fh.write("".join(lines))
            n += len(lines)
            i += 1
    return n


def write_jsonl(path: Path, rows: int) -> int:
    """``rows`` JSONL rows, one story line each."""
    n = i = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        while n < rows:
            for line in story(i).splitlines()[: rows - n]:
                fh.write(json.dumps({"id": n, "mt": line}, ensure_ascii=False) + "\n")
                n += 1
            i += 1
    return n
