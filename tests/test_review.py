"""mtfix review (the page's content) and mtfix apply (decisions -> text), without a browser."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, SEED

from mtfix.cli import main
from mtfix.document import Document, Edit, Severity, make_issue
from mtfix.pipeline import fix
from mtfix.review.items import Mapped, review_items, to_original
from mtfix.rules import load_rules

CSS = REPO / "mtfix" / "review" / "assets" / "review.css"


def build(tmp_path: Path, *files: str | Path, name: str = "review.html") -> tuple[Path, dict]:
    out = tmp_path / name
    assert main(["review", *map(str, files), "--no-model", "-o", str(out)]) == 0
    return out, page_data(out)


def page_data(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="mtfix-data">(.*?)</script>', text, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def decisions_for(data: dict, choose) -> dict:  # noqa: ANN001 - choose(item) -> (action, text)
    """What the page exports, built from its own data (tests/test_review_browser.py uses the
    page's button instead)."""
    files = []
    for f in data["files"]:
        ds = []
        for it in f["items"]:
            action, typed = choose(it)
            d = {k: it[k] for k in ("id", "segment", "start", "end", "old", "rule", "origin",
                                    "proposed", "covers") if k in it}
            d["action"] = action
            if typed is not None:
                d["replacement"] = typed
            ds.append(d)
        files.append({"path": f["path"], "sha256": f["sha256"], "decisions": ds})
    return {"format": "mtfix-decisions", "version": 1, "mtfix": data["mtfix"],
            "rules": data["rules"], "files": files}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtfix", *args], capture_output=True,
                          cwd=REPO, timeout=120)


