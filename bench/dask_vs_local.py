"""Throughput of the Dask engine against the local multi-process scan (``--jobs N``), on Reuters articles.

Usage: python bench/dask_vs_local.py [--articles 5000] [--workers N] [--repeat 3]
Writes the first ``--articles`` Reuters-21578 articles (title and body) as .txt files into a temporary
folder, then times, with the bundled lists and default options (fuzzy on), the median of ``--repeat`` runs:

- local: ``parallel.scan_all`` with ``jobs=N`` (what ``kharon scan --jobs N`` runs; forked workers share
  the matcher the parent loaded),
- dask cold: ``scan_dask`` starting its own LocalCluster of N single-threaded processes (what a one-off
  ``kharon scan --engine dask`` costs: cluster start and a tagger load per worker included),
- dask warm: ``scan_dask`` on a running cluster whose workers already hold the tagger (a long-lived cluster).

Each run's results are checked to be identical to a plain one-process scan. Times exclude loading the
matcher in this process (all three share the warm compiled-list cache). Prints files/s and MB/s (MB of the
files' bytes).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

from kharon_cli import load_tagger
from kharon_cli.matching.tagger import MatchOptions
from kharon_cli.models import FileResult
from kharon_cli.scanning.dask_engine import scan_dask
from kharon_cli.scanning.parallel import WorkerSetup, default_jobs, scan_all
from kharon_cli.scanning.sources import Source, discover, scan_sources


def _key(results: Iterable[FileResult]) -> list[tuple[object, ...]]:
    return [
        (r.path, r.status, tuple((h.start, h.end, h.entity_key, h.method, h.score) for h in r.hits)) for r in results
    ]


def _time(run: Callable[[], list[FileResult]], repeat: int, expected: list[tuple[object, ...]]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        results = run()
        times.append(time.perf_counter() - t0)
        if _key(results) != expected:
            raise SystemExit("results differ from the one-process scan")
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=default_jobs())
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not corpora.REUTERS_DIR.exists():
        raise SystemExit(f"shared data not available: {corpora.REUTERS_DIR}")
    from dask.distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n, (doc, text) in enumerate(corpora.reuters()):
            if n == args.articles:
                break
            (root / f"{doc}.txt").write_text(text, encoding="utf-8")
        sources: list[Source] = list(discover([tmp]))
        nbytes = sum(s.path.stat().st_size for s in sources if s.path is not None)
        options = MatchOptions()
        tagger = load_tagger(options=options)  # warms the cache for everyone
        expected = _key(scan_sources(sources, tagger))  # also builds what the matcher loads lazily
        one = _time(lambda: list(scan_sources(sources, tagger)), args.repeat, expected)
        setup = WorkerSetup((), options, True, None)
        w = args.workers

        local = _time(lambda: list(scan_all(sources, tagger, jobs=w, setup=setup)), args.repeat, expected)
        cold = _time(lambda: list(scan_dask(sources, options=options, n_workers=w)), args.repeat, expected)
        with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            address = cluster.scheduler_address
            list(scan_dask(sources[:w], options=options, scheduler=address))  # load the tagger on the workers
            warm = _time(lambda: list(scan_dask(sources, options=options, scheduler=address)), args.repeat, expected)

    mb = nbytes / 1e6
    print(f"{len(sources)} files, {mb:.1f} MB, {w} workers, median of {args.repeat} runs\n")
    print(f"{'engine':<34} {'seconds':>8} {'files/s':>9} {'MB/s':>7}")
    rows = [
        ("one process (scan_sources)", one),
        (f"local --jobs {w} (fork)", local),
        ("dask, fresh LocalCluster (cold)", cold),
        ("dask, running cluster (warm)", warm),
    ]
    for name, secs in rows:
        print(f"{name:<34} {secs:>8.2f} {len(sources) / secs:>9.0f} {mb / secs:>7.2f}")


if __name__ == "__main__":
    main()
