"""UN Security Council consolidated list importer: an exact conversion of a small fixture, the name and
alias rules, bad input, the real file and the bundled list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SHARED_DATA

from kharon_cli.errors import ImportSourceError
from kharon_cli.lists.importers.un import UnImportStats, person_name, read_un, split_alias, write_watchlist_yaml
from kharon_cli.lists.watchlist import load_watchlist
from kharon_cli.models import Alias, AliasKind, EntityType

REAL_XML = SHARED_DATA / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml"
BUNDLED = Path(__file__).resolve().parents[1] / "lists" / "un-sc.yaml"
REAL_DATE = dt.date(2026, 2, 27)
FIXTURE_DATE = dt.date(2025, 3, 4)

# Invented parties in the UN layout. Records are not in id order (the output is); the reference number of
# the first has spaces around it; the third's name has a single part plus the "na" placeholder the UN
# sometimes leaves in FOURTH_NAME; one alias holds U+FFFD (bytes lost upstream).
FIXTURE = """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="2025-03-04T05:06:07.890Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>ZAYD</FIRST_NAME>
      <SECOND_NAME>KHALIL</SECOND_NAME>
      <THIRD_NAME>AL-FULANI</THIRD_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER> QDi.900 </REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>زيد خليل الفلاني</NAME_ORIGINAL_SCRIPT>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY>
        <ALIAS_NAME>Zaid Khalil; Zayd  al-Fulani;</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Low</QUALITY>
        <ALIAS_NAME>Abu Tarek</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY>
        <ALIAS_NAME>ZAID   KHALIL</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS>
        <QUALITY/>
        <ALIAS_NAME/>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Low</QUALITY>
        <ALIAS_NAME>Abu Sami</ALIAS_NAME>
        <NOTE>original script: أبو سامي</NOTE>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <DATE>1971-05-06</DATE>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>1968</FROM_YEAR>
        <TO_YEAR>1970</TO_YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE>
        <YEAR>1971</YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>2</DATAID>
      <FIRST_NAME>NOORULLAH</FIRST_NAME>
      <SECOND_NAME/>
      <FOURTH_NAME>na</FOURTH_NAME>
      <UN_LIST_TYPE>Taliban</UN_LIST_TYPE>
      <REFERENCE_NUMBER>TAi.903</REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>نور
                 الله</NAME_ORIGINAL_SCRIPT>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY>
        <ALIAS_NAME>a) Nurullah b) Noor Ullah</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY>
        <ALIAS_NAME>Nur\ufffd\ufffdllah</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <NOTE>Mar. 1975</NOTE>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <NOTE>12/03/1395 (Hijri Calendar)</NOTE>
      </INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>3</DATAID>
      <FIRST_NAME>PAEK</FIRST_NAME>
      <SECOND_NAME>SU-IL</SECOND_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.902</REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>백수일</NAME_ORIGINAL_SCRIPT>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY>
        <ALIAS_NAME>Paek Su Il</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>1940</FROM_YEAR>
        <TO_YEAR>1960</TO_YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>4</DATAID>
      <FIRST_NAME>SUNRISE LOGISTICS / SLX</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER>
      <ENTITY_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>Sunrise Shipping</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ALIAS>
        <QUALITY>f.k.a.</QUALITY>
        <ALIAS_NAME>DAWN TRADING CO.</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>شركة الفجر (Dawn Company; Al-Fajr Company)</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>sunrise  logistics</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ALIAS>
        <QUALITY/>
        <ALIAS_NAME/>
      </ENTITY_ALIAS>
      <ENTITY_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>"SUNNY"</ALIAS_NAME>
      </ENTITY_ALIAS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""

