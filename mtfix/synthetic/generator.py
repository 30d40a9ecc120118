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
import difflib
import json
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from mtfix.synthetic import entities as _entities
from mtfix.synthetic import split as _split

KINDS: tuple[str, ...] = (
    "doubled-stop", "boilerplate", "calendar", "table", "entity", "split", "quote", "digits",
    "loop",
)
#: Context conditions that make a table entry's error depend on its surroundings.
POSITIVE_CONTEXT = ("before", "after", "segment", "document", "source")
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
_TOKEN = regex.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")


@dataclass(frozen=True)
class GoldSpan:
    """One injected error: ``text[start:end] == span`` in the corrupted text it belongs to."""

    start: int
    end: int
    span: str
    category: str
    severity: str
    correction: str
    kind: str
    rule_id: str = ""

    def shifted(self, offset: int) -> GoldSpan:
        return GoldSpan(
            self.start + offset,
            self.end + offset,
            self.span,
            self.category,
            self.severity,
            self.correction,
            self.kind,
            self.rule_id,
        )

    def to_dict(self) -> dict[str, Any]:
        """The seed's gold format (``replacement`` is the correction), plus kind and rule."""
        return {
            "start": self.start,
            "end": self.end,
            "span": self.span,
            "category": self.category,
            "severity": self.severity,
            "replacement": self.correction,
            "note": f"synthetic {self.kind}",
            "kind": self.kind,
            "rule": self.rule_id,
        }


@dataclass(frozen=True)
class Corruption:
    """A corrupted piece of text (a sentence, possibly with added lines) and its spans."""

    text: str
    spans: tuple[GoldSpan, ...]
    kind: str
    #: The clean text this corruption restores to, when it is not the input sentence (the
    #: ``entity`` kind writes a table entity into the clean sentence first).
    clean: str | None = None


@dataclass(frozen=True)
class ReverseRule:
    """A table entry read backwards: ``fixed`` in clean text becomes ``wrong``."""

    rule_id: str
    wrong: str
    fixed: str
    category: str
    severity: str
    #: The entry's own pattern: a splice counts only where the wrong piece matches it.
    pattern: str | None = None


@dataclass(frozen=True)
class SyntheticDocument:
    """A corrupted document, the clean text it came from and the gold spans of its errors."""

    text: str
    clean: str
    spans: tuple[GoldSpan, ...]
    seed: int

    def restored(self) -> str:
        """The corrupted text with every gold correction applied (equals ``clean``)."""
        out, pos = [], 0
        for s in sorted(self.spans, key=lambda s: s.start):
            out.append(self.text[pos : s.start])
            out.append(s.correction)
            pos = s.end
        out.append(self.text[pos:])
        return "".join(out)

    def gold_jsonl(self) -> str:
        return "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in self.spans)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.spans:
            out[s.kind] = out.get(s.kind, 0) + 1
        return out


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


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_name_word(token: str) -> bool:
    return bool(token) and token[0].isupper() and bool(regex.match(r"\w", token))


def _grow(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int) -> tuple[int, ...]:
    """Give a changed hunk the context that makes it an error.

    A one-word change inside a name takes the name's other capitalised words along (at most two
    a side): "International" / "World" becomes "International Economic Forum" / "World ...". A
    change of common words ("organization" / "group") takes the name before or after it
    ("Islamic State organization"), else one word of context on each side, so that it is not
    spliced wherever the common word occurs.
    """
    words = [t for t in a[i1:i2] + b[j1:j2] if not t.isspace()]
    has_name = any(_is_name_word(t) for t in words)
    if has_name and len(words) != 2:
        return i1, i2, j1, j2

    def can_left(want_name: bool) -> bool:
        return (i1 >= 2 and j1 >= 2 and a[i1 - 1].isspace() and a[i1 - 1] == b[j1 - 1]
                and a[i1 - 2] == b[j1 - 2] and (not want_name or _is_name_word(a[i1 - 2])))

    def can_right(want_name: bool) -> bool:
        return (i2 + 1 < len(a) and j2 + 1 < len(b) and a[i2].isspace() and a[i2] == b[j2]
                and a[i2 + 1] == b[j2 + 1] and (not want_name or _is_name_word(a[i2 + 1])))

    left = right = 0
    while left < 2 and can_left(True):
        i1, j1, left = i1 - 2, j1 - 2, left + 1
    while right < 2 and can_right(True):
        i2, j2, right = i2 + 2, j2 + 2, right + 1
    if not has_name and left == right == 0:
        if can_left(False):
            i1, j1 = i1 - 2, j1 - 2
        if can_right(False):
            i2, j2 = i2 + 2, j2 + 2
    return i1, i2, j1, j2


