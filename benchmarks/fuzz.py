"""Fuzz ``read -> check -> fix -> write`` in every input format (issue 12).

With atheris (coverage-guided, libFuzzer) when it is installed, else hypothesis with many
examples. Each input is read as text, JSONL, TSV, PO, XLIFF or TMX (the fuzzer picks); a
``UserError`` (bad input, reported in one line) is fine, anything else is a crash. For inputs that
parse, it also checks what the property tests check: offsets in range, text outside the edits
unchanged, and fixing the fixed output changes nothing.

    python benchmarks/fuzz.py [--seconds 600] [--out benchmarks/results]

Writes OUT/fuzz.json (engine, seconds, inputs run, crashes, and the rules whose fixes were not
idempotent on some input, with that input) and, on a crash, the crashing input under
OUT/fuzz-crashes/. Exit status 1 on a crash.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FORMATS = ("text", "jsonl", "tsv", "po", "xliff", "tmx")
CORPUS = {
    "text": "It ended in mid-October. .\r\nOn Thursday, January 18 (Marghumi 28) he spoke.\n"
            "\u200fRTL\u200d mark e\u0301 \ufeff\nAlso read this article\n",
    "jsonl": '{"mt": "It ended in mid-October. .", "src": "x"}\n{"mt": "Also read"}\n',
    "tsv": "src\tmt\nx\tIt ended in mid-October. .\r\n",
    "po": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "a"\nmsgstr "It ended in mid-October. ."\n',
    "xliff": '<?xml version="1.0"?>\n<xliff version="1.2" '
             'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f" '
             'source-language="fa" target-language="en" datatype="plaintext"><body>'
             '<trans-unit id="1"><source>a</source><target>It ended in mid-October. .'
             '</target></trans-unit></body></file></xliff>\n',
    "tmx": '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="fa" adminlang="en" '
           'segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" '
           'creationtoolversion="1"/><body><tu><tuv xml:lang="fa"><seg>a</seg></tuv>'
           '<tuv xml:lang="en"><seg>It ended in mid-October. .</seg></tuv></tu></body></tmx>\n',
}


def make_target(findings: Path | None = None):  # noqa: ANN201 - returns the one-input function
    """The function one input goes through. A crash raises; a second ``fix`` that still edits
    (not idempotent: a rule-table matter, not a crash) is appended to ``findings`` (JSONL, one
    record per rule) when given, else raised."""
    from mtfix import UserError, fix, load_rules, read_document, write_document

    rules = load_rules()
    seen: set[str] = set()

    def not_idempotent(fmt: str, raw: bytes, edits: list[dict]) -> None:
        if findings is None:
            raise AssertionError(("fix is not idempotent", edits))
        new = sorted({e["rule"] for e in edits} - seen)
        if new:
            seen.update(new)
            with findings.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"kind": "not idempotent", "format": fmt, "rules": new,
                                     "second_edits": edits,
                                     "input": raw.decode("utf-8", "replace")[:2000]},
                                    ensure_ascii=False) + "\n")

    def one_input(fmt: str, raw: bytes) -> None:
        try:
            doc = read_document(f"fuzz.{fmt}", fmt, data=raw)
        except UserError:
            return
        result = fix(doc, rules)
        for issue in result.issues:
            seg = (result.fixed if issue.origin == "model" else doc).segments[issue.segment]
            assert 0 <= issue.start <= issue.end <= len(seg.text), issue
        touched = {e.segment for e in result.edits}
        for a, b in zip(doc.segments, result.fixed.segments, strict=True):
            if a.index not in touched:
                assert a.text == b.text, (a, b)
        out = write_document(result.fixed)
        if not result.edits:
            assert out.encode("utf-8") == raw, "an untouched document was not written back as is"
            return
        again = fix(read_document(f"fuzz.{fmt}", fmt, data=out.encode("utf-8")), rules)
        if again.edits:
            not_idempotent(fmt, raw, [e.to_dict() for e in again.edits])

    return one_input


def atheris_child(seconds: int, corpus: Path, crashes: Path, findings: Path) -> None:
    import atheris

    with atheris.instrument_imports():
        target = make_target(findings)

    def test_one(data: bytes) -> None:
        if not data:
            return
        target(FORMATS[data[0] % len(FORMATS)], data[1:])

    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=4096",
                   "-timeout=60", f"-artifact_prefix={crashes}/", "-print_final_stats=1",
                   str(corpus)], test_one)
    atheris.Fuzz()


def read_findings(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_atheris(seconds: int, out: Path) -> dict:
    crashes = out / "fuzz-crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    findings = out / "fuzz-findings.jsonl"
    if findings.exists():
        findings.unlink()
    with tempfile.TemporaryDirectory(prefix="mtfix-fuzz-") as tmp:
        corpus = Path(tmp)
        for n, fmt in enumerate(FORMATS):
            (corpus / fmt).write_bytes(bytes([n]) + CORPUS[fmt].encode("utf-8"))
        seed = REPO / "seeds" / "000_ab0a295c0ca72cec.txt"
        (corpus / "seed").write_bytes(b"\x00" + seed.read_bytes())
        start = time.time()
        proc = subprocess.run([sys.executable, __file__, "--child", str(seconds), str(corpus),
                               str(crashes), str(findings)], capture_output=True, text=True,
                              cwd=REPO)
    log = proc.stdout + proc.stderr
    runs = re.findall(r"Done (\d+) runs in (\d+) second", log)
    execs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    found = sorted(p.name for p in crashes.iterdir())
    if not found:
        crashes.rmdir()
    return {"engine": "atheris (libFuzzer)", "seconds": round(time.time() - start),
            "inputs_run": int(execs[-1]) if execs else int(runs[-1][0]) if runs else None,
            "crashes": len(found), "crash_files": found, "exit": proc.returncode,
            "not_idempotent": read_findings(findings),
            "log_tail": log.strip().splitlines()[-12:]}


def run_hypothesis(seconds: int, out: Path) -> dict:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    findings = out / "fuzz-findings.jsonl"
    if findings.exists():
        findings.unlink()
    target = make_target(findings)
    count = [0]
    deadline = time.time() + seconds

    @settings(max_examples=10**9, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(FORMATS), st.text() | st.sampled_from(list(CORPUS.values())))
    def prop(fmt: str, text: str) -> None:
        if time.time() > deadline:
            raise TimeoutError
        count[0] += 1
        target(fmt, text.encode("utf-8", "surrogatepass"))

    start = time.time()
    crash = None
    try:
        prop()
    except TimeoutError:
        pass
    except Exception as exc:  # a crash: record it
        crash = f"{type(exc).__name__}: {exc}"
    return {"engine": "hypothesis", "seconds": round(time.time() - start),
            "inputs_run": count[0], "crashes": int(crash is not None), "crash": crash,
            "not_idempotent": read_findings(findings)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        atheris_child(int(argv[1]), Path(argv[2]), Path(argv[3]), Path(argv[4]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    ap.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    args = ap.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    args.out.mkdir(parents=True, exist_ok=True)
    result = run_atheris(args.seconds, args.out) if engine == "atheris" \
        else run_hypothesis(args.seconds, args.out)
    result.update(python=platform.python_version(), cpus=os.cpu_count(),
                  when=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    (args.out / "fuzz.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
