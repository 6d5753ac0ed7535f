"""``kharon show FILE``: the article with its mentions highlighted and labelled, then the legend.

Outputs are compared exactly in plain text (NO_COLOR, 80 columns, not a terminal); FORCE_COLOR is checked to
give ANSI styling while article text stays inert; errors are one ``kharon: error:`` line and exit code 2.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from conftest import MINI
from typer.testing import CliRunner

import kharon_cli.scanning.stream
from kharon_cli.cli.show import show
from kharon_cli.reporters.show_report import clusters, layout_inert, number_entities, render_article

# Two parties, each mentioned twice; rich markup, an ANSI colour escape, a clear-screen escape and a tab.
ARTICLE = (
    "Qasem Soleimani met [bold]HAMAS[/bold] envoys.\nLater \x1b[31mSoleimani\x1b[0m left\tearly;\x1b[2J Hamas stayed.\n"
)
SECOND_LIST = """\
list:
  id: two
  name: Second test list
  published: 2024-06-01
entities:
  - id: h1
    name: HAMAS
    programs: [X-1]
"""


def _app() -> typer.Typer:
    """The real ``kharon`` app once ``show`` is wired into it; until then, an app holding just ``show``."""
    from kharon_cli.cli import app

    names = {c.name or (c.callback.__name__ if c.callback else None) for c in app.registered_commands}
    if "show" in names:
        return app
    own = typer.Typer()

    @own.callback()
    def _root() -> None:
        """kharon (test app)."""

    own.command()(show)
    return own


APP = _app()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "FORCE_COLOR": None})


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "brief.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_plain_output_exact(runner: CliRunner, article: Path) -> None:
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(article)])
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        f"{article}\n"
        "\n"
        "Qasem Soleimani[1] met [bold]HAMAS[2][/bold] envoys.\n"
        "Later \\x1b[31mSoleimani[1]\\x1b[0m left  early;\\x1b[2J Hamas[2] stayed.\n"
        "\n"
        "Ref   Entity             List:id      Type     Programs    Mentions\n" + "─" * 67 + "\n"
        "[1]   SOLEIMANI, Qasem   mini:10481   person   SDGT IRGC          2\n"
        "[2]   HAMAS              mini:4001    org                         2\n"
        "4 mentions of 2 entities. Lists: mini (2024-05-03).\n"
    )


def test_same_span_on_two_lists_shares_one_label(runner: CliRunner, article: Path, tmp_path: Path) -> None:
    two = tmp_path / "two.yaml"
    two.write_text(SECOND_LIST)
    result = runner.invoke(APP, ["show", "-l", str(MINI), "-l", str(two), str(article)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[2:4] == [
        "Qasem Soleimani[1] met [bold]HAMAS[2,3][/bold] envoys.",
        "Later \\x1b[31mSoleimani[1]\\x1b[0m left  early;\\x1b[2J Hamas[2,3] stayed.",
    ]
    assert lines[-4:] == [
        "[1]   SOLEIMANI, Qasem   mini:10481   person   SDGT IRGC          2",
        "[2]   HAMAS              mini:4001    org                         2",
        "[3]   HAMAS              two:h1       org      X-1                2",
        "4 mentions of 3 entities (6 hits). Lists: mini (2024-05-03), two (2024-06-01).",
    ]


def test_narrow_terminal_wraps_words_and_puts_ids_under_names(article: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "44", "NO_COLOR": "1", "FORCE_COLOR": None})
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(article)])
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines[1:-1]) <= 44  # the path and the footer are never wrapped
    assert all(line == line.rstrip() for line in lines[:8])  # wrapped article lines carry no trailing space
    assert lines[2:6] == [
        "Qasem Soleimani[1] met [bold]HAMAS[2][/bold]",
        "envoys.",
        "Later \\x1b[31mSoleimani[1]\\x1b[0m left",
        "early;\\x1b[2J Hamas[2] stayed.",
    ]
    assert [line.rstrip() for line in lines[7:]] == [
        "Ref   Entity            Programs    Mentions",
        "─" * 44,
        "[1]   SOLEIMANI,        SDGT IRGC          2",
        "      Qasem",
        "      mini:10481",
        "      person",
        "[2]   HAMAS                                2",
        "      mini:4001 org",
        "4 mentions of 2 entities. Lists: mini (2024-05-03).",
    ]


def test_force_color_styles_mentions_and_keeps_article_escapes_inert(article: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "80", "FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"})
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(article)])
    assert result.exit_code == 1
    out = result.stdout
    # Bold + the first palette colour (cyan) on the mention, the colour alone on its label.
    assert "\x1b[1;36mQasem Soleimani\x1b[0m\x1b[36m[1]\x1b[0m" in out
    assert "\x1b[1;35mHAMAS\x1b[0m\x1b[35m[2]\x1b[0m" in out
    # The article's own escapes are shown, never sent: no red, no clear screen.
    assert "\x1b[31m" not in out and "\x1b[2J" not in out
    assert "\\x1b[31m" in out and "\\x1b[2J" in out
    assert "[bold]" in out


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(APP, ["show", "-l", str(MINI), "-"], input="The ISIS cell and Hamas.\n")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == ["-", "", "The ISIS[1] cell and Hamas[2]."]


def test_no_hits_exit_zero(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "calm.txt"
    path.write_text("Markets were calm on Monday.\n\nNothing else.\n")
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(path)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}\n\nMarkets were calm on Monday.\n\nNothing else.\n\n"
        "No mentions of listed parties. Lists: mini (2024-05-03).\n"
    )


def test_same_hits_as_scan_for_the_same_options(runner: CliRunner, tmp_path: Path) -> None:
    from kharon_cli.cli import app as kharon

    path = tmp_path / "v.txt"
    path.write_text("Qassem Soleimani and the al-Nusra Front and HAMAS")
    for options in ([], ["--no-fuzzy"], ["--min-score", "97"]):
        scanned = runner.invoke(kharon, ["scan", "-l", str(MINI), "-f", "json", *options, str(path)])
        hits = [h["text"] for h in json.loads(scanned.stdout)["files"][0]["hits"]]
        shown = runner.invoke(APP, ["show", "-l", str(MINI), *options, str(path)])
        assert shown.exit_code == scanned.exit_code == 1
        marked = shown.stdout.splitlines()[2]
        assert marked.count("[") == len(hits)
        for text in hits:
            assert f"{text}[" in marked
    assert "Qassem Soleimani[1]" not in runner.invoke(APP, ["show", "-l", str(MINI), "--no-fuzzy", str(path)]).stdout
    # scan's environment variables set show's options too.
    env = {"KHARON_LIST": str(MINI), "KHARON_MIN_SCORE": "97"}
    shown = runner.invoke(APP, ["show", str(path)], env=env)
    assert shown.stdout.splitlines()[2] == "Qassem Soleimani and the al-Nusra Front and HAMAS[1]"


def test_offsets_follow_the_decoded_text(runner: CliRunner, tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("\ufeffKata’ib\r\nHizballah and Hamas\r\n".encode("utf-16-le"))
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(utf16)])
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[2:4] == ["Kata’ib", "Hizballah[1] and Hamas[2]"]

    latin = tmp_path / "cp1252.txt"
    latin.write_bytes("Caf\u00e9 talk: Kata\u2019ib Hizballah.\n".encode("cp1252"))
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(latin)])
    assert result.exit_code == 1
    assert result.stderr == f"kharon: warning: {latin}: not valid UTF-8; decoded as Windows-1252\n"
    assert result.stdout.splitlines()[2] == "Café talk: Kata’ib Hizballah[1]."


def test_allowlist_suppresses_and_says_so(runner: CliRunner, article: Path, tmp_path: Path) -> None:
    allow = tmp_path / "allow.yaml"
    allow.write_text("allow:\n  - entity: mini:4001\n    reason: the band, not the movement\n")
    result = runner.invoke(APP, ["show", "-l", str(MINI), "--allow", str(allow), str(article)])
    assert result.exit_code == 1
    assert "[2]" not in result.stdout and "HAMAS[/bold]" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "2 mentions of 1 entity; 2 hits suppressed by the allowlist. Lists: mini (2024-05-03)."
    )


# ---------------------------------------------------------------------------------------------- errors


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(missing)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"kharon: error: {missing}: no such file or directory\n"


def test_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01 Hamas")
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"kharon: error: {path}: binary file (PDF document)\n"


def test_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"kharon: error: {tmp_path}: is a folder: 'kharon show' shows one article (use 'kharon scan' for folders)\n"
    )


def test_too_large(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kharon_cli.scanning.stream, "STREAM_THRESHOLD", 64)
    path = tmp_path / "archive.txt"
    path.write_text("Hamas " * 10 + "abcd")  # exactly 64 bytes: shown
    assert runner.invoke(APP, ["show", "-l", str(MINI), str(path)]).exit_code == 1
    path.write_text("Hamas " * 10 + "abcde")  # 65 bytes
    result = runner.invoke(APP, ["show", "-l", str(MINI), str(path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"kharon: error: {path}: larger than 0 MiB: 'kharon show' is for one article; "
        "use 'kharon scan' (it streams large inputs)\n"
    )


def test_bad_list_and_bad_option(runner: CliRunner, tmp_path: Path, article: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("list: {id: x, name: y}\nentities:\n  - id: '1'\n    name: A\n    kind: weak\n")
    result = runner.invoke(APP, ["show", "-l", str(bad), str(article)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"kharon: error: {bad}:5: unknown key 'kind' in entity")
    assert result.stderr.count("\n") == 1
    result = runner.invoke(APP, ["show", "--min-score", "120", str(article)])
    assert result.exit_code == 2 and "--min-score" in result.stderr
    result = runner.invoke(APP, ["show"])
    assert result.exit_code == 2 and "FILE" in result.stderr


# ------------------------------------------------------------------------------------------ rendering


def test_layout_inert_keeps_line_breaks_and_tabs_and_escapes_the_rest() -> None:
    assert layout_inert("a\r\nb\rc\td") == "a\nb\nc\td"
    assert layout_inert("x\x1b[2Jy\x07\u200b\u2028\x85é") == "x\\x1b[2Jy\\x07\\u200b\\u2028\\x85é"
    # A CRLF cut in two by a mention boundary is still one line break.
    text = "ab\r\ncd"
    assert layout_inert(text, 0, 3) + layout_inert(text, 3) == "ab\ncd"


def test_overlapping_hits_form_one_stretch_with_one_label(mini_exact) -> None:  # type: ignore[no-untyped-def]
    text = "Hamas and ISIS here."
    hamas, isis = mini_exact.tag(text)
    # Not something the matcher gives today (the longest match wins), but the renderer must not break on it.
    overlapping = replace(isis, start=hamas.start + 2, end=isis.end)
    assert [len(c) for c in clusters([hamas, overlapping])] == [1 + 1]
    assert number_entities([overlapping, hamas]) == {"mini:4001": 1, "mini:8759": 2}
    assert render_article(text, [hamas, overlapping]).plain == "Hamas and ISIS[1,2] here."
    rendered = render_article(text, [hamas, isis])
    assert rendered.plain == "Hamas[1] and ISIS[2] here."
    spans = [(rendered.plain[s.start : s.end], str(s.style)) for s in rendered.spans]
    assert spans == [("Hamas", "bold cyan"), ("[1]", "cyan"), ("ISIS", "bold magenta"), ("[2]", "magenta")]
