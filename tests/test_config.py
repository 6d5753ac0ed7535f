"""Configuration: finding and validating .kharon.yaml / [tool.kharon], and the precedence
command line > KHARON_* > config file > default, end to end through ``kharon scan`` and ``kharon config``."""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Annotated

import pytest
import typer.main
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.cli import common as cli_common
from kharon_cli.cli.config import install_config
from kharon_cli.cli.scan import scan
from kharon_cli.config import (
    SETTINGS,
    Config,
    ConfigError,
    Effective,
    effective,
    find_config,
    load_config,
    resolve_config,
)

ARTICLE = "Officials said Qasem Soleimani met envoys in Baghdad.\n"
# The project's own list (a different id from the shared test list MINI, so a test can tell which was used).
OURS = """\
list:
  id: ours
  name: Our newsroom list
  published: 2025-01-02
entities:
  - id: "1"
    name: SOLEIMANI, Qasem
    type: person
"""
# Every variable kharon reads for its settings: cleared for each test so a developer's shell cannot leak in.
KHARON_VARS = [s.envvar for s in SETTINGS] + ["KHARON_CONFIG", "KHARON_NO_CONFIG"]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in KHARON_VARS:
        monkeypatch.delenv(name, raising=False)
    # The test list has a fixed date: keep the stale-list warning off stderr, as conftest does.
    monkeypatch.setenv("KHARON_MAX_LIST_AGE", "0")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def no_config_above(folder: Path) -> None:
    """Skip when the machine has a config file in a folder above the test's (it would be found)."""
    found = find_config(folder)
    if found is not None:
        pytest.skip(f"a config file above the test folder: {found}")


# ------------------------------------------------------------------------------------------ find_config


def test_find_in_start_folder_and_parents(tmp_path: Path) -> None:
    cfg = write(tmp_path / "proj" / ".kharon.yaml", "format: json\n")
    deep = tmp_path / "proj" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(tmp_path / "proj") == cfg
    assert find_config(deep) == cfg


def test_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.kharon]\nformat = "csv"\n')
    cfg = write(tmp_path / ".kharon.yaml", "format: json\n")
    assert find_config(tmp_path) == cfg


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    cfg = write(tmp_path / ".kharon.yaml", "format: json\n")
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n')
    assert find_config(tmp_path / "sub") == cfg


def test_nearer_pyproject_beats_farther_yaml(tmp_path: Path) -> None:
    write(tmp_path / ".kharon.yaml", "format: json\n")
    near = write(tmp_path / "sub" / "pyproject.toml", '[tool.kharon]\nformat = "csv"\n')
    assert find_config(tmp_path / "sub") == near


def test_broken_pyproject_skipped_unless_it_mentions_kharon(tmp_path: Path) -> None:
    cfg = write(tmp_path / ".kharon.yaml", "format: json\n")
    broken = write(tmp_path / "a" / "pyproject.toml", "[tool.other\n")
    assert find_config(broken.parent) == cfg
    ours = write(tmp_path / "b" / "pyproject.toml", '[tool.kharon\nformat = "json"\n')
    with pytest.raises(ConfigError) as err:
        find_config(ours.parent)
    assert str(err.value) == (
        f"{ours}: invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 13)"
    )


def test_nothing_found(tmp_path: Path) -> None:
    no_config_above(tmp_path)
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path) is None


# ------------------------------------------------------------------------------------------ load_config

FULL_YAML = """\
# kharon settings for this repository
lists: [lists/ours.yaml, /srv/lists/theirs.yaml]
format: sarif
min_score: 92.5
fail-on: [95, "exact,normalized"]
include: ["*.txt", "*.html"]
exclude: "drafts/*"
allow: allow.yaml
baseline: ../base.json
no-fuzzy: true
jobs: 2
max-list-age: 30
"""

