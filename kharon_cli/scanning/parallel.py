"""Scan many inputs on several processes, with results in exactly the order a single process gives.

Part of the scanning stage. Workers share the compiled matcher: on Linux they are forked after it is loaded
(copy-on-write; nothing is pickled or re-read), elsewhere each worker loads it from the compiled-list cache
once. Results come back through ``Pool.imap``, which keeps the input order, so the output of ``--jobs N``
is byte for byte that of ``--jobs 1``.

A single input (or standard input) is read in the calling process; when it is large enough to be streamed,
its windows (``stream.Window``) are tagged on the workers instead (``WindowPool``) and their hits put back in
window order, so one big file uses every core and still gives the output of ``--jobs 1``. The pool is only
started when such an input turns up: a one-article check never forks.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import BinaryIO

from ..lists.allowlist import Allowlist
from ..matching.tagger import MatchOptions, Tagger
from ..models import FileResult, Hit
from .sources import Source, scan_sources
from .stream import Window, owned_hits

# Inputs handed to a worker at a time in a big scan: enough to amortise the round trip (32 was 10-15% slower
# over 19,000 articles on 2 cores), few enough to balance the load. A small scan splits its inputs finer.
BATCH = 256
# From this many inputs on, a scan counts as big (see ``CompiledMatcher.prepare_for_bulk``).
BULK = 256
# Windows of one big input in flight per worker: enough to keep every worker busy while the calling process
# decodes the next window and merges hits, few enough that memory stays a few windows (about 1 MB each).
WINDOWS_IN_FLIGHT = 2


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker that was not forked needs to rebuild the tagger (from the compiled-list cache)."""

    list_paths: tuple[Path, ...]
    options: MatchOptions
    use_cache: bool
    allowlist: Allowlist | None


_tagger: Tagger | None = None
_allowlist: Allowlist | None = None


def _init_worker(setup: WorkerSetup) -> None:
    global _tagger, _allowlist
    # Ctrl-C reaches every process of the job: the main process answers it (one line, exit 130).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _tagger is None:  # spawned, not forked: load the matcher here, once
        from ..engine import load_matcher

        _, compiled = load_matcher(setup.list_paths, use_cache=setup.use_cache)
        _tagger = Tagger(compiled, setup.options)
        _allowlist = setup.allowlist


def _scan_one(source: Source) -> FileResult:
    assert _tagger is not None
    return next(scan_sources([source], _tagger, allowlist=_allowlist))


def _tag_window(window: Window) -> list[Hit]:
    assert _tagger is not None
    return owned_hits(_tagger, window)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class WindowPool:
    """Tags the windows of streamed inputs on ``jobs`` worker processes, started on first use.

    Called with an input's windows (``stream.WindowTagger``), it yields their owned hits in window order:
    windows are submitted as they are cut, at most ``WINDOWS_IN_FLIGHT * jobs`` at a time, and each window's
    hits are taken in turn. ``close()`` stops the workers."""

    def __init__(self, tagger: Tagger, jobs: int, setup: WorkerSetup):
        self._tagger = tagger
        self._jobs = jobs
        self._setup = setup
        self._pool: Pool | None = None

    def _started(self) -> Pool:
        global _tagger, _allowlist
        if self._pool is None:
            ctx = _context()
            if ctx.get_start_method() == "fork":
                # Decoded once here and inherited by the workers, as for a big folder.
                self._tagger.compiled.prepare_for_bulk(self._tagger.options.fuzzy)
                gc.freeze()
                _tagger, _allowlist = self._tagger, self._setup.allowlist
            self._pool = ctx.Pool(self._jobs, initializer=_init_worker, initargs=(self._setup,))
        return self._pool

    def __call__(self, windows: Iterator[Window]) -> Iterator[Hit]:
        pool = self._started()
        pending: deque[AsyncResult[list[Hit]]] = deque()
        for window in windows:
            pending.append(pool.apply_async(_tag_window, (window,)))
            if len(pending) >= WINDOWS_IN_FLIGHT * self._jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        global _tagger, _allowlist
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            _tagger = _allowlist = None


def scan_here(
    sources: Iterable[Source], tagger: Tagger, *, jobs: int, setup: WorkerSetup, stdin: BinaryIO | None = None
) -> Iterator[FileResult]:
    """Scan the inputs one after another in this process (standard input among them, or a single input),
    with the windows of any big one tagged on ``jobs`` workers."""
    if jobs <= 1:
        yield from scan_sources(sources, tagger, stdin, allowlist=setup.allowlist)
        return
    pool = WindowPool(tagger, jobs, setup)
    try:
        yield from scan_sources(sources, tagger, stdin, allowlist=setup.allowlist, tag_windows=pool)
    finally:
        pool.close()


def default_jobs() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def scan_all(sources: Iterable[Source], tagger: Tagger, *, jobs: int, setup: WorkerSetup) -> Iterator[FileResult]:
    """Every source's result, in order; on ``jobs`` processes when there is more than one input to scan.

    The sources must be files (the CLI scans standard input in its own process).
    """
    global _tagger, _allowlist
    it = iter(sources)
    head = list(itertools.islice(it, BULK))
    if jobs <= 1 or len(head) < 2:
        yield from scan_here(itertools.chain(head, it), tagger, jobs=jobs, setup=setup)
        return
    ctx = _context()
    if ctx.get_start_method() == "fork":
        if len(head) == BULK:
            # A big scan: decoded once here and inherited by the forked workers (copy-on-write), rather than
            # once in each. (A few files are scanned sooner without: they never need all of it.)
            tagger.compiled.prepare_for_bulk(tagger.options.fuzzy)
            gc.freeze()
        _tagger, _allowlist = tagger, setup.allowlist
    try:
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(setup,)) as pool:
            batch = BATCH if len(head) == BULK else max(1, -(-len(head) // (4 * jobs)))
            yield from pool.imap(_scan_one, itertools.chain(head, it), chunksize=batch)
    finally:
        _tagger = _allowlist = None
