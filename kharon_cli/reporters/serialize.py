"""Plain-dict forms of the models, shared by the JSON and JSON Lines reporters (the output contract)."""

from __future__ import annotations

from typing import Any

from ..models import Entity, FileResult, Hit, ListInfo, Summary


def entity_dict(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.key,
        "list": entity.list_id,
        "name": entity.name,
        "type": entity.type.value,
        "programs": list(entity.programs),
    }


def hit_dict(hit: Hit) -> dict[str, Any]:
    return {
        "entity": entity_dict(hit.entity),
        "text": hit.text,
        "alias": hit.alias,
        "alias_kind": hit.alias_kind.value,
        "method": hit.method.value,
        "score": hit.score,
        "start": hit.start,
        "end": hit.end,
        "line": hit.line,
        "column": hit.column,
    }


def list_dict(info: ListInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "source": info.source,
        "published": info.published.isoformat() if info.published else None,
        "dates": {label: d.isoformat() for label, d in info.extra_dates},
        "entities": info.entities,
        "aliases": info.aliases,
        "sha256": info.sha256,
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "status": result.status.value,
        "message": result.message,
        "warnings": list(result.warnings),
        "hits": [hit_dict(h) for h in result.hits],
        "suppressed": [{**hit_dict(s.hit), "reason": s.reason} for s in result.suppressed],
        "baselined": result.baselined,
    }


def summary_dict(summary: Summary) -> dict[str, Any]:
    return {
        "files": summary.files,
        "files_with_hits": summary.files_with_hits,
        "hits": summary.hits,
        "entities": summary.entities,
        "errors": summary.errors,
        "skipped": summary.skipped,
        "suppressed": summary.suppressed,
        "baselined": summary.baselined,
    }
