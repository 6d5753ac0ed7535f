"""``kharon show``: one article in the terminal, each mention highlighted and labelled, then its parties.

The article is printed whole, in its own layout (line breaks and tabs kept, long lines word-wrapped to the
terminal). Each mention is bold in a colour of its party and followed by a small label ``[n]``: parties are
numbered in the order they first appear, and the colours cycle through ``PALETTE``. Mentions that share
characters (the same words naming parties on several lists, or overlapping names) form one highlighted
stretch with one label naming them all, ``[1,2]``. After the article, a legend: one row per party (label,
name, ``list:id``, type, programs, mentions), then one line with the counts and the lists used.

Without colour (a pipe, a file, ``NO_COLOR``) the output is plain text and the labels still say which
mention is which. Article text is never interpreted: it goes into ``rich.text.Text`` objects (no markup
parsing), and every control or format character except line breaks and tabs is shown as a visible escape
first, so "[bold]" or an ANSI escape in an article prints as those characters and cannot restyle the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import Entity, Hit, ListInfo
from ..printable import inert, printable_path, visible
from .table_report import TYPE_LABELS

# Distinct on dark and light backgrounds alike; the labels, not the colours, are the reference.
PALETTE = (
    "cyan",
    "magenta",
    "green",
    "yellow",
    "blue",
    "red",
    "bright_cyan",
    "bright_magenta",
    "bright_green",
    "bright_yellow",
    "bright_blue",
    "bright_red",
)

# Everything but printable ASCII is looked at one character at a time (a line break, or perhaps a control).
_SUSPECT = re.compile(r"\r\n?|[^\n\t\x20-\x7e]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch[0] == "\r":
        # CRLF and a lone CR (old Mac files) are line breaks; a bare CR would otherwise return the cursor
        # to the start of the line and let the rest of the line overwrite what was printed.
        return "\n"
    return visible(ch)


def layout_inert(text: str, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` safe to print, keeping its layout: line breaks (``\\n``, ``\\r\\n``, ``\\r``) as
    ``\\n``, tabs as tabs, every other control or format character as a visible ``\\xNN``/``\\uNNNN``."""
    stop = len(text) if end is None else end
    piece = text[start:stop]
    if piece.endswith("\r") and text.startswith("\n", stop):
        piece = piece[:-1]  # the CR of a CRLF cut in two: the LF that follows is the line break
    return _SUSPECT.sub(_escape, piece)


def number_entities(hits: Sequence[Hit]) -> dict[str, int]:
    """Each entity key with hits, numbered from 1 in the order of its first mention."""
    numbers: dict[str, int] = {}
    for hit in sorted(hits):
        numbers.setdefault(hit.entity_key, len(numbers) + 1)
    return numbers


def clusters(hits: Sequence[Hit]) -> list[list[Hit]]:
    """Hits grouped into stretches of text: a hit that starts before the end of the stretch so far joins it."""
    groups: list[list[Hit]] = []
    end = -1
    for hit in sorted(hits):
        if groups and hit.start < end:
            groups[-1].append(hit)
            end = max(end, hit.end)
        else:
            groups.append([hit])
            end = hit.end
    return groups


def colour(number: int) -> str:
    return PALETTE[(number - 1) % len(PALETTE)]


def render_article(text: str, hits: Sequence[Hit]) -> Text:
    """The article with each stretch of mentions bold in its first party's colour, followed by its label."""
    numbers = number_entities(hits)
    out = Text()
    pos = 0
    for group in clusters(hits):
        start, end = group[0].start, max(h.end for h in group)
        out.append(layout_inert(text, pos, start))
        labels = sorted({numbers[h.entity_key] for h in group})
        style = colour(labels[0])
        out.append(layout_inert(text, start, end), style=f"bold {style}")
        out.append(f"[{','.join(str(n) for n in labels)}]", style=style)
        pos = end
    out.append(layout_inert(text, pos))
    out.rstrip()  # the file's final line break(s): print adds its own
    return out


# Below this many columns for names and programs together, the legend puts each id under its name.
_WIDE_MIN_FLEX = 30
_GAP = 3  # between two columns: a padding space each side and the (blank) divider


