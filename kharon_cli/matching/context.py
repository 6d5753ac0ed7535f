"""A listed name inside a longer name is another name: "Citadel Holding", "John Makin", "Seapride II".

One of the checks (``checks``) on a candidate's neighbours in the text. The words right before and after a
candidate (joined to it by a space, a hyphen or a line break, nothing else) are read as the rest of a longer
name when they are written like one:

* after an organisation, vessel or aircraft name: a word that heads organisation names (learned from the
  lists: LIMITED, HOLDING, INTERNATIONAL, DEPARTMENT, TV ...) or a legal form, right after it or closing a run
  of up to three capitalised words ("Avia Group International Inc", "Alco Standard Corp");
* after a one-word name: any capitalised word that is not an ordinary English word ("Cleopatra Kohlique"), or
  a lower-case noun that makes it a place ("the al-Aqsa mosque", ``PLACE_NOUNS``);
* after a vessel or aircraft name: a number ("Seapride II", "Grace 2");
* after a person's name: another capitalised name word ("Jamal Hassan Jawa", "Aung San Suu Kyi");
* before a person's name or a one-word name: a given name ("John Makin"), or any capitalised word joined to
  it by a hyphen ("Mir-Hossein Mousavi"), but not a title ("General Soleimani", ``titles.txt``).

In headlines (a line written in capitals, or a line standing alone with nearly every word capitalised) only
a legal form or designator closing the run counts ("CLEOPATRA KOHLIQUE INC"). A name found to be part of a
longer one somewhere in a text is taken for the same longer name
wherever else that text uses it (``checks``: "<Avia Group International Inc>" makes the headline's "AVIA
GROUP" the shoe maker too).
"""

from __future__ import annotations

import re

from ..models import EntityType
from .compiled import CompiledMatcher
from .forms import AliasForm
from .names import LEGAL_FORMS
from .normalize import Tokens, normalize
from .risk import PARTICLES

_JOIN_RE = re.compile(r"[ \t\u00a0]*(?:[-\u2010-\u2013][ \t\u00a0]*)?(?:\r?\n[ \t\u00a0]*)?")
_ROMAN_RE = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$")
# Lower-case nouns that make the one-word name before them the name of a place or building: "the al-Aqsa
# mosque", "the Siberia hotel" (general English, not from any list).
PLACE_NOUNS = frozenset(
    [
        "mosque",
        "church",
        "cathedral",
        "temple",
        "shrine",
        "synagogue",
        "street",
        "road",
        "avenue",
        "square",
        "bridge",
        "airport",
        "station",
        "hospital",
        "hotel",
        "university",
        "college",
        "school",
        "stadium",
        "river",
        "lake",
        "mountain",
        "valley",
        "island",
        "district",
    ]
)
# Capitalised words that make the name before them part of a company, fund or address name: "Orion Capital
# Partners", "Orion Street" (general English usage, not from any list; the lists add their own closing words,
# ``names.learn_designators``).
NAME_HEADS = frozenset(
    [
        "capital",
        "partners",
        "associates",
        "advisors",
        "advisers",
        "securities",
        "investments",
        "ventures",
        "holdings",
        "group",
        "fund",
        "funds",
        "management",
        "asset",
        "assets",
        "equity",
        "brokers",
        "insurance",
        "industries",
        "enterprises",
        "properties",
        "realty",
        "technologies",
        "systems",
        "pictures",
        "records",
        "street",
        "road",
        "avenue",
        "boulevard",
        "square",
        "plaza",
        "tower",
        "towers",
    ]
)
RUN = 3  # capitalised words a longer organisation name may hold before its closing designator
HEADLINE_SHARE = 0.8


def _joined(text: str, tokens: Tokens, a: int, b: int) -> bool:
    """Whether tokens ``a`` and ``b`` (= a + 1) are joined by nothing but a space, a hyphen or a line break."""
    return bool(_JOIN_RE.fullmatch(text, tokens.ends[a], tokens.starts[b]))


def _capitalised(text: str, tokens: Tokens, i: int) -> bool:
    return text[tokens.starts[i]].isupper()


