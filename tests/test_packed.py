"""The packed tables of the compiled-list cache, and the phrase table that stands in for the automaton."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from conftest import MINI
from hypothesis import given
from hypothesis import strategies as st

from kharon_cli.engine import compile_files
from kharon_cli.matching.automaton import NOT_A_KEY, phrase_table
from kharon_cli.matching.spans import exact_spans
from kharon_cli.matching.tagger import Tagger
from kharon_cli.store import cache
from kharon_cli.store.packed import PackedMap, PackedRecords, pack_map, pack_records

KEYS = st.text(st.characters(exclude_characters="\n", exclude_categories=["Cs"]), max_size=12)


@given(st.dictionaries(KEYS, KEYS, max_size=60), st.lists(KEYS, max_size=10))
def test_packed_map_answers_like_the_dict_it_was_made_from(mapping: dict[str, str], others: list[str]) -> None:
    packed = PackedMap(memoryview(pack_map(sorted(mapping.items()))))
    assert len(packed) == len(mapping)
    for key in [*mapping, *others]:
        assert packed.get(key) == mapping.get(key)
        assert (key in packed) == (key in mapping)
    assert packed.as_dict() == mapping


def test_packed_map_turns_into_a_dict_after_many_lookups() -> None:
    packed = PackedMap(memoryview(pack_map([("a", "1"), ("b", "")])))
    with mock.patch.object(PackedMap, "MATERIALISE_AFTER", 3):
        answers = [packed.get(k) for k in ["a", "b", "c", "a", "b", "c"]]
    assert answers == ["1", "", None, "1", "", None]
    assert packed._dict == {"a": "1", "b": ""}


def test_packed_map_refuses_a_newline() -> None:
    with pytest.raises(ValueError, match="newline"):
        pack_map([("a\nb", "1")])


def test_empty_packed_map() -> None:
    packed = PackedMap(memoryview(pack_map([])))
    assert packed.get("x") is None and packed.as_dict() == {} and len(packed) == 0


@given(st.lists(st.tuples(st.integers(), KEYS, st.lists(st.integers(), max_size=3).map(tuple)), max_size=30))
def test_packed_records_decode_each_record_on_demand(records: list[tuple[int, str, tuple[int, ...]]]) -> None:
    packed = PackedRecords(memoryview(pack_records(records)), tuple)
    assert len(packed) == len(records)
    assert list(packed) == records
    if records:
        assert packed[-1] == records[-1]
        assert packed[1:3] == records[1:3]
    with pytest.raises(IndexError):
        packed[len(records)]


def test_phrase_table_holds_keys_and_their_leading_runs() -> None:
    _, compiled = compile_files([MINI])
    table = phrase_table(compiled.forms, compiled.groups)
    assert compiled.forms[compiled.groups[int(table["kataib hizballah"])][2][0]].norm == "kataib hizballah"
    assert table["kataib"] == NOT_A_KEY  # only the start of names
    assert table["hizballah"] == NOT_A_KEY  # "HIZBALLAH BRIGADES" starts with it; no name is "HIZBALLAH" alone
    assert "brigades" not in table  # the end of a name is not where any name starts
    assert table["hizballah brigades"] != NOT_A_KEY


TEXTS = st.lists(
    st.sampled_from(
        [
            "Kata'ib",
            "Hizballah",
            "Brigades",
            "Qasem",
            "Soleimani",
            "Soleimani,",
            "al-Nusrah",
            "Front",
            "HTS",
            "Islamic",
            "State",
            "of",
            "Iraq",
            "and",
            "the",
            "Levant",
            "Said",
            "Navigation",
            "AQ",
            "IRGC",
            "Qods",
            "Force",
            "x",
            ".",
            "\n",
        ]
    ),
    max_size=40,
).map(" ".join)


@pytest.fixture(scope="module")
def cached_mini(tmp_path_factory: pytest.TempPathFactory) -> Tagger:
    """The mini list as a scan reads it from the cache: packed tables, phrase table, automaton not loaded."""
    infos, compiled = compile_files([MINI])
    _ = compiled.fuzzy
    path: Path = tmp_path_factory.mktemp("packed") / "matcher.bin"
    path.write_bytes(cache.dumps(infos, compiled))
    loaded = cache.loads(path.read_bytes())
    assert loaded is not None
    return Tagger(loaded[1])


@given(TEXTS)
def test_phrase_table_finds_exactly_the_automatons_matches(cached_mini: Tagger, text: str) -> None:
    norms = text.lower().replace("'", "").replace(",", "").replace("-", " ").split()
    compiled = cached_mini.compiled
    assert callable(compiled._automaton)
    by_table = exact_spans(compiled, norms)
    assert callable(compiled._automaton)  # the table answered
    with mock.patch.object(type(compiled), "phrase_lookup", lambda self, tokens: None):
        by_automaton = exact_spans(compiled, norms)
    loaded = compiled.automaton
    compiled._automaton = lambda: loaded  # back to "not loaded yet" for the next example
    assert by_table == by_automaton


def test_an_automaton_that_cannot_be_unpickled_is_built_again(tmp_path: Path) -> None:
    infos, compiled = compile_files([MINI])
    _ = compiled.fuzzy
    loaded = cache.loads(cache.dumps(infos, compiled))
    assert loaded is not None
    with mock.patch("kharon_cli.store.cache.pickle.loads", side_effect=ValueError("another pyahocorasick")):
        automaton = loaded[1].automaton
    assert sorted(automaton.keys()) == sorted(compiled.automaton.keys())
    text = "Qasem Soleimani and Kata'ib Hizballah"
    assert [h.entity_key for h in Tagger(loaded[1]).tag(text)] == [h.entity_key for h in Tagger(compiled).tag(text)]
