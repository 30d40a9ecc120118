"""The repetition kind's cheap gate (``has_loop``) and its table on text of both tokenisations."""

from __future__ import annotations

import pytest

from mtfix import Document, fix, load_rules
from mtfix.rules.repetition import has_loop


@pytest.mark.parametrize("text", [
    "a sea sea sea.",
    "in all my kingdom , and in all my kingdom , and in all my kingdom , and in all my duty .",
    "in all my kingdom, and in all my kingdom, and in all my kingdom, and in all my duty.",
    "Women's NATIONAL LEAGUE AND WOMEN's NATIONAL LEAGUE AND WOMEN's NATIONAL LEAGUE AND",
    "is <unk><unk><unk> today",
    "one two three four five six seven eight one two three four five six seven eight "
    "one two three four five six seven eight",
])
def test_gate_passes_loops(text: str) -> None:
    assert has_loop(text)


@pytest.mark.parametrize("text", [
    "The man saw the dog and the cat in the garden of the house.",
    "He said that that was wrong, and they had had enough.",
    "It went on and on and on.",  # "on and" twice, then "on"
    "one two three four five six seven eight nine one two three four five six seven eight "
    "nine one two three four five six seven eight nine",  # a nine-word unit is too long
    "",
])
def test_gate_stops_text_without_a_loop(text: str) -> None:
    assert not has_loop(text)


def test_tokenised_and_detokenised_loops_get_the_same_fix() -> None:
    rules = load_rules()
    tok = ("Hazur 's mercy is in all my kingdom , and in all my kingdom , and in all my "
           "kingdom , and in all my duty .")
    detok = ("Hazur's mercy is in all my kingdom, and in all my kingdom, and in all my kingdom, "
             "and in all my duty.")
    out = [fix(Document.from_text(t + "\n"), rules).fixed.text for t in (tok, detok)]
    assert out == ["Hazur 's mercy is in all my kingdom , and in all my duty .\n",
                   "Hazur's mercy is in all my kingdom, and in all my duty.\n"]
