"""People's names matched part by part: "Sergey Kozlovskiy" for KOZLOVSKY, Sergei; "Aleksei Petrenko" for
PETRENKO, Alexei Nikolayevich; "President Kozlovsky".

A source of candidates beside the automaton and the fuzzy index (step 1 of ``tagger``). A listed person's
name is split into parts once, at compile time: given names (a patronymic among them) and the surname, with
its particles (al-, el-, bin, abu ...). A text is looked at only around words written like names whose
*name key* (a rough transliteration-blind key of consonants: Kozlovskiy, Kozlovsky -> "ksls", the lookup only)
is the key of some listed surname. There every part is checked on its own (``names.match_part``: exact, a
spelling learned from the lists or the name table, or within a small edit budget):

* the surname must be there, right after the given names ("Aleksei Petrenko") or right before them
  ("Petrenko Aleksei"); a surname of two words may be written as one and the other way round;
* given names in any order, each matching a different listed given name; middle names and patronymics may be
  left out, and one patronymic the list does not carry may stand before the surname
  ("Aleksandr Dmitrievich Beglov" for BEGLOV, Alexander);
* at least one given name; or, instead, a title right before a *distinctive* surname ("President Kozlovsky"):
  one that no other listed person carries and that is no known English word (method ``title``).

A combination is scored like the phrase it is: rapidfuzz's ratio of the text's words against the listed
words they matched, less 3 for each given name left out and 2 for an unlisted patronymic; the candidate
stands for the alias form of the given names kept (so the risk model's verdict on, say, a generic name
applies). Combinations whose every part is exact in the listed order are the automaton's and are skipped here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, pairwise
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..models import Entity, EntityType, Method
from .candidates import TITLE_RISK
from .forms import AliasForm
from .fuzzy import Lookup, Members, PackedTable
from .names import INITIALS, NameKnowledge, PartMatch, _person_parts
from .risk import GENERIC_PERSON_NAME, PARTICLES

TITLE_SCORE = 85.0
# A common surname with given names left out ("Qassem Ahmed" for AHMED, Qassim Abdullah Ali) may be anyone.
COMMON_SURNAME_RISK = "a common surname with given names left out"
DROPPED_GIVEN_PENALTY = 3.0
PATRONYMIC_PENALTY = 2.0
MIN_SCORE = 80.0
# Surname particles that stand for one another ("al-Zomor", "el-Zomor").
ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ul", "ur"})
_PATRONYMIC_RE = re.compile(r"(?:ovich|evich|yevich|ievich|vich|ovna|evna|yevna|ichna|ogly|oglu|ovych|evych)$")


def titles() -> frozenset[str]:
    text = (Path(__file__).resolve().parent / "titles.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


_KEY_STEPS = (
    ("dzh", "j"),
    ("sch", "s"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("sh", "s"),
    ("ch", "k"),
    ("zh", "j"),
    ("ts", "s"),
    ("tz", "s"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("z", "s"),
    ("y", "i"),
    ("j", "i"),
)
_DOUBLES_RE = re.compile(r"(.)\1+")
_SOFT_RE = re.compile(r"[aeiouh]")


def name_keys(word: str) -> tuple[str, ...]:
    """The name keys of a word: "ch" is read both as in German and Spanish names (k, ch) and as in French
    ones (sh: Tantouche, Tantoush)."""
    key = name_key(word)
    if "ch" in word:
        other = name_key(word.replace("ch", "sh"))
        if other != key:
            return (key, other)
    return (key,)


@lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str:
    """A key that most transliterations of one name share: the first letter (any vowel as "a") and the
    consonants after it, with kh/h, q/k, y/i/j, w/v, z/s and doubled letters folded. Used only to find which
    listed surnames to compare a text word with; the comparison itself is ``names.match_part``."""
    for a, b in _KEY_STEPS:
        word = word.replace(a, b)
    word = _DOUBLES_RE.sub(r"\1", word)
    if not word:
        return ""
    head = "a" if word[0] in "aeiou" else word[0]
    return head + _SOFT_RE.sub("", word[1:])


@dataclass(frozen=True, slots=True)
class PersonName:
    """One strong name of a listed person, in parts."""

    entity: int
    given: tuple[str, ...]
    surname: tuple[str, ...]  # particles included: ("al", "zomor")


@dataclass(frozen=True, slots=True)
class PersonMatch:
    first: int
    last: int
    form: int
    method: Method
    score: float
    surname: tuple[int, int]  # token range of the surname in the text, end exclusive
    detail: str
    risk: str = ""


_MAX_MEMO = 1 << 18
# Tokens looked at before the cache's packed tables are decoded into dicts (a lookup in place costs a Python
# call each; decoding them costs about as much as this many lookups).
DECODE_AFTER_TOKENS = 200_000
# Initials that transliterations swap (Yevgeny, Evgeny; Usama, Osama; Qasim, Kasim), for a first cheap test.
_INITIAL = INITIALS
JOIN_MAX = 7  # a surname written as two words: each of them this long at most ("Rafat Nejad")


def _close(word: str, listed: str, learned: Mapping[str, str], known: bool) -> bool:
    """A cheap first test before ``names.match_part``: equal, a learned spelling, or (not for a ``known``
    English word) within two edits."""
    if word == listed or listed in learned:
        return True
    if known or min(len(word), len(listed)) < 4:
        return False
    edits = 1 if min(len(word), len(listed)) < 5 else 2
    return abs(len(word) - len(listed)) <= edits and Levenshtein.distance(word, listed, score_cutoff=edits) <= edits


def person_names(entities: Sequence[Entity]) -> list[PersonName]:
    out: list[PersonName] = []
    for idx, entity in enumerate(entities):
        if entity.type is not EntityType.PERSON:
            continue
        seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        for alias in entity.names():
            if alias.kind.value == "weak":
                continue
            given, surname = _person_parts(alias.name)
            content = [t for t in surname if t not in PARTICLES]
            if not given or not content or (tuple(given), tuple(surname)) in seen:
                continue
            seen.add((tuple(given), tuple(surname)))
            out.append(PersonName(idx, tuple(given), tuple(surname)))
    return out


def surname_keys(names: Sequence[PersonName]) -> dict[str, str]:
    """name key of a surname's last word (and of its words joined) -> the person names, space-separated."""
    index: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        content = [t for t in name.surname if t not in PARTICLES]
        keys = set(name_keys(content[-1]))
        if len(content) > 1:
            keys.update(name_keys("".join(content)))
        for key in keys:
            if len(key) >= 2:
                index.setdefault(key, []).append(i)
    return {k: " ".join(map(str, v)) for k, v in index.items()}


