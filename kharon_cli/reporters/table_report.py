"""``--format table``: a rich table per input with hits, then a one-line summary.

Article and list text is never interpreted: every cell is a ``rich.text.Text`` (no markup parsing) and
control characters are replaced by visible escapes first, so "[bold]" or an ANSI escape in an article is
printed as those characters and cannot restyle the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import FileResult, FileStatus, Hit, ListInfo, Summary
from ..printable import inert, printable_path
from .locations import summary_line

# "organization" alone would take a sixth of an 80-column terminal.
TYPE_LABELS = {"organization": "org"}


# "<list>:<id> <type>": the lines of the Entity cell that must never break.
_ID_LINE = re.compile(r"^\S+:\S+ (?:person|org|vessel|aircraft)$")

_Justify = Literal["left", "right"]
_COLUMNS: tuple[tuple[str, _Justify], ...] = (
    ("Entity", "left"),
    ("Programs", "left"),
    ("Mention", "left"),
    ("Match", "left"),
    ("Line:Col", "right"),
)
_FLEX = (0, 1, 2)  # Entity, Programs, Mention share what the fixed columns leave
_FLEX_MIN = (0, 8, 12)  # Entity's minimum is its widest id line, so ids never break
_MAX_UNBROKEN = 16


def _column_widths(total: int, rows: Sequence[tuple[Text, ...]]) -> list[int]:
    """Fixed columns at their natural width; names, programs and mentions share the rest of ``total``."""
    natural = [
        max([len(header), *(max((len(line) for line in row[i].plain.split("\n")), default=0) for row in rows)])
        for i, (header, _) in enumerate(_COLUMNS)
    ]
    widths = list(natural)
    # Between two columns: one padding space each side plus the (blank) divider.
    flex = total - 3 * (len(_COLUMNS) - 1) - sum(w for i, w in enumerate(natural) if i not in _FLEX)
    if sum(natural[i] for i in _FLEX) <= flex:
        return widths
    id_width = max((len(line) for row in rows for line in row[0].plain.split("\n") if _ID_LINE.match(line)), default=0)
    for i, minimum in zip(_FLEX, _FLEX_MIN, strict=True):
        # Wide enough for the longest word (up to a point), so words wrap whole rather than fold.
        longest_word = min(_MAX_UNBROKEN, max((len(w) for row in rows for w in row[i].plain.split()), default=0))
        widths[i] = min(natural[i], max(minimum, longest_word, id_width if i == 0 else 0))
    floors = {0: min(natural[0], id_width), 1: min(natural[1], _FLEX_MIN[1]), 2: min(natural[2], _FLEX_MIN[2])}
    # Too tight for whole words everywhere: programs give way first, then mentions.
    for i in (1, 2):
        excess = sum(widths[j] for j in _FLEX) - flex
        if excess > 0:
            widths[i] = max(floors[i], widths[i] - excess)
    spare = flex - sum(widths[i] for i in _FLEX)
    # Hand out what is left one column at a time, always to the one furthest below its natural width.
    while spare > 0:
        short = [i for i in _FLEX if widths[i] < natural[i]]
        if not short:
            break
        widest_gap = min(short, key=lambda i: widths[i] / natural[i])
        widths[widest_gap] += 1
        spare -= 1
    return widths


def _t(s: str, style: str = "") -> Text:
    return Text(inert(s), style=style)


def _same_span(hits: Sequence[Hit]) -> list[list[Hit]]:
    """Hits grouped by span: the same words matching parties on several lists (or several parties) share a row."""
    groups: list[list[Hit]] = []
    for hit in hits:  # ordered by (start, end, entity key), so a span's hits are adjacent
        if groups and (groups[-1][0].start, groups[-1][0].end) == (hit.start, hit.end):
            groups[-1].append(hit)
        else:
            groups.append([hit])
    return groups


def _row(group: list[Hit]) -> tuple[Text, ...]:
    """One table row for the hits of one span: each distinct name once, then every list:id that carries it."""
    names: dict[str, list[Hit]] = {}
    for hit in group:
        names.setdefault(hit.entity.name, []).append(hit)
    entity = Text()
    for i, (name, hits) in enumerate(names.items()):
        if i:
            entity.append("\n")
        entity.append_text(_t(name))
        for hit in hits:
            label = TYPE_LABELS.get(hit.entity.type.value, hit.entity.type.value)
            entity.append("\n")
            entity.append_text(_t(f"{hit.entity.key} {label}", "dim"))
    programs = list(dict.fromkeys(p for hit in group for p in hit.entity.programs))
    best = max(group, key=lambda h: h.score)
    first = group[0]
    return (
        entity,
        _t(" ".join(programs)),
        _t(first.text, "bold"),
        _t(f"{best.method.value} {best.score:g}"),
        _t(f"{first.line}:{first.column}"),
    )


class TableReporter:
    def __init__(self, out: TextIO, *, width: int | None = None):
        self.console = Console(file=out, width=width, highlight=False, soft_wrap=False)
        self.err = Console(stderr=True, highlight=False)
        self.lists: list[ListInfo] = []

    def start(self, lists: list[ListInfo]) -> None:
        self.lists = lists

    def _status(self, path: str, label: str, style: str, message: str) -> None:
        # One line per status, never wrapped, so it can be grepped and copied whole.
        line = Text.assemble(Text(printable_path(path), style="bold"), (f"  {label}", style), _t(message))
        self.console.print(line, soft_wrap=True)

    def file(self, result: FileResult) -> None:
        if result.status is FileStatus.ERROR:
            self._status(result.path, "error: ", "red", result.message or "")
            return
        if result.status is FileStatus.SKIPPED:
            self._status(result.path, "skipped: ", "yellow", result.message or "")
            return
        for warning in result.warnings:
            self._status(result.path, "warning: ", "yellow", warning)
        if result.suppressed:
            n = len(result.suppressed)
            self._status(result.path, f"{n} hit{'s' if n != 1 else ''} suppressed by the allowlist", "dim", "")
        if result.baselined:
            n = result.baselined
            self._status(result.path, f"{n} hit{'s' if n != 1 else ''} in the baseline", "dim", "")
        if not result.hits:
            return
        rows = [_row(group) for group in _same_span(result.hits)]
        # The path on a line of its own, never wrapped, so it can be copied whole.
        self.console.print(Text(printable_path(result.path), style="bold"), soft_wrap=True)
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, 1),
        )
        widths = _column_widths(self.console.width, rows)
        for (header, justify), width in zip(_COLUMNS, widths, strict=True):
            # Long words fold rather than vanish behind an ellipsis.
            table.add_column(header, justify=justify, width=width, overflow="fold")
        for row in rows:
            table.add_row(*row)
        self.console.print(table)

    def finish(self, summary: Summary) -> None:
        self.console.print(_t(summary_line(summary, self.lists)), soft_wrap=True)
