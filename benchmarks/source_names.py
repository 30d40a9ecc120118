"""Source names (``kind: source_names``): false alarms on human translations and recall on a
corruption of them.

    python benchmarks/source_names.py [--data ../shared/data] [--research ../shared/research]
                                      [--show 5] [--json OUT]

Human translations: FLoRes ps-en (``psen_wiki/{dev,devtest}.tsv``: id, ps, en); every flag
there is a false alarm (reported per 500 segments). WMT21 (``wmt21_xen``): its references with
their sources, for completeness; none of its pairs has an Arabic-script source, so the rule
cannot fire there. realmt-dev has no source column, so it is not measured here.

Corruption: FLoRes rows whose English contains a name element of
``research/name_meanings.yaml`` (its English spelling or a one-word variant) and whose Pashto
contains its script form; the English name is replaced by the element's first literal meaning
(al-Sudani -> "the Sudanese", Hafiz -> "keeper"). Recall: the share of corrupted rows on which
the rule flags a span overlapping the inserted words (and its mean over name elements, as a few
names recur in many rows). Exit status 1 when the acceptance fails
(more than 1 flag per 500 human segments, or recall under 0.6).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtfix.document import Issue  # noqa: E402
from mtfix.romanize import fold, latin_keys  # noqa: E402
from mtfix.rules import RuleSet, build_rules  # noqa: E402
from mtfix.scoring.bench.runners import read_tsv, segments_document  # noqa: E402
from mtfix.tables import load_tables  # noqa: E402

TABLE = "source-names"
MAX_PER_500 = 1.0
MIN_RECALL = 0.6


@dataclass(frozen=True)
class Corrupted:
    source: str
    text: str
    start: int
    end: int
    name: str


def rules() -> RuleSet:
    return build_rules([t for t in load_tables() if t.id == TABLE])


def detect(rs: RuleSet, texts: Sequence[str], sources: Sequence[str]) -> list[Issue]:
    return list(rs.detect(segments_document(list(texts), "bench", list(sources))))


def flores(data: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for split in ("dev", "devtest"):
        path = data / "psen_wiki" / f"{split}.tsv"
        if path.exists():
            rows += [(r["ps"], r["en"]) for r in read_tsv(path)]
    return rows


def wmt21(data: Path) -> list[tuple[str, str]]:
    rows = []
    for path in sorted((data / "wmt21_xen").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for ref in row.get("references", {}).values():
                rows.append((row["source"], ref))
    return rows


def _script_forms(item: dict) -> list[str]:
    forms = []
    for key in ("script", "script_alt"):
        for part in str(item.get(key) or "").split("/"):
            part = regex.sub(r"\(.*?\)", "", part).strip()
            if regex.search(r"\p{Arabic}", part):
                forms.append(" ".join(fold(part).split()))
    return forms


def elements(research: Path) -> list[tuple[list[str], list[str], str]]:
    """(English spellings, folded script forms, first literal) of every name element."""
    data = yaml.safe_load((research / "name_meanings.yaml").read_text(encoding="utf-8"))
    out = []
    for item in data["names"]:
        names = [regex.sub(r"^(?:al|Al)[\- ]", "", n.strip()) for n in item["name"].split("/")]
        names += [regex.sub(r"^(?:al|Al)[\- ]", "", v) for v in item.get("variants", [])
                  if "(" not in v and len(v.split()) == 1]
        keys = frozenset().union(*(latin_keys(n) for n in names if n))
        # the first literal that is not the name itself ("sultan" for Sultan is no error)
        literal = [x for x in item.get("literal", []) if "(" not in x
                   and not any(latin_keys(w) & keys for w in x.split())]
        if literal:
            out.append(([n for n in names if n], _script_forms(item), literal[0]))
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


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--research", type=Path, default=REPO.parent / "shared" / "research")
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    rs = rules()
    human = flores(args.data)
    if not human:
        print(f"no FLoRes ps-en data under {args.data}", file=sys.stderr)
        return 2
    flags = detect(rs, [e for _, e in human], [s for s, _ in human])
    per_500 = 500 * len(flags) / len(human)
    wmt = wmt21(args.data)
    wmt_flags = detect(rs, [e for _, e in wmt], [s for s, _ in wmt]) if wmt else []
    bad = corrupt(human, elements(args.research))
    found = detect(rs, [c.text for c in bad], [c.source for c in bad])
    hit = {i.segment for i in found
           if i.start < bad[i.segment].end and bad[i.segment].start < i.end}
    recall = len(hit) / len(bad) if bad else 0.0
    by_name: dict[str, list[int]] = {}
    for k, c in enumerate(bad):
        by_name.setdefault(c.name, [0, 0])[1] += 1
        by_name[c.name][0] += k in hit
    macro = sum(h / n for h, n in by_name.values()) / len(by_name) if by_name else 0.0
    report = {"flores_segments": len(human), "flores_flags": len(flags),
              "flores_flags_per_500": round(per_500, 3), "wmt21_segments": len(wmt),
              "wmt21_flags": len(wmt_flags), "corrupted": len(bad), "recalled": len(hit),
              "recall": round(recall, 3), "elements": len(by_name),
              "recall_per_element_mean": round(macro, 3),
              "by_element": {n: f"{h}/{t}" for n, (h, t) in sorted(by_name.items())}}
    print("# source-names\n")
    for key, value in report.items():
        print(f"- {key}: {value}")
    print("\n## false alarms on FLoRes ps-en (human)\n")
    for issue in flags[:args.show]:
        print(f"- `{issue.span}` -> {issue.replacements[0]!r}: {human[issue.segment][1][:120]}")
    print("\n## corruptions missed\n")
    missed = [c for k, c in enumerate(bad) if k not in hit]
    for c in missed[:args.show]:
        print(f"- {c.name} -> `{c.text[c.start:c.end]}`: {c.text[:120]}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if per_500 <= MAX_PER_500 and recall >= MIN_RECALL else 1


if __name__ == "__main__":
    sys.exit(main())
