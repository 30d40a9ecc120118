"""The ``mtfix`` command: a thin layer over the Python API (one module per subcommand)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from mtfix import __version__
from mtfix.commands.output import silence_stdout, write_stdout
from mtfix.errors import UserError

# Each module has register(subparsers) that adds its parser and sets func=run.
COMMAND_MODULES = ("check", "fix", "review", "apply", "rules", "score", "bench", "train")

DESCRIPTION = """\
Find and fix the errors machine translation makes in English news, and measure the result.

  mtfix check doc.txt                 list problems (spans, category, MQM severity, why)
  mtfix fix doc.txt -o fixed.txt      apply the confident fixes; report the rest
  mtfix fix doc.txt --diff            show what would change
  mtfix score fixed.txt --ref ref.txt BLEU, chrF, chrF++, TER (sacrebleu) with signatures
  mtfix bench                         benchmark report (report.md, report.json)
  mtfix rules                         the rule tables loaded, with counts and sources

Exit codes: 0 clean or success, 1 issues at or above --fail-on, 2 usage or input error.
"""


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"mtfix: error: {message} (see 'mtfix --help')\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="mtfix", description=DESCRIPTION,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"mtfix {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"mtfix.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code = int(args.func(args))
        write_stdout("")  # flush: a full disk shows here, not in the interpreter's last flush
        return code
    except UserError as exc:
        sys.stderr.write(f"mtfix: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("mtfix: interrupted\n")
        return 130
    except BrokenPipeError:
        silence_stdout()
        return 0
    except OSError as exc:  # e.g. stdout on a full disk
        silence_stdout()
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"mtfix: error: {where}{exc.strerror or exc}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
