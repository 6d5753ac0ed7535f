"""Reporters render scan results, one module per output format (last stage of the pipeline).

What enters: ``ListInfo`` of the lists in use, ``FileResult`` s as they arrive and a ``Summary``; what leaves:
text on the output stream. Only the reporters and the CLI import rich; JSON is written with the json module.

Every reporter has the same three calls: ``start(lists)`` once, ``file(result)`` per input as it finishes,
``finish(summary)`` once. The CLI picks one by ``OutputFormat``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol, TextIO

from ..models import FileResult, ListInfo, Summary


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    SARIF = "sarif"
    GITHUB = "github"
    CSV = "csv"


class Reporter(Protocol):
    def start(self, lists: list[ListInfo]) -> None: ...

    def file(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def make_reporter(fmt: OutputFormat, out: TextIO, *, width: int | None = None) -> Reporter:
    """The reporter for ``fmt`` writing to ``out``. Only the table reporter imports rich."""
    if fmt is OutputFormat.JSON:
        from .json_report import JsonReporter

        return JsonReporter(out)
    if fmt is OutputFormat.JSONL:
        from .jsonl_report import JsonlReporter

        return JsonlReporter(out)
    if fmt is OutputFormat.SARIF:
        from .sarif_report import SarifReporter

        return SarifReporter(out)
    if fmt is OutputFormat.GITHUB:
        from .github_report import GithubReporter

        return GithubReporter(out)
    if fmt is OutputFormat.CSV:
        from .csv_report import CsvReporter

        return CsvReporter(out)
    from .table_report import TableReporter

    return TableReporter(out, width=width)
