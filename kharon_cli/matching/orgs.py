"""Organisation, vessel and aircraft names respelled: "Al Rashid Trust" for AL RASHEED TRUST, "Al-Attaa
Islamic Bank" for AL-ATAA ISLAMIC BANK, "Dae-Dong Credit Bank" for DAEDONG CREDIT BANK.

A source of candidates beside the automaton, the fuzzy index and the person-name matcher (step 1 of
``tagger``). Each strong name of two words or more is compiled once into its *core*: its words without the
legal forms before or after them ("JSC ILYUSHIN AVIATION COMPLEX" -> ilyushin aviation complex), indexed by the
name key (``persons.name_key``) of its rarest word. Around a text word written like a name whose key is such a
key, the text's words aligned with the core (one word more or less: a name written with or without spaces or
hyphens) are compared with it as one string: equal once spaces are dropped, or within an edit budget of one
weighted edit per seven letters, where the transliteration operations learned from the lists (``names``) cost
half an edit. A text word that is a known English word and no spelling of a word of the name is never taken
for a misspelling ("Marine" is not MARITIME), and the core's rarest word must be there in some spelling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..models import AliasKind, Entity, EntityType
from .forms import AliasForm
from .fuzzy import Lookup, PackedTable
from .names import LEGAL_FORMS, RULE_COST, NameKnowledge, _ops
from .normalize import normalize
from .persons import _MAX_MEMO, ARTICLES, DECODE_AFTER_TOKENS, _close, name_keys
from .risk import PARTICLES

CHARS_PER_EDIT = 7
MIN_LETTERS = 10  # a shorter name must have a word of four letters or more spelled as listed
_VOWELS = frozenset("aeiouy")
MIN_RATIO = 85.0
JOINED_SCORE = 97.0  # the name written with or without spaces or hyphens, otherwise as listed
SPLIT_PART = 4  # two words this short may be one name word written in two ("Dae-Dong")


@dataclass(frozen=True, slots=True)
class OrgMatch:
    first: int
    last: int
    form: int
    score: float
    detail: str


def core(words: Sequence[str]) -> list[str]:
    """A name's words without the legal forms before and after them."""
    lo, hi = 0, len(words)
    while lo < hi - 1 and words[lo] in LEGAL_FORMS:
        lo += 1
    while hi > lo + 1 and words[hi - 1] in LEGAL_FORMS:
        hi -= 1
    return list(words[lo:hi])


def build_org_tables(entities: Sequence[Entity], forms: Sequence[AliasForm]) -> tuple[dict[str, str], dict[str, str]]:
    """(index -> "form|anchor position|core words", name key of the anchor -> indexes)."""
    form_ids = {(f.norm, f.entity): fi for fi, f in enumerate(forms)}
    cores: list[tuple[int, list[str]]] = []
    frequency: Counter[str] = Counter()
    for idx, entity in enumerate(entities):
        if entity.type is EntityType.PERSON:
            continue
        seen: set[tuple[str, ...]] = set()
        for alias in entity.names():
            if alias.kind is AliasKind.WEAK:
                continue
            norm = normalize(alias.name)
            fi = form_ids.get((norm, idx))
            if fi is None or forms[fi].upper_only or forms[fi].risk:
                continue
            words = core(norm.split(" "))
            if sum(w not in PARTICLES for w in words) < 2 or tuple(words) in seen:
                continue
            seen.add(tuple(words))
            cores.append((fi, words))
            frequency.update(set(words))
    names: dict[str, str] = {}
    keys: dict[str, list[int]] = {}
    for i, (fi, words) in enumerate(cores):
        content = [(frequency[w], -len(w), k) for k, w in enumerate(words) if w not in PARTICLES and len(w) >= 3]
        if not content:
            continue
        anchor = min(content)[2]
        names[str(i)] = f"{fi}|{anchor}|{' '.join(words)}"
        for key in name_keys(words[anchor]):
            if len(key) >= 2:
                keys.setdefault(key, []).append(i)
    return names, {k: " ".join(map(str, v)) for k, v in keys.items()}


