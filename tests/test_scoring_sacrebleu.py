"""``mtfix score`` against the sacrebleu CLI on every wmt21_xen pair (acceptance 1 and 2).

TER costs seconds per system, so every system file is compared on BLEU (what can differ between
two readers is the lines read, and the signature) and one system per pair on all four metrics.
benchmarks/sacrebleu_equality.py compares every metric on every system. The sacrebleu CLI runs
in subprocesses while mtfix scores the same files, so both cores are busy.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mtfix.errors import UserError

pytestmark = pytest.mark.slow  # sacrebleu CLI subprocesses; about a minute in all

TER_LINES = 40
PAIRS = ("cs-en", "de-en", "ha-en", "is-en", "ja-en", "ru-en", "zh-en")


def run_mtfix(argv: list[str]) -> tuple[int, str, str]:
    """Run ``mtfix`` in-process: the project CLI if present, else the subcommand's contract."""
    try:
        from mtfix.cli import main
    except ImportError:
        main = None
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if main is not None:
                code = main(argv)
            else:
                from mtfix.commands import score

                parser = argparse.ArgumentParser(prog="mtfix")
                score.register(parser.add_subparsers())
                args = parser.parse_args(argv)
                try:
                    code = args.func(args)
                except UserError as exc:
                    print(f"mtfix: error: {exc}", file=sys.stderr)
                    code = 2
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return int(code or 0), out.getvalue(), err.getvalue()


def write_pair(data: Path, pair: str, tmp: Path) -> tuple[list[Path], list[Path]]:
    rows = [json.loads(line) for line in (data / "wmt21_xen" / f"{pair}.jsonl").open()]
    refs, hyps = [], []
    for key in rows[0]["references"]:
        p = tmp / f"{pair}.ref.{key}"
        p.write_text("".join(r["references"][key] + "\n" for r in rows), encoding="utf-8")
        refs.append(p)
    for system in rows[0]["hypotheses"]:
        p = tmp / f"{pair}.hyp.{system}"
        p.write_text("".join(r["hypotheses"][system] + "\n" for r in rows), encoding="utf-8")
        hyps.append(p)
    return refs, hyps


