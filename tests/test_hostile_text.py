"""Hostile article text through ``kharon scan``: binary files, encodings, names broken over lines, markup and
terminal escapes.

The contract under test: every input gets a status (``ok`` or ``skipped`` with a reason), every hit's offsets
slice the decoded text to exactly its ``text``, a warning says so whenever bytes were replaced or reinterpreted,
JSON is always valid UTF-8, and the table never lets article text restyle the terminal.

Tests marked ``xfail(strict=True)`` are bugs found while writing this file (see each reason).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli.cli import app

KHARON = Path(sys.executable).with_name("kharon")
FOOTER = "Lists: mini (2024-05-03)."
RULE = "─"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})


def write(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def scan_json(runner: CliRunner, path: Path) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["scan", "--list", str(MINI), "--format", "json", str(path)])
    return result.exit_code, json.loads(result.stdout), result.stderr


def scan_table(runner: CliRunner, path: Path) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["scan", "--list", str(MINI), str(path)])
    return result.exit_code, [line.rstrip() for line in result.stdout.splitlines()], result.stdout


def hit_rows(doc: dict, decoded: str) -> list[tuple[str, str, str, float, int, int, int, int]]:  # type: ignore[type-arg]
    """(entity, text, method, score, start, end, line, column) of each hit, checking the offset contract."""
    [f] = doc["files"]
    rows = []
    for h in f["hits"]:
        assert decoded[h["start"] : h["end"]] == h["text"]
        before = decoded[: h["start"]]
        assert (h["line"], h["column"]) == (before.count("\n") + 1, h["start"] - (before.rfind("\n") + 1) + 1)
        rows.append(
            (h["entity"]["id"], h["text"], h["method"], h["score"], h["start"], h["end"], h["line"], h["column"])
        )
    return rows


def table(path: Path, header: str, *rows: str, hits: int = 1) -> list[str]:
    """The whole table output for one file with ``hits`` hits on distinct entities."""
    summary = f"{hits} hit{'s' * (hits != 1)}; {hits} entit{'ies' if hits != 1 else 'y'}; 1/1 file with hits."
    return [str(path), header, RULE * len(header), *rows, f"{summary} {FOOTER}"]


def inert_stdout(stdout: str) -> None:
    """No control or format character in table output but the line breaks: nothing for a terminal to obey."""
    bad = sorted({c for c in stdout if c != "\n" and unicodedata.category(c) in ("Cc", "Cf")})
    assert bad == []


# --------------------------------------------------------------------------------------------- binary


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", "Hamas said.")
    return buf.getvalue()


BINARY = [
    pytest.param(b"Officials of Hamas\x00 said", "binary file (contains NUL bytes)", id="nul"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR Hamas", "binary file (PNG image)", id="png"),
    pytest.param(b"%PDF-1.7\n% Hamas\n1 0 obj\n", "binary file (PDF document)", id="pdf"),
    pytest.param(gzip.compress(b"Hamas said.", mtime=0), "binary file (gzip archive)", id="gzip"),
    pytest.param(_zip(), "binary file (ZIP archive (or Office document))", id="zip"),
]


@pytest.mark.parametrize(("data", "reason"), BINARY)
def test_binary_input_is_skipped_in_json(runner: CliRunner, tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, data)
    code, doc, stderr = scan_json(runner, path)
    assert (code, stderr) == (0, "")
    assert doc["files"] == [
        {
            "path": str(path),
            "status": "skipped",
            "message": reason,
            "warnings": [],
            "suppressed": [],
            "baselined": 0,
            "hits": [],
        }
    ]
    assert doc["summary"] == {
        "files": 1,
        "files_with_hits": 0,
        "hits": 0,
        "entities": 0,
        "errors": 0,
        "skipped": 1,
        "suppressed": 0,
        "baselined": 0,
    }


@pytest.mark.parametrize(("data", "reason"), BINARY)
def test_binary_input_is_skipped_in_the_table(runner: CliRunner, tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, data)
    code, lines, stdout = scan_table(runner, path)
    assert code == 0
    assert lines == [f"{path}  skipped: {reason}", f"0 hits; 0 entities; 0/1 file with hits; 1 skipped. {FOOTER}"]
    inert_stdout(stdout)


def test_a_binary_input_does_not_stop_the_others(runner: CliRunner, tmp_path: Path) -> None:
    png = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00Hamas", "a.txt")
    text = write(tmp_path, b"Hamas said.", "b.txt")
    result = runner.invoke(app, ["scan", "--list", str(MINI), "--format", "json", str(png), str(text)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [(f["path"], f["status"], f["message"], len(f["hits"])) for f in doc["files"]] == [
        (str(png), "skipped", "binary file (PNG image)", 0),
        (str(text), "ok", None, 1),
    ]
    assert (doc["summary"]["skipped"], doc["summary"]["hits"]) == (1, 1)


# ------------------------------------------------------------------------------------------ encodings

BODY = "Officials of Kata’ib Hizballah met in Baghdad.\n"
KH = ("mini:11462", "Kata’ib Hizballah", "normalized", 98.0)


def _utf16_lone_surrogate() -> bytes:
    return b"\xff\xfe" + "Café; ".encode("utf-16-le") + b"\x00\xd8" + BODY.encode("utf-16-le")


MOSTLY_UTF8 = "Café owners, déjà vu: ".encode() + b"\xff\xfe " + BODY.encode()
CP1252 = b"The \x93militia\x94 Kata\x92ib Hizballah met in Baghdad.\n"

ENCODINGS = [
    # (bytes, the text kharon must have decoded, its warnings)
    pytest.param(BODY.encode("utf-8"), BODY, [], id="utf-8"),
    pytest.param(b"\xef\xbb\xbf" + BODY.encode("utf-8"), BODY, [], id="utf-8-bom"),
    pytest.param(b"\xff\xfe" + BODY.encode("utf-16-le"), BODY, [], id="utf-16-le-bom"),
    pytest.param(b"\xfe\xff" + BODY.encode("utf-16-be"), BODY, [], id="utf-16-be-bom"),
    pytest.param(BODY.encode("utf-32"), BODY, [], id="utf-32-le-bom"),
    pytest.param(b"\x00\x00\xfe\xff" + BODY.encode("utf-32-be"), BODY, [], id="utf-32-be-bom"),
    pytest.param(
        MOSTLY_UTF8,
        MOSTLY_UTF8.decode("utf-8", errors="replace"),
        ["2 invalid UTF-8 byte sequence(s) replaced with U+FFFD"],
        id="invalid-bytes-in-utf-8",
    ),
    pytest.param(
        b"\xef\xbb\xbfCaf\xc3 " + BODY.encode(),
        "Caf\ufffd " + BODY,
        ["invalid utf-8 bytes replaced with U+FFFD"],
        id="invalid-bytes-after-utf-8-bom",
    ),
    pytest.param(
        _utf16_lone_surrogate(),
        "Café; \ufffd" + BODY,
        ["invalid utf-16-le bytes replaced with U+FFFD"],
        id="lone-surrogate-in-utf-16",
    ),
    pytest.param(
        CP1252,
        "The “militia” Kata’ib Hizballah met in Baghdad.\n",
        ["not valid UTF-8; decoded as Windows-1252"],
        id="windows-1252",
    ),
]


@pytest.mark.parametrize(("data", "decoded", "warnings"), ENCODINGS)
def test_encodings_find_the_name_with_valid_offsets_and_honest_warnings(
    runner: CliRunner, tmp_path: Path, data: bytes, decoded: str, warnings: list[str]
) -> None:
    path = write(tmp_path, data)
    code, doc, stderr = scan_json(runner, path)
    assert code == 1
    [f] = doc["files"]
    assert (f["status"], f["message"], f["warnings"]) == ("ok", None, warnings)
    assert stderr == "".join(f"kharon: warning: {path}: {w}\n" for w in warnings)
    start = decoded.index("Kata’ib")
    assert hit_rows(doc, decoded) == [(*KH, start, start + 17, 1, start + 1)]


@pytest.mark.parametrize(("data", "decoded", "warnings"), ENCODINGS)
def test_table_shows_the_warning_for_replaced_bytes(
    runner: CliRunner, tmp_path: Path, data: bytes, decoded: str, warnings: list[str]
) -> None:
    path = write(tmp_path, data)
    code, lines, stdout = scan_table(runner, path)
    assert code == 1
    column = decoded.index("Kata’ib") + 1
    assert lines == [
        *(f"{path}  warning: {w}" for w in warnings),
        *table(
            path,
            "Entity              Programs   Mention             Match           Line:Col",
            f"KATA'IB HIZBALLAH   FTO SDGT   Kata’ib Hizballah   normalized 98   {f'1:{column}':>8}",
            "mini:11462 org",
        ),
    ]
    inert_stdout(stdout)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table"])
def test_output_is_strict_utf8_from_a_real_process_under_a_hostile_locale(tmp_path: Path, fmt: str) -> None:
    if not KHARON.exists():
        pytest.skip(f"no kharon console script beside {sys.executable}")
    files = [
        write(tmp_path, CP1252, "cp1252.txt"),
        write(tmp_path, MOSTLY_UTF8, "mostly-utf8.txt"),
        write(tmp_path, _utf16_lone_surrogate(), "utf16.txt"),
        write(tmp_path, "Ḥamās? No: Hamas — and ISIS 🙂 \u202e\n".encode(), "unicode.txt"),
    ]
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii", "COLUMNS": "80", "NO_COLOR": "1"}
    proc = subprocess.run(
        [str(KHARON), "scan", "--list", str(MINI), "--format", fmt, *map(str, files)],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    stdout = proc.stdout.decode("utf-8", errors="strict")
    stderr = proc.stderr.decode("utf-8", errors="strict")
    assert "Traceback" not in stderr
    # Real characters, not the backslash escapes an ASCII stdout would have forced.
    assert "Kata’ib Hizballah" in stdout and "\\u2019" not in stdout
    if fmt == "json":
        doc = json.loads(stdout)
        texts = [h["text"] for f in doc["files"] for h in f["hits"]]
        assert texts == ["Kata’ib Hizballah", "Kata’ib Hizballah", "Kata’ib Hizballah", "Ḥamās", "Hamas", "ISIS"]
    elif fmt == "jsonl":
        assert [json.loads(line)["text"] for line in stdout.splitlines()][-3:] == ["Ḥamās", "Hamas", "ISIS"]
    else:
        inert_stdout(stdout)


# ------------------------------------------------------------------------------------- empty and blank


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b" \n\t\r\n  ", id="whitespace"),
        pytest.param(b"\n" * 500, id="newlines"),
        pytest.param("\u00a0\u2003\u3000\n".encode(), id="unicode-spaces"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
        pytest.param(b"\xff\xfe", id="utf-16-bom-only"),
    ],
)
def test_empty_and_blank_files_are_ok_with_no_hits(runner: CliRunner, tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    code, doc, stderr = scan_json(runner, path)
    assert (code, stderr) == (0, "")
    assert doc["files"] == [
        {
            "path": str(path),
            "status": "ok",
            "message": None,
            "warnings": [],
            "suppressed": [],
            "baselined": 0,
            "hits": [],
        }
    ]
    code, lines, _ = scan_table(runner, path)
    assert (code, lines) == (0, [f"0 hits; 0 entities; 0/1 file with hits. {FOOTER}"])


# ----------------------------------------------------------------------------- names over line breaks


KH_HEADER = "Entity              Programs   Mention             Match       Line:Col"

SPLIT_NAMES = [
    # (text, the hit, the table below its rule). Line breaks and tabs show as spaces in the table.
    pytest.param(
        "by Kata'ib\nHizballah.",
        ("mini:11462", "Kata'ib\nHizballah", "exact", 100.0, 3, 20, 1, 4),
        [KH_HEADER, "KATA'IB HIZBALLAH   FTO SDGT   Kata'ib Hizballah   exact 100        1:4", "mini:11462 org"],
        id="newline",
    ),
    pytest.param(
        "by Kata'ib\r\nHizballah.",
        ("mini:11462", "Kata'ib\r\nHizballah", "exact", 100.0, 3, 21, 1, 4),
        [
            "Entity              Programs   Mention              Match       Line:Col",
            "KATA'IB HIZBALLAH   FTO SDGT   Kata'ib  Hizballah   exact 100        1:4",
            "mini:11462 org",
        ],
        id="crlf",
    ),
    pytest.param(
        "by Kata'ib  \t Hizballah.",
        ("mini:11462", "Kata'ib  \t Hizballah", "exact", 100.0, 3, 23, 1, 4),
        [
            "Entity              Programs   Mention                Match       Line:Col",
            "KATA'IB HIZBALLAH   FTO SDGT   Kata'ib    Hizballah   exact 100        1:4",
            "mini:11462 org",
        ],
        id="spaces-and-tab",
    ),
    pytest.param(
        "by Kata’ib \r\n\tHizballah",
        ("mini:11462", "Kata’ib \r\n\tHizballah", "normalized", 98.0, 3, 23, 1, 4),
        [
            "Entity              Programs   Mention                Match           Line:Col",
            "KATA'IB HIZBALLAH   FTO SDGT   Kata’ib    Hizballah   normalized 98        1:4",
            "mini:11462 org",
        ],
        id="space-crlf-tab",
    ),
    pytest.param(
        "line one\r\nThe Kata'ib\r\nHizballah said\r\n",
        ("mini:11462", "Kata'ib\r\nHizballah", "exact", 100.0, 14, 32, 2, 5),
        [
            "Entity              Programs   Mention              Match       Line:Col",
            "KATA'IB HIZBALLAH   FTO SDGT   Kata'ib  Hizballah   exact 100        2:5",
            "mini:11462 org",
        ],
        id="crlf-file-second-line",
    ),
    pytest.param(
        "Qasem\nSoleimani spoke",
        ("mini:10481", "Qasem\nSoleimani", "reordered", 95.0, 0, 15, 1, 1),
        [
            "Entity              Programs    Mention           Match          Line:Col",
            "SOLEIMANI, Qasem    SDGT IRGC   Qasem Soleimani   reordered 95        1:1",
            "mini:10481 person",
        ],
        id="person-natural-order",
    ),
    pytest.param(
        "Soleimani,\nQasem spoke",
        ("mini:10481", "Soleimani,\nQasem", "exact", 100.0, 0, 16, 1, 1),
        [
            "Entity              Programs    Mention            Match       Line:Col",
            "SOLEIMANI, Qasem    SDGT IRGC   Soleimani, Qasem   exact 100        1:1",
            "mini:10481 person",
        ],
        id="person-list-order",
    ),
    pytest.param(
        "now Jabhat Fatah\tal-Sham",
        ("mini:16937", "Jabhat Fatah\tal-Sham", "exact", 100.0, 4, 24, 1, 5),
        [
            "Entity            Programs   Mention                Match       Line:Col",
            "AL-NUSRAH FRONT              Jabhat Fatah al-Sham   exact 100        1:5",
            "mini:16937 org",
        ],
        id="tab-in-alias",
    ),
    pytest.param(
        "the ISLAMIC REVOLUTIONARY\r\n   GUARD CORPS said",
        ("mini:10391", "ISLAMIC REVOLUTIONARY\r\n   GUARD CORPS", "exact", 100.0, 4, 41, 1, 5),
        [
            "Entity                 Programs   Mention                   Match       Line:Col",
            "ISLAMIC                           ISLAMIC REVOLUTIONARY     exact 100        1:5",
            "REVOLUTIONARY GUARD               GUARD CORPS",
            "CORPS",
            "mini:10391 org",
        ],
        id="crlf-and-indent",
    ),
]


@pytest.mark.parametrize(("text", "hit", "rows"), SPLIT_NAMES)
def test_names_split_over_lines_and_spaces_are_found_with_exact_offsets(
    runner: CliRunner,
    tmp_path: Path,
    text: str,
    hit: tuple,  # type: ignore[type-arg]
    rows: list[str],
) -> None:
    path = write(tmp_path, text.encode())
    code, doc, _ = scan_json(runner, path)
    assert code == 1
    assert hit_rows(doc, text) == [hit]
    code, lines, stdout = scan_table(runner, path)
    assert (code, lines) == (1, table(path, *rows))
    inert_stdout(stdout)


# ------------------------------------------------------------------------------- markup and escapes

MARKUP_AND_ESCAPES = [
    # (text, hits as (entity, text, start), the table below its rule)
    pytest.param(
        "[bold]Hamas[/] and [link=https://x]ISIS[/link] said",
        [("mini:4001", "Hamas", 6), ("mini:8759", "ISIS", 35)],
        [
            "Entity                                 Programs   Mention   Match       Line:Col",
            "HAMAS                                             Hamas     exact 100        1:7",
            "mini:4001 org",
            "ISLAMIC STATE OF IRAQ AND THE LEVANT              ISIS      exact 100       1:36",
            "mini:8759 org",
        ],
        id="rich-markup-around",
    ),
    pytest.param(
        "Kata'ib [/]Hizballah [red on white]said[/red on white]",
        [("mini:11462", "Kata'ib [/]Hizballah", 0)],
        [
            "Entity              Programs   Mention                Match           Line:Col",
            "KATA'IB HIZBALLAH   FTO SDGT   Kata'ib [/]Hizballah   normalized 98        1:1",
            "mini:11462 org",
        ],
        id="rich-markup-inside",
    ),
    pytest.param(
        "\x1b[31mHamas\x1b[0m said",
        [("mini:4001", "Hamas", 5)],
        [
            "Entity          Programs   Mention   Match       Line:Col",
            "HAMAS                      Hamas     exact 100        1:6",
            "mini:4001 org",
        ],
        id="ansi-colour-around",
    ),
    pytest.param(
        "\x1b[1mKata'ib\x1b[0m Hizballah said",
        [("mini:11462", "Kata'ib\x1b[0m Hizballah", 4)],
        [
            "Entity             Programs   Mention                   Match           Line:Col",
            "KATA'IB            FTO SDGT   Kata'ib\\x1b[0m            normalized 98        1:5",
            "HIZBALLAH                     Hizballah",
            "mini:11462 org",
        ],
        id="ansi-inside",
    ),
    pytest.param(
        "\x1b]8;;https://x\x1b\\Hamas\x1b]8;;\x1b\\ said",
        [("mini:4001", "Hamas", 16)],
        [
            "Entity          Programs   Mention   Match       Line:Col",
            "HAMAS                      Hamas     exact 100       1:17",
            "mini:4001 org",
        ],
        id="osc8-hyperlink-around",
    ),
    pytest.param(
        "Kata'ib\x07Hizballah and ISIS\x08\x08\x08 said",
        [("mini:11462", "Kata'ib\x07Hizballah", 0), ("mini:8759", "ISIS", 22)],
        [
            "Entity                    Programs   Mention            Match           Line:Col",
            "KATA'IB HIZBALLAH         FTO SDGT   Kata'ib\\x07Hizba   normalized 98        1:1",
            "mini:11462 org                       llah",
            "ISLAMIC STATE OF IRAQ                ISIS               exact 100           1:23",
            "AND THE LEVANT",
            "mini:8759 org",
        ],
        id="bel-and-backspace",
    ),
    pytest.param(
        "Kata'ib\x9bHizballah said",
        [("mini:11462", "Kata'ib\x9bHizballah", 0)],
        [
            "Entity              Programs   Mention                Match           Line:Col",
            "KATA'IB HIZBALLAH   FTO SDGT   Kata'ib\\x9bHizballah   normalized 98        1:1",
            "mini:11462 org",
        ],
        id="c1-csi-between",
    ),
    pytest.param(
        "Kata'ib \u202eHizballah\u202c said",
        [("mini:11462", "Kata'ib \u202eHizballah", 0)],
        [
            "Entity              Programs   Mention                  Match           Line:Col",
            "KATA'IB HIZBALLAH   FTO SDGT   Kata'ib                  normalized 98        1:1",
            "mini:11462 org                 \\u202eHizballah",
        ],
        id="bidi-override-inside",
    ),
    pytest.param(
        "\u202eHamas\u202c \u2066ISIS\u2069",
        [("mini:4001", "Hamas", 1), ("mini:8759", "ISIS", 9)],
        [
            "Entity                                 Programs   Mention   Match       Line:Col",
            "HAMAS                                             Hamas     exact 100        1:2",
            "mini:4001 org",
            "ISLAMIC STATE OF IRAQ AND THE LEVANT              ISIS      exact 100       1:10",
            "mini:8759 org",
        ],
        id="bidi-isolates-around",
    ),
]


@pytest.mark.parametrize(("text", "hits", "rows"), MARKUP_AND_ESCAPES)
def test_json_keeps_markup_and_escapes_exactly(
    runner: CliRunner, tmp_path: Path, text: str, hits: list[tuple[str, str, int]], rows: list[str]
) -> None:
    path = write(tmp_path, text.encode())
    code, doc, stderr = scan_json(runner, path)
    assert (code, stderr) == (1, "")
    assert [(entity, surface, start) for entity, surface, _, _, start, *_ in hit_rows(doc, text)] == hits


@pytest.mark.parametrize(("text", "hits", "rows"), MARKUP_AND_ESCAPES)
def test_table_shows_markup_and_escapes_inert(
    runner: CliRunner, tmp_path: Path, text: str, hits: list[tuple[str, str, int]], rows: list[str]
) -> None:
    path = write(tmp_path, text.encode())
    code, lines, stdout = scan_table(runner, path)
    assert (code, lines) == (1, table(path, *rows, hits=len(hits)))
    inert_stdout(stdout)


def test_list_names_with_markup_and_escapes_are_inert_too(runner: CliRunner, tmp_path: Path) -> None:
    # A list from another team can carry ESC (YAML's "\e") and rich markup in names, ids and programmes.
    lst = tmp_path / "odd.yaml"
    lst.write_text(
        'list: {id: odd, name: "[bold]Odd[/] \\e[31mlist", published: 2024-05-03}\n'
        'entities:\n  - {id: "[b]1", name: "HAMAS\\e[0m [/]", programs: ["[red]X"]}\n',
        encoding="utf-8",
    )
    path = write(tmp_path, b"Hamas said")
    result = runner.invoke(app, ["scan", "--list", str(lst), str(path)])
    assert result.exit_code == 1
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        *table(
            path,
            "Entity             Programs   Mention   Match           Line:Col",
            "HAMAS\\x1b[0m [/]   [red]X     Hamas     normalized 98        1:1",
            "odd:[b]1 org",
        )[:-1],
        "1 hit; 1 entity; 1/1 file with hits. Lists: odd (2024-05-03).",
    ]
    inert_stdout(result.stdout)


# --------------------------------------------------------------------------------- bugs found on the way


def test_unterminated_osc_does_not_swallow_the_rest_of_the_text(runner: CliRunner, tmp_path: Path) -> None:
    text = "Copied from a terminal \x1b]0;title\nLater, Hamas said.\nAnd ISIS too.\n"
    path = write(tmp_path, text.encode())
    _, doc, _ = scan_json(runner, path)
    assert [(h["text"], h["line"]) for h in doc["files"][0]["hits"]] == [("Hamas", 2), ("ISIS", 3)]


def test_c1_csi_before_a_name_is_an_escape_like_esc_bracket(runner: CliRunner, tmp_path: Path) -> None:
    text = "\x9b31mKata'ib Hizballah\x9b0m said"
    path = write(tmp_path, text.encode())
    _, doc, _ = scan_json(runner, path)
    assert [(h["text"], h["start"]) for h in doc["files"][0]["hits"]] == [("Kata'ib Hizballah", 4)]


def test_osc8_hyperlink_between_the_words_of_a_name(runner: CliRunner, tmp_path: Path) -> None:
    text = "Kata'ib \x1b]8;;https://example.org/x\x1b\\Hizballah\x1b]8;;\x1b\\ said"
    path = write(tmp_path, text.encode())
    _, doc, _ = scan_json(runner, path)
    assert [h["entity"]["id"] for h in doc["files"][0]["hits"]] == ["mini:11462"]
