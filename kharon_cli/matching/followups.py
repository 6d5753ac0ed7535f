"""Follow-up mentions: a person's surname alone, anywhere in a text that names that person in full.

Fourth step of tagging a text (after ``resolve``): "Qassem Soleimani ... Soleimani said". Only people, only
a surname of three letters or more, only where the text capitalises it ("Said", not "said"), and never
inside a span another hit already holds. Each follow-up is credited to the entity (and form) of the full
mention it follows.
"""

from __future__ import annotations

from ..models import EntityType, Method
from .candidates import Candidate, score
from .compiled import CompiledMatcher
from .normalize import Tokens


def followups(compiled: CompiledMatcher, text: str, tokens: Tokens, chosen: list[Candidate]) -> list[Candidate]:
    """Surname-only mentions of people already matched in full in this text."""
    forms = compiled.forms
    surnames: dict[tuple[str, ...], list[Candidate]] = {}
    for c in chosen:
        form = forms[c.form]
        if form.surname is None or compiled.entity_type(form.entity) != EntityType.PERSON:
            continue
        if c.surname is not None:  # a person's name matched part by part: the text's own surname
            key = tuple(tokens.norms[c.surname[0] : c.surname[1]])
        else:
            lo, hi = form.surname
            key = tuple(tokens.norms[c.first + lo : c.first + hi])
        if sum(len(t) for t in key) < 3:
            continue
        surnames.setdefault(key, []).append(c)
    if not surnames:
        return []
    taken = {t for c in chosen for t in range(c.first, c.last + 1)}
    out: list[Candidate] = []
    norms = tokens.norms
    for key, sources in surnames.items():
        n = len(key)
        for i in range(len(norms) - n + 1):
            if norms[i] != key[0] or tuple(norms[i : i + n]) != key:
                continue
            if any(t in taken for t in range(i, i + n)):
                continue
            # A surname alone must look like a name: capitalised in the text ("Said", not "said").
            if not text[tokens.starts[i]].isupper():
                continue
            seen_entities: set[int] = set()
            for src in sources:
                ent = forms[src.form].entity
                if ent in seen_entities:
                    continue
                seen_entities.add(ent)
                out.append(Candidate(i, i + n - 1, src.form, Method.FOLLOWUP, score(forms[src.form], Method.FOLLOWUP)))
    return out
