"""Source names (``kind: source_names``) measured: false alarms on human translations with an
Arabic-script source, and recall on a corruption of them.

Human translations: FLoRes ps-en (``psen_wiki/{dev,devtest}.tsv``: id, ps, en); every flag
there is a false alarm (reported per 500 segments). WMT21 (``wmt21_xen``) references with their
sources are counted too; none of its pairs has an Arabic-script source.

Corruption: FLoRes rows whose English contains a name element of ``name_meanings.yaml`` (its
English spelling or a one-word variant) and whose Pashto contains its script form; the English
name is replaced by the element's first literal meaning that is not the name itself
(Hafiz -> "keeper", Shah -> "king"). Recall: the share of corrupted rows on which the rule
flags a span overlapping the inserted words, and its mean over name elements (a few names
recur in many rows).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from mtfix.document import Issue
from mtfix.romanize import fold, latin_keys
from mtfix.scoring.bench.results import INFO, LOWER, Measure, SuiteResult, Table
from mtfix.scoring.bench.runners import BenchContext, read_tsv, segments_document
from mtfix.scoring.bench.suite import Suite

RULE_PREFIX = "source-names."
ARTICLE = regex.compile(r"^(?:al|Al)[\- ]")


@dataclass(frozen=True)
class Corrupted:
    source: str
    text: str
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class Measured:
    human: int
    flags: tuple[Issue, ...]
    wmt: int
    wmt_flags: int
    corrupted: tuple[Corrupted, ...]
    hit: frozenset[int]

    @property
    def per_500(self) -> float:
        return 500 * len(self.flags) / self.human if self.human else 0.0

    @property
    def recall(self) -> float:
        return len(self.hit) / len(self.corrupted) if self.corrupted else 0.0

    def by_name(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for k, c in enumerate(self.corrupted):
            out.setdefault(c.name, [0, 0])[1] += 1
            out[c.name][0] += k in self.hit
        return {n: (h, t) for n, (h, t) in sorted(out.items())}

    @property
    def recall_per_element(self) -> float:
        by = self.by_name()
        return sum(h / t for h, t in by.values()) / len(by) if by else 0.0


def detect(rules: Any, texts: Sequence[str], sources: Sequence[str]) -> list[Issue]:
    doc = segments_document(list(texts), "source-names", list(sources))
    return [i for i in rules.detect(doc) if i.rule_id.startswith(RULE_PREFIX)]


def flores(folder: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for split in ("dev", "devtest"):
        path = folder / f"{split}.tsv"
        if path.exists():
            rows += [(r["ps"], r["en"]) for r in read_tsv(path)]
    return rows


def wmt21(folder: Path) -> list[tuple[str, str]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows += [(row["source"], ref) for ref in row.get("references", {}).values()]
    return rows


def _script_forms(item: dict) -> list[str]:
    forms = []
    for key in ("script", "script_alt"):
        for part in str(item.get(key) or "").split("/"):
            part = regex.sub(r"\(.*?\)", "", part).strip()
            if regex.search(r"\p{Arabic}", part):
                forms.append(" ".join(fold(part).split()))
    return forms


def elements(path: Path) -> list[tuple[list[str], list[str], str]]:
    """(English spellings, folded script forms, literal) of every name element that has a
    literal meaning other than the name itself."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for item in data["names"]:
        names = [ARTICLE.sub("", n.strip()) for n in item["name"].split("/")]
        names += [ARTICLE.sub("", v) for v in item.get("variants", [])
                  if "(" not in v and len(v.split()) == 1]
        names = [n for n in names if n]
        strict = item.get("kind") == "nisba"  # al-Sudani is not Sudan
        keys = frozenset().union(*(latin_keys(n, strict=strict) for n in names))
        literal = [x for x in item.get("literal", []) if "(" not in x
                   and not any(latin_keys(w, strict=strict) & keys for w in x.split())]
        if literal and names:
            out.append((names, _script_forms(item), literal[0]))
    return out


def corrupt(rows: Sequence[tuple[str, str]],
            elems: Sequence[tuple[list[str], list[str], str]]) -> list[Corrupted]:
    """One corruption per row: its first name element found on both sides, replaced."""
    out = []
    for source, text in rows:
        folded = " " + " ".join(regex.sub(r"[^\p{L}\s]", " ", fold(source)).split()) + " "
        for names, forms, literal in elems:
            if not any(f" {f} " in folded for f in forms):
                continue
            alts = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
            m = regex.search(rf"(?<![\w\-'’])(?:(?:al|Al)[\- ])?(?:{alts})(?![\w\-])", text)
            if m is None:
                continue
            new = text[:m.start()] + literal + text[m.end():]
            out.append(Corrupted(source, new, m.start(), m.start() + len(literal), names[0]))
            break
    return out


def measure(rules: Any, flores_dir: Path, wmt_dir: Path | None,
            names_file: Path) -> Measured:
    human = flores(flores_dir)
    flags = detect(rules, [e for _, e in human], [s for s, _ in human]) if human else []
    wmt = wmt21(wmt_dir) if wmt_dir is not None and wmt_dir.is_dir() else []
    wmt_flags = detect(rules, [e for _, e in wmt], [s for s, _ in wmt]) if wmt else []
    bad = corrupt(human, elements(names_file))
    found = detect(rules, [c.text for c in bad], [c.source for c in bad]) if bad else []
    hit = frozenset(i.segment for i in found
                    if i.start < bad[i.segment].end and bad[i.segment].start < i.end)
    return Measured(len(human), tuple(flags), len(wmt), len(wmt_flags), tuple(bad), hit)


def only_source_names(rules: Any) -> Any:
    """The loaded rules cut down to the ``source_names`` tables (as loaded, with the user's
    tables and disables), so the suite does not run every other rule on 8,000 segments."""
    from dataclasses import replace

    ids = {t.id for t in rules.tables if t.kind == "source_names"}
    return replace(rules, tables=tuple(t for t in rules.tables if t.id in ids),
                   rules=tuple(r for r in rules.rules if r.table_id in ids))


def run_source_names(suite: Suite, ctx: BenchContext) -> SuiteResult:
    m = measure(only_source_names(ctx.rules), suite.resolve("flores", ctx.repo, ctx.data_dir),
                suite.resolve("wmt21", ctx.repo, ctx.data_dir),
                suite.resolve("names", ctx.repo, ctx.data_dir))
    measures = (
        Measure("human.flags_per_500", m.per_500, LOWER),
        Measure("human.flags", float(len(m.flags)), LOWER),
        Measure("human.segments", float(m.human), INFO),
        Measure("wmt21.flags", float(m.wmt_flags), LOWER),
        Measure("corruption.recall", m.recall),
        Measure("corruption.recall_per_element", m.recall_per_element),
        Measure("corruption.rows", float(len(m.corrupted)), INFO),
    )
    tables = (Table(f"{suite.name}: recall by name element", ("element", "flagged", "rows"),
                    tuple((n, h, t) for n, (h, t) in m.by_name().items())),
              Table(f"{suite.name}: flags on human translations", ("span", "suggestion", "english"),
                    tuple((i.span, i.replacements[0] if i.replacements else "",
                           f"(segment {i.segment})") for i in m.flags[:20])))
    notes = (f"FLoRes ps-en human translations ({m.human} segments): every flag is a false "
             f"alarm. WMT21 references ({m.wmt} segments) have no Arabic-script source. The "
             "corruption replaces a name in the English by its literal meaning.",)
    return SuiteResult(suite.name, suite.runner, measures, tables, notes)