class OrgIndex:
    def __init__(self, names: Lookup[str], keys: Lookup[str], knowledge: NameKnowledge):
        self.names = names
        self.keys = keys
        self.knowledge = knowledge
        self._packed: dict[str, PackedTable] | None = None
        self._near_memo: dict[str, tuple[tuple[int, int, list[str]], ...]] = {}
        self._looked = 0

    def tables(self) -> dict[str, list[tuple[str, str]]]:
        if not isinstance(self.names, dict) or not isinstance(self.keys, dict):
            raise TypeError("only a built index can be written out")
        return {"names": sorted(self.names.items()), "keys": sorted(self.keys.items())}

    @classmethod
    def from_packed(cls, tables: Mapping[str, PackedTable], knowledge: NameKnowledge) -> OrgIndex:
        index = cls(tables["names"], tables["keys"], knowledge)
        index._packed = {"names": tables["names"], "keys": tables["keys"]}
        return index

    def decode_tables(self) -> None:
        if self._packed is not None:
            self.names, self.keys = self._packed["names"].as_dict(), self._packed["keys"].as_dict()
            self._packed = None

    def candidates(self, norms: list[str], name_like: Sequence[bool] | None) -> Iterator[OrgMatch]:
        n = len(norms)
        self._looked += n
        if self._packed is not None and self._looked > DECODE_AFTER_TOKENS:
            self.decode_tables()
        distinct = set(norms) if name_like is None else set(compress(norms, name_like))
        near = {w for w in distinct if len(w) >= 3 and not w.isdigit() and self._near(w)}
        for i in range(n):
            word = norms[i]
            if name_like is not None and not name_like[i]:
                continue
            if word in near:
                for fi, anchor, words in self._near(word):
                    found = self._at(norms, i, fi, anchor, words)
                    if found is not None:
                        yield found
            # A rarest word written as two short name words ("Dae-Dong" for DAEDONG): looked up joined.
            j = i + 1
            if (
                j < n
                and (name_like is None or name_like[j])
                and max(len(word), len(norms[j])) <= SPLIT_PART
                and word.isalpha()
                and norms[j].isalpha()
            ):
                for fi, anchor, words in self._near(word + norms[j]):
                    found = self._at(norms, i, fi, anchor, words)
                    if found is not None:
                        yield found

    def _near(self, word: str) -> tuple[tuple[int, int, list[str]], ...]:
        """The names whose rarest word ``word`` may be (same name key; equal, a learned spelling or within two
        edits): (form, anchor position, core words). Remembered per word."""
        found = self._near_memo.get(word)
        if found is not None:
            return found
        out: list[tuple[int, int, list[str]]] = []
        seen: set[str] = set()
        learned = self.knowledge.learned_spellings(word)
        known = word in self.knowledge.known  # a known word is never an edit of a name, only a learned spelling
        for key in name_keys(word):
            ids = self.keys.get(key)
            for ni in ids.split(" ") if ids else ():
                raw = self.names.get(ni) if ni not in seen else None
                seen.add(ni)
                if raw is None:
                    continue
                fi, anchor, words = raw.split("|")
                core_words = words.split(" ")
                listed = core_words[int(anchor)]
                # A name whose rarest word is an English word is made of ordinary words: a respelling of it is
                # no evidence, so such a name is only looked at where that word itself is respelled.
                if listed in self.knowledge.known and word == listed:
                    continue
                if _close(word, listed, learned, known):
                    out.append((int(fi), int(anchor), core_words))
        if len(self._near_memo) > _MAX_MEMO:
            self._near_memo.clear()
        result = self._near_memo[word] = tuple(out)
        return result

    def _at(self, norms: list[str], i: int, form: int, anchor: int, words: list[str]) -> OrgMatch | None:
        listed = "".join(words)
        budget = max(1.0, len(listed) / CHARS_PER_EDIT)
        best: tuple[float, int, int] | None = None
        n = len(norms)
        for before in (anchor - 1, anchor, anchor + 1):
            for after in (len(words) - anchor - 2, len(words) - anchor - 1, len(words) - anchor):
                first, last = i - before, i + after
                if first < 0 or last >= n or first > i or last < i or last - first > len(words) + 1:
                    continue
                span = norms[first : last + 1]
                if span[0] in PARTICLES and words[0] not in PARTICLES:
                    continue
                cost = self._cost(span, words, listed, budget)
                if cost is not None and (best is None or cost < best[0]):
                    best = (cost, first, last)
        if best is None:
            return None
        cost, first, last = best
        span = norms[first : last + 1]
        if span == words:
            return None  # the automaton's
        spaced = " ".join(span)
        if cost == 0:
            return OrgMatch(first, last, form, JOINED_SCORE, f"written {spaced!r}, without the spaces of the list")
        score = round(fuzz.ratio(spaced, " ".join(words)), 1)
        if score < MIN_RATIO:
            return None
        return OrgMatch(first, last, form, score, f"{spaced!r} ~ {' '.join(words)!r} ({cost:g} edits)")

    def _cost(self, span: list[str], words: list[str], listed: str, budget: float) -> float | None:
        """The weighted edits between the text's words and the name's, or None when they are not one name."""
        k = self.knowledge
        wanted = set(words)
        for w in span:
            if w in wanted or w in PARTICLES:
                continue
            if len(span) != len(words) and any(w in o for o in wanted):
                continue  # a piece of a name word written in two ("Dong" of DAEDONG), not a word of its own
            if w in k.known and not any(o in wanted for o in k.learned_spellings(w)):
                return None  # an English word of its own is not a misspelling of one of the name's
        if len(listed) < MIN_LETTERS and not any(w in wanted and len(w) >= 4 for w in span):
            return None  # too little of a name ("ELUX ST" is a ticker, not ELIX ST)
        if len(span) == len(words):
            # Word for word: each respelled word the way ``names`` allows for a surname, starting alike.
            total = 0.0
            for w, o in zip(span, words, strict=True):
                if w == o or (w in ARTICLES and o in ARTICLES):
                    continue
                if not (w[0] == o[0] or (w[0] in _VOWELS and o[0] in _VOWELS)):
                    return None
                pm = k.match_part(w, o, False)
                if pm is None:
                    return None
                total += pm.cost
            return total if total <= budget else None
        # Written with more or fewer spaces (Dae-Dong, Daedong): the letters compared as one string, which
        # must start and end alike, and differ only the way transliterations do.
        a, b = list(span), list(words)
        while a and b and a[0] == b[0]:  # the words both write alike, at either end, set aside
            a, b = a[1:], b[1:]
        while a and b and a[-1] == b[-1]:
            a, b = a[:-1], b[:-1]
        if not a or not b:
            return None  # a word of the name left out, not the name written differently
        text = "".join(w for w in a if not (w in ARTICLES and w not in wanted))
        target = "".join(w for w in b if not (w in ARTICLES and w not in span))
        if text == target:
            return 0.0
        if not text or not target or text[0] != target[0] or text[-1] != target[-1]:
            return None
        if abs(len(text) - len(target)) > budget * 2:
            return None
        if Levenshtein.distance(text, target, score_cutoff=int(budget * 2)) > budget * 2:
            return None
        costs = [k.rule_cost(op) for op in _ops(text, target)]
        if max(costs) > RULE_COST or sum(costs) > budget:
            return None
        return sum(costs)
