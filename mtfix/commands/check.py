"""``mtfix check FILE...``: list the problems found, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from mtfix.commands.common import (
    add_input_options,
    add_rule_options,
    read_from_args,
    rules_from_args,
    severity_arg,
)
from mtfix.commands.output import write_stdout
from mtfix.commands.ray_engine import add_engine_options, wants_ray
from mtfix.document import Document, Issue, Severity
from mtfix.pipeline import check

HELP = """\
List the errors mtfix finds: span, MQM severity (minor/major/critical), category, rule and why,
with the suggested replacement when there is one.

examples:
  mtfix check seeds/000_ab0a295c0ca72cec.txt
  mtfix check --format json out.jsonl --mt-column hypotheses.Online-B
  mtfix check --fail-on major *.txt     # exit 1 only for major or critical issues
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="list problems (no changes)", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="input files ('-' reads stdin)")
    p.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text",
                   help="output: readable lines (default), JSON for machines, SARIF 2.1.0 "
                        "(code scanning) or GitHub workflow annotations")
    p.add_argument("--fail-on", type=severity_arg, default=Severity.MINOR, metavar="SEVERITY",
                   help="exit 1 when an issue at or above this severity is found "
                        "(minor, major, critical; default minor)")
    add_input_options(p)
    add_rule_options(p)
    add_engine_options(p, output=True)
    p.set_defaults(func=run)


def position(doc: Document, issue: Issue) -> str:
    seg = doc.segments[issue.segment]
    if doc.format == "text":
        return f"{issue.segment + 1}:{issue.start + 1}"
    return f"seg {issue.segment + 1}:{issue.start + 1}" if seg else ""


def format_issue(doc: Document, issue: Issue) -> str:
    fix = f" -> {issue.replacements[0]!r}" if issue.replacements else ""
    return (f"{doc.path}:{position(doc, issue)}: {issue.severity.label} {issue.category} "
            f"[{issue.rule_id}] {issue.span!r}{fix}: {issue.message}")


def run(args: argparse.Namespace) -> int:
    if wants_ray(args):
        from mtfix.commands import ray_engine

        return ray_engine.run(args)
    rules = rules_from_args(args)
    docs = [read_from_args(path, args) for path in args.files]  # read all before reporting
    results = []
    worst = 0
    for n, doc in enumerate(docs, start=1):
        if len(docs) > 3 and sys.stderr.isatty():
            sys.stderr.write(f"\r[{n}/{len(docs)}] {doc.path}")
        issues = check(doc, rules)
        results.append((doc, issues))
        worst = max([worst, *(int(i.severity) for i in issues)])
    if args.format in ("sarif", "github"):
        from mtfix.report import write_ci_report

        write_ci_report(args.format, results, rules.digest)
    elif args.format == "json":
        out = {
            "files": [{"path": doc.path, "segments": len(doc.segments),
                       "issues": [i.to_dict(doc) for i in issues]} for doc, issues in results],
            "rules": {"tables": len(rules.tables), "digest": rules.digest},
        }
        write_stdout(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    else:
        total = 0
        for doc, issues in results:
            write_stdout("".join(format_issue(doc, issue) + "\n" for issue in issues))
            total += len(issues)
        write_stdout(f"{total} issue(s) in {len(results)} file(s)\n")
    return 1 if worst and worst >= int(args.fail_on) else 0
