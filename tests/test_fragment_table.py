"""The fragment table is the one home of the split-sentence leads: the rule flags what the
generator writes, the model's candidate builder sends it, and a join undoes it."""

from __future__ import annotations

import random

from mtfix.document import Document
from mtfix.pipeline import check
from mtfix.rules import load_rules
from mtfix.synthetic.split import split_sentence
from mtfix.text.fragments import is_fragment, shipped
from mtfix.text.joins import join_candidates


def _fragments_flagged(text: str) -> list[str]:
    issues = check(Document.from_text(text + "\n"), load_rules())
    return [i.rule_id for i in issues if i.category == "fluency/sentence-split"]


def test_every_generated_infinitive_lead_is_flagged_sent_and_joined() -> None:
    for lead in shipped().generated["infinitive_lead"]:
        text = f"The council met the envoy on Monday. {lead} withdraw the troops from the city."
        assert _fragments_flagged(text) == ["fragments.infinitive_lead"], lead
        assert is_fragment(f"{lead} withdraw the troops from the city."), lead
        assert ("The council met the envoy on Monday to withdraw the troops from the city."
                in join_candidates(text)), lead


def test_every_generated_noun_lead_is_flagged_and_joined() -> None:
    for lead in shipped().generated["plural_noun_asked_to"]:
        text = f"The council met the envoy on Monday. Troops {lead} to leave the city."
        assert _fragments_flagged(text) == ["fragments.plural_noun_asked_to"], lead
        assert ("The council met the envoy on Monday to leave their troops the city."
                in join_candidates(text)), lead


def test_generator_writes_exactly_the_generated_leads() -> None:
    sentence = "The minister urged the army to withdraw from the city at once."
    made = [split_sentence(sentence, random.Random(k)) for k in range(60)]
    leads = {ex.corrupted.split(". ", 1)[1].rsplit(" withdraw", 1)[0]
             for ex in made if ex is not None}
    assert leads == set(shipped().generated["infinitive_lead"])