def diff_pairs(wrong: str, fixed: str, max_gap: int = 2) -> list[tuple[str, str]]:
    """The (wrong piece, fixed piece) pairs that turn ``fixed`` into ``wrong``, on word tokens.

    Changed hunks separated by at most ``max_gap`` unchanged word tokens are merged, so
    "Muhammad Shia Al-Sudani" / "Mohammed Shia al-Sudani" is one pair, and a hunk inside a name
    takes the name's other capitalised words along.
    """
    a, b = _tokens(wrong), _tokens(fixed)
    hunks: list[list[int]] = []  # [i1, i2, j1, j2]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if hunks:
            last = hunks[-1]
            gap = [t for t in a[last[1] : i1] if not t.isspace()]
            if len(gap) <= max_gap:
                last[1], last[3] = i2, j2
                continue
        hunks.append([i1, i2, j1, j2])
    pairs = []
    for h in hunks:
        i1, i2, j1, j2 = _grow(a, b, *h)
        pairs.append(("".join(a[i1:i2]).strip(), "".join(b[j1:j2]).strip()))
    return pairs


def _usable(wrong: str, fixed: str) -> bool:
    return (
        bool(regex.search(r"\p{L}", fixed))
        and bool(wrong)
        and wrong != fixed
        and "\n" not in wrong
        and "\n" not in fixed
        and len(fixed) >= 3
    )


def reverse_rules_from_entries(
    entries: Iterable[Mapping[str, Any]],
    category: str = "other",
    severity: str = "minor",
    table_id: str = "table",
) -> list[ReverseRule]:
    """Reverse rules from plain entry dicts (each with ``id`` and ``examples``).

    Every ``{wrong, fixed}`` example yields the changed pieces between the two texts; an entry's
    own ``category``/``severity`` override the given table defaults. Examples that only flag or
    that show correct text give nothing; pieces whose fixed form has no letter are left out.
    """
    rules: list[ReverseRule] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in entries:
        if entry.get("disabled") or context_bound(entry):
            continue
        rid = f"{table_id}.{entry.get('id', '?')}"
        cat = str(entry.get("category", category))
        sev = str(entry.get("severity", severity)).lower()
        for ex in entry.get("examples", []) or []:
            if not isinstance(ex.get("wrong"), str) or not isinstance(ex.get("fixed"), str):
                continue
            for wrong, fixed in diff_pairs(ex["wrong"], ex["fixed"]):
                if _usable(wrong, fixed) and (rid, wrong, fixed) not in seen:
                    seen.add((rid, wrong, fixed))
                    pattern = entry.get("pattern")
                    rules.append(ReverseRule(rid, wrong, fixed, cat, sev,
                                             pattern if isinstance(pattern, str) else None))
    return rules


def context_bound(entry: Mapping[str, Any]) -> bool:
    """Whether an entry's error depends on context the generator cannot provide: a positive
    context condition, or (entity entries) any mistranslation, all of which are context-bound
    or need the entity named elsewhere in the document."""
    return any(entry.get(k) is not None for k in POSITIVE_CONTEXT) or bool(
        entry.get("mistranslations"))


def reverse_rules_from_tables(tables: Iterable[Any]) -> list[ReverseRule]:
    """Reverse rules from loaded tables (objects with ``id``, ``category``, ``severity`` and
    ``entries``, as ``mtfix.tables.load_tables`` returns)."""
    out: list[ReverseRule] = []
    tables = list(tables)
    # entities: every wrong form that is wrong anywhere, where the canonical form occurs
    out += [ReverseRule(f.rule_id, f.wrong, f.canonical, f.category, f.severity)
            for f in _entities.entity_forms(tables, ("person", "place", "organization"))]
    for t in tables:
        if getattr(t, "kind", "substitution") != "substitution":
            continue  # entities above; calendar and boilerplate have their own corruptions
        sev = getattr(t.severity, "label", t.severity)
        out += reverse_rules_from_entries(t.entries, str(t.category), str(sev), str(t.id))
    return out


def splice_reverse_rule(
    sentence: str, rng: random.Random, rules: Sequence[ReverseRule]
) -> Corruption | None:
    """Where a rule's fixed form occurs (as whole words), splice in its wrong form."""
    hits: list[tuple[ReverseRule, int]] = []
    for rule in rules:
        pattern = r"(?<!\w)" + regex.escape(rule.fixed) + r"(?!\w)"
        for m in regex.finditer(pattern, sentence):
            text = sentence[: m.start()] + rule.wrong + sentence[m.end() :]
            if _matches_entry(rule, text, m.start()):
                hits.append((rule, m.start()))
    if not hits:
        return None
    rule, at = rng.choice(hits)
    text = sentence[:at] + rule.wrong + sentence[at + len(rule.fixed) :]
    span = GoldSpan(
        at,
        at + len(rule.wrong),
        rule.wrong,
        rule.category,
        rule.severity,
        rule.fixed,
        "table",
        rule.rule_id,
    )
    return Corruption(text, (span,), "table")


