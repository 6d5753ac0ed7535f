"""What compiling each matching module with mypyc gains: the per-module measurement behind hatch_build.MYPYC_MODULES.

Usage: python bench/native_modules.py [--modules persons,orgs,names,...] [--rounds 1]

For "none" (pure Python), each module alone, and the set hatch_build.py compiles: copies the source tree to a
temporary folder, compiles those modules there with mypyc (in place, as extensions beside the .py files),
and in a child process with that folder first on the path tags the Reuters-21578 bodies (read in place from
../shared/data) with the bundled lists, article by article and as one streamed text, fuzzy on and off.
Prints the seconds (medians of --rounds) and the gain against pure Python. Needs mypy, setuptools and a C
compiler (the test extras have the first two).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from hatch_build import MYPYC_MODULES  # noqa: E402

CHILD = """
import gc, json, sys, time
sys.path.insert(0, {bench!r})
import corpora
from kharon_cli.engine import load_matcher
from kharon_cli.lists.watchlist import list_files
from kharon_cli.matching import persons
from kharon_cli.matching.tagger import MatchOptions, Tagger
from kharon_cli.scanning.stream import tag_stream
bodies = [t for _, t in corpora.reuters(body_only=True)]
_, compiled = load_matcher(list_files([{lists!r}]))
out = {{"persons": persons.__file__}}
for fuzzy in (True, False):
    tagger = Tagger(compiled, MatchOptions(fuzzy=fuzzy))
    compiled.prepare_for_bulk(fuzzy)
    gc.freeze()
    t = time.perf_counter(); n = sum(len(tagger.tag(b)) for b in bodies)
    out[f"articles fuzzy {{'on' if fuzzy else 'off'}}"] = [time.perf_counter() - t, n]
    text = "\\n\\n".join(bodies)
    t = time.perf_counter(); n = len(list(tag_stream(tagger, [text])))
    out[f"one text fuzzy {{'on' if fuzzy else 'off'}}"] = [time.perf_counter() - t, n]
print(json.dumps(out))
"""

SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
setup(name="native-try", packages=[], py_modules=[],
      ext_modules=mypycify(["--config-file", "pyproject.toml", *sys.argv[3:]], opt_level="3"))
"""


def measure(tree: Path, modules: list[str], env: dict[str, str]) -> dict[str, object]:
    for so in [*tree.rglob("*.so"), *tree.glob("build")]:
        shutil.rmtree(so) if so.is_dir() else so.unlink()
    if modules:
        (tree / "setup_native.py").write_text(SETUP, encoding="utf-8")
        subprocess.run(
            [sys.executable, "setup_native.py", "build_ext", "--inplace", *modules],
            cwd=tree,
            check=True,
            capture_output=True,
        )
    child = CHILD.format(bench=str(REPO / "bench"), lists=str(REPO / "lists"))
    proc = subprocess.run(
        [sys.executable, "-c", child], cwd=tree, env={**env, "PYTHONPATH": str(tree)}, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(proc.stderr[-2000:])
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--modules", default="persons,orgs,names,normalize,fuzzy,tagger,checks,spans")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kharon-native-"))
    tree = tmp / "tree"
    shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.so", "build"))
    env = {**os.environ, "KHARON_CACHE_DIR": str(tmp / "cache")}
    variants: list[tuple[str, list[str]]] = [("none (pure Python)", [])]
    variants += [(m, [f"kharon_cli/matching/{m}.py"]) for m in args.modules.split(",")]
    variants.append(("hatch_build.MYPYC_MODULES together", list(MYPYC_MODULES)))
    try:
        measure(tree, [], env)  # fills the compiled-list cache
        rows: dict[str, dict[str, list[float]]] = {}
        hits: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, modules in variants:
                got = measure(tree, modules, env)
                for key, value in got.items():
                    if key != "persons":
                        seconds, n = value  # type: ignore[misc]
                        rows.setdefault(name, {}).setdefault(key, []).append(seconds)
                        if hits.setdefault(key, n) != n:
                            sys.exit(f"{name}: {key} found {n} hits, pure Python {hits[key]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    keys = list(next(iter(rows.values())))
    base = {k: statistics.median(rows[variants[0][0]][k]) for k in keys}
    print(f"| compiled with mypyc | {' | '.join(keys)} |")
    print("|---|" + "---:|" * len(keys))
    for name, _ in variants:
        cells = []
        for k in keys:
            med = statistics.median(rows[name][k])
            cells.append(f"{med:.2f} s ({base[k] / med:.2f}×)")
        print(f"| {name} | {' | '.join(cells)} |")
    print(f"\nSame hits in every variant: {hits}")


if __name__ == "__main__":
    main()
