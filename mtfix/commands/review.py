"""``mtfix review FILE... -o review.html``: a static page to accept or reject each fix."""

from __future__ import annotations

import argparse
import sys

from mtfix.commands.common import add_input_options, add_rule_options, rules_from_args
from mtfix.document import Document
from mtfix.formats import Columns, read_bytes, read_document
from mtfix.pipeline import DEFAULT_THRESHOLD, FixSettings, fix

HELP = """\
Write one self-contained HTML page (no server, no network: it works from file://) that shows
every segment with the issues mtfix finds highlighted by severity, the confident edits 'fix'
would apply, the suggestions it would only report, and the flags without a fix; the source
beside the MT when the input has it. Accept or reject each edit (or all of a rule), type your
own replacement, then 'Export decisions' and apply them:

  mtfix review doc.txt -o review.html          # open review.html in a browser
  mtfix apply doc.txt --decisions decisions.json -o reviewed.txt

Keys: j/k next/previous, a/r accept/reject, A/R the whole rule, e type a replacement,
[/] pages, x export. Takes the same inputs and options as 'fix'.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="write an HTML page to review the fixes", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="input files ('-' reads stdin)")
    p.add_argument("-o", "--output", default="review.html", metavar="OUT",
                   help="the page to write (default: review.html)")
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, metavar="P",
                   help=f"confident edits are those with confidence >= P (default "
                        f"{DEFAULT_THRESHOLD}), as for fix")
    p.add_argument("--page-size", type=int, default=100, metavar="N",
                   help="segments per page of the review (default 100)")
    m = p.add_argument_group("model")
    m.add_argument("--model", metavar="DIR",
                   help="a local seq2seq checkpoint directory (default: the shipped model)")
    m.add_argument("--no-model", action="store_true", help="rules only; never load the model")
    add_input_options(p)
    add_rule_options(p)
    p.set_defaults(func=run)


def read_with_hash(path: str, args: argparse.Namespace) -> tuple[Document, str]:
    """The document and the sha256 of the bytes it was read from (decisions name both)."""
    from mtfix.review.page import sha256_of

    raw = read_bytes(path)
    columns = Columns(mt=args.mt_column, source=args.src_column, reference=args.ref_column)
    doc = read_document(path, args.input_format, columns, data=raw)
    return doc.with_published(getattr(args, "date", None)), sha256_of(raw)


def write_out(path: str, data: bytes, backup: bool = False) -> None:
    """One output file, as fix writes its outputs: the folder checked first, a temporary file
    renamed into place, an earlier backup never replaced; errors in one line."""
    from mtfix.commands.output import Outputs, check_writable

    with Outputs() as outputs:
        outputs.stage(check_writable(path, "output"), data, backup=backup)
        outputs.commit()


def run(args: argparse.Namespace) -> int:
    from mtfix import __version__
    from mtfix.commands.fix import model_stage_from_args
    from mtfix.errors import UserError
    from mtfix.review.items import review_items
    from mtfix.review.page import ReviewFile, render_page

    if args.page_size < 1:
        raise UserError("--page-size must be at least 1")
    if args.files.count("-") > 1:
        raise UserError("stdin ('-') can be read only once")
    rules = rules_from_args(args)
    inputs = [read_with_hash(path, args) for path in args.files]  # read all before work
    stage = model_stage_from_args(args)
    files = []
    for doc, digest in inputs:
        result = fix(doc, rules, FixSettings(threshold=args.threshold), model=stage)
        review = review_items(result)
        files.append(ReviewFile(doc=doc, sha256=digest, review=review))
    page = render_page(files, __version__, rules.digest, page_size=args.page_size)
    write_out(args.output, page.encode("utf-8"))
    count = sum(len(f.review.items) for f in files)
    sys.stderr.write(f"mtfix: review of {count} issue(s) in {len(files)} file(s) written to "
                     f"{args.output}\n")
    return 0
