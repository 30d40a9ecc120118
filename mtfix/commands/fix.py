"""``mtfix fix FILE``: apply the confident fixes, report the rest, keep every byte else."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path

from mtfix.commands.common import (
    INSTALL_MODEL,
    add_input_options,
    add_rule_options,
    missing_model_packages,
    read_from_args,
    rules_from_args,
    severity_arg,
)
from mtfix.commands.output import Outputs, check_writable, write_stdout
from mtfix.commands.ray_engine import add_engine_options, wants_ray
from mtfix.document import FixResult
from mtfix.errors import UserError
from mtfix.formats import drop_effect, write_document
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
  mtfix fix doc.txt --in-place             # atomic; keeps doc.txt.bak (never overwritten)
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
                     help="replace FILE atomically, keeping the original as FILE.bak "
                          "(FILE.bak.1, .2, ... when a backup exists already)")
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
    add_engine_options(p, output=False)
    p.set_defaults(func=run)


def model_stage_from_args(args: argparse.Namespace):  # noqa: ANN201 - optional heavy import
    if args.no_model or not args.model:
        return None
    missing = missing_model_packages()
    if missing:
        raise UserError(f"the model needs {' and '.join(missing)}: {INSTALL_MODEL}; "
                        "or run rules only without --model")
    from mtfix.model.stage import load_stage, resolve_model_dir

    if args.quiet:
        quiet_model_loading()
    return load_stage(resolve_model_dir(args.model), threshold=args.threshold)


def quiet_model_loading() -> None:
    """No progress bars or warnings from transformers / huggingface_hub (``-q``)."""
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    os.environ["TRANSFORMERS_VERBOSITY"] = "error"
    os.environ["TRANSFORMERS_NO_ADVISORY_WARNINGS"] = "1"
    if "transformers" in sys.modules:  # already imported: its switches, not the environment
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()


def edit_log(result: FixResult) -> dict:
    return {
        "path": result.original.path,
        "edits": [e.to_dict() for e in result.edits],
        "unapplied": [i.to_dict(result.original) for i in result.unapplied],
    }


def check_outputs(args: argparse.Namespace) -> None:
    """Every output checked before any work: a bad path fails fast and writes nothing."""
    if args.in_place and args.file == "-":
        raise UserError("--in-place needs a file, not stdin")
    paths = {}
    if args.in_place:
        paths["FILE"] = args.file
    elif args.output and args.output != "-":
        paths["-o"] = args.output
    if args.log:
        paths["--log"] = args.log
    for what, path in paths.items():
        check_writable(path, what)
    resolved = [os.path.realpath(p) for p in paths.values()]
    if len(set(resolved)) < len(resolved):
        raise UserError("--log must not be the same file as the fixed output")


def summary_lines(result: FixResult) -> list[str]:
    """The edit log for stderr: each edit, each issue left, and the counts."""
    lines = []
    dropped = f"({drop_effect(result.original.format)})"
    for e in result.edits:
        new = dropped if e.drop_segment else repr(e.new)
        lines.append(f"  {e.segment + 1}:{e.start + 1} {e.old!r} -> {new} "
                     f"[{e.rule_id}, {e.origin}, p={e.confidence:.2f}]")
    for i in result.unapplied:
        fix_hint = f" (suggest {i.replacements[0]!r}, p={i.confidence:.2f})" \
            if i.replacements else ""
        lines.append(f"  ? {i.segment + 1}:{i.start + 1} {i.span!r} "
                     f"{i.severity.label} {i.category} [{i.rule_id}]{fix_hint}")
    lines.append(f"mtfix: {len(result.edits)} edit(s) applied, "
                 f"{len(result.unapplied)} issue(s) reported but not applied")
    return lines


def run(args: argparse.Namespace) -> int:
    if wants_ray(args):
        from mtfix.commands import ray_engine

        return ray_engine.run(args)
    check_outputs(args)
    rules = rules_from_args(args)
    doc = read_from_args(args.file, args)
    stage = model_stage_from_args(args)
    result = fix(doc, rules, FixSettings(threshold=args.threshold), model=stage)
    fixed_text = write_document(result.fixed, result.edits)

    with Outputs() as outputs:
        if args.in_place:
            if result.edits:
                outputs.stage(Path(args.file), fixed_text.encode("utf-8"), backup=True)
        elif args.output and args.output != "-":
            outputs.stage(Path(args.output), fixed_text.encode("utf-8"))
        if args.log:
            outputs.stage(Path(args.log), (json.dumps(edit_log(result), ensure_ascii=False,
                                                      indent=1) + "\n").encode("utf-8"))
        outputs.commit()
        backups = outputs.backups

    if args.format == "json":
        write_stdout(json.dumps(edit_log(result), ensure_ascii=False, indent=1) + "\n")
    elif args.diff:
        original_text = write_document(result.original)
        write_stdout("".join(difflib.unified_diff(
            original_text.splitlines(keepends=True), fixed_text.splitlines(keepends=True),
            fromfile=args.file, tofile=f"{args.file} (fixed)")))
    elif not args.in_place and (not args.output or args.output == "-"):
        write_stdout(fixed_text)

    if not args.quiet:
        lines = summary_lines(result)
        lines.extend(f"mtfix: the original is kept in {b}" for b in backups)
        sys.stderr.write("\n".join(lines) + "\n")
    if args.fail_on is not None and any(i.severity >= args.fail_on for i in result.unapplied):
        return 1
    return 0
