"""``mtfix check FILE...``: list the problems found, as text or JSON."""

from __future__ import annotations

import argparse
import sys

from mtfix.commands.common import add_input_options, add_rule_options, severity_arg
from mtfix.commands.output import write_stdout
from mtfix.commands.ray_engine import add_engine_options, wants_ray
from mtfix.commands.stream import Job, RuleSettings, issue_line, json_item, rules_for
from mtfix.commands.streamrun import (
    Spool,
    add_scale_options,
    input_chunks,
    interruptible,
    ordered_results,
    progress,
    spools,
    write_json_list,
)
from mtfix.document import Document, Issue, Severity
from mtfix.formats import Columns, read_bytes, read_document
from mtfix.formats.chunks import open_input
from mtfix.rules import RuleSet

HELP = """\
List the errors mtfix finds: span, MQM severity (minor/major/critical), category, rule and why,
with the suggested replacement when there is one.

examples:
  mtfix check seeds/000_ab0a295c0ca72cec.txt
  mtfix check --format json out.jsonl --mt-column hypotheses.Online-B
  mtfix check --fail-on major *.txt     # exit 1 only for major or critical issues
  mtfix check --jobs 4 corpus.jsonl     # four worker processes, same output

Text, JSONL and TSV are read a chunk at a time (memory stays flat however large the file):
the rules judge one document at a time, a document being a run of lines up to a blank line
(text) or one row (JSONL, TSV). PO, XLIFF and TMX are read whole, as one document.
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
    add_scale_options(p)
    add_engine_options(p, output=True)
    p.set_defaults(func=run)


def position(doc: Document, issue: Issue) -> str:
    if doc.format == "text":
        return f"{issue.segment + 1}:{issue.start + 1}"
    return f"seg {issue.segment + 1}:{issue.start + 1}"


def format_issue(doc: Document, issue: Issue) -> str:
    return issue_line(doc.path, doc.format, issue)


def run(args: argparse.Namespace) -> int:
    if wants_ray(args):
        from mtfix.commands import ray_engine

        return ray_engine.run(args)
    return interruptible(_run, args)


def _job(args: argparse.Namespace) -> Job:
    render = {"text": "text", "json": "json"}.get(args.format, "issues")
    return Job(mode="check", rules=RuleSettings.from_args(args), render=frozenset({render}),
               published=args.date)


def _run(args: argparse.Namespace) -> int:
    for path in args.files:  # every file readable before any work
        if path != "-":
            open_input(path).close()
    job = _job(args)
    rules = rules_for(job.rules)
    columns = Columns(mt=args.mt_column, source=args.src_column, reference=args.ref_column)
    worst = total = 0
    ci_results = []
    with spools(2) as (out, items):
        for n, path in enumerate(args.files, start=1):
            if len(args.files) > 3 and sys.stderr.isatty() and not args.quiet:
                sys.stderr.write(f"\r[{n}/{len(args.files)}] {path}")
            data = read_bytes(path) if "issues" in job.render else None
            segments = 0
            kept = []
            with progress(path, args.quiet) as advance:
                work = input_chunks(path, args.input_format, columns, data=data)
                for r in ordered_results(work, job, args.jobs):
                    segments += r.segments
                    worst = max(worst, r.worst)
                    total += len(r.issue_lines)
                    out.add(line + "\n" for line in r.issue_lines)
                    items.add(r.issue_items, ",\n")
                    kept.extend(r.issues)
                    advance(r.nbytes)
            if args.format == "json":
                _file_json(out, items, path, segments)
            elif data is not None:
                doc = read_document(path, args.input_format, columns, data=data)
                ci_results.append((doc, kept))
        _write(args, out, total, ci_results, rules)
    return 1 if worst and worst >= int(args.fail_on) else 0


def _file_json(out: Spool, items: Spool, path: str, segments: int) -> None:
    """One file's object of the JSON report, its issues copied from ``items`` (emptied)."""
    head = json_item({"path": path, "segments": segments}, 2)
    pieces: list[str] = [head[: -len("\n  }")], ',\n   "issues": ']
    write_json_list(pieces.append, items, 3)
    pieces.append("\n  }")
    out.add(["".join(pieces)], ",\n")
    items.file.seek(0)
    items.file.truncate()
    items.count = 0


def _write(args: argparse.Namespace, out: Spool, total: int, ci_results: list,
           rules: RuleSet) -> None:
    if args.format in ("sarif", "github"):
        from mtfix.report import write_ci_report

        write_ci_report(args.format, ci_results, rules.digest)
    elif args.format == "json":
        write_stdout('{\n "files": [\n')
        out.copy_to(write_stdout)
        tail = json_item({"tables": len(rules.tables), "digest": rules.digest}, 1).lstrip()
        write_stdout(f'\n ],\n "rules": {tail}\n}}\n')
    else:
        out.copy_to(write_stdout)
        write_stdout(f"{total} issue(s) in {len(args.files)} file(s)\n")
