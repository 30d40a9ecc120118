"""``kind: page-structure``: boilerplate found from the shape of the page, not from its words.

Each entry names a ``detector`` (below) and its thresholds; the table holds the numbers and
the examples, this module the tests. Line detectors look at one line (a CMS time stamp, tags
run together, a line in another script, stray markup, a page title's site suffix); document
detectors compare lines (a headline or sentence printed again on a page that shows chrome:
the first full occurrence is kept); block detectors extend what was found (a widget's short
name or counter next to a dropped line; lines between two of the site's own prompts, found by
the ``boilerplate`` tables with ``prompt: true``). Story lines are left: datelines, bylines,
date lines, headlines, quoted slogans and subheadings are none of these shapes.

Fields: ``detector`` (required), ``max_words``, ``min_words``, ``min_count``, ``ratio``,
``doc_ratio``, ``window``, ``max_gap``; see each detector for which it reads.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from mtfix.document import Issue, Segment, Severity, make_issue
from mtfix.errors import TableError
from mtfix.rules import page_lines as pl
from mtfix.rules.base import RuleContext
from mtfix.rules.boilerplate import KIND as PHRASE_KIND
from mtfix.rules.boilerplate import BoilerplateRule, drop_issue
from mtfix.rules.boilerplate import build as build_phrases
from mtfix.tables import FieldSpec, RuleTable

KIND = "page-structure"
USES_TABLES = True

ENTRY_FIELDS: dict[str, FieldSpec] = {
    "detector": FieldSpec((str,), required=True),
    "max_words": FieldSpec((int,)),
    "min_words": FieldSpec((int,)),
    "min_count": FieldSpec((int,)),
    "ratio": FieldSpec((int, float)),
    "doc_ratio": FieldSpec((int, float)),
    "window": FieldSpec((int,)),
    "max_gap": FieldSpec((int,)),
    "page_evidence": FieldSpec((int,)),
}

_PUNCT = regex.compile(r"[\p{P}\p{S}]+")
_TITLE_SUFFIX = regex.compile(r"\s+[|]\s+([^|]{1,40})\Z")


@dataclass(frozen=True)
class Detector:
    rule_id: str
    name: str
    params: Mapping[str, Any]
    severity: Severity
    category: str
    message: str
    confidence: float

    def get(self, key: str, default: Any) -> Any:
        return self.params.get(key, default)

    def drop(self, seg: Segment, confidence: float | None = None) -> Issue:
        return drop_issue(seg, self.rule_id, self.category, self.severity,
                          self.message.format(span=seg.text.strip()),
                          self.confidence if confidence is None else confidence)

    def inline(self, seg: Segment, start: int, end: int, new: str) -> Issue:
        return make_issue(seg, start, end, category=self.category, severity=self.severity,
                          rule_id=self.rule_id,
                          message=self.message.format(span=seg.text[start:end].strip()),
                          replacements=(new,), confidence=self.confidence)


@dataclass(frozen=True)
class Page:
    """The document's lines as the detectors see them."""

    segments: tuple[Segment, ...]
    latin_share: float
    content: tuple[int, ...]  # indices of non-blank segments

    @classmethod
    def of(cls, ctx: RuleContext) -> Page:
        segs = ctx.doc.segments
        _, share = pl.latin_share(ctx.text)
        return cls(segs, share, tuple(s.index for s in segs if s.text.strip()))

    def adjacent(self, index: int) -> list[int]:
        """Non-blank segments directly above and below (no blank line between)."""
        segs = self.segments
        return [i for i in (index - 1, index + 1)
                if 0 <= i < len(segs) and segs[i].text.strip()]


Finder = Callable[[Detector, Page], Iterator[Issue]]


def _timestamp(d: Detector, page: Page) -> Iterator[Issue]:
    for i in page.content:
        seg = page.segments[i]
        if pl.is_timestamp(seg.text, d.get("max_words", 3)):
            yield d.drop(seg)


def _tag_run(d: Detector, page: Page) -> Iterator[Issue]:
    for i in page.content:
        seg = page.segments[i]
        if pl.is_tag_run(seg.text, d.get("min_count", 2), d.get("max_words", 30)):
            yield d.drop(seg)


