"""A progress line on stderr for scans that take more than a moment (folders of many articles).

Shown only when stderr is a terminal and stdout is not (the results go to a file or a pipe): a terminal
already showing the table needs no second display, and a pipe or a CI log must never receive one. It appears
after ``delay`` seconds, so a quick scan prints nothing, and it is erased when the scan ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


class ScanProgress:
    def __init__(self, console: Console, *, delay: float = 0.5, clock: Callable[[], float] | None = None):
        self.console = console
        self.delay = delay
        self._clock = clock or time.monotonic
        self._started = self._clock()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self.files = 0
        self.hits = 0

    def advance(self, path: str, hits: int) -> None:
        self.files += 1
        self.hits += hits
        if self._progress is None:
            if self._clock() - self._started < self.delay:
                return
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.fields[files]} files, {task.fields[hits]} hits"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[path]}"),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("scan", total=None, files=0, hits=0, path="")
        assert self._task is not None
        from rich.markup import escape

        from ..printable import inert

        # A field is rendered as markup: the path is escaped and made inert first.
        shown = escape(inert(path))[-60:]
        self._progress.update(self._task, files=self.files, hits=self.hits, path=shown)

    def message(self, line: str) -> None:
        """A stderr line (an error or warning): above the live display when there is one."""
        if self._progress is None:
            import sys

            sys.stderr.write(line + "\n")
        else:
            from rich.text import Text

            self.console.print(Text(line), soft_wrap=True)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def wanted(stdout_is_tty: bool, stderr_is_tty: bool) -> bool:
    """Whether to show progress at all (see the module notes)."""
    return stderr_is_tty and not stdout_is_tty


class DownloadProgress:
    """A progress bar on stderr for ``kharon lists update`` downloads (only when stderr is a terminal)."""

    def __init__(self, console: Console):
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        self._progress = Progress(
            TextColumn("{task.fields[name]}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=console,
            transient=True,
        )
        self._progress.start()

    def file(self, name: str) -> Callable[[int, int | None], None]:
        """The callback that advances one file's bar: (bytes so far, total or None)."""
        from rich.markup import escape

        from ..printable import inert

        task = self._progress.add_task("download", total=None, name=escape(inert(name)))

        def advance(done: int, total: int | None) -> None:
            self._progress.update(task, completed=done, total=total)

        return advance

    def finish(self) -> None:
        self._progress.stop()
