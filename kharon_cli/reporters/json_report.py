"""``--format json``: one JSON document with lists, files (and their hits) and a summary."""

from __future__ import annotations

from typing import Any, TextIO

from ..models import FileResult, ListInfo, Summary
from ..printable import json_dumps
from ..version import __version__
from .serialize import file_dict, list_dict, summary_dict


class JsonReporter:
    def __init__(self, out: TextIO):
        self.out = out
        self.doc: dict[str, Any] = {"kharon": __version__, "lists": [], "files": []}

    def start(self, lists: list[ListInfo]) -> None:
        self.doc["lists"] = [list_dict(info) for info in lists]

    def file(self, result: FileResult) -> None:
        self.doc["files"].append(file_dict(result))

    def finish(self, summary: Summary) -> None:
        self.doc["summary"] = summary_dict(summary)
        self.out.write(json_dumps(self.doc, indent=2))
        self.out.write("\n")
        self.out.flush()
