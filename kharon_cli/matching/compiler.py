"""Compile watchlists into a matcher: every name becomes one or more normalised *alias forms*.

Second stage of the pipeline (after ``lists.watchlist``). For each entity name and alias we derive the forms a
news article may use, all normalised with the same ``normalize`` as article text:

* the name as listed ("soleimani qasem");
* for people written ``SURNAME, Given``, the natural order ("qasem soleimani", method ``reordered``);
* for names with a parenthetical part, the name without it
  ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE" -> "islamic revolutionary guard corps qods force").

What enters: ``Watchlist`` models (``lists.watchlist``). What leaves: a ``compiled.CompiledMatcher`` whose
forms (``forms.AliasForm``) carry the risk model's verdicts (``risk``), indexed by one Aho-Corasick automaton
(``automaton``) and, on first fuzzy use, the fuzzy index (``fuzzy``).
"""

from __future__ import annotations

import re
from itertools import combinations

from ..models import AliasKind, Entity, EntityType, Method, Watchlist
from .automaton import build_automaton, deferred_groups, phrase_table
from .compiled import CompiledMatcher
from .forms import AliasForm, EntityRow
from .names import LEGAL_FORMS
from .normalize import normalize
from .risk import RiskModel

_PARENS_RE = re.compile(r"\s*\([^()]*\)\s*")
# An acronym-like alias ("ISIS", "HTS", "IRG") only matches text written in capitals: "Isis" the name is
# not ISIS. Longer all-caps names ("HAMAS") are just how lists spell names: they match "Hamas" too, but
# like every name a list capitalises, only where the text capitalises at least one of its words ("the
# tanker Alert", not "on alert"; "al-Qaida" and "AL QAIDA", not "national bank").
ACRONYM_MAX_CHARS = 4
BASE_REORDERED = 95.0


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
    matcher.person_forms = frozenset(fi for fi, f in enumerate(forms) if entities[f.entity].type is EntityType.PERSON)
    matcher._entities = dict(enumerate(entities))
    matcher.deferred_phrases = phrase_table(forms, groups, of_deferred=True)
    matcher.deferred_groups = deferred_groups(forms, groups)
    return matcher
