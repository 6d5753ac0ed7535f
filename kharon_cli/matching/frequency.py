"""How common a word is in English, from the ``wordfreq`` package (used when compiling lists).

wordfreq blends Wikipedia, subtitles, news, books, web text and Twitter into one Zipf scale
(log10 of frequency per billion words: "the" is 7.7, "forces" 5.0, "hezbollah" 3.3, "soleimani" 2.1).
Only the compiler imports this module, and what it derives is stored in the compiled matcher (and so in
the cache), so a scan with a warm cache never loads wordfreq's data.
"""

from __future__ import annotations

import math
import re
from functools import cache

from .normalize import fold_token

_DIGITS_RE = re.compile(r"\d")

# A text word at least this common is an ordinary word, not a misspelt name: it gets no fuzzy neighbours
# ("billion" is not a misspelling of MILLION, "forces" not of FORCE).
COMMON_WORD_ZIPF = 4.0


def common_words(min_zipf: float = COMMON_WORD_ZIPF) -> frozenset[str]:
    """Normalised English words with a Zipf frequency of at least ``min_zipf``."""
    from wordfreq import iter_wordlist, zipf_frequency

    out: set[str] = set()
    for word in iter_wordlist("en"):  # most frequent first
        if zipf_frequency(word, "en") < min_zipf:
            break
        out.update(fold_token(word))
    return frozenset(out)


@cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def zipf(word: str) -> float:
    """The Zipf frequency of a normalised word (0 when wordfreq has never seen it).

    Looked up in wordfreq's table directly: the same numbers as ``wordfreq.zipf_frequency`` for the
    already-normalised words kharon asks about, without re-tokenising each one (compiling the lists asks
    tens of thousands of times).
    """
    if _DIGITS_RE.search(word):
        from wordfreq import zipf_frequency  # digits get wordfreq's own smoothing

        return float(zipf_frequency(word, "en"))
    freq = _frequencies().get(word, 0.0)
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0
