"""Candidates: a span of text tokens that may be a mention of one alias form, with its method and score.

Made by the span finders (``spans``: automaton, phrase tables, deferred names) and the fuzzy index
(``fuzzy``), filtered by ``checks``, resolved by ``resolve`` and ``followups``, turned into hits by ``hits``.
A candidate that does not become a hit is recorded as a ``Rejection`` when the tagger explains itself.

Scores: exact 100, normalized 98, reordered 95 (92 with a given name left out), fuzzy = rapidfuzz ratio
(85-100), followup 90; a weak alias scores 10 less.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import AliasKind, Method
from .forms import AliasForm
from .normalize import Tokens

EXACT_SCORE = 100.0
FOLLOWUP_SCORE = 90.0
WEAK_PENALTY = 10.0


@dataclass(frozen=True, slots=True)
class Candidate:
    first: int  # token indexes, inclusive
    last: int
    form: int
    method: Method
    score: float
    detail: str = ""  # how the parts of a person's name matched ("given sergey ~ sergei (...)")
    surname: tuple[int, int] | None = None  # token range of a person's surname in the text, when not the form's
    risk: str = ""  # why this candidate may not count on its own, beyond its form's risk (see ``TITLE_RISK``)

    def risk_of(self, form: AliasForm) -> str:
        return self.risk or form.risk


@dataclass(frozen=True, slots=True)
class Rejection:
    """A candidate that did not become a hit, and why (for ``kharon explain``)."""

    start: int
    end: int
    text: str
    form: AliasForm
    method: Method
    score: float
    reason: str
    detail: str = ""


# A title and a surname alone ("Prime Minister Dini") name one listed person only where the text also names
# that person's country or names the person in full: like a generic description ("risk").
TITLE_RISK = "a title and a surname alone"


# Where rejected candidates are written down while explaining a text; None while tagging (nothing is kept).
Trace = list[Rejection] | None


def score(form: AliasForm, method: Method, fuzzy_ratio: float = 0.0) -> float:
    if method is Method.EXACT:
        base = EXACT_SCORE
    elif method is Method.FUZZY or method is Method.TITLE:
        base = fuzzy_ratio
    elif method is Method.FOLLOWUP:
        base = FOLLOWUP_SCORE
    else:
        base = form.base
    return base - WEAK_PENALTY if form.kind == AliasKind.WEAK else base


def reject(trace: list[Rejection], text: str, tokens: Tokens, form: AliasForm, c: Candidate, reason: str) -> None:
    start, end = tokens.starts[c.first], tokens.ends[c.last]
    trace.append(Rejection(start, end, text[start:end], form, c.method, c.score, reason, c.detail))
