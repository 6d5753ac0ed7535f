"""The controls that keep false alarms down (issue: accuracy on real news), one case table per rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.engine import load_tagger
from kharon_cli.matching.tagger import Tagger

CONTROLS = FIXTURES / "controls.yaml"


@pytest.fixture(scope="module")
def ctl() -> Tagger:
    return load_tagger([CONTROLS])


def found(tagger: Tagger, text: str) -> list[tuple[str, str]]:
    return [(h.entity.id, h.text) for h in tagger.tag(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers and short strings never count alone
        ("He was 40 years old.", []),
        # ... but do once the party is named in full
        ("Miguel Trevino Morales, known as 40, was arrested.", [("1", "Miguel Trevino Morales"), ("1", "40")]),
        # a one-word weak alias needs a full mention; an acronym of three letters too
        ("HTS fighters advanced.", []),
        ("The al-Nusrah Front, now HTS, advanced.", [("6", "al-Nusrah Front"), ("6", "HTS")]),
        ("The PKK said.", []),
        ("The Kurdistan Workers' Party (PKK) said.", [("7", "Kurdistan Workers' Party"), ("7", "PKK")]),
        # four-letter acronyms and distinctive one-word names stand alone
        ("ISIS claimed it.", [("8", "ISIS")]),
        ("Kongra-Gel claimed it.", [("7", "Kongra-Gel")]),
        # a person born too late for the text's latest year is a namesake (a grandfather of the same name)
        ("In 1987 President Hafez al-Assad spoke.", []),
        ("In 2024 Hafez al-Assad spoke.", [("21", "Hafez al-Assad")]),
        ("Hafez al-Assad spoke.", [("21", "Hafez al-Assad")]),
        # ...and so is an organisation established after it
        ("In 1987 Vneshtorgbank lent 50 mln dlrs.", []),
        ("In 1995 Vneshtorgbank lent 50 mln dlrs.", [("22", "Vneshtorgbank")]),
        # a weak alias is matched as written only, never reordered
        ("Roe, Dixon was seen.", [("17", "Roe, Dixon")]),
        ("Dixon Roe was seen.", []),
        # a weak alias of common words needs support
        ("The National Bank raised rates.", []),
        # a generic description of very common words needs support; 'Islamic State' is not one
        ("The Industrial Bank of Japan lent more.", []),
        ("The Islamic State claimed it.", [("8", "Islamic State")]),
        # two different risky names of one party confirm each other
        ("The National Liberation Army said.", []),
        ("The ELN said.", []),
        ("The National Liberation Army (ELN) said.", [("15", "National Liberation Army"), ("15", "ELN")]),
        # an institution every country has counts where its programme's country is named
        ("China's Ministry of Petroleum said.", []),
        ("Iran's Ministry of Petroleum said.", [("13", "Ministry of Petroleum")]),
        ("The Agricultural Development Bank in Xiamen lent.", []),
        ("North Korea's Agricultural Development Bank lent.", [("14", "Agricultural Development Bank")]),
        # every word of a capitalised name must be capitalised: "an Islamic state" is not the group
        ("They want an Islamic state.", []),
        # a one-word name that is a common word needs support
        ("Fortune magazine said.", []),
        # vessel and aircraft names that are ordinary words need vessel context nearby
        ("The Justice Department said.", []),
        ("The tanker Justice was hit.", [("2", "Justice")]),
        ("Majestic Star Casinos reported.", []),
        ("The M/V Majestic Star docked at Bandar Abbas.", [("3", "Majestic Star")]),
        ("IMO 9187629 Majestic Star.", [("3", "Majestic Star")]),
        # a rare vessel name with more than one word would not; a one-word name always needs it
        ("Navarz was seen.", []),
        ("The Navarz, a tanker, was seen.", [("4", "Navarz")]),
        # a person's generic name needs support; a given name dropped from a distinctive name is fine
        ("Abu Muhammad spoke.", []),
        ("President Ali Khamenei spoke; Khamenei left.", [("10", "Ali Khamenei"), ("10", "Khamenei")]),
        # one word alone is matched approximately only when just its vowels differ
        ("Hizbollah fighters crossed.", [("18", "Hizbollah")]),
        ("Beverage makers rallied.", []),
        # a company named without its legal form, when two words or more are left; an acronym left after
        # stripping one is still an acronym
        ("Talks with Alpha Trading ended.", [("12", "Alpha Trading")]),
        ("PCC shares rose.", []),
        ("Emerald said it would sell.", []),
        # a long name with a rare word counts whatever its case; a short or common one does not
        ("Iran's Foreign Minister ali akbar velayati arrived.", [("16", "ali akbar velayati")]),
        ("Iran's Foreign Minister velayati arrived.", []),
        # lower-cased copy: capitalisation rules cannot apply, the name still counts
        ("president ali khamenei said the islamic state", [("10", "ali khamenei"), ("8", "islamic state")]),
    ],
)
def test_controls(ctl: Tagger, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(ctl, text) == expected


def test_risk_is_visible_in_explain(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["explain", "--list", str(CONTROLS), "--format", "json", "Officials said HTS took 40 towns."]
    )
    assert result.exit_code == 0, result.stderr
    import json

    doc = json.loads(result.stdout)
    assert doc["hits"] == []
    assert [(m["text"], m["entity"], m["reason"]) for m in doc["near_misses"]] == [
        ("HTS", "ctl:6", "three-letter acronym, and no confirming full mention"),
        ("40", "ctl:1", "number, and no confirming full mention"),
    ]


def test_explain_describes_each_hit() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["explain", "--list", str(CONTROLS), "The al-Nusrah Front, now HTS, and the tanker Justice."]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "HIT 'al-Nusrah Front' [4:19] -> AL-NUSRAH FRONT (ctl:6, organization)",
        "    alias: AL-NUSRAH FRONT (primary); form: as listed",
        "    normalised: text 'al nusrah front', alias 'al nusrah front'",
        "    method exact, score 100",
        "HIT 'HTS' [25:28] -> AL-NUSRAH FRONT (ctl:6, organization)",
        "    alias: HTS (weak); form: as listed",
        "    normalised: text 'hts', alias 'hts'",
        "    method exact, score 90",
        "    risky name (three-letter acronym): counts because this text confirms the entity "
        "(a full mention, a second name of it, or for a generic description its country)",
        "HIT 'Justice' [45:52] -> JUSTICE (ctl:2, vessel)",
        "    alias: JUSTICE (primary); form: as listed",
        "    normalised: text 'justice', alias 'justice'",
        "    method exact, score 100",
    ]


ALLOW = """allow:
  - entity: ctl:2
    phrase: justice
    path: "*/harbour/*"
    reason: the harbour master's office, not the vessel
  - entity: "8"
    reason: reviewed, out of scope for this desk
