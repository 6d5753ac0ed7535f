"""One big input on several processes: its streaming windows tagged on workers, merged back in order.

The output of ``--jobs 2`` must be byte for byte that of ``--jobs 1``, for a file and for standard input, and a
small input must never start the workers.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINI
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.matching.tagger import MatchOptions, Tagger
from kharon_cli.scanning import parallel
from kharon_cli.scanning.parallel import WindowPool, WorkerSetup
from kharon_cli.scanning.sources import scan_stream
from kharon_cli.scanning.stream import Window, windows

NAMES = [
    "Kata\u2019ib Hizballah",
    "ISLAMIC REVOLUTIONARY GUARD CORPS",
    "HAMAS",
    "al-Nusra Front",
    "Qasem Soleimani",
    "Soleimani",
    "Jabhat al-Nusra",
]
FILLER = "the quick brown fox jumps over a lazy dog in the morning. "


def _text(n_parts: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    parts = []
    for _ in range(n_parts):
        parts.append(FILLER * rnd.randint(0, 40))
        parts.append(rnd.choice(NAMES))
        parts.append(rnd.choice([".\n", " and ", ",\n\n", " "]))
    return "".join(parts)


def _hits(result: object) -> list[tuple[object, ...]]:
    return [
        (h.start, h.end, h.entity_key, h.text, h.line, h.column, h.method, h.score, h.context)
        for h in result.hits  # type: ignore[attr-defined]
    ]


def test_windows_on_workers_give_the_hits_of_one_process(mini: Tagger) -> None:
    data = _text(3000).encode()
    kwargs = {"threshold": 10_000, "chunk": 20_000, "overlap": 2_000}
    alone = scan_stream("big.txt", io.BytesIO(data), mini, **kwargs)  # type: ignore[arg-type]
    assert len(alone.hits) > 1000
    pool = WindowPool(mini, 2, WorkerSetup((MINI,), mini.options, True, None))
    try:
        shared = scan_stream("big.txt", io.BytesIO(data), mini, tag_windows=pool, **kwargs)  # type: ignore[arg-type]
        again = scan_stream("big.txt", io.BytesIO(data), mini, tag_windows=pool, **kwargs)  # type: ignore[arg-type]
    finally:
        pool.close()
    assert _hits(shared) == _hits(alone) == _hits(again)
    assert shared == alone


def _broken(window: Window) -> list[object]:
    raise RuntimeError(f"window at {window.base}")


def test_a_worker_error_reaches_the_caller(mini: Tagger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_tag_window", _broken)
    pool = WindowPool(mini, 2, WorkerSetup((MINI,), mini.options, True, None))
    try:
        with pytest.raises(RuntimeError, match="window at 0"):
            scan_stream("big.txt", io.BytesIO(_text(400).encode()), mini, threshold=1000, tag_windows=pool)
    finally:
        pool.close()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many windows went through a WindowPool in this test."""
    seen: list[int] = []
    real = WindowPool.__call__

    def counting(self: WindowPool, windows: Iterator[Window]) -> Iterator[object]:
        def tally() -> Iterator[Window]:
            for w in windows:
                seen.append(w.base)
                yield w

        return real(self, tally())

    monkeypatch.setattr(WindowPool, "__call__", counting)
    return seen


def test_one_big_file_and_stdin_with_jobs_2_print_what_jobs_1_prints(tmp_path: Path, counted: list[int]) -> None:
    big = tmp_path / "archive.txt"
    text = _text(8_000)
    big.write_text(text, encoding="utf-8")
    assert big.stat().st_size > parallel_threshold()
    runner = CliRunner()
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("jsonl", "table"):
            result = runner.invoke(app, ["scan", "-l", str(MINI), "-f", fmt, "--jobs", jobs, str(big)])
            assert result.exit_code == 1, result.stderr
            outputs[(jobs, fmt)] = result.stdout
    for fmt in ("jsonl", "table"):
        assert outputs[("2", fmt)] == outputs[("1", fmt)], fmt
    assert len(outputs[("1", "jsonl")].splitlines()) > 5_000
    # every window of both `--jobs 2` runs went to the workers (and none of the `--jobs 1` runs did)
    assert len(counted) == 2 * len(list(windows([text]))) >= 2 * 8
    piped = runner.invoke(app, ["scan", "-l", str(MINI), "-f", "jsonl", "--jobs", "2", "-"], input=text)
    assert piped.stdout == outputs[("1", "jsonl")].replace(str(big), "-")


def test_a_small_input_never_starts_the_workers(tmp_path: Path, counted: list[int]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Qasem Soleimani spoke.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", "-l", str(MINI), "--jobs", "2", "-f", "jsonl", str(article)])
    assert result.exit_code == 1
    assert counted == []


def parallel_threshold() -> int:
    from kharon_cli.scanning.stream import STREAM_THRESHOLD

    return STREAM_THRESHOLD


def test_the_options_reach_the_workers(tmp_path: Path) -> None:
    # --no-fuzzy and --min-score are the tagger's options: forked workers have them as the caller does.
    big = tmp_path / "archive.txt"
    big.write_text(_text(8_000, seed=3).replace("Soleimani", "Soleimanni"), encoding="utf-8")
    runner = CliRunner()
    for extra in (["--no-fuzzy"], ["--min-score", "95"]):
        one = runner.invoke(app, ["scan", "-l", str(MINI), "-f", "jsonl", "--jobs", "1", *extra, str(big)])
        two = runner.invoke(app, ["scan", "-l", str(MINI), "-f", "jsonl", "--jobs", "2", *extra, str(big)])
        assert one.stdout == two.stdout, extra
    assert MatchOptions(fuzzy=False) != MatchOptions()
