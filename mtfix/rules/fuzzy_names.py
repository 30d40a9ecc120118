"""``kind: fuzzy-name``: misspelled names, found by a transliteration-aware comparison with the
names the entity tables know.

The table's entries are spelling equivalences of romanised Arabic, Persian, Pashto and
Turkish ("ph" = "f", "q" = "k" = "gh", vowels are one class, "c" = "j" in Turkish spellings,
the article's "l" assimilated before a sun letter ...). Each name form of every active entity
table (canonical, variants, aliases, short forms with two or more words) is reduced to a key
with them; so is every run of capitalised words in the document. A run whose key equals a
table form's key, and which is not itself a form the tables list, is a misspelling of that
name ("Siraceddin Hakani", "Emirhan Muttaki", "Ashraf Ghana").

It is fixed only when that is unambiguous: the key names one entity, the difference is more
than vowels (or the document itself writes a listed form and this spelling only once), and
the document does not use the spelling consistently (twice or more, with no listed form of
the same entity), in which case it may be an accepted variant the tables lack: it is flagged
with the proposal at a low confidence. The fix is the document's own listed form of the
entity, else its canonical form. A key one edit away from a long table key is flagged only.
Single words are never matched (a country "Ghana" is not "Ghani").

Entry fields: ``same`` (strings that spell one sound; all become the first), ``sources`` or a
``note``. Options: ``min_key`` (shortest key compared, default 8), ``near_key`` (shortest
key for one-edit matches, default 12).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext, cased_like, finditer
from mtfix.tables import FieldSpec, RuleTable

KIND = "fuzzy-name"
USES_TABLES = True

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "same": FieldSpec((list,), required=True),
    "followed_by": FieldSpec((str,)),
    "not_followed_by": FieldSpec((str,)),
    "kind": FieldSpec((str,)),
}
# what a difference in each kind of equivalence means: ``variant`` (an accepted spelling:
# never reported), ``vowel`` (likely a variant the tables lack: flagged only) or ``letter``
# (a wrong reading: fixed when unambiguous)
EQUIVALENCE_KINDS = ("variant", "vowel", "letter")

PARTICLE = r"(?:(?:al|el|ul|ud|ad|ar|as|at|az|an|ash|bin|ibn)[ \t\-]+)?"
RUN = regex.compile(r"(?<![\w\-'’])[A-Z][\w'’\-]*(?:[ \t]+" + PARTICLE + r"[A-Z][\w'’\-]*)+")
WORD = regex.compile(r"(?<![\w\-'’])[A-Z][\w'’]*(?![\w\-'’])")
SHORT_KEY = 6  # shortest key of a one-word reference that is compared
MAX_WORDS = 5  # the longest run of words compared with a name
FIX_CONFIDENCE = 0.85
FLAG_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Known:
    rule_id: str
    canonical: str
    forms: tuple[str, ...]
    short: str | None = None  # the one-word second reference ("Haqqani")
    person: bool = False

    @property
    def surnames(self) -> list[str]:
        """The short form and, for a person, the last word of every listed form, short form
        first (an organisation's last word is "Brigade" or "Party", no reference to it)."""
        out = [self.short] if self.short else []
        if self.person:
            out += [f.split()[-1] for f in self.forms if " " in f]
        return list(dict.fromkeys(w for w in out if w[:1].isupper()))


DOUBLES = regex.compile(r"(.)\1+")
NON_SPACE_RUN = regex.compile(r"\S+")


@lru_cache(maxsize=65536)
def _key(steps: tuple[tuple[regex.Pattern[str], str], ...], skip: int, text: str) -> str:
    s = text.casefold()
    for i, (pattern, rep) in enumerate(steps):
        if i != skip:
            s = pattern.sub(rep, s)
    return DOUBLES.sub(r"\1", s)


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1:] for i in range(len(key))}


