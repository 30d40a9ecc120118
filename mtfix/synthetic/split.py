"""Sentence-split corruption: turn one clean sentence into the two pieces MT often makes of it.

MT from Persian, Dari and Pashto often ends a sentence before an infinitive or participial
clause and starts a subjectless fragment:

    "A called on B to withdraw its forces from X."
    ->  "A called on B. Forces asked to withdraw from X."

``split_sentence`` makes such pairs from clean text (the clean sentence is the training target);
every choice comes from the ``random.Random`` it is given, so data sets are reproducible. The
fragment leads it writes are the ``generated`` leads of the fragment table
(``tables/fragments.yaml``, read through ``mtfix.text.fragments``), the same table the
``fragment`` rule flags with and the model's candidate builder reads.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import regex

from mtfix.text.fragments import shipped
from mtfix.text.joins import join_candidates as join_candidates  # its inverse, on the fix path

#: Words after "to" that show it is a preposition, not an infinitive marker.
_NOT_VERBS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "some",
        "any",
        "all",
        "each",
        "every",
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "be",
        "date",
        "him",
        "them",
        "me",
        "us",
        "it",
        "he",
        "she",
        "we",
        "you",
        "they",
        "and",
        "or",
        "but",
        "than",
        "as",
        "at",
        "in",
        "on",
        "of",
        "by",
        "for",
        "from",
        "with",
        "about",
        "into",
        "over",
        "under",
        "between",
    ]
)

_INF_OBJ = regex.compile(
    r"^(?P<a>.*\S) to (?P<v>[a-z]{3,}) (?P<poss>its|their|his|her|the) (?P<n>[a-z][a-z-]{2,})"
    r"(?P<rest>(?: [^;:]+?)?[.!?][\"”’']?)$"
)
_INF = regex.compile(r"^(?P<a>.*\S) to (?P<v>[a-z]{3,})(?P<rest> [^;:]+?[.!?][\"”’']?)$")
_PARTICIPLE = regex.compile(r"^(?P<a>.*\S), (?P<v>[a-z]{3,}ing)(?P<rest> .+?[.!?][\"”’']?)$")
_RELATIVE = regex.compile(r"^(?P<a>.*\S),? (?P<w>which|who)(?P<rest> [a-z].+?[.!?][\"”’']?)$")


@dataclass(frozen=True)
class SplitExample:
    """A corrupted text (what MT would write) and the clean text it came from."""

    corrupted: str
    clean: str
    kind: str


def _words(text: str) -> int:
    return len(text.split())


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _inf_object(m: regex.Match[str], rng: random.Random, realistic: bool) -> str | None:
    noun = m["n"]
    # MT fronts a plural object with a passive ("withdraw its forces" -> "Forces asked to
    # withdraw"); a singular one ("solve the situation") it renders as an infinitive fragment.
    if realistic and (not noun.endswith("s") or noun.endswith(("ss", "us", "is"))):
        return None
    lead = rng.choice(shipped().generated["plural_noun_asked_to"])
    return f"{m['a']}. {_cap(noun)} {lead} to {m['v']}{m['rest']}"


def _inf(m: regex.Match[str], rng: random.Random, realistic: bool) -> str | None:
    del realistic
    if m["v"] in _NOT_VERBS:
        return None
    lead = rng.choice(shipped().generated["infinitive_lead"])
    return f"{m['a']}. {lead} {m['v']}{m['rest']}"


#: Reporting verbs MT renders as a past-tense fragment lead ("Added that ...").
_REPORTING_PAST = {
    "adding": "Added", "stressing": "Stressed", "noting": "Noted", "calling": "Called",
    "urging": "Urged", "asking": "Asked", "announcing": "Announced", "warning": "Warned",
    "demanding": "Demanded", "insisting": "Insisted", "emphasizing": "Emphasized",
    "stating": "Stated", "claiming": "Claimed",
}


def _participle(m: regex.Match[str], rng: random.Random, realistic: bool) -> str | None:
    verb = m["v"]
    if verb in {"during", "including", "according", "following", "regarding", "nothing"}:
        return None
    if realistic:
        # The past form only for a reporting verb with its complement ("Added that ..."), as
        # MT writes it and as ``join_candidates`` can undo it; otherwise the participle stays.
        past = _REPORTING_PAST.get(verb)
        if past is None or rng.random() < 0.5 or not regex.match(r" (?:that|to|on|for) ",
                                                                  m["rest"]):
            return f"{m['a']}. {_cap(verb)}{m['rest']}"
        return f"{m['a']}. {past}{m['rest']}"
    if rng.random() < 0.5:
        return f"{m['a']}. {_cap(verb)}{m['rest']}"
    stem = verb[:-3]
    return f"{m['a']}. {_cap(stem + ('d' if stem.endswith('e') else 'ed'))}{m['rest']}"


def _relative(m: regex.Match[str], rng: random.Random, realistic: bool) -> str | None:
    del rng, realistic
    return f"{m['a']}. {_cap(m['w'])}{m['rest']}"


_PATTERNS = (
    ("split-inf-object", _INF_OBJ, _inf_object),
    ("split-inf", _INF, _inf),
    ("split-participle", _PARTICIPLE, _participle),
    ("split-relative", _RELATIVE, _relative),
)


def split_sentence(sentence: str, rng: random.Random, min_words: int = 4,
                   realistic: bool = False) -> SplitExample | None:
    """Split ``sentence`` the way MT does, or return None when no clause boundary fits.

    Both pieces keep at least ``min_words`` words; the first piece must not already end a
    sentence. The clean sentence is returned unchanged as the target. ``realistic`` (the
    synthetic benchmark and the model's training data) keeps to the splits MT makes: a fronted
    object only when it is plural ("Forces asked to withdraw"), a past-tense lead only for a
    reporting verb ("Added that"); without it any object noun is fronted and any participle may
    become a past form (the looser mix the shipped model was trained on). The patterns that fit
    are tried in random order: none is preferred.
    """
    text = sentence.strip()
    if not text or text[-1] not in ".!?\"”’'":
        return None
    order = list(_PATTERNS)
    rng.shuffle(order)  # no pattern is preferred: each that fits is equally likely first
    for kind, pattern, make in order:
        m = pattern.match(text)
        if m is None:
            continue
        a = m["a"]
        if _words(a) < min_words or _words(m["rest"]) < 1 or a[-1] in ".!?:;,":
            continue
        corrupted = make(m, rng, realistic)
        if corrupted is None:
            continue
        if _words(corrupted) - _words(a) < min_words - 1:
            continue
        return SplitExample(corrupted=corrupted, clean=text, kind=kind)
    return None


def truncate_left(example: SplitExample, rng: random.Random, keep_min: int = 6) -> SplitExample:
    """Drop a random number of leading words from both sides (the model sees windows)."""
    words = example.clean.split(" ")
    cwords = example.corrupted.split(" ")
    limit = min(len(words), len(cwords))
    shared = 0
    while shared < limit and words[shared] == cwords[shared]:
        shared += 1
    droppable = shared - keep_min
    if droppable <= 0:
        return example
    k = rng.randint(1, droppable)
    return SplitExample(
        corrupted=" ".join(cwords[k:]), clean=" ".join(words[k:]), kind=example.kind
    )
