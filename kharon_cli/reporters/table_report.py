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
        table = Table(
            title=_t(result.path),
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            expand=False,
            pad_edge=False,
        )
        table.add_column("Entity", ratio=3, overflow="fold")
        table.add_column("Type", no_wrap=True)
        table.add_column("Programs", ratio=2, overflow="fold")
        table.add_column("Mention", ratio=3, overflow="fold")
        table.add_column("Method", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        table.add_column("Line:Col", justify="right", no_wrap=True)
        for hit in result.hits:
            entity = Text.assemble(_t(hit.entity.name), "\n", _t(hit.entity.key, "dim"))
            table.add_row(
                entity,
                _t(hit.entity.type.value),
                _t(", ".join(hit.entity.programs)),
                _t(hit.text, "bold"),
                _t(hit.method.value),
                _t(f"{hit.score:g}"),
                _t(f"{hit.line}:{hit.column}"),
            )
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
