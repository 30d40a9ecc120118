"""The regex timeout guards a pattern's own search, not the work its caller does between matches,
and grows with the length of the text searched, so a large input never trips it with shipped
tables (time and memory on a 50 MB file: benchmarks/large_input.py)."""

from __future__ import annotations

import time

import pytest
import regex

from mtfix import Document, check, load_rules
from mtfix.errors import RegexTimeoutError
from mtfix.rules.base import finditer, search, time_limit


def test_time_between_matches_is_not_counted() -> None:
    pattern = regex.compile("a")
    found = 0
    for _ in finditer(pattern, "a a a a a", "t.slow_consumer", timeout=0.05):
        time.sleep(0.03)  # 5 x 0.03 s: past the timeout in total, not in any search
        found += 1
    assert found == 5


def test_limit_grows_with_text_length() -> None:
    assert time_limit(1.0, 0) == 1.0
    assert time_limit(1.0, 1_000_000) > 10 * time_limit(1.0, 10_000)


def test_backtracking_is_still_stopped() -> None:
    pattern = regex.compile(r"(a|aa)+$")
    with pytest.raises(RegexTimeoutError, match="t.bad"):
        search(pattern, "a" * 60 + "b", "t.bad", timeout=0.2)
    with pytest.raises(RegexTimeoutError, match="t.bad"):
        list(finditer(pattern, "a" * 60 + "b", "t.bad", timeout=0.2))


def test_calendar_rule_work_between_dates_is_not_counted() -> None:
    """The solar rule's document-wide year scan runs inside its loop over one segment's dates;
    with many dated segments that scan takes far longer than a tight timeout."""
    rules = load_rules(timeout=0.02)
    first = "On Thursday, January 18 (Marghumi 28) he spoke, and on Dalwa 2 they met."
    dated = "The meeting on March 3, 2024 was short."
    doc = Document.from_text("\n".join([first] + [dated] * 3000) + "\n")
    started = time.monotonic()
    issues = check(doc, rules)
    assert time.monotonic() - started > 0.02  # the run really outlasts the timeout
    assert any(i.rule_id.startswith("calendar-solar") for i in issues)
