"""The ``kharon`` command line: the typer app, its root options, and every command registered in one place.

Each command lives in the module of its group (``scan``: scan and explain; ``show``, ``lists``, ``baseline``,
``config``); this module wires them into one app and runs it (``main``, the console entry point).

Exit codes: 0 no hits, 1 at least one hit, 2 usage error, bad watchlist or an unreadable input (the other
inputs are still scanned and reported first). Every ``KharonError`` becomes one ``kharon: error: ...`` line on
stderr and exit code 2; a traceback reaching the user is a bug.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..version import __version__
from .baseline import baseline_app
from .config import config_command, install_config
from .lists import lists_app
from .scan import explain, scan
from .show import show

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


app.command("scan")(scan)
app.command("show")(show)
app.command("explain")(explain)


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
