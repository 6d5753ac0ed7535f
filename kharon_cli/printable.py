"""Paths and text made safe to print on one terminal line, and JSON that is always valid UTF-8.

File names can hold anything a file system allows: newlines, escape sequences, bytes that are not UTF-8
(Python hands those over as lone surrogates, U+DC80-U+DCFF). Shown raw, a newline splits a one-line message
and an escape sequence restyles the terminal; encoded raw, a lone surrogate is not UTF-8 at all.
"""

from __future__ import annotations

import json
import re
import unicodedata

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Characters that act on a terminal or hide text instead of showing as themselves.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def visible(ch: str) -> str:
    """A control or format character as a visible ``\\xNN`` / ``\\uNNNN`` escape; any other character as it is."""
    if unicodedata.category(ch) in UNSAFE_CATEGORIES:
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return ch


def inert(s: str) -> str:
    """Text from an article or a list on one line: line breaks and tabs as spaces, every other control or
    format character as a visible escape (so "\\x1b[31m" cannot restyle the terminal)."""
    return "".join(" " if ch in "\n\r\t" else visible(ch) for ch in s)


def printable_path(path: str) -> str:
    """``path`` on one inert line: control characters as ``\\n``/``\\x1b``-style escapes, and each byte that
    was not valid UTF-8 as ``\\xNN`` (the byte itself), so the name can still be told apart and typed."""
    out = []
    for ch in path:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        else:
            out.append(visible(ch))
    return "".join(out)


def json_dumps(obj: object, *, indent: int | None = None) -> str:
    """``json.dumps`` with non-ASCII text kept readable, except lone surrogates (undecodable bytes of a file
    name), which are written as ``\\udcNN`` escapes: valid JSON, valid UTF-8, and ``json.loads`` followed by
    ``os.fsencode`` gives back the exact bytes of the name."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    # A surrogate can only occur inside a JSON string, where an escape means the same character.
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
