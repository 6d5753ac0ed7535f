"""What kharon knows about the words of names, learned at list-compile time and looked up while tagging.

Built by the compiler from the lists being compiled (a user's own lists get the same treatment as the
bundled ones), stored in the compiled matcher (and so in the cache), used by the person-name matcher
(``persons``) and the checks on a candidate's neighbours (``context``):

* **Spellings learned from the lists.** The names of one entity are spellings of each other: aligning the
  words of two names of one party ("PETRENKO, Alexei" and "PETRENKO, Aleksei"; "AL-QAIDA" and "AL-QAEDA")
  gives word pairs, each remembered with the entity that taught it, and applied to every entity: a spelling
  seen for one person is recognised for all.
* **Character rules with their frequency.** The edit operations that turn one word of such a pair into the
  other (a vowel for a vowel, "y" for "i", an inserted "h", "x" for "ks") are counted over all pairs; an
  operation seen for many entities costs half an edit when a text word is compared with a listed one.
* **Given-name spellings from a name table.** OpenSanctions' ``rigour`` (the sanctions field's own name
  library) maps given names to Wikidata name items across transliterations (Sergei, Sergey, Serguei; Alexei,
  Aleksei, Alexey; Yevgeniy, Evgeny): every English word that shares a name item with a listed given name is
  a known spelling of it. Different items are different names (Alexandra is not Alexander, Yulia not Yuliy).
* **Which words are names, and how common.** How many listed people carry a word as a given name or as a
  surname, and the word's English frequency (``frequency``).

``match_part`` compares one text word with one listed name word: exact, a learned spelling, a name-table
spelling, or within a small budget of weighted edits -- never for a text word that is a known word (an
ordinary English word, or a given name of its own) different from the listed one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from ..models import Entity, EntityType

# At run time, not only for the type checker: mypyc builds native classes from these annotations.
from .fuzzy import Lookup, Members
from .normalize import normalize
from .risk import PARTICLES, PROGRAM_COUNTRIES

# A text word at least this frequent in English is a known word: it is never read as a misspelling of a
# listed name word ("Interpol" is not INTERPAL, "Sebastian" not SEBASTIANO), only as a spelling learned from
# the lists or the name table.
KNOWN_WORD_ZIPF = 3.0
# A given name carried by this many listed people is a name of its own: another given name is never a
# misspelling of it.
KNOWN_GIVEN_PEOPLE = 3
COMMON_NAME_ZIPF = 2.5
# An edit operation seen in the names of this many entities is a transliteration rule: it costs half an edit.
RULE_MIN_ENTITIES = 8
RULE_COST = 0.5
PAIR_MIN_SIMILARITY = 0.7
# A surname this long may be respelled by edits; shorter ones only by spellings the lists or the table know.
MIN_EDITED_SURNAME = 7
MIN_PART = 3  # shorter words are matched exactly or not at all
# Company-type suffixes news usually leaves out ("Petroleos de Venezuela" for PETROLEOS DE VENEZUELA, S.A.).
LEGAL_FORMS = frozenset(
    [
        "sa",
        "ltd",
        "llc",
        "inc",
        "co",
        "corp",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ao",
        "pao",
        "oao",
        "zao",
        "ooo",
        "gmbh",
        "plc",
        "limited",
        "bv",
        "nv",
        "ag",
        "srl",
        "sarl",
        "spa",
        "sas",
        "ca",
        "cv",
        "sl",
        "fzco",
        "fze",
        "fzc",
        "llp",
        "lp",
    ]
)


def edit_budget(length: int) -> float:
    """Weighted edits allowed between a text word and a listed word, the shorter ``length`` letters long."""
    if length < 4:
        return 0.0
    if length <= 5:
        return 1.0
    if length <= 8:
        return 1.5
    return 2.0


def _ops(a: str, b: str) -> list[str]:
    """The edit operations turning ``a`` into ``b``, each as a direction-free rule key."""
    out = []
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace":
            x, y = sorted((a[op.src_pos], b[op.dest_pos]))
            out.append(f"{x}{y}")
        elif op.tag == "insert":
            out.append(f"+{b[op.dest_pos]}")
        else:
            out.append(f"+{a[op.src_pos]}")
    return out


@dataclass(frozen=True, slots=True)
class PartMatch:
    how: str  # "exact", "learned", "name table" or "edits"
    cost: float  # weighted edits (0 unless "edits")
    note: str  # for ``kharon explain``: "sergey ~ sergei (learned from ofac-sdn:123)"


@dataclass
class NameKnowledge:
    # word -> {other spelling: key of the entity that taught the pair}
    learned: Lookup[str]  # encoded "other=entity other=entity" (see ``learned_spellings``)
    rules: Lookup[str]  # rule key -> number of entities whose names show it
    # any spelling -> the listed given names it is a spelling of in the name table, with the name item
    table: Lookup[str]  # encoded "listed=Q123 listed=Q456"
    given_people: Lookup[str]  # word -> how many listed people carry it as a given name
    known: Members  # English words of Zipf ``KNOWN_WORD_ZIPF`` or more
    name_words: Members  # English words the name table knows as names
    designators: Members  # words that close company names (learned: LIMITED, HOLDING, GROUP ...; legal forms)
    generic: Members  # words of 15 or more listed people's names (``risk``: 'muhammad', 'ali', 'ahmed')
    common_names: Members  # names of the name table that are common in English text (Zipf 2.5: 'tahir', 'osman')
    _memo: dict[tuple[str, str, bool], PartMatch | None] = field(default_factory=dict, repr=False)

    def learned_spellings(self, word: str) -> dict[str, str]:
        raw = self.learned.get(word)
        return dict(p.split("=", 1) for p in raw.split(" ")) if raw else {}

    def table_spellings(self, word: str) -> dict[str, str]:
        raw = self.table.get(word)
        return dict(p.split("=", 1) for p in raw.split(" ")) if raw else {}

    def is_known_word(self, word: str) -> bool:
        return word in self.known

    def known_given(self, word: str) -> bool:
        raw = self.given_people.get(word)
        return raw is not None and int(raw) >= KNOWN_GIVEN_PEOPLE

    def is_given(self, word: str) -> bool:
        """A given name of two listed people or more."""
        raw = self.given_people.get(word)
        return raw is not None and int(raw) >= 2

    def is_designator(self, word: str) -> bool:
        return word in self.designators

    def rule_cost(self, op: str) -> float:
        raw = self.rules.get(op)
        return RULE_COST if raw and int(raw) >= RULE_MIN_ENTITIES else 1.0

    def match_part(self, text: str, listed: str, given: bool) -> PartMatch | None:
        """How text word ``text`` can be listed name word ``listed`` (``given``: a given name), or None. A
        given name is a closed set of spellings (the lists', the table's): never respelled by edits."""
        key = (text, listed, given)
        if key in self._memo:
            return self._memo[key]
        found = self._match_part(text, listed, given)
        if len(self._memo) > 1 << 18:
            self._memo.clear()
        self._memo[key] = found
        return found

    def _match_part(self, text: str, listed: str, given: bool) -> PartMatch | None:
        if text == listed:
            return PartMatch("exact", 0.0, text)
        teacher = self.learned_spellings(text).get(listed)
        if teacher is not None:
            return PartMatch("learned", 0.0, f"{text} ~ {listed} (spelling learned from {teacher})")
        if given:
            item = self.table_spellings(text).get(listed)
            if item is not None:
                return PartMatch("name table", 0.0, f"{text} ~ {listed} (one given name, {item})")
        if min(len(text), len(listed)) < MIN_PART + 1 or text[0].isdigit() != listed[0].isdigit():
            return None
        if text in self.known:
            return None  # a known word is not a misspelling
        ops = Levenshtein.editops(text, listed)
        # Two given names the name table tells apart: different names where they differ at the end (Alexandra,
        # Alexander; Yulia, Yuliy), spellings of one where only the body differs (Usama, Osama).
        tail = any(op.src_pos >= len(text) - 2 or op.dest_pos >= len(listed) - 2 for op in ops)
        if given and tail and text in self.name_words and self.table.get(listed) is not None:
            return None
        budget = edit_budget(min(len(text), len(listed)))
        if not budget or abs(len(text) - len(listed)) > budget * 2 or len(ops) > budget * 2:
            return None
        costs = [self.rule_cost(op) for op in _ops(text, listed)]
        cost = sum(costs)
        if cost > budget:
            return None
        if given or min(len(text), len(listed)) < MIN_EDITED_SURNAME:
            # A short surname, or a given name, is respelled only the way transliterations do: learned
            # operations, at most one edit's worth, and a given name starts as the listed one does.
            if max(costs) > RULE_COST or cost > 1.0:
                return None
            if given and INITIALS.get(text[0], text[0]) != INITIALS.get(listed[0], listed[0]):
                return None
            if not given and text in self.common_names:
                return None  # a common short surname of its own ("Tahir" is not TAHERI) is no misspelling
        return PartMatch("edits", cost, f"{text} ~ {listed} ({cost:g} edit{'s' if cost != 1 else ''})")


# -- compile time -------------------------------------------------------------------------------------


def _person_parts(name: str) -> tuple[list[str], list[str]]:
    """(given words, surname words) of a person's name: "SURNAME, Given" split at the comma, else the last
    word is taken for the surname."""
    if name.count(",") == 1:
        surname, given = (normalize(p) for p in name.split(","))
        return [t for t in given.split(" ") if t], [t for t in surname.split(" ") if t]
    words = [t for t in normalize(name).split(" ") if t]
    return words[:-1], words[-1:]


_VOWELS = frozenset("aeiouy")
# Initials that transliterations swap (Yevgeny, Evgeny; Usama, Osama; Qasim, Kasim; Geremias, Jeremias).
INITIALS = {c: "a" for c in "aeiouyj"} | {"q": "k", "c": "k", "g": "j"}


def _similar(a: str, b: str) -> bool:
    """Two words that one name's two spellings can hold: most letters shared, starting alike (both with a
    vowel, or the same consonant)."""
    return (
        a != b
        and min(len(a), len(b)) >= MIN_PART
        and a not in PARTICLES
        and b not in PARTICLES
        and (a[0] == b[0] or (a[0] in _VOWELS and b[0] in _VOWELS))
        and Levenshtein.normalized_similarity(a, b) >= PAIR_MIN_SIMILARITY
    )


def _aligned(xs: list[str], ys: list[str], in_order: bool) -> Iterable[tuple[str, str]]:
    """Word pairs of two names that look like spellings of each other: word by word, for names of as many
    words (``in_order``), or, for people's given names, where each word's most similar counterpart is also
    that counterpart's most similar word (so "Mohammed" pairs with "Muhammed", not with "Hamed")."""
    if in_order or len(xs) == len(ys):
        if len(xs) == len(ys):
            yield from ((x, y) for x, y in zip(xs, ys, strict=True) if _similar(x, y))
        if in_order:
            return

    def closest(w: str, among: list[str]) -> str:
        return max(among, key=lambda o: (Levenshtein.normalized_similarity(w, o), o))

    for x in xs:
        if x in ys or not ys:
            continue
        y = closest(x, ys)
        if y not in xs and closest(y, xs) == x and _similar(x, y):
            yield x, y