EXPECTED_DOC = {
    "list": {
        "id": "un-sc",
        "name": "UN Security Council Consolidated List",
        "source": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "published": FIXTURE_DATE,
        "dates": {"consolidated.xml": FIXTURE_DATE},
    },
    "entities": [
        {
            "id": "KPe.901",
            "name": "SUNRISE LOGISTICS",
            "type": "organization",
            "programs": ["DPRK"],
            "aliases": [
                "SLX",
                "Sunrise Shipping",
                {"name": "DAWN TRADING CO.", "kind": "fka"},
                "شركة الفجر",
                "Dawn Company",
                "Al-Fajr Company",
                "SUNNY",
            ],
        },
        {
            "id": "KPi.902",
            "name": "PAEK, SU-IL",
            "type": "person",
            "programs": ["DPRK"],
            "born": [1940, 1960],
            "aliases": ["백수일", "Paek Su Il"],
        },
        {
            "id": "QDi.900",
            "name": "AL-FULANI, ZAYD KHALIL",
            "type": "person",
            "programs": ["Al-Qaida"],
            "born": [1968, 1969, 1970, 1971],
            "aliases": [
                "زيد خليل الفلاني",
                "Zaid Khalil",
                "Zayd al-Fulani",
                {"name": "Abu Tarek", "kind": "weak"},
                {"name": "Abu Sami", "kind": "weak"},
                {"name": "أبو سامي", "kind": "weak"},
            ],
        },
        {
            "id": "TAi.903",
            "name": "NOORULLAH",
            "type": "person",
            "programs": ["Taliban"],
            "born": [1975],
            "aliases": ["نور الله", "Nurullah", "Noor Ullah"],
        },
    ],
}

EXPECTED_STATS = UnImportStats(
    entities=4,
    by_type={"person": 3, "organization": 1},
    aliases={"aka": 14, "fka": 1, "nka": 0, "weak": 3},
    original_script=3,
    packed_strings=4,  # Zaid Khalil; ..., the lettered a) b), the entity's name, the Arabic + (..; ..)
    note_aliases=1,
    empty_aliases=2,
    duplicate_aliases_skipped=2,  # ZAID KHALIL, sunrise logistics
    unreadable_skipped=1,
    programs={"DPRK": 2, "Al-Qaida": 1, "Taliban": 1},
)

EXPECTED_YAML = """\
# Generated by kharon lists import un from consolidated.xml (2025-03-04).
# Do not edit by hand: re-run the import instead.
list:
  id: un-sc
  name: UN Security Council Consolidated List
  source: https://scsanctions.un.org/resources/xml/en/consolidated.xml
  published: 2025-03-04
  dates: {consolidated.xml: 2025-03-04}
entities:
- id: KPe.901
  name: SUNRISE LOGISTICS
  type: organization
  programs: [DPRK]
  aliases:
  - SLX
  - Sunrise Shipping
  - {name: DAWN TRADING CO., kind: fka}
  - شركة الفجر
  - Dawn Company
  - Al-Fajr Company
  - SUNNY
- id: KPi.902
  name: PAEK, SU-IL
  type: person
  programs: [DPRK]
  born: [1940, 1960]
  aliases:
  - 백수일
  - Paek Su Il
- id: QDi.900
  name: AL-FULANI, ZAYD KHALIL
  type: person
  programs: [Al-Qaida]
  born: [1968, 1969, 1970, 1971]
  aliases:
  - زيد خليل الفلاني
  - Zaid Khalil
  - Zayd al-Fulani
  - {name: Abu Tarek, kind: weak}
  - {name: Abu Sami, kind: weak}
  - {name: أبو سامي, kind: weak}
- id: TAi.903
  name: NOORULLAH
  type: person
  programs: [Taliban]
  born: [1975]
  aliases:
  - نور الله
  - Nurullah
  - Noor Ullah
"""