def legend(hits: Sequence[Hit], width: int) -> Table:
    """One row per party, in label order: label, name, list:id, type, programs, mentions.

    On a terminal too narrow for six columns, the id and type go on a dim line under the name instead
    (as in the scan table), so names and programs keep room to be read.
    """
    numbers = number_entities(hits)
    mentions: dict[str, int] = {}
    entities: dict[str, Entity] = {}
    for hit in hits:
        mentions[hit.entity_key] = mentions.get(hit.entity_key, 0) + 1
        entities.setdefault(hit.entity_key, hit.entity)
    refs = {key: f"[{n}]" for key, n in numbers.items()}
    types = {key: TYPE_LABELS.get(e.type.value, e.type.value) for key, e in entities.items()}
    ref_w = max(len("Ref"), *(len(r) for r in refs.values()))
    fixed = ref_w + max(len("List:id"), *(len(inert(k)) for k in refs)) + max(len("Type"), *map(len, types.values()))
    wide = width - fixed - len("Mentions") - 5 * _GAP >= _WIDE_MIN_FLEX

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    # Names and programs fold rather than end in an ellipsis; ids and the short columns keep their width
    # (an id is copied into a search or an allowlist: it must never break).
    table.add_column("Ref", no_wrap=True)
    table.add_column("Entity", overflow="fold")
    if wide:
        table.add_column("List:id", no_wrap=True)
        table.add_column("Type", no_wrap=True)
    table.add_column("Programs", overflow="fold")
    table.add_column("Mentions", justify="right", no_wrap=True)
    for key, number in numbers.items():
        entity = entities[key]
        name = Text(inert(entity.name), style=f"bold {colour(number)}")
        ids = [Text(inert(key)), Text(types[key])]
        if not wide:
            name.append("\n")
            name.append(f"{inert(key)} {types[key]}", style="dim")
            ids = []
        table.add_row(
            Text(refs[key], style=colour(number)),
            name,
            *ids,
            Text(inert(" ".join(entity.programs))),
            Text(str(mentions[key])),
        )
    return table


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def footer(hits: Sequence[Hit], suppressed: int, lists: Sequence[ListInfo]) -> str:
    """E.g. ``3 mentions of 2 entities. Lists: mini (2024-05-03).`` A mention naming parties on several lists
    is one mention and several hits (as ``scan`` counts them): the hits are then added in brackets."""
    entities = len({h.entity_key for h in hits})
    marked = len(clusters(hits))
    if hits:
        counts = f"{_plural(marked, 'mention', 'mentions')} of {_plural(entities, 'entity', 'entities')}"
        if len(hits) != marked:
            counts += f" ({len(hits)} hits)"
    else:
        counts = "No mentions of listed parties"
    if suppressed:
        counts += f"; {_plural(suppressed, 'hit', 'hits')} suppressed by the allowlist"
    names = ", ".join(f"{info.id} ({info.published.isoformat() if info.published else 'undated'})" for info in lists)
    return f"{counts}. Lists: {names}."


def write_show(
    path: str,
    text: str,
    hits: Sequence[Hit],
    lists: Sequence[ListInfo],
    out: TextIO,
    *,
    suppressed: int = 0,
    width: int | None = None,
) -> None:
    """The path, the article with its mentions marked, the legend (when there are hits) and the footer.

    Colour, width and terminal handling are rich's: ``NO_COLOR``, ``FORCE_COLOR``, ``COLUMNS`` and a pipe
    (plain text) are all honoured because the console is left to detect them.
    """
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    # The path on a line of its own, never wrapped, so it can be copied whole.
    console.print(Text(printable_path(path), style="bold"), soft_wrap=True)
    console.print()
    article = render_article(text, hits)
    if article:
        # Wrapped here rather than by print, to drop the space a line break leaves at the end of a line
        # (copied text and exact tests stay clean). Words longer than a line are folded, never cut off.
        lines = article.wrap(console, console.width, overflow="fold")
        for line in lines:
            line.rstrip()
        console.print(Text("\n").join(lines), soft_wrap=True)
        console.print()
    if hits:
        console.print(legend(hits, console.width))
    console.print(Text(inert(footer(hits, suppressed, lists))), soft_wrap=True)
