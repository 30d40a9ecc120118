"""``kind: boilerplate``: web-page lines (or line ends) that are not part of the story.

Entry fields, exactly one of:

- ``line``: a regex the whole segment, stripped, must match (case-insensitive); the fix removes
  the whole segment (in plain text, with its line ending);
- ``inline``: a regex for debris inside a line (an agency end-code after the last sentence, a
  crawl-metadata prefix); the fix deletes the match and the spaces before it.

Guards for ``line`` entries: ``max_words`` (the line has at most this many words),
``unquoted`` (true: the line holds no quotation mark, so a prompt's wording quoted in a story
is left alone), ``unless`` (a regex that, found anywhere in the line, makes it story text: a
reporting verb), ``headline_after`` (true: the next non-blank segment is the linked article's
headline and goes too, when it looks like one: no sentence-final full stop and at most
``max_headline_words``). ``prompt: true`` marks a line the site speaks to its reader with
(donations, follow, share): lines between two such prompts are chrome too; ``list_header: true``
marks the header of a related or latest-news list, whose items may follow to the end of the
page (see :mod:`mtfix.rules.page_structure`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules.base import RuleContext, finditer, search
from mtfix.rules.prefilter import Keywords, keywords_for
from mtfix.tables import FieldSpec, RuleTable, compile_pattern

KIND = "boilerplate"

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "line": FieldSpec((str,), regex=True),
    "inline": FieldSpec((str,), regex=True),
    "headline_after": FieldSpec((bool,)),
    "max_headline_words": FieldSpec((int,)),
    "max_words": FieldSpec((int,)),
    "unquoted": FieldSpec((bool,)),
    "prompt": FieldSpec((bool,)),
    "list_header": FieldSpec((bool,)),
    "unless": FieldSpec((str,), regex=True),
}

HEADLINE_END = regex.compile(r"[.!?…][\"”’')\]]*\Z")
QUOTE_MARKS = regex.compile(r"[\"“”«»„]")


@dataclass(frozen=True)
class BoilerplateLine:
    rule_id: str
    line: regex.Pattern[str] | None
    inline: regex.Pattern[str] | None
    headline_after: bool
    max_headline_words: int
    max_words: int
    unquoted: bool
    prompt: bool
    list_header: bool
    unless: regex.Pattern[str] | None
    severity: Severity
    category: str
    message: str
    confidence: float

    def matches_line(self, stripped: str, ctx: RuleContext, words: int) -> bool:
        """``words``: how many words ``stripped`` has (counted once for every entry)."""
        if self.line is None or words > self.max_words:
            return False
        if self.unquoted and QUOTE_MARKS.search(stripped):
            return False
        if self.unless is not None and search(self.unless, stripped, self.rule_id,
                                              ctx.timeout) is not None:
            return False
        return search(self.line, stripped, self.rule_id, ctx.timeout) is not None


def looks_like_headline(text: str, max_words: int) -> bool:
    stripped = text.strip()
    words = stripped.split()
    return 2 <= len(words) <= max_words and HEADLINE_END.search(stripped) is None


def drop_issue(segment: Segment, rule_id: str, category: str, severity: Severity,
               message: str, confidence: float) -> Issue:
    """An issue whose fix removes ``segment`` whole."""
    return make_issue(segment, 0, len(segment.text), category=category, severity=severity,
                      rule_id=rule_id, message=message, replacements=("",),
                      confidence=confidence, drop_segment=True)


def _translates_source(segment: Segment) -> bool:
    """Whether the segment's source carries about as much text as the segment: then the line
    translates a source sentence (content, kept) rather than debris the target page added."""
    letters = sum(ch.isalpha() for ch in segment.text)
    return sum(ch.isalpha() for ch in segment.source or "") >= max(1, letters // 2)


def _whole(segment: Segment, line: BoilerplateLine, message: str) -> Issue:
    if _translates_source(segment):
        # a segment aligned with a source sentence translates it: dropping it would drop
        # content and break the alignment, so it is reported, not removed
        return make_issue(segment, 0, len(segment.text), category=line.category,
                          severity=line.severity, rule_id=line.rule_id,
                          message=message + " (reported only: the segment translates its "
                          "source)", confidence=line.confidence)
    return drop_issue(segment, line.rule_id, line.category, line.severity, message,
                      line.confidence)


def _inline_issues(seg: Segment, line: BoilerplateLine, ctx: RuleContext) -> Iterator[Issue]:
    assert line.inline is not None
    for m in finditer(line.inline, seg.text, line.rule_id, ctx.timeout):
        start, end = m.span()
        if start == end or not seg.text[start:end].strip():
            continue
        while start > 0 and seg.text[start - 1] in " \t":
            start -= 1
        if start == 0 and end == len(seg.text):
            continue  # the whole line: ``line`` entries say so
        span = seg.text[start:end].strip()
        yield make_issue(seg, start, end, category=line.category, severity=line.severity,
                         rule_id=line.rule_id, message=line.message.format(span=span),
                         replacements=("",), confidence=line.confidence)


@dataclass(frozen=True)
class BoilerplateRule:
    table_id: str
    lines: Sequence[BoilerplateLine]

    def keyword_sets(self) -> tuple[Keywords, ...]:
        """For the prefilter: the literals each entry's ``line`` or ``inline`` pattern needs."""
        return tuple(keywords_for((), line.line or line.inline) for line in self.lines)

    def line_hits(self, ctx: RuleContext) -> dict[int, BoilerplateLine]:
        """Segment index -> the first ``line`` entry that matches the whole segment (kept for
        the run: page-structure reads them too)."""
        key = f"{KIND}:{self.table_id}"
        if key in ctx.cache:
            return dict(ctx.cache[key])
        hits: dict[int, BoilerplateLine] = {}
        lines = self.lines
        for seg in ctx.doc.segments:
            stripped = seg.text.strip()
            if not stripped:
                continue
            found = ctx.candidates(self.table_id, seg)
            words = len(stripped.split())
            for line in (lines if found is None else (lines[i] for i in found)):
                if line.matches_line(stripped, ctx, words):
                    hits[seg.index] = line
                    break
        ctx.cache[key] = dict(hits)
        return hits

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        segments = ctx.doc.segments
        hits = self.line_hits(ctx)
        for seg in segments:
            stripped = seg.text.strip()
            line = hits.get(seg.index)
            if line is None:
                found = ctx.candidates(self.table_id, seg) if stripped else ()
                for entry in (self.lines if found is None
                              else (self.lines[i] for i in found)):
                    if entry.inline is not None and stripped:
                        yield from _inline_issues(seg, entry, ctx)
                continue
            yield _whole(seg, line, line.message.format(span=stripped))
            if line.headline_after:
                following = next((s for s in segments[seg.index + 1:] if s.text.strip()), None)
                if following is not None and looks_like_headline(
                        following.text, line.max_headline_words):
                    yield _whole(following, line,
                                 "headline of a linked article after "
                                 f"'{stripped}', not part of this story")


