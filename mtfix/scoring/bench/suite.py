"""Benchmark suites described as data: ``benchmarks/suites/*.toml``.

A suite names its runner, its inputs (paths relative to the repository, or to ``--data DIR``
when ``data = true``), runner options, and per-measure gates::

    name = "seed"
    runner = "gold-spans"
    quick = true                      # part of ``mtfix bench --quick``
    [inputs]
    text = "seeds/000_ab0a295c0ca72cec.txt"
    [options]
    limit = 100
    [quick_options]                   # replaces options keys under --quick
    limit = 20
    [gates]                           # measure name or fnmatch pattern -> allowed regression
    "detect.overlap.f1" = 0.0
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtfix.errors import UserError

RUNNERS = ("gold-spans", "synthetic", "wmt-noharm", "mqm-spans", "ape-ter", "throughput", "model",
           "realmt", "source-names")


@dataclass(frozen=True)
class Suite:
    name: str
    runner: str
    path: str
    description: str = ""
    quick: bool = False
    data: bool = False
    inputs: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    quick_options: dict[str, Any] = field(default_factory=dict)
    gates: tuple[tuple[str, float], ...] = ()

    def effective_options(self, quick: bool) -> dict[str, Any]:
        return {**self.options, **(self.quick_options if quick else {})}

    def tolerance(self, measure: str) -> float | None:
        """The allowed regression of a measure, or None when the suite does not gate it."""
        for pattern, tol in self.gates:
            if measure == pattern or fnmatch.fnmatchcase(measure, pattern):
                return tol
        return None

    def resolve(self, key: str, repo: Path, data_dir: Path | None) -> Path:
        value = self.inputs.get(key)
        if value is None:
            raise UserError(f"{self.path}: suite {self.name!r} needs inputs.{key}")
        base = data_dir if self.data else repo
        if base is None:
            raise UserError(f"suite {self.name!r} needs --data DIR")
        return base / str(value)


def parse_suite(text: str, path: str) -> Suite:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: malformed TOML: {exc}") from None
    unknown = set(data) - {"name", "runner", "description", "quick", "data", "inputs",
                           "options", "quick_options", "gates"}
    if unknown:
        raise UserError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    name, runner = data.get("name"), data.get("runner")
    if not isinstance(name, str) or not name:
        raise UserError(f"{path}: 'name' (a string) is required")
    if runner not in RUNNERS:
        raise UserError(f"{path}: 'runner' must be one of {', '.join(RUNNERS)}")
    gates = data.get("gates", {})
    if not isinstance(gates, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
            for v in gates.values()):
        raise UserError(f"{path}: 'gates' maps measure names to non-negative tolerances")
    return Suite(
        name=name, runner=runner, path=path, description=str(data.get("description", "")),
        quick=bool(data.get("quick", False)), data=bool(data.get("data", False)),
        inputs=dict(data.get("inputs", {})), options=dict(data.get("options", {})),
        quick_options=dict(data.get("quick_options", {})),
        gates=tuple((str(k), float(v)) for k, v in gates.items()),
    )


def load_suites(folder: Path) -> list[Suite]:
    if not folder.is_dir():
        raise UserError(f"{folder}: no such suites folder")
    suites = [parse_suite(p.read_text(encoding="utf-8"), str(p))
              for p in sorted(folder.glob("*.toml"))]
    names = [s.name for s in suites]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise UserError(f"{folder}: suite name(s) used twice: {', '.join(dupes)}")
    return suites
