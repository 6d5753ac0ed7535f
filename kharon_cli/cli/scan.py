"""``kharon scan`` and ``kharon explain``: the commands that tag text.

``scan`` runs the pipeline end to end: check the options, load the lists (``common.load_lists``), the allowlist
and the baseline, tag every input (local processes or a Dask cluster), hand each file result to the reporter
as it arrives, then set the exit code (0 no hits, 1 hits that meet ``--fail-on``, 2 errors). ``explain`` tags
one text and shows why each mention is a hit and why near misses are not.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..defaults import DEFAULT_INCLUDE, DEFAULT_MIN_SCORE, STDIN
from ..errors import KharonError
from ..reporters import OutputFormat
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

if TYPE_CHECKING:
    from ..models import FileResult
    from ..reporters import Reporter
    from ..results.baseline import Baseline


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


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
    from ..models import Summary
    from ..reporters import make_reporter
    from ..results.fail_policy import FailPolicy

    if summary_only and fmt not in (OutputFormat.TABLE, OutputFormat.JSON):
        fail("--summary works with --format table or json")
    try:
        policy = FailPolicy.parse(fail_on or ())
    except KharonError as exc:
        fail(str(exc))
    inputs = _inputs(paths, engine, scheduler)
    infos, compiled = load_lists(list_paths, use_cache=not no_cache, max_list_age=max_list_age)
    allowlist = load_allowlist_option(allow)
    baseline = _load_baseline(baseline_path)
    tagger = Tagger(compiled, MatchOptions(fuzzy=not no_fuzzy, min_score=min_score))
    reporter = make_reporter(fmt, sys.stdout)
    if not summary_only:
        reporter.start(infos)
    if engine is Engine.DASK:
        from ..scanning.dask_engine import discover_all, scan_dask

        # discover_all: as discover, plus fsspec URLs (s3://bucket/article.txt), read on the workers.
        results_iter: Iterable[FileResult] = scan_dask(
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
    results = _report(_after_baseline(results_iter, baseline), reporter if not summary_only else None)
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


def _inputs(paths: list[str] | None, engine: Engine, scheduler: str | None) -> list[str]:
    """The inputs to scan (stdin when none are named and it is not a terminal), or a usage error."""
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
    return inputs


def _load_baseline(path: Path | None) -> Baseline | None:
    if path is None:
        return None
    from ..results.baseline import Baseline

    try:
        return Baseline.load(path)
    except KharonError as exc:
        fail(str(exc))


def _after_baseline(results: Iterable[FileResult], baseline: Baseline | None) -> Iterable[FileResult]:
    if baseline is None:
        return results
    from dataclasses import replace

    from ..results.baseline import apply

    # Applied after the allowlist (which runs inside the scan): a suppressed hit uses up no count.
    return (replace(r, baselined=n) if n else r for r, n in apply(results, baseline))


def _report(results: Iterable[FileResult], reporter: Reporter | None) -> list[FileResult]:
    """Hand each file result to the reporter (None: a roll-up is printed at the end instead) as it arrives,
    with its errors and warnings on stderr and a progress bar on a terminal; every result, in order."""
    from ..models import FileStatus
    from ..printable import printable_path
    from ..reporters.progress import wanted as progress_wanted

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

    out: list[FileResult] = []
    try:
        for result in results:
            if result.status is FileStatus.ERROR:
                say(f"kharon: error: {printable_path(result.path)}: {result.message}")
            for warning in result.warnings:
                say(f"kharon: warning: {printable_path(result.path)}: {warning}")
            if progress is not None:
                progress.advance(result.path, len(result.hits))
            if reporter is not None:
                reporter.file(result)
            out.append(result)
    finally:
        if progress is not None:
            progress.finish()
    return out


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
