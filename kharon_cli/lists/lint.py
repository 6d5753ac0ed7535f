"""Warnings for list authors (``kharon lists validate``): valid YAML that will still not behave as meant.

Runs after the loader (``watchlist.py``) has accepted a file; the loader's errors are schema errors, these are
advice. Each warning names the file, the line and the entity, like a loader error:

* ``duplicate alias``: two entities of one list share a normalised name, so every mention of it is reported
  for both (often a copy-paste slip, sometimes a real shared trading name);
* ``short alias`` / ``common word``: a name of one word that the matcher's own risk model (``risk.py``)
  will not let match on its own, because it is only digits, two characters, a three-letter acronym or a
  common English word (Zipf 4.0 or more in ``wordfreq``): it counts only where something else in the text
  confirms the party;
* ``needs context``: a one-word vessel or aircraft name counts only with vessel or aircraft words nearby;
* ``matches nothing``: a name with no letters or digits, which normalises to nothing.

Pure: no typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..matching.compiler import alias_forms
from ..matching.normalize import tokenize
from ..matching.risk import COMMON_ZIPF, RiskModel
from ..models import AliasKind, Watchlist

# The one-word risks of risk.py, and the warning code each is reported under.
_ONE_WORD_RISKS = {
    "number": ("short alias", "is only digits"),
    "too short": ("short alias", "is two characters or fewer"),
    "three-letter acronym": ("short alias", "is a three-letter acronym"),
    "common word": ("common word", "is one common English word"),
}
_LONE_WORD_RISKS = ("single-word weak alias", "single name")


@dataclass(frozen=True, order=True)
class ListWarning:
    path: str
    line: int
    entity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message} (entity {self.entity}) [{self.code}]"


def lint_watchlist(wl: Watchlist, risk: RiskModel | None = None) -> list[ListWarning]:
    """Every warning for one list, in file order. ``risk`` defaults to the model the list alone would get."""
    model = risk if risk is not None else RiskModel.build(list(wl.entities))
    path = str(wl.info.path)
    warnings: list[ListWarning] = []
    first_owner: dict[str, tuple[str, int]] = {}  # normalised name -> (entity id, line) of its first use
    for index, entity in enumerate(wl.entities):
        name_line, alias_lines = wl.lines[index] if index < len(wl.lines) else (0, ())
        names = [(entity.name, name_line, "name", AliasKind.PRIMARY)]
        names += [
            (alias.name, alias_lines[i] if i < len(alias_lines) else name_line, "alias", alias.kind)
            for i, alias in enumerate(entity.aliases)
        ]
        seen_here: set[str] = set()
        for text, line, what, kind in names:
            norms = tokenize(text).norms
            norm = " ".join(norms)
            if not norm:
                warnings.append(
                    ListWarning(path, line, entity.id, "matches nothing", f"{what} {text!r} has no letters or digits")
                )
                continue
            if len(norms) == 1:
                listed = model.assess(alias_forms(entity, index, text, kind)[0], entity)
                why_risky = listed.risk
                if why_risky in _LONE_WORD_RISKS and model.frequency(norms[0]) >= COMMON_ZIPF:
                    why_risky = "common word"  # a lone weak alias or given name that is also an everyday word
                if why_risky in _ONE_WORD_RISKS:
                    code, why = _ONE_WORD_RISKS[why_risky]
                    message = f"{what} {text!r} {why}: it never matches on its own"
                    warnings.append(ListWarning(path, line, entity.id, code, message))
                elif listed.needs_context:
                    message = f"{what} {text!r} is one word: it counts only with vessel or aircraft context nearby"
                    warnings.append(ListWarning(path, line, entity.id, "needs context", message))
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