"""


def test_allowlist_suppresses_and_counts(tmp_path: Path) -> None:
    allow = tmp_path / "allow.yaml"
    allow.write_text(ALLOW)
    harbour = tmp_path / "harbour"
    harbour.mkdir()
    (harbour / "a.txt").write_text("The tanker Justice left. ISIS claimed it.")
    (tmp_path / "b.txt").write_text("The tanker Justice left.")
    import json

    result = CliRunner().invoke(app, ["scan", "-l", str(CONTROLS), "--allow", str(allow), "-f", "json", str(tmp_path)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in doc["files"]}
    assert files["a.txt"]["hits"] == []
    assert [(s["text"], s["reason"]) for s in files["a.txt"]["suppressed"]] == [
        ("Justice", "the harbour master's office, not the vessel"),
        ("ISIS", "reviewed, out of scope for this desk"),
    ]
    assert [h["text"] for h in files["b.txt"]["hits"]] == ["Justice"]
    assert doc["summary"]["suppressed"] == 2 and doc["summary"]["hits"] == 1
    table = CliRunner(env={"COLUMNS": "100"}).invoke(
        app, ["scan", "-l", str(CONTROLS), "--allow", str(allow), str(harbour)]
    )
    assert table.exit_code == 0  # every hit suppressed: nothing left to report
    assert "2 hits suppressed by the allowlist" in table.stdout
    assert "2 suppressed by the allowlist" in table.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("allow:\n  - entity: ctl:2\n", "allow.yaml:2: allowlist entry has no reason"),
        ("allow:\n  - reason: x\n", "allow.yaml:2: allowlist entry needs an entity or a phrase"),
        ("allow:\n  - {entity: a, reason: x, colour: red}\n", "allow.yaml:2: unknown key 'colour' in allowlist entry"),
        ("nothing: []\n", "allow.yaml:1: unknown key 'nothing' in the allowlist"),
    ],
)
def test_allowlist_errors_exit_2(tmp_path: Path, body: str, message: str) -> None:
    allow = tmp_path / "allow.yaml"
    allow.write_text(body)
    (tmp_path / "a.txt").write_text("x")
    result = CliRunner().invoke(app, ["scan", "-l", str(CONTROLS), "--allow", str(allow), str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kharon: error: {tmp_path}/{message}")
