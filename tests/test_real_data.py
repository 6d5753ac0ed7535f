"""Real inputs from ../shared/data (skipped when absent) and the bundled lists.

The reference brief must give exactly the seven expected OFAC parties, and flashtext's own extraction
cases must pass through `kharon scan --no-fuzzy`. Article text is read in place, never copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import shared
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.lists.watchlist import bundled_lists_dir, load_watchlists

BRIEF = ("articles", "kharon-brief-2020-01-03-soleimani.txt")


def test_every_bundled_list_validates() -> None:
    files = sorted(bundled_lists_dir().glob("*.yaml"))
    assert [f.name for f in files] == ["ofac-sdn.yaml", "un-sc.yaml"]
    lists = load_watchlists([bundled_lists_dir()])
    for wl in lists:
        assert wl.info.published is not None, wl.info.id
        assert wl.entities and all(e.name.strip() for e in wl.entities)
        assert len({e.id for e in wl.entities}) == len(wl.entities)


def test_reference_brief_finds_exactly_the_expected_parties() -> None:
    path = shared(*BRIEF)
    result = CliRunner().invoke(app, ["scan", "--format", "json", str(path)])
    assert result.exit_code == 1, result.stderr
    doc = json.loads(result.stdout)
    hits = doc["files"][0]["hits"]
    text = path.read_text(encoding="utf-8")
    for h in hits:
        assert text[h["start"] : h["end"]] == h["text"]
    found: dict[str, set[str]] = {}
    for h in hits:
        found.setdefault(h["entity"]["id"], set()).add(h["text"])
    assert found == {
        "ofac-sdn:10481": {"Qassem Soleimani", "Soleimani"},
        "ofac-sdn:10465": {"Islamic Revolutionary Guard Corps-Qods Force", "IRGC-QF"},
        "ofac-sdn:26950": {"Javad Zarif", "Zarif"},
        "ofac-sdn:8759": {"Islamic State of Iraq and al Sham", "ISIS"},
        "ofac-sdn:6366": {"al-Qaida"},
        "ofac-sdn:16937": {"al-Nusra Front", "Jabhat Fatah al-Sham"},
        "ofac-sdn:11462": {"Kata\u2019ib Hizballah"},
        # The UN list names three of the same parties; its "Islamic State of Iraq" (under Al-Qaida in Iraq)
        # is inside OFAC's longer "Islamic State of Iraq and al Sham", so the longer OFAC hit alone counts.
        "un-sc:IRi.039": {"Qassem Soleimani", "Soleimani"},
        "un-sc:QDe.004": {"al-Qaida"},
        "un-sc:QDe.137": {"al-Nusra Front", "Jabhat Fatah al-Sham"},
    }
    methods = {(h["text"], h["method"]) for h in hits}
    assert ("Qassem Soleimani", "fuzzy") in methods
    assert ("al-Nusra Front", "fuzzy") in methods
    assert ("Soleimani", "followup") in methods
    assert doc["lists"][0]["published"] == "2024-05-03"
    assert doc["lists"][0]["dates"] == {"sdn.csv": "2024-05-03", "alt.csv": "2025-12-24"}
    assert [(lst["id"], lst["published"]) for lst in doc["lists"]] == [
        ("ofac-sdn", "2024-05-03"),
        ("un-sc", "2026-02-27"),
    ]


def _flashtext_cases() -> list[dict]:  # type: ignore[type-arg]
    path = shared("flashtext_tests", "keyword_extractor_test_cases.json")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_flashtext_extraction_cases(tmp_path: Path) -> None:
    runner = CliRunner()
    failures = []
    cases = _flashtext_cases()
    for i, case in enumerate(cases):
        wl = {
            "list": {"id": f"peer{i}", "name": f"flashtext case {i}"},
            "entities": [
                {"id": str(j), "name": name, "type": "organization", "aliases": keywords}
                for j, (name, keywords) in enumerate(case["keyword_dict"].items())
            ],
        }
        path = tmp_path / f"case{i}.yaml"
        path.write_text(yaml.safe_dump(wl, allow_unicode=True), encoding="utf-8")
        result = runner.invoke(app, ["scan", "--no-fuzzy", "-l", str(path), "-f", "json", "-"], input=case["sentence"])
        got = [h["entity"]["name"] for f in json.loads(result.stdout)["files"] for h in f["hits"]]
        if got != case["keywords"]:
            failures.append((case["sentence"], case["keywords"], got))
    # The acceptance bar is 90%. The three failures are by design: an alias 'R' that the list writes in
    # capitals is a one-letter name, too short to count on its own in a sanctions list (a lower-case 'r' is
    # taken as a deliberate keyword and does match); and kharon matches a list's primary name too ('Python'),
    # which in a text with no capitals at all can only be judged in lower case.
    assert failures == [
        ("I like R and java", ["R", "Java"], ["Java"]),
        (" R", ["R"], []),
        ("i like python programming", [], ["Python"]),
    ]
    assert len(cases) == 49
