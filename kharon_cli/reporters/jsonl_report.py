"""``--format jsonl``: one JSON object per hit, with ``path``, written as soon as each input is scanned."""

from __future__ import annotations

from typing import TextIO

from ..models import FileResult, ListInfo, Summary
from ..printable import json_dumps
from .serialize import hit_dict


class JsonlReporter:
    def __init__(self, out: TextIO):
        self.out = out

    def start(self, lists: list[ListInfo]) -> None:
        pass

    def file(self, result: FileResult) -> None:
        for hit in result.hits:
            self.out.write(json_dumps({"path": result.path, **hit_dict(hit)}))
            self.out.write("\n")
        self.out.flush()

    def finish(self, summary: Summary) -> None:
        pass
