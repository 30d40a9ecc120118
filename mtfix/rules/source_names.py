"""``kind: source_names``: person names in an Arabic-script source (Arabic, Persian, Dari,
Pashto) that the English renders as a common word or a demonym.

A source word is taken for a name only where the source says so: a title before it (آقای,
ملا, مولوی, الرئيس, ښاغلي), an honorific after it (صاحب, خان), a particle (ابو, بن, عبد), the
Arabic article on a word in Persian or Pashto text (السودانی), or a neighbour that is itself
a name the English renders as one (محمد ... "Mohammed"). A name whose romanization
(:mod:`mtfix.romanize`) the English carries is fine. Otherwise:

- ``check: elements``: the word is a name element the entry lists (``elements``: script forms,
  English name, literal meanings) and the English holds one of its literal meanings ("the
  brother", "rich"): flagged there, with the element's English name as the suggestion.
- ``check: nisba``: the word is an -i nisba (the Arabic article in Persian or Pashto, or a
  given name before it) whose place the English names as a demonym instead ("the Sudanese",
  "Sudan's"): flagged there, with the romanized name as the suggestion. Needs no list.

Flag only: the suggestion's confidence is the table's (below the fix threshold by default).
Each segment is judged on its own: taking a name the document's English writes elsewhere as a
signal here was tried and dropped (with FLoRes ps-en read as one document, عمر "life" next to
an "Omar" elsewhere gave 40 false alarms in 5,860 human segments).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.romanize import fold, language_of, latin_keys, romanize, source_keys, words
from mtfix.rules.base import LazyPattern, RuleContext, at_sentence_start
from mtfix.tables import FieldSpec, RuleTable

KIND = "source_names"
CHECKS = ("elements", "nisba")
ENTRY_FIELDS: dict[str, FieldSpec] = {
    "check": FieldSpec((str,), required=True),
    "titles_before": FieldSpec((list,), required=True),
    "titles_after": FieldSpec((list,)),
    "particles": FieldSpec((list,)),
    "elements": FieldSpec((list,)),
    "demonym_suffixes": FieldSpec((list,)),
}
LATIN_WORD = regex.compile(r"\p{Latin}[\p{Latin}'’\-]*")
ELEMENT_KEYS = ("name", "script", "literal")
PREFIXES = "وبلف"  # Arabic clitics written on the word: wa-, bi-, li-, fa-


ARABIC_SCRIPT = regex.compile(r"\p{Script=Arabic}")

@dataclass(frozen=True)
class Element:
    name: str
    keys: frozenset[str]
    literal: LazyPattern
    nisba: bool


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class English:
    """The target's words and the keys of its capitalised ones (names it carries)."""

    text: str
    names: frozenset[str]
    tokens: tuple[tuple[int, int, str], ...]

    @classmethod
    def of(cls, text: str) -> English:
        tokens = tuple((m.start(), m.end(), m.group()) for m in LATIN_WORD.finditer(text))
        names: set[str] = set()
        for _, _, w in tokens:
            for part in regex.split(r"[\-‐]", w):
                if part[:1].isupper():
                    names |= latin_keys(part)
            if w[:1].isupper() or w[:3].lower() in ("al-", "el-"):
                names |= latin_keys(w)
            if w[:2] in ("Al", "El") and len(w) > 5 and w[2:3].islower():
                names |= latin_keys(w[2:])  # the article written on: Albashar = البشر
        for (_, end, w1), (start, _, w2) in zip(tokens, tokens[1:], strict=False):
            if w1[:1].isupper() and w2[:1].isupper() and text[end:start] in (" ", "-"):
                names |= latin_keys(w1 + w2)  # Abdul Ghani = عبدالغنی
        return cls(text, frozenset(names), tokens)

    def carries(self, keys: frozenset[str]) -> bool:
        return bool(keys & self.names)


class _LazyEnglish:
    """The target's :class:`English`, read only when a source word asks for it (most segments
    have no listed element and no nisba, and reading the English is the costly part)."""

    __slots__ = ("_text", "_english")

    def __init__(self, text: str) -> None:
        self._text = text
        self._english: English | None = None

    def get(self) -> English:
        if self._english is None:
            self._english = English.of(self._text)
        return self._english


def _folded_set(items: Sequence[Any]) -> frozenset[str]:
    return frozenset(" ".join(fold(str(i)).split()) for i in items if str(i).strip())


@dataclass(frozen=True)
class Signals:
    before: frozenset[str]  # folded titles, one or two words
    after: frozenset[str]
    particles: frozenset[str]

    def titled(self, toks: Sequence[Token], i: int, j: int) -> bool:
        one = toks[i - 1].text if i >= 1 else ""
        two = f"{toks[i - 2].text} {one}" if i >= 2 else ""
        after = toks[j].text if j < len(toks) else ""
        return one in self.before or two in self.before or after in self.after

    def particle(self, toks: Sequence[Token], i: int, j: int) -> bool:
        """A particle before the name (ابو, عبد) or after it (محمد بن ...)."""
        return ((i >= 1 and toks[i - 1].text in self.particles)
                or (j < len(toks) and toks[j].text in self.particles))


