"""Fix the seed document from Python and print every applied edit with its reason.

    python examples/fix_seed.py [FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

import mtfix

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_ab0a295c0ca72cec.txt"


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(SEED)
    rules = mtfix.load_rules()
    doc = mtfix.read_document(path)
    for issue in mtfix.check(doc, rules):
        print(f"{issue.severity.label:8} {issue.category:28} {issue.span!r}")
    result = mtfix.fix(doc, rules)
    print(f"\n{len(result.edits)} edits:")
    for edit in result.edits:
        print(f"  line {edit.segment + 1}: {edit.old!r} -> {edit.new!r}  [{edit.rule_id}] "
              f"{edit.reason}")
    print(f"{len(result.unapplied)} issues reported, not applied")
    print("\n" + mtfix.write_document(result.fixed))


if __name__ == "__main__":
    main()
