"""Convert the EU consolidated financial sanctions list (FSF, XML) into a kharon watchlist document.

One of the importers behind ``kharon lists import`` / ``kharon lists update eu-fsf``: the document returned here
goes to ``yaml_out.write_watchlist_yaml``, and the file written is read back by ``lists.watchlist``.

The source is the European Commission's ``xmlFullSanctionsList_1_1`` file (namespace
``http://eu.europa.ec/fpi/fsd/export``, the default namespace of the file): an ``<export generationDate="...">``
root holding one ``<sanctionEntity logicalId="..." euReferenceNumber="...">`` per listed party, each with
``<regulation programme="...">``, ``<subjectType code="person|enterprise">``, ``<nameAlias>``,
``<birthdate>``, ``<citizenship>``, ``<address>``, ``<identification>`` and ``<remark>`` children. How each
record maps:

* ``logicalId`` is the entity id. A record without one, or an id used twice, is an error: ids must be stable
  and unique. (``euReferenceNumber`` is not used: the Commission leaves it empty on some records.)
* type: ``subjectType`` code ``person`` -> ``person``, ``enterprise`` -> ``organization``; any other code
  (or none) -> ``organization``, counted in ``EuImportStats.other_types``.
* ``programs``: the ``programme`` attributes of the record's ``regulation`` elements (``IRQ``, ``RUS``, ...),
  sorted, without repeats or empty values.
* name, from the ``nameAlias`` elements in file order (one with an empty ``wholeName`` is a placeholder and is
  skipped and counted):

  - a person's name is ``SURNAME, Given names`` (``PETROVSKY, Ivan Sergeyevich``) built from the first strong
    (``strong="true"``) alias in Latin script with both ``firstName`` and ``lastName``: the surname is
    ``lastName`` in capitals, the given names ``firstName`` and ``middleName``, as ``un.person_name`` writes
    them. The matcher reads both name orders from that form, so that alias's ``wholeName`` (and any other
    alias equal to the name in either order) is not written again;
  - otherwise (an enterprise, or a person listed without first and last name) the first strong ``wholeName``
    in Latin script, else the first ``wholeName`` of all.
* aliases: every other ``wholeName``, in file order: ``strong="true"`` -> ``aka``, ``strong="false"`` ->
  ``weak``. One equal to the name or an earlier alias, ignoring case and spacing, is skipped and counted
  (``aliases.AliasSet``).
* ``born`` (people): the ``year`` of every ``birthdate`` (the year of its ``birthdate`` attribute when ``year``
  is empty), sorted, without repeats.
* ``published`` defaults to the date part of the root's ``generationDate``.

The XML is parsed with expat, which gives line numbers for errors. A DOCTYPE (and so any entity
declaration) is refused: lists come from other teams and entity expansion is an attack vector. Malformed
XML, a wrong root element, a missing or duplicate ``logicalId`` and the like raise ``ImportSourceError``
naming the file and the line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import AliasSet, name_key
from .un import person_name
from .xml_tree import XmlNode as _Node
from .xml_tree import fail as _fail
from .xml_tree import read_xml
from .yaml_out import write_watchlist_yaml

__all__ = ["EuImportStats", "read_eu", "write_watchlist_yaml"]

LIST_ID = "eu-fsf"
LIST_NAME = "EU consolidated financial sanctions list"
SOURCE_URL = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"

_NS_SEP = " "  # expat joins a namespace and a local name with this (a space never occurs in either)
_ROOT = "export"
_TYPES = {"person": "person", "enterprise": "organization"}
_ALIAS_KINDS = ("aka", "weak")
_DATE_RE = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True)
class EuImportStats:
    """What an import produced and what it left out."""

    entities: int
    by_type: dict[str, int]  # person, organization
    aliases: dict[str, int]  # written aliases by kind: aka (strong), weak
    empty_aliases: int = 0  # nameAlias elements with an empty wholeName
    duplicate_aliases_skipped: int = 0  # equal to the entity's name (either order) or an earlier alias
    other_types: int = 0  # subjectType codes other than person / enterprise (or none), written as organizations
    programs: dict[str, int] = field(default_factory=dict)  # entities per regulation programme

    def summary(self) -> str:
        """One line for the CLI."""
        total = sum(self.aliases.values())
        kinds = ", ".join(f"{n} {k}" for k, n in self.aliases.items() if n)
        other = f", {self.other_types} of another subject type" if self.other_types else ""
        return (
            f"{self.entities} entities ({self.by_type.get('person', 0)} persons, "
            f"{self.by_type.get('organization', 0)} organisations{other}), {total} aliases ({kinds or 'none'}), "
            f"{len(self.programs)} programmes, dropped {self.duplicate_aliases_skipped} duplicates, "
            f"{self.empty_aliases} empty"
        )


# ------------------------------------------------------------------------------------------ XML reading


def _local(tag: str) -> str:
    namespace, _, local = tag.rpartition(_NS_SEP)
    return local if namespace in ("", NAMESPACE) else tag


def _shown(tag: str) -> str:
    """A tag as an error message writes it: ``{namespace}local`` for a foreign namespace."""
    namespace, _, local = tag.rpartition(_NS_SEP)
    return f"{{{namespace}}}{local}" if namespace else local


def _parse(path: Path) -> _Node:
    root = read_xml(path, "an EU list", namespace_separator=_NS_SEP, tag=_local)
    if root.tag != _ROOT:
        raise _fail(
            path,
            root.line,
            f"not an EU financial sanctions list: root element is <{_shown(root.tag)}>, not <{_ROOT}> "
            f"in namespace {NAMESPACE}",
        )
    return root


# ------------------------------------------------------------------------------------------ records


def _latin(text: str) -> bool:
    """True when every letter of ``text`` is a Latin letter (and there is one)."""
    letters = [ch for ch in text if ch.isalpha() and unicodedata.category(ch) != "Lm"]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


@dataclass
class _Alias:
    whole: str
    first: str
    middle: str
    last: str
    strong: bool
    line: int


def _aliases(path: Path, ident: str, record: _Node) -> tuple[list[_Alias], int]:
    """The record's name aliases in file order, and how many had an empty wholeName."""
    out: list[_Alias] = []
    empty = 0
    for node in record.all("nameAlias"):
        whole = node.attr("wholeName")
        if not whole:
            empty += 1
            continue
        strong = node.attr("strong").lower()
        if strong not in ("true", "false", ""):
            raise _fail(path, node.line, f"sanctionEntity {ident}: strong is not true or false: {strong!r}")
        out.append(
            _Alias(
                whole,
                node.attr("firstName"),
                node.attr("middleName"),
                node.attr("lastName"),
                strong != "false",
                node.line,
            )
        )
    return out, empty


