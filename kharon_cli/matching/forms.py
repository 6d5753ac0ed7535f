"""The alias form: one normalised way of writing one entity's name, the unit every later stage works on.

Made by the compiler (``compiler.alias_forms``), marked by the risk model (``risk``), indexed by the automaton
and the fuzzy index, stored by the cache as plain tuples, and carried into ``kharon explain``. It lives in a
module of its own because all of them need the type and none of them should import the others for it.
"""

from __future__ import annotations

from typing import NamedTuple


class AliasForm(NamedTuple):
    """One normalised way of writing one entity's name."""

    norm: str
    entity: int  # index into CompiledMatcher entity rows
    alias: str  # the name as the list spells it
    kind: str  # an AliasKind value
    method: str  # Method.NORMALIZED for the listed order, Method.REORDERED for a person's natural order
    upper_only: bool  # an acronym: the text must write it in capitals
    cased: bool  # the list capitalises it: the text must capitalise at least one of its words
    surname: tuple[int, int] | None  # token slice of the surname, for follow-up mentions of people
    rule: str = "as listed"  # how this form was derived from the alias, for `kharon explain`
    base: float = 98.0  # score of a hit on this form (an exact spelling of the alias scores 100)
    risk: str = ""  # why this form may not match on its own ("" = it may); see ``risk``
    needs_context: bool = False  # a vessel/aircraft name that is an ordinary word: needs vessel context
    case_free: bool = False  # long and distinctive enough to count whatever its capitalisation


# (list id, entity id, name, type, programs, ((alias, kind), ...), years of birth, year established):
# an Entity as plain data.
EntityRow = tuple[str, str, str, str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[int, ...], int | None]
