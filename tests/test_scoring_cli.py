"""``mtfix score``: user mistakes exit 2 with one line; formats; sentence-level scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.scoring.metrics import corpus_scores, parse_metric_keys, sentence_scores
from mtfix.scoring.textio import split_lines

HYP = ["The cat sat on the mat.", "It rained all day in Kabul  ", "A third line"]
REF = ["The cat sat on the mat.", "It rained the whole day in Kabul.", "A third line."]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, lines in (("hyp", HYP), ("ref", REF), ("base", ["x"] * 3), ("short", ["x"])):
        out[name] = tmp_path / f"{name}.txt"
        out[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    out["latin1"] = tmp_path / "latin1.txt"
    out["latin1"].write_bytes("caf\xe9\n".encode("latin-1") * 3)
    return out


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.mark.parametrize("case", ["missing", "mismatch", "baseline-mismatch", "not-utf8",
                                  "bad-metric", "paired-without-baseline"])
def test_user_mistakes_exit_2_with_one_line(case: str, files, capsys) -> None:
    h, r = str(files["hyp"]), str(files["ref"])
    argv = {
        "missing": ["score", h, "--ref", h + ".nope"],
        "mismatch": ["score", h, "--ref", str(files["short"])],
        "baseline-mismatch": ["score", h, "--ref", r, "--baseline", str(files["short"])],
        "not-utf8": ["score", str(files["latin1"]), "--ref", r],
        "bad-metric": ["score", h, "--ref", r, "--metrics", "bleu,meteor"],
        "paired-without-baseline": ["score", h, "--ref", r, "--paired-bs"],
    }[case]
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert err.startswith("mtfix: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_lines_are_read_like_sacrebleu() -> None:
    assert split_lines("a \nb\r\n\nc") == ["a", "b", "", "c"]
    assert split_lines("a\u2028b\n") == ["a\u2028b"]  # only \n ends a line


def test_formats_carry_scores_and_signatures(files, capsys) -> None:
    base = ["score", str(files["hyp"]), "--ref", str(files["ref"])]
    code, out, _ = run([*base, "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    expected = corpus_scores(HYP, [REF])
    assert [(m["name"], m["score"]) for m in data["corpus"]] == [
        (s.name, s.score) for s in expected]
    code, text, _ = run(base, capsys)
    assert f"{expected[0].name}|{expected[0].signature} = {expected[0].score:.2f}" in text
    code, md, _ = run([*base, "--format", "markdown"], capsys)
    assert f"| chrF2++ | {expected[2].score:.2f} |" in md


def test_sentence_level_uses_effective_order_bleu(files, capsys) -> None:
    code, out, _ = run(["score", str(files["hyp"]), "--ref", str(files["ref"]), "--sentence",
                        "--metrics", "bleu,ter", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and len(data["sentences"]) == 3
    assert data["sentences"][0]["bleu"] == pytest.approx(100.0) and data["sentences"][0]["ter"] == 0
    assert "eff:yes" in data["sentence_signatures"]["bleu"]
    rows = sentence_scores(HYP, [REF], ("bleu",))
    assert [r.get("bleu").score for r in rows] == [s["bleu"] for s in data["sentences"]]


def test_baseline_with_paired_test_reports_p_values(files, capsys) -> None:
    code, out, _ = run(["score", str(files["hyp"]), "--ref", str(files["ref"]), "--baseline",
                        str(files["base"]), "--paired-ar", "--n-samples", "50", "--metrics",
                        "chrf", "--format", "json"], capsys)
    data = json.loads(out)
    (res,) = data["paired"]["results"]
    assert code == 0 and 0 < res["p_value"] <= 1 and res["delta"] > 0
    assert "ar:50" in res["signature"] and "seed:12345" in res["signature"]


def test_metric_keys_parse() -> None:
    assert parse_metric_keys("CHRF++, bleu,bleu") == ("chrf++", "bleu")
