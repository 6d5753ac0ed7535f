"""Indexed fuzzy matching of multi-word aliases ("al-Nusra Front" for AL-NUSRAH FRONT).

Part of the compiled matcher. Comparing every alias with every window of text is hopeless at list scale, so
candidates come from two indexes built once over alias tokens:

* a symmetric deletion index (as in SymSpell): every alias token of ``FUZZY_MIN_TOKEN`` or more characters
  is stored under each string reachable by deleting up to ``token_budget(len)`` characters. A text token
  finds its alias neighbours by looking up its own deletions, then each neighbour is verified with
  rapidfuzz's Levenshtein distance. Short tokens get no neighbours at all: "al", "of", "ISIS" must be spelled
  exactly.
* adjacency postings: for each multi-word form, the pair (token k, token k+1) -> (form, k), and for the
  last token the pair (previous token, last token). A fuzzy token in the text therefore only ever looks at
  forms that its neighbour in the text can continue, which keeps candidate generation proportional to the
  text, not to text x aliases.

One-word names of ``FUZZY_MIN_SINGLE`` letters or more ("Hizbollah" for HIZBALLAH) are matched approximately
on their own, when only vowels differ. Every candidate phrase is verified whole: every token equal or a
neighbour, and the phrase within a length-relative edit budget and at or above ``FUZZY_MIN_RATIO``
(rapidfuzz ``fuzz.ratio``).

The tables are dicts when the index is built in memory and the compiled-list cache's packed maps
(``store.packed.PackedMap``, seen here only as ``PackedTable``) when it is read from the cache: both answer
``get``. Which words of a text have neighbours is found with set
operations over its distinct words, and remembered for the rest of the process.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..models import AliasKind

if TYPE_CHECKING:
    from .forms import AliasForm

FUZZY_MIN_TOKEN = 5  # tokens shorter than this must match exactly
FUZZY_MIN_RATIO = 85.0  # rapidfuzz fuzz.ratio of the whole phrase
LEARNED_SPELLING_COST = 3.0  # score lost per word spelled as the lists spell it for another entity
PHRASE_CHARS_PER_EDIT = 7
FUZZY_MIN_PHRASE = 10  # characters of the normalised name, spaces included
FUZZY_MIN_SINGLE = 8  # a one-word name must be this long to be matched approximately on its own
FULL_NAME_BASE = 95.0  # forms scoring less are partial names (a given name left out)
_PARTICLES = frozenset(
    {"al", "el", "the", "of", "bin", "ibn", "abu", "abd", "de", "la"}
)  # the whole phrase may differ by one edit per this many characters


_NONE: frozenset[str] = frozenset()
_MAX_CACHED_TOKENS = 1 << 20
_DECODE_AFTER = 2_000  # distinct tokens looked up (~50,000 deletion lookups) before the tables are decoded
_VOWELS = str.maketrans("", "", "aeiouy")


def _skeleton(word: str) -> str:
    """A word's consonants, in order."""
    return word.translate(_VOWELS)


def token_budget(length: int) -> int:
    """Edits allowed inside one token of ``length`` characters."""
    if length < FUZZY_MIN_TOKEN:
        return 0
    return 1 if length <= 8 else 2


