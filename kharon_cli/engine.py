"""Glue between the stages: find the lists, load or compile them (through the cache), build a tagger.

This is the library face of kharon: ``load_tagger(...).tag(text)`` gives programs the same matching the
CLI uses. No typer, no rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .errors import WatchlistError
from .lists.watchlist import list_files, load_watchlists
from .matching.compiled import CompiledMatcher
from .matching.compiler import compile_watchlists
from .matching.tagger import MatchOptions, Tagger
from .models import ListInfo
from .store import cache


def compile_files(files: list[Path]) -> tuple[list[ListInfo], CompiledMatcher]:
    # Loading and compiling create millions of objects that all live on: collection passes over them only
    # cost time (a third of the compile).
    with cache.gc_paused():
        watchlists = load_watchlists(files)
        return [wl.info for wl in watchlists], compile_watchlists(watchlists)


def load_matcher(
    list_paths: Iterable[Path] | None = None, *, use_cache: bool = True
) -> tuple[list[ListInfo], CompiledMatcher]:
    """Load (the bundled lists when ``list_paths`` is empty) and compile, reusing a cached compile."""
    files = list_files(list_paths)
    if not use_cache:
        return compile_files(files)
    try:
        key = cache.cache_key(files)
    except OSError as exc:
        raise WatchlistError(str(exc.filename), f"cannot read watchlist: {exc.strerror or exc}") from None
    cached = cache.load(key)
    if cached is not None:
        infos, compiled = cached
        # The key is the lists' content: the same bytes may have been cached from another path.
        return [replace(info, path=str(f)) for info, f in zip(infos, files, strict=True)], compiled
    infos, compiled, _ = compile_to_cache(files, key)
    return infos, compiled


def compile_to_cache(files: list[Path], key: str | None = None) -> tuple[list[ListInfo], CompiledMatcher, Path | None]:
    """Compile ``files`` and store the result in the cache (under ``key``, computed when not given); the
    path of the cache file, or None when the cache folder is not writable."""
    if key is None:
        key = cache.cache_key(files)
    infos, compiled = compile_files(files)
    _ = compiled.fuzzy  # build them now, so the cached matcher serves fuzzy scans too
    _ = compiled.persons
    _ = compiled.orgs
    return infos, compiled, cache.store(key, infos, compiled)


def load_tagger(
    list_paths: Iterable[Path] | None = None, options: MatchOptions | None = None, *, use_cache: bool = True
) -> Tagger:
    _, compiled = load_matcher(list_paths, use_cache=use_cache)
    return Tagger(compiled, options)
