"""Checks on a candidate's surface and context, each a reason to reject it: capitals, vessel context, dates.

Second step of tagging a text (after ``spans`` and the fuzzy index have found candidates, before ``resolve``
picks among them):

* capitalisation: an acronym-like alias ("ISIS") only where the text writes it in capitals, a name the list
  capitalises only where the text capitalises each of its words ("the tanker Alert", not "on alert") -- unless
  the text around uses no capitals at all (a lower-cased copy), or the form is distinctive enough to count
  whatever its case;
* a vessel or aircraft name that is an ordinary word ("Justice") only with vessel or aircraft context nearby;
* dates: a person born too late, or an organisation established after the latest year a text mentions, is
  a namesake.

A normalised match whose surface is the alias as listed (up to case and spacing) becomes ``exact`` here.
"""

from __future__ import annotations

import re

from ..models import Method
from .candidates import Candidate, Trace, reject, score
from .compiled import CompiledMatcher
from .context import in_headline, longer_name
from .forms import AliasForm
from .normalize import _ANSI_RE, Tokens, unwrap
from .risk import PARTICLES, has_vessel_context

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


# What may stand between two words of one name in a text: spaces and a line break, hyphens and dashes, the
# comma of "SURNAME, Given", the dots of initials, apostrophes, "&" and "/". Anything else (brackets, colons,
# semicolons, quotes, a blank line) ends a name: "Russia ) 1" in a results table is not RUSSIA-1.
_SPACE = r"[ \t\u00a0]*(?:\r?\n)?[ \t\u00a0]*"
_INERT_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]|\[[^\[\]\n]{0,40}\]")
_NAME_GAP_RE = re.compile(rf"{_SPACE}(?:[-\u2010-\u2015,.&/'\u2019]{_SPACE})*")


def _gap_reason(text: str, tokens: Tokens, first: int, last: int, alias: str) -> str:
    """Why the words of a candidate are not one name (punctuation between them that its alias does not
    have: "(IRGC)-QODS" may stand in the text where the alias writes it), or ""."""
    ends, starts = tokens.ends, tokens.starts
    for i in range(first, last):
        gap = text[ends[i] : starts[i + 1]]
        if gap == " " or _NAME_GAP_RE.fullmatch(gap):
            continue
        # Terminal escapes, control and format characters and markup tags are no punctuation: they are
        # dropped before rendering, and a name is still a name with them inside (the hostile-text tests).
        gap = _INERT_RE.sub("", _ANSI_RE.sub("", gap))
        if not _NAME_GAP_RE.fullmatch(gap) and not all(ch.isspace() or ch in alias for ch in gap):
            return f"its words are separated by {gap.strip()!r}, which this name does not contain"
    return ""


def _collapse(s: str) -> str:
    return " ".join(s.split()).casefold()


def _inside_longer(starts: dict[int, set[int]], widest: int, first: int, last: int) -> bool:
    """Whether another span of the same entity contains the span first..last."""
    for f in range(max(0, first - widest), first + 1):
        for la in starts.get(f, ()):
            if la >= last and (f, la) != (first, last):
                return True
    return False


def checked(
    compiled: CompiledMatcher, text: str, tokens: Tokens, cands: list[Candidate], trace: Trace
) -> list[Candidate]:
    """The candidates that pass the checks on their surface and context (capitals, vessel context, dates)."""
    forms = compiled.forms
    kept: list[Candidate] = []
    latest: int | None = None
    latest_known = False
    # (entity, name) -> the longer name it was found part of here: the same words mean the same elsewhere
    longer: dict[tuple[int, str], str] = {}
    # entity -> first token -> the last tokens of its spans starting there; looked up only over the few
    # first tokens a containing span can start at, so a long text with many mentions stays linear
    spans_of: dict[int, dict[int, set[int]]] = {}
    widest: dict[int, int] = {}
    for c in cands:
        entity = forms[c.form].entity
        spans_of.setdefault(entity, {}).setdefault(c.first, set()).add(c.last)
        widest[entity] = max(widest.get(entity, 0), c.last - c.first)
    for c in cands:
        form = forms[c.form]
        start, end = tokens.starts[c.first], tokens.ends[c.last]
        if _inside_longer(spans_of[form.entity], widest[form.entity], c.first, c.last):
            continue  # a longer name of the same party is right here ("THE RED BLUE" inside "THE RED BLUE CO")
        if (form.entity, form.norm) not in longer:
            found = longer_name(compiled, text, tokens, c.first, c.last, form, in_headline(text, start, end))
            if found:
                longer[(form.entity, form.norm)] = found
    for c in cands:
        form = forms[c.form]
        start, end = tokens.starts[c.first], tokens.ends[c.last]
        surface = text[start:end]
        why = "" if form.case_free else case_ok(form, surface)
        if why and not _uses_capitals(text, start, end):
            why = ""  # the text around has no capitals at all (a lower-cased copy): case proves nothing
        if not why and c.last > c.first:
            why = _gap_reason(text, tokens, c.first, c.last, form.alias)
        if not why and (form.entity, form.norm) in longer:
            why = f"part of the longer name {longer[(form.entity, form.norm)]!r}, which is not listed"
        if not why and form.needs_context:
            one_word = sum(t not in PARTICLES for t in form.norm.split(" ")) <= 1
            if not has_vessel_context(tokens.norms, c.first, c.last, one_word=one_word):
                why = (
                    "a one-word vessel or aircraft name needs a word like 'tanker' or 'aircraft' right next to it"
                    if one_word
                    else "a vessel or aircraft name that is an ordinary word needs vessel or aircraft context nearby"
                )
        born, established = compiled.born(form.entity), compiled.established(form.entity)
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
                reject(trace, text, tokens, form, c, why)
            continue
        if c.method is Method.NORMALIZED and _collapse(surface) == _collapse(form.alias):
            c = Candidate(c.first, c.last, c.form, Method.EXACT, score(form, Method.EXACT))
        kept.append(c)
    return kept
