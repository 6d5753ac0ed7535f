"""``kharon lists update``: fetch a source's official files, verify them, import, and install atomically.

Between the command line (``cli.lists``) and the pieces it drives: ``lists.sources`` (what to fetch),
``lists.download`` (fetching and checking a body), the importers (turning it into watchlist YAML), the
loader (proving the YAML is a valid list) and ``store.installed`` (the versions on disk). For each source:

1. every file is downloaded into a private staging folder and checked (status, size, type, sha256);
2. the importer reads them (a file that does not parse stops here) and writes the watchlist YAML, which the
   loader must accept;
3. the new list is compared with the one in use (installed, else bundled): one that lost more than
   ``max_shrink`` of its entities is refused unless forced, with the numbers;
4. only then is the staged folder made the version in use, in one rename of a pointer file.

Any failure (or Ctrl-C) before step 4 removes the staging folder and leaves the lists in use exactly as they
were; after it, the previous version stays on disk for ``--rollback``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import KharonError
from ..store import installed as store
from .diff import ListDiff, diff_watchlists
from .download import DownloadError, Fetched, Progress, fetch, head, http_date
from .sources import Source, SourceFile, resolve_url
from .watchlist import bundled_lists_dir, default_list_files, expand_list_paths, load_watchlist

DEFAULT_MAX_SHRINK = 0.2
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 1 << 30


class UpdateError(KharonError):
    """An update that was refused or failed; the lists in use are unchanged."""


@dataclass(frozen=True)
class UpdateOptions:
    mirror: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    configured: dict[str, str] = field(default_factory=dict)  # the config file's update.urls
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_shrink: float = DEFAULT_MAX_SHRINK
    force: bool = False
    dry_run: bool = False


@dataclass(frozen=True)
class ListChange:
    """One watchlist file a source gives: the new version against the one in use before."""

    file: str  # e.g. ofac-sdn.yaml
    list_id: str
    published: dt.date | None
    entities: int
    old_path: str | None  # the file in use before (installed or bundled), None for a new list
    old_entities: int | None
    diff: ListDiff | None


@dataclass(frozen=True)
class UpdateResult:
    source: str
    version: str
    files: tuple[Fetched, ...]
    lists: tuple[ListChange, ...]
    installed: bool  # False for a dry run
    path: Path | None  # the installed version's folder


@dataclass(frozen=True)
class CheckResult:
    source: str
    newer: bool
    reason: str


def _in_use(file_name: str) -> Path | None:
    """The watchlist file of this name a scan uses now: the installed version, else the bundled one."""
    return next((f for f in default_list_files() if f.name == file_name), None)


def _import(source: Source, got: dict[str, Fetched], out: Path) -> list[Path]:
    """Run the source's importer over the downloaded files; the watchlist files written into ``out``."""
    from .importers.yaml_out import write_watchlist_yaml

    def date_of(role: str) -> dt.date | None:
        f = next((f for name, f in got.items() if _role(source, name) == role), None)
        day = f.modified_date if f is not None else None
        return dt.date.fromisoformat(day) if day else None

    by_role = {_role(source, name): f.path for name, f in got.items()}
    if source.id in ("ofac-sdn", "ofac-cons"):
        from .importers import ofac

        extra: dict[str, Any] = {}
        if source.id == "ofac-cons":
            extra = {"list_id": ofac.CONS_LIST_ID, "list_name": ofac.CONS_LIST_NAME, "source": ofac.CONS_SOURCE_URL}
        doc, _ = ofac.read_ofac(
            by_role["sdn"],
            by_role.get("alt"),
            comments=by_role.get("comments"),
            published=date_of("sdn"),
            alt_published=date_of("alt"),
            **extra,
        )
        target = out / f"{extra.get('list_id', ofac.LIST_ID)}.yaml"
        write_watchlist_yaml(doc, target, generator=source.id)
        return [target]
    if source.id == "un-sc":
        from .importers.un import read_un

        doc, _ = read_un(by_role["xml"])
        target = out / "un-sc.yaml"
        write_watchlist_yaml(doc, target, generator="un")
        return [target]
    if source.id == "eu-fsf":
        from .importers.eu import LIST_ID, read_eu

        doc, _ = read_eu(by_role["xml"])
        target = out / f"{LIST_ID}.yaml"
        write_watchlist_yaml(doc, target, generator="eu")
        return [target]
    if source.id == "csl":
        from .importers.csl import read_csl, write_csl_lists

        docs, _ = read_csl(by_role["csv"], published=date_of("csv"))
        return list(write_csl_lists(docs, out))
    raise UpdateError(f"{source.id}: no importer")  # pragma: no cover - every source has one


def _role(source: Source, name: str) -> str:
    return next(f.role for f in source.files if f.name == name)


