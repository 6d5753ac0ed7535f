"""Inputs that are not plain readable files, odd paths, and words broken across lines."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.matching.tagger import Tagger
from kharon_cli.models import FileStatus
from kharon_cli.scanning.sources import Source, discover, open_source, scan_sources

ARTICLE = "Militia Kata'ib Hizballah fired rockets.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})


def _scan_json(runner: CliRunner, *paths: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["scan", "-l", str(MINI), "-f", "json", *paths])
    return result.exit_code, json.loads(result.stdout), result.stderr


def _statuses(doc: dict) -> list[tuple[str, str, str | None, int]]:  # type: ignore[type-arg]
    return [(f["path"], f["status"], f["message"], len(f["hits"])) for f in doc["files"]]


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")
    (folder / "broken.txt").symlink_to(folder / "nothing-here.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    return folder


def test_fifo_links_and_loops_in_a_folder_are_errors_and_the_scan_goes_on(runner: CliRunner, odd_folder: Path) -> None:
    code, doc, stderr = _scan_json(runner, str(odd_folder))
    assert code == 2
    f = str(odd_folder)
    assert _statuses(doc) == [
        (f"{f}/broken.txt", "error", "broken symbolic link", 0),
        (f"{f}/fifo.txt", "error", "not a regular file (a FIFO)", 0),
        (f"{f}/loop-a.txt", "error", "symbolic link loop", 0),
        (f"{f}/loop-b.txt", "error", "symbolic link loop", 0),
        (f"{f}/ok.txt", "ok", None, 1),
    ]
    assert stderr.splitlines() == [
        f"kharon: error: {f}/broken.txt: broken symbolic link",
        f"kharon: error: {f}/fifo.txt: not a regular file (a FIFO)",
        f"kharon: error: {f}/loop-a.txt: symbolic link loop",
        f"kharon: error: {f}/loop-b.txt: symbolic link loop",
    ]
    assert doc["summary"]["errors"] == 4


def test_fifo_links_and_loops_named_directly(runner: CliRunner, odd_folder: Path) -> None:
    names = ["fifo.txt", "broken.txt", "loop-a.txt", "ok.txt", "missing.txt"]
    code, doc, _ = _scan_json(runner, *(str(odd_folder / n) for n in names))
    assert code == 2
    assert [(Path(p).name, s, m) for p, s, m, _ in _statuses(doc)] == [
        ("fifo.txt", "error", "not a regular file (a FIFO)"),
        ("broken.txt", "error", "broken symbolic link"),
        ("loop-a.txt", "error", "symbolic link loop"),
        ("ok.txt", "ok", None),
        ("missing.txt", "error", "no such file or directory"),
    ]


def test_a_socket_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.txt"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        code, doc, _ = _scan_json(runner, str(tmp_path))
    finally:
        sock.close()
    assert code == 2
    assert _statuses(doc)[0][1:3] in (
        ("error", "not a regular file (a socket)"),
        ("error", "No such device or address"),
    )


def test_a_file_that_vanishes_after_discovery_is_an_error(mini: Tagger, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    sources = list(discover([str(tmp_path)]))
    (tmp_path / "b.txt").unlink()
    results = list(scan_sources(sources, mini))
    assert [(Path(r.path).name, r.status, r.message, len(r.hits)) for r in results] == [
        ("a.txt", FileStatus.OK, None, 1),
        ("b.txt", FileStatus.ERROR, "No such file or directory", 0),
        ("c.txt", FileStatus.OK, None, 1),
    ]


def test_unreadable_file_is_an_error(mini: Tagger, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def denied(source: Source, stdin: BinaryIO | None) -> BinaryIO:
        if source.path == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return open_source(source, stdin)

    other = tmp_path / "other.txt"
    other.write_text(ARTICLE, encoding="utf-8")
    results = list(scan_sources(discover([str(path), str(other)]), mini, opener=denied))
    assert [(r.status, r.message) for r in results] == [
        (FileStatus.ERROR, "Permission denied"),
        (FileStatus.OK, None),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    code, doc, stderr = _scan_json(runner, str(path))
    assert (code, _statuses(doc)) == (2, [(str(path), "error", "Permission denied", 0)])
    assert stderr == f"kharon: error: {path}: Permission denied\n"


def test_paths_with_spaces_newlines_and_escapes_are_reported_faithfully(runner: CliRunner, tmp_path: Path) -> None:
    names = ["with space.txt", "new\nline.txt", "esc\x1b[31mred.txt"]
    for name in names:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    code, doc, _ = _scan_json(runner, str(tmp_path))
    assert code == 1
    assert sorted(Path(f["path"]).name for f in doc["files"]) == sorted(names)
    table = runner.invoke(app, ["scan", "-l", str(MINI), str(tmp_path)])
    lines = table.stdout.splitlines()
    assert f"{tmp_path}/esc\\x1b[31mred.txt" in lines
    assert f"{tmp_path}/new\\nline.txt" in lines
    assert f"{tmp_path}/with space.txt" in lines
    assert "\x1b" not in table.stdout


def test_a_path_that_is_not_utf8_round_trips_through_json(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = b"caf\xe9 \xff.txt"  # Latin-1 bytes: not UTF-8
    with open(os.path.join(folder, name), "wb") as f:
        f.write(ARTICLE.encode())
    env = {**os.environ, "KHARON_MAX_LIST_AGE": "0", "PYTHONIOENCODING": "utf-8"}
    code = "from kharon_cli.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "scan", "-l", str(MINI), "-f", "json", str(tmp_path)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))  # strictly valid UTF-8
    [f] = doc["files"]
    assert os.fsencode(f["path"]) == os.path.join(folder, name)
    table = subprocess.run(
        [sys.executable, "-c", code, "scan", "-l", str(MINI), str(tmp_path)], capture_output=True, env=env, check=False
    )
    assert f"{tmp_path}/caf\\xe9 \\xff.txt".encode() in table.stdout.splitlines()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Militia Kata'ib Hiz-\nballah fired.", "Kata'ib Hiz-\nballah"),
        ("Militia Kata'ib Hiz-\r\nballah fired.", "Kata'ib Hiz-\r\nballah"),
        ("Militia Kata'ib Hiz- \n  ballah fired.", "Kata'ib Hiz- \n  ballah"),
        ("Militia Kata'ib\nHizballah fired.", "Kata'ib\nHizballah"),
        ("Militia Kata'ib \r\n\t Hizballah fired.", "Kata'ib \r\n\t Hizballah"),
        ("Militia Kata'ib Hiz\u00adballah fired.", "Kata'ib Hiz\u00adballah"),
        ("Militia Ka-\nta'ib Hizballah fired.", "Ka-\nta'ib Hizballah"),
    ],
)
def test_names_across_line_breaks_and_wrap_hyphens(mini: Tagger, text: str, found: str) -> None:
    [hit] = mini.tag(text)
    assert hit.text == found == text[hit.start : hit.end]
    assert hit.entity.name == "KATA'IB HIZBALLAH"


def test_a_capital_after_a_line_end_hyphen_keeps_the_hyphen(mini: Tagger) -> None:
    # "Revolutionary Guard Corps-\nQods Force": the hyphen belongs to the name, the words stay apart.
    [hit] = mini.tag("the Islamic Revolutionary Guard Corps-\nQods Force said")
    assert hit.text == "Islamic Revolutionary Guard Corps-\nQods Force"
    assert hit.entity.name == "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"


def test_followup_surname_wrapped_across_lines(mini: Tagger) -> None:
    hits = mini.tag("Qasem Soleimani spoke. Later Solei-\nmani left.")
    assert [(h.text, h.method.value) for h in hits] == [
        ("Qasem Soleimani", "reordered"),
        ("Solei-\nmani", "followup"),
    ]
