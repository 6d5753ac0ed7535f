"""Where a hit ends, how to name an input, and the one-line texts shared by the CI-facing reporters.

Lines and columns are those of the hit (``Hit.line``, ``Hit.column``): 1-based, lines separated by ``\\n``
(so ``\\r\\n`` is one line break and a lone ``\\r`` is none), columns and offsets counted in Unicode code
points of the decoded text (a byte-order mark is not counted).
"""

from __future__ import annotations

from ..models import Hit, ListInfo, Summary
from ..printable import printable_path

STDIN = "-"


def end_line_column(hit: Hit) -> tuple[int, int]:
    """The line and column just past the hit's last character (SARIF's exclusive end column).

    A mention can span a line break ("Kata'ib" at the end of one line, "Hizballah" on the next): the end
    line is then the start line plus the newlines in the mention, and the end column counts from the last.
    """
    newlines = hit.text.count("\n")
    if not newlines:
        return hit.line, hit.column + len(hit.text)
    return hit.line + newlines, len(hit.text) - hit.text.rfind("\n")


def text_path(path: str) -> str:
    """``path`` as text that can always be encoded as UTF-8: each byte that was not valid UTF-8 in the file
    name (a lone surrogate from Python's file system decoding) becomes a ``\\xNN`` escape of that byte.
    Everything else, newlines included, is kept: each format escapes what it must itself."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def mention(hit: Hit) -> str:
    """The mention on one inert line: whitespace runs (line breaks too) as one space, controls escaped."""
    return printable_path(" ".join(hit.text.split()))


def hit_message(hit: Hit) -> str:
    """One human sentence for a hit, e.g. ``"Qasem Soleimani" matches SOLEIMANI, Qasem (mini:10481,
    person; SDGT, IRGC), reordered match, score 95``."""
    entity = hit.entity
    about = f"{entity.key}, {entity.type.value}"
    if entity.programs:
        about += f"; {', '.join(entity.programs)}"
    return f'"{mention(hit)}" matches {entity.name} ({about}), {hit.method.value} match, score {hit.score:g}'


def summary_line(summary: Summary, lists: list[ListInfo]) -> str:
    """The run in one line, as the table format ends: counts, then each list with its publication date."""
    parts = [
        f"{summary.hits} hit{'s' if summary.hits != 1 else ''}",
        f"{summary.entities} entit{'ies' if summary.entities != 1 else 'y'}",
        f"{summary.files_with_hits}/{summary.files} file{'s' if summary.files != 1 else ''} with hits",
    ]
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped")
    if summary.suppressed:
        parts.append(f"{summary.suppressed} suppressed by the allowlist")
    if summary.baselined:
        parts.append(f"{summary.baselined} in the baseline")
    if summary.errors:
        parts.append(f"{summary.errors} error{'s' if summary.errors != 1 else ''}")
    names = ", ".join(f"{info.id} ({info.published.isoformat() if info.published else 'undated'})" for info in lists)
    return f"{'; '.join(parts)}. Lists: {names}."
