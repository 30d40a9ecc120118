"""Every failure of ``fix``/``check``/``score`` is one line on stderr with exit 2 and leaves
every output as it was; outputs get the umask's mode; a second --in-place run keeps the first
backup; the edit log says what a dropped segment becomes; help texts say what the flags do."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED

from mtfix import Document, Issue, Severity, fix, load_rules
from mtfix.cli import build_parser

BAD = "It ended in mid-October. .\n"
FIXED = "It ended in mid-October.\n"


def run(*args: str, stdout: object = subprocess.PIPE, umask: int | None = None,
        env: dict | None = None) -> subprocess.CompletedProcess:
    def pre() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run([sys.executable, "-m", "mtfix", *args], stdout=stdout,
                          stderr=subprocess.PIPE, cwd=REPO, timeout=300, preexec_fn=pre,
                          env=env)


def one_line_error(r: subprocess.CompletedProcess, *needles: str) -> str:
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, (r.returncode, err)
    assert err.startswith("mtfix: error: ") and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "doc.txt"
    p.write_text(BAD, encoding="utf-8")
    return p


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_output_in_missing_folder(doc: Path) -> None:
    before = listing(doc.parent)
    r = run("fix", str(doc), "--no-model", "-o", str(doc.parent / "missing" / "out.txt"))
    one_line_error(r, "no such folder")
    assert listing(doc.parent) == before


def test_log_in_missing_folder_writes_no_output(doc: Path) -> None:
    out = doc.parent / "out.txt"
    r = run("fix", str(doc), "--no-model", "-o", str(out), "--log",
            str(doc.parent / "missing" / "log.json"))
    one_line_error(r, "--log")
    assert not out.exists()


def test_log_is_a_folder_writes_no_output(doc: Path) -> None:
    out = doc.parent / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")
    r = run("fix", str(doc), "--no-model", "-o", str(out), "--log", str(doc.parent))
    one_line_error(r, "is a folder")
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_input_error_leaves_output_unchanged(doc: Path) -> None:
    doc.write_bytes(b"caf\xe9\n")  # not UTF-8
    out = doc.parent / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")
    one_line_error(run("fix", str(doc), "--no-model", "-o", str(out)), "not UTF-8")
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in doc.parent.iterdir()) == ["doc.txt", "out.txt"]


def test_log_same_as_output(doc: Path) -> None:
    out = doc.parent / "out.txt"
    r = run("fix", str(doc), "--no-model", "-o", str(out), "--log", str(out))
    one_line_error(r, "--log")
    assert not out.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in a read-only folder")
def test_output_in_read_only_folder(doc: Path, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        one_line_error(run("fix", str(doc), "--no-model", "-o", str(ro / "o.txt")), "cannot")
        assert not any(ro.iterdir())
    finally:
        ro.chmod(0o755)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["check"], ["fix", "--no-model", "-q"],
                                     ["fix", "--no-model", "--diff", "-q"]])
def test_stdout_on_a_full_disk(command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        r = run(command[0], str(SEED), *command[1:], stdout=full)
    one_line_error(r, "No space left on device")


@pytest.mark.parametrize("content", ["", "\n"])
def test_score_empty_files(tmp_path: Path, content: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text(content, encoding="utf-8")
    one_line_error(run("score", str(empty), "--ref", str(ref)), "empty")


def test_new_output_mode_follows_umask(doc: Path) -> None:
    out = doc.parent / "out.txt"
    log = doc.parent / "log.json"
    r = run("fix", str(doc), "--no-model", "-q", "-o", str(out), "--log", str(log),
            umask=0o022)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert stat.S_IMODE(log.stat().st_mode) == 0o644
    assert out.read_text(encoding="utf-8") == FIXED
    r = run("fix", str(doc), "--no-model", "-q", "-o", str(out), umask=0o077)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # an existing file keeps its mode


def test_second_in_place_run_keeps_the_first_backup(doc: Path) -> None:
    r = run("fix", str(doc), "--no-model", "--in-place")
    assert r.returncode == 0, r.stderr
    assert "doc.txt.bak" in r.stderr.decode()
    backup = doc.parent / "doc.txt.bak"
    assert backup.read_text(encoding="utf-8") == BAD and doc.read_text() == FIXED
    doc.write_text("It began in mid-May. .\n" + FIXED, encoding="utf-8")
    assert run("fix", str(doc), "--no-model", "--in-place", "-q").returncode == 0
    assert backup.read_text(encoding="utf-8") == BAD  # never overwritten
    assert (doc.parent / "doc.txt.bak.1").read_text().startswith("It began in mid-May. .")


def test_failed_in_place_changes_nothing(doc: Path, tmp_path: Path) -> None:
    r = run("fix", str(doc), "--no-model", "--in-place", "--log", str(tmp_path / "no" / "l"))
    one_line_error(r)
    assert listing(doc.parent) == {"doc.txt": BAD.encode()}


@pytest.mark.parametrize(("ext", "content", "effect"), [
    ("jsonl", '{"mt": "Also read this article"}\n{"mt": "Fine."}\n', "(MT field emptied)"),
    ("po", 'msgid "a"\nmsgstr "Also read this article"\n', "(unit kept, marked fuzzy"),
    ("txt", "Also read this article\nFine.\n", "(line removed)"),
])
def test_edit_log_says_what_a_dropped_segment_becomes(tmp_path: Path, ext: str, content: str,
                                                      effect: str) -> None:
    path = tmp_path / f"doc.{ext}"
    path.write_text(content, encoding="utf-8")
    r = run("fix", str(path), "--no-model", "-o", str(tmp_path / f"out.{ext}"))
    assert r.returncode == 0, r.stderr
    err = r.stderr.decode()
    assert effect in err, err
    if ext != "txt":
        assert "(line removed)" not in err


class EditsAt:
    """A stand-in model stage: proposes replacing ``old`` by ``new`` wherever it occurs."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def __call__(self, doc: Document, open_issues: object) -> list[Issue]:
        out = []
        for seg in doc.segments:
            at = seg.text.find(self.old)
            if at >= 0:
                out.append(Issue(segment=seg.index, start=at, end=at + len(self.old),
                                 span=self.old, category="fluency", severity=Severity.MINOR,
                                 rule_id="model", message="m", replacements=(self.new,),
                                 confidence=0.99, origin="model"))
        return out


