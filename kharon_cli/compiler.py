"""Compile watchlists into a matcher: every name becomes one or more normalised *alias forms*.

Second stage of the pipeline (after ``watchlist``). For each entity name and alias we derive the forms a
news article may use, all normalised with the same ``normalize`` as article text:

* the name as listed ("soleimani qasem");
* for people written ``SURNAME, Given``, the natural order ("qasem soleimani", method ``reordered``);
* for names with a parenthetical part, the name without it
  ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE" -> "islamic revolutionary guard corps qods force").

Exact and normalised matching use one Aho-Corasick automaton (pyahocorasick) over the forms, each padded
with spaces so that it can only match whole tokens of the space-joined normalised text; keys that only stand
for risky weak aliases are kept out of it (``deferred``), and a phrase table (``phrase_table``) finds the
same matches as the automaton for the small scans that should not pay for loading it. Everything in a
``CompiledMatcher`` is plain tuples, strings and ints (plus the automaton), so ``cache`` can store it as
packed tables read on demand; entity models are rebuilt only for entities that are actually hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import NamedTuple

import ahocorasick

from .fuzzy import FuzzyIndex, Lookup
from .models import Alias, AliasKind, Entity, EntityType, Method, Watchlist
from .normalize import normalize
from .risk import GENERIC_DESCRIPTION, RiskModel, program_country_words

_PARENS_RE = re.compile(r"\s*\([^()]*\)\s*")
# An acronym-like alias ("ISIS", "HTS", "IRG") only matches text written in capitals: "Isis" the name is
# not ISIS. Longer all-caps names ("HAMAS") are just how lists spell names: they match "Hamas" too, but
# like every name a list capitalises, only where the text capitalises at least one of its words ("the
# tanker Alert", not "on alert"; "al-Qaida" and "AL QAIDA", not "national bank").
ACRONYM_MAX_CHARS = 4
BASE_REORDERED = 95.0
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


class AliasForm(NamedTuple):
    """One normalised way of writing one entity's name."""

    norm: str
    entity: int  # index into CompiledMatcher entity rows
    alias: str  # the name as the list spells it
    kind: str  # an AliasKind value
    method: str  # Method.NORMALIZED for the listed order, Method.REORDERED for a person's natural order
    upper_only: bool  # an acronym: the text must write it in capitals
    cased: bool  # the list capitalises it: the text must capitalise at least one of its words
    surname: tuple[int, int] | None  # token slice of the surname, for follow-up mentions of people
    rule: str = "as listed"  # how this form was derived from the alias, for `kharon explain`
    base: float = 98.0  # score of a hit on this form (an exact spelling of the alias scores 100)
    risk: str = ""  # why this form may not match on its own ("" = it may); see ``risk``
    needs_context: bool = False  # a vessel/aircraft name that is an ordinary word: needs vessel context
    case_free: bool = False  # long and distinctive enough to count whatever its capitalisation


# (list id, entity id, name, type, programs, ((alias, kind), ...), years of birth, year established):
# an Entity as plain data.
EntityRow = tuple[str, str, str, str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[int, ...], int | None]


def _is_acronym(alias: str, norm: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in alias) and len(norm.replace(" ", "")) <= ACRONYM_MAX_CHARS


def _is_cased(alias: str) -> bool:
    return any(c.isupper() for c in alias)