def test_seed_page_is_self_contained_and_small(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    page, data = build(tmp_path, SEED)
    html = page.read_text(encoding="utf-8")
    assert page.stat().st_size < 300_000 + SEED.stat().st_size
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:|//)""", html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:|//)", html, re.I)
    assert "default-src 'none'" in html  # the page may not fetch anything, even if it tried
    # The items are exactly what 'check --format json' reports.
    main(["check", "--format", "json", str(SEED)])
    issues = json.loads(capsys.readouterr().out)["files"][0]["issues"]
    items = data["files"][0]["items"]
    key = ("segment", "start", "end", "rule", "severity", "category")
    assert sorted(tuple(i[k] for k in key) for i in items) == \
        sorted(tuple(i[k] for k in key) for i in issues)
    assert len({i["id"] for i in items}) == len(items)
    kinds = {i["kind"] for i in items}
    assert kinds == {"edit", "flag"}  # the seed has confident edits and flags without a fix


def test_accepting_the_confident_edits_reproduces_fix(tmp_path: Path) -> None:
    _, data = build(tmp_path, SEED)
    dec = tmp_path / "decisions.json"
    dec.write_text(json.dumps(decisions_for(
        data, lambda it: ("accept" if it["kind"] == "edit" else "reject", None))), "utf-8")
    out = tmp_path / "out.txt"
    r = cli("apply", str(SEED), "--decisions", str(dec), "-o", str(out))
    assert r.returncode == 0, r.stderr
    fixed = cli("fix", str(SEED), "--no-model", "-q")
    assert out.read_bytes() == fixed.stdout
    fix_log = json.loads(cli("fix", str(SEED), "--no-model", "-q", "--format", "json").stdout)
    n_edits = sum(1 for f in data["files"] for it in f["items"] if it["kind"] == "edit")
    assert n_edits == len(fix_log["edits"])
    assert f"{n_edits} edit(s) applied".encode() in r.stderr


def test_apply_exactly_the_accepted_and_typed(tmp_path: Path) -> None:
    _, data = build(tmp_path, SEED)
    items = data["files"][0]["items"]
    flag = next(i for i in items if i["kind"] == "flag" and i["rule"].startswith("fragments"))
    spelling = next(i for i in items if i["rule"] == "entities-iraq.harakat_al_nujaba")

    def choose(it: dict) -> tuple[str, str | None]:
        if it["id"] == flag["id"]:
            return "accept", "US forces were asked to withdraw from Iraq."
        if it["id"] == spelling["id"]:
            return "accept", None
        return ("reject" if it["kind"] == "edit" else "pending"), None

    dec = tmp_path / "d.json"
    dec.write_text(json.dumps(decisions_for(data, choose)), "utf-8")
    out = tmp_path / "out.txt"
    log = tmp_path / "log.json"
    r = cli("apply", str(SEED), "--decisions", str(dec), "-o", str(out), "--log", str(log))
    assert r.returncode == 0, r.stderr
    before = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    after = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(before) == len(after)
    changed = {n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    assert changed == {flag["segment"], spelling["segment"]}
    expect = before[flag["segment"]]
    expect = (expect[:flag["start"]] + "US forces were asked to withdraw from Iraq."
              + expect[flag["end"]:])
    assert after[flag["segment"]] == expect
    assert "Harakat al-Nujaba" in after[spelling["segment"]]
    edits = json.loads(log.read_text("utf-8"))["edits"]
    assert [e["origin"] for e in edits] == ["review", "rule"]


@pytest.mark.parametrize("spoil, message", [
    (lambda d: d["files"][0]["decisions"][0].update(id="s0:1-2:no.such.rule"), "unknown decision"),
    (lambda d: d["files"][0]["decisions"][0].update(proposed="Something else"), "stale decision"),
    (lambda d: d["files"][0]["decisions"][0].update(action="maybe"), "action 'maybe'"),
    (lambda d: d["files"][0]["decisions"][0].pop("start"), "field 'start'"),
    (lambda d: d["files"][0].update(sha256="0" * 64), "changed since it was reviewed"),
    (lambda d: d["files"][0].update(path="other.txt"), "no decisions for"),
    (lambda d: d.update(format="something"), "not an mtfix decisions file"),
    (lambda d: d["files"][0]["decisions"].append(dict(d["files"][0]["decisions"][0])),
     "appears twice"),
])
def test_bad_decisions_are_refused_in_one_line(tmp_path: Path, spoil, message: str) -> None:  # noqa: ANN001
    _, data = build(tmp_path, SEED)
    d = decisions_for(data, lambda it: ("accept" if it["proposed"] is not None else "reject",
                                        None))
    spoil(d)
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps(d), "utf-8")
    out = tmp_path / "out.txt"
    r = cli("apply", str(SEED), "--decisions", str(dec), "-o", str(out))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_apply_refuses_stale_offsets_and_bad_files(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("A member of Harakat al-Najaba spoke. .\n", encoding="utf-8")
    _, data = build(tmp_path, doc)
    flagless = decisions_for(data, lambda it: ("accept", None))
    first = flagless["files"][0]["decisions"][0]
    first["end"] = len("A member of Harakat al-Najaba spoke. .")
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps(flagless), "utf-8")
    r = cli("apply", str(doc), "--decisions", str(dec))
    assert r.returncode == 2 and b"stale decision" in r.stderr
    r = cli("apply", str(doc), "--decisions", str(tmp_path / "none.json"))
    assert r.returncode == 2 and b"no such file" in r.stderr
    (tmp_path / "bad.json").write_text("{", "utf-8")
    r = cli("apply", str(doc), "--decisions", str(tmp_path / "bad.json"))
    assert r.returncode == 2 and b"not JSON" in r.stderr


def test_accepting_a_flag_needs_a_typed_replacement(tmp_path: Path) -> None:
    _, data = build(tmp_path, SEED)
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps(decisions_for(data, lambda it: ("accept", None))), "utf-8")
    r = cli("apply", str(SEED), "--decisions", str(dec))
    assert r.returncode == 2 and b"accepts a flag without a replacement" in r.stderr
    assert r.stdout == b""


