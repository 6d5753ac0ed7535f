"""A cache of compiled matchers, so that a one-off scan does not parse and compile the lists every time.

Sits between ``lists.watchlist``/``matching.compiler`` and the scan: ``engine.load_matcher`` asks here
first. The cache file lives in the user cache folder (``$KHARON_CACHE_DIR``, else ``$XDG_CACHE_HOME/kharon``, else
``~/.cache/kharon``) and is keyed by the sha256 of every list file's bytes, in order, plus the kharon version
and the cache format, so editing a list or upgrading kharon invalidates it by itself.

The file is written to a temporary name and renamed into place (concurrent writers cannot leave a half
file), and carries a CRC-32 and the length of its body, checked before anything is used: a truncated or
damaged file is ignored (and recompiled), never trusted. It is memory-mapped, and a one-off scan decodes
only what it touches: the file is a directory of sections, the automaton (pyahocorasick's own pickle, loaded
when first used), the entities, forms and automaton groups as ``packed.PackedRecords`` and each table of the
fuzzy index as a ``packed.PackedMap``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import marshal
import mmap
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import ahocorasick

from ..matching.automaton import build_automaton, deferred_groups, phrase_table
from ..matching.compiled import CompiledMatcher
from ..matching.forms import AliasForm, EntityRow
from ..matching.fuzzy import FuzzyIndex
from ..matching.orgs import OrgIndex
from ..matching.persons import PersonIndex
from ..models import ListInfo
from ..version import __version__
from .packed import PackedMap, PackedRecords, pack_map, pack_records

FORMAT = b"KHARON-MATCHER-6\n"
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
    "matching/forms.py",
    "matching/compiler.py",
    "matching/compiled.py",
    "matching/risk.py",
    "matching/fuzzy.py",
    "matching/names.py",
    "matching/persons.py",
    "matching/orgs.py",
    "matching/titles.txt",
    "matching/normalize.py",
    "matching/frequency.py",
    "matching/generic_names.txt",
    "store/cache.py",
    "store/packed.py",
)


def cache_key(list_files: list[Path]) -> str:
    h = hashlib.sha256()
    h.update(FORMAT + __version__.encode() + sys.byteorder.encode())
    # The automaton is pyahocorasick's own pickle and the rest marshal data: another Python or another
    # pyahocorasick build gets its own cache file (the extension's size tells builds apart at no cost).
    aho = ahocorasick.__file__ or ""
    h.update(f"{sys.version_info[:2]}{os.path.basename(aho)}{os.stat(aho).st_size if aho else 0}".encode())
    here = Path(__file__).resolve().parents[1]  # kharon_cli/
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


def _sections(infos: list[ListInfo], compiled: CompiledMatcher) -> dict[str, bytes]:
    sections = {
        "infos": marshal.dumps([_info_row(i) for i in infos]),
        "automaton": pickle.dumps(compiled.automaton, protocol=pickle.HIGHEST_PROTOCOL),
        "entities": pack_records(compiled.entity_rows),
        "forms": pack_records(tuple(f) for f in compiled.forms),
        "groups": pack_records(compiled.groups),
        "phrases": pack_map(sorted(phrase_table(compiled.forms, compiled.groups).items())),
        "deferred_phrases": pack_map(sorted(phrase_table(compiled.forms, compiled.groups, of_deferred=True).items())),
        "deferred_groups": pack_map(deferred_groups(compiled.forms, compiled.groups).items()),
    }
    for name, items in compiled.fuzzy.tables().items():
        sections[f"fuzzy.{name}"] = pack_map(items)
    for name, items in compiled.persons.tables().items():
        sections[f"persons.{name}"] = pack_map(items)
    for name, items in compiled.orgs.tables().items():
        sections[f"orgs.{name}"] = pack_map(items)
    return sections


def dumps(infos: list[ListInfo], compiled: CompiledMatcher) -> bytes:
    """The cache file: a directory of sections (name -> offset, size), then the sections, each 8-byte aligned."""
    sections = _sections(infos, compiled)
    directory: dict[str, tuple[int, int]] = {}
    at = 0
    for name, data in sections.items():
        directory[name] = (at, len(data))
        at += len(data) + (-len(data) % 8)
    head = marshal.dumps(directory)
    head += b"\0" * (-(8 + len(head)) % 8)
    parts = [len(head).to_bytes(8, "big"), head]
    for data in sections.values():
        parts += [data, b"\0" * (-len(data) % 8)]
    body = b"".join(parts)
    return FORMAT + _digest(body) + body


def loads(data: bytes | mmap.mmap) -> tuple[list[ListInfo], CompiledMatcher] | None:
    """The cached matcher, or None when ``data`` is not an intact cache file of this format. Only the list
    descriptions are decoded here; everything else when a scan first needs it (see ``packed``)."""
    view = memoryview(data)
    if view[: len(FORMAT)] != FORMAT:
        return None
    digest = view[len(FORMAT) : len(FORMAT) + _DIGEST_SIZE]
    body = view[len(FORMAT) + _DIGEST_SIZE :]
    if len(body) < 8 or _digest(body) != digest:
        return None
    head_size = int.from_bytes(body[:8], "big")
    directory: dict[str, tuple[int, int]] = marshal.loads(body[8 : 8 + head_size])
    start = 8 + head_size

    def section(name: str) -> memoryview:
        at, size = directory[name]
        return body[start + at : start + at + size]

    def load_automaton() -> ahocorasick.Automaton:
        with gc_paused():
            try:
                return pickle.loads(section("automaton"))
            except Exception:
                # Loaded after the scan began, so it cannot fall back to a fresh compile: build the automaton
                # again from the forms instead (the same forms in the same order give the same groups).
                return build_automaton(list(forms))[0]

    forms = PackedRecords(section("forms"), AliasForm._make)
    fuzzy_tables = {
        name.removeprefix("fuzzy."): PackedMap(section(name)) for name in directory if name.startswith("fuzzy.")
    }
    person_tables = {
        name.removeprefix("persons."): PackedMap(section(name)) for name in directory if name.startswith("persons.")
    }
    org_tables = {
        name.removeprefix("orgs."): PackedMap(section(name)) for name in directory if name.startswith("orgs.")
    }
    compiled = CompiledMatcher(
        PackedRecords(section("entities"), _entity_row),
        forms,
        load_automaton,
        PackedRecords(section("groups"), _group),
        fuzzy_loader=lambda: FuzzyIndex.from_packed(forms, fuzzy_tables),
        persons_loader=lambda: PersonIndex.from_packed(forms, person_tables),
        orgs_loader=lambda persons: OrgIndex.from_packed(org_tables, persons.knowledge),
    )
    compiled.phrases = PackedMap(section("phrases"))
    compiled.deferred_phrases = PackedMap(section("deferred_phrases"))
    compiled.deferred_groups = PackedMap(section("deferred_groups"))
    return [_info_from_row(r) for r in marshal.loads(section("infos"))], compiled


def _entity_row(row: object) -> EntityRow:
    return row  # type: ignore[return-value]  # written by ``dumps`` from EntityRow tuples


def _group(row: object) -> tuple[int, int, tuple[int, ...]]:
    return row  # type: ignore[return-value]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The garbage collector off for a block that creates many objects that all live on (a collection
    pass would only walk them again and again), then as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Where an installed kharon keeps the bundled lists compiled at build time (see hatch_build.py): the first
# scan after an install finds them here instead of compiling for seconds.
PACKAGED_DIR = Path(__file__).resolve().parents[1] / "_compiled"


def load(key: str) -> tuple[list[ListInfo], CompiledMatcher] | None:
    """The cached matcher for ``key``, memory-mapped (pages are read as the scan touches them), or None.
    The user's cache first, then the one compiled into the package for the bundled lists (unless
    KHARON_NO_PACKAGED_CACHE is set)."""
    folders = [cache_dir()] if os.environ.get("KHARON_NO_PACKAGED_CACHE") else [cache_dir(), PACKAGED_DIR]
    for folder in folders:
        loaded = _load_file(folder / f"matcher-{key}.bin")
        if loaded is not None:
            return loaded
    return None


def _load_file(path: Path) -> tuple[list[ListInfo], CompiledMatcher] | None:
    try:
        with path.open("rb") as fh:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
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
