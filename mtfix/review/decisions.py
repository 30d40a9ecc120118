"""The decisions file the review page exports, and applying it to the document.

Format (``"format": "mtfix-decisions", "version": 1``)::

    {"format": "mtfix-decisions", "version": 1, "mtfix": "0.1.0", "rules": "<digest>",
     "files": [{"path": "doc.txt", "sha256": "<of the input bytes>",
                "decisions": [{"id": "s0:111-134:entities-iraq.x", "segment": 0,
                               "start": 111, "end": 134, "old": "Muhammad ...",
                               "rule": "entities-iraq.x", "origin": "rule",
                               "proposed": "Mohammed ..." or null,
                               "action": "accept" | "reject" | "pending",
                               "replacement": "typed by the reviewer"  (optional),
                               "covers": ["<ids of rule items inside>"]  (optional)}]}]}

Offsets are ``str`` indices into the original segment. ``apply`` re-runs the rules on the
input and accepts a rule decision only when the same item (id, offsets, text, rule,
proposal) is found again, so decisions made on another input or other rules are refused,
never applied to the wrong text. Model proposals are not regenerated: their decision must
name text that is still there; one that spans rule edits ``covers`` them, and when it is
accepted the covered rule decisions are part of it. Only ``accept`` changes text;
``replacement`` overrides the proposal (and is how a flag without a fix gets one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from mtfix.document import Document, Edit, Issue, Severity
from mtfix.errors import UserError
from mtfix.pipeline import apply, resolve
from mtfix.review.items import ReviewItem

FORMAT = "mtfix-decisions"
VERSION = 1
ACTIONS = ("accept", "reject", "pending")
_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,), "segment": (int,), "start": (int,), "end": (int,), "old": (str,),
    "rule": (str,), "action": (str,),
}


@dataclass(frozen=True)
class Decision:
    id: str
    segment: int
    start: int
    end: int
    old: str
    rule: str
    origin: str
    proposed: str | None
    action: str
    replacement: str | None = None
    covers: tuple[str, ...] = ()

    @property
    def text(self) -> str | None:
        """What the span becomes when accepted."""
        return self.replacement if self.replacement is not None else self.proposed


@dataclass(frozen=True)
class Applied:
    fixed: Document
    edits: tuple[Edit, ...]
    accepted: int
    rejected: int
    pending: int
    typed: int


def _decision(raw: Any, where: str) -> Decision:
    if not isinstance(raw, Mapping):
        raise UserError(f"{where}: a decision must be an object")
    for key, types in _FIELDS.items():
        value = raw.get(key)
        if not isinstance(value, types) or isinstance(value, bool):
            raise UserError(f"{where}: field {key!r} missing or not a {types[0].__name__}")
    if raw["action"] not in ACTIONS:
        raise UserError(f"{where}: action {raw['action']!r} is not one of {', '.join(ACTIONS)}")
    for key in ("proposed", "replacement"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise UserError(f"{where}: field {key!r} must be a string or null")
    origin = raw.get("origin", "rule")
    if not isinstance(origin, str):
        raise UserError(f"{where}: field 'origin' must be a string")
    covers = raw.get("covers", [])
    if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers):
        raise UserError(f"{where}: field 'covers' must be a list of ids")
    return Decision(id=raw["id"], segment=raw["segment"], start=raw["start"], end=raw["end"],
                    old=raw["old"], rule=raw["rule"], origin=origin,
                    proposed=raw.get("proposed"), action=raw["action"],
                    replacement=raw.get("replacement"), covers=tuple(covers))


def _file_entry(data: Mapping[str, Any], path: str, source: str) -> Mapping[str, Any]:
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, Mapping) for f in files):
        raise UserError(f"{source}: 'files' must be a list of objects")
    exact = [f for f in files if f.get("path") == path]
    if not exact:
        name = PurePath(path).name
        exact = [f for f in files if PurePath(str(f.get("path", ""))).name == name]
    if len(exact) != 1:
        known = ", ".join(str(f.get("path")) for f in files) or "none"
        raise UserError(f"{source}: no decisions for {path} (the file has decisions for {known})")
    return exact[0]


def parse_decisions(data: Any, path: str, source: str, sha256: str) -> list[Decision]:
    """The decisions for input ``path`` (whose bytes hash to ``sha256``), validated."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise UserError(f"{source}: not an mtfix decisions file (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise UserError(f"{source}: decisions version {data.get('version')!r} is not {VERSION}")
    entry = _file_entry(data, path, source)
    if entry.get("sha256") != sha256:
        raise UserError(f"{source}: {path} changed since it was reviewed (sha256 differs); "
                        "review it again")
    raw = entry.get("decisions")
    if not isinstance(raw, list):
        raise UserError(f"{source}: 'decisions' for {path} must be a list")
    out = [_decision(d, f"{source}: decision {n + 1}") for n, d in enumerate(raw)]
    seen: set[str] = set()
    for d in out:
        if d.id in seen:
            raise UserError(f"{source}: decision {d.id!r} appears twice")
        seen.add(d.id)
    return out


def _check_known(d: Decision, items: Mapping[str, ReviewItem], doc: Document,
                 source: str) -> ReviewItem | None:
    """The item a decision names; a UserError when it is unknown or stale."""
    if d.origin == "model":
        segs = doc.segments
        if not (0 <= d.segment < len(segs) and 0 <= d.start <= d.end <= len(segs[d.segment].text)
                and segs[d.segment].text[d.start:d.end] == d.old):
            raise UserError(f"{source}: stale decision {d.id!r}: the text it names is not in the "
                            "input any more")
        return None
    item = items.get(d.id)
    if item is None:
        raise UserError(f"{source}: unknown decision {d.id!r}: the rules do not find this issue "
                        "in the input (other rules or options than at review?)")
    same = (item.segment, item.start, item.end, item.old, item.rule, item.proposed)
    if same != (d.segment, d.start, d.end, d.old, d.rule, d.proposed):
        raise UserError(f"{source}: stale decision {d.id!r}: the issue found now differs from "
                        "the one reviewed")
    return item


def _as_issue(d: Decision, item: ReviewItem | None, text: str) -> Issue:
    typed = d.replacement is not None and d.replacement != d.proposed
    reason = (item.message if item else f"model proposal ({d.rule})")
    return Issue(segment=d.segment, start=d.start, end=d.end, span=d.old,
                 category=item.category if item else "model",
                 severity=Severity.parse(item.severity) if item else Severity.MINOR,
                 rule_id=d.rule, message=reason + (" [replacement typed by the reviewer]"
                                                   if typed else " [accepted in review]"),
                 replacements=(text,), confidence=1.0,
                 drop_segment=bool(item and item.drop_segment and not typed),
                 origin="review" if typed else d.origin)


def apply_decisions(doc: Document, items: Sequence[ReviewItem], decisions: Sequence[Decision],
                    source: str) -> Applied:
    """Apply exactly the accepted decisions to ``doc`` with the pipeline's own apply."""
    by_id = {i.id: i for i in items if i.origin != "model"}
    # An accepted model edit that covers rule edits already carries their new text.
    subsumed = {c for d in decisions if d.action == "accept" for c in d.covers}
    accepted: list[Issue] = []
    typed = 0
    for d in decisions:
        item = _check_known(d, by_id, doc, source)
        if d.action != "accept":
            continue
        if d.id in subsumed and (d.replacement is None or d.replacement == d.proposed):
            continue
        if d.text is None:
            raise UserError(f"{source}: decision {d.id!r} accepts a flag without a replacement; "
                            "type one in the review page")
        typed += d.replacement is not None and d.replacement != d.proposed
        accepted.append(_as_issue(d, item, d.text))
    picked, left = resolve(accepted, threshold=0.0)
    if left:
        bad = left[0]
        clash = next((p for p in picked if p.segment == bad.segment and p.start <= bad.end
                      and bad.start <= p.end), picked[0])
        raise UserError(f"{source}: accepted edits overlap in segment {bad.segment + 1}: "
                        f"{clash.span!r} [{clash.rule_id}] and {bad.span!r} [{bad.rule_id}]; "
                        "reject one")
    fixed, edits = apply(doc, picked)
    count = {a: sum(d.action == a for d in decisions) for a in ACTIONS}
    return Applied(fixed=fixed, edits=tuple(edits), accepted=count["accept"],
                   rejected=count["reject"], pending=count["pending"], typed=typed)
