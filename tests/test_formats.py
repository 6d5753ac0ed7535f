"""The CI-facing output formats end to end with typer's CliRunner: ``--format sarif``, ``github`` and ``csv``.

Exact output for a small article, SARIF validated against the official OASIS SARIF 2.1.0 schema
(tests/data/sarif-schema-2.1.0.json), escaping of hostile file names, the spreadsheet formula guard, and
exit codes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import MINI
from jsonschema.validators import validator_for
from typer.testing import CliRunner

from kharon_cli import __version__
from kharon_cli.cli import app
from kharon_cli.reporters.csv_report import cell

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# Written for these tests: a reordered name, a name broken across a line, a surname follow-up.
ARTICLE = "Reports said Qasem Soleimani had met Kata’ib\nHizballah envoys.\nSoleimani then flew home.\n"
CLEAN = "The harbour was quiet and nothing was listed.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current directory for the test, holding ``brief.txt`` (ARTICLE), so paths can be relative."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brief.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def scan(runner: CliRunner, fmt: str, *args: str, input: str | None = None) -> Any:
    return runner.invoke(app, ["scan", "--list", str(MINI), "--format", fmt, *args], input=input)


def sarif(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, dict[str, Any]]:
    result = scan(runner, "sarif", *args, input=input)
    doc = json.loads(result.stdout)
    validate_sarif(doc)
    return result.exit_code, doc


_SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
_VALIDATOR = validator_for(_SCHEMA)(_SCHEMA)


def validate_sarif(doc: dict[str, Any]) -> None:
    _VALIDATOR.validate(doc)


def fingerprint(entity: str, normalised: str, n: int) -> str:
    digest = hashlib.sha256(f"{entity}\x00{normalised}".encode()).hexdigest()
    return f"{digest[:32]}:{n}"


# --- the schema itself -------------------------------------------------------------------------------------


def test_schema_file_is_the_official_sarif_2_1_0_schema() -> None:
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == (
        "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
    )
    assert _SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    validator_for(_SCHEMA).check_schema(_SCHEMA)
    # The schema has teeth: a region starting on line 0 or a result level SARIF does not know is rejected.
    bad_line = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "locations": [{"physicalLocation": {"region": {"startLine": 0}}}]}
    ]}]}  # fmt: skip
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(bad_line)
    bad_level = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "level": "high"}
    ]}]}  # fmt: skip
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(bad_level)


# --- sarif ---------------------------------------------------------------------------------------------------


def test_sarif_document(runner: CliRunner, workdir: Path) -> None:
    code, doc = sarif(runner, "brief.txt")
    assert code == 1
    assert doc["$schema"].endswith("/sarif-schema-2.1.0.json") and doc["version"] == "2.1.0"
    [run] = doc["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "kharon",
        __version__,
        "https://pypi.org/project/kharon-cli/",
    )
    assert driver["rules"] == [
        {
            "id": "mini:10481",
            "name": "SOLEIMANI, Qasem",
            "shortDescription": {"text": "SOLEIMANI, Qasem"},
            "fullDescription": {"text": "SOLEIMANI, Qasem: person on watchlist mini (programs: SDGT, IRGC)."},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"list": "mini", "type": "person", "programs": ["SDGT", "IRGC"]},
        },
        {
            "id": "mini:11462",
            "name": "KATA'IB HIZBALLAH",
            "shortDescription": {"text": "KATA'IB HIZBALLAH"},
            "fullDescription": {"text": "KATA'IB HIZBALLAH: organization on watchlist mini (programs: FTO, SDGT)."},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"list": "mini", "type": "organization", "programs": ["FTO", "SDGT"]},
        },
    ]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert run["results"][0] == {
        "ruleId": "mini:10481",
        "ruleIndex": 0,
        "level": "warning",
        "message": {
            "text": '"Qasem Soleimani" matches SOLEIMANI, Qasem (mini:10481, person; SDGT, IRGC), '
            "reordered match, score 95"
        },
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "brief.txt"},
                    "region": {
                        "startLine": 1,
                        "startColumn": 14,
                        "endLine": 1,
                        "endColumn": 29,
                        "charOffset": 13,
                        "charLength": 15,
                        "snippet": {"text": "Qasem Soleimani"},
                    },
                }
            }
        ],
        "partialFingerprints": {"kharonMention/v1": fingerprint("mini:10481", "qasem soleimani", 1)},
        "properties": {"method": "reordered", "score": 95.0, "alias": "SOLEIMANI, Qasem", "alias_kind": "primary"},
    }
    # Every result: rule, place (the name broken across a line ends on line 2), and the text at the offsets.
    assert [(r["ruleId"], r["ruleIndex"], r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]] == [
        (
            "mini:10481",
            0,
            {
                "startLine": 1,
                "startColumn": 14,
                "endLine": 1,
                "endColumn": 29,
                "charOffset": 13,
                "charLength": 15,
                "snippet": {"text": "Qasem Soleimani"},
            },
        ),
        (
            "mini:11462",
            1,
            {
                "startLine": 1,
                "startColumn": 38,
                "endLine": 2,
                "endColumn": 10,
                "charOffset": 37,
                "charLength": 17,
                "snippet": {"text": "Kata’ib\nHizballah"},
            },
        ),
        (
            "mini:10481",
            0,
            {
                "startLine": 3,
                "startColumn": 1,
                "endLine": 3,
                "endColumn": 10,
                "charOffset": 63,
                "charLength": 9,
                "snippet": {"text": "Soleimani"},
            },
        ),
    ]
    for r in run["results"]:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert ARTICLE[region["charOffset"] : region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        lines = ARTICLE.split("\n")
        assert lines[region["startLine"] - 1][region["startColumn"] - 1 :].startswith(region["snippet"]["text"][:5])
        assert lines[region["endLine"] - 1][: region["endColumn"] - 1].endswith(region["snippet"]["text"][-5:])
    assert [r["partialFingerprints"]["kharonMention/v1"] for r in run["results"][1:]] == [
        fingerprint("mini:11462", "kataib hizballah", 1),
        fingerprint("mini:10481", "soleimani", 1),
    ]
    assert run["properties"]["summary"]["hits"] == 3
    assert [info["id"] for info in run["properties"]["lists"]] == ["mini"]


def test_sarif_uris(runner: CliRunner, workdir: Path) -> None:
    odd = os.fsdecode(b"caf\xe9 #1,a:b.txt")
    (workdir / "sub").mkdir()
    (workdir / "sub" / odd).write_text("Hamas")
    _, doc = sarif(runner, "brief.txt", str(workdir / "sub" / odd), os.path.join("sub", odd))
    uris = list(
        dict.fromkeys(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]
        )
    )
    assert uris == [
        "brief.txt",
        (workdir / "sub").as_uri() + "/caf%E9%20%231%2Ca%3Ab.txt",
        "sub/caf%E9%20%231%2Ca%3Ab.txt",
    ]
    # RFC 3986 characters only: whatever the file name held is percent-encoded.
    assert all(re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", uri) for uri in uris)
    code, doc = sarif(runner, "-", input="The ISIS cell and Hamas.")
    assert code == 1
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]] == [
        "stdin",
        "stdin",
    ]


def test_sarif_error_and_skipped_inputs(runner: CliRunner, workdir: Path) -> None:
    (workdir / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01 Hamas")
    code, doc = sarif(runner, "missing.txt", "scan.txt", "brief.txt")
    assert code == 2
    [invocation] = doc["runs"][0]["invocations"]
    assert invocation == {
        "executionSuccessful": False,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": "no such file or directory"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "missing.txt"}}}],
                "descriptor": {"id": "input-error"},
            },
            {
                "level": "warning",
                "message": {"text": "skipped: binary file (PDF document)"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "scan.txt"}}}],
                "descriptor": {"id": "input-skipped"},
            },
        ],
    }
    assert len(doc["runs"][0]["results"]) == 3
    # Skipped alone is not a failed execution.
    code, doc = sarif(runner, "scan.txt")
    assert code == 0
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_suppressed_hits_and_fingerprint_counting(runner: CliRunner, workdir: Path) -> None:
    (workdir / "allow.yaml").write_text("allow:\n  - entity: mini:8759\n    reason: reviewed, a historical piece\n")
    (workdir / "cells.txt").write_text("ISIS and Hamas.\nThen ISIS again, and HAMAS.\n")
    code, doc = sarif(runner, "--allow", "allow.yaml", "cells.txt")
    assert code == 1
    [run] = doc["runs"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["mini:4001", "mini:8759"]
    assert [
        (r["ruleId"], r["ruleIndex"], r["partialFingerprints"]["kharonMention/v1"], r.get("suppressions"))
        for r in run["results"]
    ] == [
        (
            "mini:8759",
            1,
            fingerprint("mini:8759", "isis", 1),
            [{"kind": "external", "status": "accepted", "justification": "reviewed, a historical piece"}],
        ),
        ("mini:4001", 0, fingerprint("mini:4001", "hamas", 1), None),
        (
            "mini:8759",
            1,
            fingerprint("mini:8759", "isis", 2),
            [{"kind": "external", "status": "accepted", "justification": "reviewed, a historical piece"}],
        ),
        ("mini:4001", 0, fingerprint("mini:4001", "hamas", 2), None),
    ]
    assert run["properties"]["summary"]["suppressed"] == 2


def test_sarif_fingerprint_survives_reflow_and_case(runner: CliRunner, workdir: Path) -> None:
    (workdir / "reflowed.txt").write_text("A new paragraph first.\n\nThen KATA'IB HIZBALLAH envoys.")
    _, before = sarif(runner, "brief.txt")
    _, after = sarif(runner, "reflowed.txt")
    [old] = [r for r in before["runs"][0]["results"] if r["ruleId"] == "mini:11462"]
    [new] = after["runs"][0]["results"]
    assert old["partialFingerprints"] == new["partialFingerprints"]
    assert old["locations"] != new["locations"]


# --- github ----------------------------------------------------------------------------------------------------


def test_github_commands(runner: CliRunner, workdir: Path) -> None:
    result = scan(runner, "github", "brief.txt")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout == (
        "::warning file=brief.txt,line=1,col=14,endLine=1,endColumn=29,title=mini%3A10481 SOLEIMANI%2C Qasem"
        '::"Qasem Soleimani" matches SOLEIMANI, Qasem (mini:10481, person; SDGT, IRGC), reordered match, score 95\n'
        # Across a line break: GitHub takes columns only on one line, so there are none.
        "::warning file=brief.txt,line=1,endLine=2,title=mini%3A11462 KATA'IB HIZBALLAH"
        '::"Kata’ib Hizballah" matches KATA\'IB HIZBALLAH (mini:11462, organization; FTO, SDGT), normalized match,'
        " score 98\n"
        "::warning file=brief.txt,line=3,col=1,endLine=3,endColumn=10,title=mini%3A10481 SOLEIMANI%2C Qasem"
        '::"Soleimani" matches SOLEIMANI, Qasem (mini:10481, person; SDGT, IRGC), followup match, score 90\n'
        "::notice title=kharon::3 hits; 2 entities; 1/1 file with hits. Lists: mini (2024-05-03).\n"
    )


def test_github_escapes_paths_and_reports_errors(runner: CliRunner, workdir: Path) -> None:
    hostile = "50%,a:b\n::error::forged.txt"
    (workdir / hostile).write_text("Hamas")
    (workdir / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01 Hamas")
    non_utf8 = os.fsdecode(b"caf\xe9.txt")
    (workdir / non_utf8).write_text("ISIS")
    result = scan(runner, "github", hostile, "gone\r.txt", "scan.txt", non_utf8)
    assert result.exit_code == 2
    assert result.stdout.split("\n") == [
        "::warning file=50%25%2Ca%3Ab%0A%3A%3Aerror%3A%3Aforged.txt,line=1,col=1,endLine=1,endColumn=6,"
        'title=mini%3A4001 HAMAS::"Hamas" matches HAMAS (mini:4001, organization), exact match, score 100',
        "::error file=gone%0D.txt,title=Unreadable input::no such file or directory",
        "::notice file=scan.txt,title=Skipped input::binary file (PDF document)",
        "::warning file=caf\\xe9.txt,line=1,col=1,endLine=1,endColumn=5,"
        'title=mini%3A8759 ISLAMIC STATE OF IRAQ AND THE LEVANT::"ISIS" matches ISLAMIC STATE OF IRAQ AND THE LEVANT'
        " (mini:8759, organization), exact match, score 100",
        "::notice title=kharon::2 hits; 2 entities; 2/4 files with hits; 1 skipped; 1 error. Lists: mini (2024-05-03).",
        "",
    ]


def test_github_stdin_has_no_file(runner: CliRunner) -> None:
    result = scan(runner, "github", "-", input="Hamas%\r")
    assert result.stdout.splitlines() == [
        '::warning line=1,col=1,endLine=1,endColumn=6,title=mini%3A4001 HAMAS::"Hamas" matches HAMAS (mini:4001,'
        " organization), exact match, score 100",
        "::notice title=kharon::1 hit; 1 entity; 1/1 file with hits. Lists: mini (2024-05-03).",
    ]


# --- csv -------------------------------------------------------------------------------------------------------

HEADER = "path,line,column,start,end,entity_id,list,entity_name,entity_type,programs,text,alias,alias_kind,method,score"


def test_csv_rows(runner: CliRunner, workdir: Path) -> None:
    result = scan(runner, "csv", "brief.txt")
    assert result.exit_code == 1
    assert result.stderr == ""
    # stdout_bytes: CliRunner's stdout turns CRLF into LF.
    assert result.stdout_bytes.decode("utf-8") == (
        f"{HEADER}\r\n"
        'brief.txt,1,14,13,28,mini:10481,mini,"SOLEIMANI, Qasem",person,SDGT;IRGC,Qasem Soleimani,'
        '"SOLEIMANI, Qasem",primary,reordered,95.0\r\n'
        'brief.txt,1,38,37,54,mini:11462,mini,KATA\'IB HIZBALLAH,organization,FTO;SDGT,"Kata’ib\nHizballah",'
        "KATA'IB HIZBALLAH,primary,normalized,98.0\r\n"
        'brief.txt,3,1,63,72,mini:10481,mini,"SOLEIMANI, Qasem",person,SDGT;IRGC,Soleimani,'
        '"SOLEIMANI, Qasem",primary,followup,90.0\r\n'
    )
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline="")))
    assert rows[0] == HEADER.split(",")
    assert [row[10] for row in rows[1:]] == ["Qasem Soleimani", "Kata’ib\nHizballah", "Soleimani"]


def test_csv_quotes_commas_and_newlines_round_trip(runner: CliRunner, workdir: Path) -> None:
    (workdir / "odd.yaml").write_text(
        'list: {id: odd, name: Odd names}\nentities:\n  - id: "1"\n    name: \'THE "RED", BLUE CO\'\n'
        "    programs: [A, B]\n",
        encoding="utf-8",
    )
    name = 'say "hi", then\nleave.txt'
    (workdir / name).write_text('Shares in The "Red",\nBlue Co fell.', encoding="utf-8")
    result = runner.invoke(app, ["scan", "--list", "odd.yaml", "--format", "csv", name])
    assert result.exit_code == 1
    [header, row] = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline="")))
    assert dict(zip(header, row, strict=True)) == {
        "path": name,
        "line": "1",
        "column": "11",
        "start": "10",
        "end": "28",
        "entity_id": "odd:1",
        "list": "odd",
        "entity_name": 'THE "RED", BLUE CO',
        "entity_type": "organization",
        "programs": "A;B",
        "text": 'The "Red",\nBlue Co',
        "alias": 'THE "RED", BLUE CO',
        "alias_kind": "primary",
        "method": "exact",
        "score": "100.0",
    }


def test_csv_formula_guard(runner: CliRunner, workdir: Path) -> None:
    (workdir / "evil.yaml").write_text(
        "list: {id: evil, name: Hostile names}\nentities:\n"
        "  - id: \"1\"\n    name: \"=cmd|' /C calc'!A0\"\n    aliases: ['@SUM(1+1)', '-2+3 TRADING']\n",
        encoding="utf-8",
    )
    path = "+1 pasted.txt"
    (workdir / path).write_text("Pasted: =cmd|' /C calc'!A0 and @SUM(1+1) and -2+3 Trading.\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", "--list", "evil.yaml", "--format", "csv", path])
    assert result.exit_code == 1
    assert result.stdout_bytes.decode("utf-8").split("\r\n") == [
        HEADER,
        "'+1 pasted.txt,1,10,9,26,evil:1,evil,'=cmd|' /C calc'!A0,organization,,cmd|' /C calc'!A0,"
        "'=cmd|' /C calc'!A0,primary,normalized,98.0",
        "'+1 pasted.txt,1,33,32,39,evil:1,evil,'=cmd|' /C calc'!A0,organization,,SUM(1+1,'@SUM(1+1),aka,"
        "normalized,98.0",
        "'+1 pasted.txt,1,47,46,57,evil:1,evil,'=cmd|' /C calc'!A0,organization,,2+3 Trading,'-2+3 TRADING,aka,"
        "normalized,98.0",
        "",
    ]
    assert [cell(s) for s in ("=1", "+1", "-1", "@x", "\tx", "\rx", "a=1", "", "'x")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "a=1",
        "",
        "'x",
    ]


def test_csv_stdin_and_non_utf8_path(runner: CliRunner, workdir: Path) -> None:
    result = scan(runner, "csv", "-", input="Hamas")
    assert result.stdout_bytes.decode("utf-8").split("\r\n")[1].startswith("'-,1,1,0,5,mini:4001,")
    non_utf8 = os.fsdecode(b"caf\xe9.txt")
    (workdir / non_utf8).write_text("Hamas")
    result = scan(runner, "csv", non_utf8)
    assert result.stdout_bytes.decode("utf-8").split("\r\n")[1].startswith("caf\\xe9.txt,1,1,0,5,mini:4001,")


# --- exit codes and empty runs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "github", "csv"])
def test_exit_codes(runner: CliRunner, workdir: Path, fmt: str) -> None:
    (workdir / "clean.txt").write_text(CLEAN)
    assert scan(runner, fmt, "brief.txt").exit_code == 1
    assert scan(runner, fmt, "brief.txt", "--exit-zero").exit_code == 0
    clean = scan(runner, fmt, "clean.txt")
    assert clean.exit_code == 0
    assert scan(runner, fmt, "clean.txt", "missing.txt").exit_code == 2
    if fmt == "csv":
        assert clean.stdout_bytes == f"{HEADER}\r\n".encode()
    elif fmt == "github":
        assert (
            clean.stdout == "::notice title=kharon::0 hits; 0 entities; 0/1 file with hits. Lists: mini (2024-05-03).\n"
        )
    else:
        doc = json.loads(clean.stdout)
        validate_sarif(doc)
        assert doc["runs"][0]["results"] == []


@pytest.mark.parametrize("fmt", ["sarif", "github", "csv"])
def test_output_is_the_same_for_any_number_of_jobs(runner: CliRunner, workdir: Path, fmt: str) -> None:
    for i in range(6):
        (workdir / f"n{i}.txt").write_text(ARTICLE if i % 2 else CLEAN)
    outputs = {scan(runner, fmt, "--jobs", jobs, ".").stdout_bytes for jobs in ("1", "2", "3")}
    assert len(outputs) == 1
