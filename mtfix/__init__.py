"""mtfix: find and fix the errors machine translation makes, and measure the result.

    >>> import mtfix
    >>> rules = mtfix.load_rules()
    >>> doc = mtfix.Document.from_text("It ended in mid-October. .")
    >>> [i.rule_id for i in mtfix.check(doc, rules)]
    ['punctuation.doubled_full_stop']
    >>> mtfix.fix(doc, rules).fixed.text
    'It ended in mid-October.'
"""

from __future__ import annotations

from mtfix.document import Document, Edit, FixResult, Issue, Segment, Severity
from mtfix.errors import TableError, UserError
from mtfix.formats import Columns, read_document, write_document
from mtfix.pipeline import FixSettings, check, fix
from mtfix.rules import RuleSet, load_rules
from mtfix.version import __version__


def score(hyps, refs, **options):  # noqa: ANN001, ANN201 - typed in mtfix.scoring.score
    """BLEU, chrF, chrF++ and TER by sacrebleu, with signatures (see mtfix.scoring.score):
    ``mtfix.score(hyps, [refs])``. sacrebleu loads on first use: ``import mtfix`` stays light."""
    from mtfix.scoring import score as _score

    return _score(hyps, refs, **options)


__all__ = ["Columns", "Document", "Edit", "FixResult", "FixSettings", "Issue", "RuleSet",
           "Segment", "Severity", "TableError", "UserError", "__version__", "check", "fix",
           "load_rules", "read_document", "score", "write_document"]
