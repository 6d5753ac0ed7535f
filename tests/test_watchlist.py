"""Watchlist loading: the format, and a one-line error naming file, line and entity for every mistake."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import MINI

from kharon_cli.errors import WatchlistError
from kharon_cli.lists.watchlist import load_watchlist, load_watchlists, parse_watchlist
from kharon_cli.models import Alias, AliasKind, EntityType

HEADER = "list:\n  id: t\n  name: Test\nentities:\n"


def test_mini_list_loads() -> None:
    wl = load_watchlist(MINI)
    assert wl.info.id == "mini"
    assert wl.info.published == dt.date(2024, 5, 3)
    assert wl.info.entities == len(wl.entities) == 13
    kh = wl.entities[0]
    assert (kh.key, kh.type, kh.programs) == ("mini:11462", EntityType.ORGANIZATION, ("FTO", "SDGT"))
    assert kh.aliases == (
        Alias("KATA'IB HEZBOLLAH", AliasKind.AKA),
        Alias("HIZBALLAH BRIGADES", AliasKind.AKA),
        Alias("KATA'IB HIZBALLAH FI AL-IRAQ", AliasKind.WEAK),
    )


def test_born_years() -> None:
    wl = parse_watchlist(
        "list: {id: t, name: T}\nentities:\n  - {id: '1', name: 'A, B', type: person, born: 1957}\n"
        "  - {id: '2', name: 'C, D', type: person, born: [1960, 1962]}\n",
        "t.yaml",
    )
    assert [e.born for e in wl.entities] == [(1957,), (1960, 1962)]
    with pytest.raises(WatchlistError, match=r"t.yaml:3: born must be a year \(or a list of years\) \(entity 1\)"):
        parse_watchlist("list: {id: t, name: T}\nentities:\n  - {id: '1', name: A, born: soon}\n", "t.yaml")


def test_dates_and_integer_ids() -> None:
    wl = parse_watchlist(
        "list: {id: t, name: T, published: 2024-05-03, dates: {sdn.csv: 2024-05-03, alt.csv: '2025-12-24'}}\n"
        "entities:\n  - {id: 7, name: X}\n",
        "t.yaml",
    )
    assert wl.info.extra_dates == (("sdn.csv", dt.date(2024, 5, 3)), ("alt.csv", dt.date(2025, 12, 24)))
    assert wl.entities[0].id == "7"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "  - id: '1'\n    name: A\n    colour: red\n",
            "t.yaml:7: unknown key 'colour' in entity "
            "(allowed: aliases, born, established, id, name, programs, type) (entity 1)",
        ),
        ("  - id: '1'\n    name: ''\n", "t.yaml:6: entity name is empty (entity 1)"),
        ("  - id: '1'\n    name: '   '\n", "t.yaml:6: entity name is empty (entity 1)"),
        (
            "  - id: '1'\n    name: [A, B]\n",
            "t.yaml:6: entity name must be a single value, not a list (entity 1)",
        ),
        (
            "  - id: '1'\n    name: A\n  - id: '1'\n    name: B\n",
            "t.yaml:7: duplicate entity id '1' (first at line 5) (entity 1)",
        ),
        ("  - id: '1'\n    name: A\n    name: B\n", "t.yaml:7: duplicate key 'name' in entity (entity 1)"),
        (
            "  - id: '1'\n    name: A\n    type: ship\n",
            "t.yaml:7: entity type must be one of person, organization, vessel, aircraft, got 'ship' (entity 1)",
        ),
        (
            "  - id: '1'\n    name: A\n    aliases: [{name: B, kind: strong}]\n",
            "t.yaml:7: alias kind must be one of aka, fka, nka, weak, got 'strong' (entity 1)",
        ),
        ("  - id: '1'\n    name: A\n    aliases: [{kind: aka}]\n", "t.yaml:7: alias has no name (entity 1)"),
        ("  - id: '1'\n    name: A\n    programs: SDGT\n", "t.yaml:7: programs must be a list (entity 1)"),
        (
            "  - id: '1'\n    name: A\n    aliases: [12]\n",
            "t.yaml:7: alias must be a string, got int (entity 1)",
        ),
        ("  - name: A\n", "t.yaml:5: entity has no id"),
        ("  - id: true\n    name: A\n", "t.yaml:5: entity id must be a string, got bool (entity true)"),
        (
            "  - id: '1'\n    name: !!python/object/apply:os.system ['true']\n",
            "t.yaml:6: entity name must be a single value, not a list (entity 1)",
        ),
        (
            "  - id: '1'\n    name: !!python/name:os.system ''\n",
            "t.yaml:6: entity name has a tag kharon does not accept: "
            "tag:yaml.org,2002:python/name:os.system (entity 1)",
        ),
        (
            "  - id: '1'\n    name: [unclosed\n",
            "t.yaml:7: YAML syntax error: did not find expected ',' or ']'",
        ),
    ],
)
def test_entity_errors(body: str, message: str) -> None:
    with pytest.raises(WatchlistError) as err:
        parse_watchlist(HEADER + body, "t.yaml")
    if "YAML syntax error" in message:
        # libyaml and the pure-Python parser word the problem differently; file, line and kind are what count.
        assert str(err.value).startswith("t.yaml:7: YAML syntax error: ")
        assert "expected ',' or ']'" in str(err.value)
    else:
        assert str(err.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "t.yaml: the file is empty"),
        ("entities: []\n", "t.yaml:1: missing required key 'list'"),
        ("list: {id: t, name: T}\n", "t.yaml:1: missing required key 'entities'"),
        ("list: {id: T_1, name: T}\nentities: []\n", "t.yaml:1: list id must match [a-z0-9-]+, got 'T_1'"),
        ("list: {id: t}\nentities: []\n", "t.yaml:1: list has no name"),
        (
            "list: {id: t, name: T, published: soon}\nentities: []\n",
            "t.yaml:1: list published must be a date (YYYY-MM-DD)",
        ),
        ("- a\n- b\n", "t.yaml:1: the document must be a mapping"),
        (
            "list: !!python/object:os.system {id: t, name: T}\nentities: []\n",
            "t.yaml:1: list has a tag kharon does not accept: tag:yaml.org,2002:python/object:os.system",
        ),
        (
            "list: {id: t, name: T}\nentities: []\nextra: 1\n",
            "t.yaml:3: unknown key 'extra' in the document (allowed: entities, list)",
        ),
    ],
)
def test_document_errors(text: str, message: str) -> None:
    with pytest.raises(WatchlistError) as err:
        parse_watchlist(text, "t.yaml")
    assert str(err.value) == message


def test_alias_bomb_is_rejected_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = "\n".join(lines) + "\nlist: {id: b, name: b}\nentities:\n  - id: '1'\n    name: *a8\n"
    with pytest.raises(WatchlistError, match="unknown key 'a0'"):
        parse_watchlist(text, "bomb.yaml")
    only_entities = "a: &a [x, x]\nlist: {id: b, name: b}\nentities:\n  - id: '1'\n    name: *a\n"
    with pytest.raises(WatchlistError, match="entity name must be a single value"):
        parse_watchlist(only_entities.replace("a: &a [x, x]\n", "").replace("*a", "&a [x, x]"), "bomb.yaml")


def test_folder_of_lists_and_duplicate_list_ids(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("list: {id: b, name: B}\nentities: []\n")
    (tmp_path / "a.yml").write_text("list: {id: a, name: A}\nentities: []\n")
    (tmp_path / "notes.txt").write_text("not a list")
    assert [wl.info.id for wl in load_watchlists([tmp_path])] == ["a", "b"]
    (tmp_path / "c.yaml").write_text("list: {id: a, name: A again}\nentities: []\n")
    with pytest.raises(WatchlistError, match="list id 'a' is also used by"):
        load_watchlists([tmp_path])


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(WatchlistError, match="no such watchlist file or folder"):
        load_watchlists([tmp_path / "nope.yaml"])
    bad = tmp_path / "latin.yaml"
    bad.write_bytes(b"list: {id: t, name: Caf\xe9}\nentities: []\n")
    with pytest.raises(WatchlistError, match=r"latin.yaml:1: watchlist is not UTF-8 \(byte 23\)"):
        load_watchlist(bad)
    with pytest.raises(WatchlistError, match="no watchlist files"):
        load_watchlists([tmp_path / "empty"] if (tmp_path / "empty").mkdir() is None else [])
