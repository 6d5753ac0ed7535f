"""Matching: watchlists compiled into a matcher, and a text tagged with it. Knows nothing of typer or rich.

What enters: ``models.Watchlist`` values (from ``lists``) at compile time, then article text. What leaves:
a ``compiled.CompiledMatcher`` (stored by ``store.cache``) and, per text, sorted ``models.Hit`` values whose
``start``/``end`` index the original text.

Compile time: ``normalize`` (the one normaliser, with its offset map), ``forms`` (the alias form type),
``compiler`` (names into alias forms), ``risk`` and ``frequency`` (which names may match alone),
``automaton`` (the exact-name index), ``fuzzy`` (the spelling-variant index), ``compiled`` (the result).
Tagging: ``tagger`` runs ``spans`` -> ``checks`` -> ``resolve`` -> ``followups`` -> ``hits`` over
``candidates``; ``explain`` is its account of why. A new matching rule goes in the step it belongs to.
"""