def phrase_budget(length: int) -> int:
    return max(1, length // PHRASE_CHARS_PER_EDIT)


def _deletions(token: str, depth: int) -> set[str]:
    """``token`` and every string reachable from it by deleting up to ``depth`` characters."""
    out = {token}
    frontier = {token}
    for _ in range(depth):
        frontier = {t[:i] + t[i + 1 :] for t in frontier for i in range(len(t))}
        out |= frontier
    return out


V = TypeVar("V", covariant=True)


class Lookup(Protocol[V]):
    """What the index asks of its tables: a dict when built in memory, a packed map when read from the cache."""

    def get(self, key: str, /) -> V | None: ...


class Members(Protocol):
    def __contains__(self, key: object, /) -> bool: ...


class PackedTable(Protocol):
    """A table read from the compiled-list cache: looked up in place, or decoded whole for a big scan."""

    def get(self, key: str, /) -> str | None: ...

    def __contains__(self, key: object, /) -> bool: ...

    def as_dict(self) -> dict[str, str]: ...


class _Decoded(Generic[V]):
    """A packed ``str -> str`` map whose values are decoded (and kept) on first use."""

    def __init__(self, packed: PackedTable, decode: Callable[[str], V]):
        self._packed = packed
        self._decode = decode
        self._memo: dict[str, V] = {}

    def get(self, key: str) -> V | None:
        found = self._memo.get(key)
        if found is None:
            raw = self._packed.get(key)
            if raw is None:
                return None
            found = self._memo[key] = self._decode(raw)
        return found


def _ints(s: str) -> tuple[int, ...]:
    return tuple(map(int, s.split(" ")))


def _pairs(s: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(f), int(k)) for f, k in (p.split(",") for p in s.split(" ")))


# The tables of an index, by name, with how each value is written as text for the cache and read back.
_TABLE_CODECS: dict[str, tuple[Callable[[Any], str], Callable[[str], Any]]] = {
    "deletes": (str, str),
    "next_post": (lambda v: " ".join(f"{f},{k}" for f, k in v), _pairs),
    "last_post": (lambda v: " ".join(map(str, v)), _ints),
    "singles": (lambda v: " ".join(map(str, v)), _ints),
}


