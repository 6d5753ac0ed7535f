"""Chosen candidates into ``Hit`` models: offsets into the original text, line and column, entity, and the
context fingerprint baselines use. Last step of tagging a text; the minimum score is applied here."""

from __future__ import annotations

import hashlib
from bisect import bisect_right

from ..models import AliasKind, Hit
from .candidates import Candidate, Trace, reject
from .compiled import CompiledMatcher
from .normalize import Tokens

CONTEXT_WORDS = 4


def to_hits(
    compiled: CompiledMatcher, text: str, tokens: Tokens, chosen: list[Candidate], min_score: float, trace: Trace
) -> list[Hit]:
    forms = compiled.forms
    line_starts: list[int] | None = None
    hits: list[Hit] = []
    for c in chosen:
        form = forms[c.form]
        if c.score < min_score:
            if trace is not None:
                reject(trace, text, tokens, form, c, f"score {c.score:g} is below the minimum {min_score:g}")
            continue
        if line_starts is None:
            line_starts = _line_starts(text)
        start, end = tokens.starts[c.first], tokens.ends[c.last]
        line = bisect_right(line_starts, start)
        entity = compiled.entity(form.entity)
        hits.append(
            Hit(
                start=start,
                end=end,
                entity_key=entity.key,
                text=text[start:end],
                entity=entity,
                alias=form.alias,
                alias_kind=AliasKind(form.kind),
                method=c.method,
                score=c.score,
                line=line,
                column=start - line_starts[line - 1] + 1,
                context=_context_hash(tokens.norms, c.first, c.last),
            )
        )
    hits.sort()
    return hits


def _context_hash(norms: list[str], first: int, last: int) -> str:
    """A short hash of up to ``CONTEXT_WORDS`` normalised words either side of tokens ``first..last``:
    unchanged when lines are added elsewhere, re-wrapped or re-cased."""
    before = norms[max(0, first - CONTEXT_WORDS) : first]
    after = norms[last + 1 : last + 1 + CONTEXT_WORDS]
    return hashlib.blake2b(" ".join([*before, "|", *after]).encode(), digest_size=8).hexdigest()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    idx = text.find("\n")
    while idx != -1:
        starts.append(idx + 1)
        idx = text.find("\n", idx + 1)
    return starts