@dataclass(frozen=True)
class Spelling:
    """The equivalences, applied in table order, each longest string first."""

    steps: tuple[tuple[regex.Pattern[str], str], ...]
    ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def key(self, text: str, skip: int = -1) -> str:
        return _key(self.steps, skip, text)

    def needed(self, a: str, b: str) -> list[int]:
        """The equivalences without which a and b no longer have one key."""
        return [i for i in range(len(self.ids)) if self.key(a, i) != self.key(b, i)]

    def difference(self, span: str, forms: Sequence[str]) -> tuple[str, str]:
        """How far ``span`` is from the nearest of ``forms`` with its key: the kind that
        matters most ("variant" < "vowel" < "letter") and the entry id to report."""
        key = self.key(span)
        best: tuple[int, int, str] = (len(EQUIVALENCE_KINDS), 0, self.ids[0])
        for form in forms:
            if self.key(form) != key:
                continue
            needed = self.needed(span, form)
            rank = max((EQUIVALENCE_KINDS.index(self.kinds[i]) for i in needed), default=0)
            blame = next((self.ids[i] for i in reversed(needed)
                          if EQUIVALENCE_KINDS.index(self.kinds[i]) == rank), self.ids[0])
            best = min(best, (rank, len(needed), blame))
        rank, _, blame = best
        return EQUIVALENCE_KINDS[min(rank, len(EQUIVALENCE_KINDS) - 1)], blame


def _step(path: str, label: str, item: Mapping[str, Any]) -> tuple[regex.Pattern[str], str]:
    same = item.get("same")
    if (not isinstance(same, list) or len(same) < 2 or not all(isinstance(x, str) for x in same)
            or not all(same[1:])):
        raise TableError(path, "needs a target and one or more non-empty strings", label, "same")
    alts = "|".join(regex.escape(x.casefold()) for x in sorted(same[1:], key=len, reverse=True))
    after = ""
    if item.get("followed_by"):
        after = f"(?=[{regex.escape(item['followed_by'])}])"
    elif item.get("not_followed_by"):
        after = f"(?![{regex.escape(item['not_followed_by'])}])"
    return regex.compile(f"(?:{alts}){after}"), same[0].casefold()


def _spelling(table: RuleTable) -> Spelling:
    steps, ids, kinds = [], [], []
    variants = table.options.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, Mapping) for v in variants):
        raise TableError(table.path, "must be a list of mappings with 'same'",
                         field="options.variants")
    for i, item in enumerate(variants):
        steps.append(_step(table.path, f"options.variants[{i}]", item))
        ids.append(f"{table.id}.variants")
        kinds.append("variant")
    for entry in table.entries:
        steps.append(_step(table.path, repr(entry["id"]), entry))
        kind = str(entry.get("kind", "letter"))
        if kind not in EQUIVALENCE_KINDS[1:]:
            raise TableError(table.path, "must be 'vowel' or 'letter'", repr(entry["id"]),
                             "kind")
        ids.append(table.entry_rule_id(entry))
        kinds.append(kind)
    if not table.entries:
        raise TableError(table.path, "needs at least one equivalence", field="entries")
    return Spelling(tuple(steps), tuple(ids), tuple(kinds))


def _forms(entry: Mapping[str, Any]) -> list[str]:
    out = [entry["canonical"], *(entry.get("variants") or []), *(entry.get("aliases") or [])]
    if entry.get("short"):
        out.append(entry["short"])
    return [f for f in out if isinstance(f, str) and len(f.split()) >= 2]


