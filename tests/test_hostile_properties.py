"""Properties over hostile input, and a bounded fuzz run of the decoder, the normaliser and the list loader.

* every hit slices its text exactly, its line and column agree with its offset, and tagging is deterministic,
  in the library and through ``kharon scan --format json`` on the same bytes;
* a listed name inserted anywhere (between word boundaries) in random text is found at the inserted offsets;
* the tokenizer's offsets are increasing, in bounds and never overlap, and normalising is idempotent;
* ``decode_bytes`` never raises, never returns lone surrogates, and warns exactly when it replaced or
  reinterpreted bytes;
* nothing but a ``KharonError`` ever leaves ``parse_watchlist``.

Budgets follow the Hypothesis profile conftest loads (default 100 examples; ``HYPOTHESIS_PROFILE=long`` 5000),
scaled per test below and by ``KHARON_FUZZ_SCALE`` (a float, default 1). The default run takes a few seconds.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path
from unittest import mock

import pytest
from conftest import MINI
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.errors import KharonError, WatchlistError
from kharon_cli.lists.watchlist import parse_watchlist
from kharon_cli.matching.normalize import fold_token, normalize, tokenize
from kharon_cli.matching.tagger import Tagger
from kharon_cli.models import Hit
from kharon_cli.scanning.decode import decode_bytes

_PROFILE = settings()  # whatever profile conftest loaded
_SCALE = float(os.environ.get("KHARON_FUZZ_SCALE", "1"))


def budget(fraction: float) -> settings:
    """The loaded profile with ``fraction`` of its examples (times KHARON_FUZZ_SCALE), never a fixed count."""
    return settings(
        _PROFILE,
        max_examples=max(10, round(_PROFILE.max_examples * fraction * _SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


# Pieces that make text hostile: controls, line ends, escapes, bidi, invisible and combining characters,
# ligatures and look-alikes, emoji sequences, right-to-left scripts, and names from the mini list.
SPECIAL = [
    "\x00",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "\x07",
    "\x08",
    "\x7f",
    "\x9b",
    "\x1b",
    "\x1b[31m",
    "\x1b[0m",
    "\x1b]8;;https://x\x1b\\",
    "\u202e",
    "\u202c",
    "\u2066",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u00ad",
    "\ufeff",
    "\u0301",
    "\u0651",
    "e\u0301",
    "ﬁ",
    "½",
    "İ",
    "ß",
    "Ｉ",
    "ـ",
    "’",
    "'",
    "`",
    "-",
    "—",
    ".",
    ",",
    "(",
    ")",
    "[bold]",
    "[/]",
    "🙂",
    "👩\u200d👩\u200d👧",
    "🇮🇶",
    "كتائب حزب الله",
    "חמאס",
    "Кata'ib",
    "Kata'ib",
    "Kata’ib",
    "Hizballah",
    "Hamas",
    "ISIS",
    "Qasem",
    "Soleimani",
    "Said",
    "Alert",
    " ",
    "  ",
]
# Any character but a lone surrogate (text decoded from bytes never holds one; see the decoder tests).
CHARS = st.characters(exclude_categories=["Cs"])
HOSTILE_TEXT = st.lists(st.one_of(CHARS, st.sampled_from(SPECIAL)), max_size=60).map("".join)


def hit_tuple(h: Hit) -> tuple[object, ...]:
    """Every field of a hit (``Hit`` equality only compares offsets and entity)."""
    return (
        h.start,
        h.end,
        h.entity_key,
        h.text,
        h.alias,
        h.alias_kind.value,
        h.method.value,
        h.score,
        h.line,
        h.column,
    )


# ------------------------------------------------------------------------------------ offsets and lines


@budget(2.0)
@given(HOSTILE_TEXT)
@example("by Kata’ib\r\nHizballah and Qasem\nSoleimani; later Soleimani.")
@example("\x1b[31mHamas\x1b[0m \u202eISIS\u202c 🙂 Hamas\x00")
def test_every_hit_slices_its_text_and_line_column_agree(mini: Tagger, text: str) -> None:
    hits = mini.tag(text)
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
        assert text[h.start : h.end] == h.text
        before = text[: h.start]
        assert h.line == before.count("\n") + 1
        assert h.column == h.start - (before.rfind("\n") + 1) + 1
    assert hits == sorted(hits)
    assert [hit_tuple(h) for h in mini.tag(text)] == [hit_tuple(h) for h in hits]


@pytest.fixture(scope="module")
def article_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("articles")


_runner = CliRunner()


@budget(0.3)
@given(HOSTILE_TEXT)
@example("Officials of Kata’ib\r\nHizballah and \x1b[1mHamas\x1b[0m met Qasem Soleimani.\n")
def test_cli_json_gives_the_same_hits_on_the_same_bytes(mini: Tagger, article_dir: Path, text: str) -> None:
    # NUL bytes make a file binary and a leading U+FEFF is a byte-order mark: both are the decoder's business.
    assume("\x00" not in text and not text.startswith("\ufeff"))
    assume(not text.startswith(("%PDF-", "GIF87a", "GIF89a", "PK\x03\x04")))
    path = article_dir / "article.txt"
    path.write_bytes(text.encode("utf-8"))
    result = _runner.invoke(app, ["scan", "--list", str(MINI), "--format", "json", str(path)])
    doc = json.loads(result.stdout)
    [f] = doc["files"]
    assert (f["status"], f["warnings"]) == ("ok", [])
    got = [
        (
            h["start"],
            h["end"],
            h["entity"]["id"],
            h["text"],
            h["alias"],
            h["alias_kind"],
            h["method"],
            h["score"],
            h["line"],
            h["column"],
        )
        for h in f["hits"]
    ]
    assert got == [hit_tuple(h) for h in mini.tag(text)]
    assert result.exit_code == (1 if got else 0)


# ---------------------------------------------------------------------------------- no lost inserted name

# Names of the mini list that stand on their own (no confirmation needed), as a writer would capitalise them,
# with the entity each must be found as.
STANDALONE = [
    ("Kata'ib Hizballah", "11462"),
    ("KATA'IB HIZBALLAH", "11462"),
    ("Kata’ib Hezbollah", "11462"),
    ("Hizballah Brigades", "11462"),
    ("Jabhat Fatah al-Sham", "16937"),
    ("al-Nusrah Front", "16937"),
    ("Islamic Revolutionary Guard Corps", "10391"),
    ("IRGC", "10391"),
    ("Islamic Revolutionary Guard Corps (IRGC)-Qods Force", "10465"),
    ("IRGC-QF", "10465"),
    ("Qods Force", "10465"),
    ("Islamic State of Iraq and the Levant", "8759"),
    ("ISLAMIC STATE OF IRAQ AND THE LEVANT", "8759"),
    ("ISIS", "8759"),
    ("ISIL", "8759"),
    ("Hamas", "4001"),
    ("HAMAS", "4001"),
    ("Qasem Soleimani", "10481"),
    ("Soleimani, Qasem", "10481"),
    ("Ghasem Soleymani", "10481"),
    ("Mohammad Javad Zarif", "26950"),
    ("Said Navigation", "5001"),
    ("Kata'ib Sayyid al-Shuhada", "9001"),
]
BOUNDARIES = [" ", "\n", "\t", "\r\n", ", ", "; ", " (", ") ", ". ", " — ", ' "', '" ', " / ", ": "]
# ESC and the 8-bit CSI are left out of the surrounding text: an unterminated "\x1b]" swallows the rest of the
# text and "\x9b31m" glues to the next word, two known bugs with their own tests in test_hostile_text.py.
LIST_WORDS = {"Kata'ib", "Кata'ib", "Kata’ib", "Hizballah", "Hamas", "ISIS", "Qasem", "Soleimani", "Said", "Alert"}
WITH_NAMES = HOSTILE_TEXT.filter(lambda s: "\x1b" not in s and "\x9b" not in s)
# For exact offsets, no word of the list right beside the name either: in "Qasem Soleimani, Qasem" both
# "Qasem Soleimani" and "Soleimani, Qasem" are the man, and the matcher rightly takes the first.
WITHOUT_NAMES = (
    st.lists(st.one_of(CHARS, st.sampled_from(sorted(set(SPECIAL) - LIST_WORDS))), max_size=60)
    .map("".join)
    .filter(lambda s: "\x1b" not in s and "\x9b" not in s)
)


def _longer_name(before: str, left: str, right: str, after: str) -> bool:
    """Whether a capitalised word is joined to the inserted name by bare whitespace: then it may make a longer
    name of it ("ISIS Abc", "Abc Hamas"), which is another name (tests/test_matcher.py has those cases)."""
    last_before = re.search(r"([^\W_]+)$", before)
    before_joined = left.strip(" \t\r\n") == "" and last_before is not None and last_before.group(1)[0].isupper()
    after_joined = right.strip(" \t\r\n") == "" and after[:1].isupper()
    return before_joined or after_joined


def insert(before: str, left: str, alias: str, right: str, after: str) -> tuple[str, int, int]:
    start = len(before) + len(left)
    return before + left + alias + right + after, start, start + len(alias)


@budget(2.0)
@given(
    before=WITHOUT_NAMES,
    after=WITHOUT_NAMES,
    name=st.sampled_from(STANDALONE),
    left=st.sampled_from(BOUNDARIES),
    right=st.sampled_from(BOUNDARIES),
)
def test_an_inserted_name_is_found_where_it_was_put(
    mini: Tagger, before: str, after: str, name: tuple[str, str], left: str, right: str
) -> None:
    alias, entity = name
    # A capitalised word joined to the name by a bare space makes a longer name ("ISIS Abc" is another name:
    # tests/test_matcher.py has its cases); anything else around the name leaves it found where it was put.
    assume(not _longer_name(before, left, right, after))
    text, start, end = insert(before, left, alias, right, after)
    assert (start, end, entity, alias) in [(h.start, h.end, h.entity.id, h.text) for h in mini.tag(text)]


@budget(1.0)
@given(
    before=WITH_NAMES,
    after=WITH_NAMES,
    name=st.sampled_from(STANDALONE),
    left=st.sampled_from(BOUNDARIES),
    right=st.sampled_from(BOUNDARIES),
)
@example(before="Qasem", after="", name=("Soleimani, Qasem", "10481"), left=" ", right=" ")
@example(before="Kata'ib", after="Said", name=("Hizballah Brigades", "11462"), left=" ", right=" ")
def test_an_inserted_name_beside_other_names_is_still_found(
    mini: Tagger, before: str, after: str, name: tuple[str, str], left: str, right: str
) -> None:
    alias, entity = name
    assume(not _longer_name(before, left, right, after))
    text, start, end = insert(before, left, alias, right, after)
    assert any(h.entity.id == entity and h.start < end and start < h.end for h in mini.tag(text))


# ---------------------------------------------------------------------------------------- the tokenizer


@budget(2.0)
@given(HOSTILE_TEXT)
def test_tokens_are_ordered_in_bounds_and_never_overlap(text: str) -> None:
    tokens = tokenize(text)
    assert len(tokens.norms) == len(tokens.starts) == len(tokens.ends)
    prev = (0, 0)
    for norm, start, end in zip(tokens.norms, tokens.starts, tokens.ends, strict=True):
        assert 0 <= start < end <= len(text)
        # Increasing and disjoint, except the parts of one surface that NFKC split ("½"), which share its span.
        assert start >= prev[1] or (start, end) == prev
        assert norm and " " not in norm and norm == norm.strip()
        prev = (start, end)
    assert tokenize(text) == tokens


@budget(2.0)
@given(HOSTILE_TEXT)
def test_normalising_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == " ".join(tokenize(text).norms)
    for token in once.split():
        assert fold_token(token) == (token,)


# ------------------------------------------------------------------------------------------ the decoder

_BOMS = (  # in the order decode_bytes tries them (UTF-32 LE starts with the UTF-16 LE mark)
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "koi8-r"]

HOSTILE_BYTES = st.one_of(
    st.binary(max_size=200),
    # text in some encoding, perhaps with a byte-order mark and some random bytes around it
    st.tuples(
        st.sampled_from([b"", *(bom for bom, _ in _BOMS)]),
        st.tuples(HOSTILE_TEXT, st.sampled_from(_CODECS)).map(lambda t: t[0].encode(t[1], errors="ignore")),
        st.binary(max_size=8),
    ).map(lambda t: t[0] + t[1] + t[2]),
    # Western news exported as Windows-1252 or Latin-1 (bytes 0x80-0xff among ASCII)
    st.lists(st.one_of(st.integers(0x20, 0x7E), st.integers(0x80, 0xFF)), max_size=100).map(bytes),
)


def _body(data: bytes, encoding: str) -> bytes:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :] if name == encoding else data
    return data


@budget(3.0)
@given(HOSTILE_BYTES)
@example(b"\xff\xfe\x00\x00\x00\xd8\x00\x00")  # a UTF-32 surrogate code point
@example(b"\xff\xfe\x00\xd8")  # a lone UTF-16 surrogate
@example(b"\xef\xbb\xbf\xed\xa0\x80")  # an encoded surrogate after a UTF-8 BOM
@example(b"Kata\x92ib Hizballah \x81\x8d\x8f\x90\x9d")  # bytes Windows-1252 leaves undefined
def test_decode_bytes_never_raises_and_warns_exactly_when_bytes_were_replaced(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decode_bytes(data) == decoded
    if decoded.text is None:
        assert decoded.encoding is None
        assert isinstance(decoded.skip_reason, str) and decoded.skip_reason
        return
    assert decoded.skip_reason is None
    assert isinstance(decoded.text, str)
    decoded.text.encode("utf-8")  # no lone surrogates
    assert decoded.encoding is not None
    try:
        strict = _body(data, decoded.encoding).decode(decoded.encoding)
    except UnicodeDecodeError:
        strict = None
    if not decoded.warnings:
        # No warning: the bytes were exactly this text in the encoding reported.
        assert strict == decoded.text
    else:
        # A warning: the bytes were not valid in the encoding reported (so some were replaced), or they were
        # reinterpreted as Windows-1252 because they were not UTF-8.
        assert strict is None or decoded.encoding == "cp1252"
        if decoded.encoding == "cp1252":
            assert not data.startswith(tuple(bom for bom, _ in _BOMS))
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")


@budget(1.0)
@given(HOSTILE_TEXT)
def test_valid_utf8_text_decodes_to_itself_without_warnings(text: str) -> None:
    assume("\x00" not in text and not text.startswith(("\ufeff", "%PDF-", "GIF87a", "GIF89a", "PK\x03\x04")))
    assert decode_bytes(text.encode("utf-8")) == decode_bytes(text.encode("utf-8"))
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.warnings, decoded.skip_reason) == (text, "utf-8", (), None)


@budget(1.0)
@given(HOSTILE_BYTES)
def test_decoder_then_normaliser_then_tagger_never_raise(mini: Tagger, data: bytes) -> None:
    decoded = decode_bytes(data)
    if decoded.text is not None:
        tokenize(decoded.text)
        for h in mini.tag(decoded.text):
            assert decoded.text[h.start : h.end] == h.text


# ------------------------------------------------------------------------------------- the list loader

_MINI_TEXT = MINI.read_text(encoding="utf-8")
# YAML syntax that hostile lists are made of. Explicit core tags (!!bool, !!int, !!float, !!timestamp) with
# impossible values have a test of their own below.
_YAML_PIECES = [
    "&a ",
    "*a",
    "&b [*a, *a, *a]",
    "*b",
    "<<: *a",
    "<<: ",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system ",
    "!foo ",
    "!!binary aGk=",
    "!!str ",
    "!!set ",
    "!!omap ",
    "!<tag:x> ",
    "%TAG ! tag:x\n",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "? ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "|",
    ">-",
    "#",
    "'",
    '"',
    "\\",
    "\\x",
    "\\u",
    "\\0",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "~",
    "null",
    "true",
    "0x1F",
    "0o17",
    "1e400",
    ".inf",
    "2024-13-45",
    "2024-02-30",
    "12:30:00",
    "id: '1'",
    "name: X",
    "aliases: [",
    "kind: weak",
    "type: vessel",
    "born: 1957",
    "\x00",
    "\x07",
    "\x1b",
    "\ufeff",
    "\x85",
    "\u2028",
    "\U0001f600",
]


@st.composite
def mutated_lists(draw: st.DrawFn) -> str:
    """The mini list with a few pieces inserted, ranges deleted and characters replaced."""
    text = _MINI_TEXT
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(_YAML_PIECES), st.text(max_size=3))) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            text = text[:at] + draw(CHARS) + text[at + 1 :]
    return text


def only_kharon_errors(text: str) -> None:
    try:
        parse_watchlist(text, "fuzz.yaml")
    except KharonError as exc:
        assert isinstance(exc, WatchlistError)
        assert str(exc).startswith("fuzz.yaml")


@budget(2.0)
@given(st.text())
@example("")
@example("---")
@example("[" * 10_000)
@example("{a: " * 10_000)
@example("a: &a [x, x]\nb: &b [*a, *a]\nlist: {id: t, name: *b}\nentities: []\n")
def test_loader_on_arbitrary_text_raises_only_kharon_errors(text: str) -> None:
    only_kharon_errors(text)


@budget(3.0)
@given(mutated_lists())
def test_loader_on_mutated_lists_raises_only_kharon_errors(text: str) -> None:
    only_kharon_errors(text)


# Explicit core tags with values they cannot hold (!!bool x, !!timestamp x, !!int '') used to escape as
# KeyError, AttributeError or IndexError.
@budget(1.0)
@given(
    tag=st.sampled_from(["!!bool", "!!int", "!!float", "!!timestamp", "!!null", "!!str"]),
    value=st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P"]), max_size=12),
    where=st.sampled_from(["name", "born", "established", "aliases"]),
)
@example(tag="!!bool", value="x", where="name")
def test_loader_on_explicit_core_tags_raises_only_kharon_errors(tag: str, value: str, where: str) -> None:
    scalar = f"{tag} {json.dumps(value)}"
    fields = {"name": "A", where: f"[{scalar}]" if where == "aliases" else scalar}
    entity = "".join(f"    {key}: {val}\n" for key, val in fields.items())
    only_kharon_errors(f"list: {{id: t, name: T}}\nentities:\n  - id: '1'\n{entity}")


def test_loader_on_a_lone_surrogate_raises_a_watchlist_error() -> None:
    with pytest.raises(WatchlistError):
        parse_watchlist("list: {id: t, name: T\ud800}\nentities: []\n", "fuzz.yaml")


# ------------------------------------------------------------------ the offset-free path for plain text

ASCII_NAMED_TEXT = st.lists(
    st.one_of(
        st.characters(min_codepoint=0, max_codepoint=127),
        st.sampled_from([s for s in SPECIAL if s.isascii()]),
        st.sampled_from([n for n, _ in STANDALONE if n.isascii()]),
        st.sampled_from(["Qassem Soleimani", "Soleimani", "Kataib Hizbollah", "Nusra Front", "1987", "2030"]),
    ),
    max_size=30,
).map("".join)


@budget(2.0)
@given(ASCII_NAMED_TEXT)
@example("Qassem Soleimani met Soleimani; HTS and al-Nusrah Front. The tanker Alert, on alert.")
def test_plain_text_path_gives_the_general_paths_hits(mini: Tagger, text: str) -> None:
    """Plain ASCII text is tagged without offsets until something matches (``normalize.plain_norms``); the
    hits must be exactly those of the general path, fuzzy and follow-up ones included."""
    fast = [hit_tuple(h) for h in mini.tag(text)]
    with mock.patch("kharon_cli.matching.tagger.plain_norms", lambda _text: None):
        general = [hit_tuple(h) for h in mini.tag(text)]
    assert fast == general
