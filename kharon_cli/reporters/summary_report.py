"""``--summary``: the entity roll-up (one row per listed party across all inputs) as a table or JSON.

The roll-up is what an analyst pastes into a report; per-file detail stays in the normal output formats.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..models import ListInfo, Summary
from ..printable import json_dumps, printable_path
from ..results.rollup import EntityRollup
from .serialize import entity_dict, list_dict, summary_dict


def rollup_dict(row: EntityRollup) -> dict[str, Any]:
    return {
        "entity": entity_dict(row.entity),
        "files": row.files,
        "hits": row.hits,
        "first_path": row.first_path,
        "best_score": row.best_score,
        "methods": list(row.methods),
    }


def write_json(rows: list[EntityRollup], lists: list[ListInfo], summary: Summary, out: TextIO) -> None:
    from ..version import __version__

    doc = {
        "kharon": __version__,
        "lists": [list_dict(i) for i in lists],
        "entities": [rollup_dict(r) for r in rows],
        "summary": summary_dict(summary),
    }
    out.write(json_dumps(doc, indent=2))
    out.write("\n")


def write_table(
    rows: list[EntityRollup], lists: list[ListInfo], summary: Summary, out: TextIO, width: int | None = None
) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..printable import inert
    from .locations import summary_line
    from .table_report import TYPE_LABELS

    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    if rows:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("Entity", overflow="fold")
        table.add_column("Id", no_wrap=True)
        table.add_column("Type", no_wrap=True)
        table.add_column("Files", justify="right", no_wrap=True)
        table.add_column("Hits", justify="right", no_wrap=True)
        table.add_column("First file", overflow="fold")
        for r in rows:
            etype = r.entity.type.value
            table.add_row(
                Text(inert(r.entity.name)),
                Text(inert(r.entity.key)),
                Text(TYPE_LABELS.get(etype, etype)),
                Text(str(r.files)),
                Text(str(r.hits)),
                Text(printable_path(r.first_path)),
            )
        console.print(table)
    console.print(Text(inert(summary_line(summary, lists))), soft_wrap=True)
