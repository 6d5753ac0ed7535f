"""Allowlists: hits a team has reviewed and accepted as not-a-match, suppressed with a stated reason.

Applied after matching (between the matcher and the reporters). Suppressed hits are never silently dropped:
each file result carries them with the reason, and the summary counts them. The file format:

    allow:
      - entity: ofac-sdn:15908        # an entity key (list:id), or a bare entity id on any list
        phrase: Justice               # optional: the mention, compared after normalisation
        path: "archive/1987/*.txt"    # optional glob on the input path as reported
        reason: Justice Department, not the vessel DAN (f.k.a. JUSTICE)   # required

An entry needs an entity or a phrase (or both); every condition given must hold for a hit to be suppressed.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import WatchlistError
from ..matching.normalize import normalize
from ..models import Hit, Suppressed
from .watchlist import _Ctx, _Loader, _mapping, _sequence, _string


@dataclass(frozen=True, slots=True)
class AllowEntry:
    reason: str
    entity: str | None = None
    phrase: str | None = None  # normalised
    path: str | None = None
    line: int = 0

    def matches(self, path: str, hit: Hit) -> bool:
        if self.entity is not None and self.entity not in (hit.entity_key, hit.entity.id):
            return False
        if self.phrase is not None and normalize(hit.text) != self.phrase:
            return False
        return self.path is None or fnmatch.fnmatch(path, self.path)


@dataclass(frozen=True)
class Allowlist:
    entries: tuple[AllowEntry, ...]

    def split(self, path: str, hits: tuple[Hit, ...]) -> tuple[tuple[Hit, ...], tuple[Suppressed, ...]]:
        """The hits that stay, and those an entry suppresses (with the first matching entry's reason)."""
        kept: list[Hit] = []
        suppressed: list[Suppressed] = []
        for hit in hits:
            entry = next((e for e in self.entries if e.matches(path, hit)), None)
            if entry is None:
                kept.append(hit)
            else:
                suppressed.append(Suppressed(hit, entry.reason))
        return tuple(kept), tuple(suppressed)


def load_allowlist(path: Path) -> Allowlist:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchlistError(name, f"cannot read allowlist: {exc}") from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise WatchlistError(name, f"YAML syntax error: {exc.problem}", line=mark.line + 1 if mark else None) from None
    ctx = _Ctx(name)
    if root is None:
        raise WatchlistError(name, "the file is empty")
    top = _mapping(ctx, root, "the allowlist", {"allow"})
    if "allow" not in top:
        raise ctx.fail(root, "missing required key 'allow'")
    entries = []
    for node in _sequence(ctx, top["allow"], "allow"):
        fields = _mapping(ctx, node, "allowlist entry", {"entity", "phrase", "path", "reason"})
        if "reason" not in fields:
            raise ctx.fail(node, "allowlist entry has no reason")
        if "entity" not in fields and "phrase" not in fields:
            raise ctx.fail(node, "allowlist entry needs an entity or a phrase")
        phrase = _string(ctx, fields["phrase"], "phrase") if "phrase" in fields else None
        entries.append(
            AllowEntry(
                reason=_string(ctx, fields["reason"], "reason"),
                entity=_string(ctx, fields["entity"], "entity", allow_int=True) if "entity" in fields else None,
                phrase=normalize(phrase) if phrase is not None else None,
                path=_string(ctx, fields["path"], "path") if "path" in fields else None,
                line=node.start_mark.line + 1,
            )
        )
    return Allowlist(tuple(entries))
