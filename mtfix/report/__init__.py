"""Issue reports for other tools: SARIF 2.1.0 (code scanning) and GitHub workflow annotations."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from mtfix.document import Document, Issue


def write_ci_report(fmt: str, results: Sequence[tuple[Document, Sequence[Issue]]],
                    rules_digest: str) -> None:
    """``check --format sarif|github`` on stdout."""
    from mtfix import __version__

    if fmt == "sarif":
        from mtfix.report.sarif import sarif_log

        log = sarif_log(results, __version__, rules_digest)
        sys.stdout.write(json.dumps(log, ensure_ascii=False, indent=1) + "\n")
    else:
        from mtfix.report.github import annotations

        sys.stdout.write(annotations(results))
