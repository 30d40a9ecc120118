"""Synthetic corruption: inject the MT errors mtfix knows into clean English, with gold spans.

``generate_document`` turns clean sentences (one a line) into a corrupted plain-text document and
the gold spans of every injected error: offsets into the corrupted text (``text[start:end] ==
span``), MQM category and severity, and the correction that restores the clean text. Applying
every correction gives back the clean document exactly. Every choice comes from one
``random.Random(seed)``, so the same inputs and seed give the same output.

Error kinds:

* ``doubled-stop``: ``". ."`` after a sentence end.
* ``boilerplate``: an "Also read this article" line and a headline-like line after a sentence.
* ``calendar``: a solar-calendar parenthetical after a Gregorian date, with the native date
  computed by jdatetime for the year ("on Thursday, January 18 (Marghumay 28)").
* ``table``: rule-table entries in reverse; where an entry's example ``fixed`` form occurs in a
  clean sentence, the example's ``wrong`` form is spliced in (``reverse_rules_from_entries``).
* ``entity``: an entity table's misspelling or variant of a person or place, written into a
  name slot of a clean sentence (``mtfix.synthetic.entities``); the clean line gets the canonical
  form there.
* ``split``: MT's sentence split, from ``mtfix.synthetic.split``.
* ``quote``: a closing quotation mark after a quotation that is already closed
  (``He said: “It is over.” It is also necessary.”``).
* ``digits``: a number left in Persian digits (``۲۵``).
* ``loop``: MT looping: one to four words written two to four more times after themselves
  (``in the north, in the north, in the north of the country``).

Only sentences that are clean in the respects injected are used (``well_formed``: balanced
quotation marks, no doubled punctuation, no Arabic script), so that an error the clean text
already has is not counted as a false detection.

Table entries whose error depends on context (a ``before``/``after``/``segment``/``document``/
``source`` condition, or an entity mistranslation that needs the entity named elsewhere) are not
injected: spliced into a sentence without that context they would not be errors.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import regex

from mtfix.synthetic import entities as _entities
from mtfix.synthetic import split as _split
from mtfix.synthetic.corruption import Corruption, GoldSpan, ReverseRule, SyntheticDocument

# Re-exported: the generator's API (tests and callers read them from here).
from mtfix.synthetic.reverse_rules import (  # noqa: F401
    POSITIVE_CONTEXT,
    context_bound,
    diff_pairs,
    entity_in_slot,
    reverse_rules_from_entries,
    reverse_rules_from_tables,
    splice_reverse_rule,
)
from mtfix.synthetic.surface import (
    NUMBER,
    loop_spots,
    looped_words,
    persian_digits,
    stray_closing_quote,
    well_formed,
)

KINDS: tuple[str, ...] = (
    "doubled-stop", "boilerplate", "calendar", "table", "entity", "split", "quote", "digits",
    "loop",
)
#: Kinds that need something most sentences lack (a date, a name from a table).
RARE_KINDS: tuple[str, ...] = ("calendar", "table", "entity", "quote")
PREFER_WEIGHT = 4
#: Kinds that apply to almost every sentence and would crowd out the rest at full weight.
LIGHT_KINDS: tuple[str, ...] = ("loop",)
LIGHT_WEIGHT = 0.25

GREGORIAN_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Solar Hijri month names by tradition (month 1..12), the usual English spellings.
SOLAR_MONTHS: dict[str, tuple[str, ...]] = {
    "iran": (
        "Farvardin",
        "Ordibehesht",
        "Khordad",
        "Tir",
        "Mordad",
        "Shahrivar",
        "Mehr",
        "Aban",
        "Azar",
        "Dey",
        "Bahman",
        "Esfand",
    ),
    "dari": (
        "Hamal",
        "Saur",
        "Jawza",
        "Saratan",
        "Asad",
        "Sunbula",
        "Mizan",
        "Aqrab",
        "Qaws",
        "Jadi",
        "Dalw",
        "Hut",
    ),
    "pashto": (
        "Wray",
        "Ghwayay",
        "Gbargolay",
        "Changakh",
        "Zmaray",
        "Wagay",
        "Tala",
        "Laram",
        "Linday",
        "Marghumay",
        "Salwagha",
        "Kab",
    ),
}

BOILERPLATE_LEADS: tuple[str, ...] = (
    "Also read this article",
    "Also read",
    "Read also:",
    "Read more:",
    "Related article",
)

_DATE = regex.compile(
    r"\b(?P<month>" + "|".join(GREGORIAN_MONTHS) + r") (?P<day>[0-9]{1,2})(?![0-9])"
    r"(?:, (?P<year>(?:19|20)[0-9]{2})(?![0-9]))?"
)
_YEAR = regex.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


Corruptor = Callable[[str, random.Random], "Corruption | None"]


# --- single-sentence corruptors ------------------------------------------------------------------


def doubled_stop(sentence: str, rng: random.Random) -> Corruption | None:
    """``"... mid-October."`` -> ``"... mid-October. ."``; the span is the stray ``" ."``."""
    del rng
    if not regex.search(r"[^.\s]\.\Z", sentence):
        return None
    n = len(sentence)
    span = GoldSpan(
        n, n + 2, " .", "fluency/punctuation", "minor", "", "doubled-stop", "synthetic.doubled_stop"
    )
    return Corruption(sentence + " .", (span,), "doubled-stop")


def make_headline(sentence: str, rng: random.Random, max_words: int = 12) -> str | None:
    """A headline-like line from a sentence: no final punctuation, at most ``max_words``."""
    words = sentence.strip().split()
    if len(words) < 4:
        return None
    if len(words) > max_words:
        words = words[: rng.randint(6, max_words)]
    line = " ".join(words).rstrip(" ,;:.!?…\"”’'")
    if len(line.split()) < 3 or "\n" in line:
        return None
    return line[:1].upper() + line[1:]


def boilerplate_lines(sentence: str, rng: random.Random, pool: Sequence[str]) -> Corruption | None:
    """Append ``"\\nAlso read this article\\n<headline>"`` after the sentence (two gold lines)."""
    if not pool:
        return None
    headline = make_headline(rng.choice(pool), rng)
    if headline is None:
        return None
    lead = rng.choice(BOILERPLATE_LEADS)
    start1 = len(sentence) + 1
    start2 = start1 + len(lead) + 1
    text = f"{sentence}\n{lead}\n{headline}"
    # Like the seed's gold: each boilerplate line with its line ending; the headline's line
    # ending comes after this piece, so generate_document extends that span by one.
    spans = (
        GoldSpan(
            start1,
            start2,
            lead + "\n",
            "other/boilerplate",
            "major",
            "",
            "boilerplate",
            "synthetic.boilerplate",
        ),
        GoldSpan(
            start2,
            len(text),
            headline,
            "other/boilerplate",
            "major",
            "",
            "boilerplate",
            "synthetic.boilerplate",
        ),
    )
    return Corruption(text, spans, "boilerplate")


def solar_date(year: int, month: int, day: int) -> tuple[int, int, int] | None:
    """The Solar Hijri (year, month, day) of a Gregorian date, or None if the date is invalid."""
    import datetime

    import jdatetime

    try:
        g = datetime.date(year, month, day)
    except ValueError:
        return None
    j = jdatetime.date.fromgregorian(date=g)
    return j.year, j.month, j.day


def calendar_parenthetical(
    sentence: str,
    rng: random.Random,
    traditions: Mapping[str, Sequence[str]] = SOLAR_MONTHS,
    years: tuple[int, int] = (2010, 2024),
) -> Corruption | None:
    """``"on Thursday, January 18"`` -> ``"on Thursday, January 18 (Marghumay 28)"``.

    The native date is converted by jdatetime for the year the sentence states, else for a year
    drawn from ``years``; with a stated year the parenthesis carries the native year too.
    """
    matches = [
        m for m in _DATE.finditer(sentence) if not sentence[m.end() :].lstrip().startswith("(")
    ]
    if not matches:
        return None
    m = rng.choice(matches)
    other_year = _YEAR.search(sentence)
    stated = m["year"] or (other_year.group() if other_year else None)
    year = int(stated) if stated else rng.randint(*years)
    native = solar_date(year, GREGORIAN_MONTHS.index(m["month"]) + 1, int(m["day"]))
    if native is None:
        return None
    n_year, n_month, n_day = native
    tradition = rng.choice(sorted(traditions))
    name = traditions[tradition][n_month - 1]
    inner = (
        f"{name} {n_day}, {n_year}"
        if m["year"]
        else (f"{n_day} {name}" if rng.random() < 0.3 else f"{name} {n_day}")
    )
    insert = f" ({inner})"
    text = sentence[: m.end()] + insert + sentence[m.end() :]
    span = GoldSpan(
        m.end(),
        m.end() + len(insert),
        insert,
        "locale/calendar",
        "major",
        "",
        "calendar",
        f"synthetic.calendar.{tradition}",
    )
    return Corruption(text, (span,), "calendar")


def sentence_split(sentence: str, rng: random.Random) -> Corruption | None:
    """MT's sentence split (``mtfix.synthetic.split``); the span covers the changed region."""
    ex = _split.split_sentence(sentence, rng, realistic=True)
    if ex is None or ex.clean != sentence:
        return None
    bad, good = ex.corrupted, ex.clean
    p = 0
    while p < min(len(bad), len(good)) and bad[p] == good[p]:
        p += 1
    s = 0
    while s < min(len(bad), len(good)) - p and bad[-1 - s] == good[-1 - s]:
        s += 1
    # widen to whole words (the context around the change is the same in both texts)
    while p > 0 and not bad[p - 1].isspace():
        p -= 1
    while s > 0 and not bad[len(bad) - s].isspace():
        s -= 1
    span = GoldSpan(
        p,
        len(bad) - s,
        bad[p : len(bad) - s],
        "fluency/sentence-split",
        "major",
        good[p : len(good) - s],
        "split",
        f"synthetic.{ex.kind}",
    )
    return Corruption(bad, (span,), "split")