FULL_TOML = """\
[project]
name = "newsroom"

[tool.kharon]
lists = ["lists/ours.yaml", "/srv/lists/theirs.yaml"]
format = "sarif"
min_score = 92.5
fail-on = [95, "exact,normalized"]
include = ["*.txt", "*.html"]
exclude = "drafts/*"
allow = "allow.yaml"
baseline = "../base.json"
no-fuzzy = true
jobs = 2
max-list-age = 30
"""


def full_values(d: Path) -> dict[str, object]:
    return {
        "lists": (f"{d}/lists/ours.yaml", "/srv/lists/theirs.yaml"),
        "format": "sarif",
        "min-score": 92.5,
        "fail-on": ("95", "exact,normalized"),
        "include": ("*.txt", "*.html"),
        "exclude": ("drafts/*",),
        "allow": f"{d}/allow.yaml",
        "baseline": f"{d}/../base.json",
        "no-fuzzy": True,
        "jobs": 2,
        "max-list-age": 30,
    }


@pytest.mark.parametrize(("name", "text"), [(".kharon.yaml", FULL_YAML), ("pyproject.toml", FULL_TOML)])
def test_load_every_key(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path / name, text)
    config = load_config(path)
    assert config.path == path
    assert dict(config.values) == full_values(tmp_path)


def test_default_map_uses_scan_parameter_names(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / ".kharon.yaml", FULL_YAML))
    assert config.default_map() == {
        "list_paths": [f"{tmp_path}/lists/ours.yaml", "/srv/lists/theirs.yaml"],
        "fmt": "sarif",
        "min_score": 92.5,
        "fail_on": ["95", "exact,normalized"],
        "include": ["*.txt", "*.html"],
        "exclude": ["drafts/*"],
        "allow": f"{tmp_path}/allow.yaml",
        "baseline_path": f"{tmp_path}/../base.json",
        "no_fuzzy": True,
        "jobs": 2,
        "max_list_age": 30,
    }
    assert config.default_map(["list_paths", "min_score"]) == {
        "list_paths": [f"{tmp_path}/lists/ours.yaml", "/srv/lists/theirs.yaml"],
        "min_score": 92.5,
    }


