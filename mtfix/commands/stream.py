"""The work of ``check`` and ``fix`` on a batch of documents, as pure functions.

``process_documents(parts, job)`` runs the pipeline on each document of a batch and returns
structured results with file-wide segment numbers; ``process_chunk(chunk, job)`` parses a
chunk of lines into documents, processes them and renders what the commands print or write
(fixed text, issue lines, JSON items, the edit log). Both depend on their arguments only: the
rules are loaded from ``job.rules`` once per process (:func:`rules_for`), so a worker process
(``--jobs``) or another engine can call them on any batch, in any order, and the results put
in input order are the single-process output byte for byte.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from mtfix.document import Document, Edit, FixResult, Issue
from mtfix.formats import drop_effect
from mtfix.formats.chunks import Chunk, Part, documents, write_part
from mtfix.pipeline import DEFAULT_THRESHOLD, FixSettings, ModelStage, check, fix
from mtfix.rules import RuleSet


@dataclass(frozen=True)
class RuleSettings:
    """What ``--rules``, ``--disable``, ``--regex-timeout`` and ``--keep-boilerplate`` say."""

    paths: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    timeout: float = 1.0
    keep_boilerplate: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> RuleSettings:
        return cls(paths=tuple(args.rules), disabled=tuple(args.disable),
                   timeout=args.regex_timeout,
                   keep_boilerplate=bool(getattr(args, "keep_boilerplate", False)))


@dataclass(frozen=True)
class Job:
    """What to do with each document: ``mode`` check or fix, and what to render.

    ``render``: ``text`` (check's issue lines), ``json`` (check's issue objects), ``log``
    (fix's edit log as JSON items), ``summary`` (fix's edit log lines for stderr), ``issues``
    (keep the issues themselves, with file-wide segment numbers)."""

    mode: str = "check"
    rules: RuleSettings = field(default_factory=RuleSettings)
    threshold: float = DEFAULT_THRESHOLD
    render: frozenset[str] = frozenset()
    published: date | None = None  # --date: every document's publication date


@dataclass(frozen=True)
class PartResult:
    """One document's outcome; ``issues`` and ``fixed`` number segments within the document
    (``part.base`` is the file-wide number of its first segment)."""

    part: Part
    issues: tuple[Issue, ...]
    fixed: FixResult | None = None


@dataclass(frozen=True)
class ChunkResult:
    """A chunk's outcome, rendered; lists hold one string per issue, edit or line."""

    segments: int
    nbytes: int
    text: str = ""
    issue_lines: tuple[str, ...] = ()
    issue_items: tuple[str, ...] = ()
    edit_items: tuple[str, ...] = ()
    unapplied_items: tuple[str, ...] = ()
    edit_lines: tuple[str, ...] = ()
    unapplied_lines: tuple[str, ...] = ()
    edits: int = 0
    worst: int = 0
    issues: tuple[Issue, ...] = ()


@lru_cache(maxsize=4)
def rules_for(settings: RuleSettings) -> RuleSet:
    """The rules ``settings`` name, loaded once per process."""
    from mtfix.commands.common import rules_from_args

    return rules_from_args(argparse.Namespace(
        rules=list(settings.paths), disable=list(settings.disabled),
        regex_timeout=settings.timeout, keep_boilerplate=settings.keep_boilerplate))


def process_documents(parts: Sequence[Part], job: Job,
                      model: ModelStage | None = None) -> list[PartResult]:
    """Check or fix each document on its own (the model, if given, after the rules)."""
    rules = rules_for(job.rules)
    out = []
    for part in parts:
        if job.published is not None:
            part = replace(part, doc=part.doc.with_published(job.published))
        if job.mode == "fix":
            result = fix(part.doc, rules, FixSettings(threshold=job.threshold), model=model)
            out.append(PartResult(part=part, issues=result.issues, fixed=result))
        else:
            out.append(PartResult(part=part, issues=check(part.doc, rules)))
    return out


def process_chunk(chunk: Chunk, job: Job, model: ModelStage | None = None) -> ChunkResult:
    """Parse, process and render one chunk (see the module's docstring)."""
    results = process_documents(documents(chunk), job, model)
    if job.mode == "fix":
        return _render_fix(chunk, results, job)
    return _render_check(chunk, results, job)


