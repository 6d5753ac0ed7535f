"""``kharon config`` and the hook that puts a config file's settings under the command-line options.

``install_config`` runs in the root callback: it finds and loads the config file and hands its settings to
click as ``default_map`` for the commands that take them, so each option resolves as command line >
``KHARON_*`` variable > config file > built-in default. ``config_command`` prints that resolution.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..config import CONFIG_ENVVAR, NO_CONFIG_ENVVAR, SETTINGS, Config, ConfigError, Value, effective, resolve_config
from ..printable import json_dumps, printable_path
from .common import fail

META_KEY = "kharon.config"
# The commands whose options a config file sets. `baseline create` must record with the options of the scans
# it serves, and `explain` should explain with the same lists and thresholds; explain's --format is its own
# (table/json only), so it does not take `format`. Names are click's command names and Python parameter names.
CONFIGURED_COMMANDS = frozenset({"scan", "config", "baseline", "explain", "show"})
_EXPLAIN_PARAMS = ("list_paths", "min_score", "no_fuzzy")
_SHOW_PARAMS = ("list_paths", "min_score", "no_fuzzy", "allow", "max_list_age")


class ConfigFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def install_config(ctx: typer.Context, config_file: Path | None, no_config: bool) -> None:
    """Load the config for the subcommand being run and install it as click's ``default_map``.

    Other subcommands (``lists ...``) never read it, so a broken config file does not stop them. A config
    error is one ``kharon: error: <file>:<line>: <key>: <problem>`` line and exit code 2."""
    if ctx.invoked_subcommand not in CONFIGURED_COMMANDS:
        return
    try:
        config = resolve_config(Path.cwd(), config_file, disabled=no_config)
    except ConfigError as exc:
        fail(str(exc))
    except OSError as exc:  # the working folder was removed under us
        fail(f"cannot read the working folder: {exc.strerror or exc}")
    ctx.meta[META_KEY] = config
    scan_map = config.default_map()
    from_config: dict[str, object] = {
        "scan": scan_map,
        "baseline": {"create": scan_map},  # create has no fmt/fail_on/baseline: click ignores those keys
        "explain": config.default_map(_EXPLAIN_PARAMS),
        "show": config.default_map(_SHOW_PARAMS),
    }
    ctx.default_map = _merge(from_config, ctx.default_map or {})


def _merge(low: Mapping[str, object], high: Mapping[str, object]) -> dict[str, object]:
    """Nested default maps combined, ``high`` winning: a default_map handed to ``app(...)`` by a program
    embedding kharon stays above the config file."""
    out = dict(low)
    for key, value in high.items():
        below = out.get(key)
        if isinstance(value, Mapping) and isinstance(below, Mapping):
            out[key] = _merge(below, value)
        else:
            out[key] = value
    return out


def _fallback_config() -> Config:
    """The config when the root callback did not install one (config_command used on its own)."""
    no_config = os.environ.get(NO_CONFIG_ENVVAR, "").strip().lower() in {"1", "true", "t", "yes", "y", "on"}
    return resolve_config(Path.cwd(), os.environ.get(CONFIG_ENVVAR) or None, disabled=no_config)


def _text(key: str, value: Value) -> str:
    if value is None:
        return "bundled" if key == "lists" else "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return repr(list(value))
    return printable_path(str(value))


def _json_value(value: Value) -> object:
    return list(value) if isinstance(value, tuple) else value


def config_command(
    ctx: typer.Context,
    fmt: Annotated[ConfigFormat, typer.Option("--format", "-f", help="Output format.")] = ConfigFormat.TABLE,
) -> None:
    """Print the settings 'kharon scan' uses without options, and where each comes from."""
    try:
        config = ctx.meta.get(META_KEY)
        if not isinstance(config, Config):
            config = _fallback_config()
        rows = effective(config, os.environ)
    except ConfigError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot read the working folder: {exc.strerror or exc}")
    if fmt is ConfigFormat.JSON:
        doc = {
            "config_file": None if config.path is None else str(config.path),
            "searched_from": None if config.searched_from is None else str(config.searched_from),
            "ignored": config.ignored,
            "settings": {
                key: {"value": _json_value(value), "source": source, "envvar": setting.envvar}
                for (key, value, source), setting in zip(rows, SETTINGS, strict=True)
            },
        }
        sys.stdout.write(json_dumps(doc, indent=2) + "\n")
        return
    for key, value, source in rows:
        typer.echo(f"{key} = {_text(key, value)}  ({printable_path(source)})")
    if config.path is not None:
        typer.echo(f"config file: {printable_path(str(config.path))}")
    elif config.ignored:
        typer.echo(f"config files ignored (--no-config or {NO_CONFIG_ENVVAR})")
    else:
        where = config.searched_from if config.searched_from is not None else Path.cwd()
        typer.echo(f"no config file found from {printable_path(str(where))}")