def in_headline(text: str, start: int, end: int) -> bool:
    """Whether the line around ``start..end`` is a headline: in capitals, or nearly every word capitalised."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    line = text[lo : hi if hi != -1 else len(text)]
    words: list[str] = re.findall(r"[^\W\d_][\w'’-]*", line)
    if len(words) < 3:
        return False
    if line == line.upper():
        return True
    content = [w for w in words if w.lower() not in PARTICLES]
    if sum(w[0].isupper() for w in content) < HEADLINE_SHARE * len(content):
        return False
    # Title case makes a headline only where the line stands alone: the text's first line, or a line with
    # no text right after it (a wrapped sentence that goes on is body text with many names in it).
    if not text[:lo].strip() or hi == -1:
        return True
    after = text.find("\n", hi + 1)
    next_line = text[hi + 1 : after if after != -1 else len(text)]
    return not next_line.strip()


def longer_name(
    compiled: CompiledMatcher, text: str, tokens: Tokens, first: int, last: int, form: AliasForm, headline: bool
) -> str:
    """The longer name the candidate over tokens ``first..last`` is part of ("" when none), for the reason. In
    a ``headline`` only a legal form or designator closing the run counts ("CLEOPATRA KOHLIQUE INC")."""
    knowledge = compiled.persons.knowledge
    norms = tokens.norms
    etype = compiled.entity_type(form.entity)
    person = etype == EntityType.PERSON.value
    vessel = etype in (EntityType.VESSEL.value, EntityType.AIRCRAFT.value)
    one_word = sum(t not in PARTICLES for t in form.norm.split(" ")) == 1
    n = len(norms)

    def name_word(i: int) -> bool:
        """A given name of listed people ("John"), or a name the name table knows that is no English word."""
        word = norms[i]
        if word.isdigit():
            return False
        return knowledge.is_given(word) or bool(word in knowledge.name_words and word not in knowledge.known)

    # After the name.
    j = last + 1
    if j < n and _joined(text, tokens, last, j):
        word = norms[j]
        caps = _capitalised(text, tokens, j)
        if vessel and (word.isdigit() or (_ROMAN_RE.match(word) and text[tokens.starts[j]].isupper())):
            return _span(text, tokens, first, j)
        surface = text[tokens.starts[j] : tokens.ends[j]]
        if form.upper_only and text[tokens.ends[last]] == "-" and surface.isupper():
            return _span(text, tokens, first, j)  # "KCST-TV": an acronym inside another one
        if not person and caps:
            k = j
            while (
                k < n and k < j + RUN and _capitalised(text, tokens, k) and (k == j or _joined(text, tokens, k - 1, k))
            ):
                if knowledge.is_designator(norms[k]) or (one_word and norms[k] in NAME_HEADS):
                    if not _own_legal_forms(compiled, form.entity, norms[j : k + 1]):
                        return _span(text, tokens, first, k)
                    break
                k += 1
        if headline:
            return ""
        if one_word and not person and not caps and word in PLACE_NOUNS:
            return _span(text, tokens, first, j)
        if (
            caps
            and one_word
            and not person
            and word.isalpha()
            and word not in knowledge.known
            and word not in PARTICLES
        ):
            return _span(text, tokens, first, j)
        if caps and person and word not in knowledge.known and word not in PARTICLES and not word.isdigit():
            return _span(text, tokens, first, j)  # "Aung San Suu Kyi", "Jamal Hassan Jawa"
    if headline:
        return ""
    # Before the name.
    i = first - 1
    if i >= 0 and (person or one_word) and _joined(text, tokens, i, first) and _capitalised(text, tokens, i):
        word = norms[i]
        hyphened = text[tokens.ends[i] : tokens.starts[first]] == "-"  # "Mir-Hossein": one compound given name
        if word not in compiled.persons.titles and word not in PARTICLES and (name_word(i) or hyphened):
            return _span(text, tokens, i, last)
    return ""


# Legal forms written two ways (both are kept in names as the list writes them).
_LEGAL_FORM_SPELLINGS = {"limited": "ltd", "incorporated": "inc", "corporation": "corp", "company": "co"}


def _own_legal_forms(compiled: CompiledMatcher, entity: int, words: list[str]) -> bool:
    """Whether ``words`` are only legal forms that some name of the entity itself carries ("Acme Shipping
    Co Ltd" for ACME SHIPPING COMPANY LIMITED): the same company, written with its legal form."""
    if not all(w in LEGAL_FORMS or w in _LEGAL_FORM_SPELLINGS for w in words):
        return False
    own = {
        _LEGAL_FORM_SPELLINGS.get(w, w)
        for alias in compiled.entity(entity).names()
        for w in normalize(alias.name).split(" ")
        if w in LEGAL_FORMS or w in _LEGAL_FORM_SPELLINGS
    }
    return all(_LEGAL_FORM_SPELLINGS.get(w, w) in own for w in words)


def _span(text: str, tokens: Tokens, first: int, last: int) -> str:
    return " ".join(text[tokens.starts[first] : tokens.ends[last]].split())
