"""Find hits in one text: automaton, then checks, then longest; then follow-up mentions.

Third stage of the pipeline. The order matters:

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

Scores: exact 100, normalized 98, reordered 95 (92 with a given name left out), fuzzy = rapidfuzz ratio
(85-100), followup 90; a weak alias scores 10 less. Hits below ``min_score`` are dropped at the end.
``Tagger.explain`` returns the same hits plus every rejected candidate with the reason.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter, not_

from ..defaults import DEFAULT_MIN_SCORE
from ..models import AliasKind, EntityType, Hit, Method
from .automaton import NOT_A_KEY
from .compiled import CompiledMatcher
from .forms import AliasForm
from .fuzzy import Lookup
from .normalize import Tokens, plain_norms, tokenize, unwrap
from .risk import GENERIC_DESCRIPTION, has_vessel_context

EXACT_SCORE = 100.0
FOLLOWUP_SCORE = 90.0
WEAK_PENALTY = 10.0
_METHOD_ORDER = {m: i for i, m in enumerate(Method)}
_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# A person born less than this many years before the latest year a text mentions is not who the text means.
MIN_AGE_IN_NEWS = 14
_WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*")
# Small words that stay lower case inside names ("Bank for Foreign Trade", "al-Qaida", "Sepah-e Pasdaran").
CASE_PARTICLES = frozenset(
    {
        "a",
        "an",
        "and",
        "at",
        "the",
        "of",
        "for",
        "in",
        "on",
        "to",
        "by",
        "with",
        "al",
        "el",
        "ad",
        "ar",
        "as",
        "ash",
        "az",
        "ul",
        "ur",
        "wa",
        "fi",
        "min",
        "li",
        "bin",
        "ibn",
        "bint",
        "abu",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "des",
        "der",
        "den",
        "van",
        "von",
        "y",
        "e",
        "la",
        "le",
        "les",
        "los",
    }
)
# A title-case word ("Tehran"), the sign that a text uses capitals for names at all.
_TITLE_WORD_RE = re.compile(r"\b[^\W\d_][^\W\d_A-Z]*[a-z]")


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


@dataclass
class Explanation:
    hits: list[Hit]
    forms: dict[tuple[int, int, str], AliasForm]  # (start, end, entity key) -> the form behind each hit
    rejected: list[Rejection] = field(default_factory=list)


def case_ok(form: AliasForm, surface: str) -> str:
    """ "" when the text's capitalisation fits the alias, else why not (see ``compiler`` for the rules)."""
    surface = unwrap(surface)
    if form.upper_only and surface != surface.upper():
        return "an acronym must be written in capitals"
    if form.cased:
        words = [w for w in _WORD_RE.findall(surface) if len(w) > 1 and w[0].isalpha()]
        content = [w for w in words if w.lower() not in CASE_PARTICLES]
        if content and not all(w[0].isupper() for w in content):
            return "a name the list capitalises needs each of its words capitalised in the text"
    return ""


def _uses_capitals(text: str, start: int, end: int, around: int = 200) -> bool:
    """Whether the text around a match capitalises names: some title-case word nearby. A lower-cased copy
    (perhaps under an all-capitals headline) has none, and there capitalisation proves nothing."""
    window = text[max(0, start - around) : end + around]
    return any(w[0].isupper() for w in _TITLE_WORD_RE.findall(window))


def latest_year(text: str) -> int | None:
    """The latest year (1900-2099) a text mentions, its best clue to when it was written; None if none."""
    years = [int(y) for y in _YEAR_RE.findall(text)]
    return max(years) if years else None


def _mutually_confirmed(forms: Sequence[AliasForm], form_ids: Iterable[int]) -> set[int]:
    """Entities with two different risky names in the text: they confirm each other ("National Liberation
    Army (ELN)")."""
    names: dict[int, set[str]] = {}
    for fi in form_ids:
        form = forms[fi]
        # Weak aliases are low quality by definition: two of them ('BANCORP', 'NATIONAL BANK') prove nothing.
        if form.risk and form.kind != AliasKind.WEAK:
            names.setdefault(form.entity, set()).add(form.norm)
    return {entity for entity, norms in names.items() if len(norms) > 1}


