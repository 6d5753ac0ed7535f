"""Watchlists installed by ``kharon lists update``: one folder per version of each source, and a pointer.

Below the list loader (``lists.watchlist`` asks it which installed files replace the bundled ones) and the
updater (``lists.update`` stages a new version here and switches to it). The layout, under the user data
folder (``data_dir()``: ``KHARON_DATA_DIR``, else the platform's user data folder)::

    lists/<source>/state.json          {"current": VERSION, "previous": VERSION | null}
    lists/<source>/<VERSION>/          the watchlist YAML file(s), meta.json, and raw/ (the files downloaded)
    lists/<source>/.staging-*/         a version being built (removed on failure, or by the next update)

A version becomes the one in use in a single step: ``state.json`` is replaced by one rename, so a kill or a
full disk at any moment leaves either the old pointer or the new one, never a half-installed list.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import write_atomic

STATE = "state.json"
META = "meta.json"
STAGING_PREFIX = ".staging-"
LIST_SUFFIXES = (".yaml", ".yml")


def data_dir(platform: str = sys.platform) -> Path:
    """The user data folder kharon installs lists into: ``KHARON_DATA_DIR``, else where platformdirs'
    ``user_data_dir`` puts it (``$XDG_DATA_HOME/kharon`` or ``~/.local/share/kharon`` on Linux and the BSDs,
    ``~/Library/Application Support/kharon`` on macOS, ``%LOCALAPPDATA%\\kharon`` on Windows)."""
    env = os.environ.get("KHARON_DATA_DIR")
    if env:
        return Path(env)
    if platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "kharon"
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "kharon"
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "kharon"


def lists_root() -> Path:
    return data_dir() / "lists"


@dataclass(frozen=True)
class Installed:
    """The version of one source in use, and the one before it (for ``--rollback``)."""

    source: str
    current: str
    previous: str | None
    folder: Path  # the current version's folder

    def files(self) -> list[Path]:
        return sorted(f for f in self.folder.iterdir() if f.suffix in LIST_SUFFIXES and f.is_file())

    def meta(self) -> dict[str, Any]:
        return read_meta(self.folder)


def read_meta(folder: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def installed(source: str) -> Installed | None:
    """The installed version of ``source`` in use, or None (then the bundled list is used)."""
    home = lists_root() / source
    try:
        state = json.loads((home / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    current = state.get("current") if isinstance(state, dict) else None
    if not isinstance(current, str) or not (home / current).is_dir():
        return None
    previous = state.get("previous")
    if not isinstance(previous, str) or not (home / previous).is_dir():
        previous = None
    return Installed(source, current, previous, home / current)


def all_installed() -> list[Installed]:
    root = lists_root()
    if not root.is_dir():
        return []
    found = (installed(d.name) for d in sorted(root.iterdir()) if d.is_dir() and not d.name.startswith("."))
    return [i for i in found if i is not None]


def installed_list_files() -> list[Path]:
    """The watchlist files of every installed source's current version."""
    return [f for i in all_installed() for f in i.files()]


def staging_folder(source: str) -> Path:
    """A fresh private folder to build a new version of ``source`` in; leftovers of killed runs are removed."""
    import tempfile

    home = lists_root() / source
    home.mkdir(parents=True, exist_ok=True)
    for old in home.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=home))


def install(source: str, staged: Path, version: str, meta: dict[str, Any]) -> Installed:
    """Make the staged folder version ``version`` of ``source`` and switch to it; the version in use before
    becomes the previous one, and older versions are removed. Raises ``OSError``; on failure the version in
    use is unchanged."""
    home = lists_root() / source
    before = installed(source)
    (staged / META).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    target = home / version
    if target.exists():
        shutil.rmtree(target)
    staged.rename(target)
    _write_state(home, version, before.current if before else None)
    keep = {version, before.current if before else None}
    for old in home.iterdir():
        if old.is_dir() and not old.name.startswith(".") and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    result = installed(source)
    assert result is not None
    return result


def rollback(source: str) -> Installed | None:
    """Switch ``source`` back to its previous version (which becomes the one to roll forward to); None when
    there is no previous version."""
    now = installed(source)
    if now is None or now.previous is None:
        return None
    _write_state(lists_root() / source, now.previous, now.current)
    return installed(source)


def _write_state(home: Path, current: str, previous: str | None) -> None:
    payload = json.dumps({"current": current, "previous": previous}, indent=2) + "\n"
    write_atomic(home / STATE, payload.encode("utf-8"))
