"""kharon against plain keyword matchers, one-off start-up cost, the fuzzy pass's cost and multi-process scaling.

Usage:
    python bench/compare.py [--only throughput|oneoff|fuzzy|scaling ...] [--rounds 3]
        [--warm-runs 5] [--cold-runs 1] [--fuzzy-sizes 5000,20000,all] [--fuzzy-mb 0]
        [--scaling-sizes 10000,100000] [--scaling-runs 1]

Prints markdown tables (defaults finish in about 6 minutes on a 2-core machine):

1. ``throughput``: MB/s over the Reuters-21578 bodies (read in place from ../shared/data; about 15.9 MB of
   UTF-8), every name and alias of lists/ofac-sdn.yaml for every approach, rounds interleaved (each round
   runs every approach once, in turn) and medians reported, with the ratio to flashtext:
   flashtext's KeywordProcessor (its own word boundaries, case-insensitive) on the raw bodies; a bare
   pyahocorasick automaton of the lower-cased names run over the lower-cased bodies (no word boundaries, no
   checks: the floor of what an automaton costs; lower-casing is timed too); kharon's ``Tagger.tag`` per
   article, fuzzy on and off; and the whole ``kharon scan`` process (``--jobs 1`` and ``2``, fuzzy on and
   off) over a folder holding one file per article, with a warm compiled-list cache, MB/s = corpus bytes /
   wall time (start-up included). Hits are counted as each approach defines them (raw automaton hits
   include every substring, so they are not comparable).
2. ``oneoff``: the wall time of ``kharon scan`` on one article of about 3 KB (the first Reuters body of
   2.5-3.5 KB, written to a temporary file) with the bundled lists, cold (empty ``KHARON_CACHE_DIR``, the
   first run, which compiles the lists and fills the cache) and warm (median), next to the floor of any
   Python CLI: ``python -c pass``, ``python -c "import typer, rich"`` and ``kharon --version``.
3. ``fuzzy``: the fuzzy pass's cost against the size of the list. Sub-lists of OFAC entities holding about
   5,000 and 20,000 names (primary names + aliases; entities drawn at a fixed random seed, kept in file
   order) and the whole list are written as watchlist YAML, loaded and validated with ``load_watchlist``,
   compiled, and used to tag the corpus with fuzzy off and on (rounds interleaved); the cost is
   (on - off) seconds per MB.
4. ``scaling``: folders of 10,000 and 100,000 article files (Reuters bodies repeated under distinct names,
   in subfolders of 1,000), ``kharon scan`` with the bundled lists, ``--jobs 1`` against ``--jobs 2``, warm
   cache: files per second and MB/s.

Every child process gets ``KHARON_CACHE_DIR`` set to a temporary folder (deleted at the end, as are the
article folders), so the user's cache is never read or written. The in-process sections call
``gc.freeze()`` once everything is built, as ``kharon scan`` does after loading its lists. The 1-minute
load average is printed before and after each section: compare it with the core count before trusting a
number.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

import kharon_cli
from kharon_cli.lists.watchlist import load_watchlist
from kharon_cli.matching.compiled import CompiledMatcher
from kharon_cli.matching.compiler import compile_watchlists
from kharon_cli.matching.tagger import MatchOptions, Tagger
from kharon_cli.models import AliasKind, Entity, Watchlist

REPO = Path(__file__).resolve().parents[1]
OFAC = REPO / "lists" / "ofac-sdn.yaml"
SECTIONS = ("throughput", "oneoff", "fuzzy", "scaling")
SCAN = ("scan", "-f", "jsonl", "--exit-zero", "--max-list-age", "0")


# --- helpers ---------------------------------------------------------------------------------------------


def kharon_exe() -> str:
    return shutil.which("kharon") or str(Path(sys.executable).parent / "kharon")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print()


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    n = fn()
    return time.perf_counter() - start, n


def run_cli(args: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time of one command, and the number of lines it printed (jsonl: one per hit)."""
    start = time.perf_counter()
    proc = subprocess.run(list(args), capture_output=True, env=env, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {proc.returncode}:\n{proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    return wall, proc.stdout.count(b"\n")


def child_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KHARON_JOBS", "KHARON_MAX_LIST_AGE")}
    env["KHARON_CACHE_DIR"] = str(cache)
    return env


def all_names(wl: Watchlist) -> list[str]:
    """Every primary name and alias of the list, in file order (duplicates kept)."""
    return [a.name for e in wl.entities for a in e.names()]


def write_articles(folder: Path, bodies: list[str], count: int, per_folder: int = 0) -> int:
    """Write ``count`` article files (bodies repeated as needed, distinct names); returns the bytes written."""
    total = 0
    for i in range(count):
        data = bodies[i % len(bodies)].encode("utf-8")
        where = folder / f"d{i // per_folder:04d}" if per_folder else folder
        if per_folder and i % per_folder == 0:
            where.mkdir(parents=True)
        (where / f"article-{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def fmt_ratio(x: float) -> str:
    return f"{x:.2f}×"


# --- 1. throughput ---------------------------------------------------------------------------------------


def section_throughput(args: argparse.Namespace, bodies: list[str], tmp: Path) -> None:
    import ahocorasick
    from flashtext import KeywordProcessor  # type: ignore[import-untyped]

    print("## 1. Throughput on the Reuters-21578 bodies, every name and alias of lists/ofac-sdn.yaml\n")
    print(f"_{load()} before_\n")
    nbytes = sum(len(b.encode("utf-8")) for b in bodies)
    mb = nbytes / 1e6

    t0 = time.perf_counter()
    wl = load_watchlist(OFAC)
    names = all_names(wl)
    t1 = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    for n in names:
        kp.add_keyword(n)
    t2 = time.perf_counter()
    lowered = sorted({n.lower() for n in names})
    automaton = ahocorasick.Automaton()
    for i, n in enumerate(lowered):
        automaton.add_word(n, i)
    automaton.make_automaton()
    t3 = time.perf_counter()
    compiled = compile_watchlists([wl])
    _ = compiled.fuzzy
    t4 = time.perf_counter()
    taggers = {fz: Tagger(compiled, MatchOptions(fuzzy=fz)) for fz in (True, False)}

    folder = tmp / "reuters"
    folder.mkdir()
    write_articles(folder, bodies, len(bodies))
    # The same bodies as ONE file (an archive or dump): streamed in windows, which --jobs spreads over cores.
    one_file = tmp / "reuters-one-file.txt"
    one_file.write_text("\n\n".join(bodies), encoding="utf-8")
    cache = tmp / "cache-throughput"
    env = child_env(cache)
    exe = kharon_exe()
    t5 = time.perf_counter()
    run_cli([exe, "lists", "compile", "--list", str(OFAC)], env)
    t6 = time.perf_counter()
    gc.collect()
    gc.freeze()

    print(
        f"Corpus: {len(bodies)} bodies, {mb:.2f} MB UTF-8 ({len(bodies)} files for the whole-process rows). "
        f"Names: {len(names)} ({len(set(names))} distinct; {len(lowered)} distinct lower-cased) from "
        f"{wl.info.entities} entities. Set-up (not in the times below): load YAML {t1 - t0:.1f} s, flashtext "
        f"build {t2 - t1:.1f} s, pyahocorasick build {t3 - t2:.1f} s, kharon compile {t4 - t3:.1f} s "
        f"({len(compiled.forms)} forms), `kharon lists compile` (cache warm-up) {t6 - t5:.1f} s.\n"
    )

    def flashtext_run() -> int:
        return sum(len(kp.extract_keywords(b)) for b in bodies)

    def aho_run() -> int:
        return sum(sum(1 for _ in automaton.iter(b.lower())) for b in bodies)

    def tagger_run(fz: bool) -> Callable[[], int]:
        return lambda: sum(len(taggers[fz].tag(b)) for b in bodies)

    def cli_run(fz: bool, jobs: int, target: Path = folder, using: str = exe) -> Callable[[], tuple[float, int]]:
        cmd = [using, *SCAN, "--list", str(OFAC), *([] if fz else ["--no-fuzzy"]), "--jobs", str(jobs), str(target)]
        return lambda: run_cli(cmd, env)

    approaches: list[tuple[str, Callable[[], tuple[float, int]]]] = [
        ("flashtext KeywordProcessor (case-insensitive)", lambda: timed(flashtext_run)),
        ("pyahocorasick, lower-cased, no word boundaries", lambda: timed(aho_run)),
        ("kharon Tagger.tag in-process, fuzzy on", lambda: timed(tagger_run(True))),
        ("kharon Tagger.tag in-process, fuzzy off", lambda: timed(tagger_run(False))),
        ("`kharon scan --jobs 1` process, fuzzy on", cli_run(True, 1)),
        ("`kharon scan --jobs 1` process, fuzzy off", cli_run(False, 1)),
        ("`kharon scan --jobs 2` process, fuzzy on", cli_run(True, 2)),
        ("`kharon scan --jobs 2` process, fuzzy off", cli_run(False, 2)),
        ("`kharon scan --jobs 1` process, ONE file of all bodies, fuzzy on", cli_run(True, 1, one_file)),
        ("`kharon scan --jobs 2` process, ONE file of all bodies, fuzzy on", cli_run(True, 2, one_file)),
        ("`kharon scan --jobs 2` process, ONE file of all bodies, fuzzy off", cli_run(False, 2, one_file)),
    ]
    if args.native is not None:
        # The same commands with the mypyc build (hatch_build.py, KHARON_MYPYC=1) installed in another venv.
        native = str(args.native / "bin" / "kharon")
        run_cli([native, "lists", "compile", "--list", str(OFAC)], env)
        approaches += [
            ("mypyc build: `kharon scan --jobs 1` process, fuzzy on", cli_run(True, 1, folder, native)),
            ("mypyc build: `kharon scan --jobs 2` process, fuzzy on", cli_run(True, 2, folder, native)),
            ("mypyc build: `kharon scan --jobs 2` process, fuzzy off", cli_run(False, 2, folder, native)),
            ("mypyc build: `kharon scan --jobs 2` process, ONE file, fuzzy on", cli_run(True, 2, one_file, native)),
        ]
    times: dict[str, list[float]] = {name: [] for name, _ in approaches}
    hits: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, fn in approaches:
            wall, n = fn()
            times[name].append(wall)
            hits[name] = n
    gc.unfreeze()

    base = statistics.median(times[approaches[0][0]])
    rows = []
    for name, _ in approaches:
        med = statistics.median(times[name])
        rows.append(
            [
                name,
                f"{med:.2f}",
                f"{mb / med:.1f}",
                fmt_ratio(base / med),
                hits[name],
                ", ".join(f"{t:.2f}" for t in times[name]),
            ]
        )
    table(["approach", "median s", "MB/s", "speed vs flashtext", "hits", f"runs (s), {args.rounds} rounds"], rows)
    print(f"_{load()} after_\n")


# --- 2. one-off ------------------------------------------------------------------------------------------


def section_oneoff(args: argparse.Namespace, bodies: list[str], tmp: Path) -> None:
    print("## 2. One-off `kharon scan` of a ~3 KB article, bundled lists\n")
    print(f"_{load()} before_\n")
    text = next((b for b in bodies if 2500 <= len(b.encode("utf-8")) <= 3500), None)
    if text is None:
        sys.exit("no Reuters body of 2.5-3.5 KB")
    article = tmp / "article.txt"
    article.write_text(text, encoding="utf-8")
    size = article.stat().st_size
    exe = kharon_exe()
    scan = [exe, *SCAN, str(article)]

    cold: list[float] = []
    compile_cold: list[float] = []
    hits = 0
    for i in range(args.cold_runs):
        # An empty user cache: the first run after an install. It reads the matcher compiled into the package
        # at build time (hatch_build.py) when there is one, else compiles the lists and fills the cache.
        wall, hits = run_cli(scan, child_env(tmp / f"cache-oneoff-{i}"))
        cold.append(wall)
        # The same without that file: compile from the YAML, as for lists kharon was not built with (and
        # write the user cache).
        env = child_env(tmp / f"cache-compile-{i}")
        env["KHARON_NO_PACKAGED_CACHE"] = "1"
        compile_cold.append(run_cli(scan, env)[0])
    env = child_env(tmp / "cache-compile-0")  # filled by the first compiling run
    cmds: list[tuple[str, list[str]]] = [
        ("`kharon scan` warm cache", scan),
        *(
            [("mypyc build: `kharon scan` warm cache", [str(args.native / "bin" / "kharon"), *SCAN, str(article)])]
            if args.native is not None
            else []
        ),
        ("`kharon --version` (CLI start, no lists)", [exe, "--version"]),
        ('`python -c "import typer, rich"`', [sys.executable, "-c", "import typer, rich"]),
        ("`python -c pass`", [sys.executable, "-c", "pass"]),
    ]
    warm: dict[str, list[float]] = {name: [] for name, _ in cmds}
    for _ in range(args.warm_runs):
        for name, cmd in cmds:
            warm[name].append(run_cli(cmd, env)[0])

    print(f"Article: first Reuters body of 2.5-3.5 KB, {size} bytes, {hits} hits.\n")
    packaged = any((Path(kharon_cli.__file__).parent / "_compiled").glob("matcher-*.bin"))
    cold_name = "`kharon scan` empty user cache, first run after install" + (
        " (matcher compiled into the package)" if packaged else " (no packaged matcher: compiles)"
    )
    compile_name = "`kharon scan` empty user cache, compiling the lists (KHARON_NO_PACKAGED_CACHE=1)"
    rows = [
        [cold_name, f"{statistics.median(cold):.2f}", ", ".join(f"{t:.2f}" for t in cold)],
        [compile_name, f"{statistics.median(compile_cold):.2f}", ", ".join(f"{t:.2f}" for t in compile_cold)],
    ]
    for name, _ in cmds:
        rows.append([name, f"{statistics.median(warm[name]):.3f}", ", ".join(f"{t:.3f}" for t in warm[name])])
    table(["command", "median wall s", "runs (s)"], rows)
    print(f"_{load()} after_\n")


# --- 3. fuzzy-pass cost vs list size ---------------------------------------------------------------------


def entity_doc(e: Entity) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": e.id, "name": e.name, "type": str(e.type)}
    if e.programs:
        doc["programs"] = list(e.programs)
    if e.born:
        doc["born"] = list(e.born)
    if e.established is not None:
        doc["established"] = e.established
    if e.aliases:
        doc["aliases"] = [
            a.name if a.kind == AliasKind.AKA else {"name": a.name, "kind": str(a.kind)} for a in e.aliases
        ]
    return doc


def sub_list(wl: Watchlist, target_names: int | None, path: Path) -> Watchlist:
    """Write a watchlist of OFAC entities holding about ``target_names`` names (all when None), and load it."""
    entities = list(wl.entities)
    if target_names is not None:
        order = random.Random(20240503).sample(range(len(entities)), len(entities))
        chosen, names = [], 0
        for i in order:
            if names >= target_names:
                break
            chosen.append(i)
            names += len(entities[i].names())
        entities = [entities[i] for i in sorted(chosen)]
    doc = {
        "list": {"id": f"ofac-sub-{target_names or 'all'}", "name": f"OFAC SDN sub-list ({target_names or 'all'})"},
        "entities": [entity_doc(e) for e in entities],
    }
    if wl.info.published:
        doc["list"]["published"] = wl.info.published
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_watchlist(path)


def section_fuzzy(args: argparse.Namespace, bodies: list[str], tmp: Path) -> None:
    print("## 3. Fuzzy-pass cost against the list size (in-process `Tagger.tag`, OFAC sub-lists)\n")
    print(f"_{load()} before_\n")
    docs = bodies
    if args.fuzzy_mb:
        docs, total = [], 0
        for b in bodies:
            if total >= args.fuzzy_mb * 1e6:
                break
            docs.append(b)
            total += len(b.encode("utf-8"))
    mb = sum(len(b.encode("utf-8")) for b in docs) / 1e6

    full = load_watchlist(OFAC)
    setups: list[tuple[Watchlist, CompiledMatcher, float]] = []
    for size in args.fuzzy_sizes:
        wl = sub_list(full, size, tmp / f"ofac-sub-{size or 'all'}.yaml")
        start = time.perf_counter()
        compiled = compile_watchlists([wl])
        _ = compiled.fuzzy
        setups.append((wl, compiled, time.perf_counter() - start))
    gc.collect()
    gc.freeze()

    runs: dict[tuple[int, bool], list[float]] = {}
    hits: dict[tuple[int, bool], int] = {}
    for _ in range(args.rounds):
        for i, (_, compiled, _) in enumerate(setups):
            for fz in (False, True):
                tagger = Tagger(compiled, MatchOptions(fuzzy=fz))
                wall, n = timed(lambda t=tagger: sum(len(t.tag(b)) for b in docs))
                runs.setdefault((i, fz), []).append(wall)
                hits[(i, fz)] = n
    gc.unfreeze()

    print(f"Corpus: {len(docs)} Reuters bodies, {mb:.2f} MB; {args.rounds} interleaved rounds, medians.\n")
    rows = []
    for i, (wl, compiled, compile_s) in enumerate(setups):
        off = statistics.median(runs[(i, False)]) / mb
        on = statistics.median(runs[(i, True)]) / mb
        rows.append(
            [
                f"{wl.info.entities:,}",
                f"{sum(len(e.names()) for e in wl.entities):,}",
                f"{len(compiled.forms):,}",
                f"{compile_s:.1f}",
                f"{off * 1000:.0f}",
                f"{on * 1000:.0f}",
                f"{(on - off) * 1000:.0f}",
                f"{hits[(i, False)]} / {hits[(i, True)]}",
            ]
        )
    table(
        [
            "entities",
            "names (primary + aliases)",
            "compiled forms",
            "compile + fuzzy index s",
            "fuzzy off ms/MB",
            "fuzzy on ms/MB",
            "fuzzy pass ms/MB (on - off)",
            "hits off / on",
        ],
        rows,
    )
    print(f"_{load()} after_\n")


# --- 4. scaling ------------------------------------------------------------------------------------------


def section_scaling(args: argparse.Namespace, bodies: list[str], tmp: Path) -> None:
    print("## 4. Scaling: many small files, bundled lists, warm cache, `--jobs 1` vs `--jobs 2`\n")
    print(f"_{load()} before_\n")
    exe = kharon_exe()
    env = child_env(tmp / "cache-scaling")
    start = time.perf_counter()
    run_cli([exe, "lists", "compile"], env)
    warmup = time.perf_counter() - start
    rows = []
    for count in args.scaling_sizes:
        folder = tmp / f"files-{count}"
        folder.mkdir()
        start = time.perf_counter()
        nbytes = write_articles(folder, bodies, count, per_folder=1000)
        written = time.perf_counter() - start
        walls: dict[int, list[float]] = {1: [], 2: []}
        hits: dict[int, int] = {}
        for _ in range(args.scaling_runs):
            for jobs in (1, 2):
                wall, n = run_cli([exe, *SCAN, "--jobs", str(jobs), str(folder)], env)
                walls[jobs].append(wall)
                hits[jobs] = n
        for jobs in (1, 2):
            med = statistics.median(walls[jobs])
            rows.append(
                [
                    f"{count:,}",
                    f"{nbytes / 1e6:.1f}",
                    jobs,
                    f"{med:.1f}",
                    f"{count / med:,.0f}",
                    f"{nbytes / 1e6 / med:.2f}",
                    fmt_ratio(statistics.median(walls[1]) / med),
                    hits[jobs],
                ]
            )
        shutil.rmtree(folder, ignore_errors=True)
        print(f"_wrote {count:,} files in {written:.1f} s_  ")
    print(f"_cache warm-up (`kharon lists compile`, bundled lists) {warmup:.1f} s_\n")
    table(["files", "MB", "--jobs", "median wall s", "files/s", "MB/s", "speed-up vs --jobs 1", "hits"], rows)
    print(f"_{load()} after_\n")


# --- main ------------------------------------------------------------------------------------------------


def int_list(s: str) -> list[int | None]:
    return [None if p.strip() == "all" else int(p) for p in s.split(",") if p.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds in sections 1 and 3 [3]")
    ap.add_argument("--warm-runs", type=int, default=5, help="warm one-off runs [5]")
    ap.add_argument("--cold-runs", type=int, default=1, help="cold one-off runs, each with an empty cache [1]")
    ap.add_argument(
        "--fuzzy-sizes", type=int_list, default=[5000, 20000, None], help="names per sub-list [5000,20000,all]"
    )
    ap.add_argument("--fuzzy-mb", type=float, default=0, help="MB of the corpus tagged in section 3 (0: all)")
    ap.add_argument("--scaling-sizes", type=int_list, default=[10000, 100000], help="files [10000,100000]")
    ap.add_argument("--scaling-runs", type=int, default=1, help="runs per size and --jobs in section 4 [1]")
    ap.add_argument(
        "--native",
        type=Path,
        help="a venv holding the mypyc build (.ci/run makes .venv-native): its kharon gets rows of its own",
    )
    ap.add_argument(
        "--readme",
        type=Path,
        help="also write the report into this README, between its compare.py begin/end marker lines",
    )
    args = ap.parse_args()
    if None in args.scaling_sizes:
        ap.error("--scaling-sizes takes numbers only")
    if not corpora.REUTERS_DIR.exists():
        sys.exit(f"Reuters corpus not found at {corpora.REUTERS_DIR}")

    sections = args.only or list(SECTIONS)
    if args.readme is not None:
        readme_block(args.readme.read_text(encoding="utf-8"))  # fail now, not after the run
        sys.stdout = Tee(sys.stdout)
    bodies = [text for _, text in corpora.reuters(body_only=True)]
    print(f"# kharon comparison ({time.strftime('%Y-%m-%d %H:%M')}, Python {sys.version.split()[0]})\n")
    print(f"_{load()}_\n")
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="kharon-compare-"))
    try:
        for name in SECTIONS:
            if name in sections:
                globals()[f"section_{name}"](args, bodies, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"_total {time.perf_counter() - started:.0f} s_")
    if args.readme is not None:
        assert isinstance(sys.stdout, Tee)
        text = args.readme.read_text(encoding="utf-8")
        before, _, after = readme_block(text)
        report = sys.stdout.captured()
        # The report's own title is the README section's: start at its first paragraph.
        report = report.split("\n", 1)[1].lstrip("\n")
        report = re.sub(r"^## ", "#### ", report, flags=re.M)  # the sections sit inside the README's own
        args.readme.write_text(before + report.rstrip("\n") + "\n\n" + after, encoding="utf-8")
        sys.stdout = sys.stdout.out
        print(f"wrote the report into {args.readme}")


README_BEGIN = "<!-- bench/compare.py: begin (generated; do not edit by hand) -->"
README_END = "<!-- bench/compare.py: end -->"


def readme_block(text: str) -> tuple[str, str, str]:
    """The README split around the generated block: (up to and including the begin line, block, from the end
    line on)."""
    if text.count(README_BEGIN) != 1 or text.count(README_END) != 1:
        sys.exit(f"the README needs one {README_BEGIN!r} line and one {README_END!r} line")
    head, rest = text.split(README_BEGIN + "\n", 1)
    block, tail = rest.split(README_END, 1)
    return head + README_BEGIN + "\n", block, README_END + tail


class Tee:
    """stdout that also keeps what was written."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        return int(self.out.write(text))

    def flush(self) -> None:
        self.out.flush()

    def captured(self) -> str:
        return "".join(self._parts)


if __name__ == "__main__":
    main()
