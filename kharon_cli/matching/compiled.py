"""The compiled matcher: everything needed to tag text against a set of watchlists, however it was loaded.

Built by ``compiler.compile_watchlists`` or read back by ``store.cache``; used by ``tagger``. Everything in
it is plain tuples, strings and ints (plus the automaton), so the cache can store it as packed tables read on
demand; entity models are rebuilt only for entities that are actually hit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import ahocorasick

from ..models import Alias, AliasKind, Entity, EntityType
from .forms import AliasForm, EntityRow
from .fuzzy import FuzzyIndex, Lookup
from .risk import program_country_words

if TYPE_CHECKING:
    from .orgs import OrgIndex
    from .persons import PersonIndex

# Loading the cached automaton costs as much as about this many phrase-table lookups (one per token, mostly).
PHRASE_LOOKUP_TOKENS = 30_000


class CompiledMatcher:
    """Everything needed to tag text against a set of watchlists; independent of how they were loaded.

    ``groups[i]`` is what automaton value ``i`` stands for: (padded key length, token count, form ids).
    """

    def __init__(
        self,
        entity_rows: Sequence[EntityRow],
        forms: Sequence[AliasForm],
        automaton: ahocorasick.Automaton | Callable[[], ahocorasick.Automaton],
        groups: Sequence[tuple[int, int, tuple[int, ...]]],
        fuzzy: FuzzyIndex | None = None,
        *,
        fuzzy_loader: Callable[[], FuzzyIndex] | None = None,
        persons_loader: Callable[[], PersonIndex] | None = None,
        orgs_loader: Callable[[PersonIndex], OrgIndex] | None = None,
    ):
        self.entity_rows = entity_rows
        self.forms = forms
        # The automaton, or how to load it when it is first needed (from the cache).
        self._automaton = automaton
        self.groups = groups
        # Every automaton key and each of its leading token runs (see ``phrase_table``), when cached.
        self.phrases: Lookup[str] | None = None
        # The same for the deferred keys (see ``deferred``), and those keys by entity (``deferred_groups``).
        self.deferred_phrases: Lookup[str] = {}
        self.deferred_groups: Lookup[str] = {}
        self._phrase_tokens = 0
        self._fuzzy = fuzzy
        self._fuzzy_loader = fuzzy_loader  # how to get the index when it was cached rather than built
        self._persons: PersonIndex | None = None
        self._persons_loader = persons_loader
        self._orgs: OrgIndex | None = None
        self._orgs_loader = orgs_loader
        self._entities: dict[int, Entity] = {}
        # Words naming the countries of each entity's sanctions programmes (see ``risk``), looked up on demand.
        self._countries: dict[int, tuple[str, ...]] = {}
        # The forms of people's names: the fuzzy index leaves them to the person-name matcher (``persons``).
        self.person_forms: frozenset[int] = frozenset()

    @property
    def automaton(self) -> ahocorasick.Automaton:
        if callable(self._automaton):
            self._automaton = self._automaton()
        return self._automaton

    def phrase_lookup(self, tokens: int) -> Lookup[str] | None:
        """The phrase table (see ``phrase_table``) when looking ``tokens`` more tokens up in it is cheaper than
        loading the automaton: before the automaton is loaded, while the scan is still small. Else None."""
        if self.phrases is None or not callable(self._automaton):
            return None
        self._phrase_tokens += tokens
        return self.phrases if self._phrase_tokens <= PHRASE_LOOKUP_TOKENS else None

    def prepare_for_bulk(self, fuzzy: bool) -> None:
        """Load and decode now what a big scan will need anyway, e.g. before forking workers that then share
        it instead of each decoding its own copy."""
        _ = self.automaton  # once loaded, ``phrase_lookup`` hands the automaton every later text
        if fuzzy:
            self.fuzzy.decode_tables()
            self.persons.decode_tables()
            self.orgs.decode_tables()

    @property
    def fuzzy(self) -> FuzzyIndex:
        """The fuzzy index, built or loaded on first use (``--no-fuzzy`` scans never pay for it)."""
        if self._fuzzy is None:
            if self._fuzzy_loader is not None:
                self._fuzzy = self._fuzzy_loader()
            else:
                self._fuzzy = FuzzyIndex.build(self.forms, people=self.person_forms)
            knowledge = self.persons.knowledge
            self._fuzzy.learned = lambda word: knowledge.learned_spellings(word).keys()
        return self._fuzzy

    @property
    def persons(self) -> PersonIndex:
        """The person-name matcher (``persons``) and the name knowledge under it, built or loaded on first use."""
        if self._persons is None:
            if self._persons_loader is not None:
                self._persons = self._persons_loader()
            else:
                from .names import build_knowledge
                from .persons import build_person_index

                entities = [self.entity(i) for i in range(len(self.entity_rows))]
                self._persons = build_person_index(entities, self.forms, build_knowledge(entities))
        return self._persons

    @property
    def orgs(self) -> OrgIndex:
        """The matcher of respelled organisation, vessel and aircraft names (``orgs``), on first use."""
        if self._orgs is None:
            if self._orgs_loader is not None:
                self._orgs = self._orgs_loader(self.persons)
            else:
                from .orgs import OrgIndex, build_org_tables

                entities = [self.entity(i) for i in range(len(self.entity_rows))]
                names, keys = build_org_tables(entities, self.forms)
                self._orgs = OrgIndex(names, keys, self.persons.knowledge)
        return self._orgs

    @property
    def has_fuzzy(self) -> bool:
        """Whether the fuzzy index is at hand without building it (built already, or in the cache)."""
        return self._fuzzy is not None or self._fuzzy_loader is not None

    def entity(self, index: int) -> Entity:
        cached = self._entities.get(index)
        if cached is None:
            list_id, ident, name, etype, programs, aliases, born, established = self.entity_rows[index]
            cached = Entity(
                list_id,
                ident,
                name,
                EntityType(etype),
                programs,
                tuple(Alias(n, AliasKind(k)) for n, k in aliases),
                born,
                established,
            )
            self._entities[index] = cached
        return cached

    def entity_type(self, index: int) -> str:
        return self.entity_rows[index][3]

    def born(self, index: int) -> tuple[int, ...]:
        return self.entity_rows[index][6]

    def established(self, index: int) -> int | None:
        return self.entity_rows[index][7]

    def country_words(self, index: int) -> tuple[str, ...]:
        words = self._countries.get(index)
        if words is None:
            words = self._countries[index] = program_country_words(self.entity_rows[index][4])
        return words
