"""Convert an OpenSanctions FollowTheMoney (FtM) entity export (``entities.ftm.json``) into a kharon watchlist.

The export is JSON lines: one entity a line, ``{"id", "schema", "caption", "properties": {...}, "datasets",
"referents", "first_seen", "last_seen", ...}``. Every property value is a list of strings. Blank lines are
allowed; anything else that is not a JSON object with an ``id`` and a ``schema`` is an error.

How it maps:

* ``schema``: ``Person`` -> person; ``Organization``, ``Company``, ``LegalEntity``, ``PublicBody`` ->
  organization; ``Vessel`` -> vessel; ``Airplane`` -> aircraft. Every other schema (``Address``,
  ``Sanction``, ``Ownership``, ``Passport``, ...) describes context, not a party, and is skipped (counted by
  schema).
* name: the ``name`` value equal to the ``caption`` (OpenSanctions' pick of the best name), else the first
  ``name`` value. The other ``name`` values and ``alias`` become ``aka`` aliases, ``previousName`` ``fka``,
  ``weakAlias`` ``weak``. Repeats (ignoring case and spacing) are dropped, the first kept.
* A person's strong names written "First [Middle ...] Last", where ``firstName`` / ``lastName`` say which
  words are which, are written ``Last, First [Middle ...]`` so the matcher finds both orders and the
  surname alone after a full mention. Names in another order are kept as they are.
* programs: the entity's ``topics`` (sorted: ``sanction``, ``role.pep``, ...), then its ``datasets``
  (sorted: ``us_ofac_sdn``, ...), then any ``program`` property values, without repeats.
* born: the years of ``birthDate`` (people); established: the earliest year of ``incorporationDate``
  (organisations).
* ``topics=`` keeps only the entities carrying one of the given topics, compared exactly: ``sanction``
  does not take in ``sanction.linked`` or ``sanction.counter``.

Entities of a mapped schema with no name are skipped (counted). A duplicate entity id among those entities
is an error naming both lines. Bad input never escapes as a traceback: it raises ``ImportSourceError``
naming the file and the line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import ImportSourceError
from .aliases import AliasSet, name_key

__all__ = ["FtmImportStats", "read_ftm"]

LIST_ID = "opensanctions"
LIST_NAME = "OpenSanctions"

_SCHEMA_TYPES = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
_TYPE_ORDER = ("person", "organization", "vessel", "aircraft")
_ALIAS_KINDS = ("aka", "fka", "weak")  # FtM has no "now known as"
# An FtM date is a prefix of ISO 8601: "1957", "1957-03", "1957-03-11" (sometimes with a time). Years outside
# the range the watchlist accepts are ignored.
_YEAR_RE = re.compile(r"^(\d{4})(?:-|$|T)")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FtmImportStats:
    """What an import produced and what it left out."""

    records: int  # non-blank lines read
    entities: int  # entities written
    by_type: dict[str, int]  # by kharon entity type: person, organization, vessel, aircraft
    aliases: dict[str, int]  # written aliases by kind: aka, fka, weak
    surname_first: int  # persons whose name was rewritten "Last, First" (their aliases may be too)
    duplicate_aliases_skipped: int  # names equal to the entity's name or an earlier alias
    no_name: int  # entities of a mapped schema without any name value
    outside_topics: int  # entities of a mapped schema left out by the topics filter
    skipped_schemas: dict[str, int]  # records of other schemas (Address, Sanction, ...), by schema

    def summary(self) -> str:
        """One line for the user: what was written and what was dropped."""
        t = self.by_type
        a = self.aliases
        other = ", ".join(f"{schema} {n}" for schema, n in self.skipped_schemas.items())
        skipped = sum(self.skipped_schemas.values())
        return (
            f"{_count(self.entities, 'entity', 'entities')} ({_count(t['person'], 'person', 'persons')}, "
            f"{_count(t['organization'], 'organisation', 'organisations')}, "
            f"{_count(t['vessel'], 'vessel', 'vessels')}, {t['aircraft']} aircraft), "
            f"{_count(sum(a.values()), 'alias', 'aliases')} "
            f"({a['aka']} aka, {a['fka']} fka, {a['weak']} weak), "
            f"dropped: {self.no_name} without a name, {self.outside_topics} outside the topics filter, "
            f"{_count(self.duplicate_aliases_skipped, 'duplicate alias', 'duplicate aliases')}, "
            f"{_count(skipped, 'record', 'records')} of other schemas{f' ({other})' if other else ''}"
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _fail(path: Path, line: int | None, message: str) -> ImportSourceError:
    where = f"{path}" if line is None else f"{path}: line {line}"
    return ImportSourceError(f"{where}: {message}")


def _records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """(line number, object) for every non-blank line, read one line at a time (exports run to gigabytes)."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _fail(path, None, f"cannot read FtM file: {exc.strerror or exc}") from None
    with handle:
        number = 0
        while True:
            try:
                raw = handle.readline()
            except OSError as exc:
                raise _fail(path, number + 1, f"cannot read FtM file: {exc.strerror or exc}") from None
            if not raw:
                return
            number += 1
            if number == 1 and raw.startswith(_UTF8_BOM):
                raw = raw[len(_UTF8_BOM) :]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _fail(path, number, f"not valid UTF-8 (byte {exc.start + 1})") from None
            # Trailing whitespace (the line break) off, so an error's column is on this line.
            text = text.rstrip()
            if not text:
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise _fail(path, number, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
            except (ValueError, RecursionError):
                raise _fail(path, number, "not valid JSON") from None
            if not isinstance(value, dict):
                raise _fail(path, number, f"expected a JSON object, got {_json_kind(value)}")
            yield number, value


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def _text(path: Path, line: int, record: dict[str, object], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, line, f"entity has no {key}" if value is None else f"{key} must be a non-empty string")
    return value.strip()


def _strings(path: Path, line: int, value: object, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, line, f"{what} must be a list of strings")
    return list(value)


class _Props:
    """Typed access to an entity's ``properties``, checked only for the properties this importer reads."""

    def __init__(self, path: Path, line: int, record: dict[str, object]):
        props = record.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            raise _fail(path, line, "properties must be an object")
        self._props: dict[str, object] = props
        self._path = path
        self._line = line

    def get(self, name: str) -> list[str]:
        return _strings(self._path, self._line, self._props.get(name), f"property {name!r}")

    def names(self, name: str) -> list[str]:
        """The property's values as names: spacing collapsed (values carry doubled spaces, line breaks), empties
        dropped."""
        return [cleaned for v in self.get(name) if (cleaned := " ".join(v.split()))]


def _surname_first(name: str, firsts: list[str], lasts: list[str]) -> str | None:
    """``Dariusz Velkanov`` -> ``Velkanov, Dariusz`` when a firstName starts and a lastName ends the name.

    Middle names stay with the given names (``Ivan Petrovich Sidorov`` -> ``Sidorov, Ivan Petrovich``). The
    words are taken from the name itself, so its spelling and case are kept. None when the name does not
    have that shape (surname first already, a different spelling, a comma in it).
    """
    if "," in name:
        return None
    words = name.split()
    folded = [w.casefold() for w in words]
    for last in lasts:
        last_words = last.casefold().split()
        if not last_words or len(last_words) >= len(words) or folded[-len(last_words) :] != last_words:
            continue
        given = words[: -len(last_words)]
        for first in firsts:
            first_words = first.casefold().split()
            if first_words and folded[: len(first_words)] == first_words:
                return f"{' '.join(words[-len(last_words) :])}, {' '.join(given)}"
    return None


def _person_order(name: str, firsts: list[str], lasts: list[str]) -> str:
    """The name written surname first when firstName / lastName show its shape, else the name unchanged."""
    return (_surname_first(name, firsts, lasts) if firsts and lasts else None) or name


def _years(values: list[str]) -> list[int]:
    years = {int(m.group(1)) for v in values if (m := _YEAR_RE.match(v.strip()))}
    return sorted(y for y in years if 1000 <= y <= 2999)


def read_ftm(
    path: Path,
    *,
    list_id: str = LIST_ID,
    list_name: str = LIST_NAME,
    published: dt.date | None = None,
    source: str | None = None,
    topics: set[str] | None = None,
) -> tuple[dict[str, object], FtmImportStats]:
    """Return the watchlist document (plain dict ready for YAML) and stats.

    Entities are written in file order (``write_watchlist_yaml`` sorts them by id). ``topics``, when given,
    keeps only entities with at least one of these topics (exact topic codes, e.g. ``{"sanction"}``).
    """
    path = Path(path)
    header: dict[str, object] = {"id": list_id, "name": list_name}
    if source is not None:
        header["source"] = source
    if published is not None:
        header["published"] = published
        header["dates"] = {path.name: published}

    by_type = dict.fromkeys(_TYPE_ORDER, 0)
    alias_count = dict.fromkeys(_ALIAS_KINDS, 0)
    skipped: dict[str, int] = {}
    records = no_name = outside = duplicates = surname_first = 0
    first_line: dict[str, int] = {}  # entity id -> line, for entities of a mapped schema
    entities: list[dict[str, object]] = []

    for line, record in _records(path):
        records += 1
        ident = _text(path, line, record, "id")
        schema = _text(path, line, record, "schema")
        etype = _SCHEMA_TYPES.get(schema)
        if etype is None:
            skipped[schema] = skipped.get(schema, 0) + 1
            continue
        # Checked before any filter, so whether a file is accepted does not depend on the options.
        if ident in first_line:
            raise _fail(path, line, f"duplicate entity id {ident!r} (first on line {first_line[ident]})")
        first_line[ident] = line

        props = _Props(path, line, record)
        entity_topics = props.get("topics")
        if topics is not None and not topics.intersection(entity_topics):
            outside += 1
            continue
        names = props.names("name")
        if not names:
            no_name += 1
            continue

        caption = record.get("caption")
        if caption is not None and not isinstance(caption, str):
            raise _fail(path, line, "caption must be a string")
        primary_at = next(
            (i for i, n in enumerate(names) if caption is not None and name_key(n) == name_key(caption)), 0
        )

        firsts, lasts = (props.get("firstName"), props.get("lastName")) if etype == "person" else ([], [])
        name = _person_order(names[primary_at], firsts, lasts)
        if name != names[primary_at]:
            surname_first += 1
        alias_set = AliasSet(name)
        # Weak aliases are matched only as written, so they are never reordered.
        candidates = [
            *(("aka", _person_order(n, firsts, lasts)) for i, n in enumerate(names) if i != primary_at),
            *(("aka", _person_order(n, firsts, lasts)) for n in props.names("alias")),
            *(("fka", _person_order(n, firsts, lasts)) for n in props.names("previousName")),
            *(("weak", n) for n in props.names("weakAlias")),
        ]
        for kind, alias in candidates:
            if alias_set.add(alias, kind):
                alias_count[kind] += 1
        duplicates += alias_set.duplicates
        aliases = alias_set.aliases

        programs = list(
            dict.fromkeys(
                [
                    *sorted(t.strip() for t in entity_topics if t.strip()),
                    *sorted(d.strip() for d in _strings(path, line, record.get("datasets"), "datasets") if d.strip()),
                    *props.names("program"),
                ]
            )
        )
        entity: dict[str, object] = {"id": ident, "name": name, "type": etype}
        if programs:
            entity["programs"] = programs
        if etype == "person" and (born := _years(props.get("birthDate"))):
            entity["born"] = born
        if etype == "organization" and (established := _years(props.get("incorporationDate"))):
            entity["established"] = established[0]
        if aliases:
            entity["aliases"] = aliases
        by_type[etype] += 1
        entities.append(entity)

    doc: dict[str, object] = {"list": header, "entities": entities}
    stats = FtmImportStats(
        records=records,
        entities=len(entities),
        by_type=by_type,
        aliases=alias_count,
        surname_first=surname_first,
        duplicate_aliases_skipped=duplicates,
        no_name=no_name,
        outside_topics=outside,
        skipped_schemas=dict(sorted(skipped.items())),
    )
    return doc, stats
