"""``mtfix fix FILE``: apply the confident fixes, report the rest, keep every byte else."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mtfix.commands.common import (
    add_input_options,
    add_rule_options,
    read_from_args,
    rules_from_args,
    severity_arg,
)
from mtfix.document import FixResult
from mtfix.errors import UserError
from mtfix.formats import write_document
from mtfix.pipeline import DEFAULT_THRESHOLD, FixSettings, fix

HELP = """\
Apply the fixes mtfix is sure of (rule tables; with --model, then a seq2seq model where a
detector needs it) and report what it is unsure of instead of applying it. Text outside an
applied edit is kept byte for byte, line endings included; fixing fixed output changes nothing.

Output goes to stdout unless -o or --in-place; the edit log (each change, its rule and why)
goes to stderr, or as JSON to --log.

examples:
  mtfix fix seeds/000_ab0a295c0ca72cec.txt -o fixed.txt
  mtfix fix doc.txt --diff                 # show the changes as a unified diff
  cat doc.txt | mtfix fix - > fixed.txt
  mtfix fix doc.txt --in-place             # atomic; keeps doc.txt.bak
  mtfix fix hyps.jsonl --mt-column hypotheses.Online-B -o fixed.jsonl
  mtfix fix doc.txt --model default        # rules, then the shipped seq2seq model
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fix", help="apply confident fixes, report the rest", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="input file ('-' reads stdin)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT", help="write the fixed file here "
                     "('-' for stdout, the default)")
    out.add_argument("--in-place", action="store_true",
                     help="replace FILE atomically, keeping a backup FILE.bak")
    p.add_argument("--diff", action="store_true",
                   help="print a unified diff of the changes (instead of the text on stdout)")
    p.add_argument("--log", metavar="PATH", help="write the edit log and unapplied issues as JSON")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: print the edit log as JSON on stdout (the text goes to -o)")
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, metavar="P",
                   help=f"apply only fixes with confidence >= P (default {DEFAULT_THRESHOLD})")
    p.add_argument("--fail-on", type=severity_arg, default=None, metavar="SEVERITY",
                   help="exit 1 when an unapplied issue at or above this severity remains")
    p.add_argument("-q", "--quiet", action="store_true", help="no edit log on stderr")
    m = p.add_argument_group("model")
    m.add_argument("--model", metavar="DIR",
                   help="also run a seq2seq model: a local checkpoint directory, or 'default' "
                   "for the shipped one (off by default: on real MT it fixes nothing the rules "
                   "do not; see the README)")
    m.add_argument("--no-model", action="store_true",
                   help="rules only (the default; overrides --model)")
    add_input_options(p)
    add_rule_options(p)
    p.set_defaults(func=run)


def model_stage_from_args(args: argparse.Namespace):  # noqa: ANN201 - optional heavy import
    if args.no_model or not args.model:
        return None
    from mtfix.model.stage import load_stage, resolve_model_dir

    return load_stage(resolve_model_dir(args.model), threshold=args.threshold)


def atomic_write(path: Path, data: bytes, backup: bool) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
            if backup:
                shutil.copy2(path, str(path) + ".bak")
        os.replace(tmp, path)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None


def edit_log(result: FixResult) -> dict:
    return {
        "path": result.original.path,
        "edits": [e.to_dict() for e in result.edits],
        "unapplied": [i.to_dict(result.original) for i in result.unapplied],
    }


def run(args: argparse.Namespace) -> int:
    if args.in_place and args.file == "-":
        raise UserError("--in-place needs a file, not stdin")
    rules = rules_from_args(args)
    doc = read_from_args(args.file, args)
    stage = model_stage_from_args(args)
    result = fix(doc, rules, FixSettings(threshold=args.threshold), model=stage)
    original_text = write_document(result.original)
    fixed_text = write_document(result.fixed)
    payload = fixed_text.encode("utf-8")

    if args.in_place:
        if result.edits:
            atomic_write(Path(args.file), payload, backup=True)
    elif args.output and args.output != "-":
        atomic_write(Path(args.output), payload, backup=False)
    if args.log:
        atomic_write(Path(args.log), (json.dumps(edit_log(result), ensure_ascii=False,
                                                 indent=1) + "\n").encode("utf-8"), False)

    if args.format == "json":
        sys.stdout.write(json.dumps(edit_log(result), ensure_ascii=False, indent=1) + "\n")
    elif args.diff:
        sys.stdout.writelines(difflib.unified_diff(
            original_text.splitlines(keepends=True), fixed_text.splitlines(keepends=True),
            fromfile=args.file, tofile=f"{args.file} (fixed)"))
    elif not args.in_place and (not args.output or args.output == "-"):
        sys.stdout.write(fixed_text)
        sys.stdout.flush()

    if not args.quiet:
        for e in result.edits:
            new = "(line removed)" if e.drop_segment else repr(e.new)
            sys.stderr.write(f"  {e.segment + 1}:{e.start + 1} {e.old!r} -> {new} "
                             f"[{e.rule_id}, {e.origin}, p={e.confidence:.2f}]\n")
        for i in result.unapplied:
            fix_hint = f" (suggest {i.replacements[0]!r}, p={i.confidence:.2f})" \
                if i.replacements else ""
            sys.stderr.write(f"  ? {i.segment + 1}:{i.start + 1} {i.span!r} "
                             f"{i.severity.label} {i.category} [{i.rule_id}]{fix_hint}\n")
        sys.stderr.write(f"mtfix: {len(result.edits)} edit(s) applied, "
                         f"{len(result.unapplied)} issue(s) reported but not applied\n")
    if args.fail_on is not None and any(i.severity >= args.fail_on for i in result.unapplied):
        return 1
    return 0
