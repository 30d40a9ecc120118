"""Streaming ``check`` and ``fix`` (issue 15): a chunked run writes the same bytes as the
in-memory pipeline run document by document, ``--jobs 2`` the same as ``--jobs 1``, and a
killed run leaves no partial output and the input untouched."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SEED

from mtfix import check as check_doc
from mtfix import fix as fix_doc
from mtfix.cli import main
from mtfix.commands.stream import RuleSettings, rules_for
from mtfix.formats import Columns, read_document, write_document
from mtfix.formats.chunks import chunks

# A short news story in our own words, with errors the rules find (a solar-calendar date
# repeating the Gregorian one, a literal euphemism, a split sentence, page boilerplate).
STORY = """\
Iraqi Prime Minister Muhammad Shia Al-Sudani told reporters in Davos on Thursday, January 18 \
(Marghumi 28), that the coalition had finished its work.
He said the coalition was formed to fight the destructive groups in Iraq and Syria. Forces \
asked to withdraw from Iraq.
Al-Sudani spoke at the International Economic Forum, where he met {n} ministers and {m} bankers.
Share this article on Facebook
The prime minister said that {k},500 American troops are still in the country.
"""


def story(n: int) -> str:
    return STORY.format(n=n + 2, m=n % 7 + 1, k=n % 9 + 1)


def corpus(docs: int, eol: str = "\n", bom: bool = False, last_eol: bool = True) -> str:
    """``docs`` stories, separated by one or two blank lines."""
    parts = [story(i) + "\n" * (1 + i % 2) for i in range(docs)]
    text = "".join(parts).replace("\n", eol)
    if not last_eol:
        text = text.rstrip("\r\n")
    return ("\ufeff" if bom else "") + text


def split_documents(text: str) -> list[str]:
    """Documents as the CLI reads them: runs of lines, each with the blank lines after it."""
    docs: list[list[str]] = []
    previous_blank = True
    for line in text.splitlines(keepends=True):
        if not docs or (previous_blank and line.strip()):
            docs.append([])
        docs[-1].append(line)
        previous_blank = not line.strip()
    return ["".join(d) for d in docs]


def per_document(text: str, path: str) -> tuple[list[dict], str, dict]:
    """The in-memory pipeline on each document: issue dicts (file-wide numbers), the fixed
    text and the edit log, as ``check --format json`` and ``fix --log`` write them."""
    rules = rules_for(RuleSettings())
    issues: list[dict] = []
    fixed: list[str] = []
    log: dict = {"path": path, "edits": [], "unapplied": []}
    base = offset = 0
    for n, piece in enumerate(split_documents(text)):
        raw = piece.encode("utf-8")
        if n and piece.startswith("\ufeff"):
            raise AssertionError("a BOM only starts the file")
        doc = read_document(path, "text", data=raw)
        shift = len(piece) - len(doc.text) if n == 0 else 0  # the BOM is not in the offsets
        for i in check_doc(doc, rules):
            d = i.to_dict(doc)
            d["segment"] += base
            d["doc_start"] += offset
            d["doc_end"] += offset
            issues.append(d)
        result = fix_doc(doc, rules)
        fixed.append(write_document(result.fixed, result.edits))
        log["edits"] += [{**e.to_dict(), "segment": e.segment + base} for e in result.edits]
        for i in result.unapplied:
            d = i.to_dict(doc)
            d["segment"] += base
            d["doc_start"] += offset
            d["doc_end"] += offset
            log["unapplied"].append(d)
        base += len(doc.segments)
        offset += len(piece) - shift
    return issues, "".join(fixed), log


def cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mtfix.commands.streamrun.CHUNK_BYTES", 700)


@pytest.mark.parametrize("variant", [
    {}, {"eol": "\r\n"}, {"bom": True}, {"last_eol": False}, {"eol": "\r", "bom": True}])
def test_streamed_output_is_the_in_memory_output(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                 small_chunks: None, variant: dict) -> None:
    text = corpus(7, **variant)
    src = tmp_path / "news.txt"
    src.write_bytes(text.encode("utf-8"))
    issues, fixed, log = per_document(text, str(src))
    rules = rules_for(RuleSettings())
    code, out, _ = cli(capsys, "check", "--format", "json", str(src))
    expected = {"files": [{"path": str(src), "segments": len(text.splitlines()),
                           "issues": issues}],
                "rules": {"tables": len(rules.tables), "digest": rules.digest}}
    assert issues and code == 1
    assert out == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"

    out_path, log_path = tmp_path / "out.txt", tmp_path / "log.json"
    code, _, _ = cli(capsys, "fix", str(src), "-q", "-o", str(out_path), "--log", str(log_path))
    assert code == 0 and log["edits"]
    assert out_path.read_bytes() == fixed.encode("utf-8")
    assert fixed != text
    assert log_path.read_text(encoding="utf-8") == json.dumps(log, ensure_ascii=False,
                                                              indent=1) + "\n"


def test_a_file_without_blank_lines_is_one_document_as_before(
        tmp_path: Path, capsys: pytest.CaptureFixture, small_chunks: None) -> None:
    """The seed (no blank line): the streamed check and fix are the whole-file pipeline's."""
    rules = rules_for(RuleSettings())
    doc = read_document(str(SEED))
    result = fix_doc(doc, rules)
    code, out, _ = cli(capsys, "fix", str(SEED), "--format", "json", "-o",
                       str(tmp_path / "o.txt"))
    log = {"path": str(SEED), "edits": [e.to_dict() for e in result.edits],
           "unapplied": [i.to_dict(doc) for i in result.unapplied]}
    assert out == json.dumps(log, ensure_ascii=False, indent=1) + "\n"
    assert (tmp_path / "o.txt").read_text(encoding="utf-8") == \
        write_document(result.fixed, result.edits)
    code, out, _ = cli(capsys, "check", str(SEED))
    assert out.count("\n") == len(check_doc(doc, rules)) + 1