def _foreign_line(d: Detector, page: Page) -> Iterator[Issue]:
    if page.latin_share < d.get("doc_ratio", 0.8):
        return
    for i in page.content:
        seg = page.segments[i]
        if pl.is_foreign_line(seg.text, d.get("min_count", 6), d.get("ratio", 0.1)):
            yield d.drop(seg)


def _markup(d: Detector, page: Page) -> Iterator[Issue]:
    for i in page.content:
        seg = page.segments[i]
        for start, end, new in pl.markup_spans(seg.text):
            yield d.inline(seg, start, end, new)


def _attribute_debris(d: Detector, page: Page) -> Iterator[Issue]:
    for i in page.content:
        seg = page.segments[i]
        if len(seg.text.split()) <= d.get("max_words", 20) and pl.has_attribute_debris(seg.text):
            yield d.drop(seg)


def _title_suffix(d: Detector, page: Page) -> Iterator[Issue]:
    if len(page.content) < d.get("min_count", 3):
        return
    seg = page.segments[page.content[0]]
    m = _TITLE_SUFFIX.search(seg.text.rstrip())
    if m is None or seg.text.count("|") != 1 or len(m.group(1).split()) > d.get("max_words", 3):
        return
    if pl.SENTENCE_END.search(m.group(1)) or len(seg.text[:m.start()].split()) < 3:
        return
    yield d.inline(seg, m.start(), m.end(), "")