def title_surnames(names: Sequence[PersonName], entities: Sequence[Entity], known: Members) -> dict[str, str]:
    """Distinctive surnames -> the person names that carry them: one listed person (the same person on two
    lists counts once) and no known English word."""
    people: dict[str, set[frozenset[str]]] = {}
    carriers: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        content = [t for t in name.surname if t not in PARTICLES]
        if len(content) != 1 or len(content[0]) < 4:
            continue
        primary = entities[name.entity].name
        who = frozenset(t for part in _person_parts(primary) for t in part)
        people.setdefault(content[0], set()).add(who)
        carriers.setdefault(content[0], []).append(i)
    return {
        word: " ".join(map(str, carriers[word])) for word, who in people.items() if len(who) == 1 and word not in known
    }


def _items(table: Lookup[str]) -> list[tuple[str, str]]:
    if not isinstance(table, dict):
        raise TypeError("only a built index can be written out")
    return sorted(table.items())


class _PackedNames:
    """``PersonName`` s read from a cache table on first use (index -> "entity|given words|surname words")."""

    def __init__(self, table: PackedTable):
        self._table = table
        self._memo: dict[int, PersonName] = {}

    def __getitem__(self, i: int) -> PersonName:
        name = self._memo.get(i)
        if name is None:
            raw = self._table.get(str(i))
            if raw is None:
                raise IndexError(i)
            entity, given, surname = raw.split("|")
            name = self._memo[i] = PersonName(int(entity), tuple(given.split(" ")), tuple(surname.split(" ")))
        return name


# The tables of a person index and of its name knowledge, by name, as the cache stores them.
_SETS = ("known", "name_words", "designators", "generic", "common_names")
_TABLES = ("keys", "titles", "forms", "learned", "rules", "table", "given", *_SETS)


