"""A cache of compiled matchers, so that a one-off scan does not parse and compile the lists every time.

Sits between ``watchlist``/``compiler`` and the scan: ``engine.load_matcher`` asks here first. The cache file
lives in the user cache folder (``$KHARON_CACHE_DIR``, else ``$XDG_CACHE_HOME/kharon``, else
``~/.cache/kharon``) and is keyed by the sha256 of every list file's bytes, in order, plus the kharon version
and the cache format, so editing a list or upgrading kharon invalidates it by itself.

The file is written to a temporary name and renamed into place (concurrent writers cannot leave a half
file), and carries a BLAKE2 digest of its body: a truncated or corrupt file is ignored (and recompiled),
never trusted. Contents: the automaton as pyahocorasick's own pickle, and everything else as ``marshal``
data (plain tuples, strings and ints load several times faster than pickled objects).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import marshal
import os
import pickle
import tempfile
import zlib
from pathlib import Path

from . import __version__
from .compiler import AliasForm, CompiledMatcher
from .fuzzy import FuzzyIndex
from .models import ListInfo

FORMAT = b"KHARON-MATCHER-4\n"
# CRC-32 and the length: enough to tell a damaged or half-written file (this guards against accidents, not
# attackers: whoever can write the cache can change kharon itself), and 6x faster than a cryptographic hash.
_DIGEST_SIZE = 12


def _digest(body: memoryview | bytes) -> bytes:
    return zlib.crc32(body).to_bytes(4, "big") + len(body).to_bytes(8, "big")


MAX_FILES = 8


def cache_dir() -> Path:
    env = os.environ.get("KHARON_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kharon"


# The modules whose code decides what a compiled matcher holds: editing one invalidates the cache even
# without a version bump (a development checkout, a patched install).
_COMPILER_MODULES = (
    "compiler.py",
    "risk.py",
    "fuzzy.py",
    "normalize.py",
    "frequency.py",
    "cache.py",
    "generic_names.txt",
)


def cache_key(list_files: list[Path]) -> str:
    h = hashlib.sha256()
    h.update(FORMAT + __version__.encode())
    here = Path(__file__).resolve().parent
    for module in _COMPILER_MODULES:
        h.update(hashlib.sha256((here / module).read_bytes()).digest())
    for f in list_files:
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _info_row(info: ListInfo) -> tuple[object, ...]:
    return (
        info.id,
        info.name,
        info.source,
        info.published.isoformat() if info.published else None,
        info.path,
        info.entities,
        info.aliases,
        tuple((label, d.isoformat()) for label, d in info.extra_dates),
        info.sha256,
    )


def _info_from_row(row: tuple[object, ...]) -> ListInfo:
    ident, name, source, published, path, entities, aliases, extra, sha256 = row
    return ListInfo(
        id=str(ident),
        name=str(name),
        source=None if source is None else str(source),
        published=dt.date.fromisoformat(str(published)) if published else None,
        path=None if path is None else str(path),
        entities=int(str(entities)),
        aliases=int(str(aliases)),
        extra_dates=tuple((str(label), dt.date.fromisoformat(str(d))) for label, d in extra),  # type: ignore[attr-defined]
        sha256=None if sha256 is None else str(sha256),
    )


def dumps(infos: list[ListInfo], compiled: CompiledMatcher) -> bytes:
    automaton = pickle.dumps(compiled.automaton, protocol=pickle.HIGHEST_PROTOCOL)
    main = marshal.dumps(
        ([_info_row(i) for i in infos], compiled.entity_rows, [tuple(f) for f in compiled.forms], compiled.groups)
    )
    # The fuzzy index goes last, on its own: a --no-fuzzy scan never decodes it.
    fuzzy = marshal.dumps(compiled.fuzzy.state())
    body = len(automaton).to_bytes(8, "big") + automaton + len(main).to_bytes(8, "big") + main + fuzzy
    return FORMAT + _digest(body) + body


def loads(data: bytes) -> tuple[list[ListInfo], CompiledMatcher] | None:
    """The cached matcher, or None when ``data`` is not an intact cache file of this format."""
    if not data.startswith(FORMAT):
        return None
    digest = data[len(FORMAT) : len(FORMAT) + _DIGEST_SIZE]
    body = memoryview(data)[len(FORMAT) + _DIGEST_SIZE :]
    if len(body) < 8 or _digest(body) != digest:
        return None
    # Hundreds of thousands of containers are created below and all of them live on: a collection pass
    # would only walk them again and again (it doubles the load time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _loads_body(body)
    finally:
        if was_enabled:
            gc.enable()


def _loads_body(body: memoryview) -> tuple[list[ListInfo], CompiledMatcher]:
    size = int.from_bytes(body[:8], "big")
    automaton = pickle.loads(body[8 : 8 + size])
    main_at = 8 + size + 8
    main_size = int.from_bytes(body[8 + size : main_at], "big")
    info_rows, entity_rows, form_rows, groups = marshal.loads(body[main_at : main_at + main_size])
    forms = list(map(AliasForm._make, form_rows))
    fuzzy_bytes = bytes(body[main_at + main_size :])

    def load_fuzzy() -> FuzzyIndex:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return FuzzyIndex.from_state(forms, marshal.loads(fuzzy_bytes))
        finally:
            if was_enabled:
                gc.enable()

    compiled = CompiledMatcher(entity_rows, forms, automaton, groups, fuzzy_loader=load_fuzzy)
    return [_info_from_row(r) for r in info_rows], compiled


def load(key: str) -> tuple[list[ListInfo], CompiledMatcher] | None:
    path = cache_dir() / f"matcher-{key}.bin"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return loads(data)
    except Exception:
        return None


def store(key: str, infos: list[ListInfo], compiled: CompiledMatcher) -> Path | None:
    """Write the cache file; returns its path, or None when the cache folder is not writable."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".matcher-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(dumps(infos, compiled))
            target = folder / f"matcher-{key}.bin"
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder, keep=target)
        return target
    except OSError:
        return None


def _prune(folder: Path, keep: Path) -> None:
    """Keep the newest ``MAX_FILES`` cache files: each list set has one, and stale ones are tens of MB."""
    files = sorted(folder.glob("matcher-*.bin"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[MAX_FILES:]:
        if old != keep:
            old.unlink(missing_ok=True)