def _write(tmp_path: Path, text: str = FIXTURE, name: str = "consolidated.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# ------------------------------------------------------------------------------------------ the fixture


def test_fixture_converts_to_the_exact_document(tmp_path: Path) -> None:
    doc, stats = read_un(_write(tmp_path))
    assert doc == EXPECTED_DOC
    assert stats == EXPECTED_STATS


def test_fixture_yaml_text_is_exact_and_loads(tmp_path: Path) -> None:
    doc, _ = read_un(_write(tmp_path))
    out = tmp_path / "un-sc.yaml"
    write_watchlist_yaml(doc, out, generator="un")
    assert out.read_text(encoding="utf-8") == EXPECTED_YAML

    wl = load_watchlist(out)
    assert (wl.info.id, wl.info.published, wl.info.entities, wl.info.aliases) == ("un-sc", FIXTURE_DATE, 4, 18)
    assert [(e.id, e.type) for e in wl.entities] == [
        ("KPe.901", EntityType.ORGANIZATION),
        ("KPi.902", EntityType.PERSON),
        ("QDi.900", EntityType.PERSON),
        ("TAi.903", EntityType.PERSON),
    ]
    assert wl.entities[0].aliases[2] == Alias("DAWN TRADING CO.", AliasKind.FKA)
    assert wl.entities[2].aliases[-1] == Alias("أبو سامي", AliasKind.WEAK)
    assert wl.entities[2].born == (1968, 1969, 1970, 1971)


def test_published_overrides_date_generated(tmp_path: Path) -> None:
    doc, _ = read_un(_write(tmp_path), published=dt.date(2025, 1, 2))
    assert doc["list"] == {
        "id": "un-sc",
        "name": "UN Security Council Consolidated List",
        "source": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "published": dt.date(2025, 1, 2),
        "dates": {"consolidated.xml": dt.date(2025, 1, 2)},
    }


def test_without_date_generated_there_is_no_date(tmp_path: Path) -> None:
    text = FIXTURE.replace(' dateGenerated="2025-03-04T05:06:07.890Z"', "")
    doc, _ = read_un(_write(tmp_path, text))
    assert doc["list"] == {
        "id": "un-sc",
        "name": "UN Security Council Consolidated List",
        "source": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    }


def test_summary_is_one_line(tmp_path: Path) -> None:
    _, stats = read_un(_write(tmp_path))
    assert stats.summary() == (
        "4 entities (3 persons, 1 organisations), 18 aliases (14 aka, 1 fka, 3 weak; 3 original-script names, "
        "1 from notes, 4 packed strings split), dropped 2 duplicates, 2 empty, 1 unreadable"
    )


# ------------------------------------------------------------------------------------------ name rules


@pytest.mark.parametrize(
    ("parts", "surname_first", "expected"),
    [
        (["SALIM", "HADI", "AL-WARDI", None], False, "AL-WARDI, SALIM HADI"),
        (["OMAR", "KHALID", None, "AL-BAKRI"], False, "AL-BAKRI, OMAR KHALID"),  # an empty part is skipped
        (["REZA", "NAJAFI TEHRANI"], False, "NAJAFI TEHRANI, REZA"),  # a part stays whole
        (["PETER", "MARK", "DELA CRUZ, JR"], False, "DELA CRUZ JR, PETER MARK"),  # commas inside a part go
        (["RI", "CHOL SU"], True, "RI, CHOL SU"),  # DPRK: family name first
        (["KWON", "YONG", "HO"], True, "KWON, YONG HO"),
        (["  HAMID ", "RAHIM  ", None, "na"], False, "RAHIM, HAMID"),
        (["ABDUL QAYUM", None, None, None], False, "ABDUL QAYUM"),  # one part: as is
        ([None, None, None, None], False, ""),
    ],
)
def test_person_name(parts: list[str | None], surname_first: bool, expected: str) -> None:
    assert person_name([p or "" for p in parts], surname_first=surname_first) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hamid Bakr", ["Hamid Bakr"]),
        ("Hamid Bakr; Hameed Bakr;  Hamed   Bakr", ["Hamid Bakr", "Hameed Bakr", "Hamed Bakr"]),
        (
            "Ali Nouri; Ali Noori b) A. Karim Nouri; A. Kareem Nouri",
            ["Ali Nouri", "Ali Noori", "A. Karim Nouri", "A. Kareem Nouri"],
        ),
        ("a) Sadiq Lal b) Sadeq Lal", ["Sadiq Lal", "Sadeq Lal"]),
        ("حزب النور (the Light Party; Hizb al-Nur)", ["حزب النور", "the Light Party", "Hizb al-Nur"]),
        (
            "Nour Group (NG) (مجموعة النور (original script); Nur Group)",
            ["Nour Group (NG)", "مجموعة النور", "Nur Group"],
        ),
        ("جبهة الصباح (Morning Front (MF))", ["جبهة الصباح", "Morning Front (MF)"]),
        ("Wang Dali (王大力)", ["Wang Dali", "王大力"]),
        ("Ilyas Temirov (original script: Ильяс Темиров)", ["Ilyas Temirov", "Ильяс Темиров"]),
        ("Hajji Karim Dad (حاجی کریم داد ),", ["Hajji Karim Dad", "حاجی کریم داد"]),
        ("Karim Dad Wardak کریم داد وردک", ["Karim Dad Wardak", "کریم داد وردک"]),
        ("شبكة الفداء (Fidaa Network - sub-unit name)", ["شبكة الفداء", "Fidaa Network"]),
        ("Yusuf Anwar (birth name)", ["Yusuf Anwar"]),
        ("EL NEGRO (COMBAT NAME)", ["EL NEGRO"]),
        ("Ismail Haddad (previously listed as)", ["Ismail Haddad"]),
        ("Ramon Cruz (false identity related to passport 123, confiscated)", ["Ramon Cruz"]),
        ("Laila Omar Jaber, born 2 Feb. 1960 (passport no. 12345, expired)", ["Laila Omar Jaber"]),
        ("Pedro Reyes, III (third)", ["Pedro Reyes III"]),
        ("SOUTH FRONT / SF", ["SOUTH FRONT", "SF"]),
        ("“The Fox”", ["The Fox"]),
        ('"TARIQ, Shaykh"', ["TARIQ, Shaykh"]),
        (") Karim Salah Juhani", ["Karim Salah Juhani"]),
        # Kept whole: acronyms, a same-script variant, a slash without spaces, a middle group, ayn quotes.
        ("Northern Front (NF)", ["Northern Front (NF)"]),
        ("Lom-ali Temirov (Temirev)", ["Lom-ali Temirov (Temirev)"]),
        ("BETA/GAMMA", ["BETA/GAMMA"]),
        ("Bright (Asia) Trading Limited", ["Bright (Asia) Trading Limited"]),
        ("'Abd al-Wahid Sa'id", ["'Abd al-Wahid Sa'id"]),
        ("\u02bfAbd al-Wahid Sa\u02bcid", ["\u02bfAbd al-Wahid Sa\u02bcid"]),  # modifier letters are no script
        ("Wilayat al-Shimal, Northern Province", ["Wilayat al-Shimal, Northern Province"]),
        ("", []),
        (" ; ", []),
    ],
)
def test_split_alias(raw: str, expected: list[str]) -> None:
    assert split_alias(raw) == expected


