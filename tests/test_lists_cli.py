"""``kharon lists validate|show|search|diff``, list staleness, cross-list rows and the list sha256."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.lists.diff import diff_watchlists
from kharon_cli.lists.watchlist import bundled_lists_dir, load_watchlist, stale_list_warnings

OLD = """\
list: {id: demo, name: Demo list, published: 2025-01-10}
entities:
  - id: "1"
    name: PUTIN, Vladimir
    type: person
    programs: [RUSSIA]
  - id: "2"
    name: BIN LADIN, Usama
    type: person
    aliases: ["BIN LADEN, Osama"]
  - id: "3"
    name: OCEAN STAR SHIPPING
"""
NEW = """\
list: {id: demo, name: Demo list, published: 2025-06-01}
entities:
  - id: "1"
    name: PUTIN, Vladimir
    type: person
    programs: [RUSSIA, UKRAINE]
  - id: "2"
    name: BIN LADIN, Usama
    type: person
    aliases:
      - {name: "BIN LADEN, Osama", kind: fka}
      - USAMA BIN LADIN
  - id: "4"
    name: KATA'IB HIZBALLAH
"""
# A second list naming one party the first also names: one table row, two JSON hits.
OTHER = """\
list: {id: other, name: Other list, published: 2025-06-01}
entities:
  - id: X.1
    name: KATA'IB HIZBALLAH
    aliases: [KH]
"""
LINT = """\
list: {id: lint, name: Lint list}
entities:
  - id: "1"
    name: ALPHA TRADING
    aliases:
      - NATIONAL
      - "40"
      - "---"
  - id: "2"
    name: Alpha  Trading
  - id: "3"
    name: SEA STAR
    type: vessel
    aliases: [FREEDOM]
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})