def test_settings_match_the_scan_command() -> None:
    """Every setting is a parameter of scan, with the same default (None for include means *.txt, *.md)."""
    params = inspect.signature(scan).parameters
    for setting in SETTINGS:
        assert setting.param in params, setting.key
        default = params[setting.param].default
        if setting.key == "include":
            assert default is None and setting.default == ("*.txt", "*.md")
        elif setting.key in ("fail-on", "exclude"):
            assert default is None and setting.default == ()
        else:
            assert default == setting.default, setting.key
    assert next(s.default for s in SETTINGS if s.key == "max-list-age") == cli_common.DEFAULT_MAX_LIST_AGE
    assert [s.envvar for s in SETTINGS] == [
        "KHARON_LIST",
        "KHARON_FORMAT",
        "KHARON_MIN_SCORE",
        "KHARON_FAIL_ON",
        "KHARON_INCLUDE",
        "KHARON_EXCLUDE",
        "KHARON_ALLOW",
        "KHARON_BASELINE",
        "KHARON_NO_FUZZY",
        "KHARON_JOBS",
        "KHARON_MAX_LIST_AGE",
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("", {}),
        ("# nothing set yet\n", {}),
        ("~\n", {}),
        ("fail-on: 95\n", {"fail-on": ("95",)}),
        ("fail-on: exact,fuzzy\n", {"fail-on": ("exact,fuzzy",)}),
        ("min-score: 0\n", {"min-score": 0.0}),
        ("lists: one.yaml\n", {"lists": ("{d}/one.yaml",)}),
        ("lists: []\n", {"lists": ()}),
        ("allow: ~/allow.yaml\n", {"allow": str(Path("~/allow.yaml").expanduser())}),
        ("defaults: &d {format: json}\n<<: *d\n", None),  # merge keys: `defaults` itself is unknown
        ("\ufeffformat: csv\n", {"format": "csv"}),
    ],
)
def test_load_small_yaml(tmp_path: Path, text: str, values: dict[str, object] | None) -> None:
    path = write(tmp_path / ".kharon.yaml", text)
    if values is None:
        with pytest.raises(ConfigError, match="defaults: unknown key"):
            load_config(path)
        return
    expected = {k: tuple(x.format(d=tmp_path) for x in v) if k == "lists" else v for k, v in values.items()}
    assert dict(load_config(path).values) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("min-score: high\n", ":1: min-score: must be a number from 0 to 100, got 'high'"),
        ("format: json\nmin-score: 101\n", ":2: min-score: must be a number from 0 to 100, got 101"),
        ("min-score: .nan\n", ":1: min-score: must be a number from 0 to 100, got nan"),
        ("format: xml\n", ":1: format: must be one of table, json, jsonl, sarif, github, csv, got 'xml'"),
        ("format: JSON\n", ":1: format: must be one of table, json, jsonl, sarif, github, csv, got 'JSON'"),
        ("lits: [a.yaml]\n", ":1: lits: unknown key; did you mean lists?"),
        (
            "colour: red\n",
            ":1: colour: unknown key (known: lists, format, min-score, fail-on, include, exclude, allow, "
            "baseline, no-fuzzy, jobs, max-list-age, update)",
        ),
        ("lists: [a.yaml, 3]\n", ":1: lists: must be a path or a list of them, got 3"),
        ("lists: [a.yaml, '']\n", ":1: lists: must not be empty"),
        ("include: [[a]]\n", ":1: include: must be a glob or a list of them, got a list"),
        ("allow: ''\n", ":1: allow: must not be empty"),
        ("baseline: [a.json]\n", ":1: baseline: must be a path, got a list"),
        ("no-fuzzy: 'yes'\n", ":1: no-fuzzy: must be true or false, got 'yes'"),
        ("no_fuzzy: 1\n", ":1: no_fuzzy: must be true or false, got 1"),
        ("jobs: true\n", ":1: jobs: must be a whole number >= 0, got true"),
        ("jobs: -1\n", ":1: jobs: must be a whole number >= 0, got -1"),
        ("max-list-age: 1.5\n", ":1: max-list-age: must be a whole number >= 0, got 1.5"),
        (
            "fail-on: [95, exactly]\n",
            ":1: fail-on: 'exactly' is neither a score (0-100) nor a method "
            "(exact, normalized, reordered, fuzzy, title, followup)",
        ),
        ("fail-on: 120\n", ":1: fail-on: score must be between 0 and 100, got 120"),
        (
            "fail-on: true\n",
            ":1: fail-on: must be a score, methods (e.g. exact,normalized) or a list of them, got true",
        ),
        ("include:\n", ":1: include: has no value"),
        ("jobs: 1\njobs: 2\n", ":2: jobs: duplicate key"),
        ("min_score: 90\nmin-score: 80\n", ":2: min-score: given twice (as min_score and min-score)"),
        ("- format: json\n", ":1: must be a mapping of settings (key: value)"),
        ("just text\n", ":1: must be a mapping of settings (key: value)"),
        ("format: json\n  jobs: 2\n", ":2: invalid YAML: mapping values are not allowed here"),
        (
            "include: *.txt\n",
            ":1: invalid YAML: expected alphabetic or numeric character, but found '.' "
            "(quote globs that start with *: '*.txt')",
        ),
        ("include: [*txt]\n", ":1: invalid YAML: found undefined alias 'txt' (quote globs that start with *: '*.txt')"),
        ("format: json\n---\njobs: 2\n", ":2: invalid YAML: but found another document"),
        (
            "format: !!python/name:os.system json\n",
            ":1: invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'",
        ),
    ],
)
def test_yaml_errors_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / ".kharon.yaml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}{message}"


