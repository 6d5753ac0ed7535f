"""The ``kharon`` command line: parse options, call the library, pick a reporter, set the exit code.

Exit codes: 0 no hits, 1 at least one hit, 2 usage error, bad watchlist or an unreadable input (the other
inputs are still scanned and reported first). Every ``KharonError`` becomes one ``kharon: error: ...`` line on
stderr and exit code 2; a traceback reaching the user is a bug.
"""

from __future__ import annotations

import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..defaults import DEFAULT_INCLUDE, DEFAULT_MIN_SCORE, STDIN
from ..errors import KharonError
from ..reporters import OutputFormat
from ..version import __version__
from .baseline import baseline_app
from .common import (
    DEFAULT_MAX_LIST_AGE,
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_HITS,
    AllowOption,
    ExcludeOption,
    IncludeOption,
    ListPathsOption,
    MaxListAgeOption,
    NoCacheOption,
    NoFuzzyOption,
    fail,
    load_allowlist_option,
    load_lists,
    scan_inputs,
)
from .config import config_command, install_config
from .lists import lists_app
from .show import show


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


app = typer.Typer(
    name="kharon",
    help="Tag mentions of sanctioned parties from YAML watchlists in news articles.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(lists_app, name="lists")
app.add_typer(baseline_app, name="baseline")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kharon {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            envvar="KHARON_CONFIG",
            help="Config file to use (.kharon.yaml or pyproject.toml) instead of searching up from here.",
        ),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", envvar="KHARON_NO_CONFIG", help="Ignore config files.")
    ] = False,
) -> None:
    """kharon finds sanctioned parties in news articles."""
    install_config(ctx, config_file, no_config)


app.command("config")(config_command)


