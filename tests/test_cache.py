"""The compiled-matcher cache: same results as a fresh compile, invalidation, and damage tolerance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI

from kharon_cli.engine import load_matcher
from kharon_cli.matching.tagger import Tagger
from kharon_cli.store import cache

TEXT = "Qassem Soleimani, Kata’ib Hizballah, the al-Nusra Front, ISIS, Javad Zarif; later Soleimani."


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KHARON_CACHE_DIR", str(folder))
    return folder


def test_cached_matcher_tags_exactly_like_a_fresh_compile(cache_dir: Path) -> None:
    fresh_infos, fresh = load_matcher([MINI], use_cache=False)
    assert list(cache_dir.glob("*")) == []
    first_infos, first = load_matcher([MINI])  # compiles and stores
    [stored] = cache_dir.glob("matcher-*.bin")
    again_infos, again = load_matcher([MINI])  # loads
    assert again is not first and again.has_fuzzy
    assert fresh_infos == first_infos == again_infos
    assert Tagger(fresh).tag(TEXT) == Tagger(again).tag(TEXT)
    assert len(Tagger(again).tag(TEXT)) == 6
    assert stored.name == f"matcher-{cache.cache_key([MINI])}.bin"


def test_editing_a_list_changes_the_key(tmp_path: Path, cache_dir: Path) -> None:
    lst = tmp_path / "l.yaml"
    shutil.copy(MINI, lst)
    before = cache.cache_key([lst])
    lst.write_text(lst.read_text() + "  - {id: new, name: NEW NAME}\n")
    assert cache.cache_key([lst]) != before
    infos, _ = load_matcher([lst])
    assert infos[0].entities == 14


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_damaged_cache_file_is_ignored_and_rewritten(cache_dir: Path, damage: str) -> None:
    load_matcher([MINI])
    [stored] = cache_dir.glob("matcher-*.bin")
    data = stored.read_bytes()
    damaged = {
        "truncate": data[: len(data) // 2],
        "flip": data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:],
        "garbage": b"not a cache file at all",
        "empty": b"",
    }[damage]
    stored.write_bytes(damaged)
    assert cache.load(cache.cache_key([MINI])) is None
    _, compiled = load_matcher([MINI])
    assert len(Tagger(compiled).tag(TEXT)) == 6
    assert cache.loads(stored.read_bytes()) is not None  # rewritten whole


def test_unwritable_cache_folder_still_scans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KHARON_CACHE_DIR", str(blocker / "sub"))
    _, compiled = load_matcher([MINI])
    assert len(Tagger(compiled).tag(TEXT)) == 6


def test_matcher_compiled_into_the_package_is_used_when_the_user_cache_has_none(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = cache.cache_key([MINI])
    _, compiled = cache.loads(_compiled_bytes()) or (None, None)
    assert compiled is not None
    packaged = tmp_path / "packaged"
    packaged.mkdir()
    (packaged / f"matcher-{key}.bin").write_bytes(_compiled_bytes())
    monkeypatch.setattr(cache, "PACKAGED_DIR", packaged)
    monkeypatch.delenv("KHARON_NO_PACKAGED_CACHE")
    _, loaded = load_matcher([MINI])
    assert not cache_dir.exists()  # served from the package: nothing compiled, nothing written
    assert [h.entity_key for h in Tagger(loaded).tag(TEXT)] == [h.entity_key for h in Tagger(compiled).tag(TEXT)]
    monkeypatch.setenv("KHARON_NO_PACKAGED_CACHE", "1")
    load_matcher([MINI])
    assert list(cache_dir.glob("matcher-*.bin"))  # ignored on request: compiled into the user cache


def _compiled_bytes() -> bytes:
    from kharon_cli.engine import compile_files

    infos, compiled = compile_files([MINI])
    _ = compiled.fuzzy
    return cache.dumps(infos, compiled)


def test_build_hook_compiles_the_bundled_lists_under_their_cache_key(tmp_path: Path) -> None:
    """hatch_build.py (run by `pip install`) ships the bundled lists compiled, named by the key a scan asks for."""
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(root))
    name, data = hatch_build._compile(root)
    from kharon_cli.lists.watchlist import list_files

    assert name == f"matcher-{cache.cache_key(list_files(None))}.bin"
    loaded = cache.loads(data)
    assert loaded is not None
    assert [i.id for i in loaded[0]] == ["ofac-sdn", "un-sc"]
    assert sys.modules["kharon_cli.store.cache"] is cache  # modules imported before the hook ran stay as they were
