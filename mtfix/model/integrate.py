"""The pipeline seam: which sentences the model sees, and how its output becomes Issues.

``ModelCorrector(proposer, settings)`` is a ``pipeline.ModelStage``: called with the rule-fixed
document and the issues the rules left open, it

1. selects units (a sentence, or the tail of a sentence plus the fragment MT split off it) from
   segments with open issues, from fragment heuristics, and from a cheap quality estimate (the
   model's log-probability of copying the sentence unchanged, one forced-decoding pass);
2. runs the model on the selected units only;
3. diffs output against input at word level into minimal Issues (origin "model");
4. guards them: numbers and capitalised names kept, no new names, bounded edit size, and a
   confidence from the model's preference for its edit over the unchanged text. An edit that
   fails a guard is still returned, with its confidence capped below the apply threshold, so it
   is reported as a suggestion.

``ModelCorrector.run`` also returns ``ModelStats`` (segments and units sent, timings) for the
"share sent" and cost figures.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from mtfix.document import Document, Issue, Severity, make_issue
from mtfix.model.backend import Proposal, Proposer
from mtfix.pipeline import open_for_model
from mtfix.text.fragments import is_fragment
from mtfix.text.joins import join_candidates
from mtfix.text.sentences import Hunk, Span, apply_hunks, diff_words, left_window
from mtfix.text.sentences import sentences as split_sentences

CALIBRATION_FILE = "mtfix_calibration.json"
#: The category of the ``fragment`` rules' flags (and of the model's joins).
SPLIT_CATEGORY = "fluency/sentence-split"
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
_CAPWORD = regex.compile(r"\b\p{Lu}[\p{L}\p{M}'’-]*")
_SENT_END = regex.compile(r"[.!?…][\"”’')\]]*\s*$")


@dataclass(frozen=True)
class ModelSettings:
    """Gating, guards and calibration. ``margin_at_threshold`` is set per model (calibration)."""

    #: The resolver's apply threshold (pipeline.DEFAULT_THRESHOLD).
    apply_threshold: float = 0.8
    #: log P(edit) - log P(copy), in nats, that maps to ``apply_threshold``. None: free
    #: generation is off (calibration found no margin that helps): it is never run.
    margin_at_threshold: float | None = 3.0
    #: The same for joining a split-off fragment (template candidates scored by the model).
    #: None: joins are off, fragments are not sent.
    fragment_margin_at_threshold: float | None = 2.0
    #: Confidence given to edits that fail a guard (always below ``apply_threshold``).
    suggestion_cap: float = 0.5
    max_change_ratio: float = 0.3
    #: Outputs that change more than this share of a unit, or that the model itself likes less
    #: than the unchanged text, are dropped (not even suggested): they are noise, not fixes.
    drop_change_ratio: float = 0.6
    max_unit_words: int = 48
    window_words: int = 14
    #: Send a sentence when its mean copy log-prob per token is below this (None: QE off).
    #: Only used when free generation is on.
    qe_threshold: float | None = -0.35
    send_flagged: bool = True
    send_fragments: bool = True

    @classmethod
    def for_model(cls, model_dir: str | Path | None, **overrides: object) -> ModelSettings:
        """Settings with the calibration stored beside a model (``mtfix_calibration.json``)."""
        values: dict[str, object] = {}
        if model_dir is not None:
            path = Path(model_dir) / CALIBRATION_FILE
            if path.is_file():
                data = json.loads(path.read_text(encoding="utf-8"))
                values.update({k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Unit:
    """A slice of one segment that the model may see."""

    segment: int
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Candidate:
    """One word-level hunk of a model output, before it becomes an Issue."""

    unit: Unit
    hunk: Hunk
    margin: float
    failures: tuple[str, ...]


@dataclass(frozen=True)
class ModelStats:
    segments_total: int = 0
    segments_sent: int = 0
    units_total: int = 0
    units_sent: int = 0
    sent_by: dict[str, int] = field(default_factory=dict)
    changed: int = 0
    issues: int = 0
    applicable: int = 0
    qe_seconds: float = 0.0
    generate_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.qe_seconds + self.generate_seconds

    @property
    def sentences_per_s(self) -> float:
        """Units the model worked on per second of model time (0.0 when none was sent)."""
        return self.units_sent / self.seconds if self.units_sent and self.seconds else 0.0

    @property
    def share_sent(self) -> float:
        return self.units_sent / self.units_total if self.units_total else 0.0


@dataclass(frozen=True)
class ModelRun:
    issues: tuple[Issue, ...]
    stats: ModelStats
    proposals: tuple[tuple[Unit, Proposal], ...] = ()


def candidate_units(
    doc: Document, settings: ModelSettings, flagged: frozenset[tuple[int, int]] = frozenset()
) -> tuple[list[Unit], list[Unit]]:
    """(plain sentence units, fragment units) of every segment. A sentence is a fragment when
    the model's own heuristic says so or when a rule flagged it (``flagged``: (segment, start)
    of sentences the ``fragment`` rules marked)."""
    plain: list[Unit] = []
    fragments: list[Unit] = []
    for seg in doc.segments:
        if seg.dropped:  # a line the rules removed (boilerplate): nothing to correct
            continue
        spans = split_sentences(seg.text)
        for k, sp in enumerate(spans):
            text = seg.text[sp.start : sp.end]
            split = (seg.index, sp.start) in flagged or is_fragment(text)
            # a list marker ("1.", "a.") before the "fragment" is not a sentence MT split off
            if settings.send_fragments and k > 0 and split and _is_sentence(seg.text, spans[k - 1]):
                prev = spans[k - 1]
                start = left_window(seg.text, Span(prev.start, prev.end), settings.window_words)
                fragments.append(
                    Unit(seg.index, start, sp.end, seg.text[start : sp.end], "fragment")
                )
                continue
            if 3 <= len(text.split()) <= settings.max_unit_words:
                plain.append(Unit(seg.index, sp.start, sp.end, text, "sentence"))
    return plain, fragments


def _is_sentence(text: str, span: Span) -> bool:
    """At least three words: a split's first half, not a list marker or a heading number."""
    return len(text[span.start : span.end].split()) >= 3