def test_overlapping_accepts_are_refused(tmp_path: Path) -> None:
    """Two accepted items over the same text (a reviewer's typed span and a rule's)."""
    from mtfix.errors import UserError
    from mtfix.review.decisions import Decision, apply_decisions

    doc = Document.from_text("A member of Harakat al-Najaba spoke. .\n")
    items = review_items(fix(doc, load_rules())).items
    a, b = items[0], items[1]
    ds = [Decision(a.id, a.segment, a.start, a.end, a.old, a.rule, a.origin, a.proposed,
                   "accept"),
          Decision("m1", 0, a.start, b.end, doc.segments[0].text[a.start:b.end], "model.x",
                   "model", "Harakat al-Nujaba spoke.", "accept")]
    with pytest.raises(UserError, match="overlap"):
        apply_decisions(doc, items, ds, "d.json")


def test_in_place_keeps_a_backup(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    original = "It ended in mid-October. .\r\nNothing else.\r\n"
    doc.write_bytes(original.encode())
    _, data = build(tmp_path, doc)
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps(decisions_for(data, lambda it: ("accept", None))), "utf-8")
    r = cli("apply", str(doc), "--decisions", str(dec), "--in-place")
    assert r.returncode == 0, r.stderr
    assert doc.read_bytes() == b"It ended in mid-October.\r\nNothing else.\r\n"
    assert (tmp_path / "a.txt.bak").read_bytes() == original.encode()


