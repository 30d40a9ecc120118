"""Where does the repetition table fire? On MT (where loops are errors) and on human text
(where every hit is a false alarm), and what its fixes do to TER against the post-edits.

    python benchmarks/repetition_scan.py [--data ../shared/data] [--show 5]

MT: the ``mt`` side of ../shared/data/ape/*.{train,dev}.tsv (MLQE-PE), with its source sentence
(the table keeps repetitions the source has too). Human text: the
``pe`` side of the same files, the WMT21 references, the FLoRes ps-en English and the human
translations among the MQM TED targets. Text is detokenised as the bench does. Prints a
Markdown report; exit status 1 when the table fires on more than 1 in 10,000 human segments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtfix import fix  # noqa: E402
from mtfix.model.data import read_ape  # noqa: E402
from mtfix.rules import (  # noqa: E402
    RuleSet,
    build_rules,
    load_tables,  # noqa: E402
)
from mtfix.scoring.bench.runners import read_tsv, segments_document  # noqa: E402

TABLE = "repetition"
MAX_HUMAN_RATE = 1e-4


def repetition_rules() -> RuleSet:
    return build_rules([t for t in load_tables() if t.id == TABLE])


def fixed(text: str, rules: RuleSet, source: str | None = None) -> tuple[str, int]:
    """``text`` as ``mtfix fix`` writes it with only this table, and the number of hits."""
    result = fix(segments_document([text], "scan", None if source is None else [source]), rules)
    return result.fixed.segments[0].text, len(result.issues)


def human_texts(data: Path) -> Iterable[tuple[str, str]]:
    for path in sorted((data / "ape").glob("*.tsv")):
        for r in read_ape(path):
            yield f"post-edits {path.name}", r.pe
    for path in sorted((data / "wmt21_xen").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for ref in json.loads(line)["references"].values():
                yield f"WMT21 refs {path.name}", ref
    for name in ("dev.tsv", "devtest.tsv"):
        if (data / "psen_wiki" / name).exists():
            for r in read_tsv(data / "psen_wiki" / name):
                yield f"FLoRes en {name}", r["en"]
    mqm = data / "mqm_ted_zhen" / "targets.tsv"
    if mqm.exists():
        seen = set()
        for r in read_tsv(mqm):
            if r["system"].lower().startswith(("human", "ref")) and r["target"] not in seen:
                seen.add(r["target"])
                yield "MQM TED human", r["target"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--show", type=int, default=5, help="hits to print per group")
    args = ap.parse_args(argv)
    if not (args.data / "ape").is_dir():
        print(f"no APE data under {args.data}", file=sys.stderr)
        return 2
    from sacrebleu.metrics import TER

    rules = repetition_rules()
    ter = TER()
    print("# repetition table scan\n\n## MT (MLQE-PE), fixes against the post-edits\n")
    print("| file | rows | rows hit | TER mt | TER fixed |\n|---|---|---|---|---|")
    shown: list[str] = []
    for path in sorted((args.data / "ape").glob("*.tsv")):
        rows = read_ape(path)
        out = [fixed(r.mt, rules, r.src) for r in rows]
        hits = sum(n > 0 for _, n in out)
        pe = [r.pe for r in rows]
        print(f"| {path.name} | {len(rows)} | {hits} | "
              f"{ter.corpus_score([r.mt for r in rows], [pe]).score:.2f} | "
              f"{ter.corpus_score([t for t, _ in out], [pe]).score:.2f} |")
        shown.extend(f"- `{r.mt[:160]}`\n  → `{t[:160]}`"
                     for r, (t, n) in zip(rows, out, strict=True) if n and len(shown) < args.show)
    print("\nExamples:\n" + "\n".join(shown))
    print("\n## Human text (every hit is a false alarm)\n")
    groups: dict[str, list[int]] = {}
    false_hits: list[str] = []
    for group, text in human_texts(args.data):
        g = groups.setdefault(group, [0, 0])
        g[0] += 1
        new, n = fixed(text, rules)
        if n:
            g[1] += 1
            false_hits.append(f"- {group}: `{text[:200]}`")
    print("| text | segments | hit |\n|---|---|---|")
    for group, (n, hit) in groups.items():
        print(f"| {group} | {n} | {hit} |")
    total = sum(n for n, _ in groups.values())
    hit = sum(h for _, h in groups.values())
    print(f"\n{hit} of {total} human segments hit ({hit / max(1, total):.1e})")
    print("\n".join(false_hits[: args.show * 4]))
    return 1 if hit / max(1, total) > MAX_HUMAN_RATE else 0


if __name__ == "__main__":
    raise SystemExit(main())
