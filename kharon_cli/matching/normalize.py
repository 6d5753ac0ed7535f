"""The one normaliser: watchlist aliases and article text both pass through here.

Text is cut into word tokens (Unicode letters, digits and combining marks; an apostrophe between two word
characters stays inside the word, so "Kata’ib" is one token). Each token is folded on its own:

* Unicode NFKC, then casefold ("ß" -> "ss", "Ｉ" -> "i");
* diacritics stripped (NFD, combining marks dropped) plus a few letters with no decomposition
  ("ø" -> "o", "ł" -> "l", "æ" -> "ae", ...);
* the apostrophe family (' ’ ‘ ʼ ʻ ʿ ʾ ` ´) removed, and an English possessive "’s" at the end of a word
  dropped ("Soleimani’s" -> "soleimani", "IRAN'S" -> "iran");
* everything that is not a word character (hyphens, dashes, punctuation, whitespace including line
  breaks) only separates tokens, except the dots of an initialism: "U.S.S.R." is the one token "ussr",
  as "USSR" is;
* invisible in-word characters of scraped text (soft hyphen U+00AD, zero-width (non-)joiner) are ignored
  inside a word: "Hiz\u00adballah" is "hizballah";
* a word hyphenated at a line wrap is joined again when the line after the hyphen goes on in lower case:
  "Hiz-\nballah" is the one token "hizballah" (while "al-\nQaida" stays "al" "qaida": a capital after the
  break means the hyphen is part of the name).

Every token keeps the ``start``/``end`` character offsets of its surface in the original string, which is
the offset map: a match over tokens ``i..j`` covers ``original[starts[i]:ends[j]]``. Matching on whole
tokens is also what makes every hit a whole-word hit ("Hamas" is never found inside "Hamasaki").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import not_

from ._unicode_marks import MARKS

APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4"

_INVISIBLE = "\u00ad\u200c\u200d"  # soft hyphen, zero-width non-joiner and joiner: parts of the word they sit in
_WORD = rf"(?:[^\W_]|[{MARKS}{_INVISIBLE}])"
# A dotted initialism ("U.S.S.R.", "S.A") is one token; otherwise a run of word characters, with apostrophes
# inside it.
_TOKEN_RE = re.compile(rf"[^\W\d_](?:\.[^\W\d_])+\.?(?![^\W_])|{_WORD}+(?:[{APOSTROPHES}]{_WORD}+)*")
# Most news is plain ASCII: a simpler pattern over it (lower-cased) is several times faster, same tokens.
# (No look-behind is needed: scanning left to right, a match can only start where no word character precedes.)
_ASCII_TOKEN_RE = re.compile(r"[a-z](?:\.[a-z])+\.?(?![a-z0-9])|[a-z0-9]+(?:['`][a-z0-9]+)*")
# The same tokens found in the original capitalisation (ASCII upper and lower case pair one to one).
_ASCII_ANYCASE_TOKEN_RE = re.compile(r"[a-zA-Z](?:\.[a-zA-Z])+\.?(?![a-zA-Z0-9])|[a-zA-Z0-9]+(?:['`][a-zA-Z0-9]+)*")
_POSSESSIVE_RE = re.compile(rf"[{APOSTROPHES}][sS]$")
_APOSTROPHE_TABLE = str.maketrans("", "", APOSTROPHES)
# Letters that NFD does not decompose but that readers treat as their base letter.
_LETTER_TABLE = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ƶ": "z",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "\u0640": "",  # Arabic tatweel is only stretching
        "\u00ad": "",
        "\u200c": "",
        "\u200d": "",
    }
)
_SPLIT_RE = re.compile(r"[\W_]+")
# A hyphen at the end of a line between two letters, the next line going on in lower case: a word wrap.
_WRAP_RE = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_])")
# What every wrap contains; searched first because a pattern that starts with a literal is found fast.
_WRAP_HINT_RE = re.compile(r"-[ \t]*\r?\n")
# Terminal escapes: CSI (ESC [ with its parameters, or the 8-bit U+009B with at least one
# parameter and a final letter), OSC
# (ESC ]) up to BEL or ESC \ (an unterminated one ends at the line end: it must not swallow the rest of the
# text), and two-byte escapes.
_ANSI_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]+[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")


@dataclass(frozen=True, slots=True)
class Tokens:
    """Normalised tokens of a text with their offsets into the original (parallel lists)."""

    norms: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.norms)

    def joined(self) -> str:
        """The normalised text: tokens separated by single spaces."""
        return " ".join(self.norms)


@lru_cache(maxsize=1 << 18)
def fold_token(surface: str) -> tuple[str, ...]:
    """Fold one token's surface to its normalised form(s).

    Usually one string; several when NFKC turns a character into a separator ("½" -> "1⁄2"),
    none when nothing word-like is left.
    """
    surface = surface.replace(".", "")  # only a dotted initialism holds dots: "U.S.S.R." -> "USSR"
    if _POSSESSIVE_RE.search(surface) and len(surface) > 2:
        surface = surface[:-2]
    if surface.isascii():
        folded = surface.lower().translate(_APOSTROPHE_TABLE)
        return (folded,) if folded else ()
    s = unicodedata.normalize("NFKC", surface).casefold()
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c) and not unicodedata.category(c).startswith("M"))
    s = s.translate(_APOSTROPHE_TABLE).translate(_LETTER_TABLE)
    s = unicodedata.normalize("NFC", s)
    return tuple(p for p in _SPLIT_RE.split(s) if p)


def tokenize(text: str) -> Tokens:
    """Cut ``text`` into normalised tokens, keeping each token's offsets into ``text``."""
    scan = text
    if "\x1b" in text or "\x9b" in text:
        # Terminal escape sequences ("\x1b[31m") separate words; blanking them keeps every offset in place.
        scan = _ANSI_RE.sub(lambda m: " " * len(m.group()), text)
    if len(scan) <= _SEGMENT or scan.isascii():
        tokens = _tokenize_segment(scan)
    else:
        # One accented letter must not send a long text down the slow path: cut it at whitespace (never inside
        # a token) into segments, each taking the fast path when it is ASCII.
        tokens = Tokens([], [], [])
        pos = 0
        while pos < len(scan):
            cut = len(scan) if pos + _SEGMENT >= len(scan) else scan.find(" ", pos + _SEGMENT)
            if cut == -1:
                cut = len(scan)
            part = _tokenize_segment(scan[pos:cut])
            tokens.norms.extend(part.norms)
            tokens.starts.extend(s + pos for s in part.starts)
            tokens.ends.extend(e + pos for e in part.ends)
            pos = cut
    if _has_wrap(scan):
        return _join_wrapped(scan, tokens)
    return tokens


