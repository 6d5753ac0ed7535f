"""US Consolidated Screening List importer: an exact conversion of a small fixture, bad input, the real CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED_DATA

from kharon_cli.errors import ImportSourceError, KharonError
from kharon_cli.lists.importers.csl import (
    CSL_URL,
    CslImportStats,
    CslListStats,
    _split_inline_aka,
    list_id_for,
    read_csl,
    type_from_name,
    write_csl_lists,
)
from kharon_cli.lists.watchlist import load_watchlist
from kharon_cli.models import EntityType

REAL_CSV = SHARED_DATA / "us_csl_trade_gov_2022-05" / "consolidated.csv"
DATE = dt.date(2022, 5, 16)
SDN = "Specially Designated Nationals (SDN) - Treasury Department"
DPL = "Denied Persons List (DPL) - Bureau of Industry and Security"

# A byte-order mark, a quoted field with a newline in it (twice), names with stray spaces, a verbatim repeat
# of row 77, a DPL row that repeats another but for its spacing, an entity_number used by two different
# rows (300), and DPL rows with an empty type.
FIXTURE = (
    "\ufeff_id,source,entity_number,type,programs,name,title,remarks,source_list_url,alt_names,dates_of_birth\n"
    f'501,{SDN},501,Individual,SDGT; IRGC,"DOE, John",Colonel,,http://example.test/sdn,'
    '"DOE, Jon; doe,  john; DOE, Jonathan ;Doe, Jon","1960-03-01; circa 1961; 1960"\n'
    f'77,{SDN},77,Entity,IRAN," ACME TRADING CO. ",,"Line one\nline two",http://example.test/sdn,'
    '"ACME;;ACME TRADING COMPANY; acme",1999\n'
    f"9000,{SDN},9000,Vessel,,SEA STAR,,,http://example.test/sdn,,\n"
    f"12,{SDN},12,Aircraft,CUBA; CUBA,SKY ONE,,,http://example.test/sdn,,\n"
    f'77,{SDN},77,Entity,IRAN,ACME TRADING CO.,,,,"ACME; ACME TRADING COMPANY; acme",1999\n'
    f"h300a,{SDN},300,Entity,SDGT,ALPHA ONE,,,http://example.test/sdn,,\n"
    f"h300b,{SDN},300,Entity,SDGT,ALPHA TWO,,,http://example.test/sdn,,\n"
    f'a1b2,{DPL},,,,JANE Q. PUBLIC,,"FR NOTICE\nADDED",http://example.test/dpl,,\n'
    f'c3d4,{DPL},,,,GLOBEX TRADING LLC,,,http://example.test/dpl,"GLOBEX; and GLOBEX GROUP; f.k.a. OLD GLOBEX",\n'
    f'e5f6,{DPL},,,," JANE Q.  PUBLIC ",,,http://example.test/dpl,,\n'
    f'g7h8,{DPL},,,,"SMITH, Anna (a.k.a. SMYTHE, Ann)",,,,,\n'
).encode()

EXPECTED_DOCS = [
    {
        "list": {
            "id": "csl-dpl",
            "name": DPL,
            "source": "http://example.test/dpl",
            "published": DATE,
            "dates": {"consolidated.csv": DATE},
        },
        "entities": [
            {"id": "a1b2", "name": "JANE Q. PUBLIC", "type": "person"},
            {
                "id": "c3d4",
                "name": "GLOBEX TRADING LLC",
                "type": "organization",
                "aliases": ["GLOBEX", "GLOBEX GROUP", {"name": "OLD GLOBEX", "kind": "fka"}],
            },
            {"id": "g7h8", "name": "SMITH, Anna", "type": "person", "aliases": ["SMYTHE, Ann"]},
        ],
    },
    {
        "list": {
            "id": "csl-sdn",
            "name": SDN,
            "source": "http://example.test/sdn",
            "published": DATE,
            "dates": {"consolidated.csv": DATE},
        },
        "entities": [
            {
                "id": "501",
                "name": "DOE, John",
                "type": "person",
                "programs": ["SDGT", "IRGC"],
                "born": [1960, 1961],
                "aliases": ["DOE, Jon", "DOE, Jonathan"],
            },
            {
                "id": "77",
                "name": "ACME TRADING CO.",
                "type": "organization",
                "programs": ["IRAN"],
                "aliases": ["ACME", "ACME TRADING COMPANY"],
            },
            {"id": "9000", "name": "SEA STAR", "type": "vessel"},
            {"id": "12", "name": "SKY ONE", "type": "aircraft", "programs": ["CUBA"]},
            {"id": "h300a", "name": "ALPHA ONE", "type": "organization", "programs": ["SDGT"]},
            {"id": "h300b", "name": "ALPHA TWO", "type": "organization", "programs": ["SDGT"]},
        ],
    },
]

EXPECTED_STATS = CslImportStats(
    rows=11,
    lists=(
        CslListStats(
            list_id="csl-dpl",
            source=DPL,
            rows=4,
            entities=3,
            by_type={"person": 2, "organization": 1, "vessel": 0, "aircraft": 0},
            aliases_by_kind={"aka": 3, "fka": 1, "nka": 0},
            duplicate_aliases_skipped=0,
            repeated_rows_merged=1,  # e5f6 = a1b2
            typed_from_name=3,
            typed_from_name_persons=2,
            inline_aka_split=2,
        ),
        CslListStats(
            list_id="csl-sdn",
            source=SDN,
            rows=7,
            entities=6,
            by_type={"person": 1, "organization": 3, "vessel": 1, "aircraft": 1},
            aliases_by_kind={"aka": 4, "fka": 0, "nka": 0},
            duplicate_aliases_skipped=3,  # "doe,  john" (the name), "Doe, Jon", "acme"
            repeated_rows_merged=1,  # the second row 77
        ),
    ),
)

EXPECTED_DPL_YAML = """\
# Generated by kharon lists import csl from consolidated.csv (2022-05-16).
# Do not edit by hand: re-run the import instead.
list:
  id: csl-dpl
  name: Denied Persons List (DPL) - Bureau of Industry and Security
  source: http://example.test/dpl
  published: 2022-05-16
  dates: {consolidated.csv: 2022-05-16}
