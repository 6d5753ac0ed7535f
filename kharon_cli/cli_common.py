"""What every part of the command line shares: exit codes, the one-line error exit, date options."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

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


# Options several commands share, declared once (scan, show, explain, baseline create).
ListPathsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--list",
        "-l",
        envvar="KHARON_LIST",
        help="Watchlist YAML file or folder (repeatable). Default: the bundled lists.",
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
