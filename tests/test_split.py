"""Sentence-split corruption (mtfix.synthetic.split)."""

from __future__ import annotations

import random

from mtfix.synthetic.split import split_sentence, truncate_left

SEED_CLEAN = (
    "Iraqi Prime Minister al-Sudani once again called on the US-led international coalition "
    "against ISIS to withdraw its forces from Iraq."
)


def test_no_pattern_is_preferred() -> None:
    # The sentence fits two patterns (object fronted, plain infinitive); both must come out,
    # in about equal numbers: the generator must not favour the seed's pattern.
    kinds = [split_sentence(SEED_CLEAN, random.Random(k)) for k in range(200)]
    assert all(ex is not None and ex.clean == SEED_CLEAN for ex in kinds)
    counts = {k: sum(ex.kind == k for ex in kinds) for k in ("split-inf-object", "split-inf")}
    assert sum(counts.values()) == 200
    assert 60 <= counts["split-inf-object"] <= 140, counts
    fronted = next(ex for ex in kinds if ex.kind == "split-inf-object")
    assert ". Forces " in fronted.corrupted
    assert fronted.corrupted.startswith("Iraqi Prime Minister al-Sudani once again called")


def test_deterministic_from_seed() -> None:
    sents = [
        SEED_CLEAN,
        "The minister said the government would continue to support farmers in the region.",
        "He spoke at the forum in Davos, saying that the mission must end soon.",
    ]
    a = [split_sentence(s, random.Random(5)) for s in sents]
    b = [split_sentence(s, random.Random(5)) for s in sents]
    assert a == b
    assert all(x is not None for x in a)


def test_no_split_without_clause() -> None:
    assert split_sentence("It was a good day.", random.Random(0)) is None
    assert split_sentence("No final punctuation to speak of here", random.Random(0)) is None
    # "to" before a determiner is a preposition, not an infinitive
    assert split_sentence("They went back home to the village of Alam.", random.Random(0)) is None


def test_split_piece_is_a_new_sentence() -> None:
    s = "The minister said the government would continue to support farmers in the region."
    ex = split_sentence(s, random.Random(1))
    assert ex is not None
    first, second = ex.corrupted.split(". ", 1)
    assert s.startswith(first)
    assert second[0].isupper()


def test_truncate_left_keeps_the_change() -> None:
    rng = random.Random(3)
    ex = split_sentence(SEED_CLEAN, rng)
    assert ex is not None
    cut = truncate_left(ex, rng)
    assert SEED_CLEAN.endswith(cut.clean)
    assert ex.corrupted.endswith(cut.corrupted)
    assert len(cut.clean.split()) >= 6


def test_realistic_splits_front_only_plural_objects_and_reporting_pasts() -> None:
    singular = "The council decided on Monday to solve the situation in the north."
    loose = [split_sentence(singular, random.Random(k)) for k in range(6)]
    assert any(ex is not None and ex.kind == "split-inf-object" for ex in loose)
    strict = [split_sentence(singular, random.Random(k), realistic=True) for k in range(6)]
    assert all(ex is None or ex.kind != "split-inf-object" for ex in strict)
    participle = "The army attacked the town early on Monday, injuring seven people there."
    assert any("Injured" in split_sentence(participle, random.Random(k)).corrupted  # type: ignore[union-attr]
               for k in range(12))
    for k in range(12):
        ex = split_sentence(participle, random.Random(k), realistic=True)
        assert ex is not None and "Injured" not in ex.corrupted
