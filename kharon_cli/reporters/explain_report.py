"""``kharon explain``: why each hit was made, and why each near miss was not (table or JSON)."""

from __future__ import annotations

from typing import Any, TextIO

from ..matching.normalize import normalize
from ..matching.tagger import Explanation, Rejection
from ..printable import json_dumps


def _hit_rows(ex: Explanation) -> list[dict[str, Any]]:
    rows = []
    for hit in ex.hits:
        form = ex.forms.get((hit.start, hit.end, hit.entity_key))
        rows.append(
            {
                "text": hit.text,
                "start": hit.start,
                "end": hit.end,
                "entity": hit.entity_key,
                "name": hit.entity.name,
                "type": hit.entity.type.value,
                "alias": hit.alias,
                "alias_kind": hit.alias_kind.value,
                "text_normalized": normalize(hit.text),
                "alias_normalized": form.norm if form else None,
                "rule": form.rule if form else None,
                "method": hit.method.value,
                "score": hit.score,
                "confirmed_risk": form.risk if form and form.risk else None,
                "parts": ex.details.get((hit.start, hit.end, hit.entity_key)) or None,
            }
        )
    return rows


def _miss_row(r: Rejection, entity_key: str, name: str) -> dict[str, Any]:
    return {
        "text": r.text,
        "start": r.start,
        "end": r.end,
        "entity": entity_key,
        "name": name,
        "alias": r.form.alias,
        "alias_kind": r.form.kind,
        "text_normalized": normalize(r.text),
        "alias_normalized": r.form.norm,
        "rule": r.form.rule,
        "method": r.method.value,
        "score": r.score,
        "reason": r.reason,
        "parts": r.detail or None,
    }


def explanation_dict(ex: Explanation, entity_of: Any) -> dict[str, Any]:
    misses = []
    seen = set()
    for r in ex.rejected:
        entity = entity_of(r.form.entity)
        key = (r.start, r.end, entity.key, r.reason)
        if key in seen:
            continue
        seen.add(key)
        misses.append(_miss_row(r, entity.key, entity.name))
    return {"hits": _hit_rows(ex), "near_misses": misses}


def write_json(doc: dict[str, Any], out: TextIO) -> None:
    out.write(json_dumps(doc, indent=2))
    out.write("\n")


def write_text(doc: dict[str, Any], out: TextIO, width: int | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    from ..printable import inert

    console = Console(file=out, width=width, highlight=False, soft_wrap=True)

    def line(*parts: tuple[str, str] | str) -> None:
        console.print(Text.assemble(*((inert(p), "") if isinstance(p, str) else (inert(p[0]), p[1]) for p in parts)))

    if not doc["hits"] and not doc["near_misses"]:
        line("No hits and no near misses.")

    def heading(label: str, style: str, row: dict[str, Any], entity: str) -> None:
        line((label, style), (repr(row["text"]), "bold"), f" [{row['start']}:{row['end']}] -> {row['name']} ({entity})")

    for h in doc["hits"]:
        heading("HIT ", "bold green", h, f"{h['entity']}, {h['type']}")
        line(f"    alias: {h['alias']} ({h['alias_kind']}); form: {h['rule']}")
        line(f"    normalised: text {h['text_normalized']!r}, alias {h['alias_normalized']!r}")
        line(f"    method {h['method']}, score {h['score']:g}")
        if h["parts"]:
            line(f"    parts: {h['parts']}")
        if h["confirmed_risk"]:
            line(
                f"    risky name ({h['confirmed_risk']}): counts because this text confirms the entity "
                "(a full mention, a second name of it, or for a generic description its country)"
            )
    for m in doc["near_misses"]:
        heading("MISS ", "bold yellow", m, m["entity"])
        line(f"    alias: {m['alias']} ({m['alias_kind']}); form: {m['rule']}; {m['method']} {m['score']:g}")
        if m["parts"]:
            line(f"    parts: {m['parts']}")
        line(f"    rejected: {m['reason']}")