entities:
- id: a1b2
  name: JANE Q. PUBLIC
  type: person
- id: c3d4
  name: GLOBEX TRADING LLC
  type: organization
  aliases:
  - GLOBEX
  - GLOBEX GROUP
  - {name: OLD GLOBEX, kind: fka}
- id: g7h8
  name: SMITH, Anna
  type: person
  aliases:
  - SMYTHE, Ann
"""


def _write(tmp_path: Path, content: bytes = FIXTURE) -> Path:
    path = tmp_path / "consolidated.csv"
    path.write_bytes(content)
    return path


def _headers(docs: list[dict[str, object]]) -> list[dict[str, Any]]:
    headers: list[dict[str, Any]] = [d["list"] for d in docs]  # type: ignore[misc]
    return headers


def _entities(docs: list[dict[str, object]], list_id: str) -> list[dict[str, Any]]:
    doc = next(d for d, h in zip(docs, _headers(docs), strict=True) if h["id"] == list_id)
    entities = doc["entities"]
    assert isinstance(entities, list)
    return entities


# ------------------------------------------------------------------------------------------ the fixture


def test_fixture_converts_to_the_exact_documents(tmp_path: Path) -> None:
    docs, stats = read_csl(_write(tmp_path), published=DATE)
    assert docs == EXPECTED_DOCS
    assert stats == EXPECTED_STATS
    assert (stats.entities, stats.aliases, stats.repeated_rows_merged) == (9, 8, 2)
    assert stats.summary() == (
        "9 entities (3 persons, 4 organisations, 1 vessel, 1 aircraft) in 2 lists, 8 aliases (7 aka, 1 fka), "
        "dropped 3 duplicate aliases and 2 repeated rows; 3 untyped rows typed from the name (2 as persons)"
    )
    assert stats.lists[1].summary() == (
        "csl-sdn: 6 entities (1 person, 3 organisations, 1 vessel, 1 aircraft), 4 aliases (4 aka), "
        "3 duplicate aliases and 1 repeated rows dropped"
    )


def test_crlf_line_ends_give_the_same_documents(tmp_path: Path) -> None:
    docs, stats = read_csl(_write(tmp_path, FIXTURE.replace(b"\n", b"\r\n")), published=DATE)
    assert docs == EXPECTED_DOCS
    assert stats == EXPECTED_STATS


def test_without_a_date_the_headers_have_none(tmp_path: Path) -> None:
    docs, _ = read_csl(_write(tmp_path))
    assert [d["list"] for d in docs] == [
        {"id": "csl-dpl", "name": DPL, "source": "http://example.test/dpl"},
        {"id": "csl-sdn", "name": SDN, "source": "http://example.test/sdn"},
    ]


def test_written_lists_are_exact_and_load(tmp_path: Path) -> None:
    docs, _ = read_csl(_write(tmp_path), published=DATE)
    out = tmp_path / "new" / "lists"  # created on the way
    paths = write_csl_lists(docs, out)
    assert paths == [out / "csl-dpl.yaml", out / "csl-sdn.yaml"]
    assert sorted(p.name for p in out.iterdir()) == ["csl-dpl.yaml", "csl-sdn.yaml"]  # no temporary files
    assert paths[0].read_text(encoding="utf-8") == EXPECTED_DPL_YAML

    sdn = load_watchlist(paths[1])
    assert (sdn.info.id, sdn.info.name, sdn.info.published, sdn.info.entities, sdn.info.aliases) == (
        "csl-sdn",
        SDN,
        DATE,
        6,
        4,
    )
    # The writer puts numeric ids first, in number order.
    assert [(e.id, e.type) for e in sdn.entities] == [
        ("12", EntityType.AIRCRAFT),
        ("77", EntityType.ORGANIZATION),
        ("501", EntityType.PERSON),
        ("9000", EntityType.VESSEL),
        ("h300a", EntityType.ORGANIZATION),
        ("h300b", EntityType.ORGANIZATION),
    ]
    doe = sdn.entities[2]
    assert (doe.born, doe.programs, [a.name for a in doe.aliases]) == (
        (1960, 1961),
        ("SDGT", "IRGC"),
        ["DOE, Jon", "DOE, Jonathan"],
    )


def test_write_into_an_unwritable_place_is_a_kharon_error(tmp_path: Path) -> None:
    docs, _ = read_csl(_write(tmp_path))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(KharonError, match=r"file/lists: cannot create directory"):
        write_csl_lists(docs, blocker / "lists")


def test_source_urls_fall_back_to_the_csl_page(tmp_path: Path) -> None:
    header = "_id,source,entity_number,type,programs,name,source_list_url,alt_names,dates_of_birth\n"
    rows = (
        "1,Two Links (TL),,,,ALPHA CO,http://example.test/one,,\n"
        "2,Two Links (TL),,,,BETA CO,http://example.test/two,,\n"
        "3,No Link (NL),,,,GAMMA CO,,,\n"
    )
    docs, _ = read_csl(_write(tmp_path, (header + rows).encode()))
    assert [(h["id"], h["source"]) for h in _headers(docs)] == [
        ("csl-nl", CSL_URL),
        ("csl-tl", CSL_URL),
    ]


def test_clashing_list_ids_are_numbered(tmp_path: Path) -> None:
    header = "_id,source,entity_number,type,programs,name,source_list_url,alt_names,dates_of_birth\n"
    rows = (
        "1,Beta List (AB) - Two,,,,BETA CO,,,\n2,Alpha List (AB) - One,,,,ALPHA CO,,,\n3,No Brackets,,,,GAMMA CO,,,\n"
    )
    docs, _ = read_csl(_write(tmp_path, (header + rows).encode()))
    assert [(h["id"], h["name"]) for h in _headers(docs)] == [
        ("csl-ab", "Alpha List (AB) - One"),
        ("csl-ab-2", "Beta List (AB) - Two"),
        ("csl-no-brackets", "No Brackets"),
    ]


@pytest.mark.parametrize(
    ("source", "list_id"),
    [
        (SDN, "csl-sdn"),
        ("Entity List (EL) - Bureau of Industry and Security", "csl-el"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "csl-meu"),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "csl-ns-mbs"),
        ("Some List (A.B. / C)", "csl-a-b-c"),
        ("Plain Name", "csl-plain-name"),
        ("(!!)", "csl-list"),
    ],
)
def test_list_ids(source: str, list_id: str) -> None:
    assert list_id_for(source) == list_id


def test_the_legal_tail_is_cut_from_names(tmp_path: Path) -> None:
    header = "_id,source,entity_number,type,programs,name,source_list_url,alt_names,dates_of_birth\n"
    rows = (
        '1,Nonproliferation (ISN),,,,"Foo Bar Trading and any successor, sub-unit, or subsidiary thereof",,,\n'
        '2,Nonproliferation (ISN),,,,"Baz Corporation (BC), and its sub-units and successors",,,\n'
    )
    docs, stats = read_csl(_write(tmp_path, (header + rows).encode()))
    assert [e["name"] for e in _entities(docs, "csl-isn")] == ["Foo Bar Trading", "Baz Corporation (BC)"]
    assert stats.lists[0].legal_tails_cut == 2


@pytest.mark.parametrize(
    ("text", "main", "inline"),
    [
        ("ACME LTD (f.k.a. OLD ACME; OLDER ACME)", "ACME LTD", [("fka", "OLD ACME"), ("fka", "OLDER ACME")]),
        ("ACME, a.k.a., ACME GROUP", "ACME", [("aka", "ACME GROUP")]),
        ("ZED QUUX A/K/A ZEDDY QUUX", "ZED QUUX", [("aka", "ZEDDY QUUX")]),
        ("Widget Works [aka Widget Co., Widgetry]", "Widget Works", [("aka", "Widget Co., Widgetry")]),
        (
            "Foo Institute (a.k.a., Bar Academy (BA)'s 9th Institute)",
            "Foo Institute",
            [("aka", "Bar Academy (BA)'s 9th Institute")],
        ),
        ("PAT (N.K.A. PATRICIA) DOE", "PAT DOE", [("nka", "PATRICIA")]),
        ("f.k.a. Old Name OAO", "", [("fka", "Old Name OAO")]),
        ("YK-AKA", "YK-AKA", []),  # an SDN name, not a marker
        ("NKA GROUP", "NKA GROUP", []),  # bare "nka" outside brackets is left alone
    ],
)
def test_inline_aliases_are_split_off(text: str, main: str, inline: list[tuple[str, str]]) -> None:
    assert _split_inline_aka(text) == (main, inline)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("JANE Q. PUBLIC", "person"),
        ("Anna Maria Smith-Jones", "person"),
        ("JOHN DOE, JR.", "person"),
        ("SMITH, Anna", "person"),  # a capitalised surname is not an acronym
        ("Zed Quux (Quucks)", "person"),  # a bracketed spelling is left out
        ("ZED QUUX A/K/A ZEDDY QUUX", "person"),  # so is what follows a.k.a.
        ("Pat Doe (aka Pat Roe) (Ruritanian individual)", "person"),
        ("GLOBEX TRADING LLC", "organization"),
        ("Initech S.A.", "organization"),
        ("Acme Aviation Services", "organization"),
        ("Initrode Cloud Berlin", "organization"),  # a city ends a subsidiary's name
        ("Vandelay Industries", "organization"),
        ("NPC Granitex", "organization"),  # an acronym in a mixed-case name
        ("Q.R. Doe", "person"),  # initials are not an acronym
        ("Widgets 4 You", "organization"),
        ("P&Q Holdings", "organization"),
        ("Globex", "organization"),  # one word
        ("One Two Three Four Five Six Seven", "organization"),  # too long for a name
    ],
)
def test_type_from_name(name: str, expected: str) -> None:
    assert type_from_name(name) == expected


def test_type_from_name_looks_at_the_aliases_too() -> None:
    assert type_from_name("Initrode Neft") == "person"  # a firm named like a person ...
    assert type_from_name("Initrode Neft", ["Initrode Neft OAO"]) == "organization"  # ... but its alias says firm
    assert type_from_name("Jane Doe", ["Janie", "J. Doe"]) == "person"


# ------------------------------------------------------------------------------------------ bad input

HEADER = b"_id,source,entity_number,type,programs,name,title,remarks,source_list_url,alt_names,dates_of_birth\n"
GOOD = b'1,Some List (SL),1,Entity,,ALPHA,,"two\nlines",,,\n'  # row 2, lines 2-3: the next row starts on line 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + GOOD + b'2,Some List (SL),2,Entity,,"  ",,,,,\n', "row 3 (line 4): row has no name"),
        (HEADER + GOOD + b"2,Some List (SL),2,Entity,,BET\xffA,,,,,\n", "row 3 (line 4): not UTF-8 text (byte 0xff)"),
        (HEADER + GOOD + b"2,Some List (SL),2,Entity,,BETA\n", "row 3 (line 4): expected 11 fields, got 6"),
        (
            HEADER + GOOD + b"2,Some List (SL),2,Ship,,BETA,,,,,\n",
            "row 3 (line 4): unknown type 'Ship' (expected Individual, Entity, Vessel, Aircraft or empty)",
        ),
        (HEADER + GOOD + b"2,,2,Entity,,BETA,,,,,\n", "row 3 (line 4): row has no source"),
        (HEADER + GOOD + b'2,Some List (SL),2,Entity,,"BETA"X,,,,,\n', "row 3 (line 4): not valid CSV: "),
        (
            HEADER + GOOD + b"2,Some List (SL),,,,BETA CO,,,,,\n2,Some List (SL),,,,GAMMA CO,,,,,\n",
            "row 4 (line 5): entity id '2' of 'Some List (SL)' repeats row 3 with different content",
        ),
        (
            HEADER + b",Some List (SL),,Entity,,BETA,,,,,\n",
            "row 2 (line 2): row has no _id (and no unique entity_number)",
        ),
        (
            b"_id,entity_number,type,programs,title,source_list_url,alt_names,dates_of_birth\n" + GOOD,
            "row 1 (line 1): not a CSL file: missing required column(s) source, name",
        ),
        (b"_id,source,name\xe9\n", "row 1 (line 1): not UTF-8 text (byte 0xe9)"),
        (b"", "empty file: expected a CSL header row"),
        (b"\xef\xbb\xbf", "empty file: expected a CSL header row"),
    ],
)
def test_bad_input_names_file_and_row(tmp_path: Path, content: bytes, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(ImportSourceError) as info:
        read_csl(path)
    text = str(info.value)
    assert "\n" not in text
    assert text == f"{path}: {message}" or (message.endswith(": ") and text.startswith(f"{path}: {message}"))


def test_missing_file_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportSourceError, match=r"nope\.csv: cannot read CSL file: "):
        read_csl(tmp_path / "nope.csv")


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    docs, stats = read_csl(_write(tmp_path, HEADER + b"\n" + GOOD + b"\n\n"))
    assert docs[0]["entities"] == [{"id": "1", "name": "ALPHA", "type": "organization"}]
    assert stats.rows == 1


# ------------------------------------------------------------------------------------------ the real file

# Per source list: CSV rows, entities, persons, organisations, vessels, aircraft, aliases, duplicate aliases
# skipped, repeated rows merged, untyped rows typed as persons.
REAL_COUNTS = {
    "csl-cap": (53, 52, 0, 52, 0, 0, 213, 1, 1, 0),  # entity 15268 twice
    "csl-cmic": (68, 68, 0, 68, 0, 0, 137, 0, 0, 0),
    "csl-dpl": (462, 436, 340, 96, 0, 0, 2, 0, 26, 340),  # one row per address: "I. ASH" three times
    "csl-dtc": (727, 723, 681, 42, 0, 0, 134, 5, 4, 681),
    "csl-el": (2001, 1962, 378, 1584, 0, 0, 1996, 90, 39, 378),
    "csl-fse": (3, 3, 2, 1, 0, 0, 0, 0, 0, 0),
    "csl-isn": (163, 160, 52, 108, 0, 0, 136, 2, 3, 52),
    "csl-meu": (71, 71, 1, 70, 0, 0, 3, 0, 0, 1),
    "csl-ns-mbs": (17, 17, 0, 17, 0, 0, 72, 0, 0, 0),
    "csl-plc": (78, 78, 78, 0, 0, 0, 83, 0, 0, 0),
    "csl-sdn": (10026, 10026, 5206, 4104, 433, 283, 16222, 3, 0, 0),
    "csl-ssi": (290, 290, 0, 290, 0, 0, 880, 1, 0, 0),
    "csl-uvl": (201, 201, 6, 195, 0, 0, 0, 0, 0, 6),
}

real_data = pytest.mark.skipif(not REAL_CSV.exists(), reason=f"shared data not available: {REAL_CSV}")


@pytest.fixture(scope="module")
def real() -> tuple[list[dict[str, object]], CslImportStats]:
    if not REAL_CSV.exists():
        pytest.skip(f"shared data not available: {REAL_CSV}")
    return read_csl(REAL_CSV, published=DATE)


def _entity(docs: list[dict[str, object]], list_id: str, ident: str) -> dict[str, object]:
    found = [e for e in _entities(docs, list_id) if e["id"] == ident]
    assert len(found) == 1
    entity: dict[str, object] = found[0]
    return entity


@real_data
def test_real_counts_per_source(real: tuple[list[dict[str, object]], CslImportStats]) -> None:
    _, stats = real
    counts = {
        s.list_id: (
            s.rows,
            s.entities,
            s.by_type["person"],
            s.by_type["organization"],
            s.by_type["vessel"],
            s.by_type["aircraft"],
            s.aliases,
            s.duplicate_aliases_skipped,
            s.repeated_rows_merged,
            s.typed_from_name_persons,
        )
        for s in stats.lists
    }
    assert counts == REAL_COUNTS
    assert stats.rows == 14160
    assert (stats.entities, stats.aliases) == (14087, 19878)
    assert stats.summary() == (
        "14087 entities (6744 persons, 6627 organisations, 433 vessels, 283 aircraft) in 13 lists, 19878 aliases "
        "(19861 aka, 17 fka), dropped 102 duplicate aliases and 73 repeated rows; 3553 untyped rows typed from "
        "the name (1458 as persons)"
    )
    assert {s.list_id: s.aliases_by_kind["fka"] for s in stats.lists if s.aliases_by_kind["fka"]} == {
        "csl-el": 15,
        "csl-isn": 2,
    }
    assert {s.list_id: s.inline_aka_split for s in stats.lists if s.inline_aka_split} == {
        "csl-dpl": 2,
        "csl-dtc": 3,
        "csl-el": 19,
        "csl-isn": 3,
    }
    assert {s.list_id: s.source for s in stats.lists}["csl-ns-mbs"] == (
        "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department"
    )
    assert sum(s.legal_tails_cut for s in stats.lists) == 16


@real_data
def test_real_spot_checks(real: tuple[list[dict[str, object]], CslImportStats]) -> None:
    docs, _ = real
    sources = {h["id"]: h["source"] for h in _headers(docs)}
    assert sources["csl-sdn"] == "http://bit.ly/1I7ipyR"
    assert sources["csl-cap"] == "http://bit.ly/1QWTIfE"  # one row of 53 gives it
    assert sources["csl-isn"] == CSL_URL  # two different links
    assert sources["csl-ns-mbs"] == CSL_URL  # none

    salazar = _entity(docs, "csl-sdn", "13121")
    assert (salazar["name"], salazar["type"], salazar["programs"], salazar["born"]) == (
        "SALAZAR HERNANDEZ, Maria Alejandrina",
        "person",
        ["SDNTK"],
        [1958],
    )
    kunlun = _entity(docs, "csl-cap", "15268")
    assert kunlun["aliases"] == ["KARAMAY URBAN CREDIT COOPERATIVES", "KARAMAY CITY COMMERCIAL BANK CO LTD."]
    ash = _entity(docs, "csl-dpl", "deb7a1d5743a85c354ca1a2c7f2664e2104b32d7")
    assert (ash["name"], ash["type"]) == ("I. ASH", "person")  # " I. ASH" in the CSV, three rows
    names = {e["name"]: e["type"] for e in _entities(docs, "csl-isn")}
    assert names["Gaobeidian Kaituo Precise Instrument Co. Ltd"] == "organization"  # a newline in the CSV
    assert names["Lebanese Hizballah"] == "organization"  # "... and any successor, sub-unit, ..." cut
    sun = _entity(docs, "csl-dpl", "ef07949ea49a955f7cb92fc9e894c9635b8eaf92")
    assert sun == {"id": sun["id"], "name": "FUYI SUN", "type": "person", "aliases": ["FRANK SUN"]}  # A/K/A
    el = _entities(docs, "csl-el")
    neft = next(e for e in el if e["name"] == "Gazprom Neft")
    assert neft["type"] == "organization"  # typed by its aliases ("JSC Gazprom Neft")
    assert neft["aliases"][-1] == {"name": "Sibirskaya Neftyanaya Kompaniya OAO", "kind": "fka"}
    assert not [a for e in el for a in e.get("aliases", []) if isinstance(a, str) and a.startswith("and ")]


@real_data
def test_real_lists_write_and_load(real: tuple[list[dict[str, object]], CslImportStats], tmp_path: Path) -> None:
    docs, _ = real
    paths = write_csl_lists(docs, tmp_path / "csl")
    assert [p.name for p in paths] == [f"{list_id}.yaml" for list_id in REAL_COUNTS]
    for path in paths:
        wl = load_watchlist(path)
        counts = REAL_COUNTS[wl.info.id]
        assert (wl.info.entities, wl.info.aliases, wl.info.published) == (counts[1], counts[6], DATE)
        assert sum(1 for e in wl.entities if e.type is EntityType.PERSON) == counts[2]