# ------------------------------------------------------------------------------------------ bad input

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _record(ref: str = "<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>", extra: str = "") -> str:
    return f"<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><SECOND_NAME>B</SECOND_NAME>{ref}{extra}</INDIVIDUAL>\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEAD
            + '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<CONSOLIDATED_LIST>&b;</CONSOLIDATED_LIST>',
            "line 2: DOCTYPE declarations are not allowed in a UN list",
        ),
        (
            HEAD + '<!DOCTYPE CONSOLIDATED_LIST SYSTEM "file:///etc/passwd">\n<CONSOLIDATED_LIST/>',
            "line 2: DOCTYPE declarations are not allowed in a UN list",
        ),
        (
            HEAD + "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n",
            "line 5: not well-formed XML: mismatched tag",
        ),
        (HEAD + "<CONSOLIDATED_LIST>&unknown;</CONSOLIDATED_LIST>", "line 2: not well-formed XML: undefined entity"),
        ("", "line 1: not well-formed XML: no element found"),
        (HEAD + "<sdnList/>", "line 2: not a UN consolidated list: root element is <sdnList>, not <CONSOLIDATED_LIST>"),
        (
            HEAD + '<CONSOLIDATED_LIST dateGenerated="yesterday"/>',
            "line 2: dateGenerated is not a date: 'yesterday'",
        ),
        (
            HEAD + "<CONSOLIDATED_LIST><INDIVIDUALS>\n" + _record(ref="") + "</INDIVIDUALS></CONSOLIDATED_LIST>",
            "line 3: INDIVIDUAL without a REFERENCE_NUMBER",
        ),
        (
            HEAD
            + "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
            + _record(ref="<REFERENCE_NUMBER>  </REFERENCE_NUMBER>")
            + "</INDIVIDUALS></CONSOLIDATED_LIST>",
            "line 3: INDIVIDUAL without a REFERENCE_NUMBER",
        ),
        (
            HEAD
            + "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
            + _record()
            + "</INDIVIDUALS><ENTITIES>\n<ENTITY><FIRST_NAME>X</FIRST_NAME><REFERENCE_NUMBER>QDi.1 </REFERENCE_NUMBER>"
            + "</ENTITY></ENTITIES></CONSOLIDATED_LIST>",
            "line 5: duplicate REFERENCE_NUMBER QDi.1 (first at line 3)",
        ),
        (
            HEAD
            + "<CONSOLIDATED_LIST><ENTITIES>\n<ENTITY><FIRST_NAME> </FIRST_NAME>"
            + "<REFERENCE_NUMBER>QDe.1</REFERENCE_NUMBER></ENTITY></ENTITIES></CONSOLIDATED_LIST>",
            "line 3: ENTITY QDe.1 has no name",
        ),
        (
            HEAD
            + "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
            + _record(
                extra="\n<INDIVIDUAL_ALIAS><QUALITY>Medium</QUALITY><ALIAS_NAME>C</ALIAS_NAME></INDIVIDUAL_ALIAS>"
            )
            + "</INDIVIDUALS></CONSOLIDATED_LIST>",
            "line 4: QDi.1: unknown alias QUALITY 'Medium' (expected Good, Low, a.k.a., f.k.a.)",
        ),
        (
            HEAD
            + "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
            + _record(extra="<INDIVIDUAL_DATE_OF_BIRTH>\n<YEAR>19x0</YEAR></INDIVIDUAL_DATE_OF_BIRTH>")
            + "</INDIVIDUALS></CONSOLIDATED_LIST>",
            "line 4: YEAR is not a year: '19x0'",
        ),
        (
            HEAD
            + "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
            + _record(extra="<INDIVIDUAL_DATE_OF_BIRTH>\n<DATE>06/05/1971</DATE></INDIVIDUAL_DATE_OF_BIRTH>")
            + "</INDIVIDUALS></CONSOLIDATED_LIST>",
            "line 4: DATE is not YYYY-MM-DD: '06/05/1971'",
        ),
    ],
)
def test_bad_input_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text, "bad.xml")
    with pytest.raises(ImportSourceError) as info:
        read_un(path)
    text_ = str(info.value)
    assert "\n" not in text_
    assert text_ == f"{path}: {message}"