def globalised(issue: Issue, base: int) -> Issue:
    return replace(issue, segment=base + issue.segment) if base else issue


def issue_item(issue: Issue, doc: Document, base: int) -> dict:
    """``Issue.to_dict`` with the file-wide segment number."""
    item = issue.to_dict(doc)
    item["segment"] = base + issue.segment
    return item


def issue_line(path: str, fmt: str, issue: Issue) -> str:
    """check's line for an issue (file-wide segment number)."""
    where = f"{issue.segment + 1}:{issue.start + 1}" if fmt == "text" \
        else f"seg {issue.segment + 1}:{issue.start + 1}"
    fix_hint = f" -> {issue.replacements[0]!r}" if issue.replacements else ""
    return (f"{path}:{where}: {issue.severity.label} {issue.category} "
            f"[{issue.rule_id}] {issue.span!r}{fix_hint}: {issue.message}")


def edit_line(edit: Edit, fmt: str) -> str:
    """fix's edit-log line for an applied edit (file-wide segment number)."""
    new = f"({drop_effect(fmt)})" if edit.drop_segment else repr(edit.new)
    return (f"  {edit.segment + 1}:{edit.start + 1} {edit.old!r} -> {new} "
            f"[{edit.rule_id}, {edit.origin}, p={edit.confidence:.2f}]")


def unapplied_line(issue: Issue) -> str:
    """fix's edit-log line for an issue reported but not applied."""
    fix_hint = f" (suggest {issue.replacements[0]!r}, p={issue.confidence:.2f})" \
        if issue.replacements else ""
    return (f"  ? {issue.segment + 1}:{issue.start + 1} {issue.span!r} "
            f"{issue.severity.label} {issue.category} [{issue.rule_id}]{fix_hint}")


def json_item(obj: object, indent: int) -> str:
    """``obj`` as ``json.dumps(..., indent=1)`` writes it ``indent`` levels deep."""
    text = json.dumps(obj, ensure_ascii=False, indent=1)
    return "\n".join(" " * indent + line for line in text.split("\n"))


def _render_check(chunk: Chunk, results: list[PartResult], job: Job) -> ChunkResult:
    lines, items, kept = [], [], []
    worst = 0
    for r in results:
        for issue in r.issues:
            worst = max(worst, int(issue.severity))
            wide = globalised(issue, r.part.base)
            if "text" in job.render:
                lines.append(issue_line(chunk.path, r.part.doc.format, wide))
            if "json" in job.render:
                items.append(json_item(issue_item(issue, r.part.doc, r.part.base), 4))
            if "issues" in job.render:
                kept.append(wide)
    return ChunkResult(segments=sum(len(r.part.doc.segments) for r in results),
                       nbytes=chunk.nbytes, issue_lines=tuple(lines), issue_items=tuple(items),
                       worst=worst, issues=tuple(kept))


def _render_fix(chunk: Chunk, results: list[PartResult], job: Job) -> ChunkResult:
    text = [chunk.header] if chunk.header is not None and chunk.first_line == 2 else []
    edit_items, unapplied_items, edit_lines, unapplied_lines = [], [], [], []
    worst = edits = 0
    for r in results:
        fixed = r.fixed
        assert fixed is not None
        base, doc = r.part.base, r.part.doc
        text.append(write_part(fixed.fixed, fixed.edits))
        edits += len(fixed.edits)
        for e in fixed.edits:
            wide = replace(e, segment=base + e.segment)
            if "log" in job.render:
                edit_items.append(json_item(wide.to_dict(), 2))
            if "summary" in job.render:
                edit_lines.append(edit_line(wide, doc.format))
        for i in fixed.unapplied:
            worst = max(worst, int(i.severity))
            if "log" in job.render:
                unapplied_items.append(json_item(issue_item(i, doc, base), 2))
            if "summary" in job.render:
                unapplied_lines.append(unapplied_line(globalised(i, base)))
    return ChunkResult(segments=sum(len(r.part.doc.segments) for r in results),
                       nbytes=chunk.nbytes, text="".join(text), edit_items=tuple(edit_items),
                       unapplied_items=tuple(unapplied_items), edit_lines=tuple(edit_lines),
                       unapplied_lines=tuple(unapplied_lines), edits=edits, worst=worst)
