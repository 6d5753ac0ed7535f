"""The command line end to end with typer's CliRunner: options, formats, exit codes, messages."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli import __version__
from kharon_cli.cli import app

ARTICLE = (
    "Officials said Qasem Soleimani met envoys of Kata’ib\nHizballah in Baghdad.\n"
    "Soleimani later left; [bold]nobody[/] commented.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "brief.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def scan_json(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["scan", "--list", str(MINI), "--format", "json", *args], input=input)
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_json_contract(runner: CliRunner, article: Path) -> None:
    code, doc, stderr = scan_json(runner, str(article))
    assert code == 1
    assert stderr == ""
    assert doc["kharon"] == __version__
    assert doc["lists"] == [
        {
            "id": "mini",
            "name": "Mini test list",
            "source": "https://example.org/mini",
            "published": "2024-05-03",
            "dates": {},
            "entities": 13,
            "aliases": 13,
            "sha256": hashlib.sha256(MINI.read_bytes()).hexdigest(),
        }
    ]
    [f] = doc["files"]
    assert (f["path"], f["status"], f["message"], f["warnings"]) == (str(article), "ok", None, [])
    assert f["hits"][0] == {
        "entity": {
            "id": "mini:10481",
            "list": "mini",
            "name": "SOLEIMANI, Qasem",
            "type": "person",
            "programs": ["SDGT", "IRGC"],
        },
        "text": "Qasem Soleimani",
        "alias": "SOLEIMANI, Qasem",
        "alias_kind": "primary",
        "method": "reordered",
        "score": 95.0,
        "start": 15,
        "end": 30,
        "line": 1,
        "column": 16,
    }
    assert [(h["entity"]["id"], h["text"], h["method"], h["line"], h["column"]) for h in f["hits"]] == [
        ("mini:10481", "Qasem Soleimani", "reordered", 1, 16),
        ("mini:11462", "Kata’ib\nHizballah", "normalized", 1, 46),
        ("mini:10481", "Soleimani", "followup", 3, 1),
    ]
    for h in f["hits"]:
        assert ARTICLE[h["start"] : h["end"]] == h["text"]
    assert doc["summary"] == {
        "files": 1,
        "files_with_hits": 1,
        "hits": 3,
        "entities": 2,
        "errors": 0,
        "skipped": 0,
        "suppressed": 0,
        "baselined": 0,
    }


def test_jsonl_one_object_per_hit(runner: CliRunner, article: Path) -> None:
    result = runner.invoke(app, ["scan", "-l", str(MINI), "-f", "jsonl", str(article)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["path"], r["entity"]["id"], r["text"]) for r in rows] == [
        (str(article), "mini:10481", "Qasem Soleimani"),
        (str(article), "mini:11462", "Kata’ib\nHizballah"),
        (str(article), "mini:10481", "Soleimani"),
    ]


def test_table_on_80_columns(runner: CliRunner, article: Path) -> None:
    result = runner.invoke(app, ["scan", "-l", str(MINI), str(article)])
    assert result.exit_code == 1
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert lines == [
        str(article),
        "Entity              Programs    Mention             Match           Line:Col",
        "─" * 76,
        "SOLEIMANI, Qasem    SDGT IRGC   Qasem Soleimani     reordered 95        1:16",
        "mini:10481 person",
        "KATA'IB HIZBALLAH   FTO SDGT    Kata’ib Hizballah   normalized 98       1:46",
        "mini:11462 org",
        "SOLEIMANI, Qasem    SDGT IRGC   Soleimani           followup 90          3:1",
        "mini:10481 person",
        "3 hits; 2 entities; 1/1 file with hits. Lists: mini (2024-05-03).",
    ]


def test_table_wraps_long_names_within_80_columns(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Officers of the ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE and ISIS.\n" * 3)
    result = runner.invoke(app, ["scan", "-l", str(MINI), str(path)])
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "mini:10465 org" in result.stdout  # ids are never broken across lines
    assert result.stdout.count("exact 100") == 6


def test_table_renders_markup_and_escapes_inert(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "[red]odd[red].txt"
    path.write_text("[bold]HAMAS[/bold] \x1b[31mHamas\x1b[0m\n")
    result = runner.invoke(app, ["scan", "-l", str(MINI), str(path)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "[red]odd[red].txt" in result.stdout
    assert "HAMAS" in result.stdout and "Hamas" in result.stdout


def test_no_hits_exit_zero_and_exit_zero_flag(runner: CliRunner, tmp_path: Path, article: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("Markets were calm on Monday.\n")
    code, doc, _ = scan_json(runner, str(clean))
    assert (code, doc["summary"]["hits"]) == (0, 0)
    result = runner.invoke(app, ["scan", "-l", str(MINI), "-f", "json", "--exit-zero", str(article)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["hits"] == 3


def test_unreadable_input_is_reported_and_others_still_scanned(
    runner: CliRunner, article: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    code, doc, stderr = scan_json(runner, str(missing), str(article))
    assert code == 2
    assert stderr == f"kharon: error: {missing}: no such file or directory\n"
    assert [(f["path"], f["status"], f["message"]) for f in doc["files"]] == [
        (str(missing), "error", "no such file or directory"),
        (str(article), "ok", None),
    ]
    assert doc["summary"]["errors"] == 1 and doc["summary"]["hits"] == 3


def test_stdin_when_no_path_and_with_dash(runner: CliRunner) -> None:
    for args in ([], ["-"]):
        code, doc, _ = scan_json(runner, *args, input="The ISIS cell and Hamas.")
        assert code == 1
        [f] = doc["files"]
        assert f["path"] == "-"
        assert [h["text"] for h in f["hits"]] == ["ISIS", "Hamas"]


def test_folder_recursion_include_exclude(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Hamas")
    (tmp_path / "a.md").write_text("ISIS")
    (tmp_path / "sub" / "c.txt").write_text("Hamas again")
    (tmp_path / "notes.csv").write_text("Hamas")
    _, doc, _ = scan_json(runner, str(tmp_path))
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in doc["files"]] == [
        "a.md",
        "b.txt",
        "sub/c.txt",
    ]
    _, doc, _ = scan_json(runner, "--include", "*.csv", "--include", "*.txt", "--exclude", "sub", str(tmp_path))
    assert [Path(f["path"]).name for f in doc["files"]] == ["b.txt", "notes.csv"]


def test_no_fuzzy_and_min_score(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("Qassem Soleimani and the al-Nusra Front and HAMAS")
    _, doc, _ = scan_json(runner, str(path))
    assert [h["method"] for h in doc["files"][0]["hits"]] == ["fuzzy", "fuzzy", "exact"]
    _, doc, _ = scan_json(runner, "--no-fuzzy", str(path))
    assert [h["text"] for h in doc["files"][0]["hits"]] == ["HAMAS"]
    _, doc, _ = scan_json(runner, "--min-score", "97", str(path))
    assert [h["text"] for h in doc["files"][0]["hits"]] == ["HAMAS"]


def test_binary_input_is_skipped(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01 Hamas")
    code, doc, _ = scan_json(runner, str(path))
    assert code == 0
    assert doc["files"] == [
        {
            "path": str(path),
            "status": "skipped",
            "message": "binary file (PDF document)",
            "warnings": [],
            "suppressed": [],
            "baselined": 0,
            "hits": [],
        }
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["scan", "--min-score", "120", "x"], "--min-score"),
        (["scan", "--format", "xml", "x"], "--format"),
        (["scan", "--bogus"], "--bogus"),
        (["scan", "-", "-"], "only be given once"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_broken_watchlist_is_one_line_exit_2(runner: CliRunner, tmp_path: Path, article: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("list: {id: x, name: y}\nentities:\n  - id: '1'\n    name: A\n    kind: weak\n")
    result = runner.invoke(app, ["scan", "--list", str(bad), str(article)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kharon: error: {bad}:5: unknown key 'kind' in entity "
        "(allowed: aliases, born, established, id, name, programs, type) (entity 1)\n"
    )
    assert result.stdout == ""


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"kharon {__version__}\n")


def test_no_cache_leaves_the_cache_alone(runner: CliRunner, article: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = runner.invoke(
        app, ["scan", "--no-cache", "-l", str(MINI), "-f", "json", str(article)], env={"KHARON_CACHE_DIR": str(cache)}
    )
    assert result.exit_code == 1
    assert not cache.exists()
    result = runner.invoke(
        app, ["scan", "-l", str(MINI), "-f", "json", str(article)], env={"KHARON_CACHE_DIR": str(cache)}
    )
    assert result.exit_code == 1
    assert len(list(cache.glob("matcher-*.bin"))) == 1


def test_no_path_and_a_terminal_on_stdin_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    from kharon_cli.cli import scan as cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    with pytest.raises(cli.typer.Exit) as exit_info:
        cli.scan(paths=None, list_paths=[MINI])
    assert exit_info.value.exit_code == 2
    assert capsys.readouterr().err == (
        "kharon: error: no input: give one or more PATHs, or pipe text on stdin (PATH '-')\n"
    )


@pytest.mark.parametrize("count", [60, 600])  # 600: a big scan (shared decoded tables, bigger batches)
def test_parallel_scan_output_is_identical_to_one_process(runner: CliRunner, tmp_path: Path, count: int) -> None:
    folder = tmp_path / "many"
    for i in range(count):
        sub = folder / f"d{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        text = ARTICLE if i % 3 == 0 else f"Nothing listed in note {i}.\n"
        (sub / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    (folder / "d1" / "binary.txt").write_bytes(b"\x00\x01\x02")
    (folder / "d2" / "broken.txt").symlink_to(folder / "nowhere")
    outputs = {}
    for jobs in ("1", "2", "3"):
        for fmt in ("json", "jsonl", "table"):
            result = runner.invoke(app, ["scan", "--list", str(MINI), "-f", fmt, "--jobs", jobs, str(folder)])
            assert result.exit_code == 2  # the broken link
            outputs[(jobs, fmt)] = (result.stdout, result.stderr)
    for fmt in ("json", "jsonl", "table"):
        assert outputs[("1", fmt)] == outputs[("2", fmt)] == outputs[("3", fmt)]
    doc = json.loads(outputs[("2", "json")][0])
    assert doc["summary"]["files"] == count + 2 and doc["summary"]["files_with_hits"] == count // 3
    assert [f["path"] for f in doc["files"]] == sorted(f["path"] for f in doc["files"])


@pytest.fixture
def two_articles(tmp_path: Path) -> Path:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text("HAMAS spoke. Kata'ib Hizballah too.\n", encoding="utf-8")
    return folder


def test_summary_rolls_up_entities_across_inputs(runner: CliRunner, two_articles: Path) -> None:
    result = runner.invoke(app, ["scan", "--list", str(MINI), "--summary", "-f", "json", str(two_articles)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    rows = [
        (e["entity"]["id"], e["files"], e["hits"], Path(e["first_path"]).name, e["methods"]) for e in doc["entities"]
    ]
    assert rows == [
        ("mini:10481", 1, 2, "a.txt", ["reordered", "followup"]),
        ("mini:11462", 2, 2, "a.txt", ["exact", "normalized"]),
        ("mini:4001", 1, 1, "b.txt", ["exact"]),
    ]
    assert doc["summary"]["hits"] == 5 and "files" not in doc
    table = runner.invoke(app, ["scan", "--list", str(MINI), "--summary", str(two_articles)])
    lines = [line.rstrip() for line in table.stdout.splitlines()]
    assert lines[0].split() == ["Entity", "Id", "Type", "Files", "Hits", "First", "file"]
    assert lines[2].split()[:6] == ["SOLEIMANI,", "Qasem", "mini:10481", "person", "1", "2"]
    assert lines[-1] == "5 hits; 3 entities; 2/2 files with hits. Lists: mini (2024-05-03)."
    bad = runner.invoke(app, ["scan", "--list", str(MINI), "--summary", "-f", "csv", str(two_articles)])
    assert (bad.exit_code, bad.stderr) == (2, "kharon: error: --summary works with --format table or json\n")


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        ([], 1),
        (["exact"], 1),
        (["fuzzy"], 0),
        (["followup,fuzzy"], 1),
        (["100"], 1),
        (["100", "reordered"], 0),
        (["95", "reordered"], 1),
        (["99.5", "normalized"], 0),
    ],
)
def test_fail_on_decides_the_exit_code_not_what_is_reported(
    runner: CliRunner, two_articles: Path, fail_on: list[str], code: int
) -> None:
    args = [a for value in fail_on for a in ("--fail-on", value)]
    result = runner.invoke(app, ["scan", "--list", str(MINI), "-f", "json", *args, str(two_articles)])
    assert result.exit_code == code
    assert json.loads(result.stdout)["summary"]["hits"] == 5  # everything is still reported


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "exactly",
            "--fail-on takes a minimum score (0-100) or methods (exact, normalized, reordered, fuzzy, "
            "title, followup), got 'exactly'",
        ),
        ("101", "--fail-on score must be between 0 and 100, got 101"),
    ],
)
def test_fail_on_errors(runner: CliRunner, two_articles: Path, value: str, message: str) -> None:
    result = runner.invoke(app, ["scan", "--list", str(MINI), "--fail-on", value, str(two_articles)])
    assert (result.exit_code, result.stderr) == (2, f"kharon: error: {message}\n")


def test_explain_refuses_ci_formats(runner: CliRunner) -> None:
    result = runner.invoke(app, ["explain", "--list", str(MINI), "-f", "sarif", "HAMAS"])
    assert (result.exit_code, result.stderr) == (2, "kharon: error: explain writes table or json, not sarif\n")


def test_progress_appears_only_after_a_moment_and_only_where_wanted() -> None:
    import io

    from rich.console import Console

    from kharon_cli.reporters.progress import ScanProgress, wanted

    assert wanted(stdout_is_tty=False, stderr_is_tty=True)
    assert not wanted(stdout_is_tty=True, stderr_is_tty=True)  # the table is already on the terminal
    assert not wanted(stdout_is_tty=False, stderr_is_tty=False)  # CI logs, pipes
    now = [0.0]
    out = io.StringIO()
    progress = ScanProgress(Console(file=out, force_terminal=True, width=80), clock=lambda: now[0])
    progress.advance("a.txt", 1)
    assert progress._progress is None  # a quick scan shows nothing
    now[0] = 1.0
    progress.advance("dir/[bold]b.txt", 2)
    progress.message("kharon: error: x: gone")
    progress.finish()
    shown = out.getvalue()
    assert "2 files, 3 hits" in shown and "[bold]b.txt" in shown and "kharon: error: x: gone" in shown


def test_ctrl_c_is_one_line_and_exit_130() -> None:
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "KHARON_MAX_LIST_AGE": "0"}
    code = "from kharon_cli.cli import main; main()"
    # Reading a stdin that never ends: the scan is surely still running when Ctrl-C comes.
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "scan", "-l", str(MINI), "-f", "jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None
    proc.stdin.write(b"Kata'ib Hizballah\n" * 1000)
    proc.stdin.flush()
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip().splitlines()[-1] == "kharon: interrupted"
    assert "Traceback" not in err.decode()