def learn_spellings(entities: list[Entity]) -> tuple[dict[str, dict[str, str]], Counter[str]]:
    """Word pairs from the names of each entity (word -> {spelling: teacher}), and how many entities show
    each edit operation."""
    learned: dict[str, dict[str, str]] = {}
    rules: Counter[str] = Counter()
    for entity in entities:
        strong = [a.name for a in entity.names() if a.kind.value != "weak"]
        if len(strong) < 2:
            continue
        pairs: set[tuple[str, str]] = set()
        if entity.type is EntityType.PERSON:
            parts = [_person_parts(n) for n in strong]
            for (g1, s1), (g2, s2) in combinations(parts, 2):
                pairs.update(_aligned(s1, s2, in_order=True))
                pairs.update(_aligned(g1, g2, in_order=False))
        else:
            words = [[t for t in normalize(n).split(" ") if t] for n in strong]
            for w1, w2 in combinations(words, 2):
                pairs.update(_aligned(w1, w2, in_order=True))
        ops: set[str] = set()
        for a, b in pairs:
            learned.setdefault(a, {}).setdefault(b, entity.key)
            learned.setdefault(b, {}).setdefault(a, entity.key)
            ops.update(_ops(a, b))
        rules.update(ops)
    return learned, rules


@cache
def _english_name_vocabulary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every English word (wordfreq) that the name table knows as a given name, with its name items."""
    from rigour.names import NameTypeTag, analyze_names
    from wordfreq import iter_wordlist

    out = []
    for word in iter_wordlist("en"):
        if not word.isalpha() or not word.isascii() or len(word) < MIN_PART:
            continue
        items = _name_items(word, analyze_names, NameTypeTag.PER)
        if items:
            out.append((word, items))
    return tuple(out)


def _name_items(word: str, analyze: Callable[..., object], per: object) -> tuple[str, ...]:
    names = analyze(per, [word])
    items = {
        span.symbol.id
        for name in names  # type: ignore[attr-defined]
        for span in name.spans
        if span.symbol.category.value == "NAME"
    }
    return tuple(sorted(items))


def name_table(given_words: Iterable[str]) -> dict[str, dict[str, str]]:
    """Any spelling -> {listed given name: name item} for the listed given names the table knows."""
    from rigour.names import NameTypeTag, analyze_names

    by_item: dict[str, set[str]] = {}
    for word in sorted(set(given_words)):
        for item in _name_items(word, analyze_names, NameTypeTag.PER):
            by_item.setdefault(item, set()).add(word)
    table: dict[str, dict[str, str]] = {}
    for word, items in _english_name_vocabulary():
        for item in items:
            for listed in by_item.get(item, ()):
                table.setdefault(word, {}).setdefault(listed, item)
    for item, listed_words in by_item.items():
        for a in listed_words:
            for b in listed_words:
                table.setdefault(a, {}).setdefault(b, item)
    return table


def build_knowledge(entities: list[Entity], known: frozenset[str] | None = None) -> NameKnowledge:
    """Everything above, for the lists being compiled (``known``: the known English words, for tests)."""
    learned, rules = learn_spellings(entities)
    given_people: Counter[str] = Counter()
    for entity in entities:
        if entity.type is EntityType.PERSON:
            given_people.update(
                {t for a in entity.names() if a.kind.value != "weak" for t in _person_parts(a.name)[0] if t}
            )
    if known is None:
        from .frequency import common_words

        known = common_words(KNOWN_WORD_ZIPF)
    table = name_table(w for w in given_people if w not in PARTICLES and len(w) >= MIN_PART)
    name_words = frozenset(w for w, _ in _english_name_vocabulary())
    designators = learn_designators(entities)
    from .risk import RiskModel

    generic = RiskModel.build(entities).generic_names
    from .frequency import zipf

    common_names = frozenset(w for w in name_words if zipf(w) >= COMMON_NAME_ZIPF)
    return NameKnowledge(
        {w: " ".join(f"{o}={t}" for o, t in sorted(others.items())) for w, others in learned.items()},
        {op: str(n) for op, n in rules.items()},
        {w: " ".join(f"{o}={t}" for o, t in sorted(others.items())) for w, others in table.items()},
        {w: str(n) for w, n in given_people.items()},
        known,
        name_words,
        designators,
        generic,
        common_names,
    )


DESIGNATOR_MIN_NAMES = 8
DESIGNATOR_COMPANY_SHARE = 0.4


def learn_designators(entities: list[Entity]) -> frozenset[str]:
    """Words that close company names: the last word of at least ``DESIGNATOR_MIN_NAMES`` listed organisation
    names, a share of which carry a legal form (so COMPANY, HOLDING, INTERNATIONAL, TRADING; not ARMY, FRONT or
    IRAN), and every legal form."""
    closing: Counter[str] = Counter()
    with_form: Counter[str] = Counter()
    for entity in entities:
        if entity.type is not EntityType.ORGANIZATION:
            continue
        names = [normalize(a.name).split(" ") for a in entity.names() if a.kind.value != "weak"]
        company = any(w in LEGAL_FORMS for words in names for w in words)  # a company, by some name of it
        for last in {words[-1] for words in names if len(words) > 1 and not words[-1].isdigit()}:
            closing[last] += 1
            with_form[last] += company
    countries = {w for names in PROGRAM_COUNTRIES.values() for w in names}
    learned = {
        w
        for w, n in closing.items()
        if n >= DESIGNATOR_MIN_NAMES
        and with_form[w] >= DESIGNATOR_COMPANY_SHARE * n
        and len(w) >= MIN_PART
        and w not in countries
    }
    return frozenset(learned | LEGAL_FORMS | {"inc", "corp", "co"})
