"""``kharon lists diff OLD NEW``: what changed between two versions of a watchlist.

Entities are matched by id. For an entity in both versions, every field is compared: name, type, programs,
years of birth and establishment, and aliases (an alias is its name and kind; renaming an alias shows as one
removed and one added, changing only its kind shows as a kind change). Pure: no typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Alias, Entity, Watchlist


@dataclass(frozen=True)
class EntityChange:
    id: str
    name: str
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, old value, new value)
    aliases_added: tuple[Alias, ...] = ()
    aliases_removed: tuple[Alias, ...] = ()
    kinds_changed: tuple[tuple[str, str, str], ...] = ()  # (alias name, old kind, new kind)


@dataclass(frozen=True)
class ListDiff:
    old_id: str
    new_id: str
    added: tuple[Entity, ...] = ()
    removed: tuple[Entity, ...] = ()
    changed: tuple[EntityChange, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _fmt(values: tuple[object, ...] | object) -> str:
    if isinstance(values, tuple):
        return ", ".join(str(v) for v in values) or "-"
    return "-" if values is None else str(values)


def _compare(old: Entity, new: Entity) -> EntityChange | None:
    fields = [
        (label, _fmt(a), _fmt(b))
        for label, a, b in (
            ("name", old.name, new.name),
            ("type", old.type.value, new.type.value),
            ("programs", old.programs, new.programs),
            ("born", old.born, new.born),
            ("established", old.established, new.established),
        )
        if a != b
    ]
    old_kinds = {a.name: a.kind for a in old.aliases}
    new_kinds = {a.name: a.kind for a in new.aliases}
    added = tuple(a for a in new.aliases if a.name not in old_kinds)
    removed = tuple(a for a in old.aliases if a.name not in new_kinds)
    kinds = tuple(
        (name, old_kinds[name].value, kind.value)
        for name, kind in new_kinds.items()
        if name in old_kinds and old_kinds[name] != kind
    )
    if not (fields or added or removed or kinds):
        return None
    return EntityChange(new.id, new.name, tuple(fields), added, removed, kinds)


def diff_watchlists(old: Watchlist, new: Watchlist) -> ListDiff:
    """Entities added, removed and changed from ``old`` to ``new``, each group in the new list's order."""
    old_by_id = {e.id: e for e in old.entities}
    new_ids = {e.id for e in new.entities}
    added = tuple(e for e in new.entities if e.id not in old_by_id)
    removed = tuple(e for e in old.entities if e.id not in new_ids)
    changed = tuple(
        change for e in new.entities if e.id in old_by_id and (change := _compare(old_by_id[e.id], e)) is not None
    )
    return ListDiff(old.info.id, new.info.id, added, removed, changed)
