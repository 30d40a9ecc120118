"""``mtfix bench``: run the benchmark suites, write report.md and report.json, gate on a baseline.

Exit codes: 0 done (no regression), 1 a gated measure regressed against ``--baseline``,
2 usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "bench",
        help="run the benchmark suites; write report.md and report.json",
        description=(
            "Run the benchmark suites (benchmarks/suites/*.toml): detection precision/recall on "
            "the seed and synthetic errors, do-no-harm and TER/chrF before/after on the shared "
            "data sets, and throughput against pofilter. With --baseline OLD.json, exit 1 when a "
            "gated measure regresses beyond its suite's tolerance."
        ),
    )
    p.add_argument("--out", default="bench-out", metavar="DIR",
                   help="folder for report.md, report.html, report.json and the figures "
                        "(default: bench-out)")
    p.add_argument("--data", metavar="DIR", default=None,
                   help="shared data folder (default: ../shared/data when present)")
    p.add_argument("--suite", action="append", default=[], metavar="NAME",
                   help="run only this suite (repeatable)")
    p.add_argument("--suites-dir", metavar="DIR", default=None,
                   help="folder of suite TOML files (default: benchmarks/suites)")
    p.add_argument("--quick", action="store_true", help="the small CI subset")
    p.add_argument("--baseline", metavar="OLD.json", help="report.json to compare with")
    p.add_argument("--threshold", type=float, default=None,
                   help="confidence threshold for applying fixes (default: fix's default)")
    p.add_argument("--model", metavar="DIR", default=None,
                   help="also run a seq2seq model in fix, exactly as `mtfix fix --model` does: "
                   "a checkpoint directory, or 'default' for the shipped one (default: rules "
                   "only, as fix)")
    p.add_argument("--no-model", action="store_true",
                   help="rules only (the default; overrides --model)")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="add or override rule tables, as for check/fix (repeatable)")
    p.add_argument("--disable", action="append", default=[], metavar="ID",
                   help="disable a table or entry, as for check/fix (repeatable)")
    p.set_defaults(func=run)


def _read_baseline(path: str) -> dict[str, object]:
    import json

    from mtfix.errors import UserError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: not a bench report.json ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or "suites" not in data:
        raise UserError(f"{path}: not a bench report.json (no 'suites')")
    return data


def run(args: argparse.Namespace) -> int:
    from mtfix.commands.common import model_dir_from_args
    from mtfix.errors import UserError
    from mtfix.scoring.bench.results import (
        compare,
        render_json,
        render_markdown,
        signature_differences,
    )
    from mtfix.scoring.bench.run import DEFAULT_SUITES, BenchOptions, default_data_dir, run_bench

    baseline = _read_baseline(args.baseline) if args.baseline else None
    data_dir = Path(args.data) if args.data else default_data_dir()
    if args.data and not data_dir.is_dir():
        raise UserError(f"{args.data}: no such data folder")
    opts = BenchOptions(
        suites_dir=Path(args.suites_dir) if args.suites_dir else DEFAULT_SUITES,
        data_dir=data_dir, names=tuple(args.suite), quick=args.quick,
        rule_paths=tuple(args.rules), disabled=tuple(args.disable), threshold=args.threshold,
        model_dir=model_dir_from_args(args),
    )
    report = run_bench(opts)
    regressions = compare(report, baseline) if baseline is not None else []
    sig_diff = signature_differences(report, baseline) if baseline is not None else []
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from mtfix.scoring.bench.figures import markdown_lines, report_figures
    from mtfix.scoring.bench.html import render_html

    figures = report_figures(report)
    for fig in figures:
        (out / fig.filename).write_text(fig.svg, encoding="utf-8")
    (out / "report.md").write_text(
        render_markdown(report, regressions, sig_diff, args.baseline, markdown_lines(figures)),
        encoding="utf-8")
    (out / "report.html").write_text(
        render_html(report, regressions, sig_diff, args.baseline, figures), encoding="utf-8")
    (out / "report.json").write_text(render_json(report, regressions), encoding="utf-8")
    print(f"mtfix bench: {len(report.suites)} suite(s) in {report.seconds:.1f} s; "
          f"report in {out / 'report.md'}, {out / 'report.html'} and {out / 'report.json'} "
          f"({len(figures)} figure(s))")
    for r in regressions:
        print(f"mtfix: bench: {r.describe()}", file=sys.stderr)
    return 1 if regressions else 0
