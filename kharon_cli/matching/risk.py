"""Alias risk scoring at list-compile time: which names may match on their own, and which need support.

Part of the compiler. A *risky* form still produces candidates, but the matcher keeps them only where the same
entity also has a hit on a non-risky name in the same document ("confirmed"). A vessel or aircraft name
that is an ordinary word only counts with vessel or aircraft context nearby. The rules, in order:

* ``number``: the name is only digits ('40', '27': OFAC nicknames).
* ``too short``: two characters or fewer.
* ``three-letter acronym``: ICI, PCC, GRU stand for many things; four letters and up (ISIS, IRGC, FARC) do not.
* ``single-word weak alias``: a weak (low-quality) alias of one word.
* ``weak alias of common words``: a weak alias whose words are all common English words ('NATIONAL BANK').
* ``single name``: one word of a person's name, particles aside (a given name or a surname alone: 'MIKE',
  'Zarif', 'Abdul Jabbar').
* ``generic person name``: every word of a person's name is a common given name or particle in the lists
  themselves ('Abu Muhammad', 'Ali Hassan'): the words of 15 or more listed people's names, counted over the
  lists in use and over the bundled lists (``generic_names.txt``).
* ``person name of common words``: every word of a person's name is a common English word ('Than New').
* ``generic description``: an organisation name of two or three words, all very common (Zipf 4.5 or more:
  'INDUSTRIAL BANK', 'STATE PLANNING COMMISSION'; 'Revolutionary Guards' and 'Islamic State' are not), or
  of up to four common words (3.8 or more) headed by an institution word ('MINISTRY OF PETROLEUM',
  'AGRICULTURAL DEVELOPMENT BANK', 'NATIONAL LIBERATION ARMY'). Such a name is also confirmed by its
  country: a word naming the country of one of the entity's sanctions programmes ('Iran' for IFSR,
  'Korea' for DPRK4) anywhere in the same text.
* ``common word``: a one-word name that is a common English word ('Indonesia', 'Pioneer'); for a vessel or
  aircraft the context rule below takes its place ("the tanker Justice" counts, "the Justice Department"
  does not).

"Common English word" means a Zipf frequency of at least 4.0 in the ``wordfreq`` package (once per 10,000
words of general English); a vessel or aircraft name needs context when every word of it is at least 2.5
(an ordinary word or name: 'Marlin', 'Triton', 'Daniel'), not when it is a rare word ('Navarz'); a one-word
vessel or aircraft name always needs context. A surname that is a common word gets no follow-ups.
Particles (the, of, al, bin, ...) are ignored when counting a name's words. A name that a list writes
entirely in lower case is a keyword chosen on purpose: it is never risky and needs no context.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import AliasKind, Entity, EntityType
from .frequency import COMMON_WORD_ZIPF, zipf
from .normalize import normalize

if TYPE_CHECKING:
    from .forms import AliasForm

COMMON_ZIPF = COMMON_WORD_ZIPF  # one notion of "common English word" for every rule
GENERIC_ORG_ZIPF = 4.5
GENERIC_INSTITUTION_ZIPF = 3.8
GENERIC_MAX_WORDS = 4
CASE_FREE_WORDS = 3
RARE_ZIPF = 2.5
GENERIC_DESCRIPTION = "generic description"
GENERIC_PERSON_NAME = "generic person name"
# The head words of institutions that every country has: "Ministry of Petroleum", "Agricultural Development
# Bank", "National Liberation Army" name a party only together with the country they belong to.
INSTITUTION_WORDS = frozenset(
    {
        "ministry",
        "bank",
        "commission",
        "committee",
        "council",
        "company",
        "corporation",
        "agency",
        "army",
        "front",
        "party",
        "group",
        "organization",
        "organisation",
        "office",
        "department",
        "authority",
        "institute",
        "association",
        "union",
        "fund",
        "service",
        "directorate",
        "bureau",
        "administration",
        "centre",
        "center",
    }
)
# Sanctions programmes that name a country, and the words that put that country in a text. A generic
# description of a party under such a programme counts where its country is mentioned in the same text.
PROGRAM_COUNTRIES: dict[str, tuple[str, ...]] = {
    "IRAN": ("iran", "iranian", "tehran"),
    "IRGC": ("iran", "iranian", "tehran"),
    "IFSR": ("iran", "iranian", "tehran"),
    "IFCA": ("iran", "iranian", "tehran"),
    "SYRIA": ("syria", "syrian", "damascus"),
    "CUBA": ("cuba", "cuban", "havana"),
    "VENEZUELA": ("venezuela", "venezuelan", "caracas"),
    "DPRK": ("korea", "korean", "pyongyang", "dprk"),
    "RUSSIA": ("russia", "russian", "moscow", "soviet", "ussr"),
    "UKRAINE-EO13662": ("russia", "russian", "moscow", "soviet", "ussr"),
    "CYBER": (),
    "BELARUS": ("belarus", "belarusian", "minsk"),
    "IRAQ": ("iraq", "iraqi", "baghdad"),
    "LIBYA": ("libya", "libyan", "tripoli"),
    "BURMA": ("burma", "myanmar", "burmese", "rangoon", "yangon"),
    "SUDAN": ("sudan", "sudanese", "khartoum"),
    "YEMEN": ("yemen", "yemeni", "sanaa"),
    "ZIMBABWE": ("zimbabwe", "zimbabwean", "harare"),
    "NICARAGUA": ("nicaragua", "nicaraguan", "managua"),
    "LEBANON": ("lebanon", "lebanese", "beirut"),
    # UN Security Council regimes (un-sc.yaml) not covered by the prefixes above.
    "DRC": ("congo", "congolese", "kinshasa"),
    "HAITI": ("haiti", "haitian"),
    "SOMALIA": ("somalia", "somali", "mogadishu"),
    "SOUTHSUDAN": ("sudan", "sudanese", "juba"),
}


def program_country_words(programs: tuple[str, ...]) -> tuple[str, ...]:
    """Words naming the countries of an entity's sanctions programmes ("IRAN-EO13876" -> iran, iranian, ...).

    Program names are compared in capitals: OFAC writes "IRAN-EO13876", the UN "Iran".
    """
    words: list[str] = []
    for program in programs:
        upper = program.upper()
        for prefix, names in PROGRAM_COUNTRIES.items():
            if upper.startswith(prefix):
                words.extend(n for n in names if n not in words)
    return tuple(words)


ORDINARY_ZIPF = 2.5
GENERIC_NAME_MIN_PEOPLE = 15
PARTICLES = frozenset(
    {
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "a",
        "an",
        "de",
        "del",
        "la",
        "le",
        "el",
        "al",
        "bin",
        "ibn",
        "bint",
        "abu",
        "abd",
        "abdul",
        "abdel",
        "van",
        "von",
        "da",
        "do",
        "dos",
        "y",
    }
)
# Words that put a vessel or an aircraft in the text ("the tanker Freedom", "M/T Freedom", "IMO 9166778").
VESSEL_CONTEXT = frozenset(
    {
        "tanker",
        "tankers",
        "supertanker",
        "vessel",
        "vessels",
        "ship",
        "ships",
        "freighter",
        "carrier",
        "mv",
        "mt",
        "imo",
        "flagged",
        "sailed",
        "sailing",
        "vlcc",
        "boat",
        "barge",
        "trawler",
        "aircraft",
        "airline",
        "airlines",
        "airliner",
        "plane",
        "jet",
        "flight",
        "boeing",
        "airbus",
        "ilyushin",
        "tupolev",
        "antonov",
        "tail",
        "registration",
    }
)
CONTEXT_WINDOW = 6  # tokens either side: "the Panama-flagged tanker Justice", "Justice, a tanker"
# For a one-word name only the nouns that can head it, right next to it: "the tanker Dover", "M/T Justice",
# "Justice, a tanker", "Justice (IMO 9166778)" -- not "a voyage to the port of Dover, ... the ship's doors",
# "the flight cuts across Siberia" or "airline mergers ... the Justice Department".
VESSEL_HEADS = frozenset(
    {
        "tanker",
        "tankers",
        "supertanker",
        "vessel",
        "ship",
        "freighter",
        "carrier",
        "mv",
        "mt",
        "vlcc",
        "boat",
        "barge",
        "trawler",
        "aircraft",
        "airliner",
        "plane",
        "jet",
        "boeing",
        "airbus",
        "ilyushin",
        "tupolev",
        "antonov",
    }
)
HEAD_BEFORE = 2  # "the tanker Justice", "tanker named Justice"
HEAD_AFTER = 3  # "Justice, a tanker", "Justice (IMO ...)"


def shipped_generic_names() -> frozenset[str]:
    """Generic name words derived from the bundled lists (``scripts/gen_generic_names.py``)."""
    text = (Path(__file__).resolve().parent / "generic_names.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@dataclass(frozen=True)
class RiskModel:
    zipf: dict[str, float]
    generic_names: frozenset[str]

    @classmethod
    def build(cls, entities: list[Entity]) -> RiskModel:
        people: Counter[str] = Counter()
        for e in entities:
            if e.type is EntityType.PERSON:
                people.update({t for a in e.names() for t in normalize(a.name).split(" ") if t})
        generic = frozenset(t for t, n in people.items() if n >= GENERIC_NAME_MIN_PEOPLE) | PARTICLES
        return cls({}, generic | shipped_generic_names())

    def frequency(self, word: str) -> float:
        cached = self.zipf.get(word)
        if cached is None:
            cached = self.zipf[word] = zipf(word)
        return cached

    def risk(self, form: AliasForm, entity: Entity) -> str:
        """Why ``form`` may not match on its own, or "" when it may."""
        tokens = form.norm.split(" ")
        content = [t for t in tokens if t not in PARTICLES] or tokens
        compact = "".join(content)
        weak = form.kind == AliasKind.WEAK
        person = entity.type is EntityType.PERSON
        if compact.isdigit():
            return "number"
        if len(compact) <= 2:
            return "too short"
        if form.upper_only and len(compact) <= 3:
            return "three-letter acronym"
        if weak and len(content) == 1:
            return "single-word weak alias"
        if weak and all(self.frequency(t) >= COMMON_ZIPF for t in content):
            return "weak alias of common words"
        if person and len(content) == 1:
            return "single name"
        if person and all(t in self.generic_names for t in tokens):
            return GENERIC_PERSON_NAME
        if person and all(self.frequency(t) >= COMMON_ZIPF for t in content):
            return "person name of common words"
        vessel = entity.type in (EntityType.VESSEL, EntityType.AIRCRAFT)
        if not person and not vessel and not form.upper_only and 1 < len(content) <= GENERIC_MAX_WORDS:
            if len(content) <= 3 and all(self.frequency(t) >= GENERIC_ORG_ZIPF for t in content):
                return GENERIC_DESCRIPTION
            if any(t in INSTITUTION_WORDS for t in content) and all(
                self.frequency(t) >= GENERIC_INSTITUTION_ZIPF for t in content
            ):
                return GENERIC_DESCRIPTION
        # A ship or plane named with a common word is handled by the context rule instead.
        if len(content) == 1 and not vessel and not form.upper_only and self.frequency(content[0]) >= COMMON_ZIPF:
            return "common word"
        return ""

    def needs_context(self, form: AliasForm, entity: Entity) -> bool:
        if entity.type not in (EntityType.VESSEL, EntityType.AIRCRAFT):
            return False
        content = [t for t in form.norm.split(" ") if t not in PARTICLES] or form.norm.split(" ")
        if len(content) == 1:
            return True
        return all(self.frequency(t) >= ORDINARY_ZIPF or t.isdigit() for t in content)

    def assess(self, form: AliasForm, entity: Entity) -> AliasForm:
        if not form.cased and any(c.isalpha() for c in form.alias):
            # A name the list writes all in lower case is a deliberate keyword: matched wherever it occurs.
            return form
        surname = form.surname
        if surname is not None:
            # A surname that is an ordinary word ("New", "Said") is no evidence on its own: no follow-ups.
            words = form.norm.split(" ")[surname[0] : surname[1]]
            if all(self.frequency(w) >= COMMON_ZIPF for w in words):
                surname = None
        content = [t for t in form.norm.split(" ") if t not in PARTICLES]
        # Three words or more, one of them rare ("ali akbar velayati"): no ordinary phrase looks like that,
        # so a lower-cased slip in a capitalised text still counts.
        case_free = len(content) >= CASE_FREE_WORDS and any(self.frequency(t) < RARE_ZIPF for t in content)
        return form._replace(
            risk=self.risk(form, entity),
            needs_context=self.needs_context(form, entity),
            surname=surname,
            case_free=case_free,
        )


def has_vessel_context(norms: list[str], first: int, last: int, *, one_word: bool = False) -> bool:
    """Whether a vessel/aircraft word is within ``CONTEXT_WINDOW`` tokens of tokens ``first..last``; for a
    ``one_word`` name, whether a noun that names a vessel or aircraft stands right next to it."""
    if one_word:
        before = norms[max(0, first - HEAD_BEFORE) : first]
        after = norms[last + 1 : last + 1 + HEAD_AFTER]
        if any(t in VESSEL_HEADS for t in before) or any(t in VESSEL_HEADS or t == "imo" for t in after):
            return True
        return any(a == "m" and b in ("v", "t") for a, b in pairwise(norms[max(0, first - 3) : first]))
    lo, hi = max(0, first - CONTEXT_WINDOW), min(len(norms), last + 1 + CONTEXT_WINDOW)
    window = norms[lo:hi]
    if any(t in VESSEL_CONTEXT for t in window):
        return True
    # "M/V Freedom" and "M/T Freedom" come out of the normaliser as the tokens "m" "v" / "m" "t".
    return any(a == "m" and b in ("v", "t") for a, b in pairwise(window))