@dataclass
class FuzzyIndex:
    forms: Sequence[AliasForm]
    # deletion string -> the alias tokens it comes from, tab-separated
    deletes: Lookup[str]
    # "token token" -> the multi-word forms holding that pair, with the pair's place: ((form, k), ...)
    next_post: Lookup[tuple[tuple[int, int], ...]]
    # "token token" -> the forms ending with that pair
    last_post: Lookup[tuple[int, ...]]
    common: Members  # ordinary English words: never fuzzy-matched (see ``frequency``)
    # one-word names long enough to be matched approximately alone ("Hizbollah" for HIZBALLAH): word -> forms
    singles: Lookup[tuple[int, ...]]
    _neighbours: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _hot: set[str] = field(default_factory=set, repr=False)  # the tokens in ``_neighbours`` that have some
    # Spellings learned from the lists (``names``: "hezbollah" -> hizballah, ...), set by the compiled matcher.
    learned: Callable[[str], Iterable[str]] | None = field(default=None, repr=False)
    _learned_of: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    # The packed tables ``deletes`` and ``common`` still are, until ``decode_tables`` (indexes read from the cache).
    _packed: tuple[PackedTable, PackedTable] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        forms: Sequence[AliasForm],
        common: frozenset[str] | None = None,
        people: Collection[int] = (),
    ) -> FuzzyIndex:
        """``people``: the forms of people's names, left to the person-name matcher (``persons``)."""
        if common is None:
            from .frequency import common_words

            common = common_words()
        singles: dict[str, list[int]] = {}
        next_post: dict[str, list[tuple[int, int]]] = {}
        last_post: dict[str, list[int]] = {}
        vocab: set[str] = set()
        for fi, form in enumerate(forms):
            # Weak aliases are low-quality names by definition, risky ones (generic names) and names with a
            # given name left out are not distinctive enough: none of them ever matches approximately.
            if form.kind == AliasKind.WEAK or form.upper_only or form.risk or form.base < FULL_NAME_BASE:
                continue
            if fi in people:
                continue
            toks = form.norm.split(" ")
            if len(toks) == 1 and len(form.norm) >= FUZZY_MIN_SINGLE and not form.surname:
                singles.setdefault(form.norm, []).append(fi)
                vocab.add(form.norm)
                continue
            if sum(t not in _PARTICLES for t in toks) < 2 or len(form.norm) < FUZZY_MIN_PHRASE:
                continue
            for k in range(len(toks) - 1):
                next_post.setdefault(f"{toks[k]} {toks[k + 1]}", []).append((fi, k))
            last_post.setdefault(f"{toks[-2]} {toks[-1]}", []).append(fi)
            vocab.update(t for t in toks if len(t) >= FUZZY_MIN_TOKEN)
        deletes: dict[str, list[str]] = {}
        for tok in sorted(vocab):
            for d in _deletions(tok, token_budget(len(tok))):
                deletes.setdefault(d, []).append(tok)
        return cls(
            forms,
            {d: "\t".join(toks) for d, toks in deletes.items()},
            {k: tuple(v) for k, v in next_post.items()},
            {k: tuple(v) for k, v in last_post.items()},
            common,
            {k: tuple(v) for k, v in singles.items()},
        )

    def tables(self) -> dict[str, list[tuple[str, str]]]:
        """Every table as (key, text) pairs for the cache (``from_packed`` reads them back); built indexes only."""
        out: dict[str, list[tuple[str, str]]] = {}
        for name, (encode, _) in _TABLE_CODECS.items():
            table = getattr(self, name)
            if not isinstance(table, dict):
                raise TypeError("only a built index can be written out")
            out[name] = list(zip(table, map(encode, table.values()), strict=True))
        if not isinstance(self.common, frozenset):
            raise TypeError("only a built index can be written out")
        out["common"] = [(w, "") for w in sorted(self.common)]  # a set: sorted for a byte-identical file
        return out

    @classmethod
    def from_packed(cls, forms: Sequence[AliasForm], tables: Mapping[str, PackedTable]) -> FuzzyIndex:
        """An index over packed tables (see ``tables``): nothing is decoded until it is looked up."""
        lookups = {name: _Decoded(tables[name], decode) for name, (_, decode) in _TABLE_CODECS.items()}
        index = cls(
            forms,
            tables["deletes"],
            lookups["next_post"],
            lookups["last_post"],
            tables["common"],
            lookups["singles"],
        )
        index._packed = (tables["deletes"], tables["common"])
        return index

    def decode_tables(self) -> None:
        """For a big scan: plain dicts from here on (a packed lookup costs a Python call each)."""
        if self._packed is not None:
            deletes, common = self._packed
            self.deletes, self.common, self._packed = deletes.as_dict(), frozenset(common.as_dict()), None

    def neighbours(self, token: str) -> frozenset[str]:
        """Alias tokens within the edit budget of ``token``, other than ``token`` itself."""
        cached = self._neighbours.get(token)
        if cached is not None:
            return cached
        found: set[str] = set()
        if len(token) >= FUZZY_MIN_TOKEN and token not in self.common:
            for d in _deletions(token, token_budget(len(token))):
                bucket = self.deletes.get(d)
                if bucket is None:
                    continue
                for cand in bucket.split("\t"):
                    if cand == token or cand in found:
                        continue
                    budget = token_budget(min(len(cand), len(token)))
                    if budget and Levenshtein.distance(token, cand, score_cutoff=budget) <= budget:
                        found.add(cand)
            if self.learned is not None:
                # A spelling the lists give for an alias word counts whatever its distance.
                learned = frozenset(w for w in self.learned(token) if self._is_alias_token(w))
                if learned:
                    self._learned_of[token] = learned
                    found |= learned
        result = frozenset(found)
        self._neighbours[token] = result
        if result:
            self._hot.add(token)
        return result

    def _is_alias_token(self, word: str) -> bool:
        bucket = self.deletes.get(word)
        return bucket is not None and word in bucket.split("\t")

    def _near(self, norms: list[str], i: int, name_like: Sequence[bool] | None) -> frozenset[str]:
        """Neighbours of token ``i``; a token not written like a name gets none (and costs no lookup)."""
        token = norms[i]
        if len(token) < FUZZY_MIN_TOKEN or (name_like is not None and not name_like[i]):
            return _NONE
        near = self._neighbours.get(token)
        return self.neighbours(token) if near is None else near

    def candidates(
        self, norms: list[str], name_like: Sequence[bool] | None = None
    ) -> Iterator[tuple[int, int, int, float]]:
        """Fuzzy phrase matches in a token sequence: (first token, last token, form index, score).

        ``name_like[i]``, when given, says whether token ``i`` is written like a name (not in lower case): a
        misspelt name is still written as a name, so other words are not looked at.
        """
        n = len(norms)
        seen: set[tuple[int, int]] = set()
        next_post, last_post = self.next_post, self.last_post
        for i in self._positions(norms, name_like):
            for a in self._neighbours[norms[i]]:
                for fi in self.singles.get(a) or ():
                    if (fi, i) not in seen:
                        seen.add((fi, i))
                        hit = self._verify(norms, fi, i)
                        if hit:
                            yield hit
                if i + 1 < n:
                    for b in (norms[i + 1], *self._near(norms, i + 1, name_like)):
                        for fi, k in next_post.get(f"{a} {b}") or ():
                            if (fi, i - k) not in seen:
                                seen.add((fi, i - k))
                                hit = self._verify(norms, fi, i - k)
                                if hit:
                                    yield hit
                if i > 0:
                    for p in (norms[i - 1], *self._near(norms, i - 1, name_like)):
                        for fi in last_post.get(f"{p} {a}") or ():
                            start = i - self.forms[fi].norm.count(" ")
                            if (fi, start) not in seen:
                                seen.add((fi, start))
                                hit = self._verify(norms, fi, start)
                                if hit:
                                    yield hit

    def _positions(self, norms: list[str], name_like: Sequence[bool] | None) -> list[int]:
        """Indexes of the tokens written like names that have neighbours. Set operations at C speed instead
        of a Python step per token: this runs over every word of every text, and almost no word is near an
        alias token."""
        cache = self._neighbours
        if len(cache) > _MAX_CACHED_TOKENS:  # a long stream of distinct tokens must not grow memory forever
            cache.clear()
            self._hot.clear()
        if len(cache) > _DECODE_AFTER:
            self.decode_tables()
        distinct = set(norms) if name_like is None else set(compress(norms, name_like))
        for token in distinct.difference(cache):
            self.neighbours(token)
        hot = self._hot.intersection(distinct)
        if not hot:
            return []
        found = compress(count(), map(hot.__contains__, norms))
        return list(found) if name_like is None else [i for i in found if name_like[i]]

    def _verify(self, norms: list[str], fi: int, start: int) -> tuple[int, int, int, float] | None:
        form = self.forms[fi]
        toks = form.norm.split(" ")
        end = start + len(toks) - 1
        if start < 0 or end >= len(norms):
            return None
        exact = learned = 0
        words = norms[start : end + 1]
        for j, want in enumerate(toks):
            got = norms[start + j]
            if got == want:
                exact += 1
            elif want not in self.neighbours(got):
                return None
            elif want in self._learned_of.get(got, ()):
                learned += 1
                words = [*words[:j], want, *words[j + 1 :]]  # a learned spelling costs no edits
        if exact == len(toks):
            return None  # the automaton already reports exact phrases
        if learned:
            phrase = " ".join(words)
            budget = phrase_budget(len(form.norm))
            if Levenshtein.distance(phrase, form.norm, score_cutoff=budget) > budget:
                return None
            score = fuzz.ratio(phrase, form.norm) - LEARNED_SPELLING_COST * learned
            return None if score < FUZZY_MIN_RATIO else (start, end, fi, round(score, 1))
        if len(toks) == 1 and _skeleton(norms[start]) != _skeleton(toks[0]):
            # One word alone may differ only in its vowels, as transliterations do (Hizbollah, Hizballah);
            # Beverage is not LEVERAGE, nor Importers IMPORTEKS.
            return None
        phrase = " ".join(norms[start : end + 1])
        budget = phrase_budget(len(form.norm))
        if Levenshtein.distance(phrase, form.norm, score_cutoff=budget) > budget:
            return None
        score = fuzz.ratio(phrase, form.norm)
        if score < FUZZY_MIN_RATIO:
            return None
        return (start, end, fi, round(score, 1))
