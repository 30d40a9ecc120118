"""``check|fix --engine ray`` (issue 15, part 3).

The first tests need no Ray: the per-batch functions (documents cut from a file, the two-pass
fix) against the single-process pipeline, and the one-line errors. The rest start one local
Ray for the module (2 CPUs, no dashboard, a small object store) and compare what a Ray job
writes with the single-process result for each document; they skip where Ray is not installed
(CI installs the ``ray`` extra, so they run there).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import mtfix
from mtfix.cli import main
from mtfix.commands import batch as work
from mtfix.document import Severity, make_issue
from mtfix.formats import Columns
from mtfix.pipeline import FixSettings

# Written for these tests: typical MT slips the rules catch, and clean sentences.
SENTENCES = (
    "The prime minister met the ambassador in Baghdad on Monday. .",
    "Officials said that ,the road to Herat would reopen next week.",
    "The meeting was held on January 18 (Marghumi 28) in Kabul.",
    "Share this news on your social networks",
    "Farmers near Basra said the harvest was better than last year.",
    "The council approved a plan to repair nine bridges before winter.",
    "Twilight News reported that the talks in Erbil ended without agreement.",
    "Click here to subscribe to our newsletter",
)


@pytest.fixture(scope="module")
def rules() -> mtfix.RuleSet:
    return mtfix.load_rules()


def write_jsonl(path: Path) -> list[str]:
    lines = [json.dumps({"id": i, "mt": s}) + "\n" for i, s in enumerate(SENTENCES)]
    path.write_text("".join(lines), encoding="utf-8")
    return lines


def one_row(line: str, path: Path) -> mtfix.Document:
    """A JSONL row read alone by the single-process reader: the reference document."""
    return mtfix.read_document(str(path), "jsonl", data=line.encode("utf-8"))


# ---- no Ray needed -------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, content, starts", [
    ("text", "\n\nA one.\nA two.\n\n\nB one.\r\nB two.", [1, 7]),
    ("text", "A.\nB.\n", [1]),
    ("jsonl", '{"mt": "a"}\n\n{"mt": "b"}\n{"mt": "c"}', [1, 3, 4]),
    ("jsonl", "", []),
])
def test_documents_partition_the_file(fmt: str, content: str, starts: list[int]) -> None:
    pieces = list(work.split_documents(content, "f", fmt))
    assert [p.line for p in pieces] == starts
    assert "".join(p.text for p in pieces) == content


def test_a_bad_row_is_named_by_its_line_in_the_file() -> None:
    piece = work.Piece("rows.jsonl", 7, '{"mt": \n')
    with pytest.raises(mtfix.UserError, match=r"^rows\.jsonl:7: not valid JSON"):
        work.read_piece(piece, "jsonl", Columns())


def fake_model(doc: mtfix.Document, open_issues: list[mtfix.Issue]) -> list[mtfix.Issue]:
    """A stand-in model: proposes 'officials' for a sentence-initial 'Officials'."""
    out = []
    for seg in doc.segments:
        if seg.text.startswith("Officials"):
            out.append(make_issue(seg, 0, 9, category="other/mistranslation",
                                  severity=Severity.MINOR, rule_id="model.fake",
                                  message="fake", replacements=("officials",),
                                  confidence=0.9, origin="model"))
    return out


def test_two_pass_fix_is_pipeline_fix(rules: mtfix.RuleSet, tmp_path: Path) -> None:
    doc = mtfix.Document.from_text("\n".join(SENTENCES) + "\n")
    settings = FixSettings()
    state = work.rule_pass(doc, rules, settings)
    assert work.finish(state) == mtfix.fix(doc, rules, settings)
    with_model = work.model_pass(state, fake_model, settings)
    expected = mtfix.fix(doc, rules, settings, model=fake_model)
    assert with_model == expected
    assert any(e.origin == "model" for e in expected.edits)  # the fake model did something


def test_without_ray_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.jsonl"
    write_jsonl(path)
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    assert main(["check", "--engine", "ray", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install -e '.[ray]'" in err


@pytest.mark.parametrize("argv, message", [
    (["fix", "--engine", "ray", "{f}", "--in-place"], "--in-place is not available"),
    (["check", "--engine", "ray", "{f}", "--format", "sarif"], "--format sarif is not"),
    (["check", "--engine", "ray", "{f}", "-o", "{d}"], "exists already"),
    (["check", "--engine", "ray", "-"], "not stdin"),
    (["fix", "--engine", "ray", "{p}"], "give -o DIR"),
])
def test_refused_before_ray_starts(argv: list[str], message: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.jsonl"
    write_jsonl(path)
    (tmp_path / "t.parquet").write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "ray", None)  # these fail before Ray is needed
    args = [a.format(f=path, d=tmp_path, p=tmp_path / "t.parquet") for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


# ---- with a local Ray ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_ray():  # noqa: ANN201 - the ray module
    ray = pytest.importorskip("ray")
    pytest.importorskip("pyarrow")
    import logging

    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR,
             object_store_memory=100 * 1024 * 1024)
    yield ray
    ray.shutdown()


def test_check_jsonl_matches_single_process(local_ray, rules: mtfix.RuleSet, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.jsonl"
    lines = write_jsonl(path)
    code = main(["check", "--engine", "ray", "--workers", "2", "--format", "json", str(path)])
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in records] == list(range(1, len(lines) + 1))
    expected = [[i.to_dict() for i in mtfix.check(one_row(line, path), rules)]
                for line in lines]
    assert [r["issues"] for r in records] == expected
    assert sum(map(len, expected)) >= 6  # the rules did fire
    assert code == 1  # issues found, --fail-on minor


def test_fix_jsonl_folder_matches_single_process(local_ray, rules: mtfix.RuleSet,
                                                 tmp_path: Path) -> None:
    path, out = tmp_path / "rows.jsonl", tmp_path / "fixed"
    lines = write_jsonl(path)
    assert main(["fix", "--engine", "ray", "-q", str(path), "-o", str(out)]) == 0
    files = sorted(out.glob("*.jsonl"))
    records = sorted((json.loads(x) for f in files for x in f.read_text().splitlines()),
                     key=lambda r: r["line"])
    results = [mtfix.fix(one_row(line, path), rules) for line in lines]
    assert [r["text"] for r in records] == \
        [mtfix.write_document(r.fixed, r.edits) for r in results]
    assert [r["edits"] for r in records] == [[e.to_dict() for e in r.edits] for r in results]
    assert [r["unapplied"] for r in records] == \
        [[i.to_dict() for i in r.unapplied] for r in results]
    assert sum(r["changed"] for r in records) >= 4
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp


def test_parquet_in_and_out(local_ray, rules: mtfix.RuleSet, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src, out = tmp_path / "rows.parquet", tmp_path / "issues"
    pq.write_table(pa.table({"id": list(range(len(SENTENCES))), "hyp": list(SENTENCES)}), src)
    code = main(["check", "--engine", "ray", str(src), "--mt-column", "hyp", "-o", str(out),
                 "--output-format", "parquet"])
    assert code == 1
    table = pa.concat_tables(pq.read_table(f) for f in sorted(out.glob("*.parquet")))
    table = table.sort_by("id")
    assert table["hyp"].to_pylist() == list(SENTENCES)  # the input columns are kept
    expected = [[replace(i, segment=0).to_dict()
                 for i in mtfix.check(mtfix.Document.from_text(s), rules)] for s in SENTENCES]
    assert table["mtfix_issues"].to_pylist() == expected


def test_text_documents_end_at_blank_lines(local_ray, rules: mtfix.RuleSet, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    docs = ["\n".join(SENTENCES[:4]) + "\n", "\n".join(SENTENCES[4:]) + "\n"]
    path = tmp_path / "pages.txt"
    path.write_text("\n".join(docs), encoding="utf-8")
    assert main(["fix", "--engine", "ray", "-q", str(path)]) == 0
    expected = "".join(mtfix.write_document(mtfix.fix(mtfix.Document.from_text(d), rules).fixed)
                       for d in (docs[0] + "\n", docs[1]))
    assert capsys.readouterr().out == expected


def test_a_bad_row_fails_the_job_in_one_line(local_ray, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, out = tmp_path / "rows.jsonl", tmp_path / "out"
    lines = write_jsonl(path)
    path.write_text("".join(lines[:2]) + '{"mt": broken\n', encoding="utf-8")
    assert main(["check", "--engine", "ray", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"mtfix: error: {path}:3: not valid JSON")
    assert not out.exists() and [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_ray_batches_carry_the_publication_date() -> None:
    """``--date`` reaches the documents a Ray actor reads (no cluster needed: the batch reader
    on a pyarrow table, as Ray Data hands it over)."""
    pa = pytest.importorskip("pyarrow")
    from datetime import date

    from mtfix.commands import ray_workers

    table = pa.table({"path": ["a.txt"], "line": [1],
                      "text": ["The interview was published on Friday, the fifth of Mordad.\n"]})
    job = ray_workers.Job(command="fix", fmt="text", columns=Columns(), tables=(), disabled=(),
                          timeout=1.0, published=date(2024, 7, 27))
    [doc] = ray_workers._documents(table, job)
    assert doc.published == date(2024, 7, 27)
    [doc] = ray_workers._documents(table, replace(job, published=None))
    assert doc.published is None
