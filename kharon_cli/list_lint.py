"""Warnings for list authors (``kharon lists validate``): valid YAML that will still not behave as meant.

Runs after the loader (``watchlist.py``) has accepted a file; the loader's errors are schema errors, these are
advice. Each warning names the file, the line and the entity, like a loader error:

* ``duplicate alias``: two entities of one list share a normalised name, so every mention of it is reported
  for both (often a copy-paste slip, sometimes a real shared trading name);
* ``short alias`` / ``common word``: a name of one word that is three characters or fewer, only digits, or a
  common English word (Zipf 4.0 or more in ``wordfreq``, the threshold the matcher uses) never matches on
  its own, only when something else in the text confirms the party;
* ``matches nothing``: a name with no letters or digits, which normalises to nothing.

Pure: no typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from .frequency import COMMON_WORD_ZIPF, zipf
from .models import Watchlist
from .normalize import tokenize

SHORT_ALIAS_CHARS = 3


@dataclass(frozen=True, order=True)
class ListWarning:
    path: str
    line: int
    entity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message} (entity {self.entity}) [{self.code}]"


def _one_word_problem(norms: list[str]) -> tuple[str, str] | None:
    if len(norms) != 1:
        return None
    word = norms[0]
    if word.isdigit():
        return "short alias", "is only digits: it never matches on its own"
    if len(word) <= SHORT_ALIAS_CHARS:
        return "short alias", f"is {len(word)} character{'s' if len(word) != 1 else ''}: it never matches on its own"
    if zipf(word) >= COMMON_WORD_ZIPF:
        return "common word", "is one common English word: it never matches on its own"
    return None


def lint_watchlist(wl: Watchlist) -> list[ListWarning]:
    """Every warning for one list, in file order."""
    path = str(wl.info.path)
    warnings: list[ListWarning] = []
    first_owner: dict[str, tuple[str, int]] = {}  # normalised name -> (entity id, line) of its first use
    for index, entity in enumerate(wl.entities):
        name_line, alias_lines = wl.lines[index] if index < len(wl.lines) else (0, ())
        names = [(entity.name, name_line, "name")]
        names += [
            (alias.name, alias_lines[i] if i < len(alias_lines) else name_line, "alias")
            for i, alias in enumerate(entity.aliases)
        ]
        seen_here: set[str] = set()
        for text, line, what in names:
            norms = tokenize(text).norms
            norm = " ".join(norms)
            if not norm:
                warnings.append(
                    ListWarning(path, line, entity.id, "matches nothing", f"{what} {text!r} has no letters or digits")
                )
                continue
            problem = _one_word_problem(norms)
            if problem is not None:
                code, why = problem
                warnings.append(ListWarning(path, line, entity.id, code, f"{what} {text!r} {why}"))
            if norm in seen_here:
                continue
            seen_here.add(norm)
            owner = first_owner.setdefault(norm, (entity.id, line))
            if owner[0] != entity.id:
                warnings.append(
                    ListWarning(
                        path,
                        line,
                        entity.id,
                        "duplicate alias",
                        f"{what} {text!r} is also a name of entity {owner[0]} (line {owner[1]})",
                    )
                )
    return warnings
