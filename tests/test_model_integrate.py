"""The pipeline seam (mtfix.model.integrate) with a fake proposer: no torch needed."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pytest

from mtfix.document import Document, Issue, Severity
from mtfix.model.backend import Proposal
from mtfix.model.integrate import (
    ModelCorrector,
    ModelSettings,
    candidate_units,
    margin_confidence,
    model_issues,
)

SPLIT = (
    "Al-Sudani once again called on the US-led international coalition against ISIS. "
    "Forces asked to withdraw from Iraq."
)
JOINED = "coalition against ISIS to withdraw its forces from Iraq."


@dataclass(frozen=True)
class FakeProposer:
    """Rewrites by a table; scores copies low for texts listed in ``bad``."""

    table: dict[str, str]
    bad: frozenset[str] = frozenset()
    margin: float = 8.0
    liked: frozenset[str] = frozenset()
    name: str = "fake"
    calls: list[list[str]] = field(default_factory=list)

    def propose(self, texts: Sequence[str]) -> list[Proposal]:
        self.calls.append(list(texts))
        out = []
        for t in texts:
            new = t
            for old, rep in self.table.items():
                new = new.replace(old, rep)
            if new == t:
                out.append(Proposal(t, t, -12.0, -12.0, 10, 10))
            else:
                out.append(Proposal(t, new, -2.0, -2.0 - self.margin, 10, 10))
        return out

    def copy_scores(self, texts: Sequence[str]) -> list[tuple[float, int]]:
        return [(-20.0 if t in self.bad else -1.0, 10) for t in texts]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[float, int]]:
        return [(-1.0 if t in self.liked else -12.0, 10) for t in targets]


def _apply(doc: Document, issues: list[Issue], threshold: float = 0.8) -> str:
    seg = doc.segments[0]
    text = seg.text
    for i in sorted(issues, key=lambda i: -i.start):
        if i.confidence >= threshold:
            assert text[i.start : i.end] == i.span
            text = text[: i.start] + i.replacements[0] + text[i.end :]
    return text


def test_fragment_is_sent_and_joined() -> None:
    doc = Document.from_text(SPLIT + "\n")
    fake = FakeProposer({"ISIS. Forces asked to withdraw": "ISIS to withdraw its forces"})
    run = ModelCorrector(fake, ModelSettings(qe_threshold=None)).run(doc, [])
    assert run.stats.units_sent == 1 and run.stats.sent_by == {"fragment": 1}
    assert len(fake.calls[0][0].split()) <= ModelSettings().window_words + 6
    [issue] = run.issues
    assert issue.origin == "model" and issue.category == "fluency/sentence-split"
    assert issue.severity == Severity.MAJOR
    assert issue.confidence >= 0.8
    assert _apply(doc, list(run.issues)).endswith(JOINED)


def test_fragment_join_from_templates_scored_by_the_model() -> None:
    doc = Document.from_text(SPLIT + "\n")
    joined = SPLIT.split(" against ")[0] + " against " + JOINED.split(" against ")[1]
    fake = FakeProposer({}, liked=frozenset({joined}))
    run = ModelCorrector(fake, ModelSettings(qe_threshold=None)).run(doc, [])
    [issue] = run.issues
    assert issue.confidence >= 0.8
    assert _apply(doc, [issue]).endswith(JOINED)


def test_fragment_join_the_model_does_not_prefer_is_not_applied() -> None:
    doc = Document.from_text(SPLIT + "\n")
    run = ModelCorrector(FakeProposer({}), ModelSettings(qe_threshold=None)).run(doc, [])
    assert all(i.confidence < 0.8 for i in run.issues)


def test_clean_text_is_not_sent_without_qe_signal() -> None:
    doc = Document.from_text("The United States has 2,500 troops in Iraq.\nAll is well here.\n")
    fake = FakeProposer({"troops": "soldiers"})
    run = ModelCorrector(fake, ModelSettings()).run(doc, [])
    assert run.issues == () and run.stats.units_sent == 0
    assert run.stats.units_total == 2 and run.stats.share_sent == 0.0


def test_qe_sends_low_scoring_sentences() -> None:
    bad = "He have went to the market yesterday."
    doc = Document.from_text(f"{bad}\nAll is well here today.\n")
    fake = FakeProposer({"have went": "went"}, bad=frozenset({bad}))
    run = ModelCorrector(fake, ModelSettings()).run(doc, [])
    assert run.stats.sent_by == {"qe": 1}
    [issue] = run.issues
    assert _apply(doc, [issue]) == "He went to the market yesterday."


def test_flagged_segments_are_sent() -> None:
    doc = Document.from_text("One sentence that rules flagged here.\nAnother one stays alone.\n")
    flag = Issue(0, 4, 12, "sentence", "terminology", Severity.MAJOR, "t.x", "m")
    fake = FakeProposer({})
    run = model_issues(doc, [flag], fake, ModelSettings(qe_threshold=None))
    assert run.stats.sent_by == {"flagged": 1} and run.stats.segments_sent == 1


def test_guards_turn_edits_into_suggestions() -> None:
    cases = {
        "The army sent 2,500 troops to the border area.": ("2,500", "3,000"),
        "Officials in Baghdad said the talks would go on.": ("Baghdad", "Kabul"),
        "The officials said the talks would go on for weeks.": ("officials", "Hamid Karzai"),
    }
    for text, (old, new) in cases.items():
        doc = Document.from_text(text + "\n")
        fake = FakeProposer({old: new}, bad=frozenset({text}))
        run = ModelCorrector(fake, ModelSettings()).run(doc, [])
        assert run.issues, text
        assert all(i.confidence < 0.8 for i in run.issues), text
        assert "not applied" in run.issues[0].message


def test_big_rewrites_are_suggested_or_dropped() -> None:
    text = "The footage shows a police officer wrestling with a man."
    doc = Document.from_text(text + "\n")
    medium = FakeProposer({"a police officer wrestling": "an officer grappling"},
                          bad=frozenset({text}))
    run = ModelCorrector(medium, ModelSettings()).run(doc, [])
    assert run.issues and all(i.confidence < 0.8 for i in run.issues)
    rewrite = FakeProposer({text: "Video footage showed an officer grappling with somebody."},
                           bad=frozenset({text}))
    assert ModelCorrector(rewrite, ModelSettings()).run(doc, []).issues == ()


def test_low_margin_is_below_threshold() -> None:
    s = ModelSettings(margin_at_threshold=3.0)
    assert abs(margin_confidence(3.0, s) - 0.8) < 1e-9
    assert margin_confidence(1.0, s) < 0.8 < margin_confidence(5.0, s)


def test_candidate_units_cover_segments() -> None:
    doc = Document.from_text(SPLIT + " Then it ended.\n\nShort.\n")
    plain, frags = candidate_units(doc, ModelSettings())
    for u in plain + frags:
        assert doc.segments[u.segment].text[u.start : u.end] == u.text
    assert len(frags) == 1 and frags[0].text.endswith("withdraw from Iraq.")


def test_sentences_the_fragment_rules_flag_are_fragment_units() -> None:
    from mtfix.rules import load_rules

    text = "The flood hit the region on Monday. Resulting in the migration of thousands.\n"
    doc = Document.from_text(text)
    # one table (tables/fragments.yaml): the candidate builder sees what the rule flags
    flags = [i for i in load_rules().detect(doc) if i.category == "fluency/sentence-split"]
    assert [i.span for i in flags] == ["Resulting in the migration of thousands."]
    _, frags = candidate_units(doc, ModelSettings())
    assert [u.text for u in frags] == [text.strip()]


def test_a_flag_from_a_user_table_makes_a_fragment_unit() -> None:
    text = "The talks went on until late on Monday. Nobody knew why at all.\n"
    doc = Document.from_text(text)
    assert candidate_units(doc, ModelSettings())[1] == []  # the shipped table does not flag it
    start = text.index("Nobody")
    _, frags = candidate_units(doc, ModelSettings(), frozenset({(0, start)}))
    assert [u.text for u in frags] == [text.strip()]


def test_importing_the_seam_does_not_import_torch() -> None:
    code = (
        "import sys, mtfix.model.integrate, mtfix.text.sentences, mtfix.model.backend;"
        "bad = [m for m in ('torch', 'transformers') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_ape_bench_scores_what_fix_writes_rules_then_model(tmp_path) -> None:
    from mtfix.model.bench import ape_pair
    from mtfix.rules import load_rules

    loop = "They are in all my kingdom , and in all my kingdom , and in all my kingdom , and here ."
    bad = "He have went to the market yesterday ."
    rows = [("0", "x", loop, "They are in all my kingdom , and here ."),
            ("1", "y", bad, "He went to the market yesterday ."),
            ("2", "z", "All is well here today .", "All is well here today .")]
    path = tmp_path / "xx-en.dev.tsv"
    path.write_text("seg_id\tsrc\tmt\tpe\thter\n"
                    + "".join(f"{i}\t{s}\t{m}\t{p}\t0.5\n" for i, s, m, p in rows),
                    encoding="utf-8")
    fake = FakeProposer({"have went": "went"}, bad=frozenset({"He have went to the market "
                                                              "yesterday."}))
    result = ape_pair(ModelCorrector(fake, ModelSettings()), path, rules=load_rules())
    assert result.ter_rules < result.ter_mt  # the loop, by the repetition table
    assert result.ter_fixed < result.ter_rules  # "have went", by the model
    assert result.ter_fixed == 0.0
    assert result.model_delta == result.ter_fixed - result.ter_rules
    assert (result.rows, result.segments_changed, result.applied) == (3, 2, 1)
    without_rules = ape_pair(ModelCorrector(fake, ModelSettings()), path)
    assert without_rules.ter_rules == without_rules.ter_mt > without_rules.ter_fixed > 0


@dataclass(frozen=True)
class CountingProposer(FakeProposer):
    """FakeProposer that also records every scoring call."""

    scored: list[list[str]] = field(default_factory=list)

    def copy_scores(self, texts: Sequence[str]) -> list[tuple[float, int]]:
        self.scored.append(["copy", *texts])
        return super().copy_scores(texts)

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[float, int]]:
        self.scored.append(["score", *targets])
        return super().score(sources, targets)


#: The calibration that says "free generation never helps" (the shipped model's).
GEN_OFF = ModelSettings(margin_at_threshold=None, qe_threshold=-0.35)


def test_generation_calibrated_off_is_never_run() -> None:
    bad = "He have went to the market yesterday."
    doc = Document.from_text(f"{bad}\nOne sentence that rules flagged here.\n")
    flag = Issue(1, 4, 12, "sentence", "terminology", Severity.MAJOR, "t.x", "m")
    fake = CountingProposer({"have went": "went"}, bad=frozenset({bad}))
    run = ModelCorrector(fake, GEN_OFF).run(doc, [flag])
    # no QE pass, no generation, no scoring: nothing of this document is a joinable fragment
    assert fake.calls == [] and fake.scored == []
    assert run.issues == () and run.stats.units_sent == 0 and run.stats.units_total == 2
    assert run.stats.sentences_per_s == 0.0


def test_generation_off_joins_fragments_by_template_scores_only() -> None:
    doc = Document.from_text(SPLIT + "\n")
    joined = SPLIT.split(" against ")[0] + " against " + JOINED.split(" against ")[1]
    _, [frag] = candidate_units(doc, GEN_OFF)
    fake = CountingProposer({"ISIS. Forces": "nonsense"}, bad=frozenset({frag.text}),
                            liked=frozenset({joined}))
    run = ModelCorrector(fake, replace(GEN_OFF, fragment_margin_at_threshold=8.0)).run(doc, [])
    assert fake.calls == []  # the model's own output is never asked for
    assert [u for u, _ in run.proposals] == [frag]
    assert [c[0] for c in fake.scored] == ["copy", "score"]
    assert fake.scored[0][1:] == [frag.text]  # one copy score, then the three joins at once
    assert len(fake.scored[1]) == 1 + 3
    [issue] = run.issues
    # margin 19 nats (-1 for the join vs -20 for the copy) at a threshold of 8 nats
    assert issue.confidence == pytest.approx(1 / (1 + math.exp(-(11 + math.log(4)))))
    assert issue.replacements == ("ISIS to withdraw its forces",)
    assert _apply(doc, [issue]).endswith(JOINED)
    assert run.stats.sent_by == {"fragment": 1} and run.stats.sentences_per_s > 0


def test_fragment_without_a_template_is_not_sent_when_generation_is_off() -> None:
    doc = Document.from_text("The talks went on until late on Monday. Nobody knew why.\n")
    fake = CountingProposer({})
    at = doc.segments[0].text.index("Nobody")
    _, frags = candidate_units(doc, GEN_OFF, frozenset({(0, at)}))
    assert len(frags) == 1  # a fragment unit, but no template can join it
    flag = Issue(0, at, at + 16, "Nobody knew why.", "fluency/sentence-split", Severity.MAJOR,
                 "fragment.x", "m")
    run = ModelCorrector(fake, GEN_OFF).run(doc, [flag])
    assert fake.calls == [] and fake.scored == [] and run.stats.units_sent == 0


def test_never_margin_gives_zero_confidence() -> None:
    assert margin_confidence(1e6, GEN_OFF) == 0.0
    assert margin_confidence(9.0, GEN_OFF, at_threshold=8.0) > 0.8


def test_a_numbered_list_item_is_not_a_split_fragment() -> None:
    doc = Document.from_text("  1. Choosing a day on the calendar shown on the left.\n"
                             "The talks ended on Monday. Choosing a venue took weeks.\n")
    second = doc.segments[1].text.index("Choosing")
    _, frags = candidate_units(doc, GEN_OFF, frozenset({(0, 5), (1, second)}))
    assert [(u.segment, u.text) for u in frags] == [
        (1, "The talks ended on Monday. Choosing a venue took weeks.")]


def test_lines_the_rules_dropped_are_not_sent() -> None:
    from dataclasses import replace as dc_replace

    doc = Document.from_text(SPLIT + "\n" + SPLIT + "\n")
    doc = doc.with_segments((dc_replace(doc.segments[0], dropped=True), doc.segments[1]))
    _, frags = candidate_units(doc, GEN_OFF)
    assert [u.segment for u in frags] == [1]