def test_yaml_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / ".kharon.yaml"
    path.write_bytes(b"format: json\nallow: caf\xe9.yaml\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}:2: not UTF-8 text"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tool.kharon]\nmin-score = "high"\n', ": tool.kharon.min-score: must be a number from 0 to 100, got 'high'"),
        ("[tool.kharon]\nlist = ['a.yaml']\n", ": tool.kharon.list: unknown key; did you mean lists?"),
        ('[tool.kharon]\njobs = "4"\n', ": tool.kharon.jobs: must be a whole number >= 0, got '4'"),
        ("[tool.kharon]\nno_fuzzy = 0\n", ": tool.kharon.no_fuzzy: must be true or false, got 0"),
        ("[tool]\nkharon = 3\n", ": tool.kharon: must be a table, got 3"),
        ("[tool.ruff]\nline-length = 100\n", ": no [tool.kharon] table"),
        ("[tool.kharon]\nformat = json\n", ": invalid TOML: Invalid value (at line 2, column 10)"),
    ],
)
def test_toml_errors_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}{message}"


def test_unreadable_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "missing.yaml")
    assert str(err.value) == f"{tmp_path}/missing.yaml: cannot read config file: No such file or directory"
    (tmp_path / ".kharon.yaml").mkdir()
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / ".kharon.yaml")
    assert str(err.value) == f"{tmp_path}/.kharon.yaml: cannot read config file: Is a directory"


# --------------------------------------------------------------------------------------- resolve_config


