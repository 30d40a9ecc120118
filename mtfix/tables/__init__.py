"""Rule tables: YAML files that name a rule kind and carry its entries (Vale-style).

A table looks like::

    table: entities-iraq          # unique id; a user table with the same id overrides the builtin
    kind: entity                  # which rule kind reads it (see mtfix.rules.KINDS)
    category: entity/spelling     # defaults for every entry
    severity: major
    message: "..."
    entries:
      - id: sudani
        ...                       # fields the kind defines
        examples:                 # LanguageTool practice: each entry tests itself
          - {wrong: "text with the error", fixed: "text after mtfix fix"}
          - {wrong: "text with an error that is only flagged", flag: true}
          - {correct: "text on which the entry must not fire"}
          - {source: "source text", wrong: "its translation", flag: true}
          - {wrong: "a variant", fixed: "the canonical form", house_style: canonical}

An example may carry ``source``: the source text, one line per line of the example, for
rules that check the translation against its source (``kind: source``).

Loading validates every table against the kind's schema and reports problems by file,
entry and field (``TableError``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import regex
import yaml

from mtfix.document import Document, Severity
from mtfix.errors import TableError

BUILTIN_PACKAGE = "mtfix.tables"
# libyaml's safe loader when PyYAML was built with it (10x faster on the shipped tables)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TABLE_KEYS = {"table", "kind", "category", "severity", "message", "confidence", "entries",
              "description", "options", "sources", "status"}
COMMON_ENTRY_FIELDS = {"id", "examples", "category", "severity", "message", "confidence",
                       "status", "sources", "note", "disabled"}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a kind's entries: accepted Python types and whether it is required."""

    types: tuple[type, ...]
    required: bool = False
    regex: bool = False  # value (or each item of a list value) is a regular expression


@dataclass(frozen=True)
class Example:
    """An entry's own test: ``wrong`` and its ``fixed`` form, ``wrong`` flagged, or ``correct``."""

    text: str
    fixed: str | None = None
    flag: bool = False
    correct: bool = False
    source: str | None = None  # the source text, one line per line of ``text``
    house_style: str | None = None  # run the example under this entity house style


@dataclass(frozen=True)
class RuleTable:
    id: str
    kind: str
    path: str
    category: str
    severity: Severity
    message: str
    confidence: float
    entries: tuple[Mapping[str, Any], ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    builtin: bool = True
    digest: str = ""

    def entry_rule_id(self, entry: Mapping[str, Any]) -> str:
        return f"{self.id}.{entry['id']}"

    def entry_severity(self, entry: Mapping[str, Any]) -> Severity:
        return Severity.parse(entry.get("severity", self.severity))

    def entry_category(self, entry: Mapping[str, Any]) -> str:
        return str(entry.get("category", self.category))

    def entry_message(self, entry: Mapping[str, Any]) -> str:
        return str(entry.get("message", self.message))

    def entry_confidence(self, entry: Mapping[str, Any]) -> float:
        return float(entry.get("confidence", self.confidence))


def entry_examples(entry: Mapping[str, Any]) -> list[Example]:
    out = []
    for ex in entry.get("examples", []) or []:
        source = ex.get("source")
        if "correct" in ex:
            out.append(Example(text=ex["correct"], correct=True, source=source))
        elif ex.get("flag"):
            out.append(Example(text=ex["wrong"], flag=True, source=source))
        else:
            out.append(Example(text=ex["wrong"], fixed=ex["fixed"], source=source,
                               house_style=ex.get("house_style")))
    return out


def example_document(example: Example) -> Document:
    """The document an example describes: its text, line by line, with its source lines."""
    doc = Document.from_text(example.text)
    if example.source is None:
        return doc
    sources = example.source.splitlines()
    return doc.with_segments(tuple(replace(seg, source=src)
                                   for seg, src in zip(doc.segments, sources, strict=True)))


def compile_pattern(pattern: str, path: str, entry: str, field_name: str,
                    ignore_case: bool = False) -> regex.Pattern[str]:
    """Compile a table's regular expression, naming file, entry and field when it is bad."""
    flags = regex.IGNORECASE if ignore_case else 0
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise TableError(path, f"bad regular expression {pattern!r}: {exc}", entry, field_name) \
            from None


def _entry_label(entry: Any, position: int) -> str:
    if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
        return repr(entry["id"])
    return f"#{position + 1}"


def _check_example_source(path: str, label: str, where: str, ex: Mapping[str, Any]) -> None:
    if "source" not in ex:
        return
    text = ex.get("correct", ex.get("wrong"))
    if not isinstance(ex["source"], str) or not isinstance(text, str):
        raise TableError(path, "'source' takes one string", label, where)
    if len(ex["source"].splitlines()) != len(text.splitlines()):
        raise TableError(path, "'source' needs one line per line of the example", label, where)


def _check_examples(path: str, label: str, examples: Any) -> None:
    if not isinstance(examples, list) or not examples:
        raise TableError(path, "needs a non-empty list of examples", label, "examples")
    kinds = set()
    for i, ex in enumerate(examples):
        where = f"examples[{i}]"
        if not isinstance(ex, Mapping):
            raise TableError(path, "an example must be a mapping", label, where)
        _check_example_source(path, label, where, ex)
        if "correct" in ex:
            if not isinstance(ex["correct"], str) or set(ex) - {"correct", "note", "source"}:
                raise TableError(path, "'correct' takes one string", label, where)
            kinds.add("correct")
        elif "wrong" in ex:
            if not isinstance(ex["wrong"], str):
                raise TableError(path, "'wrong' must be a string", label, where)
            if ex.get("flag") is True or isinstance(ex.get("fixed"), str):
                kinds.add("wrong")
            else:
                raise TableError(path, "'wrong' needs 'fixed' (a string) or 'flag: true'",
                                 label, where)
        else:
            raise TableError(path, "an example has 'wrong' or 'correct'", label, where)
    if kinds != {"correct", "wrong"}:
        raise TableError(path, "needs at least one wrong and one correct example", label,
                         "examples")


def validate_entry(path: str, position: int, entry: Any,
                   schema: Mapping[str, FieldSpec]) -> None:
    label = _entry_label(entry, position)
    if not isinstance(entry, Mapping):
        raise TableError(path, "an entry must be a mapping", label)
    if not isinstance(entry.get("id"), str) or not entry["id"]:
        raise TableError(path, "every entry needs a string id", label, "id")
    for key, spec in schema.items():
        if spec.required and key not in entry:
            raise TableError(path, "is required", label, key)
    for key, value in entry.items():
        if key in COMMON_ENTRY_FIELDS:
            continue
        spec = schema.get(key)
        if spec is None:
            known = ", ".join(sorted(set(schema) | COMMON_ENTRY_FIELDS))
            raise TableError(path, f"unknown field (known: {known})", label, key)
        if not isinstance(value, spec.types):
            names = " or ".join(t.__name__ for t in spec.types)
            raise TableError(path, f"must be {names}, not {type(value).__name__}", label, key)
        if spec.regex:
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, str):
                    raise TableError(path, "a pattern must be a string", label, key)
                compile_pattern(item, path, label, key)
    if "severity" in entry:
        try:
            Severity.parse(entry["severity"])
        except ValueError as exc:
            raise TableError(path, str(exc), label, "severity") from None
    if "confidence" in entry and not isinstance(entry["confidence"], int | float):
        raise TableError(path, "must be a number", label, "confidence")
    _check_examples(path, label, entry.get("examples"))


