"""Pure-text helpers of the model seam: sentences, fragments, word diffs."""

from __future__ import annotations

import random

from mtfix.text.fragments import is_fragment
from mtfix.text.sentences import apply_hunks, diff_words, sentences


def test_diff_joins_the_seed_split_in_one_hunk() -> None:
    old = "called on the coalition against ISIS. Forces asked to withdraw from Iraq."
    new = "called on the coalition against ISIS to withdraw its forces from Iraq."
    hunks = diff_words(old, new)
    assert len(hunks) == 1
    assert old[hunks[0].start : hunks[0].end] == "ISIS. Forces asked to withdraw"
    assert apply_hunks(old, hunks) == new


def test_diff_roundtrip_random() -> None:
    rng = random.Random(0)
    vocab = ["a", "b", "c", "d", "e", "f", "The", "Iraq.", "2,500", "forces"]
    for _ in range(300):
        old = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 8)))
        new = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 8)))
        for gap in (0, 3):
            hunks = diff_words(old, new, merge_gap=gap)
            assert apply_hunks(old, hunks) == new, (old, new, hunks)
            assert all(0 <= h.start <= h.end <= len(old) for h in hunks)


def test_identical_text_has_no_hunks() -> None:
    assert diff_words("Same text here.", "Same text here.") == []


def test_sentences_skip_abbreviations() -> None:
    text = "Mr. Smith met Dr. Jones. Forces asked to withdraw. “Yes,” he said."
    spans = [text[s.start : s.end] for s in sentences(text)]
    assert spans == ["Mr. Smith met Dr. Jones.", "Forces asked to withdraw.", "“Yes,” he said."]


def test_fragment_heuristic() -> None:
    assert is_fragment("Forces asked to withdraw from Iraq.")
    assert is_fragment("Saying that the mission must end.")
    assert is_fragment("To support farmers in the region.")
    assert not is_fragment("The forces withdrew from Iraq.")
    assert not is_fragment("Who asked them to leave?")
    assert not is_fragment("According to the Pentagon, there were 130 attacks.")
    # the table's ``unless``: a participle with its main clause is whole
    assert not is_fragment("Saying that, he left.")


def test_whole_sentences_that_start_like_fragments_are_not_fragments() -> None:
    # seen in MQM TED human translations, where joining them damaged the text
    assert not is_fragment("To some extent, it does; it forces insects to crawl over it.")
    assert not is_fragment("To a certain extent, this is smarter.")
    assert not is_fragment("To make this work, we trained for a year.")
    assert is_fragment("Forces asked to withdraw from Iraq.")
    assert is_fragment("To withdraw its forces from Iraq.")
