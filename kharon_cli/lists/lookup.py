"""``kharon lists search``: "is this name listed?", the one-off lookup of OFAC's Sanctions List Search.

Works on the compiled matcher (so it sees exactly the names a scan would: every alias, both orders of a
person's name, names without a legal form) and ranks entities by the best score of any of their names:

* the query and each name are normalised by the same normaliser as articles;
* the score is rapidfuzz's ``token_sort_ratio`` (word order does not matter: "PUTIN VLADIMIR" and
  "Vladimir Putin" score 100 against ``PUTIN, Vladimir``), or 90% of ``token_set_ratio`` when that is higher,
  so a query that is part of a name ("Soleimani") still finds it, ranked below full matches.

Both scorers run over all names in C (``rapidfuzz.process``); no name is compared in a Python loop. Pure:
no typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..matching.compiled import CompiledMatcher
from ..matching.normalize import normalize
from ..models import Entity

DEFAULT_SEARCH_LIMIT = 10
DEFAULT_SEARCH_MIN_SCORE = 70.0
PARTIAL_WEIGHT = 0.9  # a query that covers only part of a name ranks below one that covers all of it


@dataclass(frozen=True)
class SearchResult:
    entity: Entity
    score: float
    alias: str  # the name as the list writes it
    alias_kind: str
    matched: str  # the normalised form that scored best
    rule: str  # how that form was derived from the name ("as listed", "natural order", ...)


class NameIndex:
    """The distinct normalised names of a compiled matcher, each with the forms that produce it."""

    def __init__(self, compiled: CompiledMatcher):
        self.compiled = compiled
        by_norm: dict[str, list[int]] = {}
        for i, form in enumerate(compiled.forms):
            by_norm.setdefault(form.norm, []).append(i)
        self.norms = list(by_norm)
        self.forms_of = list(by_norm.values())

    def search(
        self, query: str, *, limit: int = DEFAULT_SEARCH_LIMIT, min_score: float = DEFAULT_SEARCH_MIN_SCORE
    ) -> list[SearchResult]:
        """The best-scoring entities for ``query``, best first (ties by list and id), at most ``limit``."""
        q = normalize(query)
        if not q or limit <= 0:
            return []
        scores: dict[int, float] = {}
        # Many names share words with a short query; look well past the limit before ranking entities.
        wide = max(200, limit * 20)
        for scorer, weight in ((fuzz.token_sort_ratio, 1.0), (fuzz.token_set_ratio, PARTIAL_WEIGHT)):
            cutoff = min(100.0, min_score / weight)
            for _, score, i in process.extract(q, self.norms, scorer=scorer, limit=wide, score_cutoff=cutoff):
                weighted = round(score * weight, 1)
                if weighted > scores.get(i, -1.0):
                    scores[i] = weighted
        best: dict[int, tuple[float, int]] = {}  # entity index -> (score, form index)
        for i, score in scores.items():
            for f in self.forms_of[i]:
                ent = self.compiled.forms[f].entity
                if ent not in best or score > best[ent][0]:
                    best[ent] = (score, f)
        results = []
        for ent, (score, f) in best.items():
            form = self.compiled.forms[f]
            results.append(SearchResult(self.compiled.entity(ent), score, form.alias, form.kind, form.norm, form.rule))
        results.sort(key=lambda r: (-r.score, r.entity.key))
        return results[:limit]
