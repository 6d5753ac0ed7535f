"""Find hits in one text: automaton, then checks, then longest; then follow-up mentions.

The matching stage's entry point: ``Tagger(compiled).tag(text)`` -> sorted ``Hit`` s. It runs the steps,
each in a module of its own, in this order (the order matters):

1. Tokenise and normalise the text (``normalize.tokenize``) and collect *every* candidate: all overlapping
   automaton matches over the space-padded normalised text (so each is whole-token by construction) and,
   unless disabled, verified fuzzy phrases (``fuzzy.FuzzyIndex``). A risky name of a party nothing else in
   the text names is dropped at once; the deferred names (``compiler.deferred``: "SAID", "HTS") are only
   looked for once one of their parties is named.
   Speed (most texts name nobody): plain ASCII text is first tokenised without offsets
   (``normalize.plain_norms``) and the offsets are taken only when a candidate is left; a small scan finds the
   automaton's matches in the phrase table (``compiler.phrase_table``) rather than loading the automaton.
2. Drop candidates that fail a check: capitalisation (an acronym needs capitals, a capitalised name a
   capitalised word), and vessel or aircraft context for ship and plane names that are ordinary words.
3. Keep the longest among the *solid* candidates (names that may match on their own); the entities that
   survive are the document's confirmed entities. Then keep the longest among the solid candidates plus
   the *risky* ones (``risk``) of confirmed entities. Spans are taken longest first and a span overlapping
   an already taken one is dropped, so a listed name nested in a longer hit is not reported.
4. Follow-ups: a surname alone, anywhere in a text that names that person in full.

Modules: ``spans`` (step 1, exact names) and ``fuzzy`` (step 1, spelling variants), ``checks`` (2),
``resolve`` (3), ``followups`` (4), ``hits`` (offsets, lines, minimum score), ``candidates`` (the candidate,
its score and rejection), ``explain`` (``Tagger.explain``: the same hits plus every rejected candidate with
the reason). Scores are in ``candidates``; hits below ``min_score`` are dropped at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter, not_

from ..defaults import DEFAULT_MIN_SCORE
from ..models import Hit, Method
from .candidates import Candidate, Rejection, Trace, score
from .checks import checked
from .compiled import CompiledMatcher
from .explain import Explanation, explanation
from .followups import followups
from .hits import to_hits
from .normalize import Tokens, plain_norms, tokenize
from .orgs import OrgMatch
from .persons import PersonMatch
from .resolve import mutually_confirmed, resolve
from .risk import GENERIC_DESCRIPTION
from .spans import deferred_spans, exact_spans, phrase_spans

__all__ = ["DEFAULT_MIN_SCORE", "Explanation", "MatchOptions", "Rejection", "Tagger"]


@dataclass(frozen=True, slots=True)
class MatchOptions:
    fuzzy: bool = True
    min_score: float = DEFAULT_MIN_SCORE


class Tagger:
    """Tags texts against one compiled matcher. Cheap to create; holds no per-text state."""

    def __init__(self, compiled: CompiledMatcher, options: MatchOptions | None = None):
        self.compiled = compiled
        self.options = options or MatchOptions()

    def tag(self, text: str) -> list[Hit]:
        return self._run(text, None)

    def explain(self, text: str) -> Explanation:
        """The hits of ``text`` with the form behind each, and every rejected candidate with the reason."""
        rejected: list[Rejection] = []
        hits = self._run(text, rejected)
        tokens = tokenize(text)
        # A trace keeps the risky candidates in view.
        return explanation(self.compiled, tokens, hits, rejected, self._candidates(text, tokens, []))

    def _run(self, text: str, trace: Trace) -> list[Hit]:
        if trace is None:
            plain = plain_norms(text)
            if plain is not None:
                # Most texts name nobody: find that out from the tokens alone, and take their offsets (a
                # second, slower pass) only when some candidate is left.
                norms, surfaces = plain
                raw = self._raw_candidates(text, norms, lambda: map(str.islower, map(itemgetter(0), surfaces)))
                if not raw:
                    return []
                tokens = tokenize(text)
                cands = checked(self.compiled, text, tokens, raw, None)
            else:
                tokens = tokenize(text)
                cands = self._candidates(text, tokens, None)
        else:
            tokens = tokenize(text)
            cands = self._candidates(text, tokens, trace)
        if not cands:
            return []
        chosen = resolve(self.compiled, text, tokens, cands, trace)
        chosen.extend(followups(self.compiled, text, tokens, chosen))
        return to_hits(self.compiled, text, tokens, chosen, self.options.min_score, trace)

    def _candidates(self, text: str, tokens: Tokens, trace: Trace) -> list[Candidate]:
        starts = tokens.starts
        raw = self._raw_candidates(
            text, tokens.norms, lambda: map(str.islower, map(text.__getitem__, starts)), trace is not None
        )
        return checked(self.compiled, text, tokens, raw, trace)

    def _raw_candidates(
        self, text: str, norms: list[str], lower_case: Callable[[], Iterable[bool]], keep_unbacked: bool = False
    ) -> list[Candidate]:
        """Every candidate the tokens give (automaton, then fuzzy), before the checks that need offsets.
        ``lower_case()`` gives, for each token, whether the text writes it in lower case."""
        compiled = self.compiled
        forms = compiled.forms
        spans = exact_spans(compiled, norms)
        fuzzy: list[tuple[int, int, int, float]] = []
        people: list[PersonMatch] = []
        organisations: list[OrgMatch] = []
        if self.options.fuzzy:
            # In a text that uses capitals, only words written like names (capitalised) can be misspelt names.
            name_like = list(map(not_, lower_case())) if text != text.lower() else None
            fuzzy = list(compiled.fuzzy.candidates(norms, name_like))
            people = list(compiled.persons.candidates(norms, name_like))
            organisations = list(compiled.orgs.candidates(norms, name_like))
        if keep_unbacked:
            spans.extend(phrase_spans(compiled, compiled.deferred_phrases, norms))
        elif spans or fuzzy or people or organisations:
            # A risky name can only count for an entity that some non-risky name of it also matched here;
            # dropping the others first spares the checks below thousands of '40's.
            found = [(fi, first, last) for first, last, fi in spans]
            found.extend((fi, first, last) for first, last, fi, _ in fuzzy)
            found.extend((m.form, m.first, m.last) for m in people if not m.risk)
            found.extend((o.form, o.first, o.last) for o in organisations)
            backed = {forms[fi].entity for fi, _, _ in found if not forms[fi].risk}
            backed |= mutually_confirmed(forms, found)
            spans = [
                (first, last, fi)
                for first, last, fi in spans
                if not (risk := forms[fi].risk) or risk == GENERIC_DESCRIPTION or forms[fi].entity in backed
            ]
            spans.extend(deferred_spans(compiled, norms, backed))
        cands = []
        for first, last, fi in spans:
            form = forms[fi]
            method = Method(form.method)
            cands.append(Candidate(first, last, fi, method, score(form, method)))
        cands.extend(
            Candidate(first, last, fi, Method.FUZZY, score(forms[fi], Method.FUZZY, ratio))
            for first, last, fi, ratio in fuzzy
        )
        cands.extend(
            Candidate(
                m.first,
                m.last,
                m.form,
                m.method,
                score(forms[m.form], m.method, m.score),
                m.detail,
                m.surname,
                m.risk,
            )
            for m in people
        )
        cands.extend(
            Candidate(o.first, o.last, o.form, Method.FUZZY, score(forms[o.form], Method.FUZZY, o.score), o.detail)
            for o in organisations
        )
        return cands
