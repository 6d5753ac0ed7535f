"""Regenerate kharon_cli/matching/_unicode_marks.py: every Unicode combining mark as a regex class body.

Run with the oldest supported Python (its unicodedata decides which marks exist):
    python scripts/gen_unicode_marks.py
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path


def mark_ranges() -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for cp in range(sys.maxunicode + 2):
        is_mark = cp <= sys.maxunicode and unicodedata.category(chr(cp)).startswith("M")
        if is_mark and start is None:
            start = cp
        elif not is_mark and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return ranges


def esc(cp: int) -> str:
    return f"\\U{cp:08x}" if cp > 0xFFFF else f"\\u{cp:04x}"


def main() -> None:
    parts = [esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in mark_ranges()]
    lines, cur = [], ""
    for p in parts:
        if len(cur) + len(p) > 96:
            lines.append(cur)
            cur = ""
        cur += p
    lines.append(cur)
    body = "\n".join(f'    "{line}"' for line in lines)
    target = Path(__file__).resolve().parent.parent / "kharon_cli" / "matching" / "_unicode_marks.py"
    target.write_text(
        '"""Generated table: every Unicode combining mark (categories Mn, Mc, Me) as a regex character-class body.\n\n'
        "Used by the normaliser's tokeniser: Python's ``\\\\w`` leaves combining marks out, so a decomposed\n"
        '"e" + U+0301 '
        f"would otherwise split a word in two. Generated from unicodedata {unicodedata.unidata_version} by\n"
        "``scripts/gen_unicode_marks.py``; regenerate when the Python floor moves.\n"
        '"""\n\nMARKS = (\n' + body + "\n)\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
