"""The entity roll-up of a scan (``--summary``): one row per listed party across all inputs.

Pure: built from the file results the scanner produces; the reporters render it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Entity, FileResult, Method


@dataclass(frozen=True)
class EntityRollup:
    entity: Entity
    files: int  # inputs with at least one hit on the entity
    hits: int
    first_path: str  # the first input (in scan order) that names it
    best_score: float
    methods: tuple[str, ...]  # every method that found it, in the order of Method


def rollup(results: Iterable[FileResult]) -> list[EntityRollup]:
    """One row per entity with hits, most hits first (ties by entity key)."""
    hits: dict[str, int] = {}
    files: dict[str, int] = {}
    first: dict[str, str] = {}
    best: dict[str, float] = {}
    methods: dict[str, set[Method]] = {}
    entities: dict[str, Entity] = {}
    for result in results:
        seen_here: set[str] = set()
        for hit in result.hits:
            key = hit.entity_key
            entities.setdefault(key, hit.entity)
            hits[key] = hits.get(key, 0) + 1
            first.setdefault(key, result.path)
            best[key] = max(best.get(key, 0.0), hit.score)
            methods.setdefault(key, set()).add(hit.method)
            if key not in seen_here:
                seen_here.add(key)
                files[key] = files.get(key, 0) + 1
    order = list(Method)
    rows = [
        EntityRollup(
            entities[key],
            files[key],
            hits[key],
            first[key],
            best[key],
            tuple(m.value for m in sorted(methods[key], key=order.index)),
        )
        for key in entities
    ]
    rows.sort(key=lambda r: (-r.hits, r.entity.key))
    return rows