def rows(n: int) -> tuple[str, str]:
    lines = [line for i in range(n) for line in story(i).splitlines()]
    jsonl = "".join(json.dumps({"id": k, "mt": line}, ensure_ascii=False) + "\n"
                    + ("\n" if k == 3 else "") for k, line in enumerate(lines))
    tsv = "id\tsrc\tmt\n" + "".join(f"{k}\tx\t{line}\n" for k, line in enumerate(lines))
    return jsonl, tsv


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "tsv"])
def test_jobs_two_writes_what_jobs_one_writes(tmp_path: Path, capsys: pytest.CaptureFixture,
                                               small_chunks: None, fmt: str) -> None:
    jsonl, tsv = rows(6)
    src = tmp_path / f"in.{fmt}"
    src.write_text({"txt": corpus(9), "jsonl": jsonl, "tsv": tsv}[fmt], encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        o, g = tmp_path / f"o{jobs}.{fmt}", tmp_path / f"log{jobs}.json"
        checked = cli(capsys, "check", "--jobs", jobs, str(src))
        checked_json = cli(capsys, "check", "--format", "json", "--jobs", jobs, str(src))
        fixed = cli(capsys, "fix", "--jobs", jobs, str(src), "-o", str(o), "--log", str(g))
        outputs.append((checked, checked_json, fixed, o.read_bytes(), g.read_bytes()))
    assert outputs[0] == outputs[1]
    (code, text, _), _, (_, _, summary), fixed_bytes, _ = outputs[0]
    assert code == 1 and text.count("\n") > 6 and "edit(s) applied" in summary
    assert fixed_bytes != src.read_bytes()


def test_rows_are_documents_and_the_tsv_header_is_written_once(
        tmp_path: Path, capsys: pytest.CaptureFixture, small_chunks: None) -> None:
    jsonl, tsv = rows(4)
    rules = rules_for(RuleSettings())
    for name, content in (("a.jsonl", jsonl), ("a.tsv", tsv)):
        src = tmp_path / name
        src.write_text(content, encoding="utf-8")
        lines = content.splitlines(keepends=True)
        head = lines[:1] if name.endswith("tsv") else []
        expected = "".join(head)
        for line in lines[len(head):]:
            doc = read_document(name, data="".join(head + [line]).encode("utf-8"))
            written = write_document(fix_doc(doc, rules).fixed)
            expected += written[len("".join(head)):]
        cli(capsys, "fix", str(src), "-o", str(tmp_path / "o"))
        assert (tmp_path / "o").read_text(encoding="utf-8") == expected != content


def test_chunks_hold_whole_documents(tmp_path: Path) -> None:
    text = corpus(5, eol="\r\n")
    found = list(chunks([text.encode("utf-8")], "x.txt", "text", Columns(), size=200))
    assert len(found) == 5
    assert ["".join(c.lines) for c in found] == split_documents(text)
    assert sum(c.nbytes for c in found) == len(text.encode("utf-8"))


def test_an_empty_tsv_body_keeps_its_header(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    src = tmp_path / "h.tsv"
    src.write_text("id\tmt\r\n", encoding="utf-8")
    code, out, _ = cli(capsys, "fix", str(src), "-q")
    assert (code, out) == (0, "id\tmt\r\n")


def test_a_bad_row_late_in_the_file_leaves_the_outputs_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture, small_chunks: None) -> None:
    jsonl, _ = rows(5)
    src = tmp_path / "bad.jsonl"
    src.write_text(jsonl + "{not json\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    out.write_text("before\n", encoding="utf-8")
    code, stdout, err = cli(capsys, "fix", str(src), "-o", str(out))
    assert code == 2 and stdout == ""
    assert "not valid JSON" in err and err.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "o.jsonl"]


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--jobs", "0", str(SEED)])
    assert exc.value.code == 2


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 3 MB: long enough that a run is still going when it is signalled."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text(corpus(4500), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code", "message", "extra"), [
    (signal.SIGTERM, 143, "mtfix: terminated\n", ["-o", "OUT"]),
    (signal.SIGINT, 130, "mtfix: interrupted\n", ["--in-place"]),
    (signal.SIGINT, 130, "mtfix: interrupted\n", ["-o", "OUT", "--jobs", "2"]),
])
def test_a_killed_run_leaves_no_partial_output(tmp_path: Path, big_input: Path,
                                               sig: signal.Signals, code: int, message: str,
                                               extra: list[str]) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(big_input.read_bytes())
    before = _digest(src)
    out = tmp_path / "out.txt"
    args = [str(out) if a == "OUT" else a for a in extra]
    proc = subprocess.Popen([sys.executable, "-m", "mtfix", "fix", str(src), "-q", *args],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        temps = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if temps and temps[0].stat().st_size > 0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be signalled"
    os.killpg(proc.pid, sig)  # the whole group, as Ctrl-C in a terminal does
    stdout, stderr = proc.communicate(timeout=60)
    assert (proc.returncode, stderr.decode()) == (code, message)
    assert stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]
    assert _digest(src) == before


