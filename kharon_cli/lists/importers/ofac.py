"""Convert OFAC's legacy SDN CSV files (``sdn.csv`` + ``alt.csv``) into a kharon watchlist document.

The legacy files have no header, CRLF line ends, ``-0-`` (usually with a trailing space) as the null
marker and a trailing 0x1A byte. ``sdn.csv`` gives one row per listed party; ``alt.csv`` gives its strong
aliases (``aka`` / ``fka`` / ``nka``). Weak ("low quality") aliases exist only inside the Remarks column of
``sdn.csv``, written ``a.k.a. 'NAME'`` (or ``f.k.a.`` / ``n.k.a.``) and ``;``-separated; they all become
``kind: weak``.

Bad input never escapes as a traceback: a missing file, a row with the wrong number of columns, a
non-numeric ent_num and the like raise ``ImportSourceError`` naming the file and the row.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import ImportSourceError
from .aliases import AliasSet
from .yaml_out import write_watchlist_yaml

__all__ = ["OfacImportStats", "birth_years", "read_ofac", "write_watchlist_yaml"]

LIST_ID = "ofac-sdn"
LIST_NAME = "OFAC Specially Designated Nationals (SDN) List"
SOURCE_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
# The non-SDN consolidated list ships the same legacy layout as cons_prim.csv / cons_alt.csv / cons_comments.csv.
CONS_LIST_ID = "ofac-cons"
CONS_LIST_NAME = "OFAC Consolidated Sanctions List (non-SDN)"
CONS_SOURCE_URL = "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv"

SDN_COLUMNS = 12  # ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
#                   Vess_flag, Vess_owner, Remarks
ALT_COLUMNS = 5  # ent_num, alt_num, alt_type, alt_name, alt_remarks
COMMENTS_COLUMNS = 2  # ent_num, the rest of a Remarks field longer than the 1,000 characters sdn.csv holds

_NULL = "-0-"
_TYPES = {"": "organization", "individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_TYPE_ORDER = ("person", "organization", "vessel", "aircraft")
_STRONG_KINDS = ("aka", "fka", "nka")
# A weak alias starts at "a.k.a. '" (or f.k.a. / n.k.a.) and its name ends at the first quote that is
# followed, after optional spaces, by ';', '.', ',' or the end of the field. Names may contain quotes
# themselves ("a.k.a. 'KATA'IB HIZBALLAH FI AL-IRAQ'"), so the first quote is not the end.
_WEAK_START = re.compile(r"\b[afn]\.k\.a\.\s*'")
_WEAK_END = re.compile(r"'\s*(?:[;.,]|$)")
_DOB_RE = re.compile(r"\bDOB ([^;]*)")
_ESTABLISHED_RE = re.compile(r"Organization Established Date (?:[^;]*?)\b(1[89]\d\d|20\d\d)\b")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class OfacImportStats:
    """What an import produced and what it left out."""

    entities: int
    by_type: dict[str, int]  # by kharon entity type: person, organization, vessel, aircraft
    strong_aliases: dict[str, int]  # written aliases from alt.csv, by kind: aka, fka, nka
    weak_aliases: int  # written aliases from the Remarks column
    dropped_alias_rows: int  # alt.csv (and comments) rows whose ent_num is not in sdn.csv
    duplicate_aliases_skipped: int  # aliases equal to the entity's name or to an earlier alias
    unterminated_weak_aliases: int = 0  # "a.k.a. '..." with no closing quote (Remarks cut at 1,000 chars)

    def summary(self) -> str:
        strong = ", ".join(f"{n} {k}" for k, n in self.strong_aliases.items())
        return (
            f"{self.entities} entities, strong aliases: {strong or 'none'}, weak aliases: {self.weak_aliases}, "
            f"alias rows dropped (no such entry): {self.dropped_alias_rows}"
        )


@dataclass
class _Entry:
    ent_num: int
    name: str
    type: str
    programs: list[str]
    remarks: str | None
    strong: list[tuple[int, str, str]]  # (alt_num, kind, name)


def _null(value: str) -> str | None:
    """The field stripped, or None for OFAC's null marker / an empty field."""
    value = value.strip()
    return None if value in ("", _NULL) else value


