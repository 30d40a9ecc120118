"""Line-structure tests for :mod:`mtfix.rules.page_structure`: what a line of a scraped page
looks like when it is chrome rather than story (a CMS timestamp, run-together tag links, a line
in another script, markup), judged from its shape alone. Pure functions on strings."""

from __future__ import annotations

import html
import string
from collections.abc import Iterator

import regex

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
DATE = regex.compile(
    rf"(?i)\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b"
    rf"|(?:\b{_WEEKDAY},?\s+)?(?:\b\d{{1,2}}\s+{_MONTH}|\b{_MONTH}\s+\d{{1,2}}\b)(?:,?\s+\d{{4}}\b)?")
CLOCK = regex.compile(r"(?i)(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?")
WEEKDAY_WORD = regex.compile(rf"(?i)\b{_WEEKDAY}(?![a-z])")
_SEPARATORS = regex.compile(r"[|–—\-:,/•·()\[\]]+")
_COUNTER = regex.compile(r"(?<!\S)\p{N}{1,7}(?!\S)")
SENTENCE_END = regex.compile(r"[.!?…:;][\"”’')\]]*\Z")
CAMEL_JUNCTION = regex.compile(r"(?<=\p{Ll}{3})(?=\p{Lu})")
WORD_LETTER = regex.compile(r"\p{L}")
LETTER_RUN = regex.compile(r"\p{L}+")
LATIN_LETTER_RUN = regex.compile(r"(?V1)[\p{L}&&\p{Latin}]+")
ASCII_LETTERS = string.ascii_letters.encode("ascii")
NUMBER_ONLY = regex.compile(r"\A[\p{N}\s.,:/+-]+\Z")
HANDLE = regex.compile(r"\A[\p{L}\p{N}]+(?:[_.][\p{L}\p{N}]+)+\Z|\A\p{L}+\p{N}+\Z")

#: Tags of HTML and of forum BBCode left in text: ``<br>``, ``</p>``, ``[b]``, ``[/url]``.
MARKUP_TAG = regex.compile(
    r"</?(?:a|b|i|u|p|br|hr|em|strong|span|div|img|font|center|small|sup|sub|li|ul|ol|h[1-6])"
    # only attributes between the name and '>' (name, name=value): a '<' or '>' around words
    # of the story is not a tag to delete
    r"\b(?:[ \t]+[\w:-]+"
    r"(?:[ \t]*=[ \t]*(?:\"[^\"<>\n]{0,200}\"|'[^'<>\n]{0,200}'|[^\s<>]{1,200}))?)*"
    r"[ \t]*/?>"
    r"|\[/?(?:b|i|u|s|url|img|quote|size|color|colour|font|center|left|right|code|list|\*)"
    r"(?:=[^\]\n]{0,80})?\]", regex.IGNORECASE)
ENTITY = regex.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
#: An attribute of a tag whose brackets were lost: ``data-mce-href =" https://..." >``.
ATTRIBUTE_DEBRIS = regex.compile(r"\b[a-z]+(?:-[a-z]+)+\s*=\s*[\"“”]|[\"“”]\s*/?>")


def words(text: str) -> list[str]:
    return text.split()


def is_timestamp(line: str, max_label_words: int) -> bool:
    """A CMS time stamp: a clock time with a date (or after a ``label|``), and at most a short
    section label, a view counter or a widget beside them ("Politics | 09:47 - 10/07/2021",
    "Tue, Oct 04 2022 8:45 AM 104")."""
    if CLOCK.search(line) is None:
        return False
    if DATE.search(line) is None and "|" not in line:
        return False
    rest = DATE.sub(" ", line)
    rest = CLOCK.sub(" ", rest)
    rest = WEEKDAY_WORD.sub(" ", rest)
    rest = _SEPARATORS.sub(" ", rest)
    rest = _COUNTER.sub(" ", rest)
    return len(rest.split()) <= max_label_words and SENTENCE_END.search(line.strip()) is None


def camel_junctions(line: str) -> int:
    """Places where a word runs into the next one without a space ("politicsbreakingNews")."""
    return len(CAMEL_JUNCTION.findall(line))


def is_tag_run(line: str, min_junctions: int, max_words: int) -> bool:
    """Link titles or tags printed without separators: several lower-to-upper junctions
    inside words, and no sentence end."""
    stripped = line.strip()
    return (camel_junctions(stripped) >= min_junctions and len(words(stripped)) <= max_words
            and SENTENCE_END.search(stripped) is None)


def latin_share(text: str) -> tuple[int, float]:
    """(letters, share of them in the Latin script)."""
    if text.isascii():  # every ASCII letter is a Latin one: count them in C
        raw = text.encode("ascii")
        letters = len(raw) - len(raw.translate(None, ASCII_LETTERS))
        return letters, (1.0 if letters else 0.0)
    letters = sum(map(len, LETTER_RUN.findall(text)))
    if not letters:
        return 0, 0.0
    return letters, sum(map(len, LATIN_LETTER_RUN.findall(text))) / letters


def is_foreign_line(line: str, min_letters: int, max_latin: float) -> bool:
    """A line written (almost) wholly in another script."""
    n, share = latin_share(line)
    return n >= min_letters and share <= max_latin


def is_short_token_line(line: str, max_words: int) -> bool:
    """A line of a name, a handle or a number only, with no sentence punctuation: what a widget
    prints next to its time stamp ("admin_2", "IranNews", "104")."""
    stripped = line.strip()
    ws = words(stripped)
    if not ws or len(ws) > max_words or stripped.lower().startswith("by "):
        return False
    if NUMBER_ONLY.match(stripped):
        return True
    return all(regex.fullmatch(r"[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}]+)?", w) for w in ws) and \
        DATE.search(stripped) is None


def is_handle(line: str) -> bool:
    return HANDLE.match(line.strip()) is not None


def markup_spans(line: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, replacement) for stray tags (deleted) and entities (decoded)."""
    for m in MARKUP_TAG.finditer(line):
        yield m.start(), m.end(), ""
    for m in ENTITY.finditer(line):
        decoded = html.unescape(m.group())
        if decoded != m.group():
            yield m.start(), m.end(), " " if decoded == "\xa0" else decoded


def has_attribute_debris(line: str) -> bool:
    return ATTRIBUTE_DEBRIS.search(line) is not None
