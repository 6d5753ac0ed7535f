"""``--format table``: a rich table per input with hits, then a one-line summary.

Article and list text is never interpreted: every cell is a ``rich.text.Text`` (no markup parsing) and
control characters are replaced by visible escapes first, so "[bold]" or an ANSI escape in an article is
printed as those characters and cannot restyle the terminal.
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import FileResult, FileStatus, ListInfo, Summary


def inert(s: str) -> str:
    """``s`` with line breaks as spaces and every other control/format character as a visible escape."""
    out = []
    for ch in s:
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


# "organization" alone would take a sixth of an 80-column terminal.
_TYPE_LABELS = {"organization": "org"}


_COLUMNS = (
    ("Entity", "left"),
    ("Type", "left"),
    ("Programs", "left"),
    ("Mention", "left"),
    ("Method", "left"),
    ("Score", "right"),
    ("Line:Col", "right"),
)
_FLEX = (0, 2, 3)  # Entity, Programs, Mention share what the fixed columns leave


def _column_widths(total: int, rows: list[tuple[Text, ...]]) -> list[int]:
    """Fixed columns at their natural width; names, programs and mentions share the rest of ``total``."""
    natural = [
        max([len(header), *(max((len(line) for line in row[i].plain.split("\n")), default=0) for row in rows)])
        for i, (header, _) in enumerate(_COLUMNS)
    ]
    widths = list(natural)
    # Between two columns: one padding space each side plus the (blank) divider.
    flex = total - 3 * (len(_COLUMNS) - 1) - sum(w for i, w in enumerate(natural) if i not in _FLEX)
    entity_nat, programs_nat, mention_nat = (natural[i] for i in _FLEX)
    if entity_nat + programs_nat + mention_nat <= flex:
        return widths
    programs = min(programs_nat, max(len("Programs"), flex // 5))
    rest = flex - programs
    entity = min(entity_nat, max(rest // 2, rest - mention_nat))
    widths[0], widths[2], widths[3] = entity, programs, max(len("Mention"), rest - entity)
    return widths


def _t(s: str, style: str = "") -> Text:
    return Text(inert(s), style=style)


class TableReporter:
    def __init__(self, out: TextIO, *, width: int | None = None):
        self.console = Console(file=out, width=width, highlight=False, soft_wrap=False)
        self.err = Console(stderr=True, highlight=False)
        self.lists: list[ListInfo] = []

    def start(self, lists: list[ListInfo]) -> None:
        self.lists = lists

    def file(self, result: FileResult) -> None:
        if result.status is FileStatus.ERROR:
            self.console.print(Text.assemble(_t(result.path, "bold"), ("  error: ", "red"), _t(result.message or "")))
            return
        if result.status is FileStatus.SKIPPED:
            self.console.print(
                Text.assemble(_t(result.path, "bold"), ("  skipped: ", "yellow"), _t(result.message or ""))
            )
            return
        for warning in result.warnings:
            self.console.print(Text.assemble(_t(result.path, "bold"), ("  warning: ", "yellow"), _t(warning)))
        if not result.hits:
            return
        rows = [
            (
                Text.assemble(_t(hit.entity.name), "\n", _t(hit.entity.key, "dim")),
                _t(_TYPE_LABELS.get(hit.entity.type.value, hit.entity.type.value)),
                _t(" ".join(hit.entity.programs)),
                _t(hit.text, "bold"),
                _t(hit.method.value),
                _t(f"{hit.score:g}"),
                _t(f"{hit.line}:{hit.column}"),
            )
            for hit in result.hits
        ]
        # The path on a line of its own, never wrapped, so it can be copied whole.
        self.console.print(_t(result.path, "bold"), soft_wrap=True)
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
        lists = ", ".join(
            f"{info.id} ({info.published.isoformat() if info.published else 'undated'})" for info in self.lists
        )
        parts = [
            f"{summary.hits} hit{'s' if summary.hits != 1 else ''}",
            f"{summary.entities} entit{'ies' if summary.entities != 1 else 'y'}",
            f"{summary.files_with_hits}/{summary.files} file{'s' if summary.files != 1 else ''} with hits",
        ]
        if summary.skipped:
            parts.append(f"{summary.skipped} skipped")
        if summary.errors:
            parts.append(f"{summary.errors} error{'s' if summary.errors != 1 else ''}")
        self.console.print(_t(f"{'; '.join(parts)}. Lists: {lists}."))