def _collapse(s: str) -> str:
    return " ".join(s.split()).casefold()


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
        forms = self.compiled.forms
        # Recompute which form produced each hit (the hits themselves only carry the alias).
        tokens = tokenize(text)
        best: dict[tuple[int, int, str], tuple[float, AliasForm]] = {}
        for c in self._candidates(text, tokens, []):  # a trace keeps the risky candidates in view
            form = forms[c.form]
            key = (tokens.starts[c.first], tokens.ends[c.last], self.compiled.entity(form.entity).key)
            if key not in best or c.score > best[key][0]:
                best[key] = (c.score, form)
        by_span = {key: form for key, (_, form) in best.items()}
        return Explanation(hits, by_span, sorted(rejected, key=lambda r: (r.start, r.end)))

    def _run(self, text: str, trace: list[Rejection] | None) -> list[Hit]:
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
                cands = self._checked(text, tokens, raw, None)
            else:
                tokens = tokenize(text)
                cands = self._candidates(text, tokens, None)
        else:
            tokens = tokenize(text)
            cands = self._candidates(text, tokens, trace)
        if not cands:
            return []
        forms = self.compiled.forms
        solid = [c for c in cands if not forms[c.form].risk]
        confirmed = {forms[c.form].entity for c in self._longest(solid, None, tokens, text)}
        words: set[str] | None = None
        confirmed |= _mutually_confirmed(forms, [c.form for c in cands])
        eligible = solid[:]
        for c in cands:
            form = forms[c.form]
            if form.risk:
                if form.risk == GENERIC_DESCRIPTION and form.entity not in confirmed:
                    words = set(tokens.norms) if words is None else words
                    if any(w in words for w in self.compiled.country_words(form.entity)):
                        confirmed.add(form.entity)  # its country is named here: the description fits
                if form.entity in confirmed:
                    eligible.append(c)
                elif trace is not None:
                    self._reject(trace, text, tokens, c, f"{forms[c.form].risk}, and no confirming full mention")
        chosen = self._longest(eligible, trace, tokens, text)
        chosen.extend(self._followups(text, tokens, chosen))
        return self._to_hits(text, tokens, chosen, trace)

    # -- candidates ---------------------------------------------------------------------------------

    def _candidates(self, text: str, tokens: Tokens, trace: list[Rejection] | None) -> list[_Candidate]:
        starts = tokens.starts
        raw = self._raw_candidates(
            text, tokens.norms, lambda: map(str.islower, map(text.__getitem__, starts)), trace is not None
        )
        return self._checked(text, tokens, raw, trace)

    def _raw_candidates(
        self, text: str, norms: list[str], lower_case: Callable[[], Iterable[bool]], keep_unbacked: bool = False
    ) -> list[_Candidate]:
        """Every candidate the tokens give (automaton, then fuzzy), before the checks that need offsets.
        ``lower_case()`` gives, for each token, whether the text writes it in lower case."""
        forms = self.compiled.forms
        spans = self._exact_spans(norms)
        fuzzy: list[tuple[int, int, int, float]] = []
        if self.options.fuzzy:
            # In a text that uses capitals, only words written like names (capitalised) can be misspelt names.
            name_like = list(map(not_, lower_case())) if text != text.lower() else None
            fuzzy = list(self.compiled.fuzzy.candidates(norms, name_like))
        if keep_unbacked:
            spans.extend(self._phrase_spans(self.compiled.deferred_phrases, norms))
        elif spans or fuzzy:
            # A risky name can only count for an entity that some non-risky name of it also matched here;
            # dropping the others first spares the checks below thousands of '40's.
            form_ids = [fi for _, _, fi in spans]
            form_ids.extend(fi for _, _, fi, _ in fuzzy)
            backed = {forms[fi].entity for fi in form_ids if not forms[fi].risk}
            backed |= _mutually_confirmed(forms, form_ids)
            spans = [
                (first, last, fi)
                for first, last, fi in spans
                if not (risk := forms[fi].risk) or risk == GENERIC_DESCRIPTION or forms[fi].entity in backed
            ]
            spans.extend(self._deferred_spans(norms, backed))
        cands = []
        for first, last, fi in spans:
            form = forms[fi]
            method = Method(form.method)
            cands.append(_Candidate(first, last, fi, method, self._score(form, method)))
        cands.extend(
            _Candidate(first, last, fi, Method.FUZZY, self._score(forms[fi], Method.FUZZY, score))
            for first, last, fi, score in fuzzy
        )
        return cands

    def _checked(
        self, text: str, tokens: Tokens, cands: list[_Candidate], trace: list[Rejection] | None
    ) -> list[_Candidate]:
        """The candidates that pass the checks on their surface and context (capitals, vessel context, dates)."""
        forms = self.compiled.forms
        kept: list[_Candidate] = []
        latest: int | None = None
        latest_known = False
        for c in cands:
            form = forms[c.form]
            start, end = tokens.starts[c.first], tokens.ends[c.last]
            surface = text[start:end]
            why = "" if form.case_free else case_ok(form, surface)
            if why and not _uses_capitals(text, start, end):
                why = ""  # the text around has no capitals at all (a lower-cased copy): case proves nothing
            if not why and form.needs_context and not has_vessel_context(tokens.norms, c.first, c.last):
                why = "a vessel or aircraft name that is an ordinary word needs vessel or aircraft context nearby"
            born, established = self.compiled.born(form.entity), self.compiled.established(form.entity)
            if not why and (born or established):
                # A party that did not exist yet when the text was written is a namesake.
                if not latest_known:
                    latest, latest_known = latest_year(text), True
                if latest is not None and born and min(born) > latest - MIN_AGE_IN_NEWS:
                    why = f"born {min(born)}, too late to be in a text whose latest year is {latest}: a namesake"
                elif latest is not None and established and established > latest:
                    why = f"established {established}, after the latest year the text mentions ({latest}): a namesake"
            if why:
                if trace is not None:
                    self._reject(trace, text, tokens, c, why)
                continue
            if c.method is Method.NORMALIZED and _collapse(surface) == _collapse(form.alias):
                c = _Candidate(c.first, c.last, c.form, Method.EXACT, self._score(form, Method.EXACT))
            kept.append(c)
        return kept

    def _exact_spans(self, norms: list[str]) -> list[tuple[int, int, int]]:
        """Every automaton match as (first token, last token, form index)."""
        groups = self.compiled.groups
        out: list[tuple[int, int, int]] = []
        phrases = self.compiled.phrase_lookup(len(norms))
        if phrases is not None:
            # A one-off scan of a short text: a few table lookups per token instead of loading the automaton.
            return self._phrase_spans(phrases, norms)
        padded = " " + " ".join(norms) + " "
        first_token = _TokenCounter(padded).first_token
        for end, group in self.compiled.automaton.iter(padded):
            key_len, ntok, form_ids = groups[group]
            first = first_token(end - key_len + 1)
            out.extend((first, first + ntok - 1, fi) for fi in form_ids)
        return out

    def _deferred_spans(self, norms: list[str], entities: set[int]) -> list[tuple[int, int, int]]:
        """The deferred names ('SAID', 'HTS') of ``entities`` found in the text, for those entities only."""
        deferred_groups = self.compiled.deferred_groups
        wanted = {int(g) for e in entities if (gs := deferred_groups.get(str(e))) for g in gs.split(" ")}
        if not wanted:
            return []
        forms, groups = self.compiled.forms, self.compiled.groups
        padded = " " + " ".join(norms) + " "
        out: list[tuple[int, int, int]] = []
        for g in sorted(wanted):
            key_len, ntok, form_ids = groups[g]
            key = f" {forms[form_ids[0]].norm} "
            first_token = _TokenCounter(padded).first_token
            at = padded.find(key)
            while at != -1:
                first = first_token(at)
                out.extend((first, first + ntok - 1, fi) for fi in form_ids if forms[fi].entity in entities)
                at = padded.find(key, at + key_len - 1)  # the next match may share this one's closing space
        return out

    def _phrase_spans(self, phrases: Lookup[str], norms: list[str]) -> list[tuple[int, int, int]]:
        """The matches of a phrase table's keys (see ``compiler.phrase_table``), in the automaton's order."""
        groups = self.compiled.groups
        matches: list[tuple[int, int, int]] = []  # (last, first, group)
        for i in range(len(norms)):
            key = norms[i]
            j = i
            while (group := phrases.get(key)) is not None:
                if group != NOT_A_KEY:
                    matches.append((j, i, int(group)))
                j += 1
                if j == len(norms):
                    break
                key = f"{key} {norms[j]}"
        matches.sort()
        out: list[tuple[int, int, int]] = []
        for last, first, g in matches:
            out.extend((first, last, fi) for fi in groups[g][2])
        return out

    @staticmethod
    def _score(form: AliasForm, method: Method, fuzzy_ratio: float = 0.0) -> float:
        if method is Method.EXACT:
            base = EXACT_SCORE
        elif method is Method.FUZZY:
            base = fuzzy_ratio
        elif method is Method.FOLLOWUP:
            base = FOLLOWUP_SCORE
        else:
            base = form.base
        return base - WEAK_PENALTY if form.kind == AliasKind.WEAK else base

    def _reject(self, trace: list[Rejection], text: str, tokens: Tokens, c: _Candidate, reason: str) -> None:
        start, end = tokens.starts[c.first], tokens.ends[c.last]
        trace.append(Rejection(start, end, text[start:end], self.compiled.forms[c.form], c.method, c.score, reason))

    # -- resolution ---------------------------------------------------------------------------------

    def _longest(
        self, cands: list[_Candidate], trace: list[Rejection] | None, tokens: Tokens, text: str
    ) -> list[_Candidate]:
        """Keep the longest spans; a span nested in or overlapping a longer one is dropped."""
        forms = self.compiled.forms
        spans: dict[tuple[int, int], list[_Candidate]] = {}
        for c in cands:
            spans.setdefault((c.first, c.last), []).append(c)
        taken: dict[int, tuple[int, int]] = {}
        chosen: list[_Candidate] = []
        for first, last in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            blocker = next((taken[t] for t in range(first, last + 1) if t in taken), None)
            if blocker is not None:
                if trace is not None:
                    longer = text[tokens.starts[blocker[0]] : tokens.ends[blocker[1]]]
                    for c in spans[(first, last)]:
                        self._reject(trace, text, tokens, c, f"overlaps the longer hit {longer!r}")
                continue
            for t in range(first, last + 1):
                taken[t] = (first, last)
            best: dict[int, _Candidate] = {}
            for c in spans[(first, last)]:
                ent = forms[c.form].entity
                prev = best.get(ent)
                if prev is None or (c.score, -_METHOD_ORDER[c.method]) > (prev.score, -_METHOD_ORDER[prev.method]):
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
                    score = self._score(forms[src.form], Method.FOLLOWUP)
                    out.append(_Candidate(i, i + n - 1, src.form, Method.FOLLOWUP, score))
        return out

    def _to_hits(self, text: str, tokens: Tokens, chosen: list[_Candidate], trace: list[Rejection] | None) -> list[Hit]:
        forms = self.compiled.forms
        line_starts: list[int] | None = None
        hits: list[Hit] = []
        for c in chosen:
            if c.score < self.options.min_score:
                if trace is not None:
                    self._reject(
                        trace, text, tokens, c, f"score {c.score:g} is below the minimum {self.options.min_score:g}"
                    )
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
                    context=_context_hash(tokens.norms, c.first, c.last),
                )
            )
        hits.sort()
        return hits


class _TokenCounter:
    """Which token starts after a given space of the space-padded normalised text: token i follows i + 1
    spaces. The spaces are counted from the position asked about before, not from the start, so asking in
    (roughly) increasing order, as the automaton and ``str.find`` report matches, stays linear in the text
    however many names it holds."""

    def __init__(self, padded: str):
        self._padded = padded
        self._at = 0  # spaces in padded[: self._at] ...
        self._spaces = 0  # ... are these many

    def first_token(self, lead: int) -> int:
        """The index of the token after the space at ``lead``."""
        if lead >= self._at:
            self._spaces += self._padded.count(" ", self._at, lead + 1)
        else:
            self._spaces -= self._padded.count(" ", lead + 1, self._at)
        self._at = lead + 1
        return self._spaces - 1


CONTEXT_WORDS = 4


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
