"""`mtfix train`: train the seq2seq corrector (see mtfix.model.train)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from mtfix.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="shared data dir (has ape/)")
    parser.add_argument("--out", required=True, type=Path, help="model directory to write")
    parser.add_argument("--steps", type=int, default=2000, help="optimizer steps (default 2000)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    parser.add_argument("--init", type=Path, help="local seq2seq checkpoint to fine-tune")
    parser.add_argument(
        "--size",
        choices=("tiny", "mini", "small", "base"),
        default="mini",
        help="shape when from scratch",
    )
    parser.add_argument(
        "--arch", choices=("marian", "t5"), default="marian", help="architecture from scratch"
    )
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    parser.add_argument(
        "--device", choices=("auto", "cpu", "cuda"), default="auto",
        help="where to train: cuda (a GPU; an error when none is available), cpu, or auto "
        "(cuda when available, else cpu; the default)",
    )
    parser.add_argument("--max-minutes", type=float, help="stop early after this wall time")
    parser.add_argument("--limit", type=int, help="use at most N training examples")
    parser.add_argument("--eval-rows", type=int, default=200, help="held-out rows to score")
    parser.add_argument(
        "--calibrate-rows", type=int, default=100,
        help="held-out APE rows per pair for threshold calibration (0: skip)",
    )


def resolve_device(choice: str) -> str:
    """``--device``: "cpu" or "cuda"; asking for CUDA where torch sees none is a user error."""
    if choice == "cpu":
        return "cpu"
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        raise UserError("training needs torch (pip install torch)")
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if choice == "cuda":
        raise UserError("--device cuda: torch sees no CUDA device (use --device cpu)")
    return "cpu"


def register(subparsers: Any) -> None:
    """Add the ``train`` subcommand to an argparse subparsers object."""
    parser = subparsers.add_parser("train", help="train the seq2seq corrector", description=__doc__)
    add_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mtfix.model.data import DataSettings
    from mtfix.model.train import TrainSettings, train_model

    if not (args.data / "ape").is_dir():
        raise UserError(f"{args.data}: no ape/ folder (expected the shared data directory)")
    if args.init is not None and not (args.init / "config.json").exists():
        raise UserError(f"{args.init}: not a save_pretrained model directory")
    device = resolve_device(args.device)
    data = replace(DataSettings(seed=args.seed), limit=args.limit)
    settings = TrainSettings(
        data_dir=args.data,
        out_dir=args.out,
        steps=args.steps,
        seed=args.seed,
        size=args.size,
        arch=args.arch,
        init=args.init,
        batch_size=args.batch_size,
        lr=args.lr,
        threads=args.threads,
        device=device,
        eval_rows=args.eval_rows,
        calibrate_rows=args.calibrate_rows,
        max_minutes=args.max_minutes,
        data=data,
    )
    report = train_model(settings)
    print(
        f"wrote {args.out} ({report.size_bytes / 1e6:.1f} MB) after {report.steps} steps "
        f"in {report.wall_s / 60:.1f} min",
        file=sys.stderr,
    )
    return 0