# --- documents -----------------------------------------------------------------------------------


def available_kinds() -> tuple[str, ...]:
    return KINDS


def _applies(kind: str, sentence: str, rules: Sequence[ReverseRule], pool: Sequence[str],
             forms: Sequence[_entities.EntityForm] = ()) -> bool:
    """Whether ``kind`` can corrupt the sentence (cheap checks, no randomness)."""
    if kind == "doubled-stop":
        return regex.search(r"[^.\s]\.\Z", sentence) is not None
    if kind == "boilerplate":
        return bool(pool)
    if kind == "calendar":
        return _DATE.search(sentence) is not None
    if kind == "table":
        return any(r.fixed in sentence for r in rules)
    if kind == "entity":
        types = {f.type for f in forms}
        return any(t in types for t, _, _ in _entities.name_slots(sentence))
    if kind == "split":
        return _split.split_sentence(sentence, random.Random(0), realistic=True) is not None
    if kind == "quote":
        return stray_closing_quote(sentence, random.Random(0)) is not None
    if kind == "digits":
        return NUMBER.search(sentence) is not None
    if kind == "loop":
        return bool(loop_spots(sentence))
    return False


def corrupt_sentence(
    sentence: str,
    rng: random.Random,
    kinds: Sequence[str],
    rules: Sequence[ReverseRule] = (),
    pool: Sequence[str] = (),
    prefer: Sequence[str] = RARE_KINDS,
    forms: Sequence[_entities.EntityForm] = (),
) -> Corruption | None:
    """One corruption of a kind drawn from the ``kinds`` that apply to the sentence, the
    ``prefer``red kinds ``PREFER_WEIGHT`` times as likely, so kinds that need a date, a name or
    a quotation are not crowded out by those that apply to any sentence (``LIGHT_KINDS``, which
    fit nearly every sentence, at ``LIGHT_WEIGHT``)."""
    makers: dict[str, Callable[[], Corruption | None]] = {
        "doubled-stop": lambda: doubled_stop(sentence, rng),
        "boilerplate": lambda: boilerplate_lines(sentence, rng, pool),
        "calendar": lambda: calendar_parenthetical(sentence, rng),
        "table": lambda: splice_reverse_rule(sentence, rng, rules),
        "entity": lambda: entity_in_slot(sentence, rng, forms),
        "split": lambda: sentence_split(sentence, rng),
        "quote": lambda: stray_closing_quote(sentence, rng),
        "digits": lambda: persian_digits(sentence, rng),
        "loop": lambda: looped_words(sentence, rng),
    }
    candidates = [k for k in kinds
                  if k in makers and _applies(k, sentence, rules, pool, forms)]
    while candidates:
        weights = [PREFER_WEIGHT if k in prefer else LIGHT_WEIGHT if k in LIGHT_KINDS else 1
                   for k in candidates]
        kind = rng.choices(candidates, weights)[0]
        out = makers[kind]()
        if out is not None:
            return out
        candidates.remove(kind)
    return None


