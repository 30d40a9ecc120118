"""GitHub Actions workflow commands (``::error file=...::message``) for ``--format github``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtfix.document import Document, Issue, Severity
from mtfix.report.location import place

COMMAND = {Severity.CRITICAL: "error", Severity.MAJOR: "warning", Severity.MINOR: "notice"}


def workspace_path(path: str) -> str:
    """The path relative to the working folder (the checkout, in a workflow) when under it."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return p.as_posix()
    return p.as_posix()


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(doc: Document, issue: Issue) -> str:
    where = place(doc, issue)
    props = [f"file={escape_property(workspace_path(doc.path))}"]
    if where.line is not None:
        props.append(f"line={where.line}")
        if where.column is not None and where.end_column is not None:
            props += [f"endLine={where.end_line or where.line}", f"col={where.column}",
                      f"endColumn={where.end_column}"]
    title = f"mtfix {issue.severity.label} {issue.category} [{issue.rule_id}]"
    props.append(f"title={escape_property(title)}")
    fix = f" -> {issue.replacements[0]!r}" if issue.replacements else ""
    seg = "" if where.line is not None else f"segment {issue.segment + 1}: "
    message = f"{seg}{issue.span!r}{fix}: {issue.message}"
    return f"::{COMMAND[issue.severity]} {','.join(props)}::{escape_data(message)}"


def annotations(results: Sequence[tuple[Document, Sequence[Issue]]]) -> str:
    lines = [annotation(doc, i) for doc, issues in results for i in issues]
    return "".join(line + "\n" for line in lines)
