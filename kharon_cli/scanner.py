"""Find the inputs named on the command line, read each one, and tag it (the scanning stage).

Inputs are files, folders (walked recursively in sorted order, files filtered by include/exclude globs) or
``-`` for standard input. Each input becomes exactly one ``FileResult``: ``ok`` with its hits, ``skipped``
(not text) or ``error`` (could not be read). A bad input never stops the scan of the others.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .allowlist import Allowlist
from .decode import decode_bytes
from .matcher import Tagger
from .models import FileResult, FileStatus, Suppressed

DEFAULT_INCLUDE = ("*.txt", "*.md")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One input to scan: a file path, standard input, or a path that failed before reading."""

    display: str
    path: Path | None  # None for stdin
    error: str | None = None


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _walk(root: Path, display_root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[Source]:
    # followlinks=False: a symlinked folder is not descended into, so a symlink loop cannot trap the walk.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(d for d in dirnames if not _matches(os.path.normpath(os.path.join(rel_dir, d)), exclude))
        for name in sorted(filenames):
            rel = os.path.normpath(os.path.join(rel_dir, name)).replace(os.sep, "/")
            if not _matches(rel, include) or _matches(rel, exclude):
                continue
            yield Source(os.path.join(display_root, rel), Path(dirpath) / name)


def discover(
    paths: Iterable[str],
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
) -> Iterator[Source]:
    """Expand command-line paths into sources, in command-line order, folders sorted."""
    inc, exc = tuple(include), tuple(exclude)
    for raw in paths:
        if raw == STDIN:
            yield Source(STDIN, None)
            continue
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p, raw, inc, exc)
        elif p.is_file():
            yield Source(raw, p)
        elif p.is_symlink() and not p.exists():
            yield Source(raw, p, error="broken symbolic link")
        elif not p.exists():
            yield Source(raw, p, error="no such file or directory")
        else:
            yield Source(raw, p, error="not a regular file or folder")


def read_source(source: Source, stdin: BinaryIO | None = None) -> bytes:
    """The raw bytes of a source. Raises OSError when it cannot be read."""
    if source.path is None:
        if stdin is None:
            raise OSError("standard input is not available")
        return stdin.read()
    return source.path.read_bytes()


def scan_bytes(display: str, data: bytes, tagger: Tagger, allowlist: Allowlist | None = None) -> FileResult:
    decoded = decode_bytes(data)
    if decoded.text is None:
        return FileResult(display, FileStatus.SKIPPED, message=decoded.skip_reason, warnings=decoded.warnings)
    hits = tuple(tagger.tag(decoded.text))
    suppressed: tuple[Suppressed, ...] = ()
    if allowlist is not None:
        hits, suppressed = allowlist.split(display, hits)
    return FileResult(display, FileStatus.OK, hits, warnings=decoded.warnings, suppressed=suppressed)


def scan_sources(
    sources: Iterable[Source],
    tagger: Tagger,
    stdin: BinaryIO | None = None,
    read: Callable[[Source, BinaryIO | None], bytes] = read_source,
    allowlist: Allowlist | None = None,
) -> Iterator[FileResult]:
    """Scan each source in turn, yielding one result per source as soon as it is done."""
    for source in sources:
        if source.error is not None:
            yield FileResult(source.display, FileStatus.ERROR, message=source.error)
            continue
        try:
            data = read(source, stdin)
        except OSError as exc:
            yield FileResult(source.display, FileStatus.ERROR, message=exc.strerror or str(exc))
            continue
        yield scan_bytes(source.display, data, tagger, allowlist)