def test_an_issue_the_model_fixed_is_not_reported_as_unapplied() -> None:
    rules = load_rules()
    doc = Document.from_text(SEED.read_text(encoding="utf-8"))
    alone = fix(doc, rules)
    flag = next(i for i in alone.unapplied if i.rule_id.startswith("fragments."))
    joined = fix(doc, rules, model=EditsAt(". Forces asked", ", and asked forces"))
    assert any(e.origin == "model" for e in joined.edits)
    assert flag not in joined.unapplied
    assert flag in joined.issues
    elsewhere = fix(doc, rules, model=EditsAt("once again", "again"))
    assert flag in elsewhere.unapplied


def test_help_texts_name_real_flags_and_formats() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices
    fix_help = sub["fix"].format_help()
    assert "po, xliff or tmx" in " ".join(fix_help.split())
    score_help = sub["score"].format_help()
    assert "--paired-bs-n" not in score_help and "--n-samples" in score_help
    for name in ("score", "rules", "check"):
        fmt = next(a for a in sub[name]._actions if a.dest == "format")
        assert fmt.help, name


def test_rules_table_has_a_header_row() -> None:
    r = run("rules")
    first = r.stdout.decode().splitlines()[0].split()
    assert first[:3] == ["TABLE", "KIND", "ENTRIES"]


@pytest.mark.slow
def test_quiet_fix_with_the_model_prints_nothing(doc: Path) -> None:
    from mtfix.commands.common import missing_model_packages
    from mtfix.model.stage import default_model_dir

    if default_model_dir() is None or missing_model_packages():
        pytest.skip("needs the shipped model and the model extra")
    doc.write_text("The council called on the army. Forces asked to withdraw.\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    r = run("fix", str(doc), "-q", "-o", str(doc.parent / "o.txt"), env=env)
    assert r.returncode == 0
    assert r.stderr.decode() == ""


def test_log_json_lists_edits(doc: Path) -> None:
    log = doc.parent / "log.json"
    assert run("fix", str(doc), "--no-model", "-q", "--log", str(log),
               "-o", str(doc.parent / "o.txt")).returncode == 0
    data = json.loads(log.read_text(encoding="utf-8"))
    assert [e["rule"] for e in data["edits"]] == ["punctuation.doubled_full_stop"]
