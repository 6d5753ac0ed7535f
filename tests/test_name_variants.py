"""Names the list spells differently: people part by part, learned and table spellings, known words, gendered
given names, title + surname, organisations respelled or written with other spaces, and a listed name inside
a longer name (``matching/names.py``, ``persons.py``, ``orgs.py``, ``context.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kharon_cli.engine import load_matcher
from kharon_cli.matching.tagger import MatchOptions, Tagger

LIST = Path(__file__).parent / "fixtures" / "name_variants.yaml"


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_matcher([LIST])[1], MatchOptions())


def found(tagger: Tagger, text: str) -> list[tuple[str, str, str]]:
    hits = tagger.tag(text)
    for h in hits:
        assert text[h.start : h.end] == h.text
    return [(h.entity.id.removeprefix("nv:"), h.text, h.method.value) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a given name respelled the way the name table knows, a surname ending respelled, natural order
        ("Sergey Kozlovskiy met them.", [("1", "Sergey Kozlovskiy", "fuzzy")]),
        ("Sergei Kozlovski came.", [("1", "Sergei Kozlovski", "fuzzy")]),
        ("Evgeny Baranovsky also.", [("3", "Evgeny Baranovsky", "fuzzy")]),
        # the patronymic left out, or respelled; a spelling the list carries for the same person
        ("Aleksey Petrenko came.", [("2", "Aleksey Petrenko", "fuzzy")]),
        ("Alexei Petrenka came.", [("2", "Alexei Petrenka", "fuzzy")]),
        ("Aleksei Nikolaevich Petrenko came.", [("2", "Aleksei Nikolaevich Petrenko", "fuzzy")]),
        ("Alexei Petrenko came.", [("2", "Alexei Petrenko", "reordered")]),
        ("Khalilov Rustam Akhmedovich", [("9", "Khalilov Rustam Akhmedovich", "normalized")]),
        ("Rustam Halilov said.", [("9", "Rustam Halilov", "fuzzy")]),
        ("Yulia Makarova spoke.", [("4", "Yulia Makarova", "fuzzy")]),
        # gendered given names are different names
        ("Alexandra Dorofeev spoke.", []),
        ("Alexander Volkonskaya spoke.", []),
        # a known English word is not a misspelling of a surname; another surname is another person
        ("Tobias Marshal came.", []),
        ("Sergei Kovalsky came.", []),
        ("Sergei Kozlov came.", []),
        # the follow-up rule keeps working with a respelled surname
        (
            "Sergey Kozlovskiy spoke. Later Kozlovskiy left.",
            [("1", "Sergey Kozlovskiy", "fuzzy"), ("1", "Kozlovskiy", "followup")],
        ),
        # a title and a distinctive surname, confirmed by a full mention in the same text
        (
            "Rustam Khalilov arrived. Mr Khalilov said.",
            [("9", "Rustam Khalilov", "reordered"), ("9", "Khalilov", "title")],
        ),
        # ...but not alone, and never for a common surname
        ("President Kozlovsky said.", []),
        ("President Smith said.", []),
        # organisations written with other spaces or hyphens
        ("Dae-Dong Credit Bank lent.", [("12", "Dae-Dong Credit Bank", "fuzzy")]),
        ("Dae Dong Credit Bank lent.", [("12", "Dae Dong Credit Bank", "fuzzy")]),
        ("the Dong Credit Bank", []),
        ("Funds went to the Al-Rasheed Trust.", [("7", "Al-Rasheed Trust", "normalized")]),
        # a one-word name inside a longer name is another name; alone it is the listed one
        ("Orion said.", [("6", "Orion", "exact")]),
        ("Orion, the sanctioned firm, denied it.", [("6", "Orion", "exact")]),
        ("He joined Orion Capital Partners last year.", []),
        ("The Orion Group said.", []),
        ("Orion Street is busy.", []),
        ("the Orion mosque", []),
        # ...and the same words mean the same longer name everywhere in that text
        ("Orion Capital Partners grew.\n\nOrion denied it.", []),
    ],
)
def test_name_variants(tagger: Tagger, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(tagger, text) == expected


def test_explain_says_which_parts_matched_how(tagger: Tagger) -> None:
    text = "Sergey Kozlovskiy met them. President Kozlovsky said."
    explained = tagger.explain(text)
    assert [(h.text, h.method.value) for h in explained.hits] == [
        ("Sergey Kozlovskiy", "fuzzy"),
        ("Kozlovsky", "title"),
    ]
    detail = explained.details[(0, 17, "nv:1")]
    assert detail.startswith("given sergey ~ sergei (one given name, Q")
    assert detail.endswith("surname kozlovskiy ~ kozlovsky (1 edit)")


def test_explain_says_why_a_title_alone_was_rejected(tagger: Tagger) -> None:
    explained = tagger.explain("President Kozlovsky said.")
    assert explained.hits == []
    assert [(r.text, r.method.value, r.reason) for r in explained.rejected] == [
        ("Kozlovsky", "title", "a title and a surname alone, and no confirming full mention")
    ]
