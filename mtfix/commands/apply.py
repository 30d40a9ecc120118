"""``mtfix apply FILE --decisions decisions.json``: apply exactly the edits a reviewer accepted."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mtfix.commands.common import add_input_options, add_rule_options, rules_from_args
from mtfix.errors import UserError

HELP = """\
Apply the decisions exported from the page 'mtfix review' wrote: the accepted edits and the
replacements the reviewer typed, and nothing else. The rules run again on FILE and each
decision must name an issue they find (same place, text, rule and proposal); a decisions
file made for another version of FILE, or with other rules, is refused. Writes like 'fix':
atomically, text outside an accepted edit kept byte for byte.

examples:
  mtfix apply doc.txt --decisions decisions.json -o reviewed.txt
  mtfix apply doc.txt --decisions decisions.json --in-place     # keeps doc.txt.bak
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("apply", help="apply the decisions of a review", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="the input that was reviewed")
    p.add_argument("--decisions", required=True, metavar="JSON",
                   help="decisions.json exported from the review page")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT",
                     help="write the result here ('-' for stdout, the default)")
    out.add_argument("--in-place", action="store_true",
                     help="replace FILE atomically, keeping a backup FILE.bak")
    p.add_argument("--log", metavar="PATH", help="write the applied edits as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    add_input_options(p)
    add_rule_options(p)
    p.set_defaults(func=run)


def _load(path: str) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc.__class__.__name__}") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None


def run(args: argparse.Namespace) -> int:
    from mtfix.commands.output import Outputs, check_writable, write_stdout
    from mtfix.commands.review import read_with_hash
    from mtfix.formats import write_document
    from mtfix.pipeline import fix
    from mtfix.review.decisions import apply_decisions, parse_decisions
    from mtfix.review.items import review_items

    if args.file == "-":
        raise UserError("apply needs the reviewed file, not stdin")
    data = _load(args.decisions)
    rules = rules_from_args(args)
    doc, digest = read_with_hash(args.file, args)
    decisions = parse_decisions(data, args.file, args.decisions, digest)
    items = review_items(fix(doc, rules)).items  # the rules again, as at review (no model)
    done = apply_decisions(doc, items, decisions, args.decisions)
    payload = write_document(done.fixed).encode("utf-8")
    with Outputs() as outputs:  # every file staged first, renamed together at the end
        if args.in_place:
            if done.edits:
                outputs.stage(check_writable(args.file, "input"), payload, backup=True)
        elif args.output and args.output != "-":
            outputs.stage(check_writable(args.output, "output"), payload)
        if args.log:
            log = {"path": args.file, "edits": [e.to_dict() for e in done.edits]}
            outputs.stage(check_writable(args.log, "log"),
                          (json.dumps(log, ensure_ascii=False, indent=1) + "\n").encode())
        outputs.commit()
    if not args.in_place and not (args.output and args.output != "-"):
        write_stdout(payload.decode("utf-8"))
    if not args.quiet:
        sys.stderr.write(f"mtfix: {len(done.edits)} edit(s) applied ({done.typed} typed by the "
                         f"reviewer); {done.rejected} rejected, {done.pending} left undecided\n")
    return 0