def sacrebleu_cli(args: list[str], seed: int | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_COLOR="1")
    if seed is not None:
        env["SACREBLEU_SEED"] = str(seed)
    return subprocess.Popen(
        [sys.executable, "-m", "sacrebleu", *args, "-q", "-nc"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def parse_table(stdout: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Parse sacrebleu's multi-system table: {system: {metric: score}}, {metric: signature}."""
    rows = [
        [c.strip() for c in line.strip().strip("│").split("│")]
        for line in stdout.splitlines() if line.startswith("│")
    ]
    header, body = rows[0], rows[1:]
    table = {r[0]: dict(zip(header[1:], r[1:], strict=True)) for r in body}
    sigs = dict(re.findall(r"^ - (\S+)\s+(\S+)$", stdout, flags=re.M))
    return table, sigs


def head(path: Path, n: int, tmp: Path) -> str:
    out = tmp / f"head{n}.{path.name}"
    out.write_text("".join(path.read_text(encoding="utf-8").splitlines(True)[:n]), "utf-8")
    return str(out)


def finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


@pytest.mark.parametrize("pair_index", range(len(PAIRS)), ids=PAIRS)
def test_score_equals_sacrebleu_cli(shared_data: Path, tmp_path: Path, pair_index: int) -> None:
    """Scores to 2 decimals and signatures equal the sacrebleu CLI's: BLEU on every system file,
    chrF and chrF++ on one full system file (rotating through the ranks), TER on its first
    TER_LINES lines (sacrebleu's TER is pure Python: seconds per file)."""
    pair = PAIRS[pair_index]
    refs, hyps = write_pair(shared_data, pair, tmp_path)
    full = hyps[pair_index % len(hyps)]
    ter_refs = [head(r, TER_LINES, tmp_path) for r in refs]
    ter_hyp = head(full, TER_LINES, tmp_path)
    ref_args = [str(r) for r in refs]
    w2 = ["-w", "2", "-f"]
    cli_bleu = sacrebleu_cli([*ref_args, "-i", *map(str, hyps), "-m", "bleu", *w2, "text"])
    cli_chrf = sacrebleu_cli([*ref_args, "-i", str(full), "-m", "chrf", *w2, "json"])
    cli_pp = sacrebleu_cli([*ref_args, "-i", str(full), "-m", "chrf", "-cw", "2", *w2, "json"])
    cli_ter = sacrebleu_cli([*ter_refs, "-i", ter_hyp, "-m", "ter", *w2, "json"])

    def ours(hyp: str, references: list[str], metrics: str) -> dict[str, dict[str, object]]:
        argv = ["score", hyp, "--format", "json", "--metrics", metrics]
        argv += [x for r in references for x in ("--ref", r)]
        code, out, err = run_mtfix(argv)
        assert code == 0, err
        return {m["name"]: m for m in json.loads(out)["corpus"]}

    mine = {str(h): ours(str(h), ref_args, "bleu,chrf,chrf++" if h == full else "bleu")
            for h in hyps}
    mine_ter = ours(ter_hyp, ter_refs, "ter")["TER"]

    table, sigs = parse_table(finish(cli_bleu))
    assert set(table) == set(mine) and len(mine) == len(hyps) >= 2
    for hyp, scores in mine.items():
        assert f"{scores['BLEU']['score']:.2f}" == table[hyp]["BLEU"], hyp
        assert scores["BLEU"]["signature"] == sigs["BLEU"], hyp
    for proc, name in ((cli_chrf, "chrF2"), (cli_pp, "chrF2++")):
        cli = json.loads(finish(proc))
        assert cli["name"] == name
        assert f"{mine[str(full)][name]['score']:.2f}" == f"{cli['score']:.2f}", name
        assert mine[str(full)][name]["signature"] == cli["signature"], name
    cli = json.loads(finish(cli_ter))
    assert f"{mine_ter['score']:.2f}" == f"{cli['score']:.2f}"
    assert mine_ter["signature"] == cli["signature"]


def pvalues_from_text(stdout: str) -> list[str]:
    return re.findall(r"\(p = ([0-9.]+)\)", stdout)


def test_paired_pvalues_equal_sacrebleu_cli(shared_data: Path, tmp_path: Path) -> None:
    """p-values of --paired-bs (sacrebleu's defaults) and --paired-ar (own seed and n) equal
    the sacrebleu CLI's on the same files: TER_LINES lines of cs-en, two systems, two refs."""
    refs, hyps = write_pair(shared_data, "cs-en", tmp_path)
    ref_args = [head(r, TER_LINES, tmp_path) for r in refs]
    base, system = head(hyps[1], TER_LINES, tmp_path), head(hyps[4], TER_LINES, tmp_path)
    seed, n_ar = 4711, 2000
    # sacrebleu's JSON output crashes on float32 bootstrap means, so read --paired-bs from text
    # (p = (c+1)/(n+1) to 4 decimals identifies c exactly for n < 10000); AR from JSON, exactly.
    cli_bs = sacrebleu_cli(
        [*ref_args, "-i", base, system, "-m", "bleu", "chrf", "ter", "--paired-bs", "-f", "text"])
    cli_ar = sacrebleu_cli(
        [*ref_args, "-i", base, system, "-m", "bleu", "chrf", "ter", "--paired-ar",
         "--paired-ar-n", str(n_ar), "-f", "json"], seed=seed)
    common = ["score", system, *[x for r in ref_args for x in ("--ref", r)], "--baseline", base,
              "--format", "json"]
    code, out_bs, err = run_mtfix([*common, "--metrics", "bleu,chrf,ter", "--paired-bs"])
    assert code == 0, err
    ar_opts = ["--paired-ar", "--n-samples", str(n_ar), "--seed", str(seed)]
    code, out_ar, err = run_mtfix([*common, "--metrics", "bleu,chrf,ter", *ar_opts])
    assert code == 0, err

    ours_bs = json.loads(out_bs)["paired"]["results"]
    cli_bs_out = finish(cli_bs)
    assert [f"{r['p_value']:.4f}" for r in ours_bs] == pvalues_from_text(cli_bs_out)
    cli_sigs = dict(re.findall(r"^ - (\S+)\s+(\S+)$", cli_bs_out, flags=re.M))
    assert {r["name"]: r["signature"] for r in ours_bs} == cli_sigs

    ours_ar = json.loads(out_ar)["paired"]["results"]
    cli_ar_rows = json.loads(finish(cli_ar))
    cli_ar_p = [cli_ar_rows[1][name]["p_value"] for name in ("BLEU", "chrF2", "TER")]
    assert [r["p_value"] for r in ours_ar] == cli_ar_p
    # another seed draws other trials: the equality above is not vacuous
    code, out_other, _ = run_mtfix([*common, "--metrics", "bleu,chrf", "--paired-ar",
                                    "--n-samples", str(n_ar), "--seed", str(seed + 1)])
    assert [r["p_value"] for r in json.loads(out_other)["paired"]["results"]] != cli_ar_p[:2]