def _index(tables: Sequence[RuleTable], spelling: Spelling,
           min_key: int) -> tuple[dict[str, list[Known]], frozenset[str]]:
    index: dict[str, list[Known]] = {}
    listed: set[str] = set()
    for t in tables:
        if t.kind != "entity":
            continue
        for entry in t.entries:
            every = [entry["canonical"], *(entry.get("variants") or []),
                     *(entry.get("aliases") or []), *(entry.get("misspellings") or []),
                     *(entry.get("short_variants") or []),
                     *([entry["short"]] if entry.get("short") else [])]
            listed.update(every)
            short = entry.get("short")
            if not short and entry.get("type") == "person":
                short = entry["canonical"].split()[-1]  # the surname as a second reference
            known = Known(t.entry_rule_id(entry), entry["canonical"],
                          tuple(f for f in every if f not in (entry.get("misspellings") or [])),
                          short if isinstance(short, str) and " " not in short else None,
                          entry.get("type") == "person")
            for form in _forms(entry):
                key = spelling.key(form)
                if len(key) >= min_key and all(k.rule_id != known.rule_id
                                               for k in index.get(key, [])):
                    index.setdefault(key, []).append(known)
    return index, frozenset(listed)


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by exactly one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


class FuzzyNameRule:
    def __init__(self, table_id: str, spelling: Spelling, index: dict[str, list[Known]],
                 listed: frozenset[str], near_key: int) -> None:
        self.table_id = table_id
        self.spelling = spelling
        self.index = index
        self.listed = listed
        self.near_key = near_key
        self.by_rule = {k.rule_id: k for ks in index.values() for k in ks}
        # one-edit neighbours: every key and each of its one-letter deletions -> the keys
        self.near: dict[str, set[str]] = {}
        for key in index:
            if len(key) >= near_key - 1:
                for d in {key} | _deletions(key):
                    self.near.setdefault(d, set()).add(key)
        self.shorts: dict[str, list[Known]] = {}
        for known in self.by_rule.values():
            if known.short is not None and len(spelling.key(known.short)) >= SHORT_KEY:
                self.shorts.setdefault(spelling.key(known.short), []).append(known)

    def _lookup(self, key: str) -> tuple[list[Known], bool]:
        if key in self.index:
            return self.index[key], True
        if len(key) < self.near_key:
            return [], False
        near = {k for d in {key} | _deletions(key) for k in self.near.get(d, ())
                if _one_edit(key, k)}
        return [known for k in sorted(near) for known in self.index[k]], False

    def _candidates(self, ctx: RuleContext) -> Iterator[tuple[int, int, int, list[Known], bool]]:
        for seg in ctx.doc.segments:
            for m in finditer(RUN, seg.text, self.table_id, ctx.timeout):
                words = list(NON_SPACE_RUN.finditer(m.group(0)))
                taken_to = -1
                for i in range(len(words)):
                    for j in range(min(len(words), i + MAX_WORDS), i + 1, -1):
                        s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
                        if s < taken_to:
                            continue
                        span = seg.text[s:e]
                        if span in self.listed:  # a listed name: its words are no one else's
                            taken_to = e
                            break
                        found, exact = self._lookup(self.spelling.key(span))
                        if found and any(f in span for f in self.listed
                                         if len(f) > 3 and " " in f):
                            found = []
                        if found:
                            taken_to = e
                            yield seg.index, s, e, found, exact
                            break

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        hits = list(self._candidates(ctx))
        counts: dict[str, int] = {}
        for seg, s, e, _, _ in hits:
            text = ctx.doc.segments[seg].text[s:e]
            counts[text] = counts.get(text, 0) + 1
        present: dict[str, Known] = {}
        for seg_index, s, e, found, exact in hits:
            seg = ctx.doc.segments[seg_index]
            span = seg.text[s:e]
            entities = {k.rule_id: k for k in found}
            if len(entities) > 1:
                names = " or ".join(sorted(k.canonical for k in entities.values()))
                yield make_issue(seg, s, e, category="entity/spelling", severity=Severity.MINOR,
                                 rule_id=self.spelling.ids[-1],
                                 message=f"'{span}' looks like a misspelling of {names}",
                                 confidence=FLAG_CONFIDENCE)
                continue
            (known,) = entities.values()
            present[known.rule_id] = known
            yield from self._judge(ctx, seg, s, e, known, exact, counts[span] >= 2)
        yield from self._short_forms(ctx, present, [(h[0], h[1], h[2]) for h in hits])

    def _judge(self, ctx: RuleContext, seg: Segment, s: int, e: int, known: Known,
               exact: bool, repeated: bool, forms: Sequence[str] | None = None) -> Iterator[Issue]:
        span = seg.text[s:e]
        kind, blame = (self.spelling.difference(span, forms or known.forms) if exact
                       else ("near", self.spelling.ids[0]))
        if kind == "variant":
            return  # an accepted spelling of a listed form
        if forms is not None:
            key = self.spelling.key(span)
            own = next((f for f in forms if self.spelling.key(f) == key
                        and regex.search(rf"\b{regex.escape(f)}\b", ctx.text)), None)
        else:
            own = next((f for f in known.forms if " " in f and f in ctx.text), None)
        target = own or (forms[0] if forms else known.canonical)
        # a vowel difference is fixed only where the document itself writes the listed form
        # and this spelling once: the document is inconsistent, its own form wins
        sure = (kind == "letter" and not (own is None and repeated)) or (
            kind == "vowel" and own is not None and not repeated)
        why = "" if sure else " (flagged only: " + {
            "near": "the spelling is one letter further off)",
            "vowel": "only vowels differ; it may be a spelling the tables lack)",
        }.get(kind, "the document uses this spelling throughout; it may be an accepted "
              "variant)")
        yield make_issue(
            seg, s, e, category="entity/spelling", severity=Severity.MAJOR, rule_id=blame,
            message=f"'{span}' looks like a misspelling of {known.canonical}{why}",
            replacements=(cased_like(target, seg.text, s),),
            confidence=FIX_CONFIDENCE if sure else FLAG_CONFIDENCE)

    def _short_forms(self, ctx: RuleContext, present: dict[str, Known],
                     taken: list[tuple[int, int, int]]) -> Iterator[Issue]:
        """One-word references to an entity the document names (listed or misspelled)."""
        in_text: dict[str, bool] = {}  # rule id -> a listed full form is in the document

        def named(known: Known) -> bool:
            if known.rule_id not in present:
                if known.rule_id not in in_text:
                    in_text[known.rule_id] = any(" " in f and f in ctx.text for f in known.forms)
                if in_text[known.rule_id]:
                    present[known.rule_id] = known
            return known.rule_id in present

        taken_in: dict[int, list[tuple[int, int]]] = {}
        for i, a, b in taken:
            taken_in.setdefault(i, []).append((a, b))
        found = []
        for seg in ctx.doc.segments:
            for m in finditer(WORD, seg.text, self.table_id, ctx.timeout):
                word = m.group(0)
                if len(word) < SHORT_KEY or word in self.listed:
                    continue
                knowns = [k for k in self.shorts.get(self.spelling.key(word), ())
                          if word not in k.surnames and named(k)]
                if len(knowns) != 1 or any(a <= m.start() < b
                                           for a, b in taken_in.get(seg.index, ())):
                    continue
                found.append((seg, m.start(), m.end(), knowns[0]))
        counts: dict[str, int] = {}
        for seg, s, e, _ in found:
            counts[seg.text[s:e]] = counts.get(seg.text[s:e], 0) + 1
        for seg, s, e, known in found:
            yield from self._judge(ctx, seg, s, e, known, True, counts[seg.text[s:e]] >= 2,
                                   forms=known.surnames)


def build(table: RuleTable, tables: Sequence[RuleTable] = ()) -> FuzzyNameRule:
    min_key = int(table.options.get("min_key", 8))
    near_key = int(table.options.get("near_key", 12))
    spelling = _spelling(table)
    index, listed = _index(tables, spelling, min_key)
    return FuzzyNameRule(table.id, spelling, index, listed, near_key)


__all__ = ["KIND", "ENTRY_FIELDS", "USES_TABLES", "build"]