def alias_forms(entity: Entity, entity_index: int, alias: str, kind: AliasKind) -> list[AliasForm]:
    """Every form one name of one entity can take in text (before risk assessment)."""
    variants = [(alias, "as listed")]
    stripped = _PARENS_RE.sub(" ", alias).strip()
    if stripped != alias and stripped:
        variants.append((stripped, "without the parenthetical part"))
    # Plain str values, not enum members: compiled matchers are cached with marshal.
    k, listed, reordered = kind.value, Method.NORMALIZED.value, Method.REORDERED.value
    forms: list[AliasForm] = []
    for variant, rule in variants:
        cased = _is_cased(variant)
        # A weak alias is matched as written (normalised), never reordered or shortened: it is low quality.
        if entity.type is EntityType.PERSON and variant.count(",") == 1 and kind is not AliasKind.WEAK:
            surname_raw, given_raw = (p.strip() for p in variant.split(","))
            surname, given = normalize(surname_raw), normalize(given_raw)
            if surname and given:
                ns = surname.count(" ") + 1
                given_tokens = given.split(" ")
                ng = len(given_tokens)
                forms.append(
                    AliasForm(f"{surname} {given}", entity_index, alias, k, listed, False, cased, (0, ns), rule)
                )
                forms.append(
                    AliasForm(
                        f"{given} {surname}",
                        entity_index,
                        alias,
                        k,
                        reordered,
                        False,
                        cased,
                        (ng, ng + ns),
                        f"{rule}, natural order (given names first)",
                        BASE_REORDERED,
                    )
                )
                # Full names with a given name left out ("Javad Zarif" for ZARIF, Mohammad Javad).
                for keep in _given_subsets(ng):
                    kept = [given_tokens[i] for i in keep]
                    if sum(len(t) for t in kept) < 3:
                        continue  # "Su Han" for HAN, Jang Su: too little of the name is left
                    dropped = [given_tokens[i] for i in range(ng) if i not in keep]
                    forms.append(
                        AliasForm(
                            f"{' '.join(kept)} {surname}",
                            entity_index,
                            alias,
                            k,
                            reordered,
                            False,
                            cased,
                            (len(kept), len(kept) + ns),
                            f"{rule}, natural order without the given name(s) {' '.join(dropped)}",
                            BASE_REORDERED - 3,
                        )
                    )
                continue
        norm = normalize(variant)
        if not norm:
            continue
        bare = _without_legal_form(norm)
        # Only where two words or more are left: "Petroleos de Venezuela", not "Emerald" for EMERALD FZE.
        if bare and " " in bare and entity.type is not EntityType.PERSON:
            forms.append(
                AliasForm(
                    bare,
                    entity_index,
                    alias,
                    k,
                    listed,
                    _is_acronym(variant, bare),
                    cased,
                    None,
                    f"{rule}, without the legal form",
                )
            )
        ntok = norm.count(" ") + 1
        surname_slice = (ntok - 1, ntok) if entity.type is EntityType.PERSON and ntok > 1 else None
        forms.append(
            AliasForm(norm, entity_index, alias, k, listed, _is_acronym(variant, norm), cased, surname_slice, rule)
        )
    return forms


def _without_legal_form(norm: str) -> str:
    """The name without a trailing legal form ("petroleos de venezuela sa" -> "petroleos de venezuela"), or ""."""
    words = norm.split(" ")
    end = len(words)
    while end > 1 and words[end - 1] in LEGAL_FORMS:
        end -= 1
    return " ".join(words[:end]) if end < len(words) else ""


def _given_subsets(n: int) -> list[tuple[int, ...]]:
    """Non-empty, order-keeping subsets of ``n`` given names that leave at least one out (up to 4 names)."""
    if n < 2 or n > 4:
        return []
    return [c for size in range(1, n) for c in combinations(range(n), size)]


def _rank(form: AliasForm) -> tuple[bool, bool, bool]:
    """Lower is better when two names of one entity normalise alike."""
    return (form.kind == AliasKind.WEAK, form.method == Method.REORDERED, form.kind != AliasKind.PRIMARY)


def entity_row(entity: Entity) -> EntityRow:
    return (
        entity.list_id,
        entity.id,
        entity.name,
        entity.type.value,
        entity.programs,
        tuple((a.name, a.kind.value) for a in entity.aliases),
        entity.born,
        entity.established,
    )


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
        self._entities: dict[int, Entity] = {}
        # Words naming the countries of each entity's sanctions programmes (see ``risk``), looked up on demand.
        self._countries: dict[int, tuple[str, ...]] = {}
        # A person's surname must be spelled exactly (lists carry surname spellings as aliases: SOLEYMANI,
        # SULEIMANI); given names may vary: "Qassem Soleimani" and "Tareq Aziz" match, while "Hossein
        # Mousavi" (Iran's prime minister in 1987) is not taken for MUSAVI, Hossein.
        self.fuzzy_anchors: dict[int, tuple[str, ...]] = {}

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

    @property
    def fuzzy(self) -> FuzzyIndex:
        """The fuzzy index, built or loaded on first use (``--no-fuzzy`` scans never pay for it)."""
        if self._fuzzy is None:
            if self._fuzzy_loader is not None:
                self._fuzzy = self._fuzzy_loader()
            else:
                self._fuzzy = FuzzyIndex.build(self.forms, anchors=self.fuzzy_anchors)
        return self._fuzzy

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


# Loading the cached automaton costs as much as about this many phrase-table lookups (one per token, mostly).
PHRASE_LOOKUP_TOKENS = 30_000
NOT_A_KEY = "-"


def deferred(forms: Sequence[AliasForm], form_ids: tuple[int, ...]) -> bool:
    """Whether an automaton key only ever stands for risky weak aliases ("SAID", "BOTH", "HTS"). Such a name
    counts only beside a full mention of its party (never on its own, never to confirm another risky name),
    so it is looked for only in texts that mention one of its parties, and kept out of the automaton: "said"
    alone was 85% of all automaton matches in Reuters."""
    return all(
        (form := forms[fi]).risk and form.risk != GENERIC_DESCRIPTION and form.kind == AliasKind.WEAK for fi in form_ids
    )


