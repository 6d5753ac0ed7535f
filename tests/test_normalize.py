"""The normaliser: folding rules, token offsets, and properties over arbitrary Unicode."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kharon_cli.matching.normalize import fold_token, normalize, plain_norms, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kata’ib Hizballah", "kataib hizballah"),
        ("KATA'IB HIZBALLAH", "kataib hizballah"),
        ("Kataʼib  Hizballah", "kataib hizballah"),
        ("al-Qa'ida", "al qaida"),
        ("AL QA`IDA", "al qaida"),
        ("Soleimani’s men", "soleimani men"),
        ("IRAN'S REVOLUTIONARY GUARDS", "iran revolutionary guards"),
        ("Ḥizballāh", "hizballah"),
        ("e\u0301cole", "ecole"),  # decomposed accent stays inside the word
        ("Straße", "strasse"),
        ("ＩＲＧＣ", "irgc"),
        ("Łódź Søren Æsir", "lodz soren aesir"),
        ("IRGC-QF", "irgc qf"),
        ("Kata’ib\nHizballah", "kataib hizballah"),
        ("Islamic Revolutionary Guard Corps–Qods Force", "islamic revolutionary guard corps qods force"),
        ("(IRGC-QF),", "irgc qf"),
        ("‘Abd al-Rahman", "abd al rahman"),
        ("U.S. snake_case", "us snake case"),
        ("the U.S.S.R. or USSR", "the ussr or ussr"),
        ("A. B. Smith", "a b smith"),
        ("", ""),
        ("  --  ", ""),
    ],
)
def test_normalize_cases(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_tokens_carry_offsets_into_the_original() -> None:
    text = "The Kata’ib\nHizballah (KH) said"
    tokens = tokenize(text)
    assert tokens.norms == ["the", "kataib", "hizballah", "kh", "said"]
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)] == [
        "The",
        "Kata’ib",
        "Hizballah",
        "KH",
        "said",
    ]


def test_fraction_expands_into_two_tokens_sharing_one_span() -> None:
    tokens = tokenize("x ½ y")
    assert tokens.norms == ["x", "1", "2", "y"]
    assert tokens.starts[1:3] == [2, 2]
    assert tokens.ends[1:3] == [3, 3]


def test_possessive_only_strips_a_final_s() -> None:
    assert fold_token("Hay'at") == ("hayat",)
    assert fold_token("Iran’s") == ("iran",)
    assert fold_token("'s") == ("s",)


@given(st.text())
def test_offsets_always_slice_the_original(text: str) -> None:
    tokens = tokenize(text)
    prev = (0, 0)
    for norm, start, end in zip(tokens.norms, tokens.starts, tokens.ends, strict=True):
        assert 0 <= start < end <= len(text)
        # Tokens never overlap, except the parts of one surface that NFKC split, which share its span.
        assert start >= prev[1] or (start, end) == prev
        assert norm in fold_token(text[start:end])
        assert norm and " " not in norm
        prev = (start, end)


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Nd", "Zs", "Pd", "Po"])))
def test_same_text_same_tokens(text: str) -> None:
    assert tokenize(text) == tokenize(text)


# ------------------------------------------------------------------------- the offset-free plain-text path

ASCII_PIECES = st.sampled_from(
    [
        "U.S.",
        "u.s.s.r.",
        "S.A",
        "a.b1",
        "Iran's",
        "IT'S",
        "x's",
        "Kata'ib",
        "rock'n'roll",
        "o''k",
        "'s",
        "`a`b",
        "-\n",
        "-\nballah",
        "Hiz",
        " ",
        "\n",
        ".",
        ",",
        "-",
        "(",
        ")",
        "Said",
        "42",
        "a1.b",
        "x'.y",
        "\x1b[1m",
    ]
)
ASCII_TEXT = st.lists(st.one_of(st.characters(min_codepoint=0, max_codepoint=127), ASCII_PIECES), max_size=40).map(
    "".join
)


@pytest.mark.parametrize(
    ("text", "norms", "surfaces"),
    [
        ("The U.S. and Iran's BANK", ["the", "us", "and", "iran", "bank"], ["The", "U.S.", "and", "Iran's", "BANK"]),
        (
            "Kata'ib Hizballah, rock'n'roll",
            ["kataib", "hizballah", "rocknroll"],
            ["Kata'ib", "Hizballah", "rock'n'roll"],
        ),
        ("", [], []),
        ("... --- ", [], []),
    ],
)
def test_plain_norms_cases(text: str, norms: list[str], surfaces: list[str]) -> None:
    assert plain_norms(text) == (norms, surfaces)


@pytest.mark.parametrize("text", ["Kata’ib", "Hiz-\nballah", "red \x1b[31mHamas\x1b[0m", "café"])
def test_plain_norms_leaves_other_texts_to_the_general_path(text: str) -> None:
    assert plain_norms(text) is None


@given(ASCII_TEXT)
@example("ab.c.d x'a.b U.S.A1 it's o's")
def test_plain_norms_are_the_tokenizers_norms(text: str) -> None:
    plain = plain_norms(text)
    if plain is None:
        return
    norms, surfaces = plain
    tokens = tokenize(text)
    assert norms == tokens.norms
    assert surfaces == [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)]