def test_a_po_file_is_one_document_with_or_without_jobs(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    lines = story(1).splitlines()
    units = "".join(f'msgid "s{n}"\nmsgstr "{line}"\n\n' for n, line in enumerate(lines))
    src = tmp_path / "news.po"
    src.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   + units, encoding="utf-8")
    rules = rules_for(RuleSettings())
    doc = read_document(str(src))
    result = fix_doc(doc, rules)
    for jobs in ("1", "2"):
        code, out, _ = cli(capsys, "fix", "-q", "--jobs", jobs, str(src))
        assert out == write_document(result.fixed, result.edits) != src.read_text("utf-8")
        code, out, _ = cli(capsys, "check", "--jobs", jobs, str(src))
        assert out.count("\n") == len(check_doc(doc, rules)) + 1


def test_in_place_without_an_edit_leaves_the_file_alone(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    src = tmp_path / "clean.txt"
    src.write_text("The talks ended on Monday.\n\nNo statement was issued.\n", encoding="utf-8")
    mtime = src.stat().st_mtime_ns
    code, _, err = cli(capsys, "fix", str(src), "--in-place")
    assert code == 0 and "0 edit(s) applied" in err
    assert [p.name for p in tmp_path.iterdir()] == ["clean.txt"]
    assert src.stat().st_mtime_ns == mtime


def _stderr_on_a_terminal(args: list[str]) -> bytes:
    """stderr of ``mtfix ARGS`` run with stderr on a 100-column pseudo-terminal, the progress
    bar's threshold lowered to 1 KB and chunks of 4 KB."""
    import fcntl
    import pty
    import struct
    import termios

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    code = ("import sys; import mtfix.commands.streamrun as s; s.PROGRESS_BYTES = 1000; "
            "s.CHUNK_BYTES = 4000; from mtfix.cli import main; "
            f"sys.exit(main({args!r}))")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=child_fd)
    os.close(child_fd)
    out = b""
    while True:
        try:
            piece = os.read(main_fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not piece:
            break
        out += piece
    proc.wait(timeout=120)
    os.close(main_fd)
    return out


def test_a_progress_bar_on_a_terminal_unless_quiet(tmp_path: Path) -> None:
    src = tmp_path / "news.txt"
    src.write_text(corpus(40), encoding="utf-8")
    size = f"{src.stat().st_size / 1000:.1f}k"
    shown = _stderr_on_a_terminal(["check", str(src)]).decode()
    # tqdm redraws at most every 0.1 s, so which frames appear depends on speed; every
    # frame names the file and the total size
    assert "news.txt:" in shown and f"/{size} [" in shown and "B/s]" in shown
    fix_quiet = _stderr_on_a_terminal(["fix", "-q", str(src), "-o", str(tmp_path / "o.txt")])
    assert fix_quiet == b""
