"""Romanize names written in Arabic script (Arabic, Persian, Dari, Pashto), and compare a
source name with the English words that may render it.

Rule-based and table-driven: ``letters/<lang>.yaml`` gives each letter its romanization and
its consonant class (a language table may extend another). Two spellings of one name share a
*key*: the sequence of consonant classes, without vowels, doubled letters, the glottal stop
or ayn, so that محمد, "Mohammad", "Muhammad" and "Mohamed" all read ``MHMD``.

``romanize`` writes a readable suggestion ("Baradar", "al-Sudani"); ``source_keys`` and
``latin_keys`` give the keys a source word and an English word can have; two spellings are
the same name when their key sets meet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex
import yaml

LANGUAGES = ("ar", "fa", "ps")
FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ك": "ک", "ګ": "گ", "ة": "ه", "ۀ": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "\u200c": "", "\u200d": "", "\u0640": "",
})
MARKS = regex.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
PASHTO_ONLY = regex.compile(r"[ټډړڼښږځڅګېۍ]")
PERSIAN_ONLY = regex.compile(r"[پچژگکی]")
ARABIC_WORD = regex.compile(r"[\p{Script=Arabic}&&\p{L}]+")
VOWEL_KEYS = "WY"
# Classes English spellings of these names swap freely: q/k/g (Qalibaf, Ghalibaf), sh/kh
# (Pashto ښ), s/z (Pashto ځ, څ).
LOOSE = str.maketrans({"G": "K", "X": "C", "Z": "S"})
LATIN_DIGRAPHS = (("kh", "X"), ("gh", "G"), ("sh", "C"), ("ch", "C"), ("th", "S"),
                  ("dh", "Z"), ("zh", "Z"), ("ph", "F"), ("ck", "K"))
LATIN_LETTERS = {"b": "B", "c": "K", "d": "D", "f": "F", "g": "G", "h": "H", "j": "J",
                 "k": "K", "l": "L", "m": "M", "n": "N", "p": "P", "q": "K", "r": "R",
                 "s": "S", "t": "T", "v": "W", "w": "W", "x": "KS", "y": "Y", "z": "Z"}
LATIN_ARTICLE = regex.compile(r"^(?:al|el|ul|as|ad|ar|at|az|an|ash|ad)[\-‐]", regex.IGNORECASE)
LATIN_POSSESSIVE = regex.compile(r"['’]s?$")
LATIN_FINAL_I = regex.compile(r"[^aeiouy'’](?:i|y|ee|ey|ie|ai|ei|iy)$")


@dataclass(frozen=True)
class Letter:
    roman: str
    key: str


@dataclass(frozen=True)
class Alphabet:
    language: str
    letters: Mapping[str, Letter]


def fold(text: str) -> str:
    """Arabic-script text with its spelling variation folded away (ي/ی, ك/ک, ة/ه, hamza
    seats, vowel marks, tatweel, zero-width joiners)."""
    return MARKS.sub("", text.translate(FOLD))


def language_of(text: str) -> str:
    """``ps`` when the text has a Pashto-only letter, ``fa`` for Persian letters, else ``ar``.
    Give it the text as written: folding turns the Arabic ي and ك into the Persian forms."""
    if PASHTO_ONLY.search(text):
        return "ps"
    if PERSIAN_ONLY.search(text):
        return "fa"
    return "ar"


def words(text: str) -> list[tuple[int, int, str]]:
    """The Arabic-script words of folded text: (start, end, word)."""
    return [(m.start(), m.end(), m.group()) for m in ARABIC_WORD.finditer(text)]


@lru_cache(maxsize=8)
def alphabet(language: str) -> Alphabet:
    """The letter table of a language, with the tables it extends under it."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    text = resources.files("mtfix.romanize").joinpath(f"letters/{language}.yaml").read_text(
        encoding="utf-8")
    data = yaml.safe_load(text)
    base: dict[str, Letter] = {}
    if data.get("extends"):
        base.update(alphabet(str(data["extends"])).letters)
    for letter, spec in data["letters"].items():
        base[letter] = Letter(str(spec["roman"]), str(spec["key"]))
    return Alphabet(language, base)


def _strip_article(word: str) -> tuple[str, bool]:
    if word.startswith("ال") and len(word) > 3:
        return word[2:], True
    return word, False


