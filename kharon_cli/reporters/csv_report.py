"""``--format csv``: one row per hit, for spreadsheets and data tools; rows are written as each input finishes.

The columns, after a header row:

    path,line,column,start,end,entity_id,list,entity_name,entity_type,programs,text,alias,alias_kind,method,score

``programs`` joins the entity's programs with ``;``; ``text`` is the mention exactly as written (it may hold
a line break). Quoting is RFC 4180 (the ``csv`` module: fields with a comma, a quote or a line break are
quoted, quotes doubled, rows end with CRLF), text is UTF-8 without a byte-order mark, so any field reads back
exactly with ``csv.reader`` (open the file with ``newline=""``). Only reported hits are rows: suppressed hits,
unreadable and skipped inputs are not (the JSON and SARIF formats carry them; errors also go to stderr).
A file name's bytes that are not UTF-8 are written as ``\\xNN``.

**Formula injection guard.** Article text, file names and list entries are untrusted, and a spreadsheet
treats a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) as a formula
(``=cmd|' /C calc'!A0`` runs a program in some versions of Excel). Every text cell starting with one of
those characters gets a leading single quote (``'``), the usual escape that makes a spreadsheet show the
cell as text; so standard input's path ``-`` is written ``'-``. Number cells (line, column, offsets,
score) are never negative, so never need it. Strip one leading ``'`` from such cells to get the raw value.
"""

from __future__ import annotations

import csv
from typing import TextIO

from ..models import FileResult, Hit, ListInfo, Summary
from .locations import text_path

HEADER = (
    "path",
    "line",
    "column",
    "start",
    "end",
    "entity_id",
    "list",
    "entity_name",
    "entity_type",
    "programs",
    "text",
    "alias",
    "alias_kind",
    "method",
    "score",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """``value`` made inert for spreadsheets: a leading ``'`` when it would start a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def row(path: str, hit: Hit) -> list[str | int | float]:
    entity = hit.entity
    return [
        cell(text_path(path)),
        hit.line,
        hit.column,
        hit.start,
        hit.end,
        cell(entity.key),
        cell(entity.list_id),
        cell(entity.name),
        entity.type.value,
        cell(";".join(entity.programs)),
        cell(hit.text),
        cell(hit.alias),
        hit.alias_kind.value,
        hit.method.value,
        hit.score,
    ]


class CsvReporter:
    def __init__(self, out: TextIO):
        self.out = out
        self.writer = csv.writer(out, lineterminator="\r\n")

    def start(self, lists: list[ListInfo]) -> None:
        self.writer.writerow(HEADER)
        self.out.flush()

    def file(self, result: FileResult) -> None:
        for hit in result.hits:
            self.writer.writerow(row(result.path, hit))
        self.out.flush()

    def finish(self, summary: Summary) -> None:
        pass
