"""Scan many inputs on several processes, with results in exactly the order a single process gives.

Part of the scanning stage. Workers share the compiled matcher: on Linux they are forked after it is loaded
(copy-on-write; nothing is pickled or re-read), elsewhere each worker loads it from the compiled-list cache
once. Results come back through ``Pool.imap``, which keeps the input order, so the output of ``--jobs N``
is byte for byte that of ``--jobs 1``. Standard input, and a scan of a single input, stay in the calling
process.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..lists.allowlist import Allowlist
from ..matching.tagger import MatchOptions, Tagger
from ..models import FileResult
from .sources import Source, scan_sources

# Inputs handed to a worker at a time in a big scan: enough to amortise the round trip (32 was 10-15% slower
# over 19,000 articles on 2 cores), few enough to balance the load. A small scan splits its inputs finer.
BATCH = 256
# From this many inputs on, a scan counts as big (see ``CompiledMatcher.prepare_for_bulk``).
BULK = 256


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
        yield from scan_sources(itertools.chain(head, it), tagger, allowlist=setup.allowlist)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
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
