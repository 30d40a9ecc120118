"""Full check of acceptance 1: every metric on every system of every wmt21_xen pair.

    python benchmarks/sacrebleu_equality.py [DATA_DIR]

Runs the sacrebleu CLI (subprocess, one call per system and metric set) and ``mtfix score`` on
the same files and prints each mismatch; exit 1 if any. Takes several minutes (sacrebleu's TER
is pure Python); tests/test_scoring_sacrebleu.py is the fast subset that runs with the tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from mtfix.scoring.score import score_files

CLI_SETS = (("bleu", "chrf", "ter"), ("chrf", "-cw", "2"))


def main() -> int:
    repo = Path(__file__).resolve().parent.parent
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else repo.parent / "shared" / "data"
    mismatches = compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((data / "wmt21_xen").glob("*.jsonl")):
            rows = [json.loads(x) for x in path.open(encoding="utf-8")]
            refs = []
            for key in rows[0]["references"]:
                p = Path(tmp) / f"{path.stem}.{key}"
                p.write_text("".join(r["references"][key] + "\n" for r in rows), "utf-8")
                refs.append(str(p))
            for system in rows[0]["hypotheses"]:
                hyp = Path(tmp) / f"{path.stem}.{system}"
                hyp.write_text("".join(r["hypotheses"][system] + "\n" for r in rows), "utf-8")
                cli: dict[str, dict[str, object]] = {}
                for args in CLI_SETS:
                    out = subprocess.run(
                        [sys.executable, "-m", "sacrebleu", *refs, "-i", str(hyp), "-m", *args,
                         "-w", "2", "-f", "json", "-q"],
                        capture_output=True, text=True, check=True).stdout
                    got = json.loads(out)
                    for item in got if isinstance(got, list) else [got]:
                        cli[item["name"]] = item
                ours = {m.name: m for m in score_files(hyp, refs).corpus}
                for name, item in cli.items():
                    compared += 1
                    mine = ours[name]
                    if f"{mine.score:.2f}" != f"{item['score']:.2f}" or \
                            mine.signature != item["signature"]:
                        mismatches += 1
                        print(f"MISMATCH {path.stem} {system} {name}: {mine.score:.2f} "
                              f"{mine.signature} vs {item['score']:.2f} {item['signature']}")
    print(f"{compared} scores compared, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
