"""Find the inputs named on the command line, read each one, and tag it (the scanning stage).

Inputs are files, folders (walked recursively in sorted order, files filtered by include/exclude globs) or
``-`` for standard input. Each input becomes exactly one ``FileResult``: ``ok`` with its hits, ``skipped``
(not text) or ``error`` (could not be read). A bad input never stops the scan of the others.
"""

from __future__ import annotations

import errno
import fnmatch
import io
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..defaults import DEFAULT_INCLUDE, STDIN
from ..lists.allowlist import Allowlist
from ..matching.tagger import Tagger
from ..models import FileResult, FileStatus, Hit, Suppressed
from .decode import decode_bytes, stream_decoding
from .stream import CHUNK_CHARS, OVERLAP_CHARS, STREAM_THRESHOLD, WindowTagger, tag_stream

READ_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Source:
    """One input to scan: a file path, standard input, or a path that failed before reading."""

    display: str
    path: Path | None  # None for stdin
    error: str | None = None


def _globs(patterns: Iterable[str]) -> Callable[[str], bool]:
    """A test of a relative path: does any glob match the path or its file name? (One compiled regex: the
    walk asks it of every file.)"""
    pats = list(patterns)
    if not pats:
        return lambda rel: False
    rx = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in pats))

    def matches(rel: str) -> bool:
        return rx.match(rel) is not None or rx.match(rel.rsplit("/", 1)[-1]) is not None

    return matches


def _walk(root: Path, display_root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[Source]:
    included, excluded = _globs(include), _globs(exclude)
    # followlinks=False: a symlinked folder is not descended into, so a symlink loop cannot trap the walk.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(d for d in dirnames if not excluded(prefix + d))
        folder = Path(dirpath)
        for name in sorted(filenames):
            rel = prefix + name
            if not included(rel) or excluded(rel):
                continue
            yield Source(os.path.join(display_root, rel), folder / name)


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
            yield Source(raw, p, error=_link_problem(p))
        elif not p.exists():
            yield Source(raw, p, error="no such file or directory")
        else:
            yield Source(raw, p)  # a FIFO, socket or device: open_source says which, without blocking


def _link_problem(p: Path) -> str:
    try:
        os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def open_source(source: Source, stdin: BinaryIO | None = None) -> BinaryIO:
    """An open binary stream of a source. Raises OSError when it cannot be opened or is not a regular file.

    The file is opened without blocking and checked with fstat before any read, so a FIFO, socket or device
    (named directly or met in a folder) is an error instead of a scan that waits forever.
    """
    if source.path is None:
        if stdin is None:
            raise OSError("standard input is not available")
        return stdin
    fd = os.open(source.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise OSError(f"not a regular file ({kind})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def read_up_to(f: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes (fewer only at the end of the input)."""
    try:
        # A regular file says how big it is: one read of exactly that (plus one byte, to see the end). Asking
        # for `size` bytes instead would allocate the whole 8 MiB for every small article.
        known = os.fstat(f.fileno()).st_size
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        known = None
    parts: list[bytes] = []
    left = size
    if known is not None and known < size:
        data = f.read(known + 1)
        if len(data) <= known:
            return data
        parts.append(data)  # it grew while we read: go on in pieces
        left -= len(data)
    while left > 0:
        data = f.read(min(left, READ_BYTES))
        if not data:
            break
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


def _chunks(head: bytes, f: BinaryIO, size: int = READ_BYTES) -> Iterator[bytes]:
    yield head
    while data := f.read(size):
        yield data


def _finish(display: str, hits: tuple[Hit, ...], warnings: tuple[str, ...], allowlist: Allowlist | None) -> FileResult:
    suppressed: tuple[Suppressed, ...] = ()
    if allowlist is not None:
        hits, suppressed = allowlist.split(display, hits)
    return FileResult(display, FileStatus.OK, hits, warnings=warnings, suppressed=suppressed)


def scan_bytes(display: str, data: bytes, tagger: Tagger, allowlist: Allowlist | None = None) -> FileResult:
    """Tag a whole input held in memory."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        return FileResult(display, FileStatus.SKIPPED, message=decoded.skip_reason, warnings=decoded.warnings)
    return _finish(display, tuple(tagger.tag(decoded.text)), decoded.warnings, allowlist)


def scan_stream(
    display: str,
    f: BinaryIO,
    tagger: Tagger,
    allowlist: Allowlist | None = None,
    *,
    threshold: int = STREAM_THRESHOLD,
    chunk: int = CHUNK_CHARS,
    overlap: int = OVERLAP_CHARS,
    tag_windows: WindowTagger | None = None,
) -> FileResult:
    """Tag one open input: whole when it holds at most ``threshold`` bytes, else streamed in overlapping
    windows (``stream.tag_stream``) so memory stays bounded whatever its size; ``tag_windows`` tags those
    windows elsewhere (on worker processes)."""
    head = read_up_to(f, threshold + 1)
    if len(head) <= threshold:
        return scan_bytes(display, head, tagger, allowlist)
    decoding = stream_decoding(head)
    if decoding.encoding is None:
        return FileResult(display, FileStatus.SKIPPED, message=decoding.skip_reason)
    pieces = decoding.decode(_chunks(head, f))
    hits = tuple(tag_stream(tagger, pieces, chunk=chunk, overlap=overlap, tag_windows=tag_windows))
    return _finish(display, hits, tuple(decoding.warnings), allowlist)


def scan_sources(
    sources: Iterable[Source],
    tagger: Tagger,
    stdin: BinaryIO | None = None,
    opener: Callable[[Source, BinaryIO | None], BinaryIO] = open_source,
    allowlist: Allowlist | None = None,
    tag_windows: WindowTagger | None = None,
) -> Iterator[FileResult]:
    """Scan each source in turn, yielding one result per source as soon as it is done."""
    for source in sources:
        if source.error is not None:
            yield FileResult(source.display, FileStatus.ERROR, message=source.error)
            continue
        try:
            f = opener(source, stdin)
            try:
                result = scan_stream(source.display, f, tagger, allowlist, tag_windows=tag_windows)
            finally:
                if f is not stdin:
                    f.close()
        except OSError as exc:
            yield FileResult(source.display, FileStatus.ERROR, message=_os_message(exc))
            continue
        yield result


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and exc.filename is not None and os.path.islink(exc.filename):
        return "broken symbolic link"
    return exc.strerror or str(exc)