def _numbers(text: str) -> Counter[str]:
    return Counter(m.group().replace(",", "") for m in _NUMBER.finditer(text))


def _names(text: str) -> set[str]:
    """Capitalised words that are not sentence starts (likely names)."""
    out = set()
    for m in _CAPWORD.finditer(text):
        before = text[: m.start()]
        if not before.strip() or _SENT_END.search(before) or before.rstrip().endswith(("“", '"')):
            continue
        out.add(m.group().rstrip("'’-"))
    return out


def guard_failures(unit_text: str, hunk: Hunk, settings: ModelSettings) -> list[str]:
    """Reasons this hunk is not safe to apply automatically (empty list: it passes)."""
    old = unit_text[hunk.start : hunk.end]
    reasons = []
    if _numbers(old) != _numbers(hunk.new):
        reasons.append("numbers changed")
    after = apply_hunks(unit_text, [hunk])
    lost = {n for n in _names(unit_text) if n.lower() not in after.lower()}
    if lost:
        reasons.append("names dropped: " + ", ".join(sorted(lost)))
    known = unit_text.lower()
    new_names = {n for n in _names(after) if n.lower() not in known}
    if new_names:
        reasons.append("new names: " + ", ".join(sorted(new_names)))
    if max(len(old), len(hunk.new)) > settings.max_change_ratio * max(1, len(unit_text)):
        reasons.append("edit too large")
    if "<unk>" in hunk.new or "\ufffd" in hunk.new:
        reasons.append("unknown token")
    return reasons


def _change_ratio(old: str, new: str) -> float:
    total = sum(max(h.end - h.start, len(h.new)) for h in diff_words(old, new))
    return total / max(1, len(old))


