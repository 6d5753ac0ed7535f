"""``kharon explain``'s view of tagging: the hits of a text with the alias form behind each, and every
candidate that did not become a hit with the reason (rejected by a check, unconfirmed, overlapped by a
longer hit, or below the minimum score). Built by ``Tagger.explain``; rendered by
``reporters.explain_report``."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Hit
from .candidates import Candidate, Rejection
from .compiled import CompiledMatcher
from .forms import AliasForm
from .normalize import Tokens


@dataclass
class Explanation:
    hits: list[Hit]
    forms: dict[tuple[int, int, str], AliasForm]  # (start, end, entity key) -> the form behind each hit
    rejected: list[Rejection] = field(default_factory=list)
    details: dict[tuple[int, int, str], str] = field(default_factory=dict)  # how a person's name parts matched


def explanation(
    compiled: CompiledMatcher, tokens: Tokens, hits: list[Hit], rejected: list[Rejection], cands: list[Candidate]
) -> Explanation:
    """``cands``: every candidate of the text (risky ones included); the best-scoring one of each span and
    entity is the form shown for a hit (the hits themselves only carry the alias)."""
    forms = compiled.forms
    best: dict[tuple[int, int, str], tuple[float, AliasForm, str]] = {}
    for c in cands:
        form = forms[c.form]
        key = (tokens.starts[c.first], tokens.ends[c.last], compiled.entity(form.entity).key)
        if key not in best or c.score > best[key][0]:
            best[key] = (c.score, form, c.detail)
    by_span = {key: form for key, (_, form, _) in best.items()}
    details = {key: detail for key, (_, _, detail) in best.items() if detail}
    return Explanation(hits, by_span, sorted(rejected, key=lambda r: (r.start, r.end)), details)
