"""Undo an MT sentence split: the joins the model's candidate builder scores.

MT from Persian, Dari and Pashto often ends a sentence before an infinitive or participial clause
and starts a subjectless fragment ("A called on B. Forces asked to withdraw from X."). The
corruptions of ``mtfix.synthetic.split`` make such splits for training; ``join_candidates`` is
their inverse, used on the fix path, so it lives here below both.
"""

from __future__ import annotations

import regex

_JOIN = regex.compile(r"(?P<a>\S)(?P<stop>[.!?])\s+(?P<frag>\p{Lu}[^.!?]*[.!?][\"”’']?)\s*$")
_J_NOUN_LEAD = regex.compile(
    r"^(?P<n>[A-Z][a-z-]+) (?:asked to|were asked to|are to|were to|was asked to) "
    r"(?P<v>[a-z]+)(?P<rest>.*)$"
)
_J_TO_LEAD = regex.compile(
    r"^(?:To|Asked to|In order to|Decided to|Wants to|It is to|Called to) "
    r"(?P<v>[a-z]+)(?P<rest>.*)$"
)
_J_ING = regex.compile(r"^(?P<v>[A-Z][a-z]+ing)(?P<rest> .*)$")
_J_PAST = regex.compile(r"^(?P<v>[A-Z][a-z]+ed)(?P<rest> (?:that|to|on|for) .*)$")
_J_REL = regex.compile(r"^(?P<w>Which|Who)(?P<rest> [a-z].*)$")


def _ing_from_past(past: str) -> list[str]:
    stem = past[:-2] if past.endswith("ed") else past
    return [stem + "ing", stem[:-1] + "ing" if stem.endswith("e") else stem + "eing"]


def join_candidates(text: str) -> list[str]:
    """Ways to undo an MT sentence split at the end of ``text`` (the inverse of the patterns
    ``split_sentence`` makes); the model scores them against the unchanged text."""
    m = _JOIN.search(text)
    if m is None:
        return []
    head = text[: m.start("stop")]
    frag = m["frag"]
    out: list[str] = []
    if (j := _J_NOUN_LEAD.match(frag)) is not None:
        noun = j["n"].lower()
        for poss in ("its", "their", "the"):
            out.append(f"{head} to {j['v']} {poss} {noun}{j['rest']}")
    if (j := _J_TO_LEAD.match(frag)) is not None:
        out.append(f"{head} to {j['v']}{j['rest']}")
    if (j := _J_ING.match(frag)) is not None:
        out.append(f"{head}, {j['v'].lower()}{j['rest']}")
    if (j := _J_PAST.match(frag)) is not None:
        out.extend(f"{head}, {v.lower()}{j['rest']}" for v in _ing_from_past(j["v"]))
    if (j := _J_REL.match(frag)) is not None:
        out.append(f"{head}, {j['w'].lower()}{j['rest']}")
        out.append(f"{head} {j['w'].lower()}{j['rest']}")
    return [c for c in dict.fromkeys(out) if c != text]
