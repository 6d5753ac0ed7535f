"""Shared fixtures: the mini watchlist written for the tests, a compiled tagger over it, shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from kharon_cli.engine import load_matcher
from kharon_cli.matching.tagger import MatchOptions, Tagger

# CI machines are shared and noisy: a slow example is not a failure. HYPOTHESIS_PROFILE=long runs more.
settings.register_profile("default", deadline=None)
settings.register_profile("long", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's real matcher cache."""
    os.environ["KHARON_CACHE_DIR"] = str(tmp_path_factory.mktemp("kharon-cache"))
    # Nor the matcher compiled into the package at install time (tests/test_cache.py tests that one on its own):
    # an editable checkout may hold one compiled from other code.
    os.environ["KHARON_NO_PACKAGED_CACHE"] = "1"
    # Test lists carry fixed dates, so their age grows with the calendar: staleness is tested on its own.
    os.environ["KHARON_MAX_LIST_AGE"] = "0"
    # A .kharon.yaml above the checkout (or a [tool.kharon] in pyproject.toml) must not change the CLI tests.
    os.environ["KHARON_NO_CONFIG"] = "1"
    # Nor the lists a user installed with `kharon lists update`: the default lists are the bundled ones.
    os.environ["KHARON_DATA_DIR"] = str(tmp_path_factory.mktemp("kharon-data"))


FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def mini_compiled():  # type: ignore[no-untyped-def]
    return load_matcher([MINI])[1]


@pytest.fixture(scope="session")
def mini(mini_compiled) -> Tagger:  # type: ignore[no-untyped-def]
    return Tagger(mini_compiled, MatchOptions())


@pytest.fixture(scope="session")
def mini_exact(mini_compiled) -> Tagger:  # type: ignore[no-untyped-def]
    return Tagger(mini_compiled, MatchOptions(fuzzy=False))


def shared(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test when the shared data is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path
