"""kharon: tag mentions of sanctioned parties from YAML watchlists in news articles.

The package is a pipeline, one subpackage per stage, each importing only the stages below it (checked by
import-linter; see ``[tool.importlinter]`` in pyproject.toml): ``lists`` loads YAML watchlists into
``models``; ``matching`` compiles them into a matcher and tags text with it; ``store`` keeps compiled matchers
on disk; ``engine`` ties those three together for programs; ``scanning`` reads inputs and tags them;
``results`` applies baselines, the fail policy and the roll-up; ``reporters`` render; ``cli`` is the thin typer
front end over all of it. ``models``, ``errors``, ``defaults``, ``printable`` and ``version`` are used by all.

Library use::

    from kharon_cli import load_tagger

    tagger = load_tagger()  # the bundled lists, from the compiled-list cache
    for hit in tagger.tag(text):  # list[Hit]
        print(hit.start, hit.end, hit.entity_key, hit.method, hit.score)

``Tagger``, ``load_tagger``, ``Hit`` and ``MatchOptions`` are imported lazily on first access (PEP 562), so
``import kharon_cli`` (and with it ``kharon --version``) stays as light as this file.
"""

from __future__ import annotations

from .version import __version__

# Not `from typing import TYPE_CHECKING`: importing typing would be most of this module's import time.
TYPE_CHECKING = False

__all__ = ["Hit", "MatchOptions", "Tagger", "__version__", "load_tagger"]

if TYPE_CHECKING:
    from typing import Any

    from .engine import load_tagger
    from .matching.tagger import MatchOptions, Tagger
    from .models import Hit

# name -> the submodule that defines it
_LAZY = {"Tagger": "matching.tagger", "MatchOptions": "matching.tagger", "load_tagger": "engine", "Hit": "models"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