def read_source(text: str) -> tuple[str, list[Token]]:
    """A source's language and its words, folded."""
    language = language_of(text)  # before folding: ي and ك are Arabic
    return language, [Token(s, e, w) for s, e, w in words(fold(text))]


def _anchored(toks: Sequence[Token], i: int, j: int, language: str, english: English,
              signals: Signals, after: bool) -> bool:
    """A neighbour of toks[i:j] (before it, or also after it) is a name the English renders
    as a name."""
    near = ((i - 1, 2), (i - 2, 3)) + (((j, 2), (j + 1, 3)) if after else ())
    for k, shortest in near:
        if 0 <= k < len(toks):
            word = toks[k].text
            if word in signals.before or word in signals.after:
                continue
            keys = {x for x in source_keys(word, language) if len(x) >= shortest}
            if keys & english.names:
                return True
    return False


@dataclass(frozen=True)
class SourceNamesCheck:
    rule_id: str
    kind: str
    signals: Signals
    elements: Mapping[str, tuple[Element, ...]]  # folded script form -> elements
    longest: int  # most words in one script form
    suffixes: tuple[str, ...]
    category: str
    severity: Severity
    message: str
    confidence: float
    first_words: frozenset[str] = frozenset()  # the first word of every script form

    def issues(self, segment: Segment, english: _LazyEnglish | None = None,
               read: tuple[str, list[Token]] | None = None) -> Iterator[Issue]:
        """``english`` and ``read`` (the source's language and tokens) are the segment's,
        when the caller has them already."""
        if not segment.source or not segment.text.strip():
            return
        language, toks = read_source(segment.source) if read is None else read
        if not toks:
            return
        if english is None:
            english = _LazyEnglish(segment.text)
        seen: set[tuple[int, int]] = set()
        finder = self._elements if self.kind == "elements" else self._nisbas
        for issue in finder(segment, toks, language, english):
            if (issue.start, issue.end) not in seen:
                seen.add((issue.start, issue.end))
                yield issue

    def _named(self, toks: Sequence[Token], i: int, j: int, language: str,
               english: _LazyEnglish, nisba: bool) -> bool:
        """Whether the source marks toks[i:j] as (part of) a person's name."""
        word = toks[i].text
        if language != "ar" and word.startswith("ال") and len(word) > 3:
            return True
        if self.signals.particle(toks, i, j) or _anchored(toks, i, j, language, english.get(),
                                                        self.signals, not nisba):
            return True
        return not nisba and self.signals.titled(toks, i, j)

    def _lookup(self, toks: Sequence[Token], i: int) -> tuple[int, tuple[Element, ...]]:
        first = toks[i].text
        if first not in self.first_words and (
                first[:1] not in PREFIXES or len(first) <= 4 or first[1:] not in self.elements):
            return 0, ()  # no script form starts with this word (the loop below finds none)
        for n in range(min(self.longest, len(toks) - i), 0, -1):
            text = " ".join(t.text for t in toks[i:i + n])
            found = self.elements.get(text)
            if found is None and n == 1 and text[:1] in PREFIXES and len(text) > 4:
                found = self.elements.get(text[1:])
            if found:
                return n, found
        return 0, ()

    def _elements(self, segment: Segment, toks: Sequence[Token], language: str,
                  english: _LazyEnglish) -> Iterator[Issue]:
        i = 0
        while i < len(toks):
            n, found = self._lookup(toks, i)
            if not n:
                i += 1
                continue
            for element in found:
                if english.get().carries(element.keys) or not self._named(
                        toks, i, i + n, language, english, element.nisba):
                    continue
                m = element.literal.search(segment.text)
                if m is not None:
                    yield self._issue(segment, m.start(), m.end(), element.name,
                                      " ".join(t.text for t in toks[i:i + n]))
            i += n

    def _nisbas(self, segment: Segment, toks: Sequence[Token], language: str,
                english: _LazyEnglish) -> Iterator[Issue]:
        for i, tok in enumerate(toks):
            word = tok.text
            if not word.startswith("ال"):
                continue
            stem = word[2:]
            # the -i of a place ending in a vowel: کربلا -> الکربلایی (al-Karbalai)
            place_end = -2 if stem.endswith("ایی") else -1
            if len(stem) < 4 or stem[-1] != "ی" or (place_end == -1 and stem[-2] in "اوی"):
                continue
            if english.get().carries(source_keys(word, language, strict=True)) or not self._named(
                    toks, i, i + 1, language, english, True):
                continue
            place = {k for k in source_keys(stem[:place_end], language) if len(k) >= 2}
            for start, end, w in english.get().tokens:
                # a demonym is capitalised; a capital that only starts a sentence says nothing
                if (not w[:1].isupper() or at_sentence_start(segment.text, start)
                        or not self._demonym(w, place)):
                    continue
                before = segment.text[max(0, start - 4):start]
                if before.lower() == "the ":
                    start -= 4
                yield self._issue(segment, start, end, romanize(word, language), word)
                break

    def _demonym(self, word: str, place: set[str]) -> bool:
        lower = word.lower()
        for suffix in self.suffixes:
            if (lower.endswith(suffix) and len(word) > len(suffix) + 2
                    and latin_keys(word[:len(word) - len(suffix)]) & place):
                return True
        return False

    def _issue(self, segment: Segment, start: int, end: int, name: str, native: str) -> Issue:
        span = segment.text[start:end]
        return make_issue(
            segment, start, end, category=self.category, severity=self.severity,
            rule_id=self.rule_id, replacements=(name,), confidence=self.confidence,
            message=self.message.format(span=span, name=name, native=native))


