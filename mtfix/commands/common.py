"""Options and helpers that several subcommands share."""

from __future__ import annotations

import argparse
import importlib.util
from datetime import date
from pathlib import Path

from mtfix.document import Severity
from mtfix.errors import UserError
from mtfix.formats import FORMATS
from mtfix.rules import RuleSet, load_rules, load_tables
from mtfix.rules.boilerplate import class_tables


def add_rule_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("rules")
    g.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="add a rule table (YAML file) or a folder of them; a table with the "
                        "same 'table:' id as a shipped one replaces it (repeatable)")
    g.add_argument("--disable", action="append", default=[], metavar="ID",
                   help="disable a table or one entry by id, e.g. 'quotes' or "
                        "'entities-iraq.mohammed_shia_al_sudani' (repeatable; see 'mtfix rules')")
    g.add_argument("--regex-timeout", type=float, default=1.0, metavar="SECONDS",
                   help="stop a rule's regular expression after this long (default 1)")
    g.add_argument("--keep-boilerplate", action="store_true",
                   help="keep web-page boilerplate: disable every table of the class "
                        "(kinds boilerplate and page-structure)")


def add_input_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input")
    g.add_argument("--input-format", choices=FORMATS, default=None,
                   help="text (one segment per line), jsonl, tsv, po, xliff or tmx; default: by "
                        "extension (.jsonl/.ndjson, .tsv, .po/.pot, .xlf/.xliff, .tmx; else text)")
    g.add_argument("--mt-column", default="mt", metavar="NAME",
                   help="JSONL key (dotted for nested, e.g. hypotheses.Online-B) or TSV column "
                        "holding the MT (default: mt)")
    g.add_argument("--src-column", default="src", metavar="NAME",
                   help="key or column of the source text (default: src)")
    g.add_argument("--ref-column", default="ref", metavar="NAME",
                   help="key or column of a reference translation (default: ref)")
    g.add_argument("--date", type=date_arg, default=None, metavar="YYYY-MM-DD",
                   help="the documents' publication date: a date written without its year "
                        "(\"Tuesday (November 6)\", \"the fifth of Mordad\") is read as the one "
                        "nearest it, so weekdays are checked and solar dates converted")


def date_arg(value: str) -> date:
    try:
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2024-07-27") from None


def severity_arg(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def rules_from_args(args: argparse.Namespace) -> RuleSet:
    disabled = list(args.disable)
    if getattr(args, "keep_boilerplate", False):
        disabled += class_tables(load_tables(args.rules))
    return load_rules(args.rules, disabled, timeout=args.regex_timeout)


MODEL_PACKAGES = ("torch", "transformers")
INSTALL_MODEL = ("install the model extra: pip install -e '.[model]' in the checkout (CPU-only "
                 "torch first: pip install torch==2.13.0 --index-url "
                 "https://download.pytorch.org/whl/cpu)")


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing_model_packages() -> list[str]:
    """The packages the seq2seq model needs that are not installed (the ``model`` extra)."""
    return [m for m in MODEL_PACKAGES if not _installed(m)]


def model_dir_from_args(args: argparse.Namespace) -> Path | None:
    """The model ``--model``/``--no-model`` name (None: rules only, the default), for fix and
    bench alike; a UserError when the ``model`` extra is not installed."""
    if args.no_model or not args.model:
        return None
    missing = missing_model_packages()
    if missing:
        raise UserError(f"the model needs {' and '.join(missing)}: {INSTALL_MODEL}; "
                        "or run rules only without --model")
    from mtfix.model.stage import resolve_model_dir

    return resolve_model_dir(args.model)
