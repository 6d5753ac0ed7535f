"""Compile watchlists into a matcher: every name becomes one or more normalised *alias forms*.

Second stage of the pipeline (after ``watchlist``). For each entity name and alias we derive the forms a
news article may use, all normalised with the same ``normalize`` as article text:

* the name as listed ("soleimani qasem");
* for people written ``SURNAME, Given``, the natural order ("qasem soleimani", method ``reordered``);
* for names with a parenthetical part, the name without it
  ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE" -> "islamic revolutionary guard corps qods force").

Exact and normalised matching use one Aho-Corasick automaton (pyahocorasick) over the forms, each padded
with spaces so that it can only match whole tokens of the space-joined normalised text. The fuzzy index
is built on first use (``fuzzy.FuzzyIndex``), since ``--no-fuzzy`` scans never need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from .fuzzy import FuzzyIndex
from .models import AliasKind, Entity, EntityType, Method, Watchlist
from .normalize import normalize

_PARENS_RE = re.compile(r"\s*\([^()]*\)\s*")
# An acronym-like alias ("ISIS", "HTS", "IRG") only matches text written in capitals: "Isis" the name is
# not ISIS. Longer all-caps names ("HAMAS") are just how lists spell names and match in any case.
ACRONYM_MAX_CHARS = 4


@dataclass(frozen=True, slots=True)
class AliasForm:
    """One normalised way of writing one entity's name."""

    norm: str
    entity: int  # index into CompiledMatcher.entities
    alias: str  # the name as the list spells it
    kind: AliasKind
    method: Method  # NORMALIZED for the listed order, REORDERED for a person's natural order
    upper_only: bool
    surname: tuple[int, int] | None  # token slice of the surname, for follow-up mentions of people

    @property
    def tokens(self) -> list[str]:
        return self.norm.split(" ")


def _is_acronym(alias: str, norm: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in alias) and len(norm.replace(" ", "")) <= ACRONYM_MAX_CHARS


def alias_forms(entity: Entity, entity_index: int, alias: str, kind: AliasKind) -> list[AliasForm]:
    """Every form one name of one entity can take in text."""
    variants = [alias]
    stripped = _PARENS_RE.sub(" ", alias).strip()
    if stripped != alias and stripped:
        variants.append(stripped)
    forms: list[AliasForm] = []
    for variant in variants:
        if entity.type is EntityType.PERSON and variant.count(",") == 1:
            surname_raw, given_raw = (p.strip() for p in variant.split(","))
            surname, given = normalize(surname_raw), normalize(given_raw)
            if surname and given:
                ns, ng = len(surname.split(" ")), len(given.split(" "))
                listed = f"{surname} {given}"
                forms.append(AliasForm(listed, entity_index, alias, kind, Method.NORMALIZED, False, (0, ns)))
                natural = f"{given} {surname}"
                forms.append(AliasForm(natural, entity_index, alias, kind, Method.REORDERED, False, (ng, ng + ns)))
                continue
        norm = normalize(variant)
        if not norm:
            continue
        ntok = norm.count(" ") + 1
        surname_slice = (ntok - 1, ntok) if entity.type is EntityType.PERSON and ntok > 1 else None
        forms.append(
            AliasForm(norm, entity_index, alias, kind, Method.NORMALIZED, _is_acronym(variant, norm), surname_slice)
        )
    return forms


def _rank(form: AliasForm) -> tuple[int, int, int]:
    """Lower is better when two names of one entity normalise alike."""
    return (
        form.kind is AliasKind.WEAK,
        form.method is Method.REORDERED,
        form.kind is not AliasKind.PRIMARY,
    )


@dataclass
class CompiledMatcher:
    """Everything needed to tag text against a set of watchlists; independent of how they were loaded."""

    entities: list[Entity]
    forms: list[AliasForm]
    automaton: ahocorasick.Automaton
    _fuzzy: FuzzyIndex | None = field(default=None, repr=False)

    @property
    def fuzzy(self) -> FuzzyIndex:
        if self._fuzzy is None:
            self._fuzzy = FuzzyIndex.build(self.forms)
        return self._fuzzy


def compile_watchlists(watchlists: list[Watchlist]) -> CompiledMatcher:
    entities: list[Entity] = [e for wl in watchlists for e in wl.entities]
    best: dict[tuple[str, int], AliasForm] = {}
    for idx, entity in enumerate(entities):
        for name in entity.names():
            for form in alias_forms(entity, idx, name.name, name.kind):
                key = (form.norm, idx)
                if key not in best or _rank(form) < _rank(best[key]):
                    best[key] = form
    forms = sorted(best.values(), key=lambda f: (f.norm, f.entity))
    by_norm: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        by_norm.setdefault(form.norm, []).append(i)
    automaton = ahocorasick.Automaton()
    for norm, form_ids in by_norm.items():
        key = f" {norm} "
        automaton.add_word(key, (len(key), norm.count(" ") + 1, tuple(form_ids)))
    if by_norm:
        automaton.make_automaton()
    return CompiledMatcher(entities, forms, automaton)