def _matches_entry(rule: ReverseRule, text: str, at: int) -> bool:
    """Whether the spliced wrong piece at ``at`` is a match of the entry's own pattern (entries
    without one, entity forms, always are)."""
    if rule.pattern is None:
        return True
    try:
        compiled = regex.compile(rule.pattern)
    except regex.error:
        return False
    end = at + len(rule.wrong)
    return any(m.start() < end and at < m.end() for m in compiled.finditer(text, timeout=1.0))


def entity_in_slot(
    sentence: str, rng: random.Random, forms: Sequence[_entities.EntityForm]
) -> Corruption | None:
    """A table entity's wrong form in a name slot (``mtfix.synthetic.entities``)."""
    got = _entities.splice_entity(sentence, rng, forms)
    if got is None:
        return None
    f = got.form
    span = GoldSpan(got.start, got.end, f.wrong, f.category, f.severity, f.canonical, "entity",
                    f.rule_id)
    return Corruption(got.corrupted, (span,), "entity", clean=got.clean)


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


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_NUMBER = regex.compile(r"(?<![\w.,])[0-9]{1,4}(?![\w.,]|\.[0-9])")
_DOUBLED = regex.compile(r"(?<!\.)[.,;:] ?[.,;:](?!\.)")
_ARABIC = regex.compile(r"\p{Script=Arabic}")


def well_formed(sentence: str) -> bool:
    """A usable clean sentence: balanced quotation marks, no doubled punctuation, no Arabic
    script (the errors the generator injects must not be in the clean text already)."""
    return (
        sentence.count("“") == sentence.count("”")
        and sentence.count("«") == sentence.count("»")
        and sentence.count('"') % 2 == 0
        and _DOUBLED.search(sentence) is None
        and _ARABIC.search(sentence) is None
    )


def stray_closing_quote(sentence: str, rng: random.Random) -> Corruption | None:
    """A closing mark at the end of a sentence whose quotation is already closed."""
    del rng
    for open_, close in (("“", "”"), ('"', '"')):
        n_open = sentence.count(open_)
        one_pair = (n_open == 2) if open_ == close else (n_open == 1
                                                          and sentence.count(close) == 1)
        closed_inside = one_pair and (
            sentence.index(open_) < sentence.rindex(close) < len(sentence) - 2)
        if closed_inside and regex.search(r"[.!?]\Z", sentence):
            n = len(sentence)
            span = GoldSpan(n, n + 1, close, "fluency/quotes", "minor", "", "quote",
                            "synthetic.stray_quote")
            return Corruption(sentence + close, (span,), "quote")
    return None


def persian_digits(sentence: str, rng: random.Random) -> Corruption | None:
    """A number of 1-4 digits written in Persian digits, as MT sometimes leaves it."""
    found = list(_NUMBER.finditer(sentence))
    if not found:
        return None
    m = rng.choice(found)
    native = m.group().translate(_PERSIAN_DIGITS)
    span = GoldSpan(m.start(), m.end(), native, "locale/number-format", "minor", m.group(),
                    "digits", "synthetic.persian_digits")
    return Corruption(sentence[: m.start()] + native + sentence[m.end() :], (span,), "digits")


_LOWER_WORD = regex.compile(r"\p{Ll}[\p{Ll}'’-]*")


def _loop_spots(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of runs of one to four lower-case words, space-separated, in ``sentence``."""
    tokens = list(regex.finditer(r"\S+", sentence))
    spots = []
    for i in range(len(tokens)):
        for n in range(1, 5):
            run = tokens[i:i + n]
            if len(run) < n or not all(_LOWER_WORD.fullmatch(t.group()) for t in run):
                break
            if all(b.start() == a.end() + 1 for a, b in zip(run, run[1:], strict=False)):
                spots.append((run[0].start(), run[-1].end()))
    return spots


def looped_words(sentence: str, rng: random.Random) -> Corruption | None:
    """One to four words written two to four more times after themselves, as MT does when
    it loops; the gold span is the extra copies."""
    spots = _loop_spots(sentence)
    if not spots:
        return None
    start, end = rng.choice(spots)
    unit = sentence[start:end]
    copies = (rng.choice((" ", ", ")) + unit) * rng.choice((2, 3, 4))
    span = GoldSpan(end, end + len(copies), copies, "accuracy/addition", "major", "", "loop",
                    "synthetic.loop")
    return Corruption(sentence[:end] + copies + sentence[end:], (span,), "loop")


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
        return _NUMBER.search(sentence) is not None
    if kind == "loop":
        return bool(_loop_spots(sentence))
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
