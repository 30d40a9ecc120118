"""LanguageTool's practice: every table entry carries a wrong example with its expected fix
and a correct example that must not fire. This one test runs them all."""

from __future__ import annotations

import pytest

from mtfix import check, fix, load_rules
from mtfix.rules import RuleSet, build_rules, load_tables
from mtfix.rules.entity import house_style_table
from mtfix.tables import Example, entry_examples, example_document

RULES = load_rules()
STYLED: dict[str, RuleSet] = {}


def _rules(example: Example) -> RuleSet:
    """The shipped rules, under the example's entity house style when it names one."""
    style = example.house_style
    if style is None:
        return RULES
    if style not in STYLED:
        STYLED[style] = build_rules([*RULES.tables, house_style_table(style)])
    return STYLED[style]
CASES = [
    (table.entry_rule_id(entry), example)
    for table in load_tables()
    for entry in table.entries
    for example in entry_examples(entry)
]


def _ids(case: tuple) -> str:
    rule_id, example = case
    kind = "correct" if example.correct else ("flag" if example.flag else "wrong")
    return f"{rule_id}:{kind}:{example.text[:30]}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_entry_example(case: tuple) -> None:
    rule_id, example = case
    doc = example_document(example)
    rules = _rules(example)
    fired = [i for i in check(doc, rules) if i.rule_id == rule_id]
    if example.correct:
        assert not fired, f"{rule_id} fired on a correct example: {fired}"
        return
    assert fired, f"{rule_id} did not fire on its wrong example"
    result = fix(doc, rules)
    if example.flag:
        assert all(e.rule_id != rule_id for e in result.edits)
        return
    assert result.fixed.text == example.fixed
    again = fix(result.fixed, rules)
    assert again.fixed.text == result.fixed.text, "fix is not idempotent on this example"


def test_every_table_has_examples_for_every_entry() -> None:
    for table in load_tables():
        for entry in table.entries:
            examples = entry_examples(entry)
            assert any(e.correct for e in examples), table.entry_rule_id(entry)
            assert any(not e.correct for e in examples), table.entry_rule_id(entry)


def test_keyword_gates_admit_every_match() -> None:
    """A substitution entry's ``keywords`` gate must let through every text it can match."""
    from mtfix.rules.substitution import entry_matcher

    for table in load_tables():
        if table.kind != "substitution":
            continue
        for entry in table.entries:
            matcher = entry_matcher(table, entry)
            for example in entry_examples(entry):
                for line in example.text.splitlines():
                    if matcher.pattern.search(line):
                        assert not matcher.gated_out(line.lower()), (matcher.rule_id, line)