def _normalised(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def _echo(d: Detector, page: Page, dropped: set[int]) -> Iterator[Issue]:
    """A line that repeats an earlier one (exactly when ``ratio`` is 1, else at least that
    similar, characters compared after case and punctuation are set aside), on a page that
    shows at least ``page_evidence`` lines of chrome already: a scraped page repeats its
    headline as a link or teaser, while documents of sentences (a corpus, a news feed)
    repeat a title or a sentence on purpose."""
    ratio, window = float(d.get("ratio", 1.0)), d.get("window", 20)
    min_words = d.get("min_words", 5)
    if len(dropped) < d.get("page_evidence", 2):
        return
    lines: list[tuple[int, str]] = []
    for i in page.content:
        text = page.segments[i].text
        if i in dropped:
            continue
        norm = _normalised(pl.DATE.sub(" ", pl.CLOCK.sub(" ", text)))
        if len(norm.split()) >= min_words:
            lines.append((i, norm))
    repeats = _exact_repeats(lines, window) if ratio >= 1.0 else _near_repeats(lines, window,
                                                                                ratio)
    for i in repeats:
        yield d.drop(page.segments[i])


def _exact_repeats(lines: Sequence[tuple[int, str]], window: int) -> Iterator[int]:
    """Lines equal to one of the ``window`` lines before: the last position of each text is
    indexed, so the cost does not grow with the window."""
    last: dict[str, int] = {}
    for k, (i, a) in enumerate(lines):
        before = last.get(a)
        if before is not None and before >= k - window:
            yield i
        last[a] = k


def _ratio(matches: int, length: int) -> float:
    return 2.0 * matches / length if length else 1.0  # as difflib computes its ratios


def _near_repeats(lines: Sequence[tuple[int, str]], window: int,
                  ratio: float) -> Iterator[int]:
    """Lines at least ``ratio`` similar to (and not equal to) one of the ``window`` lines
    before. difflib's bounds are tried first, cheapest first: lengths (real_quick_ratio),
    then shared characters (quick_ratio, from counts kept per line); only a pair that passes
    both is aligned (ratio, which never exceeds them)."""
    counts = [Counter(a) for _, a in lines]
    for k, (i, a) in enumerate(lines):
        for j in range(max(0, k - window), k):
            b = lines[j][1]
            total = len(a) + len(b)
            if a == b or _ratio(min(len(a), len(b)), total) < ratio:
                continue
            if _ratio(sum((counts[k] & counts[j]).values()), total) < ratio:
                continue
            if difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= ratio:
                yield i
                break


LINE_FINDERS: dict[str, Finder] = {
    "timestamp": _timestamp, "tag_run": _tag_run, "foreign_line": _foreign_line,
    "markup": _markup, "attribute_debris": _attribute_debris, "title_suffix": _title_suffix,
}
BLOCK_DETECTORS = ("echo", "adjacent", "between_prompts", "trailing_list")


def _adjacent(d: Detector, page: Page, dropped: set[int]) -> Iterator[Issue]:
    """Short name, handle or counter lines glued (no blank line) to a dropped line."""
    todo = sorted(dropped)
    seen = set(dropped)
    while todo:
        i = todo.pop()
        for j in page.adjacent(i):
            if j in seen or not pl.is_short_token_line(page.segments[j].text,
                                                       d.get("max_words", 2)):
                continue
            seen.add(j)
            todo.append(j)
            yield d.drop(page.segments[j])


def _between_prompts(d: Detector, page: Page, prompts: set[int]) -> Iterator[Issue]:
    """Lines whose nearest non-blank neighbours on both sides (within ``max_gap`` lines)
    are the site's own prompts: one banner."""
    max_gap, max_words = d.get("max_gap", 3), d.get("max_words", 60)
    order = list(page.content)
    marks = [k for k, i in enumerate(order) if i in prompts]
    for a, b in zip(marks, marks[1:], strict=False):
        gap = order[a + 1:b]
        if not gap or len(gap) > max_gap:
            continue
        if all(len(page.segments[i].text.split()) <= max_words for i in gap):
            yield from (d.drop(page.segments[i]) for i in gap)


def _trailing_list(d: Detector, page: Page, headers: set[int],
                   dropped: set[int]) -> Iterator[Issue]:
    """The items of a related or latest-news list that runs from its header to the end of the
    page: at most ``window`` lines, of which at least ``min_count`` and a share ``ratio`` are
    chrome already (the items' time stamps and image placeholders)."""
    for h in sorted(headers):
        rest = [i for i in page.content if i > h]
        if not rest or len(rest) > d.get("window", 40):
            continue
        chrome = sum(1 for i in rest if i in dropped)
        if chrome >= d.get("min_count", 2) and chrome / len(rest) >= d.get("ratio", 0.3):
            yield from (d.drop(page.segments[i]) for i in rest if i not in dropped)
            return


@dataclass(frozen=True)
class PageStructureRule:
    table_id: str
    detectors: Sequence[Detector]
    phrases: Sequence[BoilerplateRule]

    def detect(self, ctx: RuleContext) -> Iterator[Issue]:
        page = Page.of(ctx)
        if not page.content:
            return
        prompts: set[int] = set()
        headers: set[int] = set()
        dropped: set[int] = set()
        for rule in self.phrases:
            for i, line in rule.line_hits(ctx).items():
                dropped.add(i)
                if line.prompt:
                    prompts.add(i)
                if line.list_header:
                    headers.add(i)
        found: list[Issue] = []
        for d in self.detectors:
            if d.name in LINE_FINDERS:
                for issue in LINE_FINDERS[d.name](d, page):
                    found.append(issue)
                    if issue.drop_segment and issue.confidence >= 0.8:
                        dropped.add(issue.segment)
        for d in self.detectors:
            if d.name == "echo":
                echoes = list(_echo(d, page, set(dropped)))
                found.extend(echoes)
                dropped.update(i.segment for i in echoes)
        for d in self.detectors:
            if d.name == "adjacent":
                found.extend(_adjacent(d, page, dropped))
            elif d.name == "between_prompts":
                found.extend(_between_prompts(d, page, prompts))
            elif d.name == "trailing_list":
                found.extend(_trailing_list(d, page, headers, dropped))
        yield from found


def build(table: RuleTable, tables: Sequence[RuleTable] = ()) -> PageStructureRule:
    detectors = []
    for entry in table.entries:
        name = entry["detector"]
        if name not in LINE_FINDERS and name not in BLOCK_DETECTORS:
            known = ", ".join(sorted([*LINE_FINDERS, *BLOCK_DETECTORS]))
            raise TableError(table.path, f"unknown detector {name!r} (known: {known})",
                             repr(entry["id"]), "detector")
        params = {k: v for k, v in entry.items() if k in ENTRY_FIELDS and k != "detector"}
        detectors.append(Detector(
            rule_id=table.entry_rule_id(entry), name=name, params=params,
            severity=table.entry_severity(entry), category=table.entry_category(entry),
            message=table.entry_message(entry), confidence=table.entry_confidence(entry)))
    phrases = tuple(build_phrases(t) for t in tables if t.kind == PHRASE_KIND)
    return PageStructureRule(table.id, tuple(detectors), phrases)
