"""English grammar signals that a common word or demonym stands for a person.

Used by :mod:`mtfix.rules.name_meanings`. ``signal_at`` reads the words around a rendering
("the Sudanese", "Brother") and returns why it looks like a person, or ``None`` where it reads
as the country, the people or the ordinary word. ``name_skeleton`` is a transliteration-blind
key for given names ("Mohamed Shia" and "Muhammad Shia", "Abdulgani" and "Abdul Ghani").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from mtfix.rules.base import at_sentence_start
from mtfix.rules.entity import TITLES


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NAME_TITLES = TITLES | {"Molla", "Mollah", "Mawlavi", "Mowlawi", "Mr.", "Dr.", "Sayed", "Seyed",
                        "Sayyed", "Syed", "Shaikh", "Shaykh", "Eng", "Engineer", "Qari", "Hajj"}
SINGULAR_VERBS = _words("""
said says stated states stressed stresses emphasized emphasised emphasizes emphasises added
adds noted notes told tells announced announces affirmed affirms confirmed confirms called
calls urged urges warned warns met meets received receives visited visits arrived arrives
left leaves chaired chairs headed heads welcomed welcomes expressed expresses praised
praises discussed discusses pointed points indicated indicates explained explains insisted
insists declared declares demanded demands asked asks thanked thanks assured assures
reiterated reiterates revealed reveals described describes considered considers instructed
instructs ordered orders directed directs signed signs stressed vowed vows pledged pledges
promised promises travelled traveled travels returned returns has had is was will would can
could must may should did does also himself
""")
STRICT_SINGULAR = frozenset({"has", "is", "was", "does", "himself"}) | frozenset(
    v for v in SINGULAR_VERBS if v.endswith("s") and v not in {"was", "has", "is", "does"})
PLURAL_VERBS = _words("""
are were have do say want need live themselves
""")
NOMINAL_NEXT = _words("""
and or who whose in on at to with for from during after before about
""")
PREPOSITIONS = _words("""
to with by from of for and according
""")
PERSONAL_NOUNS = _words("""
visit visits meeting meetings candidacy nomination cabinet adviser advisor advisers advisors
spokesman spokesperson statement statements term resignation speech remarks call trip tour
wife son sons father brother health own office phone aides aide arrival departure decision
decisions invitation reception death killing funeral body
""")
NAME_PARTICLES = frozenset({"Abu", "Abd", "Abdul", "Abdel", "Bin", "bin", "Ibn", "ibn"})
LOWER_TITLES = frozenset(t.casefold() for t in NAME_TITLES)
# Title words that modify a following title, never a bare surname: "Foreign Aid", "a major
# Victory", "the late Peace Prize" are no title + name.
NOT_BEFORE_NAME = frozenset({
    "foreign", "defence", "defense", "interior", "prime", "vice", "then", "late", "former",
    "deputy", "chief", "major", "justice"})
# Renderings that stand as subjects, possessives and in names of bodies in ordinary English:
# abstract nouns and adjectives ("Peace is fragile", "Council for Peace", "Sharia's role") and
# the names of groups ("The Taliban has", "Alawite villages"): a person's name only after a
# title or the bearer's given names.
ONLY_AFTER_A_NAME = _words("""
peace victory help aid support success light law sharia land second final knowledge happy
fortunate lucky calm quiet glorious majestic elegant subtle witty divine godly main principal
rightful mature innocent infallible confident spiritual blessed victorious triumphant
abundant learned taliban alawite
""")
AUXILIARIES = _words("""
has had is was will would can could must may should did does also
""")
DETERMINERS = _words("""
his her my their our your a an this that its
""")
QUOTES = "'\"‘’“”«»"
GLOSS = regex.compile(r"(?i)\b(?:means?|meaning|known\s+as|nicknamed?|nickname\s+of|called|"
                      r"translates?(?:\s+as)?|literally|dubbed)\b[^.!?\n]{0,30}\Z")
PREV_WORD = regex.compile(r"([A-Z][\w.'’\-]*)[ \t]+\Z")
NEXT_WORD = regex.compile(r"\A[ \t]+([\w'’\-]+)")
WORDS = regex.compile(r"[A-Za-z][\w'’\-]*")
SKELETON_PAIRS = (("ph", "f"), ("gh", "g"), ("kh", "k"), ("ch", "j"), ("q", "k"), ("c", "k"),
                  ("dh", "d"), ("th", "t"), ("sh", "s"), ("w", "v"), ("z", "s"), ("p", "b"))
VOWELS = regex.compile(r"[aeiouy'’\-\s]+")


def name_skeleton(text: str) -> str:
    """Consonants of a transliterated name, with the usual spelling pairs merged."""
    s = text.casefold()
    for a, b in SKELETON_PAIRS:
        s = s.replace(a, b)
    s = VOWELS.sub("", s)
    return regex.sub(r"(.)\1+", r"\1", s)


@dataclass(frozen=True)
class Signal:
    reason: str
    strong: bool  # enough to flag even where the document never names the person
    after_name: bool = False  # a title or given names come before it: restore the element only


def given_names_before(text: str, pos: int) -> list[str]:
    """The capitalised non-title words right before ``pos`` in the same clause (max 4)."""
    words: list[str] = []
    head = text[:pos]
    while len(words) < 4:
        m = PREV_WORD.search(head)
        if m is None or m.group(1) in NAME_TITLES or m.group(1).endswith("."):
            break
        if at_sentence_start(head, m.start()) and words:
            words.insert(0, m.group(1))
            break
        words.insert(0, m.group(1))
        head = head[:m.start()]
    return words


def _given_match(words: list[str], given: frozenset[str]) -> bool:
    return any(name_skeleton("".join(words[i:])) in given for i in range(len(words)))


def _title_case_line(text: str) -> bool:
    words = WORDS.findall(text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _quoted_or_glossed(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" ")
    phrase_start = len(before)
    m = PREV_WORD.search(text[:start])
    if m is not None and m.group(1) in NAME_TITLES:
        phrase_start = m.start()
    if text[max(0, phrase_start - 1):phrase_start] in tuple(QUOTES) and phrase_start > 0:
        return True
    if text[end:end + 1] and text[end] in QUOTES and not text[end:end + 2].startswith("'s"):
        return True
    return GLOSS.search(text[max(0, start - 60):start]) is not None


def _next_word(after: str) -> str | None:
    m = NEXT_WORD.search(after)
    if m is None:
        return None
    word = m.group(1)
    if word.endswith("ly") and word.islower():  # "officially take", "also said"
        m2 = NEXT_WORD.search(after[m.end():])
        return m2.group(1) if m2 is not None else word
    return word


def _title_before(head: str, literal: str, titled: bool) -> Signal | None:
    """A title right before the rendering ("Mullah Brother", "former president Rich")."""
    prev = PREV_WORD.search(head)
    if (prev is not None and prev.group(1) in NAME_TITLES
            and prev.group(1).casefold() not in NOT_BEFORE_NAME):
        return Signal(f"the title '{prev.group(1)}' before it", strong=True, after_name=True)
    low = regex.search(r"([a-z]+)[ \t]+\Z", head)
    if (low is not None and low.group(1) in LOWER_TITLES and low.group(1) not in NOT_BEFORE_NAME
            and literal[:1].isupper() and not titled):
        return Signal(f"the title '{low.group(1)}' before it", strong=True, after_name=True)
    return None


def signal_at(text: str, start: int, end: int, *, has_det: bool, possessive: bool,
              common_word: bool, given: frozenset[str],
              personal_possession: bool = False) -> Signal | None:
    """Why the rendering at [start, end) (after an optional "the") names a person, or None."""
    if _quoted_or_glossed(text, start, end + (2 if possessive else 0)):
        return None
    literal = text[start:end]
    titled = _title_case_line(text)
    capital_mid = (literal[:1].isupper() and not titled
                   and not at_sentence_start(text, start))
    is_title = literal.casefold() in LOWER_TITLES  # "Chief": "Deputy Chief" is no name
    if has_det:
        det = regex.search(r"[Tt]he[ \t]+\Z", text[:start])
        words = given_names_before(text, det.start()) if det is not None else []
        if words and _given_match(words, given):
            return Signal("the bearer's given names before 'the'", strong=True, after_name=True)
    if not has_det:
        by_title = None if is_title else _title_before(text[:start], literal, titled)
        if by_title is not None:
            return by_title
        words = given_names_before(text, start)
        if words and (words[0] in NAME_PARTICLES or words[0].startswith(("Abdul", "Abdel"))):
            return Signal(f"the name '{' '.join(words)}' before it", strong=True,
                          after_name=True)
        if words and literal[:1].isupper() and not titled:
            head = text[:start - len(" ".join(words)) - 1]
            title = PREV_WORD.search(head)
            if title is not None and title.group(1) in NAME_TITLES:
                return Signal(f"'{title.group(1)} {' '.join(words)}' before it", strong=True,
                              after_name=True)
        if words and _given_match(words, given):
            return Signal("the bearer's given names before it", strong=True, after_name=True)
        low = regex.search(r"(\w+)[ \t]+\Z", text[:start])
        if low is not None and low.group(1).casefold() in DETERMINERS:
            return None
    if common_word and literal[:1].islower():
        return None  # a lower-case common word is a name only after a title or given names
    if is_title or literal.casefold() in ONLY_AFTER_A_NAME or " " in literal:
        # "Iran's President said", "Peace is fragile", "My friend told me": only a title or
        # the bearer's given names make these a name
        return None
    after = text[end + (2 if possessive else 0):]
    nxt = _next_word(after)
    if possessive:
        if personal_possession:
            if nxt is not None and nxt.casefold() in PERSONAL_NOUNS:
                return Signal("a possessive of a personal noun", strong=False)
            return None
        if not common_word:
            return Signal("a possessive of the demonym", strong=True)
        if (literal[:1].isupper() and not titled and not has_det
                and not (nxt is not None and nxt[:1].isupper())):  # "The Lion's Den"
            return Signal("a capitalised possessive", strong=False)
        return None
    if nxt is not None and nxt.casefold() in PLURAL_VERBS:
        return None
    if nxt is not None and nxt.casefold() in SINGULAR_VERBS and after[:1] in " \t":
        if common_word and (has_det or not literal[:1].isupper() or titled):
            return None
        if common_word and nxt.casefold() in AUXILIARIES and at_sentence_start(text, start):
            return None  # "Light is ...", "Help has arrived": a word, not a person speaking
        strong = not common_word and has_det and nxt.casefold() in STRICT_SINGULAR
        return Signal(f"the subject of '{nxt}'", strong=strong)
    if common_word:
        prev = regex.search(r"(\w+)[ \t]+\Z", text[:start])
        if (capital_mid and prev is not None and prev.group(1).casefold() in PREPOSITIONS
                and not (nxt is not None and nxt[:1].isupper())):  # "to Researcher Gate"
            return Signal("a capitalised common word after a preposition", strong=False)
        return None
    if not has_det:
        return None
    stripped = after.lstrip(" \t")
    if not stripped or stripped[0] in ",.;:!?)\n" or (
            nxt is not None and nxt in NOMINAL_NEXT and after[:1] in " \t"):
        return Signal("'the' + demonym used as a noun", strong=False)
    return None
