"""Scan an article archive on a Dask cluster, with the same results, in the same order, as a local scan.

An alternative to ``parallel`` for the scanning stage (``kharon scan --engine dask``), for archives that
outgrow one machine. The client (the ``kharon`` process) finds the inputs (``scanner.discover``), groups
them into size-balanced partitions and submits one task per partition. Each worker builds the tagger once
and keeps it for every later task (``_worker_tagger``: from the compiled-list cache, ~0.5 s, which the
client warms before submitting anything), then runs ``scanner.scan_sources`` over its files, exactly as a
local scan does. File results are small, picklable dataclasses (hits, not text), so what travels back to
the client is bounded by the number of hits, not by the size of the archive.

Order: a partition holds files from anywhere in the input (balancing by size scatters them), so results
are put back in input order in a reorder buffer and yielded as soon as every earlier input's result is in.

Failures: an input that cannot be read is an ``error`` result, as in a local scan; any other exception
while scanning one file also becomes that file's ``error`` result (message: the exception), and a task
whose worker dies is retried (``retries=2``) before all its files are reported as errors. The scan itself
never stops on one bad file.

Inputs may also be fsspec URLs (``s3://bucket/key.txt``, ``file:///...``), read on the worker with
``fsspec.open`` when fsspec is installed (it comes with dask). Lists (``--list``) must be readable at the
same path on every worker; the bundled lists always are.
"""

from __future__ import annotations

import gc
import heapq
import importlib
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ..defaults import DEFAULT_INCLUDE
from ..lists.allowlist import Allowlist
from ..matching.tagger import MatchOptions, Tagger
from ..models import FileResult, FileStatus
from .sources import Source, discover, open_source, scan_sources

# Partitions per worker thread: enough that a slow partition at the end does not leave the others idle.
PARTITIONS_PER_WORKER = 4
# What a file costs beyond its bytes (open, stat, a result to send back), in bytes' worth of scanning: so
# that a partition of many tiny or empty files is not taken for a light one.
FILE_COST = 2048
# The size assumed for a URL input (stat-ing every object of a bucket from the client would be too slow).
URL_SIZE_GUESS = 4096
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

TaggerKey = tuple[tuple[str, ...], MatchOptions, bool]

# One tagger per worker process, keyed by what it was built from: the compiled matcher is ~60 MB and
# takes ~0.5 s to load from the cache, so it is loaded at the first task and reused by every later one.
_taggers: dict[TaggerKey, Tagger] = {}
_taggers_lock = threading.Lock()


def dask_available() -> bool:
    """Whether dask.distributed is installed (``pip install kharon-cli[dask]``), without importing it."""
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


def is_url(raw: str) -> bool:
    return _URL_RE.match(raw) is not None


def discover_all(
    paths: Iterable[str], include: Iterable[str] = DEFAULT_INCLUDE, exclude: Iterable[str] = ()
) -> Iterator[Source]:
    """``scanner.discover``, but a URL passes through as one input (a remote folder is not listed)."""
    inc, exc = tuple(include), tuple(exclude)
    for raw in paths:
        if is_url(raw):
            yield Source(raw, None)
        else:
            yield from discover([raw], inc, exc)


def partition(sizes: Sequence[int], n: int) -> list[list[int]]:
    """Indexes of ``sizes`` split into at most ``n`` groups of about equal total size.

    Greedy (largest first, each to the lightest group so far: within 4/3 of the best split), each file
    counting ``FILE_COST`` more than its size. Each group lists its indexes in ascending order, so a
    partition scans its files in input order. Empty groups are left out.
    """
    n = max(1, min(n, len(sizes)))
    heap = [(0, g) for g in range(n)]  # (load, group): ties go to the lower group, so the split is stable
    groups: list[list[int]] = [[] for _ in range(n)]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        load, g = heapq.heappop(heap)
        groups[g].append(i)
        heapq.heappush(heap, (load + max(0, sizes[i]) + FILE_COST, g))
    return [sorted(g) for g in groups if g]


def _size(source: Source) -> int:
    if source.path is None:
        return URL_SIZE_GUESS if is_url(source.display) else 0
    if source.error is not None:
        return 0
    try:
        return os.stat(source.path).st_size
    except OSError:
        return 0  # the worker will report why