@app.command()
def scan(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Files, folders (recursive) or - for stdin. Default: stdin when it is not a terminal.",
        ),
    ] = None,
    list_paths: ListPathsOption = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", envvar="KHARON_FORMAT", help="Output format.")
    ] = OutputFormat.TABLE,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score", min=0, max=100, envvar="KHARON_MIN_SCORE", help="Report only hits scoring at least this."
        ),
    ] = DEFAULT_MIN_SCORE,
    no_fuzzy: NoFuzzyOption = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are hits.")] = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            envvar="KHARON_FAIL_ON",
            help="Exit 1 only for hits scoring at least N and/or found by these methods, e.g. 95 or exact,normalized "
            "(repeatable; all conditions must hold). Other hits are still reported.",
        ),
    ] = None,
    summary_only: Annotated[
        bool,
        typer.Option("--summary", help="Print the entity roll-up (one row per party across all inputs) instead."),
    ] = False,
    allow: AllowOption = None,
    baseline_path: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            envvar="KHARON_BASELINE",
            help="Baseline JSON of accepted hits ('kharon baseline create'): report only hits not in it.",
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            envvar="KHARON_JOBS",
            help="Processes scanning files in parallel (0: one per core). Output is the same for any value.",
        ),
    ] = 0,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            envvar="KHARON_ENGINE",
            help="Where files are scanned: local processes, or a Dask cluster (pip install 'kharon-cli[dask]'). "
            "Output is the same.",
        ),
    ] = Engine.LOCAL,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            envvar="KHARON_SCHEDULER",
            help="Dask scheduler address (tcp://host:8786) for --engine dask. Default: a local cluster of "
            "--jobs workers.",
        ),
    ] = None,
    max_list_age: MaxListAgeOption = DEFAULT_MAX_LIST_AGE,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
) -> None:
    """Scan articles for mentions of listed parties."""
    from ..matching.tagger import MatchOptions, Tagger
    from ..models import FileStatus, Summary
    from ..printable import printable_path
    from ..reporters import make_reporter
    from ..reporters.progress import wanted as progress_wanted
    from ..results.fail_policy import FailPolicy

    if summary_only and fmt not in (OutputFormat.TABLE, OutputFormat.JSON):
        fail("--summary works with --format table or json")
    try:
        policy = FailPolicy.parse(fail_on or ())
    except KharonError as exc:
        fail(str(exc))
    inputs = list(paths or [])
    if not inputs:
        if sys.stdin is None or sys.stdin.isatty():
            fail("no input: give one or more PATHs, or pipe text on stdin (PATH '-')")
        inputs = [STDIN]
    if inputs.count(STDIN) > 1:
        fail("standard input ('-') can only be given once")
    if scheduler is not None and engine is not Engine.DASK:
        fail("--scheduler needs --engine dask")
    if engine is Engine.DASK:
        from ..scanning.dask_engine import dask_available

        if not dask_available():
            fail("--engine dask needs 'pip install kharon-cli[dask]'")
        if STDIN in inputs:
            fail("--engine dask cannot read standard input ('-'): give files or folders")
    infos, compiled = load_lists(list_paths, use_cache=not no_cache, max_list_age=max_list_age)
    allowlist = load_allowlist_option(allow)
    baseline = None
    if baseline_path is not None:
        from ..results.baseline import Baseline

        try:
            baseline = Baseline.load(baseline_path)
        except KharonError as exc:
            fail(str(exc))
    tagger = Tagger(compiled, MatchOptions(fuzzy=not no_fuzzy, min_score=min_score))
    reporter = make_reporter(fmt, sys.stdout)
    if not summary_only:
        reporter.start(infos)
    results = []
    if engine is Engine.DASK:
        from ..scanning.dask_engine import discover_all, scan_dask

        # discover_all: as discover, plus fsspec URLs (s3://bucket/article.txt), read on the workers.
        results_iter = scan_dask(
            discover_all(inputs, include or DEFAULT_INCLUDE, exclude or ()),
            list_paths=list_paths,
            options=tagger.options,
            allowlist=allowlist,
            scheduler=scheduler,
            use_cache=not no_cache,
            n_workers=jobs or None,
            check_lists=False,  # loaded just above
        )
    else:
        results_iter = scan_inputs(
            inputs,
            tagger,
            include=include,
            exclude=exclude,
            jobs=jobs,
            list_paths=list_paths,
            use_cache=not no_cache,
            allowlist=allowlist,
        )
    if baseline is not None:
        from dataclasses import replace

        from ..results.baseline import apply

        # Applied after the allowlist (which runs inside the scan): a suppressed hit uses up no count.
        results_iter = (replace(r, baselined=n) if n else r for r, n in apply(results_iter, baseline))
    progress = None
    if progress_wanted(sys.stdout.isatty(), sys.stderr.isatty()):
        from rich.console import Console

        from ..reporters.progress import ScanProgress

        progress = ScanProgress(Console(stderr=True))

    def say(line: str) -> None:
        if progress is not None:
            progress.message(line)
        else:
            typer.echo(line, err=True)

    try:
        for result in results_iter:
            if result.status is FileStatus.ERROR:
                say(f"kharon: error: {printable_path(result.path)}: {result.message}")
            for warning in result.warnings:
                say(f"kharon: warning: {printable_path(result.path)}: {warning}")
            if progress is not None:
                progress.advance(result.path, len(result.hits))
            if not summary_only:
                reporter.file(result)
            results.append(result)
    finally:
        if progress is not None:
            progress.finish()
    summary = Summary.of(results)
    if summary_only:
        from ..reporters import summary_report
        from ..results.rollup import rollup

        write = summary_report.write_table if fmt is OutputFormat.TABLE else summary_report.write_json
        write(rollup(results), infos, summary, sys.stdout)
    else:
        reporter.finish(summary)
    if summary.errors:
        raise typer.Exit(EXIT_ERROR)
    failing = any(policy.fails(hit) for result in results for hit in result.hits)
    raise typer.Exit(EXIT_HITS if failing and not exit_zero else EXIT_CLEAN)


app.command("show")(show)


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="The text to explain, or - to read it from stdin.")],
    list_paths: ListPathsOption = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table (readable) or json; jsonl is taken as json.")
    ] = OutputFormat.TABLE,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=100, envvar="KHARON_MIN_SCORE")
    ] = DEFAULT_MIN_SCORE,
    no_fuzzy: NoFuzzyOption = False,
) -> None:
    """Show why each mention in TEXT is a hit (alias, normalised forms, rule, score) and why near misses are not."""
    from ..matching.tagger import MatchOptions, Tagger
    from ..reporters.explain_report import explanation_dict, write_json, write_text

    if fmt not in (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL):
        fail(f"explain writes table or json, not {fmt.value}")
    if text == STDIN:
        text = sys.stdin.read() if sys.stdin is not None else ""
    _, compiled = load_lists(list_paths)
    ex = Tagger(compiled, MatchOptions(fuzzy=not no_fuzzy, min_score=min_score)).explain(text)
    doc = explanation_dict(ex, compiled.entity)
    if fmt is OutputFormat.TABLE:
        write_text(doc, sys.stdout)
    else:
        write_json(doc, sys.stdout)


def _interrupted(signum: int, frame: object) -> None:
    # One line and the conventional 128 + SIGINT, instead of a KeyboardInterrupt traceback or click's "Aborted!".
    sys.stderr.write("\nkharon: interrupted\n")
    sys.stderr.flush()
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # Article text and paths can hold anything; output must never die on an unencodable character.
            reconfigure(encoding="utf-8", errors="backslashreplace")
    app()