def build(table: RuleTable) -> BoilerplateRule:
    lines = []
    for entry in table.entries:
        label = repr(entry["id"])
        if ("line" in entry) == ("inline" in entry):
            raise TableError(table.path, "needs exactly one of 'line' or 'inline'", label, "line")
        line = inline = None
        if "line" in entry:
            line = compile_pattern(f"\\A(?:{entry['line']})\\Z", table.path, label, "line", True)
        else:
            inline = compile_pattern(entry["inline"], table.path, label, "inline")
        lines.append(BoilerplateLine(
            rule_id=table.entry_rule_id(entry), line=line, inline=inline,
            headline_after=bool(entry.get("headline_after", False)),
            max_headline_words=int(entry.get("max_headline_words", 25)),
            max_words=int(entry.get("max_words", 1000)),
            unquoted=bool(entry.get("unquoted", False)),
            prompt=bool(entry.get("prompt", False)),
            list_header=bool(entry.get("list_header", False)),
            unless=(compile_pattern(entry["unless"], table.path, label, "unless", True)
                    if "unless" in entry else None),
            severity=table.entry_severity(entry), category=table.entry_category(entry),
            message=table.entry_message(entry), confidence=table.entry_confidence(entry)))
    return BoilerplateRule(table.id, tuple(lines))


CLASS_KINDS = (KIND, "page-structure")


def class_tables(tables: Iterable[RuleTable]) -> list[str]:
    """Ids of the tables of the boilerplate class (what ``--keep-boilerplate`` disables): the
    tables of this kind and of ``page-structure``."""
    return [t.id for t in tables if t.kind in CLASS_KINDS]