def test_bilingual_rtl_source_and_script_text(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("src\tmt\nنخست وزیر عراق گفت\tIt ended in mid-October. .\n"
                   "x\tHe wrote </script><!-- in the text.\n", encoding="utf-8")
    _, data = build(tmp_path, tsv)
    assert data["has_source"] is True
    segs = data["files"][0]["segments"]
    assert segs[0][2] == "rtl" and segs[1][2] == "ltr"
    assert segs[1][0] == "He wrote </script><!-- in the text."


def test_ten_thousand_segments_build_a_paged_page(tmp_path: Path) -> None:
    doc = tmp_path / "big.txt"
    lines = [f"Line {n} ended in mid-October. ." if n % 7 == 0 else f"Line {n} is fine."
             for n in range(10_000)]
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page, data = build(tmp_path, doc)
    assert len(data["files"][0]["segments"]) == 10_000
    assert len(data["files"][0]["items"]) == len(range(0, 10_000, 7))
    assert data["page_size"] == 100
    # The page is the data plus a fixed overhead, not markup per segment.
    assert page.stat().st_size < doc.stat().st_size * 3 + 100_000


def test_model_spans_map_back_to_original_offsets() -> None:
    e = Edit(0, 4, 6, "BB", "XXXX", "r", "", 1.0)  # 'aaa BB ccc' -> 'aaa XXXX ccc'
    fixed = "aaa XXXX ccc"
    assert to_original([e], fixed, 9, 12, "CCC") == Mapped(7, 10, "CCC", ())
    assert to_original([e], fixed, 0, 3, None) == Mapped(0, 3, None, ())
    # Overlapping the rule edit: widened to cover it, the new text keeps the rule's part.
    assert to_original([e], fixed, 6, 12, "YY ddd") == Mapped(4, 10, "XXYY ddd", (e,))
    d = Edit(0, 3, 6, " BB", "", "r", "", 1.0)  # a deletion: 'aaa BB ccc' -> 'aaa ccc'
    assert to_original([d], "aaa ccc", 3, 7, " CCC") == Mapped(6, 10, " CCC", ())
    assert to_original([d], "aaa ccc", 0, 3, "A") == Mapped(0, 3, "A", ())
    assert to_original([d], "aaa ccc", 2, 5, "x") == Mapped(2, 8, "x", (d,))


def test_model_edits_over_rule_edits_review_and_apply_like_fix() -> None:
    from mtfix.review.decisions import Decision, apply_decisions

    rules = load_rules()
    doc = Document.from_text("They joined the coalition against destructive groups. Forces asked "
                             "to leave. It ended in mid-October. .\nThe coalition against ISIS "
                             "has 2,500 troops. .\n")

    def stage(fixed: Document, open_issues):  # noqa: ANN001, ANN202 - a ModelStage
        seg = fixed.segments[0]
        a = seg.text.index("ISIS. Forces asked")
        b = seg.text.index(" to leave")
        c = seg.text.index("It ended")
        return [make_issue(seg, a, b, category="model", severity=Severity.MINOR,
                           rule_id="model.t5", message="m", replacements=("ISIS, asking forces",),
                           confidence=0.95, origin="model"),
                make_issue(seg, c, c + 2, category="model", severity=Severity.MINOR,
                           rule_id="model.t5", message="m", replacements=("This",),
                           confidence=0.5, origin="model")]

    result = fix(doc, rules, model=stage)
    assert any(e.origin == "model" for e in result.edits)
    items = review_items(result).items
    model = [i for i in items if i.origin == "model"]
    wide = next(i for i in model if i.kind == "edit")
    assert wide.old == "destructive groups. Forces asked"
    assert wide.proposed == "ISIS, asking forces"
    assert wide.covers and all(any(i.id == c and i.origin == "rule" for i in items)
                               for c in wide.covers)
    assert next(i for i in model if i.kind == "suggestion").old == "It"
    # Accepting every confident edit (the covered rule edit too) gives fix's text.
    ds = [Decision(i.id, i.segment, i.start, i.end, i.old, i.rule, i.origin, i.proposed,
                   "accept" if i.kind == "edit" else "reject", covers=i.covers) for i in items]
    done = apply_decisions(doc, items, ds, "d.json")
    assert done.fixed.text == result.fixed.text
    # Rejecting the model edit keeps the rule edit it covered, alone.
    ds = [replace(d, action="reject") if d.origin == "model" else d for d in ds]
    done = apply_decisions(doc, items, ds, "d.json")
    assert "coalition against ISIS. Forces asked to leave." in done.fixed.text


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_severity_colours_pass_wcag_aa() -> None:
    css = CSS.read_text(encoding="utf-8")
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail
    for sev in ("critical", "major", "minor"):
        bg, fg = var[f"{sev}-bg"], var[f"{sev}-fg"]
        assert contrast(var["text"], bg) >= 4.5, sev      # flagged text on its highlight
        assert contrast(fg, bg) >= 4.5, sev               # underline colour as text
        assert contrast(var["badge-fg"], fg) >= 4.5, sev  # badge label
        assert contrast(fg, var["page"]) >= 4.5, sev
    assert contrast(var["new-fg"], var["new-bg"]) >= 4.5
    assert contrast(var["muted"], var["page"]) >= 4.5


def test_unsure_fixes_are_suggestions_not_edits(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["review", str(SEED), "--no-model", "--threshold", "0.92", "-o", str(out)]) == 0
    items = page_data(out)["files"][0]["items"]
    kinds = {i["kind"] for i in items}
    assert kinds == {"edit", "suggestion", "flag"}
    assert all(i["confidence"] < 0.92 for i in items if i["kind"] == "suggestion")
    assert all(i["proposed"] is None for i in items if i["kind"] == "flag")


def test_one_review_of_two_files_applies_to_each(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.jsonl"
    a.write_text("It ended in mid-October. .\n", encoding="utf-8")
    b.write_text(json.dumps({"mt": "Talks resumed in May. .", "id": 7}) + "\n", encoding="utf-8")
    _, data = build(tmp_path, a, b)
    assert [f["path"] for f in data["files"]] == [str(a), str(b)]
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps(decisions_for(data, lambda it: ("accept", None))), "utf-8")
    for path, want in ((a, "It ended in mid-October.\n"),
                       (b, json.dumps({"mt": "Talks resumed in May.", "id": 7}) + "\n")):
        r = cli("apply", str(path), "--decisions", str(dec))
        assert r.returncode == 0, r.stderr
        assert r.stdout.decode() == want
