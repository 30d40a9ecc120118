"""The keyword prefilter skips only entries that cannot match: the issues of a prefiltered run
are those of the unfiltered one, rule by rule, on every table example and on documents written
for this test."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import regex

from mtfix import Document, check
from mtfix.document import Issue
from mtfix.rules import RuleSet, load_rules, load_tables
from mtfix.rules.prefilter import Prefilter, fold, keywords_for, required_literals
from mtfix.tables import entry_examples, example_document

RULES = load_rules()
UNFILTERED = replace(RULES, prefilter=None)

DOCUMENTS = [
    # web-page chrome around a short story, in several cases
    "Kabul, 2 March 2021\n"
    "Please consider a donation to support our independent journalism.\n"
    "CLICK HERE TO FOLLOW US ON TELEGRAM\n"
    "Officials said on Tuesday , March 2, 2021 that the talks would resume .\n"
    "Related: Officials meet again in the capital\n"
    "Share this story\n"
    "The governor said the road had been closed,, and would reopen on Monday.\n",
    # folding cases: dotted capital I, long s, Kelvin sign, sharp s
    "İSTANBUL — The ſtate council met on Wednesday, 3 March 2021.\n"
    "A \u212aabul official said the STRASSE was closed.\n"
    "Thank you for reading. Subscribe to our newsletter!\n",
    # a story with numbers, dates and a headline echoed on the page
    "Prices rose by 3.5 percent in February, the ministry said.\n"
    "\n"
    "Prices rose by 3.5 percent in February, the ministry said.\n"
    "The 12th meeting of the council was held on Sunday (7) in the city.\n",
]


def _by_rule(issues: tuple[Issue, ...]) -> dict[str, list[Issue]]:
    out: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        out[issue.rule_id].append(issue)
    return dict(out)


def _examples_document() -> Document:
    """Every example of every table (its text, its fix, its source lines), one document of
    paragraphs."""
    segments = []
    for table in load_tables():
        for entry in table.entries:
            for example in entry_examples(entry):
                doc = example_document(example)
                segments.extend(doc.segments)
                if example.fixed:
                    segments.extend(Document.from_text(example.fixed).segments)
                segments.extend(Document.from_text("\n").segments)
    renumbered = tuple(replace(seg, index=i) for i, seg in enumerate(segments))
    return Document(segments=renumbered)


def _same_issues(doc: Document, rules: RuleSet = RULES) -> None:
    filtered = _by_rule(check(doc, rules))
    unfiltered = _by_rule(check(doc, replace(rules, prefilter=None)))
    assert filtered.keys() == unfiltered.keys()
    for rule_id, issues in unfiltered.items():
        assert filtered[rule_id] == issues, rule_id


def test_prefilter_keeps_every_issue_of_the_table_examples() -> None:
    doc = _examples_document()
    assert len(doc.segments) > 500
    _same_issues(doc)


def test_prefilter_keeps_every_issue_of_each_example_alone() -> None:
    """Document-level rules see each example as its own document too (a sample: one in
    five, to keep the test fast)."""
    cases = [example_document(ex) for table in load_tables() for entry in table.entries
             for ex in entry_examples(entry)]
    for doc in cases[::5]:
        _same_issues(doc)


def test_prefilter_keeps_every_issue_of_written_documents() -> None:
    for text in DOCUMENTS:
        _same_issues(Document.from_text(text))


def test_prefilter_is_used_and_filters() -> None:
    assert RULES.prefilter is not None
    groups = RULES.prefilter.groups
    assert any(any(kws) for kws in groups.values())
    doc = Document.from_text(DOCUMENTS[0])
    assert check(doc, RULES) == check(doc, UNFILTERED)


def test_every_keyword_occurs_where_its_pattern_matches() -> None:
    """The soundness the filter rests on, tested directly: wherever an entry's pattern
    matches a table example, one of the keywords read from it occurs there."""
    tested = 0
    for rule in RULES.rules:
        matchers = getattr(rule, "matchers", None) or getattr(rule, "lines", None) or ()
        texts = [seg.text for seg in _examples_document().segments] if matchers else []
        for m in matchers:
            pattern = getattr(m, "pattern", None) or getattr(m, "line", None) or getattr(
                m, "inline", None)
            kws = keywords_for((), pattern) if pattern is not None else ()
            if not kws:
                continue
            for text in texts:
                for candidate in (text, text.strip()):
                    if pattern.search(candidate):
                        tested += 1
                        assert any(k in fold(candidate) for k in kws), (pattern.pattern, text)
    assert tested > 20


def test_required_literals() -> None:
    def lits(p: str, flags: int = 0) -> tuple[str, ...]:
        return required_literals(regex.compile(p, flags))

    assert lits(r"\bthe (?:Taliban|Talibans)\b", regex.I) == ("the taliban",)
    assert lits(r"\s(?:Xinhua|AFP)\s*$") == ("afp", "xinhua")
    assert lits(r"(?:colour)?s") == ("s",)
    assert lits(r"[^\p{Lu}\-] \mfoo\M") == ("foo",)
    assert lits(r"(?:x)?y?") == ()  # nothing required
    assert lits(r"ab|\d") == ()  # one branch needs no literal
    assert lits(r"(?:abc){e<=1}") == ()  # fuzzy matching: not read
    assert lits(r"[[:alpha:]]x") == ()  # a POSIX class: not read
    assert lits(r"(?<name>x)yz") == ()  # syntax re does not parse: always tried


def test_prefilter_scan_gives_candidates_in_entry_order() -> None:
    pf = Prefilter({"t": (("cat", "dog"), (), ("dog",)), "u": (("bird",),)})
    assert pf.scan("A DOG and a cat") == {"t": (0, 1, 2), "u": ()}
    assert pf.scan("nothing") == {"t": (1,), "u": ()}
    assert pf.scan("a Bird") == {"t": (1,), "u": (0,)}
