"""``mtfix rules``: what rule tables are loaded, with counts and where they come from."""

from __future__ import annotations

import argparse
import json
import sys

from mtfix.commands.common import add_rule_options, rules_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="list the loaded rule tables",
                       description="List the rule tables mtfix loads (shipped and --rules), "
                                   "their kind, entry count and source file. Use the ids "
                                   "with --disable.")
    p.add_argument("--entries", action="store_true", help="list every entry id too")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="output: a table with a header row (default) or JSON for machines")
    add_rule_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    rules = rules_from_args(args)
    rows = [{"table": t.id, "kind": t.kind, "entries": len(t.entries),
             "source": "shipped" if t.builtin else "user", "path": t.path,
             "ids": [t.entry_rule_id(e) for e in t.entries]} for t in rules.tables]
    if args.format == "json":
        sys.stdout.write(json.dumps({"digest": rules.digest, "tables": rows}, indent=1) + "\n")
        return 0
    sys.stdout.write(f"{'TABLE':<28} {'KIND':<13} {'ENTRIES':>7}  {'SOURCE':<7} PATH\n")
    for r in rows:
        sys.stdout.write(f"{r['table']:<28} {r['kind']:<13} {r['entries']:>7}  "
                         f"{r['source']:<7} {r['path']}\n")
        if args.entries:
            for rid in r["ids"]:
                sys.stdout.write(f"    {rid}\n")
    total = sum(r["entries"] for r in rows)
    sys.stdout.write(f"{len(rows)} tables, {total} entries, digest {rules.digest}\n")
    return 0
