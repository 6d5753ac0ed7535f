"""``--fail-on``: which hits make ``kharon scan`` exit 1, so a CI job can fail on exact hits and only report
fuzzy ones. Pure.

Each ``--fail-on`` value is a minimum score (a number, 0-100) or method names (``exact``, ``normalized``,
``reordered``, ``fuzzy``, ``followup``; several with commas). A hit fails the scan when it meets every
condition given: its score is at least the highest minimum given, and its method is one of the methods given
(when any are). Without ``--fail-on`` every reported hit fails it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import UsageError
from ..models import Hit, Method


@dataclass(frozen=True)
class FailPolicy:
    min_score: float | None = None
    methods: frozenset[Method] | None = None

    @classmethod
    def parse(cls, values: Iterable[str]) -> FailPolicy:
        min_score: float | None = None
        methods: set[Method] = set()
        names = {m.value: m for m in Method}
        for raw in values:
            for part in (p.strip() for p in raw.split(",")):
                if not part:
                    continue
                if part in names:
                    methods.add(names[part])
                    continue
                try:
                    score = float(part)
                except ValueError:
                    raise UsageError(
                        f"--fail-on takes a minimum score (0-100) or methods ({', '.join(names)}), got {part!r}"
                    ) from None
                if not 0 <= score <= 100:
                    raise UsageError(f"--fail-on score must be between 0 and 100, got {part}")
                min_score = score if min_score is None else max(min_score, score)
        return cls(min_score, frozenset(methods) if methods else None)

    def fails(self, hit: Hit) -> bool:
        if self.min_score is not None and hit.score < self.min_score:
            return False
        return self.methods is None or hit.method in self.methods
