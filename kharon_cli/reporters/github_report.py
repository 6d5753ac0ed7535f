"""``--format github``: GitHub Actions workflow commands, so a scan in a workflow annotates the files it read.

One line per hit, written as soon as each input is scanned:

    ::warning file=<path>,line=<l>,col=<c>,endLine=<l2>,endColumn=<c2>,title=<entity key> <name>::<message>

``col``/``endColumn`` are 1-based, the end column just past the mention's last character; they are left out
when a mention spans a line break (GitHub accepts columns only on a single line). Standard input has no
``file``. An unreadable input is ``::error file=<path>,title=Unreadable input::<reason>``, a skipped one
``::notice file=<path>,title=Skipped input::<reason>``, an input warning ``::warning file=<path>,title=Input
warning::<warning>``; hits an allowlist suppressed are not annotated (the summary counts them). The last line
is a ``::notice title=kharon::`` summary. Nothing else is written to stdout.

Escaping is GitHub's: in the message ``%`` ``\\r`` ``\\n`` become ``%25`` ``%0D`` ``%0A``; in property
values ``:`` and ``,`` also become ``%3A`` and ``%2C``. So no file name or article text can end a command early
or start one of its own. A file name's bytes that are not UTF-8 are written as ``\\xNN``.
"""

from __future__ import annotations

from typing import TextIO

from ..models import FileResult, FileStatus, ListInfo, Summary
from .locations import STDIN, end_line_column, hit_message, summary_line, text_path


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: list[tuple[str, str | int]], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _repo_path(path: str) -> str:
    """The path as GitHub matches it to the files of a pull request: `kharon scan .` reports `./a.txt`, and
    GitHub only knows `a.txt`."""
    text = text_path(path)
    while text.startswith("./"):
        text = text[2:]
    return text


class GithubReporter:
    def __init__(self, out: TextIO):
        self.out = out
        self.lists: list[ListInfo] = []

    def start(self, lists: list[ListInfo]) -> None:
        self.lists = lists

    def _line(self, name: str, properties: list[tuple[str, str | int]], message: str) -> None:
        self.out.write(command(name, properties, message))
        self.out.write("\n")

    def file(self, result: FileResult) -> None:
        where: list[tuple[str, str | int]] = [] if result.path == STDIN else [("file", _repo_path(result.path))]
        if result.status is FileStatus.ERROR:
            self._line("error", [*where, ("title", "Unreadable input")], result.message or "cannot read the input")
        elif result.status is FileStatus.SKIPPED:
            self._line("notice", [*where, ("title", "Skipped input")], result.message or "not scanned")
        for warning in result.warnings:
            self._line("warning", [*where, ("title", "Input warning")], warning)
        for hit in result.hits:
            end_line, end_column = end_line_column(hit)
            props: list[tuple[str, str | int]] = [*where, ("line", hit.line)]
            if end_line == hit.line:
                props += [("col", hit.column), ("endLine", end_line), ("endColumn", end_column)]
            else:
                props.append(("endLine", end_line))
            props.append(("title", f"{hit.entity_key} {hit.entity.name}"))
            self._line("warning", props, hit_message(hit))
        self.out.flush()

    def finish(self, summary: Summary) -> None:
        self._line("notice", [("title", "kharon")], summary_line(summary, self.lists))
        self.out.flush()