def _element(table: RuleTable, label: str, i: int, item: Any) -> tuple[list[str], Element]:
    where = f"elements[{i}]"
    if not isinstance(item, Mapping) or any(k not in item for k in ELEMENT_KEYS):
        raise TableError(table.path, f"needs {', '.join(ELEMENT_KEYS)}", label, where)
    names = [str(item["name"]), *map(str, item.get("variants", []) or [])]
    scripts = [s for s in _folded_set(item["script"] if isinstance(item["script"], list)
                                      else [item["script"]])]
    nisba = item.get("kind") == "nisba"
    keys: set[str] = set()
    for name in names:
        for part in name.split():
            keys |= latin_keys(part, strict=nisba)
    # a literal that is the name itself ("sultan" for Sultan) is no error
    literals = [str(x) for x in item["literal"]
                if not any(latin_keys(w, strict=nisba) & keys for w in str(x).split())]
    if not scripts or not literals:
        raise TableError(table.path, "needs script forms and literal meanings other than "
                         "the name itself", label, where)
    alts = "|".join(regex.escape(x) for x in sorted(set(literals), key=len, reverse=True))
    literal = LazyPattern(rf"(?<![\w\-'’])(?:the\s+)?(?:{alts})(?![\w\-])",
                          regex.IGNORECASE)  # escaped words: compiled when first needed
    element = Element(names[0], frozenset(keys), literal, nisba)
    return scripts, element


def build(table: RuleTable) -> SourceNamesRule:
    checks = []
    for entry in table.entries:
        label = repr(entry["id"])
        kind = entry["check"]
        if kind not in CHECKS:
            raise TableError(table.path, f"unknown check {kind!r} (known: {', '.join(CHECKS)})",
                             label, "check")
        if kind == "elements" and not entry.get("elements"):
            raise TableError(table.path, "is required for check 'elements'", label, "elements")
        elements: dict[str, list[Element]] = {}
        for i, item in enumerate(entry.get("elements", []) or []):
            scripts, element = _element(table, label, i, item)
            for script in scripts:
                elements.setdefault(script, []).append(element)
        signals = Signals(_folded_set(entry["titles_before"]),
                          _folded_set(entry.get("titles_after", [])),
                          _folded_set(entry.get("particles", [])))
        checks.append(SourceNamesCheck(
            rule_id=table.entry_rule_id(entry), kind=kind, signals=signals,
            elements={k: tuple(v) for k, v in elements.items()},
            longest=max((len(k.split()) for k in elements), default=1),
            first_words=frozenset(k.split()[0] for k in elements if k.split()),
            suffixes=tuple(str(s) for s in entry.get("demonym_suffixes", ["ese", "'s", "’s"])),
            category=table.entry_category(entry), severity=table.entry_severity(entry),
            message=table.entry_message(entry), confidence=table.entry_confidence(entry)))
    return SourceNamesRule(table.id, tuple(checks))


@dataclass(frozen=True)
class SourceNamesRule:
    table_id: str
    checks: tuple[SourceNamesCheck, ...]

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        for segment in ctx.doc.segments:
            if not segment.source or ARABIC_SCRIPT.search(segment.source) is None:
                continue  # every listed form is in Arabic script: nothing to find
            seen: set[tuple[int, int]] = set()  # one flag a span: the first check's (listed)
            english = _LazyEnglish(segment.text)  # read once for all checks, if at all
            read = read_source(segment.source)
            for check in self.checks:
                for issue in check.issues(segment, english, read):
                    if (issue.start, issue.end) not in seen:
                        seen.add((issue.start, issue.end))
                        yield issue