def _name(etype: str, aliases: list[_Alias]) -> tuple[str, _Alias | None, list[str]]:
    """(name, the alias it came from, the spellings of the name the matcher derives from it itself)."""
    if etype == "person":
        for alias in aliases:
            if alias.strong and alias.first and alias.last and _latin(f"{alias.first} {alias.middle} {alias.last}"):
                name = person_name([alias.first, alias.middle, alias.last.upper()])
                surname, _, given = name.partition(", ")
                return name, alias, [f"{given} {surname}", f"{surname} {given}"] if given else []
    chosen = next((a for a in aliases if a.strong and _latin(a.whole)), aliases[0] if aliases else None)
    return (chosen.whole, chosen, []) if chosen is not None else ("", None, [])


def _year(path: Path, node: _Node) -> int | None:
    raw = node.attr("year")
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
            raise _fail(path, node.line, f"birthdate year is not a year: {raw!r}")
        return int(raw)
    date = node.attr("birthdate")
    if date:
        if not _DATE_RE.fullmatch(date):
            raise _fail(path, node.line, f"birthdate is not YYYY-MM-DD: {date!r}")
        return int(date[:4])
    return None


@dataclass
class _Counts:
    aliases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_ALIAS_KINDS, 0))
    empty: int = 0
    duplicates: int = 0
    other_types: int = 0


