"""What every part of the command line shares: exit codes, the one-line error exit, date options, the options
several commands take, and the steps every scanning command goes through (load the lists, the allowlist,
scan the inputs). Heavy modules are imported inside the functions, so ``--help`` stays light."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from ..lists.allowlist import Allowlist
    from ..matching.compiled import CompiledMatcher
    from ..matching.tagger import Tagger
    from ..models import FileResult, ListInfo

EXIT_CLEAN, EXIT_HITS, EXIT_ERROR = 0, 1, 2
DEFAULT_MAX_LIST_AGE = 180  # days; sanctions lists change weekly, and half a year without an update is a smell


def fail(message: str) -> NoReturn:
    """One ``kharon: error: ...`` line on stderr, then exit code 2."""
    typer.echo(f"kharon: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def warn(message: str) -> None:
    typer.echo(f"kharon: warning: {message}", err=True)


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date YYYY-MM-DD, got {value!r}")


# Options several commands share, declared once (scan, show, explain, baseline create, lists).
ListPathsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--list",
        "-l",
        envvar="KHARON_LIST",
        help=(
            "Watchlist YAML file or folder (repeatable). "
            "Default: the lists installed by 'kharon lists update', else the bundled ones."
        ),
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Compile the lists afresh instead of using the compiled-list cache."),
]
NoFuzzyOption = Annotated[
    bool, typer.Option("--no-fuzzy", envvar="KHARON_NO_FUZZY", help="Exact and normalised matching only.")
]
IncludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        envvar="KHARON_INCLUDE",
        help="Glob of files to scan inside folders (repeatable). Default: *.txt, *.md.",
    ),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option("--exclude", envvar="KHARON_EXCLUDE", help="Glob of files or folders to skip (repeatable)."),
]
AllowOption = Annotated[
    Path | None,
    typer.Option(
        "--allow",
        envvar="KHARON_ALLOW",
        help="Allowlist YAML of accepted non-matches (entity and/or phrase, path, reason).",
    ),
]
MaxListAgeOption = Annotated[
    int,
    typer.Option(
        "--max-list-age",
        min=0,
        envvar="KHARON_MAX_LIST_AGE",
        help="Warn on stderr about each list published more than this many days ago (0: never).",
    ),
]


def load_lists(
    list_paths: Sequence[Path] | None, *, use_cache: bool = True, max_list_age: int | None = None
) -> tuple[list[ListInfo], CompiledMatcher]:
    """The lists in use, compiled (through the cache), or one error line and exit 2. With ``max_list_age``,
    one warning per list older than that."""
    import gc

    from ..engine import load_matcher
    from ..errors import KharonError
    from ..lists.watchlist import stale_list_warnings

    try:
        infos, compiled = load_matcher(list_paths, use_cache=use_cache)
    except KharonError as exc:
        fail(str(exc))
    if max_list_age is not None:
        for stale in stale_list_warnings(infos, date.today(), max_list_age):
            warn(stale)
    # The compiled lists are ~100,000 long-lived objects: keep the garbage collector from walking them
    # again and again while a scan allocates tokens (a third of the time on large inputs).
    gc.freeze()
    return infos, compiled


def load_allowlist_option(allow: Path | None) -> Allowlist | None:
    """The ``--allow`` file, or None without one; a bad file is one error line and exit 2."""
    if allow is None:
        return None
    from ..errors import KharonError
    from ..lists.allowlist import load_allowlist

    try:
        return load_allowlist(allow)
    except KharonError as exc:
        fail(str(exc))


def scan_inputs(
    inputs: list[str],
    tagger: Tagger,
    *,
    include: Sequence[str] | None,
    exclude: Sequence[str] | None,
    jobs: int,
    list_paths: Sequence[Path] | None,
    use_cache: bool,
    allowlist: Allowlist | None,
) -> Iterator[FileResult]:
    """Every input's result, in input order: on ``jobs`` processes (0: one per core), or all in this process
    when standard input is among the inputs (only this process can read it)."""
    import sys

    from ..defaults import DEFAULT_INCLUDE, STDIN
    from ..scanning.parallel import WorkerSetup, default_jobs, scan_all, scan_here
    from ..scanning.sources import discover

    sources = discover(inputs, include or DEFAULT_INCLUDE, exclude or ())
    setup = WorkerSetup(tuple(list_paths or ()), tagger.options, use_cache, allowlist)
    workers = jobs if jobs else default_jobs()
    if STDIN in inputs:
        stdin = sys.stdin.buffer if sys.stdin is not None else None
        return scan_here(sources, tagger, jobs=workers, setup=setup, stdin=stdin)
    return scan_all(sources, tagger, jobs=workers, setup=setup)
