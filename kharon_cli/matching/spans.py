"""Exact and normalised names in a text: every match of an alias form's key over the normalised tokens.

First source of candidates (the other is the fuzzy index). A big scan runs the compiled Aho-Corasick automaton
over the space-padded normalised text, so every match is whole tokens by construction; a small one (a one-off
check) looks token runs up in the phrase table instead of loading the automaton (``automaton.phrase_table``:
the same matches). The deferred names ("SAID", "HTS", kept out of the automaton) are searched for only for the
parties a text already names. Each finder returns (first token, last token, form index) triples.
"""

from __future__ import annotations

from .automaton import NOT_A_KEY
from .compiled import CompiledMatcher
from .fuzzy import Lookup

Span = tuple[int, int, int]  # (first token, last token, form index)


def exact_spans(compiled: CompiledMatcher, norms: list[str]) -> list[Span]:
    """Every automaton match."""
    groups = compiled.groups
    out: list[Span] = []
    phrases = compiled.phrase_lookup(len(norms))
    if phrases is not None:
        # A one-off scan of a short text: a few table lookups per token instead of loading the automaton.
        return phrase_spans(compiled, phrases, norms)
    padded = " " + " ".join(norms) + " "
    first_token = _TokenCounter(padded).first_token
    for end, group in compiled.automaton.iter(padded):
        key_len, ntok, form_ids = groups[group]
        first = first_token(end - key_len + 1)
        out.extend((first, first + ntok - 1, fi) for fi in form_ids)
    return out


def deferred_spans(compiled: CompiledMatcher, norms: list[str], entities: set[int]) -> list[Span]:
    """The deferred names ('SAID', 'HTS') of ``entities`` found in the text, for those entities only."""
    deferred_groups = compiled.deferred_groups
    wanted = {int(g) for e in entities if (gs := deferred_groups.get(str(e))) for g in gs.split(" ")}
    if not wanted:
        return []
    forms, groups = compiled.forms, compiled.groups
    padded = " " + " ".join(norms) + " "
    out: list[Span] = []
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


def phrase_spans(compiled: CompiledMatcher, phrases: Lookup[str], norms: list[str]) -> list[Span]:
    """The matches of a phrase table's keys (see ``automaton.phrase_table``), in the automaton's order."""
    groups = compiled.groups
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
    out: list[Span] = []
    for last, first, g in matches:
        out.extend((first, last, fi) for fi in groups[g][2])
    return out


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