def _entity(path: Path, record: _Node, counts: _Counts) -> tuple[str, dict[str, object], list[str]]:
    ident = "".join(record.attrs.get("logicalId", "").split())
    if not ident:
        raise _fail(path, record.line, "sanctionEntity without a logicalId")

    subject = record.first("subjectType")
    code = subject.attr("code").lower() if subject is not None else ""
    etype = _TYPES.get(code)
    if etype is None:
        etype = "organization"
        counts.other_types += 1

    aliases, empty = _aliases(path, ident, record)
    counts.empty += empty
    name, source, spellings = _name(etype, aliases)
    if not name:
        raise _fail(path, record.line, f"sanctionEntity {ident} has no name (no nameAlias with a wholeName)")

    written = AliasSet(name)
    derived = {name_key(s) for s in spellings}
    written.seen.update(derived)
    for alias in aliases:
        if alias is source and name_key(alias.whole) in {name_key(name), *derived}:
            continue  # the name itself, not a repeat of it
        kind = "aka" if alias.strong else "weak"
        if written.add(alias.whole, kind):
            counts.aliases[kind] += 1
    counts.duplicates += written.duplicates

    programs = sorted({p for reg in record.all("regulation") if (p := reg.attr("programme"))})
    entity: dict[str, object] = {"id": ident, "name": name, "type": etype}
    if programs:
        entity["programs"] = programs
    if etype == "person":
        born = sorted({y for node in record.all("birthdate") if (y := _year(path, node)) is not None})
        if born:
            entity["born"] = born
    if written.aliases:
        entity["aliases"] = written.aliases
    return ident, entity, programs


def _generated(path: Path, root: _Node) -> dt.date | None:
    raw = root.attr("generationDate")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise _fail(path, root.line, f"generationDate is not a date: {raw!r}") from None


def _id_order(ident: str) -> tuple[int, int, str]:
    """Numeric ids (every logicalId) in numeric order, as ``write_watchlist_yaml`` writes them."""
    return (0, int(ident), "") if ident.isascii() and ident.isdigit() else (1, 0, ident)


def read_eu(path: Path, *, published: dt.date | None = None) -> tuple[dict[str, object], EuImportStats]:
    """Return the watchlist document (plain dict ready for YAML, entities in id order) and stats.

    ``published`` defaults to the date part of the root's ``generationDate`` attribute.
    """
    path = Path(path)
    root = _parse(path)
    if published is None:
        published = _generated(path, root)

    counts = _Counts()
    entities: dict[str, dict[str, object]] = {}
    first_line: dict[str, int] = {}
    by_type = {"person": 0, "organization": 0}
    programs: dict[str, int] = {}
    for record in root.all("sanctionEntity"):
        ident, entity, entity_programs = _entity(path, record, counts)
        if ident in entities:
            raise _fail(path, record.line, f"duplicate logicalId {ident} (first at line {first_line[ident]})")
        entities[ident] = entity
        first_line[ident] = record.line
        by_type[str(entity["type"])] += 1
        for program in entity_programs:
            programs[program] = programs.get(program, 0) + 1

    header: dict[str, object] = {"id": LIST_ID, "name": LIST_NAME, "source": SOURCE_URL}
    if published is not None:
        header["published"] = published
        header["dates"] = {path.name: published}
    doc: dict[str, object] = {"list": header, "entities": [entities[i] for i in sorted(entities, key=_id_order)]}
    stats = EuImportStats(
        entities=len(entities),
        by_type=by_type,
        aliases=counts.aliases,
        empty_aliases=counts.empty,
        duplicate_aliases_skipped=counts.duplicates,
        other_types=counts.other_types,
        programs=dict(sorted(programs.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
    return doc, stats