def _fail(path: Path, row: int | None, message: str) -> ImportSourceError:
    where = f"{path}" if row is None else f"{path}: row {row}"
    return ImportSourceError(f"{where}: {message}")


def _read_rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, fields) for every non-empty record, checking the column count."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, None, f"cannot read OFAC file: {exc.strerror or exc}") from None
    raw = raw.rstrip(b"\x1a")  # DOS end-of-file marker
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    reader = csv.reader(text.splitlines(), strict=True)
    row = 0
    while True:
        row += 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _fail(path, row, f"not valid CSV: {exc}") from None
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if len(fields) != columns:
            raise _fail(path, row, f"expected {columns} columns, got {len(fields)}")
        yield row, fields


def _number(path: Path, row: int, value: str, what: str) -> int:
    value = value.strip()
    if not value.isascii() or not value.isdigit():
        raise _fail(path, row, f"{what} is not a number: {value!r}")
    return int(value)


def _programs(value: str) -> list[str]:
    """``FTO] [SDGT`` -> ``["FTO", "SDGT"]`` (order kept, repeats dropped)."""
    raw = _null(value)
    if raw is None:
        return []
    out: list[str] = []
    for part in raw.split("] ["):
        program = part.strip().strip("[]").strip()
        if program and program not in out:
            out.append(program)
    return out


def birth_years(remarks: str) -> list[int]:
    """The years of birth in OFAC Remarks ("DOB 11 Mar 1957; alt. DOB 1958", "DOB circa 1960", "DOB 1960 to
    1962"), sorted and without repeats."""
    years: set[int] = set()
    for m in _DOB_RE.finditer(remarks):
        years.update(int(y) for y in _YEAR_RE.findall(m.group(1)))
    return sorted(years)


def _weak_aliases(remarks: str) -> tuple[list[str], int]:
    """The names quoted after a.k.a. / f.k.a. / n.k.a. in a Remarks field, and how many were unterminated."""
    names: list[str] = []
    unterminated = 0
    pos = 0
    while (start := _WEAK_START.search(remarks, pos)) is not None:
        end = _WEAK_END.search(remarks, start.end())
        if end is None:
            unterminated += 1  # the Remarks field was cut off inside the name
            break
        name = remarks[start.end() : end.start()].strip()
        # A few nicknames carry their own quotes: a.k.a. ''FOOPIE'' -> FOOPIE.
        if len(name) > 2 and name.startswith("'") and name.endswith("'"):
            name = name[1:-1].strip()
        if name:
            names.append(name)
        pos = end.end()
    return names, unterminated


def _read_sdn(path: Path) -> dict[int, _Entry]:
    entries: dict[int, _Entry] = {}
    for row, fields in _read_rows(path, SDN_COLUMNS):
        ent_num = _number(path, row, fields[0], "ent_num")
        if ent_num in entries:
            raise _fail(path, row, f"duplicate ent_num {ent_num}")
        name = _null(fields[1])
        if name is None:
            raise _fail(path, row, f"ent_num {ent_num} has no name")
        raw_type = _null(fields[2]) or ""
        etype = _TYPES.get(raw_type.lower())
        if etype is None:
            raise _fail(path, row, f"unknown SDN_Type {raw_type!r}")
        entries[ent_num] = _Entry(ent_num, name, etype, _programs(fields[3]), _null(fields[11]), [])
    return entries