def parse_table(text: str, path: str, builtin: bool,
                schemas: Mapping[str, Mapping[str, FieldSpec]]) -> RuleTable:
    """Parse and validate one table's YAML text."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise TableError(path, f"malformed YAML: {problem}") from None
    if not isinstance(data, Mapping):
        raise TableError(path, "a rule table must be a YAML mapping")
    unknown = set(data) - TABLE_KEYS
    if unknown:
        raise TableError(path, f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}")
    for key in ("table", "kind", "category", "severity", "message"):
        if not isinstance(data.get(key), str):
            raise TableError(path, f"top-level {key!r} (a string) is required", field=key)
    kind = data["kind"]
    if kind not in schemas:
        raise TableError(path, f"unknown kind {kind!r} (known: {', '.join(sorted(schemas))})",
                         field="kind")
    try:
        severity = Severity.parse(data["severity"])
    except ValueError as exc:
        raise TableError(path, str(exc), field="severity") from None
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise TableError(path, "top-level 'entries' (a list) is required", field="entries")
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        validate_entry(path, i, entry, schemas[kind])
        if entry["id"] in seen:
            raise TableError(path, "duplicate id", repr(entry["id"]), "id")
        seen.add(entry["id"])
    options = data.get("options", {})
    if not isinstance(options, Mapping):
        raise TableError(path, "must be a mapping", field="options")
    return RuleTable(
        id=data["table"], kind=kind, path=path, category=data["category"], severity=severity,
        message=data["message"], confidence=float(data.get("confidence", 0.9)),
        entries=tuple(e for e in entries if not e.get("disabled")), options=dict(options),
        builtin=builtin, digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _read_table_file(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise TableError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise TableError(str(path), "not UTF-8 text") from None


def builtin_table_texts() -> list[tuple[str, str]]:
    """(name, YAML text) of every table shipped in the package, in a stable order."""
    root = resources.files(BUILTIN_PACKAGE)
    out = []
    for item in sorted(root.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".yaml", ".yml")):
            out.append((f"mtfix/tables/{item.name}", item.read_text(encoding="utf-8")))
    return out


def user_table_files(paths: Sequence[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(list(p.glob("*.yaml")) + list(p.glob("*.yml"))))
        elif p.is_file():
            files.append(p)
        else:
            raise TableError(str(p), "no such rule table file or folder")
    return files


def load_tables(paths: Sequence[str | Path] = (), builtin: bool = True, *,
                schemas: Mapping[str, Mapping[str, FieldSpec]]) -> list[RuleTable]:
    """Load the builtin tables (unless ``builtin=False``) and the user's, user last.

    A user table whose ``table`` id equals a builtin one replaces it. ``schemas`` are the entry
    fields of each rule kind; ``mtfix.rules.load_tables`` passes those of every kind.
    """
    tables: dict[str, RuleTable] = {}
    if builtin:
        for name, text in builtin_table_texts():
            t = parse_table(text, name, True, schemas)
            if t.id in tables:
                raise TableError(name, f"table id {t.id!r} is used twice", field="table")
            tables[t.id] = t
    user_seen: set[str] = set()
    for path in user_table_files(paths):
        t = parse_table(_read_table_file(path), str(path), False, schemas)
        if t.id in user_seen:
            raise TableError(str(path), f"table id {t.id!r} is used twice", field="table")
        user_seen.add(t.id)
        tables[t.id] = t
    return list(tables.values())


def tables_digest(tables: Iterable[RuleTable]) -> str:
    """A short hash over every loaded table: two runs with the same digest used the same rules."""
    h = hashlib.sha256()
    for t in sorted(tables, key=lambda t: t.id):
        h.update(t.id.encode() + b"\0" + t.digest.encode() + b"\0")
    return h.hexdigest()[:16]