def test_missing_file_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportSourceError, match=r"nope\.xml: cannot read UN list: "):
        read_un(tmp_path / "nope.xml")


def test_a_single_year_of_a_range_and_a_wide_range(tmp_path: Path) -> None:
    dobs = (
        "<INDIVIDUAL_DATE_OF_BIRTH><FROM_YEAR>1950</FROM_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
        "<INDIVIDUAL_DATE_OF_BIRTH><FROM_YEAR>1980</FROM_YEAR><TO_YEAR>1970</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
        "<INDIVIDUAL_DATE_OF_BIRTH><FROM_YEAR>1900</FROM_YEAR><TO_YEAR>1911</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
    )
    text = HEAD + "<CONSOLIDATED_LIST><INDIVIDUALS>" + _record(extra=dobs) + "</INDIVIDUALS></CONSOLIDATED_LIST>"
    doc, _ = read_un(_write(tmp_path, text))
    entities = doc["entities"]
    assert isinstance(entities, list)
    assert entities[0]["born"] == [1900, 1911, 1950, *range(1970, 1981)]


# ------------------------------------------------------------------------------------------ the real file


@pytest.fixture(scope="module")
def real() -> tuple[dict[str, object], UnImportStats]:
    if not REAL_XML.exists():
        pytest.skip(f"shared data not available: {REAL_XML}")
    return read_un(REAL_XML)


def _entity(doc: dict[str, object], ident: str) -> dict[str, object]:
    entities = doc["entities"]
    assert isinstance(entities, list)
    found = [e for e in entities if e["id"] == ident]
    assert len(found) == 1
    entity: dict[str, object] = found[0]
    return entity


def test_real_counts(real: tuple[dict[str, object], UnImportStats]) -> None:
    doc, stats = real
    assert doc["list"] == {
        "id": "un-sc",
        "name": "UN Security Council Consolidated List",
        "source": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "published": REAL_DATE,  # from dateGenerated="2026-02-27T00:00:09.554Z"
        "dates": {"UN_consolidated.xml": REAL_DATE},
    }
    assert stats == UnImportStats(
        entities=1003,
        by_type={"person": 730, "organization": 273},
        # Source: 1,524 Good + 594 a.k.a. -> aka, 19 f.k.a., 615 Low; plus original scripts, split pieces
        # and names from notes, less duplicates.
        aliases={"aka": 2605, "fka": 18, "nka": 0, "weak": 648},
        original_script=376,  # of 378 NAME_ORIGINAL_SCRIPT: 1 repeats the name (QDe.164), 1 unreadable (TAi.068)
        packed_strings=53,
        note_aliases=49,
        empty_aliases=291,  # 169 INDIVIDUAL_ALIAS + 122 ENTITY_ALIAS placeholders
        duplicate_aliases_skipped=12,
        unreadable_skipped=1,
        programs={
            "Al-Qaida": 341,
            "DPRK": 155,
            "Taliban": 140,
            "Iran": 121,
            "Iraq": 75,
            "DRC": 53,
            "Libya": 30,
            "Somalia": 24,
            "CAR": 15,
            "Haiti": 11,
            "Yemen": 11,
            "GB": 10,
            "Sudan": 9,
            "SouthSudan": 8,
        },
    )
    entities = doc["entities"]
    assert isinstance(entities, list)
    assert sum(1 for e in entities if "born" in e) == 678
    assert sum(1 for e in entities if "aliases" in e) == 800


