"""Compile watchlists into a matcher: every name becomes one or more normalised *alias forms*.

Second stage of the pipeline (after ``watchlist``). For each entity name and alias we derive the forms a
news article may use, all normalised with the same ``normalize`` as article text:

* the name as listed ("soleimani qasem");
* for people written ``SURNAME, Given``, the natural order ("qasem soleimani", method ``reordered``);
* for names with a parenthetical part, the name without it
  ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE" -> "islamic revolutionary guard corps qods force").

Exact and normalised matching use one Aho-Corasick automaton (pyahocorasick) over the forms, each padded
with spaces so that it can only match whole tokens of the space-joined normalised text. Everything in a
``CompiledMatcher`` is plain tuples, strings and ints (plus the automaton), so ``cache`` can store and
reload it quickly; entity models are rebuilt only for entities that are actually hit.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import ahocorasick

from .fuzzy import FuzzyIndex
from .models import Alias, AliasKind, Entity, EntityType, Method, Watchlist
from .normalize import normalize

_PARENS_RE = re.compile(r"\s*\([^()]*\)\s*")
# An acronym-like alias ("ISIS", "HTS", "IRG") only matches text written in capitals: "Isis" the name is
# not ISIS. Longer all-caps names ("HAMAS") are just how lists spell names: they match "Hamas" too, but
# like every name a list capitalises, only where the text capitalises at least one of its words ("the
# tanker Alert", not "on alert"; "al-Qaida" and "AL QAIDA", not "national bank").
ACRONYM_MAX_CHARS = 4


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


# (list id, entity id, name, type, programs, ((alias, kind), ...)): an Entity as plain data.
EntityRow = tuple[str, str, str, str, tuple[str, ...], tuple[tuple[str, str], ...]]


def _is_acronym(alias: str, norm: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in alias) and len(norm.replace(" ", "")) <= ACRONYM_MAX_CHARS


def _is_cased(alias: str) -> bool:
    return any(c.isupper() for c in alias)


def alias_forms(entity: Entity, entity_index: int, alias: str, kind: AliasKind) -> list[AliasForm]:
    """Every form one name of one entity can take in text."""
    variants = [alias]
    stripped = _PARENS_RE.sub(" ", alias).strip()
    if stripped != alias and stripped:
        variants.append(stripped)
    # Plain str values, not enum members: compiled matchers are cached with marshal.
    k, listed, reordered = kind.value, Method.NORMALIZED.value, Method.REORDERED.value
    forms: list[AliasForm] = []
    for variant in variants:
        if entity.type is EntityType.PERSON and variant.count(",") == 1:
            surname_raw, given_raw = (p.strip() for p in variant.split(","))
            surname, given = normalize(surname_raw), normalize(given_raw)
            if surname and given:
                ns, ng = surname.count(" ") + 1, given.count(" ") + 1
                cased = _is_cased(variant)
                forms.append(AliasForm(f"{surname} {given}", entity_index, alias, k, listed, False, cased, (0, ns)))
                forms.append(
                    AliasForm(f"{given} {surname}", entity_index, alias, k, reordered, False, cased, (ng, ng + ns))
                )
                continue
        norm = normalize(variant)
        if not norm:
            continue
        ntok = norm.count(" ") + 1
        surname_slice = (ntok - 1, ntok) if entity.type is EntityType.PERSON and ntok > 1 else None
        forms.append(
            AliasForm(
                norm,
                entity_index,
                alias,
                k,
                listed,
                _is_acronym(variant, norm),
                _is_cased(variant),
                surname_slice,
            )
        )
    return forms


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
    )


class CompiledMatcher:
    """Everything needed to tag text against a set of watchlists; independent of how they were loaded.

    ``groups[i]`` is what automaton value ``i`` stands for: (padded key length, token count, form ids).
    """

    def __init__(
        self,
        entity_rows: list[EntityRow],
        forms: list[AliasForm],
        automaton: ahocorasick.Automaton,
        groups: list[tuple[int, int, tuple[int, ...]]],
        fuzzy: FuzzyIndex | None = None,
    ):
        self.entity_rows = entity_rows
        self.forms = forms
        self.automaton = automaton
        self.groups = groups
        self._fuzzy = fuzzy
        self._entities: dict[int, Entity] = {}

    @property
    def fuzzy(self) -> FuzzyIndex:
        """The fuzzy index, built on first use (``--no-fuzzy`` scans never pay for it)."""
        if self._fuzzy is None:
            self._fuzzy = FuzzyIndex.build(self.forms)
        return self._fuzzy

    @property
    def has_fuzzy(self) -> bool:
        return self._fuzzy is not None

    def entity(self, index: int) -> Entity:
        cached = self._entities.get(index)
        if cached is None:
            list_id, ident, name, etype, programs, aliases = self.entity_rows[index]
            cached = Entity(
                list_id,
                ident,
                name,
                EntityType(etype),
                programs,
                tuple(Alias(n, AliasKind(k)) for n, k in aliases),
            )
            self._entities[index] = cached
        return cached

    def entity_type(self, index: int) -> str:
        return self.entity_rows[index][3]


def build_automaton(
    forms: list[AliasForm],
) -> tuple[ahocorasick.Automaton, list[tuple[int, int, tuple[int, ...]]]]:
    by_norm: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        by_norm.setdefault(form.norm, []).append(i)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    groups: list[tuple[int, int, tuple[int, ...]]] = []
    for norm, form_ids in by_norm.items():
        key = f" {norm} "
        automaton.add_word(key, len(groups))
        groups.append((len(key), norm.count(" ") + 1, tuple(form_ids)))
    if groups:
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
    forms = sorted(best.values(), key=lambda f: (f.norm, f.entity))
    automaton, groups = build_automaton(forms)
    matcher = CompiledMatcher([entity_row(e) for e in entities], forms, automaton, groups)
    matcher._entities = dict(enumerate(entities))
    return matcher
