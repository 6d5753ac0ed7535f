"""Peak memory and time of `kharon scan` on one very large input (streamed in overlapping windows).

Usage: python bench/big_input.py [--mb 1024] [--one-line] [--list PATH ...] [--jobs N]

Writes a temporary file of about --mb MiB made of Reuters-21578 article bodies repeated (read in place from
../shared/data; the file lives in a temporary folder and is deleted), runs the installed `kharon scan -f jsonl`
on it in a child process, and prints the wall time, the throughput, the peak resident memory of the largest
process (the scan, or one of its --jobs workers, which share the matcher copy-on-write) and the number of
hits. --one-line removes every line break (the "50 MB on one line" case).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=1024)
    ap.add_argument("--one-line", action="store_true")
    ap.add_argument("--list", action="append", default=[])
    ap.add_argument("--jobs", type=int, default=0, help="kharon scan --jobs (0: one per core, the default)")
    args = ap.parse_args()

    bodies = "\n\n".join(text for _, text in corpora.reuters()).encode("utf-8")
    if args.one_line:
        bodies = bodies.replace(b"\r", b" ").replace(b"\n", b" ")
    target = args.mb << 20
    folder = Path(tempfile.mkdtemp(prefix="kharon-big-"))
    try:
        path = folder / "big.txt"
        with path.open("wb") as f:
            written = 0
            while written < target:
                part = bodies[: target - written]
                f.write(part)
                written += len(part)
        kharon = shutil.which("kharon") or "kharon"
        cmd = [kharon, "scan", "-f", "jsonl", "--exit-zero", "--max-list-age", "0", "--jobs", str(args.jobs)]
        for lst in args.list:
            cmd += ["--list", lst]
        start = time.perf_counter()
        proc = subprocess.run([*cmd, str(path)], capture_output=True, check=False, env=dict(os.environ))
        wall = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        hits = proc.stdout.count(b"\n")
        print(f"input: {written / (1 << 20):.0f} MiB{' on one line' if args.one_line else ''}; exit {proc.returncode}")
        print(f"wall {wall:.1f} s, {written / (1 << 20) / wall:.1f} MiB/s, peak RSS {peak_mb:.0f} MB, {hits} hits")
        if proc.returncode not in (0,):
            print(proc.stderr.decode("utf-8", "replace")[-2000:])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
