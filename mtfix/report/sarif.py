"""SARIF 2.1.0 for ``mtfix check --format sarif`` (GitHub code scanning and other CI).

Columns count Unicode code points (``columnKind: unicodeCodePoints``), as mtfix offsets do.
MQM severities map to SARIF levels: critical -> error, major -> warning, minor -> note; the
MQM severity and category travel in each result's ``properties``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mtfix.document import Document, Issue, Severity
from mtfix.report.location import place

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "warning", Severity.MINOR: "note"}


def artifact_uri(path: str) -> str:
    """A relative URI for a path under the working folder, else the path as a file URI."""
    p = Path(path)
    if not p.is_absolute():
        return quote(p.as_posix())
    try:
        return quote(p.relative_to(Path.cwd()).as_posix())
    except ValueError:
        return p.as_uri()


def _region(doc: Document, issue: Issue) -> dict[str, Any] | None:
    where = place(doc, issue)
    if where.line is None:
        return None
    region: dict[str, Any] = {"startLine": where.line}
    if where.column is not None and where.end_column is not None:
        region.update(startColumn=where.column, endLine=where.end_line or where.line,
                      endColumn=where.end_column)
    region["snippet"] = {"text": issue.span}
    return region


def _location(doc: Document, issue: Issue, uri: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    region = _region(doc, issue)
    if region is not None:
        physical["region"] = region
    loc: dict[str, Any] = {"physicalLocation": physical}
    if region is None:
        loc["logicalLocations"] = [{"name": f"segment {issue.segment + 1}", "kind": "element"}]
    return loc


def _fix(doc: Document, issue: Issue, uri: str) -> list[dict[str, Any]]:
    region = _region(doc, issue)
    if not issue.replacements or region is None or "startColumn" not in region:
        return []
    deleted = {k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")}
    return [{"description": {"text": f"replace with {issue.replacements[0]!r}"},
             "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [
                 {"deletedRegion": deleted,
                  "insertedContent": {"text": issue.replacements[0]}}]}]}]


def _result(doc: Document, issue: Issue, uri: str, rule_index: int) -> dict[str, Any]:
    text = f"{issue.severity.label} {issue.category}: {issue.message}"
    if issue.replacements:
        text += f" (suggested: {issue.replacements[0]!r})"
    out: dict[str, Any] = {
        "ruleId": issue.rule_id, "ruleIndex": rule_index, "level": LEVEL[issue.severity],
        "message": {"text": text}, "locations": [_location(doc, issue, uri)],
        "partialFingerprints": {"mtfixSpan/v1": f"{issue.rule_id}:{issue.segment}:{issue.span}"},
        "properties": {"mqmSeverity": issue.severity.label, "category": issue.category,
                       "confidence": round(issue.confidence, 4), "segment": issue.segment},
    }
    fixes = _fix(doc, issue, uri)
    if fixes:
        out["fixes"] = fixes
    return out


def _rules(results: Sequence[tuple[Document, Sequence[Issue]]]) -> list[dict[str, Any]]:
    first: dict[str, Issue] = {}
    for _, issues in results:
        for issue in issues:
            first.setdefault(issue.rule_id, issue)
    return [{"id": rid, "name": rid.replace(".", "/"),
             "shortDescription": {"text": f"{i.category} ({i.severity.label})"},
             "defaultConfiguration": {"level": LEVEL[i.severity]},
             "properties": {"category": i.category, "tags": ["translation", i.category]}}
            for rid, i in sorted(first.items())]


def sarif_log(results: Sequence[tuple[Document, Sequence[Issue]]], version: str,
              rules_digest: str) -> dict[str, Any]:
    """One run of mtfix over the given documents as a SARIF 2.1.0 log."""
    rules = _rules(results)
    index = {r["id"]: n for n, r in enumerate(rules)}
    out_results = []
    artifacts = []
    for doc, issues in results:
        uri = artifact_uri(doc.path)
        artifacts.append({"location": {"uri": uri}})
        out_results += [_result(doc, i, uri, index[i.rule_id]) for i in issues]
    driver = {"name": "mtfix", "version": version, "rules": rules,
              "properties": {"rulesDigest": rules_digest}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": driver}, "artifacts": artifacts, "results": out_results,
        "columnKind": "unicodeCodePoints"}]}