def _open(source: Source, stdin: BinaryIO | None) -> BinaryIO:
    if source.path is None and is_url(source.display):
        try:
            fsspec = _optional("fsspec")
        except ImportError:
            raise OSError("reading URLs needs fsspec ('pip install fsspec')") from None
        f: BinaryIO = fsspec.open(source.display, "rb").open()
        return f
    return open_source(source, stdin)


def _optional(name: str) -> Any:
    """An optional dependency, typed Any: dask and fsspec ship no complete annotations, and kharon's type
    check must pass where they are not installed."""
    return importlib.import_module(name)


def _worker_tagger(key: TaggerKey) -> Tagger:
    with _taggers_lock:
        tagger = _taggers.get(key)
        if tagger is None:
            from ..engine import load_matcher

            list_paths, options, use_cache = key
            _, compiled = load_matcher([Path(p) for p in list_paths], use_cache=use_cache)
            if options.fuzzy:
                _ = compiled.fuzzy  # loaded lazily from the cache: now, so no task's timing includes it
                _ = compiled.persons
                _ = compiled.orgs
            # As in the CLI: the matcher's objects live as long as the worker; the collector need not walk them.
            gc.freeze()
            tagger = _taggers[key] = Tagger(compiled, options)
        return tagger


def scan_partition(key: TaggerKey, sources: list[Source], allowlist: Allowlist | None) -> list[FileResult]:
    """The task run on a worker: one result per source, in the order given."""
    tagger = _worker_tagger(key)
    results = []
    for source in sources:
        try:
            result = next(scan_sources([source], tagger, opener=_open, allowlist=allowlist))
        except Exception as exc:  # one file's failure, whatever it is, must not lose the partition's others
            result = FileResult(source.display, FileStatus.ERROR, message=_exc_message(exc))
        results.append(result)
    return results


def _exc_message(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def local_cluster_workers() -> int:
    from .parallel import default_jobs

    return default_jobs()


def scan_dask(
    sources: Iterable[Source],
    *,
    list_paths: Iterable[Path] | None = None,
    options: MatchOptions | None = None,
    allowlist: Allowlist | None = None,
    scheduler: str | None = None,
    use_cache: bool = True,
    n_workers: int | None = None,
    client: Any = None,
    check_lists: bool = True,
) -> Iterator[FileResult]:
    """Every source's result, in input order, scanned on a Dask cluster.

    ``scheduler``: the address of a running scheduler (``tcp://host:8786``); None starts a ``LocalCluster``
    of ``n_workers`` single-threaded processes (default: one per core) for the duration of the scan. An
    existing ``client`` may be given instead of either. Sources are files or URLs (``discover_all``), not
    standard input. ``check_lists=False`` skips loading the lists here first (the caller has just done so).
    """
    from ..engine import load_matcher

    dd = _optional("distributed")

    srcs = list(sources)
    if any(s.path is None and not is_url(s.display) for s in srcs):
        raise ValueError("the dask engine cannot read standard input")
    paths = tuple(str(p) for p in (list_paths or ()))
    opts = options or MatchOptions()
    # Compile (or check) the lists here first: a bad list is one error in the client, not one per worker,
    # and the cache is warm when the workers start loading it.
    if check_lists:
        load_matcher([Path(p) for p in paths], use_cache=use_cache)
    if not srcs:
        return
    key: TaggerKey = (paths, opts, use_cache)

    cluster = None
    own_client = client is None
    if client is None:
        if scheduler is None:
            cluster = dd.LocalCluster(
                n_workers=n_workers or local_cluster_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = dd.Client(cluster)
        else:
            client = dd.Client(scheduler)
    futures: list[Any] = []
    try:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or 1
        groups = partition([_size(s) for s in srcs], PARTITIONS_PER_WORKER * threads)
        for g in groups:
            futures.append(client.submit(scan_partition, key, [srcs[i] for i in g], allowlist, retries=2, pure=False))
        group_of = {id(f): g for f, g in zip(futures, groups, strict=True)}
        done: dict[int, FileResult] = {}
        next_index = 0
        for future in dd.as_completed(futures):
            g = group_of[id(future)]
            if future.status == "error":
                exc = future.exception()
                message = f"dask worker failed: {_exc_message(exc)}"
                results = [FileResult(srcs[i].display, FileStatus.ERROR, message=message) for i in g]
            else:
                results = future.result()
            future.release()
            done.update(zip(g, results, strict=True))
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1
    finally:
        if futures:
            client.cancel([f for f in futures if not f.done()])
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
