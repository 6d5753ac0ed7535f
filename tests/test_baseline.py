"""Baselines: ``kharon baseline create`` end to end, fingerprints that survive edits, multiset use, bad files."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
import typer
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli import __version__
from kharon_cli.matching.tagger import Tagger
from kharon_cli.models import FileResult, FileStatus
from kharon_cli.results.baseline import Baseline, BaselineEntry, BaselineError, apply, fingerprint
from kharon_cli.scanning.sources import discover, scan_sources

# Written for these tests. Three hits: "Qasem Soleimani" (reordered), "Hizballah Brigades" (exact) and the
# follow-up "Soleimani".
ARTICLE = (
    "Officials in Baghdad said on Monday that Qasem Soleimani met envoys of the\n"
    "Hizballah Brigades at a farm outside the city. Later Soleimani left for Tehran.\n"
)
# The same article after an editor's pass: a heading and a paragraph above, the paragraph re-wrapped (one
# line break now inside "Qasem Soleimani", one inside "Hizballah Brigades"), a word re-cased, spaces doubled.
EDITED = (
    "# Regional desk\n"
    "\n"
    "A paragraph added above the known hits, long enough to\n"
    "move every line below it down by a few.\n"
    "\n"
    "Officials in BAGHDAD said on Monday that Qasem\n"
    "Soleimani met envoys of the Hizballah\n"
    "Brigades at a farm outside the city.  Later Soleimani\n"
    "left for Tehran.\n"
)
# At least four words either side of the mention: a second copy of the sentence has the same fingerprint.
TALKS = "Officials said talks with Hamas envoys resumed in Cairo.\n"

TABLE_ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env=TABLE_ENV)


def cli() -> typer.Typer:
    """The ``baseline`` sub-command as the lead wires it: ``app.add_typer(baseline_app, name="baseline")``."""
    from kharon_cli.cli.baseline import baseline_app

    app = typer.Typer()
    app.add_typer(baseline_app, name="baseline")
    return app


def create(runner: CliRunner, out: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(cli(), ["baseline", "create", "-l", str(MINI), "-o", str(out), *args], input=input)
    assert result.stdout == ""
    return result.exit_code, result.stderr


def scan(tagger: Tagger, *paths: Path | str) -> list[FileResult]:
    return list(scan_sources(discover([str(p) for p in paths]), tagger))


def reported(tagger: Tagger, baseline: Baseline, *paths: Path | str) -> list[tuple[str, str, int]]:
    """(path, mention, line) of each hit the baseline does not account for."""
    return [(r.path, h.text, h.line) for r, _ in apply(scan(tagger, *paths), baseline) for h in r.hits]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- fingerprints -------------------------------------------------------------------------------------------


def test_fingerprint_is_entity_normalised_mention_and_context(mini: Tagger) -> None:
    hits = mini.tag(ARTICLE)
    assert [fingerprint(h) for h in hits] == [
        f"mini:10481|qasem soleimani|{hits[0].context}",
        f"mini:11462|hizballah brigades|{hits[1].context}",
        f"mini:10481|soleimani|{hits[2].context}",
    ]
    # The context is a hash of the words around the mention, so each mention has its own.
    assert len({h.context for h in hits}) == 3
    assert all(len(h.context) == 16 for h in hits)


def test_fingerprints_ignore_lines_wrapping_case_and_text_above(mini: Tagger) -> None:
    before, after = mini.tag(ARTICLE), mini.tag(EDITED)
    assert [(h.line, h.text) for h in before] == [
        (1, "Qasem Soleimani"),
        (2, "Hizballah Brigades"),
        (2, "Soleimani"),
    ]
    assert [(h.line, h.text) for h in after] == [
        (6, "Qasem\nSoleimani"),
        (7, "Hizballah\nBrigades"),
        (8, "Soleimani"),
    ]
    assert [fingerprint(h) for h in after] == [fingerprint(h) for h in before]


# --- create, then scan with the baseline ---------------------------------------------------------------------


def test_create_then_the_same_inputs_report_nothing(runner: CliRunner, mini: Tagger, tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "baghdad.txt", ARTICLE)
    write(news / "cairo.md", TALKS)
    write(news / "quiet.txt", "Nothing listed here.\n")
    out = tmp_path / ".kharon-baseline.json"
    code, stderr = create(runner, out, str(news))
    assert (code, stderr) == (0, f"wrote {out}: 4 hits in 2 files\n")
    baseline = Baseline.load(out)
    assert baseline.total == 4
    results = scan(mini, news)
    assert [len(r.hits) for r in results] == [3, 1, 0]
    applied = list(apply(results, baseline))
    assert [(r.path, r.hits, n) for r, n in applied] == [
        (str(news / "baghdad.txt"), (), 3),
        (str(news / "cairo.md"), (), 1),
        (str(news / "quiet.txt"), (), 0),
    ]
    assert [r.status for r, _ in applied] == [FileStatus.OK] * 3


def test_edits_above_and_rewrapping_stay_baselined(mini: Tagger, tmp_path: Path) -> None:
    path = write(tmp_path / "baghdad.txt", ARTICLE)
    baseline = Baseline.from_results(scan(mini, path))
    write(path, EDITED)
    assert [n for _, n in apply(scan(mini, path), baseline)] == [3]
    assert reported(mini, baseline, path) == []


def test_a_new_mention_in_a_new_sentence_is_reported(mini: Tagger, tmp_path: Path) -> None:
    path = write(tmp_path / "baghdad.txt", ARTICLE)
    baseline = Baseline.from_results(scan(mini, path))
    new = "On Friday a spokesman for the Hizballah Brigades denied the meeting.\n\n"
    write(path, EDITED.replace("Officials in", new + "Officials in"))
    assert reported(mini, baseline, path) == [(str(path), "Hizballah Brigades", 6)]


def test_an_edit_within_four_words_of_a_hit_brings_it_back(mini: Tagger, tmp_path: Path) -> None:
    # The follow-up "Soleimani" is three words from the end: a sentence appended after it changes its
    # context, so it is reported again (an edit next to a mention is worth a second look).
    path = write(tmp_path / "baghdad.txt", ARTICLE)
    baseline = Baseline.from_results(scan(mini, path))
    write(path, ARTICLE + "He returned on Friday.\n")
    assert reported(mini, baseline, path) == [(str(path), "Soleimani", 2)]
    # "two" is among the four words after one mention and before another: both come back.
    write(path, ARTICLE.replace("met envoys", "met two envoys"))
    assert reported(mini, baseline, path) == [(str(path), "Qasem Soleimani", 1), (str(path), "Hizballah Brigades", 2)]


def test_a_mention_twice_when_the_baseline_had_it_once_reports_the_second(mini: Tagger, tmp_path: Path) -> None:
    path = write(tmp_path / "cairo.txt", TALKS)
    baseline = Baseline.from_results(scan(mini, path))
    assert baseline.counts == Counter({fingerprint(mini.tag(TALKS)[0]): 1})
    write(path, TALKS + TALKS)
    hits = mini.tag(TALKS + TALKS)
    assert fingerprint(hits[0]) == fingerprint(hits[1])  # the same mention in the same words, twice
    assert reported(mini, baseline, path) == [(str(path), "Hamas", 2)]
    # Twice in the baseline: both accepted.
    baseline2 = Baseline.from_results(scan(mini, path))
    assert baseline2.total == 2
    assert reported(mini, baseline2, path) == []


def test_a_renamed_or_moved_file_stays_baselined(mini: Tagger, tmp_path: Path) -> None:
    old = write(tmp_path / "2024" / "baghdad.txt", ARTICLE)
    baseline = Baseline.from_results(scan(mini, old))
    new = tmp_path / "archive" / "iraq" / "farm-meeting.md"
    new.parent.mkdir(parents=True)
    old.rename(new)
    assert reported(mini, baseline, tmp_path) == []


def test_counts_are_used_up_across_files_in_scan_order(mini: Tagger, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", ARTICLE)
    baseline = Baseline.from_results(scan(mini, a))
    copy = write(tmp_path / "b.txt", ARTICLE)  # the article copied: its hits are new ones
    assert reported(mini, baseline, tmp_path) == [
        (str(copy), "Qasem Soleimani", 1),
        (str(copy), "Hizballah Brigades", 2),
        (str(copy), "Soleimani", 2),
    ]
    # apply() leaves the baseline as it was: the same scan gives the same answer again.
    assert reported(mini, baseline, tmp_path) == reported(mini, baseline, tmp_path)
    assert baseline.total == 3


def test_apply_passes_errors_and_skipped_inputs_through(mini: Tagger, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00 Hamas")
    missing = tmp_path / "gone.txt"
    results = scan(mini, binary, missing)
    baseline = Baseline.from_results(results)
    assert baseline.total == 0
    assert list(apply(results, baseline)) == [(results[0], 0), (results[1], 0)]
    assert [r.status for r in results] == [FileStatus.SKIPPED, FileStatus.ERROR]


def test_allowlisted_hits_are_not_recorded(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "cairo.txt", TALKS + ARTICLE)
    allow = write(tmp_path / "allow.yaml", "allow:\n  - entity: mini:4001\n    reason: reviewed\n")
    out = tmp_path / "b.json"
    code, stderr = create(runner, out, "--allow", str(allow), str(path))
    assert (code, stderr) == (0, f"wrote {out}: 3 hits in 1 file\n")
    assert {e.entity for e in Baseline.load(out).entries.values()} == {"mini:10481", "mini:11462"}


# --- the file ------------------------------------------------------------------------------------------------


def test_the_written_file_exactly(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "news" / "baghdad.txt", ARTICLE)
    write(tmp_path / "news" / "cairo.md", TALKS + TALKS)
    out = tmp_path / "baseline.json"
    code, _ = create(runner, out, str(tmp_path / "news"))
    assert code == 0
    sha = hashlib.sha256(MINI.read_bytes()).hexdigest()
    news = json.dumps(str(tmp_path / "news"))[1:-1]
    # The context hashes are fixed here on purpose: a change to how they are computed would turn every
    # accepted hit of every existing baseline into a new one, and must not happen unnoticed.
    assert out.read_text(encoding="utf-8") == (
        "{\n"
        '  "version": 1,\n'
        f'  "kharon": "{__version__}",\n'
        f'  "lists": [{{"id": "mini", "sha256": "{sha}"}}],\n'
        '  "entries": [\n'
        '    {"entity": "mini:10481", "mention": "qasem soleimani", "context": "32f761838ce8abd3", "count": 1, '
        f'"name": "SOLEIMANI, Qasem", "path": "{news}/baghdad.txt"}},\n'
        '    {"entity": "mini:10481", "mention": "soleimani", "context": "f013f9accf6d4eda", "count": 1, '
        f'"name": "SOLEIMANI, Qasem", "path": "{news}/baghdad.txt"}},\n'
        '    {"entity": "mini:11462", "mention": "hizballah brigades", "context": "3254e7d5f0dae9b3", "count": 1, '
        f'"name": "KATA\'IB HIZBALLAH", "path": "{news}/baghdad.txt"}},\n'
        '    {"entity": "mini:4001", "mention": "hamas", "context": "fac109d0a982184e", "count": 2, '
        f'"name": "HAMAS", "path": "{news}/cairo.md"}}\n'
        "  ]\n"
        "}\n"
    )


def test_the_file_is_deterministic(runner: CliRunner, tmp_path: Path) -> None:
    for i, text in enumerate([ARTICLE, TALKS, EDITED, TALKS + ARTICLE] * 3):
        write(tmp_path / "news" / f"{i:02d}.txt", text)
    outs = [tmp_path / f"{name}.json" for name in ("one", "two", "jobs1", "jobs3")]
    assert create(runner, outs[0], str(tmp_path / "news"))[0] == 0
    assert create(runner, outs[1], str(tmp_path / "news"))[0] == 0
    assert create(runner, outs[2], "--jobs", "1", str(tmp_path / "news"))[0] == 0
    assert create(runner, outs[3], "--jobs", "3", "--no-cache", str(tmp_path / "news"))[0] == 0
    data = outs[0].read_bytes()
    assert all(out.read_bytes() == data for out in outs[1:])
    # Loading and writing again gives the same bytes.
    assert Baseline.load(outs[0]).to_json().encode("utf-8") == data
    assert oct(outs[0].stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_empty_baseline(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "quiet.txt", "Nothing listed here.\n")
    out = tmp_path / "b.json"
    assert create(runner, out, str(path)) == (0, f"wrote {out}: 0 hits in 0 files\n")
    assert '"entries": []\n}\n' in out.read_text(encoding="utf-8")
    assert Baseline.load(out).total == 0


def test_standard_input(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    assert create(runner, out, "-", input=TALKS) == (0, f"wrote {out}: 1 hit in 1 file\n")
    [entry] = Baseline.load(out).entries.values()
    assert (entry.entity, entry.mention, entry.path) == ("mini:4001", "hamas", "-")


def test_entries_with_the_same_fingerprint_add_up(tmp_path: Path) -> None:
    path = write(
        tmp_path / "b.json",
        '{"version": 1, "entries": ['
        '{"entity": "mini:4001", "mention": "hamas", "context": "x", "count": 2, "path": "a.txt"},'
        '{"entity": "mini:4001", "mention": "hamas", "context": "x", "count": 1, "path": "b.txt"}]}',
    )
    baseline = Baseline.load(path)
    assert baseline.counts == Counter({"mini:4001|hamas|x": 3})
    assert baseline.sorted_entries() == [BaselineEntry("mini:4001", "hamas", "x", 3, None, "a.txt")]


# --- errors --------------------------------------------------------------------------------------------------

ENTRY = '{"entity": "mini:4001", "mention": "hamas", "context": "x", "count": 1}'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "not a kharon baseline: the file is empty", id="empty"),
        pytest.param(b"\xff\xfe{}", "not a kharon baseline: not UTF-8 text", id="not-utf8"),
        pytest.param(
            b"{\n  version: 1}",
            "not a kharon baseline: invalid JSON at line 2, column 3: "
            "Expecting property name enclosed in double quotes",
            id="not-json",
        ),
        pytest.param(
            b"allow:\n  - entity: x\n",
            "not a kharon baseline: invalid JSON at line 1, column 1: Expecting value",
            id="yaml",
        ),
        pytest.param(b"[" * 100_000, "not a kharon baseline: invalid JSON: nested too deeply", id="deep"),
        pytest.param(b'{"version": NaN}', "not a kharon baseline: invalid JSON: NaN is not a JSON value", id="nan"),
        pytest.param(b"[]", "not a kharon baseline: expected a JSON object, got a list", id="list"),
        pytest.param(b'{"entries": []}', "not a kharon baseline: no 'version' field", id="no-version"),
        pytest.param(
            b'{"version": 2, "entries": [], "new": 1}',
            "baseline version 2 is not supported (this kharon reads version 1); re-create it with "
            "'kharon baseline create'",
            id="version-2",
        ),
        pytest.param(
            b'{"version": "1", "entries": []}',
            'baseline version "1" is not supported (this kharon reads version 1); re-create it with '
            "'kharon baseline create'",
            id="version-string",
        ),
        pytest.param(
            b'{"version": true, "entries": []}',
            "baseline version true is not supported (this kharon reads version 1); re-create it with "
            "'kharon baseline create'",
            id="version-bool",
        ),
        pytest.param(b'{"version": 1}', "missing 'entries'", id="no-entries"),
        pytest.param(
            b'{"version": 1, "entries": [], "hits": 3}',
            "unknown key 'hits' (allowed: version, kharon, lists, entries)",
            id="unknown-key",
        ),
        pytest.param(b'{"version": 1, "entries": {}}', "'entries' must be a list, got an object", id="entries-dict"),
        pytest.param(
            b'{"version": 1, "kharon": 1, "entries": []}', "'kharon' must be a string, got a number", id="kharon-number"
        ),
        pytest.param(
            b'{"version": 1, "lists": [{"id": "mini", "sha": "x"}], "entries": []}',
            "'lists' must be a list of objects with a string 'id' and a string or null 'sha256'",
            id="lists-shape",
        ),
        pytest.param(
            f'{{"version": 1, "entries": [{ENTRY}, "mini:4001"]}}'.encode(),
            "entries[1] must be an object, got a string",
            id="entry-string",
        ),
        pytest.param(
            b'{"version": 1, "entries": [{"entity": "mini:4001", "mention": "hamas", "count": 1}]}',
            "entries[0]: missing 'context'",
            id="no-context",
        ),
        pytest.param(
            b'{"version": 1, "entries": [{"entity": null, "mention": "hamas", "context": "x", "count": 1}]}',
            "entries[0]: 'entity' must be a string, got null",
            id="entity-null",
        ),
        pytest.param(
            f'{{"version": 1, "entries": [{ENTRY[:-1]}, "line": 3}}]}}'.encode(),
            "entries[0]: unknown key 'line' (allowed: entity, mention, context, count, name, path)",
            id="entry-unknown-key",
        ),
        pytest.param(
            f'{{"version": 1, "entries": [{ENTRY[:-1]}, "path": 3}}]}}'.encode(),
            "entries[0]: 'path' must be a string or null, got a number",
            id="path-number",
        ),
        pytest.param(
            ENTRY.replace('"count": 1', '"count": 0').join([b'{"version": 1, "entries": ['.decode(), "]}"]).encode(),
            "entries[0]: 'count' must be a positive whole number, got 0",
            id="count-0",
        ),
        pytest.param(
            ENTRY.replace('"count": 1', '"count": 1.5').join(['{"version": 1, "entries": [', "]}"]).encode(),
            "entries[0]: 'count' must be a positive whole number, got 1.5",
            id="count-float",
        ),
        pytest.param(
            ENTRY.replace('"count": 1', '"count": "2"').join(['{"version": 1, "entries": [', "]}"]).encode(),
            "entries[0]: 'count' must be a positive whole number, got \"2\"",
            id="count-string",
        ),
    ],
)
def test_bad_baseline_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(data)
    with pytest.raises(BaselineError) as info:
        Baseline.load(path)
    assert str(info.value) == f"{path}: {message}"


def test_a_missing_or_unreadable_baseline_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError) as info:
        Baseline.load(tmp_path / "nope.json")
    assert str(info.value) == f"{tmp_path / 'nope.json'}: cannot read baseline: No such file or directory"
    with pytest.raises(BaselineError) as info:
        Baseline.load(tmp_path)
    assert str(info.value) == f"{tmp_path}: cannot read baseline: Is a directory"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b'\xef\xbb\xbf{"version": 1, "entries": [' + ENTRY.encode() + b"]}")
    assert Baseline.load(path).total == 1


def test_unreadable_inputs_exit_2_without_writing(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path / "cairo.txt", TALKS)
    missing = tmp_path / "gone.txt"
    out = tmp_path / "b.json"
    code, stderr = create(runner, out, str(missing), str(good), "/dev/null")
    assert code == 2
    assert stderr == (
        f"kharon: error: {missing}: no such file or directory\n"
        "kharon: error: /dev/null: not a regular file (a character device)\n"
        f"kharon: error: {out} not written: 2 inputs could not be read\n"
    )
    assert not out.exists()
    # An existing baseline is left as it was.
    out.write_text("keep", encoding="utf-8")
    assert create(runner, out, str(missing))[0] == 2
    assert out.read_text(encoding="utf-8") == "keep"


def test_write_errors_and_bad_lists_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path / "cairo.txt", TALKS)
    out = tmp_path / "no" / "such" / "dir" / "b.json"
    assert create(runner, out, str(good)) == (
        2,
        f"kharon: error: {out}: cannot write baseline: No such file or directory\n",
    )
    bad = write(tmp_path / "bad.yaml", "list: [\n")
    result = runner.invoke(cli(), ["baseline", "create", "-l", str(bad), "-o", str(tmp_path / "b.json"), str(good)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kharon: error: {bad}:")
    assert not (tmp_path / "b.json").exists()


def test_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli(), ["baseline", "create", "-l", str(MINI), str(tmp_path)])
    assert result.exit_code == 2
    assert "Missing option '--output'" in result.stderr
    result = runner.invoke(cli(), ["baseline", "create", "-l", str(MINI), "-o", str(tmp_path / "b.json")])
    assert result.exit_code == 2
    assert "Missing argument 'PATH" in result.stderr
    assert create(runner, tmp_path / "b.json", "-", "-", input="") == (
        2,
        "kharon: error: standard input ('-') can only be given once\n",
    )


# --- kharon scan --baseline (runs once cli.py wires the option in) -------------------------------------------


def kharon(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    from kharon_cli.cli import app

    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_scan_with_a_baseline_reports_only_new_hits(runner: CliRunner, tmp_path: Path) -> None:
    news = tmp_path / "news"
    a = write(news / "a.txt", ARTICLE)
    b = write(news / "b.md", TALKS)
    out = tmp_path / ".kharon-baseline.json"
    assert kharon(runner, "baseline", "create", "-l", str(MINI), "-o", str(out), str(news)) == (
        0,
        "",
        f"wrote {out}: 4 hits in 2 files\n",
    )
    scan_args = ("scan", "-l", str(MINI), "--baseline", str(out), "-f", "json", str(news))
    code, stdout, stderr = kharon(runner, *scan_args)
    doc = json.loads(stdout)
    assert (code, stderr) == (0, "")
    assert [(f["path"], len(f["hits"]), f["baselined"]) for f in doc["files"]] == [(str(a), 0, 3), (str(b), 0, 1)]
    assert (doc["summary"]["hits"], doc["summary"]["baselined"]) == (0, 4)
    # Edited above, re-wrapped, and a new sentence at the end of the other file: one new hit, exit 1.
    write(a, EDITED)
    write(b, TALKS + "\nLater on Friday the Hizballah Brigades denied the talks.\n")
    code, stdout, _ = kharon(runner, *scan_args)
    doc = json.loads(stdout)
    assert code == 1
    assert [(f["path"], [h["text"] for h in f["hits"]], f["baselined"]) for f in doc["files"]] == [
        (str(a), [], 3),
        (str(b), ["Hizballah Brigades"], 1),
    ]
    assert (doc["summary"]["hits"], doc["summary"]["baselined"]) == (1, 4)
    code, stdout, _ = kharon(runner, "scan", "-l", str(MINI), "--baseline", str(out), str(news))
    lines = [line.rstrip() for line in stdout.splitlines()]
    assert code == 1
    assert lines[:2] == [f"{a}  3 hits in the baseline", f"{b}  1 hit in the baseline"]
    assert lines[-1] == "1 hit; 1 entity; 1/2 files with hits; 4 in the baseline. Lists: mini (2024-05-03)."


def test_scan_with_a_bad_baseline_exits_2_before_any_output(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    bad = write(tmp_path / "b.json", '{"version": 7, "entries": []}')
    assert kharon(runner, "scan", "-l", str(MINI), "--baseline", str(bad), str(path)) == (
        2,
        "",
        f"kharon: error: {bad}: baseline version 7 is not supported (this kharon reads version 1); "
        "re-create it with 'kharon baseline create'\n",
    )


def test_allowlisted_hits_use_up_no_baseline_count(runner: CliRunner, tmp_path: Path) -> None:
    # The baseline was made without the allowlist, so it accepts the Hamas mention too; with the allowlist
    # that hit is suppressed (with its reason) and the baseline count is simply left over.
    path = write(tmp_path / "cairo.txt", TALKS)
    out = tmp_path / "b.json"
    assert kharon(runner, "baseline", "create", "-l", str(MINI), "-o", str(out), str(path))[0] == 0
    allow = write(tmp_path / "allow.yaml", "allow:\n  - entity: mini:4001\n    reason: reviewed\n")
    code, stdout, _ = kharon(
        runner, "scan", "-l", str(MINI), "--allow", str(allow), "--baseline", str(out), "-f", "json", str(path)
    )
    [f] = json.loads(stdout)["files"]
    assert (code, f["hits"], f["baselined"], [s["reason"] for s in f["suppressed"]]) == (0, [], 0, ["reviewed"])
