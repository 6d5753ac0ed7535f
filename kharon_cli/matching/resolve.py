"""Which candidates become hits: confirmation of risky names, then the longest span wins.

Third step of tagging a text (after ``checks``). A *risky* name ("40", a generic description, a weak
one-word alias; see ``risk``) counts only for a party the same text also names by a *solid* name, or by two
different risky names that confirm each other, or (a generic description) whose sanctions country the text
names. Among what is left, spans are taken longest first and a span overlapping an already taken one is
dropped, so a listed name nested in a longer hit is not reported; on one span, each entity keeps its best
candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..models import AliasKind, Method
from .candidates import TITLE_RISK, Candidate, Trace, reject
from .compiled import CompiledMatcher
from .forms import AliasForm
from .normalize import Tokens
from .risk import GENERIC_DESCRIPTION

_METHOD_ORDER = {m: i for i, m in enumerate(Method)}
_SPELLED = frozenset({Method.EXACT, Method.NORMALIZED, Method.REORDERED})
CLOSER_MARGIN = 10.0
# Risks that the text's naming the party's country lifts (see ``risk``).
COUNTRY_CONFIRMS = frozenset({GENERIC_DESCRIPTION, TITLE_RISK})


def mutually_confirmed(forms: Sequence[AliasForm], found: Iterable[tuple[int, int, int]]) -> set[int]:
    """Entities with two different risky names in two places of the text: they confirm each other ("National
    Liberation Army (ELN)"). ``found``: (form, first token, last token)."""
    names: dict[int, dict[tuple[int, int], str]] = {}
    for fi, first, last in found:
        form = forms[fi]
        # Weak aliases are low quality by definition: two of them ('BANCORP', 'NATIONAL BANK') prove nothing.
        if form.risk and form.kind != AliasKind.WEAK:
            names.setdefault(form.entity, {}).setdefault((first, last), form.norm)
    return {entity for entity, spans in names.items() if len(spans) > 1 and len(set(spans.values())) > 1}


def resolve(
    compiled: CompiledMatcher, text: str, tokens: Tokens, cands: list[Candidate], trace: Trace
) -> list[Candidate]:
    """The candidates that become hits (before follow-ups and the minimum score)."""
    forms = compiled.forms
    solid = [c for c in cands if not c.risk_of(forms[c.form])]
    confirmed = {forms[c.form].entity for c in longest(forms, solid, None, tokens, text)}
    words: set[str] | None = None
    confirmed |= mutually_confirmed(forms, [(c.form, c.first, c.last) for c in cands])
    eligible = solid[:]
    for c in cands:
        form = forms[c.form]
        risk = c.risk_of(form)
        if risk:
            if risk in COUNTRY_CONFIRMS and form.entity not in confirmed:
                words = set(tokens.norms) if words is None else words
                if any(w in words for w in compiled.country_words(form.entity)):
                    confirmed.add(form.entity)  # its country is named here: the description fits
            if form.entity in confirmed:
                eligible.append(c)
            elif trace is not None:
                reject(trace, text, tokens, form, c, f"{risk}, and no confirming full mention")
    return longest(forms, eligible, trace, tokens, text, lambda e: compiled.entity_rows[e][0])


def longest(
    forms: Sequence[AliasForm],
    cands: list[Candidate],
    trace: Trace,
    tokens: Tokens,
    text: str,
    lists_of: Callable[[int], str] = str,
) -> list[Candidate]:
    """Keep the longest spans; a span nested in or overlapping a longer one is dropped. ``lists_of``: the list
    an entity is on."""
    spans: dict[tuple[int, int], list[Candidate]] = {}
    for c in cands:
        spans.setdefault((c.first, c.last), []).append(c)
    taken: dict[int, tuple[int, int]] = {}
    chosen: list[Candidate] = []
    for first, last in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        blocker = next((taken[t] for t in range(first, last + 1) if t in taken), None)
        if blocker is not None:
            if trace is not None:
                longer = text[tokens.starts[blocker[0]] : tokens.ends[blocker[1]]]
                for c in spans[(first, last)]:
                    reject(trace, text, tokens, forms[c.form], c, f"overlaps the longer hit {longer!r}")
            continue
        for t in range(first, last + 1):
            taken[t] = (first, last)
        best: dict[int, Candidate] = {}
        for c in spans[(first, last)]:
            ent = forms[c.form].entity
            prev = best.get(ent)
            if prev is None or (c.score, -_METHOD_ORDER[c.method]) > (prev.score, -_METHOD_ORDER[prev.method]):
                best[ent] = c
        spelled_lists = {lists_of(forms[c.form].entity) for c in best.values() if c.method in _SPELLED}
        if spelled_lists:
            # A listed person's name spelled out here beats another person's respelled name on the same words
            # ("Hossein Mousavi" is MOUSAVI, Hossein if listed, not MUSAVI, Hossein) -- another party of the
            # same list: the same party on two lists is named either way.
            for ent, c in list(best.items()):
                if c.method not in _SPELLED and c.surname is not None and lists_of(ent) in spelled_lists:
                    del best[ent]
                    if trace is not None:
                        reject(trace, text, tokens, forms[c.form], c, "another listed name is spelled exactly here")
        _keep_closest(best, forms, trace, tokens, text, lists_of)
        chosen.extend(best.values())
    return chosen


def _keep_closest(
    best: dict[int, Candidate],
    forms: Sequence[AliasForm],
    trace: Trace,
    tokens: Tokens,
    text: str,
    lists_of: Callable[[int], str],
) -> None:
    """Of two parties of one list respelled onto the same words, the one spelled much closer is meant:
    "Qassem Soleimani" is SOLEIMANI, Qasem (96.8), not SOLEYMANI, Ghasem (81.2)."""
    top: dict[str, float] = {}
    for ent, c in best.items():
        top[lists_of(ent)] = max(top.get(lists_of(ent), 0.0), c.score)
    for ent, c in list(best.items()):
        if c.method in (Method.FUZZY, Method.TITLE) and c.score < top[lists_of(ent)] - CLOSER_MARGIN:
            del best[ent]
            if trace is not None:
                reject(trace, text, tokens, forms[c.form], c, "another listed name is spelled much closer here")
