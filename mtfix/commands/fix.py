"""``mtfix fix FILE``: apply the confident fixes, report the rest, keep every byte else."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from mtfix.commands.common import (
    add_input_options,
    add_rule_options,
    model_dir_from_args,
    severity_arg,
)
from mtfix.commands.output import Outputs, check_writable, write_stdout
from mtfix.commands.ray_engine import add_engine_options, wants_ray
from mtfix.commands.stream import Job, RuleSettings, edit_line, rules_for, unapplied_line
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
from mtfix.document import FixResult
from mtfix.errors import UserError
from mtfix.formats import Columns, decode, read_bytes
from mtfix.formats.chunks import open_input
from mtfix.pipeline import DEFAULT_THRESHOLD

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
  mtfix fix corpus.jsonl -o fixed.jsonl --jobs 4   # four worker processes, same output

Text, JSONL and TSV are read and written a chunk at a time (memory stays flat however large the
file; --diff holds the texts in memory): the rules judge one document at a time, a document
being a run of lines up to a blank line (text) or one row (JSONL, TSV). PO, XLIFF and TMX are
read and written whole, as one document. An interrupted run (Ctrl-C, SIGTERM) leaves the
outputs as they were.
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
    add_scale_options(p)
    add_engine_options(p, output=False)
    p.set_defaults(func=run)


def model_stage_from_args(args: argparse.Namespace):  # noqa: ANN201 - optional heavy import
    model_dir = model_dir_from_args(args)
    if model_dir is None:
        return None
    from mtfix.model.stage import load_stage

    if args.quiet:
        quiet_model_loading()
    return load_stage(model_dir, threshold=args.threshold)


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
    lines = [edit_line(e, result.original.format) for e in result.edits]
    lines.extend(unapplied_line(i) for i in result.unapplied)
    lines.append(count_line(len(result.edits), len(result.unapplied)))
    return lines


def count_line(edits: int, unapplied: int) -> str:
    return f"mtfix: {edits} edit(s) applied, {unapplied} issue(s) reported but not applied"


def run(args: argparse.Namespace) -> int:
    if wants_ray(args):
        from mtfix.commands import ray_engine

        return ray_engine.run(args)
    return interruptible(_run, args)


def _job(args: argparse.Namespace) -> Job:
    render = set()
    if args.log or args.format == "json":
        render.add("log")
    if not args.quiet:
        render.add("summary")
    return Job(mode="fix", rules=RuleSettings.from_args(args), threshold=args.threshold,
               render=frozenset(render), published=args.date)


def _run(args: argparse.Namespace) -> int:
    check_outputs(args)
    job = _job(args)
    rules_for(job.rules)  # a bad table fails before the input is read
    data = read_bytes(args.file) if args.diff else None
    if data is None and args.file != "-":
        open_input(args.file).close()
    stage = model_stage_from_args(args)
    if stage is not None and args.jobs > 1:
        raise UserError("--jobs with --model is not supported; use --jobs 1")
    columns = Columns(mt=args.mt_column, source=args.src_column, reference=args.ref_column)
    to_stdout = not args.in_place and (not args.output or args.output == "-")
    print_text = to_stdout and args.format != "json" and not args.diff
    with spools(5) as (text, edits, unapplied, edit_lines, unapplied_lines):
        with Outputs() as outputs:
            target = Path(args.file) if args.in_place else None if to_stdout \
                else Path(args.output)
            sink = outputs.stream(target, backup=args.in_place) if target else None
            kept: list[str] = []
            worst = n_edits = 0
            with progress(args.file, args.quiet) as advance:
                work = input_chunks(args.file, args.input_format, columns, data=data)
                for r in ordered_results(work, job, args.jobs, stage):
                    if sink is not None or print_text:
                        _write_text(sink, text, r.text)
                    if args.diff:
                        kept.append(r.text)
                    edits.add(r.edit_items, ",\n")
                    unapplied.add(r.unapplied_items, ",\n")
                    edit_lines.add(line + "\n" for line in r.edit_lines)
                    unapplied_lines.add(line + "\n" for line in r.unapplied_lines)
                    n_edits += r.edits
                    worst = max(worst, r.worst)
                    advance(r.nbytes)
            if args.in_place and not n_edits:
                outputs.unstage(Path(args.file))
            if args.log:
                log = outputs.stream(Path(args.log))
                _write_log(lambda piece: log.write(piece.encode("utf-8")), args.file,
                           edits, unapplied)
            outputs.commit()
            backups = outputs.backups

        if args.format == "json":
            _write_log(write_stdout, args.file, edits, unapplied)
        elif args.diff:
            write_stdout("".join(difflib.unified_diff(
                decode(data or b"", args.file).splitlines(keepends=True),
                "".join(kept).splitlines(keepends=True),
                fromfile=args.file, tofile=f"{args.file} (fixed)")))
        elif print_text:
            text.copy_to(write_stdout)

        if not args.quiet:
            edit_lines.copy_to(sys.stderr.write)
            unapplied_lines.copy_to(sys.stderr.write)
            lines = [count_line(n_edits, unapplied_lines.count)]
            lines.extend(f"mtfix: the original is kept in {b}" for b in backups)
            sys.stderr.write("\n".join(lines) + "\n")
    if args.fail_on is not None and worst and worst >= int(args.fail_on):
        return 1
    return 0


def _write_text(sink: BinaryIO | None, spool: Spool, text: str) -> None:
    if sink is None:
        spool.add([text])
        return
    try:
        sink.write(text.encode("utf-8"))
    except OSError as exc:
        raise UserError(f"cannot write output: {exc.strerror or exc}") from None


def _write_log(write: Callable[[str], object], path: str, edits: Spool,
               unapplied: Spool) -> None:
    """The edit log as ``json.dumps(edit_log(result), indent=1)`` writes it."""
    write("{\n \"path\": " + json.dumps(path, ensure_ascii=False) + ",\n \"edits\": ")
    write_json_list(write, edits, 1)
    write(',\n "unapplied": ')
    write_json_list(write, unapplied, 1)
    write("\n}\n")
