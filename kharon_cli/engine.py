"""Glue between the stages: load lists, compile them, and run a scan. No typer, no rich.

This is the library face of kharon: ``Tagger`` + ``load_tagger`` give programs the same matching the CLI
uses (``load_tagger().tag(text)``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .compiler import CompiledMatcher, compile_watchlists
from .matcher import MatchOptions, Tagger
from .models import ListInfo
from .watchlist import load_watchlists


def load_matcher(list_paths: Iterable[Path] | None = None) -> tuple[list[ListInfo], CompiledMatcher]:
    """Load (the bundled lists when ``list_paths`` is empty) and compile."""
    watchlists = load_watchlists(list_paths)
    return [wl.info for wl in watchlists], compile_watchlists(watchlists)


def load_tagger(list_paths: Iterable[Path] | None = None, options: MatchOptions | None = None) -> Tagger:
    _, compiled = load_matcher(list_paths)
    return Tagger(compiled, options)