def test_resolve_explicit_disabled_and_searched(tmp_path: Path) -> None:
    found = write(tmp_path / ".kharon.yaml", "format: json\n")
    other = write(tmp_path / "conf" / "k.yaml", "format: csv\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    assert resolve_config(sub) == Config(found, {"format": "json"}, searched_from=sub)
    # An explicit file (--config / KHARON_CONFIG) is taken from the working folder and skips the search.
    assert resolve_config(tmp_path, "conf/k.yaml") == Config(other, {"format": "csv"})
    # --no-config wins even over an explicit file.
    assert resolve_config(sub, other, disabled=True) == Config(ignored=True)
    with pytest.raises(ConfigError, match=r"nope\.yaml: cannot read config file"):
        resolve_config(sub, "nope.yaml")


# -------------------------------------------------------------------------------------------- effective


def test_effective_sources(tmp_path: Path) -> None:
    cfg = write(tmp_path / ".kharon.yaml", "format: json\nmin-score: 90\nlists: [a.yaml]\nno-fuzzy: true\n")
    config = load_config(cfg)
    environ = {
        "KHARON_FORMAT": "csv",
        "KHARON_NO_FUZZY": "",  # empty counts as unset (click ignores it too)
        "KHARON_INCLUDE": " *.txt   *.html ",
        "KHARON_FAIL_ON": "exact,normalized 95",
        "KHARON_JOBS": "3",
        "PATH": "/usr/bin",
    }
    assert effective(config, environ) == [
        Effective("lists", (f"{tmp_path}/a.yaml",), str(cfg)),
        Effective("format", "csv", "environment KHARON_FORMAT"),
        Effective("min-score", 90.0, str(cfg)),
        Effective("fail-on", ("exact,normalized", "95"), "environment KHARON_FAIL_ON"),
        Effective("include", ("*.txt", "*.html"), "environment KHARON_INCLUDE"),
        Effective("exclude", (), "default"),
        Effective("allow", None, "default"),
        Effective("baseline", None, "default"),
        Effective("no-fuzzy", True, str(cfg)),
        Effective("jobs", 3, "environment KHARON_JOBS"),
        Effective("max-list-age", 180, "default"),
    ]


def test_effective_reads_env_like_click() -> None:
    environ = {
        "KHARON_LIST": os.pathsep.join(["a.yaml", "lists"]),
        "KHARON_NO_FUZZY": "Yes",
        "KHARON_MIN_SCORE": "85.5",
        "KHARON_ALLOW": "x y.yaml",
    }
    got = {e.key: e.value for e in effective(Config(), environ)}
    assert (got["lists"], got["no-fuzzy"], got["min-score"], got["allow"]) == (
        ("a.yaml", "lists"),
        True,
        85.5,
        "x y.yaml",
    )
    assert effective(Config(), {"KHARON_NO_FUZZY": "0"})[8] == Effective(
        "no-fuzzy", False, "environment KHARON_NO_FUZZY"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("KHARON_MIN_SCORE", "abc", "must be a number from 0 to 100, got 'abc'"),
        ("KHARON_MIN_SCORE", "101", "must be a number from 0 to 100, got '101'"),
        ("KHARON_FORMAT", "xml", "must be one of table, json, jsonl, sarif, github, csv, got 'xml'"),
        ("KHARON_NO_FUZZY", "maybe", "must be 1 or 0 (true/false, yes/no), got 'maybe'"),
        ("KHARON_JOBS", "1.5", "must be a whole number >= 0, got '1.5'"),
        (
            "KHARON_FAIL_ON",
            "exactly",
            "'exactly' is neither a score (0-100) nor a method (exact, normalized, reordered, fuzzy, title, followup)",
        ),
    ],
)
def test_effective_bad_environment(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        effective(Config(), {name: value})
    assert str(err.value) == f"environment: {name}: {message}"


# ----------------------------------------------------- the real scan command fed a default_map by hand
# These need no wiring: they check that Config.default_map() has the names and value forms scan takes.


def scan_project(tmp_path: Path, config_text: str) -> Path:
    """A project: lists/ours.yaml, .kharon.yaml, docs/brief.txt; returns the docs folder (the cwd)."""
    write(tmp_path / "lists" / "ours.yaml", OURS)
    write(tmp_path / ".kharon.yaml", config_text)
    docs = tmp_path / "docs"
    write(docs / "brief.txt", ARTICLE)
    return docs


def test_default_map_drives_scan(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nformat: json\nfail-on: exact\n")
    monkeypatch.chdir(docs)
    config = load_config(tmp_path / ".kharon.yaml")
    result = runner.invoke(app, ["scan", "brief.txt"], default_map={"scan": config.default_map()})
    assert result.exit_code == 0, result.output  # the one hit is 'reordered', not exact: fail-on lets it pass
    doc = json.loads(result.stdout)
    assert [x["id"] for x in doc["lists"]] == ["ours"]
    assert [h["entity"]["id"] for h in doc["files"][0]["hits"]] == ["ours:1"]


# ------------------------------------------------- install_config in a stand-in app (runs before wiring)

mini_app = typer.Typer()


@mini_app.callback()
def _mini_root(
    ctx: typer.Context,
    config_file: Annotated[Path | None, typer.Option("--config", envvar="KHARON_CONFIG")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", envvar="KHARON_NO_CONFIG")] = False,
) -> None:
    install_config(ctx, config_file, no_config)


@mini_app.command("scan")
def _mini_scan(
    fmt: Annotated[str, typer.Option("--format", envvar="KHARON_FORMAT")] = "table",
    list_paths: Annotated[list[Path] | None, typer.Option("--list")] = None,
) -> None:
    typer.echo(f"{fmt} {[str(p) for p in list_paths or ()]}")


@mini_app.command("lists")
def _mini_lists() -> None:
    typer.echo("lists ran")


def test_install_config_precedence(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".kharon.yaml", "format: json\nlists: [l.yaml]\n")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(mini_app, ["scan"]).stdout == f"json ['{tmp_path}/l.yaml']\n"
    monkeypatch.setenv("KHARON_FORMAT", "csv")
    assert runner.invoke(mini_app, ["scan"]).stdout == f"csv ['{tmp_path}/l.yaml']\n"
    assert runner.invoke(mini_app, ["scan", "--format", "sarif"]).stdout == f"sarif ['{tmp_path}/l.yaml']\n"
    monkeypatch.delenv("KHARON_FORMAT")
    # a default_map handed in by a program stays above the config file
    given = {"scan": {"fmt": "jsonl"}}
    assert runner.invoke(mini_app, ["scan"], default_map=given).stdout == f"jsonl ['{tmp_path}/l.yaml']\n"
    assert runner.invoke(mini_app, ["--no-config", "scan"]).stdout == "table []\n"


def test_install_config_error_only_for_configured_commands(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".kharon.yaml", "format: json\nlits: [l.yaml]\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(mini_app, ["scan"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"kharon: error: {tmp_path}/.kharon.yaml:2: lits: unknown key; did you mean lists?\n"
    result = runner.invoke(mini_app, ["lists"])
    assert (result.exit_code, result.stdout) == (0, "lists ran\n")


# --------------------------------------------------------------------------- end to end


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def config_out(runner: CliRunner, *args: str) -> str:
    """stdout of a ``kharon ... config`` run, which must succeed quietly."""
    code, out, err = run(runner, *args)
    assert (code, err) == (0, ""), err
    return out


def test_config_file_sets_format(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nformat: json\n")
    monkeypatch.chdir(docs)
    code, out, err = run(runner, "scan", "brief.txt")
    assert (code, err) == (1, "")
    doc = json.loads(out)
    assert [x["id"] for x in doc["lists"]] == ["ours"]
    assert [h["entity"]["id"] for h in doc["files"][0]["hits"]] == ["ours:1"]


def test_lists_relative_to_config_folder(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nformat: json\n")
    # A lists/ours.yaml next to the article (the working folder) must not be the one used.
    write(docs / "lists" / "ours.yaml", MINI.read_text(encoding="utf-8"))
    monkeypatch.chdir(docs)
    code, out, _ = run(runner, "scan", "brief.txt")
    assert code == 1
    assert [x["id"] for x in json.loads(out)["lists"]] == ["ours"]
    out = config_out(runner, "config")
    assert out.splitlines()[0] == f"lists = ['{tmp_path}/lists/ours.yaml']  ({tmp_path}/.kharon.yaml)"


def test_env_overrides_config_and_command_line_overrides_env(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nformat: json\nmin-score: 99\n")
    monkeypatch.chdir(docs)
    # config: min-score 99 hides the reordered hit (95)
    code, out, _ = run(runner, "scan", "brief.txt")
    assert (code, json.loads(out)["files"][0]["hits"]) == (0, [])
    monkeypatch.setenv("KHARON_FORMAT", "csv")
    monkeypatch.setenv("KHARON_MIN_SCORE", "90")
    code, out, _ = run(runner, "scan", "brief.txt")
    assert code == 1
    assert out.splitlines()[0].startswith("path,line,column,")
    assert len(out.splitlines()) == 2
    code, out, _ = run(runner, "scan", "-f", "jsonl", "--min-score", "99", "brief.txt")
    assert (code, out) == (0, "")
    # the list from the environment (relative to the working folder) replaces the config's
    monkeypatch.setenv("KHARON_LIST", str(MINI))
    code, out, _ = run(runner, "scan", "-f", "json", "brief.txt")
    assert (code, [x["id"] for x in json.loads(out)["lists"]]) == (1, ["mini"])


def test_given_default_map_beats_config(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nformat: json\n")
    monkeypatch.chdir(docs)
    result = runner.invoke(app, ["scan", "brief.txt"], default_map={"scan": {"fmt": "csv"}})
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith("brief.txt,1,16,15,30,ours:1,ours,")


def test_pyproject_tool_kharon(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = scan_project(tmp_path, "")
    (tmp_path / ".kharon.yaml").unlink()
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.kharon]\nlists = ["lists/ours.yaml"]\nformat = "jsonl"\n',
    )
    monkeypatch.chdir(docs)
    code, out, _ = run(runner, "scan", "brief.txt")
    assert code == 1
    [line] = out.splitlines()
    assert json.loads(line)["entity"]["id"] == "ours:1"


def test_config_command_lines(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nformat: json\nmin-score: 90\nfail-on: [exact, 95]\n")
    monkeypatch.chdir(docs)
    monkeypatch.setenv("KHARON_FORMAT", "csv")
    cfg = tmp_path / ".kharon.yaml"
    code, out, err = run(runner, "config")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"lists = ['{tmp_path}/lists/ours.yaml']  ({cfg})",
        "format = csv  (environment KHARON_FORMAT)",
        f"min-score = 90  ({cfg})",
        f"fail-on = ['exact', '95']  ({cfg})",
        "include = ['*.txt', '*.md']  (default)",
        "exclude = []  (default)",
        "allow = none  (default)",
        "baseline = none  (default)",
        "no-fuzzy = false  (default)",
        "jobs = 0  (default)",
        "max-list-age = 0  (environment KHARON_MAX_LIST_AGE)",
        f"config file: {cfg}",
    ]
    out = config_out(runner, "config", "--format", "json")
    doc = json.loads(out)
    assert (doc["config_file"], doc["searched_from"], doc["ignored"]) == (str(cfg), str(docs), False)
    assert doc["settings"]["format"] == {
        "value": "csv",
        "source": "environment KHARON_FORMAT",
        "envvar": "KHARON_FORMAT",
    }
    assert doc["settings"]["lists"]["value"] == [f"{tmp_path}/lists/ours.yaml"]
    assert doc["settings"]["allow"] == {"value": None, "source": "default", "envvar": "KHARON_ALLOW"}


def test_config_command_without_file(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    no_config_above(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = config_out(runner, "config")
    assert out.splitlines()[0] == "lists = bundled  (default)"
    assert out.splitlines()[-1] == f"no config file found from {tmp_path}"
    write(tmp_path / ".kharon.yaml", "format: json\n")
    out = config_out(runner, "--no-config", "config")
    assert out.splitlines()[1] == "format = table  (default)"
    assert out.splitlines()[-1] == "config files ignored (--no-config or KHARON_NO_CONFIG)"
    monkeypatch.setenv("KHARON_NO_CONFIG", "1")
    out = config_out(runner, "config")
    assert out.splitlines()[1] == "format = table  (default)"


def test_explicit_config_file(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".kharon.yaml", "format: json\n")
    other = write(tmp_path / "ci" / "kharon-ci.yaml", "format: sarif\n")
    monkeypatch.chdir(tmp_path)
    out = config_out(runner, "--config", "ci/kharon-ci.yaml", "config")
    assert out.splitlines()[1] == f"format = sarif  ({other})"
    assert out.splitlines()[-1] == f"config file: {other}"
    monkeypatch.setenv("KHARON_CONFIG", str(other))
    out = config_out(runner, "config")
    assert out.splitlines()[1] == f"format = sarif  ({other})"


@pytest.mark.parametrize("command", [["scan", "brief.txt"], ["config"]])
def test_config_error_is_one_line_exit_2(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nmin-score: high\n")
    monkeypatch.chdir(docs)
    code, out, err = run(runner, *command)
    assert (code, out) == (2, "")
    assert err == f"kharon: error: {tmp_path}/.kharon.yaml:2: min-score: must be a number from 0 to 100, got 'high'\n"


def test_broken_config_does_not_stop_other_commands(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".kharon.yaml", "colour: red\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(runner, "lists", "validate", str(MINI))
    assert code == 0, err
    code, _, err = run(runner, "--no-config", "scan", "--list", str(MINI), "-")
    assert code == 0, err


def test_baseline_create_uses_the_config(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = scan_project(tmp_path, "lists: [lists/ours.yaml]\nformat: json\n")
    monkeypatch.chdir(docs)
    code, _, err = run(runner, "baseline", "create", "brief.txt", "-o", "base.json")
    assert code == 0, err
    assert "ours:1" in (docs / "base.json").read_text(encoding="utf-8")
