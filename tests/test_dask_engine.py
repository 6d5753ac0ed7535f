"""The Dask engine: the same results, in the same order, as a local scan; size-balanced partitions."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

from conftest import SHARED_DATA

from kharon_cli import load_tagger
from kharon_cli.matching.tagger import MatchOptions
from kharon_cli.models import FileResult, FileStatus
from kharon_cli.reporters import OutputFormat, make_reporter
from kharon_cli.scanning import dask_engine
from kharon_cli.scanning.dask_engine import partition, scan_dask, scan_partition
from kharon_cli.scanning.sources import Source, discover, scan_sources

REUTERS = SHARED_DATA / "news_reuters21578"
# Articles about the countries of 1987's sanctions news: ~40 hits of four methods over 300 articles.
TOPICAL = re.compile(r"Iran|Libya|Cuba|Nicaragua|Syria|Panama")
ARTICLES = 300


# --- partitioning ---------------------------------------------------------------------------------------


def test_partition_balances_by_size_and_keeps_input_order() -> None:
    sizes = [k * 10_000 for k in (5, 1, 9, 3, 7, 2, 8, 4, 6, 10)]
    groups = partition(sizes, 3)
    assert sorted(i for g in groups for i in g) == list(range(len(sizes)))  # every file exactly once
    assert all(g == sorted(g) for g in groups)  # each partition scans in input order
    loads = [sum(sizes[i] for i in g) // 10_000 for g in groups]
    assert loads == [19, 18, 18]  # 55 split as evenly as whole files allow
    # Largest first, each to the lightest partition (ties to the lower one): fixed, so runs are repeatable.
    assert groups == [[0, 7, 9], [2, 3, 8], [1, 4, 5, 6]]


def test_partition_one_huge_file_gets_a_partition_of_its_own() -> None:
    sizes = [100_000, 1, 1, 1, 1, 1_000_000, 1, 1]
    groups = partition(sizes, 2)
    assert groups == [[5], [0, 1, 2, 3, 4, 6, 7]]


def test_partition_edge_cases() -> None:
    assert partition([], 4) == []
    assert partition([3, 3], 8) == [[0], [1]]  # never more partitions than files
    assert partition([0, 0, 0, 0], 2) == [[0, 2], [1, 3]]  # empty files (and errors) still spread out
    assert partition([7, 7, 7], 0) == [[0, 1, 2]]


# --- per-file failures on a worker (run in this process) -------------------------------------------------


def test_an_unexpected_exception_becomes_that_files_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text("Nothing to see here.\n")
    bad.write_text("Nor here.\n")

    def flaky_open(source: Source, stdin: object) -> io.BufferedReader:
        if source.display.endswith("b.txt"):
            raise ValueError("codec exploded")
        return open(source.display, "rb")  # closed by scan_sources

    monkeypatch.setattr(dask_engine, "_open", flaky_open)
    key = ((), MatchOptions(), True)
    results = scan_partition(key, [Source(str(bad), bad), Source(str(good), good)], None)
    assert [(r.path, r.status, r.message) for r in results] == [
        (str(bad), FileStatus.ERROR, "ValueError: codec exploded"),
        (str(good), FileStatus.OK, None),
    ]


def test_the_dask_engine_refuses_standard_input() -> None:
    with pytest.raises(ValueError, match="cannot read standard input"):
        list(scan_dask([Source("-", None)], scheduler="tcp://127.0.0.1:1"))


# --- a real cluster over real articles -------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not REUTERS.exists():
        pytest.skip(f"shared data not available: {REUTERS}")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import corpora

    root = tmp_path_factory.mktemp("archive")
    n = 0
    for doc, text in corpora.reuters():
        if TOPICAL.search(text):
            # Two folders, so the walk order (folders sorted) is part of what must be kept.
            (root / ("a" if n % 3 else "b")).mkdir(exist_ok=True)
            (root / ("a" if n % 3 else "b") / f"{doc}.txt").write_text(text, encoding="utf-8")
            n += 1
            if n == ARTICLES:
                break
    # Unreadable inputs in the middle of the walk: a dangling link and a FIFO (would block a naive reader).
    os.symlink(root / "gone.txt", root / "a" / "reuters-5000.txt")
    os.mkfifo(root / "b" / "reuters-5000.txt")
    return root


def _rows(results: list[FileResult]) -> list[tuple[object, ...]]:
    return [
        (
            r.path,
            r.status,
            r.message,
            tuple((h.start, h.end, h.entity_key, h.method, h.score, h.text, h.line, h.column) for h in r.hits),
        )
        for r in results
    ]


def _report(fmt: OutputFormat, results: list[FileResult]) -> str:
    from kharon_cli.engine import load_matcher
    from kharon_cli.models import Summary

    out = io.StringIO()
    reporter = make_reporter(fmt, out)
    reporter.start(load_matcher()[0])
    for r in results:
        reporter.file(r)
    reporter.finish(Summary.of(results))
    return out.getvalue()


def test_dask_scan_equals_local_scan_hit_for_hit(archive: Path, cluster_address: str) -> None:
    sources = list(discover([str(archive)]))
    assert len(sources) == ARTICLES + 2
    local = list(scan_sources(sources, load_tagger()))
    dask = list(scan_dask(sources, scheduler=cluster_address))

    assert _rows(dask) == _rows(local)
    hits = [h for r in local for h in r.hits]
    assert len(hits) >= 30
    assert len({h.method for h in hits}) >= 3
    errors = [(r.path, r.message) for r in dask if r.status is FileStatus.ERROR]
    assert errors == [
        (str(archive / "a" / "reuters-5000.txt"), "broken symbolic link"),
        (str(archive / "b" / "reuters-5000.txt"), "not a regular file (a FIFO)"),
    ]
    # What the reporters write is the same too (entities travel back from the workers as equal copies).
    for fmt in (OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.SARIF):
        assert _report(fmt, dask) == _report(fmt, local)


def test_dask_scan_passes_the_match_options_on(archive: Path, cluster_address: str) -> None:
    sources = list(discover([str(archive / "b")]))
    options = MatchOptions(fuzzy=False, min_score=95)
    local = list(scan_sources(sources, load_tagger(options=options)))
    dask = list(scan_dask(sources, scheduler=cluster_address, options=options))
    assert _rows(dask) == _rows(local)
    assert all(h.method.value != "fuzzy" for r in dask for h in r.hits)
