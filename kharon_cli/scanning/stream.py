"""Tag text of any length in bounded memory: overlapping windows over a stream of decoded text.

Part of the scanning stage, used for inputs larger than ``STREAM_THRESHOLD`` bytes (smaller ones are tagged
whole). The decoded text is cut into *owned* stretches of ``chunk`` characters that tile it exactly; each is
tagged inside a window that reaches ``overlap`` characters further on both sides. A hit is reported by the
window whose owned stretch holds its start, so:

* no hit is lost or reported twice: a mention shorter than ``overlap`` (the longest alias is a few hundred
  characters; ``overlap`` is 16,384) that starts in an owned stretch ends inside the same window;
* context checks (vessel words, capitals nearby) see the text on both sides of every owned hit;
* offsets, lines and columns are those of the whole text: ``text[start:end]`` is the mention;
* each window is a self-contained task (``Window``), so the windows of one big input can be tagged on several
  processes (``parallel.WindowPool``) and merged back in order, with output identical to one process.

What a window cannot see is evidence further away than the window: a full name that confirms a short or risky
name, the full mention a surname follow-up needs, the latest year a text mentions. In a streamed input these
are looked for within the window (at least ``overlap`` characters, usually ``chunk``, either side), not the
whole file — a file of that size is an archive of many articles, not one article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from ..matching.tagger import Tagger
from ..models import Hit
from ..store.cache import gc_paused

STREAM_THRESHOLD = 8 << 20  # bytes: larger inputs are streamed
CHUNK_CHARS = 1 << 20
OVERLAP_CHARS = 1 << 14


@dataclass(frozen=True, slots=True)
class Window:
    """One window of a streamed text: ``text`` starts at global offset ``base``, on global line
    ``line_base + 1`` at column ``col_base + 1``; it reports the hits that start in [own_from, own_to)
    (``own_to`` None: to the end). Windows are independent of each other, so they can be tagged anywhere,
    in any order, and their hits put back in window order."""

    text: str
    base: int
    own_from: int
    own_to: int | None
    line_base: int
    col_base: int


# Tags a sequence of windows and yields their owned hits in window order (in this process, or on workers).
WindowTagger = Callable[[Iterator[Window]], Iterator[Hit]]


def owned_hits(tagger: Tagger, window: Window) -> list[Hit]:
    """The hits of ``window`` whose start it owns, moved to global coordinates."""
    out = []
    base, line_base, col_base = window.base, window.line_base, window.col_base
    own_from, own_to = window.own_from, window.own_to
    # A window's tokens and candidates are a few million short-lived objects, freed by reference counting:
    # collection passes over them while they live cost a tenth of the time of a big input, and find nothing.
    with gc_paused():
        hits = tagger.tag(window.text)
    for hit in hits:
        start = base + hit.start
        if start < own_from or (own_to is not None and start >= own_to):
            continue
        column = hit.column + col_base if hit.line == 1 else hit.column
        out.append(replace(hit, start=start, end=base + hit.end, line=hit.line + line_base, column=column))
    return out


def windows(pieces: Iterable[str], *, chunk: int = CHUNK_CHARS, overlap: int = OVERLAP_CHARS) -> Iterator[Window]:
    """The windows of the text made of ``pieces`` (in order), holding at most about ``chunk + 2 * overlap``
    characters (plus one piece) in memory beyond the windows a caller keeps."""
    if chunk <= 0 or overlap <= 0:
        raise ValueError("chunk and overlap must be positive")
    if chunk < overlap:
        raise ValueError("chunk must be at least overlap")
    buf = ""  # the text from global offset `base` on
    base = 0
    own_from = 0  # hits starting before this were reported by an earlier window
    line_base = col_base = 0  # newlines before `base`, and characters since the last of them
    for piece in pieces:
        buf += piece
        # A window as soon as the buffer holds a whole owned stretch and the overlap after it.
        while len(buf) >= (own_from - base) + chunk + overlap:
            own_to = own_from + chunk
            yield Window(buf[: own_to + overlap - base], base, own_from, own_to, line_base, col_base)
            # Keep `overlap` characters before the next owned stretch, for context.
            drop = own_to - overlap - base
            dropped = buf[:drop]
            newlines = dropped.count("\n")
            if newlines:
                line_base += newlines
                col_base = len(dropped) - dropped.rfind("\n") - 1
            else:
                col_base += len(dropped)
            buf = buf[drop:]
            base += drop
            own_from = own_to
    if len(buf) > own_from - base:
        yield Window(buf, base, own_from, None, line_base, col_base)


def tag_stream(
    tagger: Tagger,
    pieces: Iterable[str],
    *,
    chunk: int = CHUNK_CHARS,
    overlap: int = OVERLAP_CHARS,
    tag_windows: WindowTagger | None = None,
) -> Iterator[Hit]:
    """The hits of the text made of ``pieces``, in text order: each window tagged here, or by
    ``tag_windows`` (``parallel.WindowPool``: on worker processes) when given."""
    ws = windows(pieces, chunk=chunk, overlap=overlap)
    if tag_windows is not None:
        yield from tag_windows(ws)
        return
    for window in ws:
        yield from owned_hits(tagger, window)
