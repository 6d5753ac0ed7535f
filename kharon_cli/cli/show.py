"""``kharon show FILE``: one article in the terminal with its mentions highlighted and labelled, then its parties.

The input is read exactly as ``kharon scan`` reads it: the same ``discover``/``open_source``/``scan_sources``
calls, so a missing file, a FIFO or a binary file gives the same message, and the hits are those ``scan``
reports for the same options. ``show`` needs the decoded text as well as the hits, so it reads the bytes
itself (through the scanner's opener hook) and decodes them with ``decode.decode_bytes``, the decoder scan
uses for inputs of up to 8 MiB. Larger inputs are refused: they are archives, not articles, and ``scan``
streams them.

Exit codes as for ``scan``: 0 no hits, 1 hits, 2 a usage error, a bad list, or an input that could not be
read or is not text (one ``kharon: error: ...`` line on stderr).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from ..defaults import DEFAULT_MIN_SCORE, STDIN
from .common import (
    DEFAULT_MAX_LIST_AGE,
    EXIT_CLEAN,
    EXIT_HITS,
    AllowOption,
    ListPathsOption,
    MaxListAgeOption,
    NoCacheOption,
    NoFuzzyOption,
    fail,
    load_allowlist_option,
    load_lists,
    warn,
)


def show(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The article to show, or - to read it from stdin.")],
    # The matching options take scan's environment variables (and parameter names, which a config file's
    # default_map is keyed by), so that show marks what scan reports in the same setting.
    list_paths: ListPathsOption = None,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score", min=0, max=100, envvar="KHARON_MIN_SCORE", help="Mark only hits scoring at least this."
        ),
    ] = DEFAULT_MIN_SCORE,
    no_fuzzy: NoFuzzyOption = False,
    allow: AllowOption = None,
    no_cache: NoCacheOption = False,
    max_list_age: MaxListAgeOption = DEFAULT_MAX_LIST_AGE,
) -> None:
    """Show an article with each mention of a listed party highlighted and labelled, then the parties named."""
    from ..matching.tagger import MatchOptions, Tagger
    from ..models import FileStatus
    from ..printable import printable_path
    from ..reporters.show_report import write_show
    from ..scanning.decode import decode_bytes
    from ..scanning.sources import Source, discover, open_source, read_up_to, scan_sources
    from ..scanning.stream import STREAM_THRESHOLD

    infos, compiled = load_lists(list_paths, use_cache=not no_cache, max_list_age=max_list_age)
    allowlist = load_allowlist_option(allow)
    tagger = Tagger(compiled, MatchOptions(fuzzy=not no_fuzzy, min_score=min_score))

    if file != STDIN and Path(file).is_dir():
        fail(f"{printable_path(file)}: is a folder: 'kharon show' shows one article (use 'kharon scan' for folders)")
    # `discover` of one path that is not a folder is exactly one source, with scan's message when it is missing.
    [source] = discover([file])
    read: list[bytes] = []

    def opener(src: Source, stdin: BinaryIO | None) -> BinaryIO:
        """Open as scan does, keep the bytes for the text, and hand the scan the same bytes."""
        f = open_source(src, stdin)
        try:
            data = read_up_to(f, STREAM_THRESHOLD + 1)
        finally:
            if f is not stdin:
                f.close()
        if len(data) > STREAM_THRESHOLD:
            # An OSError, so the scanner reports it like any other unreadable input.
            raise OSError(
                f"larger than {STREAM_THRESHOLD >> 20} MiB: 'kharon show' is for one article; "
                "use 'kharon scan' (it streams large inputs)"
            )
        read.append(data)
        return io.BytesIO(data)

    stdin = sys.stdin.buffer if sys.stdin is not None else None
    [result] = scan_sources([source], tagger, stdin, opener=opener, allowlist=allowlist)
    where = printable_path(result.path)
    if result.status is not FileStatus.OK:
        # Unreadable (error) or not text (skipped): nothing to show either way.
        fail(f"{where}: {result.message}")
    for warning in result.warnings:
        warn(f"{where}: {warning}")
    text = decode_bytes(read[0]).text
    if text is None:  # cannot happen: the scan decoded the same bytes with the same function
        fail(f"{where}: not text")
    write_show(result.path, text, result.hits, infos, sys.stdout, suppressed=len(result.suppressed))
    raise typer.Exit(EXIT_HITS if result.hits else EXIT_CLEAN)
