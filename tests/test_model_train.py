"""Train a tiny corrector in seconds, save it, load it through the backend, run it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mtfix.document import Document
from mtfix.model.data import DataSettings, build_dataset

pytest.importorskip("torch")
pytest.importorskip("transformers")

SENTENCES = [
    "The minister said the government would continue to support farmers in the region.",
    "The council called on the army to withdraw its forces from the city.",
    "He spoke at the forum in Davos, saying that the mission must end soon.",
    "The United States has about 2,500 troops in Iraq .",
    "Officials met in Baghdad on Thursday to discuss the security situation .",
    "The group asked the court to review its decision on the case .",
]


#: In the synthetic suite's text (psen_wiki/dev.tsv) and, by accident, in the training file.
BENCHMARK = "The governor of the province opened a new bridge over the river on Monday."


def _fake_data(root: Path) -> Path:
    (root / "ape").mkdir(parents=True)
    (root / "psen_wiki").mkdir()
    rng = random.Random(0)
    rows = ["seg_id\tsrc\tmt\tpe\thter", f"x\tsrc x\t{BENCHMARK.lower()}\t{BENCHMARK}\t0.1"]
    for i in range(40):
        pe = rng.choice(SENTENCES)
        mt = pe.replace(" the ", " ", 1) if i % 3 else pe
        rows.append(f"{i}\tsrc {i}\t{mt}\t{pe}\t{0.0 if mt == pe else 0.1}")
    (root / "ape" / "et-en.train.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    psen = ["id\tps\ten"] + [f"{i}\tx\t{s.replace(' .', '.')}" for i, s in enumerate(SENTENCES)]
    psen.append(f"99\tx\t{BENCHMARK}")
    (root / "psen_wiki" / "devtest.tsv").write_text("\n".join(psen) + "\n", encoding="utf-8")
    (root / "psen_wiki" / "dev.tsv").write_text(f"id\tps\ten\n0\tx\t{BENCHMARK}\n",
                                                encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mtfix.model.train import TrainSettings, train_model

    root = tmp_path_factory.mktemp("tiny")
    data = _fake_data(root / "data")
    out = root / "model"
    report = train_model(
        TrainSettings(
            data_dir=data, out_dir=out, steps=6, size="tiny", batch_size=8, eval_rows=5,
            threads=1, calibrate_rows=3, data=DataSettings(tune_rows=5),
        )
    )
    assert report.steps == 6 and report.size_bytes > 0
    return out


def test_dataset_is_deterministic(tmp_path: Path) -> None:
    data = _fake_data(tmp_path)
    a = build_dataset(data, DataSettings(seed=3, tune_rows=5))
    b = build_dataset(data, DataSettings(seed=3, tune_rows=5))
    assert a == b
    assert len(a[1]) == 5
    assert any(e.source == e.target for e in a[0])  # copies teach to leave text alone
    assert all(" ." not in e.target for e in a[0] if e.kind.startswith("ape"))  # detokenised


def test_benchmark_sentences_never_enter_training(tmp_path: Path) -> None:
    data = _fake_data(tmp_path)
    train, _ = build_dataset(data, DataSettings(seed=3, tune_rows=5, copy_share=1.0))
    texts = {t for e in train for t in (e.source, e.target)}
    assert BENCHMARK not in texts
    # every other devtest sentence is a copy example here (copy_share 1.0), once each
    copies = [e.source for e in train if e.kind == "copy"]
    assert len(copies) == len(set(copies))
    assert "He spoke at the forum in Davos, saying that the mission must end soon." in copies


def test_model_dir_layout(tiny_model: Path) -> None:
    names = {p.name for p in tiny_model.iterdir()}
    assert {"config.json", "model.safetensors", "README.md", "train_report.json"} <= names
    assert "mtfix_calibration.json" in names
    assert not any(n.endswith((".bin", ".pt", ".pkl")) for n in names)
    assert "Retrain" in (tiny_model / "README.md").read_text(encoding="utf-8")


def test_backend_proposes_and_scores(tiny_model: Path) -> None:
    from mtfix.model.backend import TransformersProposer

    proposer = TransformersProposer.load(tiny_model, threads=1, batch_size=2)
    texts = ["The group asked the court.", "Officials met in Baghdad on Thursday."] * 2
    props = proposer.propose(texts)
    assert [p.source for p in props] == texts
    for p in props:
        assert isinstance(p.text, str)
        assert p.copy_logprob <= 0.0 and p.tokens >= 1
        assert 0.0 <= p.confidence <= 1.0
    scores = proposer.copy_scores(texts)
    assert len(scores) == 4 and scores[0] == pytest.approx(scores[2], abs=1e-4)


def test_corrector_end_to_end(tiny_model: Path) -> None:
    from mtfix.model.integrate import ModelSettings, load_corrector

    corrector = load_corrector(tiny_model, qe_threshold=0.0)  # send everything
    assert isinstance(corrector.settings, ModelSettings)
    doc = Document.from_text(
        "The council called on the army. Forces asked to withdraw from the city.\n"
    )
    run = corrector.run(doc, [])
    assert run.stats.units_sent >= 1
    seg = doc.segments[0]
    for issue in run.issues:
        assert seg.text[issue.start : issue.end] == issue.span
        assert issue.origin == "model"


def test_refuses_pickle_only_dirs(tmp_path: Path) -> None:
    from mtfix.model.backend import TransformersProposer

    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "pytorch_model.bin").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match="safetensors"):
        TransformersProposer.load(tmp_path)


def test_training_is_reproducible_from_the_seed(tmp_path: Path) -> None:
    from safetensors.numpy import load_file

    from mtfix.model.train import TrainSettings, train_model

    data = _fake_data(tmp_path / "data")
    weights = []
    for name in ("a", "b"):
        out = tmp_path / name
        train_model(
            TrainSettings(
                data_dir=data, out_dir=out, steps=3, size="tiny", batch_size=8, eval_rows=0,
                threads=1, calibrate_rows=0, data=DataSettings(tune_rows=5),
            )
        )
        weights.append(load_file(str(out / "model.safetensors")))
    assert weights[0].keys() == weights[1].keys()
    assert all((weights[0][k] == weights[1][k]).all() for k in weights[0])


def test_device_flag_is_parsed_and_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    from mtfix.cli import build_parser
    from mtfix.commands.train import resolve_device
    from mtfix.errors import UserError

    parser = build_parser()
    base = ["train", "--data", "d", "--out", "o"]
    assert parser.parse_args(base).device == "auto"
    assert parser.parse_args([*base, "--device", "cuda"]).device == "cuda"
    with pytest.raises(SystemExit):
        parser.parse_args([*base, "--device", "tpu"])
    assert resolve_device("cpu") == "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"
    with pytest.raises(UserError, match="no CUDA"):
        resolve_device("cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("cuda") == "cuda" and resolve_device("auto") == "cuda"


def test_train_command_on_cpu(tmp_path: Path) -> None:
    import json

    from mtfix.cli import main

    data = _fake_data(tmp_path / "data")
    out = tmp_path / "model"
    rc = main(["train", "--data", str(data), "--out", str(out), "--steps", "2", "--size", "tiny",
               "--batch-size", "4", "--threads", "1", "--eval-rows", "0", "--calibrate-rows", "0",
               "--device", "cpu"])
    assert rc == 0
    report = json.loads((out / "train_report.json").read_text(encoding="utf-8"))
    assert report["settings"]["device"] == "cpu" and report["report"]["steps"] == 2