@pytest.fixture
def lists(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("old", OLD), ("new", NEW), ("other", OTHER), ("lint", LINT)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


# ---------------------------------------------------------------------------------------------- validate


def test_validate_warnings_exact(runner: CliRunner, lists: dict[str, Path]) -> None:
    path = lists["lint"]
    result = runner.invoke(app, ["lists", "validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}:6: warning: alias 'NATIONAL' is one common English word: it never matches on its own (entity 1) "
        "[common word]",
        f"{path}:7: warning: alias '40' is only digits: it never matches on its own (entity 1) [short alias]",
        f"{path}:8: warning: alias '---' has no letters or digits (entity 1) [matches nothing]",
        f"{path}:10: warning: name 'Alpha  Trading' is also a name of entity 1 (line 4) (entity 2) [duplicate alias]",
        f"{path}:14: warning: alias 'FREEDOM' is one word: it counts only with vessel or aircraft context nearby "
        "(entity 3) [needs context]",
        f"{path}: 3 entities, 4 aliases, 5 warnings",
        "1 file(s) checked: 0 error(s), 5 warning(s): valid",
    ]


def test_validate_strict_makes_warnings_errors(runner: CliRunner, lists: dict[str, Path]) -> None:
    assert runner.invoke(app, ["lists", "validate", "--strict", str(lists["lint"])]).exit_code == 2
    assert runner.invoke(app, ["lists", "validate", "--strict", str(lists["old"])]).exit_code == 0


def test_validate_schema_error_names_file_line_entity(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('list: {id: bad, name: Bad}\nentities:\n  - id: "9"\n    name: "  "\n', encoding="utf-8")
    result = runner.invoke(app, ["lists", "validate", str(bad), str(MINI)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"{bad}:4: entity name is empty (entity 9)"
    assert lines[-1] == "2 file(s) checked: 1 error(s), 3 warning(s): invalid"


def test_validate_same_list_id_twice_is_an_error(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "validate", str(lists["old"]), str(lists["new"])])
    assert result.exit_code == 2
    assert f"{lists['new']}: list id 'demo' is also used by {lists['old']}" in result.stdout


def test_validate_missing_path_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["lists", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"kharon: error: {tmp_path / 'nope.yaml'}: no such watchlist file or folder\n"


def test_every_bundled_list_passes_validate(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lists", "validate", str(bundled_lists_dir())])
    assert result.exit_code == 0, result.stdout[-2000:]
    assert result.stdout.splitlines()[-1].endswith(": valid")


# -------------------------------------------------------------------------------------------------- show


def test_show_json(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "show", "-l", str(lists["old"]), "-l", str(lists["other"]), "-f", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    today = dt.date.today()
    assert [d["id"] for d in doc] == ["demo", "other"]
    assert doc[0] == {
        "id": "demo",
        "name": "Demo list",
        "source": None,
        "published": "2025-01-10",
        "dates": {},
        "entities": 3,
        "aliases": 1,
        "sha256": hashlib.sha256(lists["old"].read_bytes()).hexdigest(),
        "path": str(lists["old"]),
        "age_days": (today - dt.date(2025, 1, 10)).days,
        "origin": {"kind": "given"},
    }


def test_show_table_and_one_list(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "show", "other", "-l", str(lists["old"]), "-l", str(lists["other"])])
    assert result.exit_code == 0
    age = (dt.date.today() - dt.date(2025, 6, 1)).days
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["List", "Published", "Age", "Entities", "Aliases", "Name"]
    assert lines[2].split() == ["other", "2025-06-01", str(age), "d", "1", "1", "Other", "list"]
    assert lines[3:] == [
        "other source: -",
        f"other file: {lists['other']}",
        f"other sha256: {hashlib.sha256(lists['other'].read_bytes()).hexdigest()}",
        "other origin: given with --list",
    ]
    missing = runner.invoke(app, ["lists", "show", "nope", "-l", str(lists["old"])])
    assert missing.exit_code == 2
    assert missing.stderr == "kharon: error: no list 'nope' in use (see 'kharon lists show')\n"


# ------------------------------------------------------------------------------------------------ search


@pytest.mark.parametrize(
    ("query", "entity", "alias"),
    [
        ("VLADIMIR PUTIN", "demo:1", "PUTIN, Vladimir"),
        ("PUTIN VLADIMIR", "demo:1", "PUTIN, Vladimir"),
        ("Vladimir Putin", "demo:1", "PUTIN, Vladimir"),
        ("Usama bin Ladin", "demo:2", "BIN LADIN, Usama"),
        ("Osama bin Laden", "demo:2", "BIN LADEN, Osama"),
    ],
)
def test_search_finds_both_orders(
    runner: CliRunner, lists: dict[str, Path], query: str, entity: str, alias: str
) -> None:
    result = runner.invoke(app, ["lists", "search", query, "-l", str(lists["old"]), "-f", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["query"] == query
    top = doc["results"][0]
    assert (top["entity"]["id"], top["score"], top["alias"]) == (entity, 100.0, alias)


def test_search_ranks_partial_and_misspelt_below_full(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "search", "Putin", "-l", str(lists["old"]), "-f", "json"])
    assert [(r["entity"]["id"], r["score"]) for r in json.loads(result.stdout)["results"]] == [("demo:1", 90.0)]
    result = runner.invoke(app, ["lists", "search", "Vladimir Poutin", "-l", str(lists["old"]), "-f", "json"])
    [top] = json.loads(result.stdout)["results"]
    assert top["entity"]["id"] == "demo:1" and 85 <= top["score"] < 100


def test_search_nothing_found_exit_1(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "search", "Zebedee Quux", "-l", str(lists["old"])])
    assert result.exit_code == 1
    assert result.stdout == "no listed name is close to 'Zebedee Quux'\n"


def test_search_table(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "search", "putin vladimir", "-l", str(lists["old"])])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Score", "Id", "Name", "Type", "Programs", "Matched", "name"]
    assert lines[2].split() == ["100", "demo:1", "PUTIN,", "Vladimir", "person", "RUSSIA", "PUTIN,", "Vladimir"]


# -------------------------------------------------------------------------------------------------- diff


def test_diff_text_exact(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "diff", str(lists["old"]), str(lists["new"])])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "+ 4 KATA'IB HIZBALLAH (organization)",
        "- 3 OCEAN STAR SHIPPING (organization)",
        "~ 1 PUTIN, Vladimir",
        "    programs: RUSSIA -> RUSSIA, UKRAINE",
        "~ 2 BIN LADIN, Usama",
        "    + alias USAMA BIN LADIN (aka)",
        "    ~ alias BIN LADEN, Osama: aka -> fka",
        "demo -> demo: 1 added, 1 removed, 2 changed",
    ]


def test_diff_json_and_identical_lists(runner: CliRunner, lists: dict[str, Path]) -> None:
    result = runner.invoke(app, ["lists", "diff", str(lists["old"]), str(lists["new"]), "-f", "json"])
    doc = json.loads(result.stdout)
    assert doc["summary"] == {"added": 1, "removed": 1, "changed": 2}
    assert doc["changed"][1]["alias_kinds_changed"] == [{"name": "BIN LADEN, Osama", "old": "aka", "new": "fka"}]
    same = runner.invoke(app, ["lists", "diff", str(lists["old"]), str(lists["old"])])
    assert (same.exit_code, same.stdout) == (0, "demo -> demo: 0 added, 0 removed, 0 changed\n")


def test_diff_library_reports_renamed_entity(lists: dict[str, Path]) -> None:
    old, new = load_watchlist(lists["old"]), load_watchlist(lists["old"])
    assert diff_watchlists(old, new).empty


# ------------------------------------------------------------------------------------ staleness and rows


def test_stale_list_warnings_rule() -> None:
    wl = load_watchlist(MINI)  # published 2024-05-03
    info = wl.info
    assert stale_list_warnings([info], dt.date(2024, 10, 30), 180) == []  # 180 days: not older than the limit
    assert stale_list_warnings([info], dt.date(2024, 10, 31), 180) == [
        "list mini was published 2024-05-03, 181 days ago, more than --max-list-age 180: run 'kharon lists update'"
    ]
    assert stale_list_warnings([info], dt.date(2030, 1, 1), 0) == []


def test_scan_warns_once_per_stale_list(runner: CliRunner, lists: dict[str, Path], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Nothing to see.\n", encoding="utf-8")
    undated = tmp_path / "undated.yaml"
    undated.write_text("list: {id: undated, name: U}\nentities: []\n", encoding="utf-8")
    args = ["scan", "-l", str(lists["old"]), "-l", str(undated), "--max-list-age", "30", str(article)]
    result = runner.invoke(app, args)
    age = (dt.date.today() - dt.date(2025, 1, 10)).days
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"kharon: warning: list demo was published 2025-01-10, {age} days ago, more than --max-list-age 30: "
        "run 'kharon lists update'",
        f"kharon: warning: list undated ({undated}) has no published date, so its age is unknown",
    ]
    quiet = runner.invoke(app, ["scan", "-l", str(lists["old"]), "--max-list-age", "100000", str(article)])
    assert quiet.stderr == ""
    by_env = runner.invoke(app, ["scan", "-l", str(lists["old"]), str(article)], env={"KHARON_MAX_LIST_AGE": "1"})
    assert by_env.stderr.startswith("kharon: warning: list demo was published 2025-01-10")


def test_cross_list_hits_one_row_two_json_hits(runner: CliRunner, lists: dict[str, Path], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Militia Kata'ib Hizballah fired rockets.\n", encoding="utf-8")
    both = ["-l", str(lists["new"]), "-l", str(lists["other"])]
    result = runner.invoke(app, ["scan", *both, "--format", "json", str(article)])
    hits = json.loads(result.stdout)["files"][0]["hits"]
    assert [(h["entity"]["id"], h["text"], h["start"]) for h in hits] == [
        ("demo:4", "Kata'ib Hizballah", 8),
        ("other:X.1", "Kata'ib Hizballah", 8),
    ]
    table = runner.invoke(app, ["scan", *both, str(article)])
    assert table.exit_code == 1
    assert [line.rstrip() for line in table.stdout.splitlines()] == [
        str(article),
        "Entity              Programs   Mention             Match       Line:Col",
        "───────────────────────────────────────────────────────────────────────",
        "KATA'IB HIZBALLAH              Kata'ib Hizballah   exact 100        1:9",
        "demo:4 org",
        "other:X.1 org",
        "2 hits; 2 entities; 1/1 file with hits. Lists: demo (2025-06-01), other (2025-06-01).",
    ]


# ------------------------------------------------------------------------------------------ import (CLI)


def test_import_ftm_cli(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import FIXTURES

    out = tmp_path / "os.yaml"
    args = ["lists", "import", "ftm", str(FIXTURES / "ftm" / "entities.ftm.jsonl"), "-o", str(out)]
    result = runner.invoke(app, [*args, "--topic", "sanction", "--id", "os-sanctions", "--published", "2026-11-01"])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"wrote {out}: 4 entities (1 person, 1 organisation, 1 vessel, 1 aircraft)")
    wl = load_watchlist(out)
    assert (wl.info.id, wl.info.published, wl.info.entities) == ("os-sanctions", dt.date(2026, 11, 1), 4)
    bad = runner.invoke(app, [*args, "--id", "Open Sanctions"])
    assert (bad.exit_code, bad.stderr) == (2, "kharon: error: --id must match [a-z0-9-]+, got 'Open Sanctions'\n")


def test_import_ofac_cons_cli(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import SHARED_DATA

    folder = SHARED_DATA / "ofac_consolidated_nonsdn_2025-12-19"
    if not folder.exists():
        pytest.skip("shared data not available")
    out = tmp_path / "cons.yaml"
    files = ["--prim", str(folder / "cons_prim.csv"), "--alt", str(folder / "cons_alt.csv")]
    args = ["lists", "import", "ofac-cons", *files, "--comments", str(folder / "cons_comments.csv")]
    result = runner.invoke(app, [*args, "-o", str(out), "--published", "2025-12-19"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"wrote {out}: 442 entities, strong aliases: 930 aka, 141 fka, 0 nka, weak aliases: 72, "
        "alias rows dropped (no such entry): 0\n"
    )
    wl = load_watchlist(out)
    assert (wl.info.id, wl.info.name, wl.info.entities, wl.info.aliases) == (
        "ofac-cons",
        "OFAC Consolidated Sanctions List (non-SDN)",
        442,
        930 + 141 + 72,
    )
    by_type = {t: sum(1 for e in wl.entities if e.type.value == t) for t in ("person", "organization")}
    assert by_type == {"person": 79, "organization": 363}
    # The weak alias that only the overflow file completes.
    assert any(a.name == "RUSAG" and a.kind.value == "weak" for e in wl.entities for a in e.aliases)


def test_import_un_cli_reproduces_the_bundled_list(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import SHARED_DATA

    xml = SHARED_DATA / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml"
    if not xml.exists():
        pytest.skip("shared data not available")
    out = tmp_path / "un.yaml"
    result = runner.invoke(app, ["lists", "import", "un", str(xml), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"wrote {out}: 1003 entities (730 persons, 273 organisations), 3271 aliases")
    assert out.read_bytes() == (bundled_lists_dir() / "un-sc.yaml").read_bytes()


def test_import_csl_cli_writes_one_list_per_source(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import SHARED_DATA

    csv_path = SHARED_DATA / "us_csl_trade_gov_2022-05" / "consolidated.csv"
    if not csv_path.exists():
        pytest.skip("shared data not available")
    out = tmp_path / "csl"
    result = runner.invoke(app, ["lists", "import", "csl", str(csv_path), "-o", str(out), "--published", "2022-05-01"])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"wrote {out}: 13 lists; 14087 entities")
    assert sorted(p.stem for p in out.glob("*.yaml")) == [
        "csl-cap",
        "csl-cmic",
        "csl-dpl",
        "csl-dtc",
        "csl-el",
        "csl-fse",
        "csl-isn",
        "csl-meu",
        "csl-ns-mbs",
        "csl-plc",
        "csl-sdn",
        "csl-ssi",
        "csl-uvl",
    ]
    checked = runner.invoke(app, ["lists", "validate", str(out)])
    assert checked.exit_code == 0
    assert checked.stdout.splitlines()[-1].startswith("13 file(s) checked: 0 error(s), ")


def test_lists_compile_warms_the_cache(runner: CliRunner, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    env = {"KHARON_CACHE_DIR": str(cache_dir)}
    result = runner.invoke(app, ["lists", "compile", "-l", str(MINI)], env=env)
    assert result.exit_code == 0
    [cached] = list(cache_dir.glob("matcher-*.bin"))
    assert result.stdout.startswith("compiled mini (13 entities) in ")
    assert result.stdout.rstrip().endswith(str(cached))
    before = cached.stat().st_mtime_ns
    scan = runner.invoke(app, ["scan", "-l", str(MINI), "-f", "json", "-"], input="HAMAS\n", env=env)
    assert scan.exit_code == 1
    assert [p.name for p in cache_dir.glob("matcher-*.bin")] == [cached.name]
    assert cached.stat().st_mtime_ns == before  # used, not rebuilt


def test_import_eu_cli_writes_the_fixture_list(runner: CliRunner, tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "eu_fsf.xml"
    out = tmp_path / "eu-fsf.yaml"
    result = runner.invoke(app, ["lists", "import", "eu", str(fixture), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"wrote {out}: 6 entities (3 persons, 3 organisations")
    shown = runner.invoke(app, ["lists", "show", "-l", str(out), "--format", "json"])
    (info,) = json.loads(shown.stdout)
    assert (info["id"], info["entities"]) == ("eu-fsf", 6)
    bad = tmp_path / "bad.xml"
    bad.write_text("<export", encoding="utf-8")
    failed = runner.invoke(app, ["lists", "import", "eu", str(bad), "-o", str(tmp_path / "x.yaml")])
    assert failed.exit_code == 2
    assert failed.stderr.startswith(f"kharon: error: {bad}") and failed.stderr.count("\n") == 1
    assert not (tmp_path / "x.yaml").exists()
