"""``kharon baseline create``: scan a corpus and record its hits as accepted (see ``results.baseline``).

A CI job then runs ``kharon scan --baseline FILE`` and sees only hits that are not in the file. ``create``
takes the matching options of ``scan`` (lists, globs, fuzzy, score, allowlist), so that both see the same
hits. Exit codes: 0 when the file was written; 2 on any error, and then nothing is written (an unreadable
input would leave its accepted hits out of the baseline, and every one of them would come back in CI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..defaults import DEFAULT_MIN_SCORE, STDIN
from ..errors import KharonError
from .common import (
    EXIT_CLEAN,
    ExcludeOption,
    IncludeOption,
    ListPathsOption,
    NoCacheOption,
    NoFuzzyOption,
    fail,
    load_allowlist_option,
    load_lists,
    scan_inputs,
    warn,
)

baseline_app = typer.Typer(
    help="Record accepted hits, so that 'kharon scan --baseline FILE' reports only new ones.",
    no_args_is_help=True,
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@baseline_app.command("create")
def create(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files, folders (recursive) or - for stdin.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The baseline file to write (JSON), e.g. .kharon-baseline.json.")
    ],
    list_paths: ListPathsOption = None,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score", min=0, max=100, envvar="KHARON_MIN_SCORE", help="Record only hits scoring at least this."
        ),
    ] = DEFAULT_MIN_SCORE,
    no_fuzzy: NoFuzzyOption = False,
    allow: Annotated[
        Path | None,
        typer.Option(
            "--allow",
            envvar="KHARON_ALLOW",
            help="Allowlist YAML: hits it suppresses are not recorded (they stay suppressed).",
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
            help="Processes scanning files in parallel (0: one per core). The file is the same for any value.",
        ),
    ] = 0,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
) -> None:
    """Scan PATHs and write every hit to FILE as accepted. Use the same options as the scans it will serve."""
    from ..matching.tagger import MatchOptions, Tagger
    from ..models import FileStatus
    from ..printable import printable_path
    from ..results.baseline import Baseline

    inputs = list(paths)
    if inputs.count(STDIN) > 1:
        fail("standard input ('-') can only be given once")
    infos, compiled = load_lists(list_paths, use_cache=not no_cache)
    allowlist = load_allowlist_option(allow)
    tagger = Tagger(compiled, MatchOptions(fuzzy=not no_fuzzy, min_score=min_score))
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
    results = []
    errors = 0
    for result in results_iter:
        if result.status is FileStatus.ERROR:
            typer.echo(f"kharon: error: {printable_path(result.path)}: {result.message}", err=True)
            errors += 1
        for warning in result.warnings:
            warn(f"{printable_path(result.path)}: {warning}")
        results.append(result)
    where = printable_path(str(output))
    if errors:
        fail(f"{where} not written: {_plural(errors, 'input')} could not be read")
    baseline = Baseline.from_results(results, infos)
    try:
        baseline.dump(output)
    except KharonError as exc:
        fail(str(exc))
    files = sum(1 for r in results if r.hits)
    typer.echo(f"wrote {where}: {_plural(baseline.total, 'hit')} in {_plural(files, 'file')}", err=True)
    raise typer.Exit(EXIT_CLEAN)
