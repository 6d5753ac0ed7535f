"""The exact-name index of a compiled matcher: the Aho-Corasick automaton over every alias form, and the phrase
tables that stand in for it.

Each normalised form is an automaton key padded with spaces, so it can only match whole tokens of the
space-joined normalised text; keys that only stand for risky weak aliases are kept out of it (``deferred``) and
looked up per entity instead (``deferred_groups``). A phrase table (``phrase_table``) finds the same matches as
the automaton with a few dict lookups per token, for small scans that should not pay for loading it.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from ..models import AliasKind
from .forms import AliasForm
from .risk import GENERIC_DESCRIPTION

NOT_A_KEY = "-"


def deferred(forms: Sequence[AliasForm], form_ids: tuple[int, ...]) -> bool:
    """Whether an automaton key only ever stands for risky weak aliases ("SAID", "BOTH", "HTS"). Such a name
    counts only beside a full mention of its party (never on its own, never to confirm another risky name),
    so it is looked for only in texts that mention one of its parties, and kept out of the automaton: "said"
    alone was 85% of all automaton matches in Reuters."""
    return all(
        (form := forms[fi]).risk and form.risk != GENERIC_DESCRIPTION and form.kind == AliasKind.WEAK for fi in form_ids
    )


def phrase_table(
    forms: Sequence[AliasForm], groups: Sequence[tuple[int, int, tuple[int, ...]]], *, of_deferred: bool = False
) -> dict[str, str]:
    """What a small text needs instead of the automaton: each automaton key (a normalised name) -> its group
    index, and each leading run of a key's tokens that is not a key itself -> ``NOT_A_KEY``. Looking up
    tokens i, i..i+1, i..i+2 ... and stopping at the first run that is not in the table finds exactly the
    automaton's matches that start at token i. ``of_deferred``: the same for the deferred keys instead."""
    table: dict[str, str] = {}
    for g, (_, _, form_ids) in enumerate(groups):
        if deferred(forms, form_ids) == of_deferred:
            table[forms[form_ids[0]].norm] = str(g)
    for norm in list(table):
        tokens = norm.split(" ")
        for n in range(1, len(tokens)):
            table.setdefault(" ".join(tokens[:n]), NOT_A_KEY)
    return table


def deferred_groups(forms: Sequence[AliasForm], groups: Sequence[tuple[int, int, tuple[int, ...]]]) -> dict[str, str]:
    """str(entity) -> the deferred keys (automaton group indexes, space-separated) that stand for it."""
    by_entity: dict[int, list[int]] = {}
    for g, (_, _, form_ids) in enumerate(groups):
        if deferred(forms, form_ids):
            for entity in sorted({forms[fi].entity for fi in form_ids}):
                by_entity.setdefault(entity, []).append(g)
    return {str(e): " ".join(map(str, gs)) for e, gs in sorted(by_entity.items())}


def build_automaton(
    forms: Sequence[AliasForm],
) -> tuple[ahocorasick.Automaton, list[tuple[int, int, tuple[int, ...]]]]:
    """The automaton over every key but the deferred ones, and what each automaton value stands for."""
    by_norm: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        by_norm.setdefault(form.norm, []).append(i)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    groups: list[tuple[int, int, tuple[int, ...]]] = []
    for norm, ids in by_norm.items():
        key = f" {norm} "
        form_ids = tuple(ids)
        if not deferred(forms, form_ids):
            automaton.add_word(key, len(groups))
        groups.append((len(key), norm.count(" ") + 1, form_ids))
    if len(automaton):
        automaton.make_automaton()
    return automaton, groups