class PersonIndex:
    """The compiled person names, their surname keys, the distinctive surnames and the forms they stand for."""

    def __init__(
        self,
        names: Sequence[PersonName] | _PackedNames,
        keys: Lookup[str],
        title_names: Lookup[str],
        forms: Sequence[AliasForm],
        form_ids: Lookup[str],  # "norm|entity" -> form index
        knowledge: NameKnowledge,
    ):
        self.names = names
        self.keys = keys
        self.title_names = title_names
        self.forms = forms
        self.form_ids = form_ids
        self.knowledge = knowledge
        self.titles = titles()
        self._packed: dict[str, PackedTable] | None = None
        self._near_memo: dict[str, tuple[int, ...]] = {}
        self._looked = 0

    def tables(self) -> dict[str, list[tuple[str, str]]]:
        """Every table as (key, text) pairs for the cache (``from_packed`` reads them back); built indexes only."""
        if not isinstance(self.names, list):
            raise TypeError("only a built index can be written out")
        k = self.knowledge
        out = {
            "names": [
                (str(i), f"{n.entity}|{' '.join(n.given)}|{' '.join(n.surname)}") for i, n in enumerate(self.names)
            ],
            "keys": _items(self.keys),
            "titles": _items(self.title_names),
            "forms": _items(self.form_ids),
            "learned": _items(k.learned),
            "rules": _items(k.rules),
            "table": _items(k.table),
            "given": _items(k.given_people),
        }
        for name in _SETS:
            words = getattr(k, name)
            if not isinstance(words, frozenset):
                raise TypeError("only a built index can be written out")
            out[name] = [(w, "") for w in sorted(words)]
        return out

    @classmethod
    def from_packed(cls, forms: Sequence[AliasForm], tables: Mapping[str, PackedTable]) -> PersonIndex:
        """An index over packed tables (see ``tables``): nothing is decoded until it is looked up."""
        t = tables
        knowledge = NameKnowledge(
            t["learned"],
            t["rules"],
            t["table"],
            t["given"],
            t["known"],
            t["name_words"],
            t["designators"],
            t["generic"],
            t["common_names"],
        )
        index = cls(_PackedNames(tables["names"]), tables["keys"], tables["titles"], forms, tables["forms"], knowledge)
        index._packed = {name: tables[name] for name in _TABLES}
        return index

    def decode_tables(self) -> None:
        """For a big scan: plain dicts from here on (a packed lookup costs a Python call each)."""
        if self._packed is None:
            return
        t = {name: table.as_dict() for name, table in self._packed.items()}
        self.keys, self.title_names, self.form_ids = t["keys"], t["titles"], t["forms"]
        k = self.knowledge
        k.learned, k.rules, k.table, k.given_people = t["learned"], t["rules"], t["table"], t["given"]
        for name in _SETS:
            setattr(k, name, frozenset(t[name]))
        self._packed = None

    def _form(self, words: Sequence[str], entity: int) -> int | None:
        raw = self.form_ids.get(f"{' '.join(words)}|{entity}")
        return None if raw is None else int(raw)

    def candidates(self, norms: list[str], name_like: Sequence[bool] | None) -> Iterator[PersonMatch]:
        n = len(norms)
        self._looked += n
        if self._packed is not None and self._looked > DECODE_AFTER_TOKENS:
            self.decode_tables()  # a big scan: plain dicts from here on
        # The distinct words written like names, each looked up once (remembered across texts): most texts
        # have none near a listed surname, and then nothing below runs per position.
        distinct = set(norms) if name_like is None else set(compress(norms, name_like))
        near = {w for w in distinct if len(w) >= 3 and not w.isdigit() and self._near(w)}
        titled = self.titles.intersection(norms)
        known = self.knowledge.known
        for i in range(n):
            word = norms[i]
            if name_like is not None and not name_like[i]:
                continue
            if word in near:
                for ni in self._near(word):
                    yield from self._at(norms, name_like, i, i, self.names[ni])
            if i == 0:
                continue
            prev = norms[i - 1]
            if (
                2 <= len(prev) <= JOIN_MAX
                and 3 <= len(word) <= JOIN_MAX
                and (name_like is None or name_like[i - 1] or prev in PARTICLES)
                and (prev not in known or word not in known)
            ):
                joined = self.keys.get(name_key(prev + word))
                for nj in joined.split(" ") if joined else ():
                    yield from self._at(norms, name_like, i - 1, i, self.names[int(nj)])
            if titled and prev in titled:
                carried = self.title_names.get(word)
                if carried:
                    yield from self._titled(i, [self.names[int(x)] for x in carried.split(" ")])

    def _near(self, word: str) -> tuple[int, ...]:
        """The person names whose surname ``word`` may be: same name key, and the word the surname's last
        word, a spelling of it, or within two edits of it. Remembered per word: most words of a text are
        looked at again and again, and almost none is near a surname."""
        found = self._near_memo.get(word)
        if found is not None:
            return found
        ids: list[int] = []
        seen: set[str] = set()
        learned = self.knowledge.learned_spellings(word)
        known = word in self.knowledge.known  # a known word is never an edit of a name, only a learned spelling
        for key in name_keys(word):
            hits = self.keys.get(key)
            for ni in hits.split(" ") if hits else ():
                if ni in seen:
                    continue
                seen.add(ni)
                surname = [t for t in self.names[int(ni)].surname if t not in PARTICLES]
                if any(_close(word, w, learned, known) for w in (surname[-1], "".join(surname))):
                    ids.append(int(ni))
        if len(self._near_memo) > _MAX_MEMO:
            self._near_memo.clear()
        result = self._near_memo[word] = tuple(ids)
        return result

    def _titled(self, i: int, names: list[PersonName]) -> Iterator[PersonMatch]:
        seen: set[int] = set()
        for name in names:
            if name.entity in seen:
                continue
            form = self._form([*name.given, *name.surname], name.entity)
            if form is None:
                continue
            seen.add(name.entity)
            yield PersonMatch(
                i, i, form, Method.TITLE, TITLE_SCORE, (i, i + 1), "a title before a distinctive surname", TITLE_RISK
            )

    def _surname(self, norms: list[str], lo: int, hi: int, name: PersonName) -> tuple[int, list[str], bool] | None:
        """Whether text tokens lo..hi are the surname (its last word at hi); the first token of the surname
        in the text (a particle before it included) and notes on how its words matched."""
        content = [t for t in name.surname if t not in PARTICLES]
        match_part = self.knowledge.match_part
        notes: list[str] = []
        if hi > lo:  # two text words for one listed word
            if len(content) != 1:
                return None
            pm = match_part(norms[lo] + norms[hi], content[0], False)
            if pm is None:
                return None
            notes.append(f"surname {norms[lo]} {norms[hi]} ~ {content[0]} (written as two words)")
            start = lo
        elif len(content) > 1 and lo - (body := len(name.surname) - name.surname.index(content[0])) + 1 >= 0:
            # Every word of the surname from its first content word on, particles inside it included
            # ("Safi al-Din" for SAFI AL DIN).
            listed = name.surname[-body:]
            words = norms[lo - body + 1 : hi + 1]
            pms: list[PartMatch | None] = []
            for w, c in zip(words, listed, strict=True):
                if c in PARTICLES:
                    pms.append(PartMatch("exact", 0.0, w) if w == c or (w in ARTICLES and c in ARTICLES) else None)
                else:
                    pms.append(match_part(w, c, False))
            if all(pms):
                notes.extend(f"surname {p.note}" for p in pms if p and p.how != "exact")
                start = lo - body + 1
            else:
                pm = match_part(norms[hi], "".join(content), False)
                if pm is None:
                    return None
                notes.append(f"surname {norms[hi]} ~ {' '.join(content)} (written as one word)")
                start = hi
        else:
            if len(content) > 1:
                pm = match_part(norms[hi], "".join(content), False)
                if pm is None:
                    return None
                notes.append(f"surname {norms[hi]} ~ {' '.join(content)} (written as one word)")
            else:
                pm = match_part(norms[hi], content[0], False)
                if pm is None:
                    return None
                if pm.how != "exact":
                    notes.append(f"surname {pm.note}")
            start = hi
        # The surname's particles before it, as listed ("bin Ladin", "Abu Marzook") or as another article
        # ("el-Zomor" for AL-ZOMOR).
        listed_particles = [t for t in name.surname[: name.surname.index(content[0])] if t in PARTICLES]
        for particle in reversed(listed_particles):
            before = norms[start - 1] if start > 0 else ""
            if before == particle or (before in ARTICLES and particle in ARTICLES):
                start -= 1
            else:
                break
        if not listed_particles and start > 0 and norms[start - 1] in ("al", "el"):
            start -= 1  # "Al-Khawar" for KHAWAR: the article the list leaves out
        return start, notes, any("edit" in n for n in notes)

    def _at(
        self, norms: list[str], name_like: Sequence[bool] | None, lo: int, hi: int, name: PersonName
    ) -> Iterator[PersonMatch]:
        # First, cheaply: some word beside the surname must start as one of the given names does.
        firsts = {_INITIAL.get(g[0], g[0]) for g in name.given}
        if not any(
            0 <= k < len(norms) and _INITIAL.get(norms[k][0], norms[k][0]) in firsts for k in (lo - 1, lo - 2, hi + 1)
        ):
            return
        sur = self._surname(norms, lo, hi, name)
        if sur is None:
            return
        start, notes, respelled = sur
        # Natural order: the given names before the surname.
        given = self._given(norms, name_like, start - 1, -1, name)
        if given is not None:
            positions, kept, given_notes, skipped = given
            kept.reverse()  # read right to left: the text's order is the other way round
            first = min(positions)
            found = self._match(
                norms,
                first,
                hi,
                (start, hi + 1),
                name,
                kept,
                [*given_notes, *notes],
                skipped,
                respelled_surname=respelled,
            )
            if found is not None:
                yield found
        # Listed order: the surname first ("Kozlovsky Sergei"); never across a skipped patronymic.
        after = self._given(norms, name_like, hi + 1, 1, name)
        if after is not None and after[3] < 0:
            positions, kept, given_notes, _ = after
            found = self._match(
                norms,
                start,
                max(positions),
                (start, hi + 1),
                name,
                kept,
                [*notes, *given_notes],
                -1,
                listed=True,
                respelled_surname=respelled,
            )
            if found is not None:
                yield found

    def _given(
        self, norms: list[str], name_like: Sequence[bool] | None, j: int, step: int, name: PersonName
    ) -> tuple[list[int], list[int], list[str], int] | None:
        """Given names read from token ``j`` on, away from the surname: (their positions, the listed given
        names they matched, notes, the position of one unlisted middle name or patronymic passed over, or -1),
        or None for none."""
        used: list[int] = []
        positions: list[int] = []
        notes: list[str] = []
        skipped = -1
        pending_skip = False
        while 0 <= j < len(norms) and (name_like is None or name_like[j]):
            best: tuple[float, int, PartMatch] | None = None
            for gi, listed in enumerate(name.given):
                if gi in used:
                    continue
                pm = self.knowledge.match_part(norms[j], listed, True)
                if pm is not None and (best is None or pm.cost < best[0]):
                    best = (pm.cost, gi, pm)
            if best is None:
                joined = self._joined_given(norms, name_like, j, step, name, used)
                if joined is not None:
                    taken, width, note = joined
                    used.extend(taken)
                    positions.extend(range(j, j + step * width, step))
                    notes.append(note)
                    pending_skip = False
                    j += step * width
                    continue
                if step == -1 and skipped < 0 and self._unlisted_middle(norms[j]):
                    skipped, pending_skip = j, True
                    j += step
                    continue
                break
            used.append(best[1])
            positions.append(j)
            if best[2].how != "exact":
                notes.append(f"given {best[2].note}")
            pending_skip = False
            j += step
        if pending_skip:
            skipped = -1  # nothing of the name before it: the word was no part of it
        if not positions:
            return None
        return positions, used, notes, skipped

    def _joined_given(
        self, norms: list[str], name_like: Sequence[bool] | None, j: int, step: int, name: PersonName, used: list[int]
    ) -> tuple[list[int], int, str] | None:
        """Given names written with another split: one text word for two listed ones ("Sunam" for Su Nam) or
        two text words for one ("Guo Ying" for Guoying). (listed given names taken, text words used, note)."""

        def match_part(text: str, listed: str, given: bool) -> PartMatch | None:
            found = self.knowledge.match_part(text, listed, given)
            return None if found is None or found.how == "edits" else found  # a split and a respelling: too far

        free = [g for g in range(len(name.given)) if g not in used]
        for a, b in pairwise(free):
            if b == a + 1 and min(len(name.given[a]), len(name.given[b])) >= 2:
                pm = match_part(norms[j], name.given[a] + name.given[b], True)
                if pm is not None:
                    return [a, b], 1, f"given {norms[j]} ~ {name.given[a]} {name.given[b]} (written as one word)"
        k = j + step
        if 0 <= k < len(norms) and (name_like is None or name_like[k]) and min(len(norms[j]), len(norms[k])) >= 2:
            pair = norms[k] + norms[j] if step == -1 else norms[j] + norms[k]
            for g in free:
                pm = match_part(pair, name.given[g], True)
                if pm is not None:
                    return [g], 2, f"given {pair} ~ {name.given[g]} (written as two words)"
        return None

    def _unlisted_middle(self, word: str) -> bool:
        """Whether a text word between given names and the surname may be a middle name or patronymic the list
        does not carry: a patronymic by its ending right before the surname, or any word that is no English
        word, title or particle ("Jamil Abdulkarim Hamie" for HAMIE, Jamil)."""
        if _PATRONYMIC_RE.search(word):
            return True
        k = self.knowledge
        return (
            len(word) >= 3
            and not word.isdigit()
            and word not in k.known
            and word not in PARTICLES
            and word not in self.titles
        )

    def _match(
        self,
        norms: list[str],
        first: int,
        last: int,
        surname: tuple[int, int],
        name: PersonName,
        kept: list[int],
        notes: list[str],
        skipped: int,
        *,
        listed: bool = False,
        respelled_surname: bool = False,
    ) -> PersonMatch | None:
        in_order = sorted(kept)
        kept_words = [name.given[g] for g in in_order]
        form = self._form([*kept_words, *name.surname], name.entity)
        if form is None:
            return None
        exact = not notes and skipped < 0 and kept == in_order  # listed order: every given name, in order
        if exact:
            return None  # the automaton's
        dropped_given = [g for g in range(len(name.given)) if g not in kept]
        if listed and dropped_given:
            return None  # "Chang Chi" is not CHANG, Chi Fu: a name written surname first is written whole
        if respelled_surname and any(not _PATRONYMIC_RE.search(name.given[g]) for g in dropped_given):
            return None  # a respelled surname needs every given name but a patronymic beside it
        text_words = [w for k, w in enumerate(norms[first : last + 1], first) if k != skipped]
        listed_words = (
            [*name.surname, *(name.given[g] for g in kept)]
            if listed
            else [*(name.given[g] for g in kept), *name.surname]
        )
        score = fuzz.ratio(" ".join(text_words), " ".join(listed_words))
        score -= DROPPED_GIVEN_PENALTY * (len(name.given) > len(kept)) + PATRONYMIC_PENALTY * (skipped >= 0)
        if listed:
            score -= 1
        score = round(score, 1)
        if score < MIN_SCORE:
            return None
        if skipped >= 0:
            notes = [*notes, f"{norms[skipped]} is not on the list"]
        dropped = [name.given[g] for g in dropped_given]
        risk = ""
        generic = self.knowledge.generic
        if all(t in generic or t in PARTICLES for t in text_words):
            risk = GENERIC_PERSON_NAME  # "Mohammad Ibrahim", however the list spells it
        if dropped:
            notes = [*notes, f"left out: {' '.join(dropped)}"]
            surname_words = norms[surname[0] : surname[1]]
            if not risk and all(t in generic or t in PARTICLES for t in surname_words):
                risk = COMMON_SURNAME_RISK
        return PersonMatch(first, last, form, Method.FUZZY, score, surname, "; ".join(notes), risk)


def build_person_index(entities: Sequence[Entity], forms: Sequence[AliasForm], knowledge: NameKnowledge) -> PersonIndex:
    names = person_names(entities)
    form_ids = {
        f"{form.norm}|{form.entity}": str(fi)
        for fi, form in enumerate(forms)
        if entities[form.entity].type is EntityType.PERSON
    }
    return PersonIndex(
        names, surname_keys(names), title_surnames(names, entities, knowledge.known), forms, form_ids, knowledge
    )
