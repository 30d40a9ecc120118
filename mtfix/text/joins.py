"""Undo an MT sentence split: the joins the model's candidate builder scores.

MT from Persian, Dari and Pashto often ends a sentence before an infinitive or participial clause
and starts a subjectless fragment ("A called on B. Forces asked to withdraw from X."). The
corruptions of ``mtfix.synthetic.split`` make such splits for training; ``join_candidates`` is
their inverse, used on the fix path, so it lives here below both. The leads it undoes are those
of the fragment table (``mtfix.text.fragments``), the same the ``fragment`` rule flags.
"""

from __future__ import annotations

from functools import cache

import regex

from mtfix.text.fragments import shipped

_JOIN = regex.compile(r"(?P<a>\S)(?P<stop>[.!?])\s+(?P<frag>\p{Lu}[^.!?]*[.!?][\"”’']?)\s*$")


@cache
def _lead_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """(plural noun + passive lead, infinitive lead, relative lead) from the fragment table."""
    table = shipped()

    def alt(entry: str) -> str:
        return "|".join(regex.escape(x) for x in table.leads[entry])

    return (
        regex.compile(rf"^(?P<n>[A-Z][a-z-]+) (?:{alt('plural_noun_asked_to')}) to "
                      r"(?P<v>[a-z]+)(?P<rest>.*)$"),
        regex.compile(rf"^(?:{alt('infinitive_lead')}) (?P<v>[a-z]+)(?P<rest>.*)$"),
        regex.compile(rf"^(?P<w>{alt('relative_lead')})(?P<rest> [a-z].*)$"),
    )


_J_ING = regex.compile(r"^(?P<v>[A-Z][a-z]+ing)(?P<rest> .*)$")
_J_PAST = regex.compile(r"^(?P<v>[A-Z][a-z]+ed)(?P<rest> (?:that|to|on|for) .*)$")


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
    noun_lead, to_lead, relative = _lead_patterns()
    if (j := noun_lead.match(frag)) is not None:
        noun = j["n"].lower()
        for poss in ("its", "their", "the"):
            out.append(f"{head} to {j['v']} {poss} {noun}{j['rest']}")
    if (j := to_lead.match(frag)) is not None:
        out.append(f"{head} to {j['v']}{j['rest']}")
    if (j := _J_ING.match(frag)) is not None:
        out.append(f"{head}, {j['v'].lower()}{j['rest']}")
    if (j := _J_PAST.match(frag)) is not None:
        out.extend(f"{head}, {v.lower()}{j['rest']}" for v in _ing_from_past(j["v"]))
    if (j := relative.match(frag)) is not None:
        out.append(f"{head}, {j['w'].lower()}{j['rest']}")
        out.append(f"{head} {j['w'].lower()}{j['rest']}")
    return [c for c in dict.fromkeys(out) if c != text]
