"""Plain data that flows through the pipeline: watchlists in, hits and file results out.

Everything here is a frozen dataclass. Hits order by (start, end, entity key) and file results by path, so
any output built from them is deterministic. Nothing in this module knows about YAML, matching or rendering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class AliasKind(StrEnum):
    """Where a name came from: the entity's own name, a strong alias, or a weak (low-quality) one."""

    PRIMARY = "primary"
    AKA = "aka"
    FKA = "fka"
    NKA = "nka"
    WEAK = "weak"


class Method(StrEnum):
    """How a mention was matched, from most to least literal."""

    EXACT = "exact"  # the text spells the alias as listed (ignoring case and spacing)
    NORMALIZED = "normalized"  # equal after normalisation (apostrophes, hyphens, diacritics, ...)
    REORDERED = "reordered"  # a person's name in natural order ("Qasem Soleimani" for "SOLEIMANI, Qasem")
    FUZZY = "fuzzy"  # a spelling variant verified with an edit-distance budget
    TITLE = "title"  # a title and a distinctive surname ("President Kozlovsky")
    FOLLOWUP = "followup"  # a surname-only mention after a full mention of the same person


class FileStatus(StrEnum):
    OK = "ok"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    kind: AliasKind = AliasKind.AKA


@dataclass(frozen=True, slots=True)
class ListInfo:
    """A watchlist's header, plus what kharon learned loading it."""

    id: str
    name: str
    source: str | None = None
    published: dt.date | None = None
    path: str | None = None
    entities: int = 0
    aliases: int = 0
    extra_dates: tuple[tuple[str, dt.date], ...] = ()
    sha256: str | None = None  # of the file's bytes, so a log proves which version of the list was used


@dataclass(frozen=True, slots=True)
class Entity:
    list_id: str
    id: str
    name: str
    type: EntityType = EntityType.ORGANIZATION
    programs: tuple[str, ...] = ()
    aliases: tuple[Alias, ...] = ()
    born: tuple[int, ...] = ()  # years of birth, for people (several when the list is unsure)
    established: int | None = None  # year an organisation was established

    @property
    def key(self) -> str:
        """The entity's id across all lists: ``<list id>:<entity id>``."""
        return f"{self.list_id}:{self.id}"

    def names(self) -> tuple[Alias, ...]:
        """The primary name followed by every alias."""
        return (Alias(self.name, AliasKind.PRIMARY), *self.aliases)


@dataclass(frozen=True, slots=True)
class Watchlist:
    info: ListInfo
    entities: tuple[Entity, ...]
    # Per entity, in order: the line of its name and of each alias in the file (for messages to list authors).
    lines: tuple[tuple[int, tuple[int, ...]], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True, order=True)
class Hit:
    """One mention of one entity. ``text == original[start:end]`` always holds."""

    start: int
    end: int
    entity_key: str
    text: str = field(compare=False)
    entity: Entity = field(compare=False)
    alias: str = field(compare=False)
    alias_kind: AliasKind = field(compare=False)
    method: Method = field(compare=False)
    score: float = field(compare=False)
    line: int = field(compare=False)
    column: int = field(compare=False)
    # A short hash of the normalised words around the mention (``CONTEXT_WORDS`` each side): with the entity
    # and the normalised mention, it identifies a mention without its line number (baselines).
    context: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A hit an allowlist entry suppressed, with that entry's reason."""

    hit: Hit
    reason: str


@dataclass(frozen=True, slots=True, order=True)
class FileResult:
    path: str
    status: FileStatus = field(compare=False)
    hits: tuple[Hit, ...] = field(default=(), compare=False)
    message: str | None = field(default=None, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    suppressed: tuple[Suppressed, ...] = field(default=(), compare=False)
    baselined: int = field(default=0, compare=False)  # hits a baseline accounted for (left out of ``hits``)


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    files_with_hits: int
    hits: int
    entities: int
    errors: int
    skipped: int
    suppressed: int = 0
    baselined: int = 0

    @classmethod
    def of(cls, files: tuple[FileResult, ...] | list[FileResult]) -> Summary:
        return cls(
            files=len(files),
            files_with_hits=sum(1 for f in files if f.hits),
            hits=sum(len(f.hits) for f in files),
            entities=len({h.entity_key for f in files for h in f.hits}),
            errors=sum(1 for f in files if f.status is FileStatus.ERROR),
            skipped=sum(1 for f in files if f.status is FileStatus.SKIPPED),
            suppressed=sum(len(f.suppressed) for f in files),
            baselined=sum(f.baselined for f in files),
        )
