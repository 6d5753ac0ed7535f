"""Convert the US Consolidated Screening List CSV (trade.gov CSL, ``consolidated.csv``) into kharon watchlists.

The CSL combines a dozen US export-control and sanctions lists in one UTF-8 CSV with a header row
(``_id, source, entity_number, type, programs, name, ..., source_list_url, alt_names, ..., dates_of_birth,
...``); quoted fields may hold newlines, and the file may start with a byte-order mark. The ``source``
column names the list a row comes from, e.g. ``Entity List (EL) - Bureau of Industry and Security``.

One CSV becomes one watchlist document per source list:

* list id: ``csl-`` + the abbreviation in parentheses, lower-cased, every run of other characters turned
  into ``-`` and a trailing ``list`` word dropped (``(SDN)`` -> ``csl-sdn``, ``(NS-MBS List)`` ->
  ``csl-ns-mbs``); a source without parentheses uses its whole name. Ids that would clash get ``-2``, ``-3``.
* list name: the source string; list source: the one ``source_list_url`` its rows give (empty values
  ignored), else the trade.gov CSL page.
* entity id: ``entity_number`` (OFAC's ent_num on the Treasury lists) when present and unique within the
  source, else the row's ``_id`` (a 40-hex hash on the lists without numbers). A row repeated verbatim
  (same id, same mapped content: the Capta List carries one twice) is dropped. Rows without an
  ``entity_number`` whose mapped content equals an earlier row's are merged into it: the Denied Persons List
  and Entity List give one row per address or order, so "I. ASH" is three rows, and three identical
  entities would only triple every hit (the first row's ``_id`` is kept).
* type: ``Individual`` -> person, ``Entity`` -> organization, ``Vessel`` -> vessel, ``Aircraft`` ->
  aircraft. Six lists (DPL, EL, ITAR Debarred, ISN, MEU, UVL) leave the column empty for every row, and
  they mix people and companies (the Denied Persons List is about three quarters people, ITAR Debarred
  nearly all). An empty type is therefore read from the name: see ``type_from_name``.
* name: as given, with surrounding and repeated whitespace (including embedded newlines) collapsed. The
  Treasury lists write people as ``SURNAME, Given``; the others use natural order, which is kept as is
  (guessing a surname would be wrong too often). The Nonproliferation list's legal tail ("... and any
  successor, sub-unit, or subsidiary thereof") is cut off, as no text names a party that way.
* aliases: ``alt_names`` split on ``;``, kind ``aka``; one equal to the name or an earlier alias (case and
  spacing aside) is skipped and counted. The Entity List writes its alt_names as prose ("A; B; and C"): a
  leading "and " is dropped. A few names and alt_names carry more names inline ("X (f.k.a., Y)", "X, a.k.a.
  Y", "FUYI SUN A/K/A FRANK SUN"): these are split off as aliases of the kind marked (aka, fka or nka).
* programs: ``programs`` split on ``;`` (repeats dropped). born: the years in ``dates_of_birth`` ("1958-07-17",
  "circa 1960", "1961 to 1963": both ends), for people only.
* ``published`` (the CSV's date, which the file does not carry) goes into every list's header, with
  ``dates: {consolidated.csv: ...}``.

Bad input never escapes as a traceback: a missing or undecodable file, a missing column, a row with the
wrong number of fields, no name, no source or an unknown type raise ``ImportSourceError`` naming the file
and the row (the header is row 1; the line where the record starts is given too, as fields may span lines).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ImportSourceError, KharonError
from .aliases import AliasSet
from .yaml_out import write_watchlist_yaml

__all__ = [
    "CSL_URL",
    "CslImportStats",
    "CslListStats",
    "birth_years",
    "list_id_for",
    "read_csl",
    "type_from_name",
    "write_csl_lists",
]

CSL_URL = "https://www.trade.gov/consolidated-screening-list"
GENERATOR = "csl"
REQUIRED_COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "source_list_url",
    "alt_names",
    "dates_of_birth",
)
_TYPES = {"individual": "person", "entity": "organization", "vessel": "vessel", "aircraft": "aircraft"}
_TYPE_ORDER = ("person", "organization", "vessel", "aircraft")
_ALIAS_KINDS = ("aka", "fka", "nka")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ABBREV_RE = re.compile(r"\(([^()]+)\)")
_SLUG_RE = re.compile(r"[^a-z0-9]+")
# An inline "a.k.a." (or f.k.a. / n.k.a. / a/k/a), not inside a word; in brackets a bare "aka" too ("[aka X]").
# A bare aka / fka / nka outside brackets is left alone: "YK-AKA" is an SDN name, "NKA" could be an acronym.
_DOTTED = r"(?P<k>[afn])\.k\.a\.?"
_MARK = r"(?<![\w-])(?:" + _DOTTED + r"|a/k/a)(?![\w-])"
_ASIDE_MARK = r"(?<![\w-])(?:" + _DOTTED + r"|a/k/a|aka)(?![\w-])"
# "X (f.k.a., Y)" / "X [aka Y]": the aside may hold one level of parentheses ("(CAEP)").
_ASIDE_AKA_RE = re.compile(
    r"\s*[(\[]\s*" + _ASIDE_MARK + r"[,:]?\s*(?P<inner>(?:[^()\[\]]|\([^()]*\))*?)\s*[)\]]", re.IGNORECASE
)
_INLINE_AKA_RE = re.compile(r"\s*,?\s*" + _MARK + r",?\s*", re.IGNORECASE)
_KINDS = {"a": "aka", "f": "fka", "n": "nka"}
_BAD_BYTE_RE = re.compile("[\udc80-\udcff]")
# The Nonproliferation Sanctions list appends the legal scope of the sanction to some names.
_LEGAL_TAIL_RE = re.compile(
    r",?\s+and\s+(?:any\s+successor,\s*sub-?unit,?\s+or\s+subsidiary\s+thereof|its\s+sub-?units\s+and\s+successors)"
    r"\s*$",
    re.IGNORECASE,
)

# --- guessing the type of a row whose type column is empty ---------------------------------------------------
# Words that (nearly) never occur in a personal name but often in a company's, agency's or group's name:
# legal forms, trades, institutions, and the country and city names that end subsidiaries' names ("Huawei
# Cloud Berlin", "APEX Kazakhstan"). Tuned on the May 2022 CSL; see type_from_name.
_ORG_WORDS_TEXT = """
    ab ag ao as bhd bv ca cjsc co corp cv doo fz fzc fzco fze fzllc gc gmbh inc incorporated jsc kft kg
    llc llp lp ltd ltda limited mbh nv ojsc oao ooo ou oy pao pjsc plc pt pte pty pvt sa sal sarl sas sdn sl
    spa srl sro tic zao
    company companies corporation group holding holdings concern trust establishment enterprise enterprises
    trading trade traders import export imp exp international global worldwide overseas commercial
    industries industry industrial manufacturing factory plant works zavod shipyard verf production
    technology technologies tech technic technik technical teknik scientech electronics electronic elektronik
    electronica microelectronics semiconductor microsystems systems system services service solutions network
    networks communications telecom computer computers display photonics optics optical automation cloud
    openlab data software net com
    aviation airlines airline airways air aero aerospace aircraft marine maritime shipping lines logistics
    lojistik freight cargo transport transportation express railway railways ports port
    engineering engineers contracting construction equipment machinery components products parts materials
    metals steel alloys alloy titanium chemical chemicals chemie chemistry pharmaceutical petroleum oil gas
    energy mining nuclear instruments instrument motors supply supplies design development research
    science sciences scientific laboratory laboratories lab center centre institute institution university
    academy college school hospital bureau byuro ministry department directorate agency office committee
    council commission government administration authority republic state federal army navy forces force
    corps brigade battalion regiment division guard police security intelligence defense defence military
    organization organisation association associates foundation society party front partners consulting
    investment investments capital finance financial bank insurance fund catering farm stores store shop
    market zone empire sanayi ticaret makina kimya aktsionernoe obshchestvo obschestvo otkrytoe zakrytoe
    publichnoe npp npo npc nii okb kb fgup fsue sue fau fku uab sftue
    of the and for
    afghanistan africa argentina belarus belgium brasil brazil bulgaria canada chile china crimea cuba cyprus
    denmark egypt emirates france germany greece india indonesia iran iraq israel italia italy japan
    kazakhstan korea lebanon liban malaysia mexico netherlands pakistan peru russia singapore spain sweden
    switzerland syria taiwan thailand turkey uae ukraine venezuela yemen
    bangkok beijing berlin cairo dalian delhi dubai guangzhou guiyang istanbul johannesburg moscow munich
    paris petersburg shanghai shenzhen suzhou tehran tianjin wuhan yekaterinburg chengdu
    integrated circuit resort sanaat sanat hizballah hezbollah hizbollah jaysh kata'ib