def phrase_table(
    forms: Sequence[AliasForm], groups: Sequence[tuple[int, int, tuple[int, ...]]], *, of_deferred: bool = False
) -> dict[str, str]:
    """What a small text needs instead of the automaton: each automaton key (a normalised name) -> its group
    index, and each leading run of a key's tokens that is not a key itself -> ``NOT_A_KEY``. Looking up
    tokens i, i..i+1, i..i+2 ... and stopping at the first run that is not in the table finds exactly the
    automaton's matches that start at token i. ``of_deferred``: the same for the deferred keys instead."""
    table: dict[str, str] = {}
    for g, (_, _, form_ids) in enumerate(groups):
        if deferred(forms, form_ids) == of_deferred:
            table[forms[form_ids[0]].norm] = str(g)
    for norm in list(table):
        tokens = norm.split(" ")
        for n in range(1, len(tokens)):
            table.setdefault(" ".join(tokens[:n]), NOT_A_KEY)
    return table


def deferred_groups(forms: Sequence[AliasForm], groups: Sequence[tuple[int, int, tuple[int, ...]]]) -> dict[str, str]:
    """str(entity) -> the deferred keys (automaton group indexes, space-separated) that stand for it."""
    by_entity: dict[int, list[int]] = {}
    for g, (_, _, form_ids) in enumerate(groups):
        if deferred(forms, form_ids):
            for entity in sorted({forms[fi].entity for fi in form_ids}):
                by_entity.setdefault(entity, []).append(g)
    return {str(e): " ".join(map(str, gs)) for e, gs in sorted(by_entity.items())}


def build_automaton(
    forms: Sequence[AliasForm],
) -> tuple[ahocorasick.Automaton, list[tuple[int, int, tuple[int, ...]]]]:
    """The automaton over every key but the deferred ones, and what each automaton value stands for."""
    by_norm: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        by_norm.setdefault(form.norm, []).append(i)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    groups: list[tuple[int, int, tuple[int, ...]]] = []
    for norm, ids in by_norm.items():
        key = f" {norm} "
        form_ids = tuple(ids)
        if not deferred(forms, form_ids):
            automaton.add_word(key, len(groups))
        groups.append((len(key), norm.count(" ") + 1, form_ids))
    if len(automaton):
        automaton.make_automaton()
    return automaton, groups


def compile_watchlists(watchlists: list[Watchlist]) -> CompiledMatcher:
    entities: list[Entity] = [e for wl in watchlists for e in wl.entities]
    best: dict[tuple[str, int], AliasForm] = {}
    for idx, entity in enumerate(entities):
        for name in entity.names():
            for form in alias_forms(entity, idx, name.name, name.kind):
                key = (form.norm, idx)
                prev = best.get(key)
                if prev is None:
                    best[key] = form
                    continue
                # Two names of one entity normalise alike: keep the better one, with the looser case rules
                # (a lower-case alias "python" lets "python" match even if the name is "Python").
                keep = form if _rank(form) < _rank(prev) else prev
                best[key] = keep._replace(
                    upper_only=form.upper_only and prev.upper_only, cased=form.cased and prev.cased
                )
    risk_model = RiskModel.build(entities)
    # A full name with a given name left out must not shadow another party's full name: "Saddam Hussein"
    # from HUSSEIN, Uday Saddam is Saddam Hussein himself.
    full_names = {(f.norm, f.entity) for f in best.values() if f.base >= BASE_REORDERED}
    full_norms: dict[str, set[int]] = {}
    for norm, ent in full_names:
        full_norms.setdefault(norm, set()).add(ent)
    forms = sorted(
        (
            risk_model.assess(f, entities[f.entity])
            for f in best.values()
            if f.base >= BASE_REORDERED or not full_norms.get(f.norm, set()) - {f.entity}
        ),
        key=lambda f: (f.norm, f.entity),
    )
    automaton, groups = build_automaton(forms)
    matcher = CompiledMatcher([entity_row(e) for e in entities], forms, automaton, groups)
    matcher.fuzzy_anchors = {
        fi: tuple(f.norm.split(" ")[f.surname[0] : f.surname[1]])
        for fi, f in enumerate(forms)
        if entities[f.entity].type is EntityType.PERSON and f.surname is not None
    }
    matcher._entities = dict(enumerate(entities))
    matcher.deferred_phrases = phrase_table(forms, groups, of_deferred=True)
    matcher.deferred_groups = deferred_groups(forms, groups)
    return matcher