def margin_confidence(
    margin: float, settings: ModelSettings, at_threshold: float | None = None
) -> float:
    """Logistic in the margin, equal to ``apply_threshold`` at ``margin_at_threshold``; 0.0
    when that margin is None (calibrated off: never applied)."""
    p = settings.apply_threshold
    shift = math.log(p / (1 - p))
    m0 = settings.margin_at_threshold if at_threshold is None else at_threshold
    if m0 is None:
        return 0.0
    x = margin - m0 + shift
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def _category(old: str, new: str) -> tuple[str, Severity]:
    if regex.search(r"[.!?]\s+\p{Lu}", old) and not regex.search(r"[.!?]\s+\p{Lu}", new):
        return SPLIT_CATEGORY, Severity.MAJOR
    if regex.sub(r"[\p{P}\s]", "", old) != regex.sub(r"[\p{P}\s]", "", new):
        return "fluency/grammar", Severity.MINOR
    return "fluency/punctuation", Severity.MINOR


@dataclass(frozen=True)
class ModelCorrector:
    """``pipeline.ModelStage`` backed by a Proposer."""

    proposer: Proposer
    settings: ModelSettings = ModelSettings()

    def __call__(self, doc: Document, open_issues: Sequence[Issue]) -> list[Issue]:
        return list(self.run(doc, open_issues).issues)

    @property
    def generates(self) -> bool:
        """Whether free generation is on (calibrated to a margin, not to "never")."""
        return self.settings.margin_at_threshold is not None

    def select(
        self, doc: Document, open_issues: Sequence[Issue]
    ) -> tuple[list[Unit], list[Unit], float]:
        """(all units, units to send, QE seconds). With free generation off only fragments
        that a template can join are sent; nothing else is scored, not even for QE."""
        s = self.settings
        split_flags = frozenset((i.segment, i.start) for i in open_issues
                                if i.category == SPLIT_CATEGORY and i.origin == "rule")
        plain, fragments = candidate_units(doc, s, split_flags)
        send: list[Unit] = []
        if s.fragment_margin_at_threshold is not None:
            send = [u for u in fragments if self.generates or join_candidates(u.text)]
        if not self.generates:
            return plain + fragments, send, 0.0
        flagged = {i.segment for i in open_issues} if s.send_flagged else set()
        rest: list[Unit] = []
        for u in plain:
            if u.segment in flagged:
                send.append(Unit(u.segment, u.start, u.end, u.text, "flagged"))
            else:
                rest.append(u)
        qe_s = 0.0
        if s.qe_threshold is not None and rest:
            t0 = time.perf_counter()
            scores = self.proposer.copy_scores([u.text for u in rest])
            qe_s = time.perf_counter() - t0
            for u, (lp, n) in zip(rest, scores, strict=True):
                if lp / max(1, n) < s.qe_threshold:
                    send.append(Unit(u.segment, u.start, u.end, u.text, "qe"))
        return plain + fragments, send, qe_s

    def _propose(self, texts: list[str]) -> list[Proposal]:
        """The model's own output when free generation is on; else the unchanged text with its
        copy score (one forced-decoding pass), for ``rerank_fragments`` to compare joins with."""
        if not texts:
            return []
        if self.generates:
            return self.proposer.propose(texts)
        copies = self.proposer.copy_scores(texts)
        return [Proposal(t, t, lp, lp, n, n) for t, (lp, n) in zip(texts, copies, strict=True)]

    def run(self, doc: Document, open_issues: Sequence[Issue] = ()) -> ModelRun:
        s = self.settings
        units, send, qe_s = self.select(doc, open_issues)
        t0 = time.perf_counter()
        proposals = self.rerank_fragments(send, self._propose([u.text for u in send]))
        gen_s = time.perf_counter() - t0
        issues: list[Issue] = []
        changed = 0
        for unit, prop in zip(send, proposals, strict=True):
            if not prop.changed:
                continue
            changed += 1
            issues.extend(self._issues(doc, unit, prop))
        stats = ModelStats(
            segments_total=len(doc.segments),
            segments_sent=len({u.segment for u in send}),
            units_total=len(units),
            units_sent=len(send),
            sent_by=dict(Counter(u.reason for u in send)),
            changed=changed,
            issues=len(issues),
            applicable=sum(i.confidence >= s.apply_threshold for i in issues),
            qe_seconds=qe_s,
            generate_seconds=gen_s,
        )
        return ModelRun(tuple(issues), stats, tuple(zip(send, proposals, strict=True)))

    def rerank_fragments(self, units: list[Unit], props: list[Proposal]) -> list[Proposal]:
        """For split fragments, let the model also score the template joins. The model's own
        output is kept only when it is a small edit that the model likes better."""
        out = list(props)
        jobs = [(k, c) for k, u in enumerate(units) if u.reason == "fragment"
                for c in join_candidates(u.text)]
        if not jobs:
            return out
        scored = self.proposer.score([units[k].text for k, _ in jobs], [c for _, c in jobs])
        best: dict[int, tuple[str, float, int]] = {}
        for (k, cand), (lp, n) in zip(jobs, scored, strict=True):
            if k not in best or lp > best[k][1]:
                best[k] = (cand, lp, n)
        limit = self.settings.max_change_ratio
        for k, (cand, lp, n) in best.items():
            p = out[k]
            own_ok = p.changed and _change_ratio(p.source, p.text) <= limit and p.logprob >= lp
            if not own_ok:
                out[k] = Proposal(p.source, cand, lp, p.copy_logprob, n, p.copy_tokens)
        return out

    def candidates(self, unit: Unit, prop: Proposal) -> list[Candidate]:
        """The model's edit for one unit as word-level hunks, each with margin and guard results."""
        s = self.settings
        hunks = diff_words(unit.text, prop.text)
        if not hunks or prop.margin <= 0:
            return []
        if len(hunks) > 1:
            partial = [apply_hunks(unit.text, [h]) for h in hunks]
            scored = self.proposer.score([unit.text] * len(hunks), partial)
            margins = [lp - prop.copy_logprob for lp, _ in scored]
        else:
            margins = [prop.margin] * len(hunks)
        total = sum(max(h.end - h.start, len(h.new)) for h in hunks)
        if total > s.drop_change_ratio * max(1, len(unit.text)):
            return []
        too_much = total > s.max_change_ratio * max(1, len(unit.text))
        out = []
        for hunk, margin in zip(hunks, margins, strict=True):
            fails = guard_failures(unit.text, hunk, s)
            if too_much:
                fails.append("sentence rewritten too much")
            out.append(Candidate(unit, hunk, margin, tuple(fails)))
        return out

    def to_issue(self, doc: Document, cand: Candidate) -> Issue:
        s = self.settings
        unit, hunk = cand.unit, cand.hunk
        m0 = s.fragment_margin_at_threshold if unit.reason == "fragment" else None
        conf = margin_confidence(cand.margin, s, m0)
        if cand.failures:
            conf = min(conf, s.suggestion_cap)
        old = unit.text[hunk.start : hunk.end]
        category, severity = _category(old, hunk.new)
        note = f"model edit (margin {cand.margin:.1f} nats, sent for {unit.reason})"
        if cand.failures:
            note += "; not applied: " + "; ".join(cand.failures)
        return make_issue(
            doc.segments[unit.segment],
            unit.start + hunk.start,
            unit.start + hunk.end,
            category=category,
            severity=severity,
            rule_id="model.seq2seq",
            message=note,
            replacements=(hunk.new,),
            confidence=conf,
            origin="model",
        )

    def _issues(self, doc: Document, unit: Unit, prop: Proposal) -> list[Issue]:
        return [self.to_issue(doc, c) for c in self.candidates(unit, prop)]


def model_issues(
    doc: Document,
    rule_issues: Sequence[Issue],
    proposer: Proposer,
    settings: ModelSettings | None = None,
) -> ModelRun:
    """Functional form of ``ModelCorrector(proposer, settings).run(doc, open issues)``."""
    corrector = ModelCorrector(proposer, settings or ModelSettings())
    return corrector.run(doc, open_for_model(rule_issues))


def load_corrector(
    path: str | Path | None = None, threads: int | None = None, **overrides: object
) -> ModelCorrector:
    """Load a local checkpoint (default: the shipped model) with its calibration."""
    from mtfix.model import DEFAULT_MODEL_DIR
    from mtfix.model.backend import TransformersProposer

    model_dir = Path(path) if path is not None else DEFAULT_MODEL_DIR
    proposer = TransformersProposer.load(model_dir, threads=threads)
    return ModelCorrector(proposer, ModelSettings.for_model(model_dir, **overrides))