"""
_ORG_WORDS = frozenset(_ORG_WORDS_TEXT.split())
_PERSON_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# A word: letters, with inner apostrophes and dots kept ("O'NEAL", "a.s"); _LETTERS_RE splits at both.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['.][^\W\d_]+)*")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_AKA_RE = re.compile(_MARK, re.IGNORECASE)
_BRACKETS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_INDIVIDUAL_RE = re.compile(r"\bindividual\b", re.IGNORECASE)
_MAX_PERSON_WORDS = 6


def type_from_name(name: str, aliases: Sequence[str] = ()) -> str:
    """``person`` or ``organization`` for a name (and its aliases) whose list gives no type.

    A name is taken for a person's when it says so ("Ri Sung Chol (DPRK individual)"), or when, leaving out
    bracketed parts and anything after an "a.k.a.", it has two to six words of letters, no digit or ``&`` /
    ``/`` / ``@``, none of the organisation words above and, in a mixed-case name, no all-capital word (an
    acronym: "NPC Granat", "ZTE Parsian"; the surname of "SMITH, Anna" is not one), and when no alias has a
    digit, one of those characters or an organisation word ("Gazprom Neft" a.k.a. "JSC Gazprom Neft").
    Everything else is an organisation, as is a single word.

    On the May 2022 file this types the Denied Persons and ITAR Debarred lists' people and firms almost
    without a miss; on the Entity List some firm names without aliases still pass for people ("Proven
    Glory"). Erring that way is the cheaper mistake: a person's name gets the stricter false-alarm controls
    (generic and single names need confirmation), while a person typed as an organisation ("Wang Wei") would
    match on its own everywhere.
    """
    if _INDIVIDUAL_RE.search(name):
        return "person"
    if _org_marked(name) or any(_org_marked(alias) for alias in aliases):
        return "organization"
    # An acronym is an all-capital word in a mixed-case name, the capitals of "SURNAME, Given" aside.
    surname, comma, given_names = name.partition(",")
    cased = given_names if comma and not any(ch.islower() for ch in surname) else name
    if any(ch.islower() for ch in cased) and any(
        len(w) > 1 and w.isupper() and w.casefold() not in _PERSON_SUFFIXES for w in _LETTERS_RE.findall(cased)
    ):
        return "organization"
    given = [w for w in _core_words(name) if w not in _PERSON_SUFFIXES]
    if not 2 <= len(given) <= _MAX_PERSON_WORDS:
        return "organization"
    return "person"


def _core_words(name: str) -> list[str]:
    """The casefolded words of a name without bracketed asides and what follows an "a.k.a.", dots dropped
    inside a word ("S.A." and "a.s." are the legal forms sa and as)."""
    core = _AKA_RE.split(_BRACKETS_RE.sub(" ", name))[0]
    return [w.replace(".", "").casefold() for w in _WORD_RE.findall(core)]


def _org_marked(name: str) -> bool:
    """Whether a name has a digit, ``&`` / ``/`` / ``@`` / ``+`` or an organisation word (outside asides)."""
    core = _AKA_RE.split(_BRACKETS_RE.sub(" ", name))[0]
    return any(ch.isdigit() or ch in "&/@+" for ch in core) or any(w in _ORG_WORDS for w in _core_words(name))


# --- stats ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CslListStats:
    """What one source list of the CSV produced."""

    list_id: str
    source: str  # the CSV's source string (the list's name)
    rows: int  # CSV rows of this source
    entities: int
    by_type: dict[str, int]  # person, organization, vessel, aircraft
    aliases_by_kind: dict[str, int]  # written aliases: aka, and the fka / nka marked inline
    duplicate_aliases_skipped: int  # aliases equal to the name or to an earlier alias
    repeated_rows_merged: int  # rows dropped as repeats of an earlier row (see the module docstring)
    typed_from_name: int = 0  # rows with an empty type column, typed by type_from_name
    typed_from_name_persons: int = 0  # ... of which taken for people
    legal_tails_cut: int = 0  # names shortened by cutting "and any successor, ..."
    inline_aka_split: int = 0  # rows whose name or alt_names held an inline "a.k.a." / "f.k.a." split off

    @property
    def aliases(self) -> int:
        return sum(self.aliases_by_kind.values())

    def summary(self) -> str:
        types = ", ".join(f"{n} {_plural(t, n)}" for t, n in self.by_type.items() if n)
        return (
            f"{self.list_id}: {self.entities} entities ({types or 'none'}), {self.aliases} aliases "
            f"({_kinds(self.aliases_by_kind)}), {self.duplicate_aliases_skipped} duplicate aliases and "
            f"{self.repeated_rows_merged} repeated rows dropped"
        )


@dataclass(frozen=True)
class CslImportStats:
    """What an import of the whole CSV produced, per source list and in total."""

    rows: int  # data rows in the CSV
    lists: tuple[CslListStats, ...] = field(default_factory=tuple)

    @property
    def entities(self) -> int:
        return sum(s.entities for s in self.lists)

    @property
    def by_type(self) -> dict[str, int]:
        total = dict.fromkeys(_TYPE_ORDER, 0)
        for s in self.lists:
            for t, n in s.by_type.items():
                total[t] += n
        return total

    @property
    def aliases_by_kind(self) -> dict[str, int]:
        total = dict.fromkeys(_ALIAS_KINDS, 0)
        for s in self.lists:
            for k, n in s.aliases_by_kind.items():
                total[k] += n
        return total

    @property
    def aliases(self) -> int:
        return sum(s.aliases for s in self.lists)

    @property
    def duplicate_aliases_skipped(self) -> int:
        return sum(s.duplicate_aliases_skipped for s in self.lists)

    @property
    def repeated_rows_merged(self) -> int:
        return sum(s.repeated_rows_merged for s in self.lists)

    @property
    def typed_from_name(self) -> int:
        return sum(s.typed_from_name for s in self.lists)

    @property
    def typed_from_name_persons(self) -> int:
        return sum(s.typed_from_name_persons for s in self.lists)

    def summary(self) -> str:
        types = ", ".join(f"{n} {_plural(t, n)}" for t, n in self.by_type.items() if n)
        return (
            f"{self.entities} entities ({types or 'none'}) in {len(self.lists)} lists, {self.aliases} aliases "
            f"({_kinds(self.aliases_by_kind)}), dropped {self.duplicate_aliases_skipped} duplicate aliases and "
            f"{self.repeated_rows_merged} repeated rows; {self.typed_from_name} untyped rows typed from the name "
            f"({self.typed_from_name_persons} as persons)"
        )


def _kinds(by_kind: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in by_kind.items() if n) or "none"


def _plural(entity_type: str, n: int) -> str:
    word = {"person": "person", "organization": "organisation"}.get(entity_type, entity_type)
    if word == "aircraft":
        return word
    return word + ("" if n == 1 else "s")


# --- reading ---------------------------------------------------------------------------------------------------


def _fail(path: Path, row: int | None, message: str, line: int | None = None) -> ImportSourceError:
    where = str(path)
    if row is not None:
        where += f": row {row}" + (f" (line {line})" if line is not None else "")
    return ImportSourceError(f"{where}: {message}")


def _undecodable(path: Path, fields: list[str], row: int, line: int) -> None:
    """Fail on the first byte that was not UTF-8 (kept as a lone surrogate by ``surrogateescape``)."""
    for value in fields:
        bad = _BAD_BYTE_RE.search(value)
        if bad is not None:
            raise _fail(path, row, f"not UTF-8 text (byte 0x{ord(bad.group()) - 0xDC00:02x})", line)


@dataclass
class _Row:
    number: int  # the record's row number, the header being row 1
    line: int  # the line the record starts on
    values: dict[str, str]


def _rows(path: Path) -> Iterator[_Row]:
    """Every data record of the CSV as a column -> value mapping, checking the header and field counts."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, None, f"cannot read CSL file: {exc.strerror or exc}") from None
    # Undecodable bytes are kept as lone surrogates and reported with the row they are in.
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    # newline="": records end at \n, \r or \r\n only (not at U+2028 and the like), and quoted fields keep
    # their embedded newlines.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _fail(path, 1, f"not valid CSV: {exc}", 1) from None
    if header is None:
        raise _fail(path, None, "empty file: expected a CSL header row")
    _undecodable(path, header, 1, 1)
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _fail(path, 1, f"not a CSL file: missing required column(s) {', '.join(missing)}", 1)
    row = 1
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _fail(path, row + 1, f"not valid CSV: {exc}", line) from None
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue  # a blank line
        row += 1
        _undecodable(path, fields, row, line)
        if len(fields) != len(header):
            raise _fail(path, row, f"expected {len(header)} fields, got {len(fields)}", line)
        yield _Row(row, line, dict(zip(header, fields, strict=True)))


def _clean(value: str) -> str:
    """Surrounding and repeated whitespace (newlines included) collapsed to single spaces."""
    return " ".join(value.split())


def _split(value: str) -> list[str]:
    """``"A; B;; a"`` -> ``["A", "B", "a"]``: ``;``-separated, cleaned, empty parts dropped (order kept)."""
    return [part for part in (_clean(p) for p in value.split(";")) if part]


def birth_years(value: str) -> list[int]:
    """The years in a CSL ``dates_of_birth`` field ("1958-07-17; circa 1960; 1961 to 1963"), sorted, unique."""
    return sorted({int(y) for y in _YEAR_RE.findall(value)})


def list_id_for(source: str) -> str:
    """``"Entity List (EL) - Bureau of Industry and Security"`` -> ``"csl-el"`` (not yet made unique)."""
    m = _ABBREV_RE.search(source)
    slug = _SLUG_RE.sub("-", (m.group(1) if m else source).lower()).strip("-")
    if m and slug.endswith("-list") and slug != "-list":
        slug = slug[: -len("-list")]  # "(NS-MBS List)": the abbreviation is NS-MBS
    return f"csl-{slug or 'list'}"


@dataclass
class _Entry:
    row: _Row
    entity_number: str
    content: dict[str, object]  # the entity without its id
    typed_from_name: bool
    legal_tail_cut: bool
    duplicate_aliases: int
    aliases: dict[str, int]  # by kind
    inline_aka_split: bool


@dataclass
class _Source:
    name: str
    rows: int = 0
    urls: set[str] = field(default_factory=set)
    entries: list[_Entry] = field(default_factory=list)


def _split_inline_aka(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``"ACME LTD (f.k.a. OLD ACME; OLDER ACME)"`` -> ``("ACME LTD", [("fka", "OLD ACME"), ("fka", "OLDER ACME")])``.

    A few CSL names and alt_names carry further names inline, after ``a.k.a.`` / ``f.k.a.`` / ``n.k.a.``,
    bare or in brackets. The text before the first marker stays (it is "" when the text starts with one).
    """
    found: list[tuple[str, str]] = []

    def aside(m: re.Match[str]) -> str:
        kind = _KINDS[(m.group("k") or "a").lower()]
        found.extend((kind, part) for part in _split(m.group("inner")))
        return " "

    rest = _clean(_ASIDE_AKA_RE.sub(aside, text))
    pieces = _INLINE_AKA_RE.split(rest)
    # re.split with one group: [text, marker letter, text, marker letter, text, ...]
    main = _clean(pieces[0])
    for letter, part in zip(pieces[1::2], pieces[2::2], strict=True):
        kind = _KINDS[(letter or "a").lower()]
        found.extend((kind, p) for p in _split(part))
    return main, found


def _entry(path: Path, row: _Row) -> _Entry:
    v = row.values
    name = _clean(v["name"])
    if not name:
        raise _fail(path, row.number, "row has no name", row.line)
    shortened = _LEGAL_TAIL_RE.sub("", name)
    legal_tail_cut = shortened != name and bool(shortened)
    name = shortened or name
    main, inline = _split_inline_aka(name)
    name = main or name  # a name that starts with "a.k.a." keeps it
    inline_split = bool(inline)

    # The names after an inline a.k.a. in the name come first, then alt_names, each split likewise.
    candidates = list(inline)
    for alt_name in _split(v["alt_names"]):
        # alt_names of the Entity List read as prose: "A; B; and C" (255 times; twice a bare "and").
        alt_name = alt_name.removeprefix("and ") if alt_name != "and" else ""
        main, more = _split_inline_aka(alt_name)
        inline_split = inline_split or bool(more)
        candidates.extend([("aka", main)] if main else [])
        candidates.extend(more)
    alias_set = AliasSet(name)
    by_kind = dict.fromkeys(_ALIAS_KINDS, 0)
    for kind, alias in candidates:
        if alias_set.add(alias, kind):
            by_kind[kind] += 1
    aliases, duplicates = alias_set.aliases, alias_set.duplicates

    raw_type = _clean(v["type"])
    typed_from_name = not raw_type
    if typed_from_name:
        etype = type_from_name(name, [alias for _, alias in candidates])
    else:
        found = _TYPES.get(raw_type.lower())
        if found is None:
            expected = "Individual, Entity, Vessel, Aircraft or empty"
            raise _fail(path, row.number, f"unknown type {raw_type!r} (expected {expected})", row.line)
        etype = found

    content: dict[str, object] = {"name": name, "type": etype}
    programs = list(dict.fromkeys(_split(v["programs"])))
    if programs:
        content["programs"] = programs
    born = birth_years(v["dates_of_birth"]) if etype == "person" else []
    if born:
        content["born"] = born
    if aliases:
        content["aliases"] = aliases
    return _Entry(
        row, _clean(v["entity_number"]), content, typed_from_name, legal_tail_cut, duplicates, by_kind, inline_split
    )


def _unique_ids(names: Sequence[str]) -> dict[str, str]:
    """A list id for each source name, made unique by ``-2``, ``-3`` in the order of the sorted names."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        base = candidate = list_id_for(name)
        n = 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        ids[name] = candidate
    return ids


def _build_entities(path: Path, source: _Source) -> tuple[list[dict[str, object]], int, list[_Entry]]:
    """The entities of one source, the number of repeated rows dropped, and the entries kept."""
    # Drop verbatim repeats first (same number or _id and same content), so that a number repeated only
    # by such a row still counts as unique.
    kept: list[_Entry] = []
    seen_rows: set[tuple[str, str, str]] = set()
    seen_unnumbered: set[str] = set()
    repeated = 0
    for entry in source.entries:
        content = repr(entry.content)
        row_key = (entry.entity_number, entry.row.values["_id"].strip(), content)
        if row_key in seen_rows or (not entry.entity_number and content in seen_unnumbered):
            repeated += 1
            continue
        seen_rows.add(row_key)
        if not entry.entity_number:
            seen_unnumbered.add(content)
        kept.append(entry)

    numbers = Counter(e.entity_number for e in kept if e.entity_number)
    entities: list[dict[str, object]] = []
    ids: dict[str, int] = {}
    for entry in kept:
        number = entry.entity_number
        ident = number if number and numbers[number] == 1 else entry.row.values["_id"].strip()
        if not ident:
            raise _fail(path, entry.row.number, "row has no _id (and no unique entity_number)", entry.row.line)
        if ident in ids:
            raise _fail(
                path,
                entry.row.number,
                f"entity id {ident!r} of {source.name!r} repeats row {ids[ident]} with different content",
                entry.row.line,
            )
        ids[ident] = entry.row.number
        entities.append({"id": ident, **entry.content})
    return entities, repeated, kept


def read_csl(path: Path, *, published: dt.date | None = None) -> tuple[list[dict[str, object]], CslImportStats]:
    """Return one watchlist document (plain dict ready for YAML) per source list of the CSV, and stats.

    Documents are in list-id order. ``published`` (the date of the CSV) goes into every list's header.
    """
    path = Path(path)
    sources: dict[str, _Source] = {}
    total_rows = 0
    for row in _rows(path):
        total_rows += 1
        name = _clean(row.values["source"])
        if not name:
            raise _fail(path, row.number, "row has no source", row.line)
        source = sources.setdefault(name, _Source(name))
        source.rows += 1
        url = row.values["source_list_url"].strip()
        if url:
            source.urls.add(url)
        source.entries.append(_entry(path, row))

    list_ids = _unique_ids(list(sources))
    docs: list[dict[str, object]] = []
    list_stats: list[CslListStats] = []
    for name in sorted(sources, key=lambda n: list_ids[n]):
        source = sources[name]
        entities, repeated, kept = _build_entities(path, source)
        header: dict[str, object] = {
            "id": list_ids[name],
            "name": name,
            "source": next(iter(source.urls)) if len(source.urls) == 1 else CSL_URL,
        }
        if published is not None:
            header["published"] = published
            header["dates"] = {path.name: published}
        docs.append({"list": header, "entities": entities})
        by_type = dict.fromkeys(_TYPE_ORDER, 0)
        for entity in entities:
            by_type[str(entity["type"])] += 1
        list_stats.append(
            CslListStats(
                list_id=list_ids[name],
                source=name,
                rows=source.rows,
                entities=len(entities),
                by_type=by_type,
                aliases_by_kind={k: sum(e.aliases[k] for e in kept) for k in _ALIAS_KINDS},
                duplicate_aliases_skipped=sum(e.duplicate_aliases for e in kept),
                repeated_rows_merged=repeated,
                typed_from_name=sum(1 for e in kept if e.typed_from_name),
                typed_from_name_persons=sum(1 for e in kept if e.typed_from_name and e.content["type"] == "person"),
                legal_tails_cut=sum(1 for e in kept if e.legal_tail_cut),
                inline_aka_split=sum(1 for e in kept if e.inline_aka_split),
            )
        )
    return docs, CslImportStats(rows=total_rows, lists=tuple(list_stats))


def write_csl_lists(docs: Sequence[dict[str, object]], out_dir: Path) -> list[Path]:
    """Write each document as ``<out_dir>/<list id>.yaml`` (creating ``out_dir``); return the paths written."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KharonError(f"{out_dir}: cannot create directory: {exc.strerror or exc}") from None
    paths: list[Path] = []
    for doc in docs:
        header = doc.get("list")
        list_id = header.get("id") if isinstance(header, dict) else None
        if not isinstance(list_id, str) or not list_id:
            raise KharonError("CSL document without a list id")
        out = out_dir / f"{list_id}.yaml"
        write_watchlist_yaml(doc, out, generator=GENERATOR)
        paths.append(out)
    return paths