def _read_alt(path: Path, entries: dict[int, _Entry]) -> int:
    """Attach alt.csv aliases to their entries; return the number of rows with no entry."""
    dropped = 0
    for row, fields in _read_rows(path, ALT_COLUMNS):
        ent_num = _number(path, row, fields[0], "ent_num")
        alt_num = _number(path, row, fields[1], "alt_num")
        kind = (_null(fields[2]) or "").lower()
        if kind not in _STRONG_KINDS:
            raise _fail(path, row, f"unknown alt_type {fields[2].strip()!r} (expected aka, fka or nka)")
        name = _null(fields[3])
        if name is None:
            raise _fail(path, row, f"alias {alt_num} has no name")
        entry = entries.get(ent_num)
        if entry is None:
            dropped += 1
            continue
        entry.strong.append((alt_num, kind, name))
    return dropped


def _read_comments(path: Path, entries: dict[int, _Entry]) -> int:
    """Append each overflow remark to its entry's Remarks; return the number of rows with no entry."""
    dropped = 0
    for row, fields in _read_rows(path, COMMENTS_COLUMNS):
        ent_num = _number(path, row, fields[0], "ent_num")
        entry = entries.get(ent_num)
        if entry is None:
            dropped += 1
            continue
        # The overflow continues the field mid-word: join without a separator.
        entry.remarks = (entry.remarks or "") + fields[1].rstrip()
    return dropped


def read_ofac(
    sdn: Path,
    alt: Path | None = None,
    *,
    comments: Path | None = None,
    published: dt.date | None = None,
    alt_published: dt.date | None = None,
    list_id: str = LIST_ID,
    list_name: str = LIST_NAME,
    source: str = SOURCE_URL,
) -> tuple[dict[str, object], OfacImportStats]:
    """Return the watchlist document (plain dict ready for YAML) and stats.

    ``comments`` is the optional overflow file (``sdn_comments.csv`` / ``cons_comments.csv``): Remarks longer
    than 1,000 characters continue there, and weak aliases cut off at the limit are completed from it.
    """
    entries = _read_sdn(sdn)
    dropped = _read_alt(alt, entries) if alt is not None else 0
    if comments is not None:
        dropped += _read_comments(comments, entries)

    header: dict[str, object] = {"id": list_id, "name": list_name, "source": source}
    if published is not None:
        header["published"] = published
    dates: dict[str, object] = {}
    if published is not None:
        dates[sdn.name] = published
    if alt is not None and alt_published is not None:
        dates[alt.name if alt.name not in dates else str(alt)] = alt_published
    if dates:
        header["dates"] = dates

    by_type = dict.fromkeys(_TYPE_ORDER, 0)
    strong_count = dict.fromkeys(_STRONG_KINDS, 0)
    weak_count = duplicates = unterminated = 0
    entities: list[dict[str, object]] = []
    for ent_num in sorted(entries):
        entry = entries[ent_num]
        by_type[entry.type] += 1
        alias_set = AliasSet(entry.name)
        for _alt_num, kind, name in sorted(entry.strong, key=lambda s: s[0]):
            if alias_set.add(name, kind):
                strong_count[kind] += 1
        if entry.remarks is not None:
            weak, cut = _weak_aliases(entry.remarks)
            unterminated += cut
            weak_count += sum(alias_set.add(name, "weak") for name in weak)
        duplicates += alias_set.duplicates
        aliases = alias_set.aliases
        entity: dict[str, object] = {"id": str(ent_num), "name": entry.name, "type": entry.type}
        if entry.programs:
            entity["programs"] = list(entry.programs)
        born = birth_years(entry.remarks or "") if entry.type == "person" else []
        if born:
            entity["born"] = born
        established = _ESTABLISHED_RE.search(entry.remarks or "") if entry.type == "organization" else None
        if established:
            entity["established"] = int(established.group(1))
        if aliases:
            entity["aliases"] = aliases
        entities.append(entity)

    doc: dict[str, object] = {"list": header, "entities": entities}
    stats = OfacImportStats(
        entities=len(entities),
        by_type=by_type,
        strong_aliases=strong_count,
        weak_aliases=weak_count,
        dropped_alias_rows=dropped,
        duplicate_aliases_skipped=duplicates,
        unterminated_weak_aliases=unterminated,
    )
    return doc, stats
