"""``mtfix score``: BLEU, chrF, chrF++ and TER by sacrebleu, with paired significance tests.

Registering the subcommand imports nothing heavy; sacrebleu loads only when ``score`` runs.
"""

from __future__ import annotations

import argparse
import sys

METRICS_DEFAULT = "bleu,chrf,chrf++,ter"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "score",
        help="score a hypothesis against references (sacrebleu BLEU, chrF, chrF++, TER)",
        description=(
            "Score HYP against one or more references with sacrebleu. Lines are read as the "
            "sacrebleu CLI reads them, so scores and signatures equal its output. With "
            "--baseline and --paired-bs/--paired-ar, run sacrebleu's paired significance test "
            "(--seed and --n-samples; defaults as in sacrebleu)."
        ),
    )
    p.add_argument("hyp", metavar="HYP", help="hypothesis file, one segment per line")
    p.add_argument("--ref", "-r", action="append", required=True, metavar="REF",
                   help="reference file (repeat for several references)")
    p.add_argument("--baseline", "-b", metavar="BASE", help="baseline hypothesis to compare with")
    p.add_argument("--metrics", "-m", default=METRICS_DEFAULT,
                   help=f"comma-separated metrics (default: {METRICS_DEFAULT})")
    p.add_argument("--sentence", action="store_true", help="also report sentence-level scores")
    test = p.add_mutually_exclusive_group()
    test.add_argument("--paired-bs", action="store_true",
                      help="paired bootstrap resampling against --baseline")
    test.add_argument("--paired-ar", action="store_true",
                      help="paired approximate randomization against --baseline")
    p.add_argument("--n-samples", type=int, default=None, metavar="N",
                   help="resamples (bs, default 1000) or trials (ar, default 10000)")
    p.add_argument("--seed", type=int, default=12345, metavar="S",
                   help="random seed of the paired test (default: 12345, as sacrebleu)")
    p.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text",
                   help="output: readable text (default), JSON for machines, or a Markdown table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mtfix.errors import UserError
    from mtfix.scoring.metrics import parse_metric_keys
    from mtfix.scoring.score import score_files

    paired = "bs" if args.paired_bs else "ar" if args.paired_ar else None
    if paired is not None and args.baseline is None:
        raise UserError("--paired-bs/--paired-ar need --baseline BASE")
    report = score_files(
        args.hyp,
        args.ref,
        baseline=args.baseline,
        metrics=parse_metric_keys(args.metrics),
        sentence=args.sentence,
        paired=paired,
        n_samples=args.n_samples,
        seed=args.seed,
    )
    sys.stdout.write(report.render(args.format))
    return 0