def plain_norms(text: str) -> tuple[list[str], list[str]] | None:
    """The normalised tokens of a plain ASCII text without taking their offsets, with each token's surface.

    The bulk of a scan is texts that name nobody: their tokens are needed for the automaton and the fuzzy
    index, their offsets only once something matched. This is ``tokenize(text).norms`` at a third of the cost
    (one ``findall``, no match objects); the surfaces give each token's capitalisation. None when the text
    needs the general path: not ASCII, terminal escapes, or a word wrapped at a line end.
    """
    if not text.isascii() or "\x1b" in text or _has_wrap(text):
        return None
    surfaces: list[str] = _ASCII_ANYCASE_TOKEN_RE.findall(text)
    if not surfaces:
        return [], []
    # Tokens never hold a space, so one join, lower and split fold them all at C speed.
    norms = " ".join(surfaces).lower().split(" ")
    _fold_lowered_ascii(norms)
    return norms, surfaces


def _has_wrap(text: str) -> bool:
    """Whether a word is hyphenated at a line wrap somewhere in ``text`` (see ``_join_wrapped``)."""
    return "\n" in text and _WRAP_HINT_RE.search(text) is not None and _WRAP_RE.search(text) is not None


def _fold_lowered_ascii(norms: list[str]) -> None:
    """Fold, in place, the lower-cased ASCII tokens that are not folded yet: those holding an apostrophe or
    the dots of an initialism (the only ones that are not alphanumeric)."""
    # (map over C-level methods: this runs over every token of every text.)
    for i in compress(count(), map(not_, map(str.isalnum, norms))):
        token = norms[i]
        norms[i] = token.replace(".", "") if "." in token else fold_token(token)[0]


_SEGMENT = 1 << 13
_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end


def _tokenize_segment(scan: str) -> Tokens:
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    add_norm, add_start, add_end = norms.append, starts.append, ends.append
    if scan.isascii():
        # Fast path: lower-casing ASCII keeps every offset, so the lowered text's tokens are already folded
        # unless they hold an apostrophe or are a dotted initialism.
        matches = list(_ASCII_TOKEN_RE.finditer(scan.lower()))
        norms = list(map(_GROUP, matches))
        _fold_lowered_ascii(norms)
        return Tokens(norms, list(map(_START, matches)), list(map(_END, matches)))
    for m in _TOKEN_RE.finditer(scan):
        parts = fold_token(m.group())
        if not parts:
            continue
        start, end = m.span()
        for part in parts:
            add_norm(part)
            add_start(start)
            add_end(end)
    return Tokens(norms, starts, ends)


_INVISIBLE_TABLE = str.maketrans("", "", _INVISIBLE)


def unwrap(surface: str) -> str:
    """A surface as one would write it unwrapped: wrap hyphens and invisible in-word characters removed
    ("Hiz-\nballah" -> "Hizballah"), so its words can be checked for capitals."""
    if "\x1b" in surface or "\x9b" in surface:
        surface = _ANSI_RE.sub(" ", surface)  # an OSC 8 link's URL is not a word of the name
    if "\n" in surface:
        # As the tokeniser joins them: only where the next line goes on in lower case ("al-\nQaida" stays).
        surface = _WRAP_RE.sub(lambda m: "" if surface[m.end()].islower() else m.group(), surface)
    return surface.translate(_INVISIBLE_TABLE)


def _join_wrapped(text: str, tokens: Tokens) -> Tokens:
    """Join the two halves of each word hyphenated at a line wrap into one token (see the module notes)."""
    joins: dict[int, int] = {}  # index of a first half -> index of its second half
    seconds: set[int] = set()  # a token already joined to the one before it is not a first half too
    for m in _WRAP_RE.finditer(text):
        if not text[m.end()].islower():
            continue
        first = bisect_left(tokens.ends, m.start())
        second = first + 1
        if (
            second < len(tokens)
            and tokens.ends[first] == m.start()
            and tokens.starts[second] == m.end()
            and first not in seconds
        ):
            joins[first] = second
            seconds.add(second)
    if not joins:
        return tokens
    # Rebuilt slice by slice between the joins (a big text has few of them among many tokens).
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for i in sorted(joins):
        j = joins[i]
        norms += tokens.norms[pos:i]
        starts += tokens.starts[pos:i]
        ends += tokens.ends[pos:i]
        norms.append(tokens.norms[i] + tokens.norms[j])
        starts.append(tokens.starts[i])
        ends.append(tokens.ends[j])
        pos = j + 1
    norms += tokens.norms[pos:]
    starts += tokens.starts[pos:]
    ends += tokens.ends[pos:]
    return Tokens(norms, starts, ends)


def normalize(text: str) -> str:
    """The normalised form of ``text``: its folded tokens joined by single spaces."""
    return tokenize(text).joined()
