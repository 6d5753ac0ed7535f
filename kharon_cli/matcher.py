"""Find hits in one text: automaton, then checks, then longest; then follow-up mentions.

Third stage of the pipeline. The order matters:

1. Tokenise and normalise the text (``normalize.tokenize``) and collect *every* candidate: all overlapping
   automaton matches over the space-padded normalised text (so each is whole-token by construction) and,
   unless disabled, verified fuzzy phrases (``fuzzy.FuzzyIndex``).
2. Drop candidates that fail a surface check (an acronym alias needs capitals in the text).
3. Keep the longest: spans are taken longest first, a span overlapping an already taken one is dropped.
   Taking leftmost-longest before checking would let a rejected candidate hide a real one.
4. Follow-ups: a surname alone, after a full mention of that person anywhere in the same text.

Scores: exact 100, normalized 98, reordered 95, fuzzy = rapidfuzz ratio (85-100), followup 90; a weak
alias scores 10 less. Hits below ``min_score`` are dropped at the end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .compiler import AliasForm, CompiledMatcher
from .models import AliasKind, EntityType, Hit, Method
from .normalize import Tokens, tokenize

DEFAULT_MIN_SCORE = 80.0
BASE_SCORES = {
    Method.EXACT: 100.0,
    Method.NORMALIZED: 98.0,
    Method.REORDERED: 95.0,
    Method.FOLLOWUP: 90.0,
}
WEAK_PENALTY = 10.0
_METHOD_ORDER = {m: i for i, m in enumerate(Method)}
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class MatchOptions:
    fuzzy: bool = True
    min_score: float = DEFAULT_MIN_SCORE


@dataclass(frozen=True, slots=True)
class _Candidate:
    first: int  # token indexes, inclusive
    last: int
    form: int
    method: Method
    score: float


def case_ok(form: AliasForm, surface: str) -> bool:
    """Whether the text's capitalisation fits the alias (see ``compiler`` for the two rules)."""
    if form.upper_only and surface != surface.upper():
        return False
    if form.cased:
        words = _WORD_RE.findall(surface)
        if not any(w[0].isupper() for w in words) and any(c.isalpha() for c in surface):
            return False
    return True


def _collapse(s: str) -> str:
    return " ".join(s.split()).casefold()


class Tagger:
    """Tags texts against one compiled matcher. Cheap to create; holds no per-text state."""

    def __init__(self, compiled: CompiledMatcher, options: MatchOptions | None = None):
        self.compiled = compiled
        self.options = options or MatchOptions()

    def tag(self, text: str) -> list[Hit]:
        tokens = tokenize(text)
        if not len(tokens):
            return []
        cands = self._exact_candidates(text, tokens)
        if self.options.fuzzy:
            cands.extend(self._fuzzy_candidates(text, tokens))
        chosen = self._longest(cands)
        chosen.extend(self._followups(text, tokens, chosen))
        return self._to_hits(text, tokens, chosen)

    # -- candidates ---------------------------------------------------------------------------------

    def _exact_candidates(self, text: str, tokens: Tokens) -> list[_Candidate]:
        forms = self.compiled.forms
        norms = tokens.norms
        # Character position of each token in " " + joined + " ", to map automaton matches back to tokens.
        positions: list[int] = []
        pos = 1
        for t in norms:
            positions.append(pos)
            pos += len(t) + 1
        padded = " " + " ".join(norms) + " "
        out: list[_Candidate] = []
        groups = self.compiled.groups
        for end, group in self.compiled.automaton.iter(padded):
            key_len, ntok, form_ids = groups[group]
            first = bisect_right(positions, end - key_len + 2) - 1
            last = first + ntok - 1
            surface = text[tokens.starts[first] : tokens.ends[last]]
            for fi in form_ids:
                form = forms[fi]
                if not case_ok(form, surface):
                    continue
                if form.method == Method.REORDERED:
                    method = Method.REORDERED
                elif _collapse(surface) == _collapse(form.alias):
                    method = Method.EXACT
                else:
                    method = Method.NORMALIZED
                out.append(_Candidate(first, last, fi, method, self._score(form, BASE_SCORES[method])))
        return out

    def _fuzzy_candidates(self, text: str, tokens: Tokens) -> list[_Candidate]:
        forms = self.compiled.forms
        return [
            _Candidate(first, last, fi, Method.FUZZY, self._score(forms[fi], score))
            for first, last, fi, score in self.compiled.fuzzy.candidates(tokens.norms)
            if case_ok(forms[fi], text[tokens.starts[first] : tokens.ends[last]])
        ]

    @staticmethod
    def _score(form: AliasForm, base: float) -> float:
        return base - WEAK_PENALTY if form.kind == AliasKind.WEAK else base

    # -- resolution ---------------------------------------------------------------------------------

    def _longest(self, cands: list[_Candidate]) -> list[_Candidate]:
        """Keep the longest spans; a span nested in or overlapping a longer one is dropped."""
        forms = self.compiled.forms
        spans: dict[tuple[int, int], list[_Candidate]] = {}
        for c in cands:
            spans.setdefault((c.first, c.last), []).append(c)
        taken: set[int] = set()
        chosen: list[_Candidate] = []
        for first, last in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if any(t in taken for t in range(first, last + 1)):
                continue
            taken.update(range(first, last + 1))
            best: dict[int, _Candidate] = {}
            for c in spans[(first, last)]:
                ent = forms[c.form].entity
                prev = best.get(ent)
                if prev is None or (c.score, -_METHOD_ORDER[c.method]) > (
                    prev.score,
                    -_METHOD_ORDER[prev.method],
                ):
                    best[ent] = c
            chosen.extend(best.values())
        return chosen

    def _followups(self, text: str, tokens: Tokens, chosen: list[_Candidate]) -> list[_Candidate]:
        """Surname-only mentions of people already matched in full in this text."""
        forms = self.compiled.forms
        surnames: dict[tuple[str, ...], list[_Candidate]] = {}
        for c in chosen:
            form = forms[c.form]
            if form.surname is None or self.compiled.entity_type(form.entity) != EntityType.PERSON:
                continue
            lo, hi = form.surname
            key = tuple(tokens.norms[c.first + lo : c.first + hi])
            if sum(len(t) for t in key) < 3:
                continue
            surnames.setdefault(key, []).append(c)
        if not surnames:
            return []
        taken = {t for c in chosen for t in range(c.first, c.last + 1)}
        out: list[_Candidate] = []
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
                    score = self._score(forms[src.form], BASE_SCORES[Method.FOLLOWUP])
                    out.append(_Candidate(i, i + n - 1, src.form, Method.FOLLOWUP, score))
        return out

    def _to_hits(self, text: str, tokens: Tokens, chosen: list[_Candidate]) -> list[Hit]:
        forms = self.compiled.forms
        line_starts: list[int] | None = None
        hits: list[Hit] = []
        for c in chosen:
            if c.score < self.options.min_score:
                continue
            if line_starts is None:
                line_starts = _line_starts(text)
            start, end = tokens.starts[c.first], tokens.ends[c.last]
            line = bisect_right(line_starts, start)
            form = forms[c.form]
            entity = self.compiled.entity(form.entity)
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
                )
            )
        hits.sort()
        return hits


def _line_starts(text: str) -> list[int]:
    starts = [0]
    idx = text.find("\n")
    while idx != -1:
        starts.append(idx + 1)
        idx = text.find("\n", idx + 1)
    return starts