def update_source(
    source: Source, options: UpdateOptions, progress: Callable[[SourceFile], Progress | None] | None = None
) -> UpdateResult:
    """Fetch, verify, import and (unless a dry run) install one source. Raises ``KharonError`` (the lists in
    use then unchanged) or ``OSError`` (a full disk: likewise)."""
    staging = store.staging_folder(source.id)
    try:
        raw = staging / "raw"
        raw.mkdir()
        got: dict[str, Fetched] = {}
        for file in source.files:
            url = resolve_url(file, options.mirror, options.overrides, options.configured)
            got[file.name] = fetch(
                url,
                raw / file.name,
                kind=file.kind,
                timeout=options.timeout,
                max_bytes=options.max_bytes,
                progress=progress(file) if progress else None,
            )
        try:
            written = _import(source, got, staging)
        except KharonError as exc:
            raise UpdateError(f"{source.id}: the downloaded files do not read as this list: {exc}") from None
        changes = []
        for path in written:
            try:
                new = load_watchlist(path)
            except KharonError as exc:
                raise UpdateError(f"{source.id}: the imported list is not valid: {exc}") from None
            old_path = _in_use(path.name)
            old = load_watchlist(old_path) if old_path is not None else None
            old_n = len(old.entities) if old is not None else None
            if old_n and len(new.entities) < (1 - options.max_shrink) * old_n and not options.force:
                raise UpdateError(
                    f"{source.id}: {path.name} would shrink from {old_n:,} to {len(new.entities):,} entities "
                    f"(more than {options.max_shrink:.0%}); refused, the lists in use are unchanged "
                    "(--force to install it anyway)"
                )
            changes.append(
                ListChange(
                    path.name,
                    new.info.id,
                    new.info.published,
                    len(new.entities),
                    str(old_path) if old_path is not None else None,
                    old_n,
                    diff_watchlists(old, new) if old is not None else None,
                )
            )
        digest = hashlib.sha256("".join(got[n].sha256 for n in sorted(got)).encode()).hexdigest()
        version = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + digest[:12]
        if options.dry_run:
            return UpdateResult(source.id, version, tuple(got.values()), tuple(changes), False, None)
        meta = {
            "source": source.id,
            "version": version,
            "fetched": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": {
                name: {
                    "url": f.url,
                    "size": f.size,
                    "sha256": f.sha256,
                    "content_type": f.content_type,
                    "etag": f.etag,
                    "last_modified": f.last_modified,
                }
                for name, f in got.items()
            },
            "lists": {
                c.file: {"id": c.list_id, "published": c.published.isoformat() if c.published else None}
                for c in changes
            },
        }
        done = store.install(source.id, staging, version, meta)
        files = tuple(
            Fetched(f.url, done.folder / "raw" / name, f.size, f.sha256, f.content_type, f.etag, f.last_modified)
            for name, f in got.items()
        )
        return UpdateResult(source.id, version, files, tuple(changes), True, done.folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def check_source(source: Source, options: UpdateOptions) -> CheckResult:
    """Whether the publisher has a newer version than the one in use, from ETag / Last-Modified (and the
    sha256 of a fresh download when the server sends neither)."""
    now = store.installed(source.id)
    meta_files: dict[str, Any] = (now.meta().get("files") or {}) if now is not None else {}
    for file in source.files:
        url = resolve_url(file, options.mirror, options.overrides, options.configured)
        answer = head(url, options.timeout)
        if now is None:
            listed = _bundled_published(source)
            day = http_date(answer.last_modified)
            if listed is None:
                return CheckResult(source.id, True, "not installed, and no bundled version")
            if day is None:
                return CheckResult(source.id, True, f"not installed; {file.name} gives no Last-Modified date")
            if dt.date.fromisoformat(day) > listed:
                return CheckResult(source.id, True, f"{file.name} modified {day}, the bundled list is of {listed}")
            continue
        before = meta_files.get(file.name) or {}
        if answer.etag and before.get("etag"):
            if answer.etag != before["etag"]:
                return CheckResult(source.id, True, f"{file.name}: ETag changed")
            continue
        if answer.last_modified and before.get("last_modified"):
            if answer.last_modified != before["last_modified"]:
                return CheckResult(source.id, True, f"{file.name}: modified {answer.last_modified}")
            continue
        # Neither header to go by: fetch it and compare the bytes.
        tmp = store.staging_folder(source.id)
        try:
            got = fetch(url, tmp / file.name, kind=file.kind, timeout=options.timeout, max_bytes=options.max_bytes)
            if got.sha256 != before.get("sha256"):
                return CheckResult(source.id, True, f"{file.name}: the content changed (sha256)")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if now is None:
        return CheckResult(source.id, False, "the bundled list is current")
    return CheckResult(source.id, False, f"version {now.current} is current")


def _bundled_published(source: Source) -> dt.date | None:
    name = f"{source.id}.yaml"
    for f in expand_list_paths([bundled_lists_dir()]):
        if f.name == name:
            try:
                return load_watchlist(f).info.published
            except KharonError:
                return None
    return None


__all__ = [
    "CheckResult",
    "DownloadError",
    "ListChange",
    "UpdateError",
    "UpdateOptions",
    "UpdateResult",
    "check_source",
    "update_source",
]
