"""Output of the ``kharon lists`` commands: plain dicts (the JSON contract), JSON, and tables for people.

``show`` and ``search`` render a rich table or JSON; ``validate`` and ``diff`` print plain lines (one finding
a line, greppable). List and article text is made inert before rich sees it, as in the scan table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..lists.diff import ListDiff
from ..lists.lookup import SearchResult
from ..lists.watchlist import list_age_days, list_origin
from ..models import Alias, Entity, ListInfo
from ..printable import inert, json_dumps
from .serialize import entity_dict, list_dict
from .table_report import TYPE_LABELS

_MAX_UNBROKEN = 20


def write_json(doc: object, out: TextIO) -> None:
    out.write(json_dumps(doc, indent=2))
    out.write("\n")


def _table(out: TextIO, width: int | None, headers: list[tuple[str, str]], rows: list[list[str]]) -> Console:
    """A borderless table; header flags: "r" right-aligned, "n" never wrapped (ids, numbers).

    A wrapped column is at least as wide as its longest word (up to 20), so codes like RUSSIA-EO14024 wrap
    between words and are not folded inside one.
    """
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for i, (header, flags) in enumerate(headers):
        longest_word = max((len(w) for row in rows for w in row[i].split()), default=0)
        table.add_column(
            header,
            justify="right" if "r" in flags else "left",
            no_wrap="n" in flags,
            overflow="fold",
            min_width=min(longest_word, _MAX_UNBROKEN),
        )
    for row in rows:
        table.add_row(*(Text(inert(cell)) for cell in row))
    console.print(table)
    return console


# ------------------------------------------------------------------------------------------------- show


def show_dict(info: ListInfo, today: dt.date) -> dict[str, Any]:
    return {
        **list_dict(info),
        "path": info.path,
        "age_days": list_age_days(info, today),
        "origin": list_origin(info.path),
    }


def write_show_table(infos: list[ListInfo], today: dt.date, out: TextIO, width: int | None = None) -> None:
    """One row per list, then its source, file and sha256 on lines of their own (long, and copied whole)."""
    rows = []
    for info in infos:
        age = list_age_days(info, today)
        published = info.published.isoformat() if info.published else "undated"
        age_cell = "?" if age is None else f"{age} d"
        rows.append([info.id, published, age_cell, f"{info.entities:,}", f"{info.aliases:,}", info.name])
    headers = [("List", "n"), ("Published", "n"), ("Age", "rn"), ("Entities", "rn"), ("Aliases", "rn"), ("Name", "")]
    console = _table(out, width, headers, rows)
    for info in infos:
        origin = list_origin(info.path)
        came = {
            "installed": f"installed by 'kharon lists update', version {origin.get('version')}",
            "bundled": "bundled with kharon",
        }.get(str(origin["kind"]), "given with --list")
        for label, value in (
            ("source", info.source or "-"),
            ("file", info.path or "-"),
            ("sha256", info.sha256),
            ("origin", came),
        ):
            console.print(Text(inert(f"{info.id} {label}: {value}")), soft_wrap=True)


# ----------------------------------------------------------------------------------------------- search


def search_dict(query: str, results: list[SearchResult]) -> dict[str, Any]:
    return {
        "query": query,
        "results": [
            {
                "entity": entity_dict(r.entity),
                "score": r.score,
                "alias": r.alias,
                "alias_kind": r.alias_kind,
                "matched": r.matched,
                "rule": r.rule,
            }
            for r in results
        ],
    }


def write_search_table(query: str, results: list[SearchResult], out: TextIO, width: int | None = None) -> None:
    if not results:
        out.write(f"no listed name is close to {inert(query)!r}\n")
        return
    rows = [
        [
            f"{r.score:g}",
            r.entity.key,
            r.entity.name,
            TYPE_LABELS.get(r.entity.type.value, r.entity.type.value),
            " ".join(r.entity.programs),
            r.alias,
        ]
        for r in results
    ]
    headers = [("Score", "rn"), ("Id", "n"), ("Name", ""), ("Type", "n"), ("Programs", ""), ("Matched name", "")]
    _table(out, width, headers, rows)


# --------------------------------------------------------------------------------------------------- diff


def _alias(a: Alias) -> dict[str, str]:
    return {"name": a.name, "kind": a.kind.value}


def _entity_brief(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type.value, "aliases": len(e.aliases)}


def diff_dict(diff: ListDiff) -> dict[str, Any]:
    return {
        "old": diff.old_id,
        "new": diff.new_id,
        "summary": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)},
        "added": [_entity_brief(e) for e in diff.added],
        "removed": [_entity_brief(e) for e in diff.removed],
        "changed": [
            {
                "id": c.id,
                "name": c.name,
                "fields": [{"field": f, "old": a, "new": b} for f, a, b in c.fields],
                "aliases_added": [_alias(a) for a in c.aliases_added],
                "aliases_removed": [_alias(a) for a in c.aliases_removed],
                "alias_kinds_changed": [{"name": n, "old": a, "new": b} for n, a, b in c.kinds_changed],
            }
            for c in diff.changed
        ],
    }


def write_diff_text(diff: ListDiff, out: TextIO) -> None:
    """``+``/``-``/``~`` lines, like a unified diff of entities, then a one-line summary."""
    lines = [f"+ {e.id} {e.name} ({e.type.value})" for e in diff.added]
    lines += [f"- {e.id} {e.name} ({e.type.value})" for e in diff.removed]
    for c in diff.changed:
        lines.append(f"~ {c.id} {c.name}")
        lines += [f"    {f}: {a} -> {b}" for f, a, b in c.fields]
        lines += [f"    + alias {a.name} ({a.kind.value})" for a in c.aliases_added]
        lines += [f"    - alias {a.name} ({a.kind.value})" for a in c.aliases_removed]
        lines += [f"    ~ alias {n}: {a} -> {b}" for n, a, b in c.kinds_changed]
    for line in lines:
        out.write(inert(line) + "\n")
    out.write(
        f"{diff.old_id} -> {diff.new_id}: {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.changed)} changed\n"
    )
