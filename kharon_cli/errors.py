"""The single exception hierarchy of kharon.

Every error a user can cause (bad option, broken watchlist, unreadable input) is a ``KharonError``; the CLI
turns it into one line on stderr and exit code 2. Anything else escaping is a bug.
"""

from __future__ import annotations


class KharonError(Exception):
    """Base class for every error kharon reports to a user."""


class WatchlistError(KharonError):
    """A watchlist file could not be read or does not follow the format.

    The message names the file and, where known, the line and the entity.
    """

    def __init__(self, path: str, message: str, *, line: int | None = None, entity: str | None = None):
        self.path = path
        self.line = line
        self.entity = entity
        self.reason = message
        where = path if line is None else f"{path}:{line}"
        who = f" (entity {entity})" if entity else ""
        super().__init__(f"{where}: {message}{who}")


class ImportSourceError(KharonError):
    """A source file handed to an importer (OFAC CSV, ...) is missing or malformed."""


class UsageError(KharonError):
    """An option or argument combination that makes no sense."""