def _collapse(key: str) -> str:
    out: list[str] = []
    for ch in key:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _key_set(key: str, final_i: bool, strict: bool) -> frozenset[str]:
    """A raw key's comparable forms: loose classes, with and without h, and without the
    final -i unless ``strict`` (al-Sudani is not Sudan)."""
    base = _collapse("".join(c for c in key if c not in VOWEL_KEYS).translate(LOOSE))
    forms = {base + "I" if final_i else base}
    if final_i and not strict:
        forms.add(base)
    forms |= {_collapse(f.replace("H", "")) for f in forms}
    return frozenset(f for f in forms if f)


def source_key(word: str, language: str) -> tuple[str, bool]:
    """A source word's consonant key (article al- dropped) and whether it ends in -i."""
    folded, _ = _strip_article(fold(word))
    letters = alphabet(language).letters
    key = "".join(letters[c].key if c in letters else "" for c in folded)
    final_i = len(folded) > 1 and folded[-1] == "ی" and (
        folded[-2] not in "اوی" or folded.endswith("ایی"))  # کربلایی: Karbala-i
    return key, final_i


def source_keys(word: str, language: str, strict: bool = False) -> frozenset[str]:
    key, final_i = source_key(word, language)
    return _key_set(key, final_i, strict)


def latin_key(word: str) -> tuple[str, bool]:
    """An English word's consonant key (article al-, possessive 's dropped) and -i ending."""
    w = LATIN_POSSESSIVE.sub("", LATIN_ARTICLE.sub("", word)).lower()
    final_i = LATIN_FINAL_I.search(w) is not None
    w = w.replace("'", "").replace("’", "").replace("-", "")
    for digraph, key in LATIN_DIGRAPHS:
        w = w.replace(digraph, key)
    key = "".join(c if c.isupper() else LATIN_LETTERS.get(c, "") for c in w)
    if final_i and key.endswith("Y"):
        key = key[:-1]
    return key, final_i


def latin_keys(word: str, strict: bool = False) -> frozenset[str]:
    key, final_i = latin_key(word)
    return _key_set(key, final_i, strict)


def same_name(source_word: str, english_word: str, language: str) -> bool:
    """Whether ``english_word`` can be a romanization of ``source_word``."""
    return bool(source_keys(source_word, language) & latin_keys(english_word))


def _vowel_letter(ch: str, prev_consonant: bool, first: bool, language: str) -> str | None:
    """How ا و ی read here: a vowel (returned), or None when they are consonants."""
    if ch == "ا":
        return "a"
    if ch in "وی" and prev_consonant and not first:
        if ch == "ی":
            return "i"
        return "o" if language == "fa" else "u"
    return None


def romanize(word: str, language: str | None = None) -> str:
    """A readable romanization of one source word: برادر -> "Baradar",
    السوداني -> "al-Sudani". Where the script writes no vowel between two consonants,
    an "a" is supplied; names a table knows should use the table's spelling instead."""
    folded = fold(word)
    language = language or language_of(folded)
    letters = alphabet(language).letters
    folded, article = _strip_article(folded)
    out: list[str] = []
    prev_consonant = False
    tail = ""
    if folded.endswith("ایی") and len(folded) > 3:  # کربلایی: Karbala-i
        folded, tail = folded[:-2], "i"
    if folded[:2] in ("ای", "او", "عی", "عو") and len(folded) > 2:
        out.append("i" if folded[1] == "ی" else "o")
        folded = folded[2:]
    elif folded[:1] in ("ا", "ع") and len(folded) > 1:
        out.append("a")
        folded = folded[1:]
    for i, ch in enumerate(folded):
        last = i == len(folded) - 1
        if ch not in letters or ch in "عء":
            continue
        vowel = _vowel_letter(ch, prev_consonant, not out, language)
        if ch == "ه" and last and (out or i):
            vowel = ("ah" if language == "ar" else "a") if prev_consonant else "h"
        if vowel is not None:
            out.append(vowel)
            prev_consonant = False
            continue
        if prev_consonant:
            out.append("a")
        out.append(letters[ch].roman)
        prev_consonant = True
    text = "".join(out) + tail
    text = text[:1].upper() + text[1:]
    return f"al-{text}" if article else text
