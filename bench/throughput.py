"""Scan throughput over Reuters-21578 with the bundled lists, and the wall time of a one-off scan.

Usage: python bench/throughput.py [--repeat N]
Prints: list load and compile times, MB/s with fuzzy matching on and off (median of N runs over the
Reuters bodies, MB of UTF-8 text), hit counts, and the median wall time of `kharon scan` on one short
article written here (a fresh process each time, as a user or a pre-commit hook would run it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

from kharon_cli.lists.watchlist import load_watchlists
from kharon_cli.matching.compiler import compile_watchlists
from kharon_cli.matching.tagger import MatchOptions, Tagger

SHORT_ARTICLE = """Militia leaders meet in Baghdad

A spokesman for Kata'ib Hizballah said on Tuesday that the group would attend talks with
officials from the Islamic Revolutionary Guard Corps-Qods Force. Analysts said Qassem Soleimani's
successor was expected. Soleimani was killed in 2020. Markets in the region were calm.
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not corpora.REUTERS_DIR.exists():
        sys.exit(f"Reuters corpus not found at {corpora.REUTERS_DIR}")

    t0 = time.perf_counter()
    lists = load_watchlists()
    t1 = time.perf_counter()
    compiled = compile_watchlists(lists)
    t2 = time.perf_counter()
    _ = compiled.fuzzy
    t3 = time.perf_counter()
    print(f"lists: {', '.join(f'{w.info.id} ({w.info.entities} entities)' for w in lists)}")
    print(
        f"load YAML {t1 - t0:.2f} s, compile automaton ({len(compiled.forms)} forms) {t2 - t1:.2f} s, "
        f"fuzzy index {t3 - t2:.2f} s"
    )

    docs = [text for _, text in corpora.reuters(body_only=True)]
    mb = sum(len(t.encode("utf-8")) for t in docs) / 1e6
    print(f"corpus: Reuters-21578 bodies, {len(docs)} articles, {mb:.1f} MB")
    for fuzzy in (True, False):
        tagger = Tagger(compiled, MatchOptions(fuzzy=fuzzy))
        times, hits = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            hits = sum(len(tagger.tag(t)) for t in docs)
            times.append(time.perf_counter() - start)
        med = statistics.median(times)
        print(
            f"fuzzy={'on ' if fuzzy else 'off'}: {mb / med:.1f} MB/s (median {med:.2f} s of {args.repeat}), {hits} hits"
        )

    exe = shutil.which("kharon") or str(Path(sys.executable).parent / "kharon")
    with tempfile.TemporaryDirectory() as td:
        article = Path(td) / "short.txt"
        article.write_text(SHORT_ARTICLE, encoding="utf-8")
        walls = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(
                [exe, "scan", "--format", "json", str(article)],
                capture_output=True,
                check=False,
                env={**os.environ},
            )
            walls.append(time.perf_counter() - start)
        print(
            f"one-off `kharon scan` of a {len(SHORT_ARTICLE)}-byte article: median {statistics.median(walls):.2f} s "
            f"(runs: {', '.join(f'{w:.2f}' for w in walls)})"
        )


if __name__ == "__main__":
    main()