def test_real_spot_checks(real: tuple[dict[str, object], UnImportStats]) -> None:
    doc, _ = real
    soleimani = _entity(doc, "IRi.039")
    assert (soleimani["name"], soleimani["programs"], soleimani["born"]) == ("SOLEIMANI, QASEM", ["Iran"], [1957])
    assert soleimani["aliases"] == [
        "Qasim Soleimani",
        "Qasem Sulaimani",
        "Qasim Sulaimani",
        "Qasim Sulaymani",
        "Qasem Sulaymani",
        "Kasim Soleimani",
        "Kasim Sulaimani",
        "Kasim Sulaymani",
        {"name": "Haj Qasem", "kind": "weak"},
        {"name": "Haji Qassem", "kind": "weak"},
        {"name": "Sardar Soleimani", "kind": "weak"},
    ]
    assert _entity(doc, "IQi.001")["name"] == "AL-TIKRITI, SADDAM HUSSEIN"
    assert _entity(doc, "KPi.009")["name"] == "KIM, KWANG-IL"  # DPRK: family name first
    assert _entity(doc, "TAi.014")["name"] == "HIDAYATULLAH"  # one part
    assert _entity(doc, "CDi.020")["name"] == "NGUDJOLO, MATHIEU CHUI"  # FIRST_NAME "MATHIEU, CHUI"
    assert _entity(doc, "TAi.153")["name"] == "NOORZAI, FAIZULLAH KHAN"  # FOURTH_NAME "na"
    assert _entity(doc, "KPe.023")["name"] == "DAEDONG CREDIT BANK (DCB)"  # id "KPe.023 " stripped
    assert _entity(doc, "TAi.002")["born"] == [1945, 1946, 1947, 1948, 1949, 1950, 1955, 1956, 1957, 1958]

    nusrah = _entity(doc, "QDe.137")
    aliases = nusrah["aliases"]
    assert isinstance(aliases, list)
    assert aliases[:3] == ["جبهة النصرة لأهل الشام", "Hay’at Tahrir al-Sham (HTS)", "هيئة تحرير الشام"]
    for name in (
        "Al-Nusra Front",
        "Jabhat al-Nusrah",
        "Jabhat Fatah al-Sham",
        "جبهة النصرة",
        "Ansar al-Mujahideen Network",
    ):
        assert name in aliases
    assert len(aliases) == 33

    baghdadi = _entity(doc, "QDi.299")
    assert isinstance(baghdadi["aliases"], list)
    assert {"name": "Abu Bakr al-Baghdadi", "kind": "weak"} in baghdadi["aliases"]
    assert {"name": "Abu Du’a", "kind": "weak"} in baghdadi["aliases"]  # from the alias NOTE
    assert _entity(doc, "QDe.002")["aliases"] == ["AIAI", "الاتحاد الاسلامي"]  # "AL-ITIHAAD AL-ISLAMIYA / AIAI"
    assert _entity(doc, "CDe.001")["aliases"] == [
        "Allied Democratic Forces",
        {"name": "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda", "kind": "fka"},
        {"name": "ADF/NALU", "kind": "fka"},
        {"name": "NALU", "kind": "fka"},
    ]


def test_bundled_list_equals_a_fresh_conversion(real: tuple[dict[str, object], UnImportStats], tmp_path: Path) -> None:
    doc, _ = real
    out = tmp_path / "un-sc.yaml"
    write_watchlist_yaml(doc, out, generator="un")
    assert BUNDLED.read_bytes() == out.read_bytes()


def test_bundled_list_loads() -> None:
    # Needs only the committed file, not the shared data.
    wl = load_watchlist(BUNDLED)
    assert (wl.info.id, wl.info.published, wl.info.entities, wl.info.aliases) == ("un-sc", REAL_DATE, 1003, 3271)
    assert wl.info.extra_dates == (("UN_consolidated.xml", REAL_DATE),)
    assert sum(1 for e in wl.entities if e.type is EntityType.PERSON) == 730
    assert sum(1 for e in wl.entities for a in e.aliases if a.kind is AliasKind.WEAK) == 648
    soleimani = next(e for e in wl.entities if e.id == "IRi.039")
    assert (soleimani.name, soleimani.programs, soleimani.born) == ("SOLEIMANI, QASEM", ("Iran",), (1957,))