def generate_document(
    sentences: Sequence[str],
    seed: int = 0,
    rate: float = 0.5,
    kinds: Sequence[str] | None = None,
    rules: Sequence[ReverseRule] = (),
    forms: Sequence[_entities.EntityForm] = (),
) -> SyntheticDocument:
    """A plain-text document, one line per sentence (each ending in a newline), with about
    ``rate`` of the lines corrupted. Sentences no requested kind applies to stay clean.
    ``rules`` feed the ``table`` kind and ``forms`` the ``entity`` kind."""
    rng = random.Random(seed)
    use = tuple(available_kinds() if kinds is None else kinds)
    clean_lines = [s.strip() for s in sentences
                   if s.strip() and "\n" not in s.strip() and well_formed(s.strip())]
    pieces: list[str] = []
    clean_out: list[str] = []
    spans: list[GoldSpan] = []
    pos = 0
    for i, sentence in enumerate(clean_lines):
        corruption = None
        if rng.random() < rate:
            pool = clean_lines[:i] + clean_lines[i + 1 :]
            corruption = corrupt_sentence(sentence, rng, use, rules, pool, forms=forms)
        text = sentence if corruption is None else corruption.text
        clean_out.append(sentence if corruption is None or corruption.clean is None
                         else corruption.clean)
        for span in () if corruption is None else corruption.spans:
            if span.kind == "boilerplate" and span.end == len(text):
                # the headline line goes with its line ending, as the seed's gold marks it
                span = GoldSpan(
                    span.start,
                    span.end + 1,
                    span.span + "\n",
                    span.category,
                    span.severity,
                    span.correction,
                    span.kind,
                    span.rule_id,
                )
            spans.append(span.shifted(pos))
        pieces.append(text + "\n")
        pos += len(text) + 1
    return SyntheticDocument(
        text="".join(pieces),
        clean="".join(s + "\n" for s in clean_out),
        spans=tuple(spans),
        seed=seed,
    )


# --- reading clean sentences ---------------------------------------------------------------------


def read_sentences(
    path: str | Path, column: str | None = None, limit: int | None = None
) -> list[str]:
    """Clean sentences from a TSV column (read with QUOTE_NONE), a JSONL field (dotted path,
    e.g. ``references.refA``) or a plain-text file (one a line)."""
    p = Path(path)
    out: list[str] = []
    with p.open(encoding="utf-8", newline="") as f:
        if p.suffix == ".tsv":
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            for row in reader:
                out.append(row[column or "en"])
                if limit is not None and len(out) >= limit:
                    break
        elif p.suffix == ".jsonl":
            for line in f:
                value: Any = json.loads(line)
                for part in (column or "text").split("."):
                    value = value[part]
                out.append(str(value))
                if limit is not None and len(out) >= limit:
                    break
        else:
            for line in f:
                out.append(line.rstrip("\r\n"))
                if limit is not None and len(out) >= limit:
                    break
    return [s for s in out if s.strip()]
