"""Convert the UN Security Council Consolidated List (XML) into a kharon watchlist document.

The source is ``consolidated.xml`` from scsanctions.un.org (schema ``sc-sanctions.xsd``): a
``<CONSOLIDATED_LIST dateGenerated="...">`` root holding ``<INDIVIDUALS><INDIVIDUAL>`` (kharon type
``person``) and ``<ENTITIES><ENTITY>`` (type ``organization``). How each record maps:

* ``REFERENCE_NUMBER`` (``QDi.430``, ``KPe.023``; whitespace stripped) is the entity id. A record without
  one, or a number used twice, is an error: ids must be stable and unique.
* ``UN_LIST_TYPE`` (``Al-Qaida``, ``DPRK``, ``Taliban``, ...) is the single programme, as written.
* An entity's name is ``FIRST_NAME``. A person's name is built from ``FIRST_NAME`` .. ``FOURTH_NAME``
  (empty parts skipped, a stray ``na`` placeholder dropped, commas inside a part dropped) as
  ``SURNAME, Given names``:

  - the UN writes names in their own order, and outside Korea that order ends with the family name
    (``SADDAM HUSSEIN AL-TIKRITI``, ``QASEM SOLEIMANI``, ``DOKU KHAMATOVICH UMAROV``), so the *last*
    non-empty part is the surname: ``AL-TIKRITI, SADDAM HUSSEIN``. A part is kept whole, so compound family
    names stay together (``NEJAD NOURI, MOHAMMAD MEHDI``, ``HASAN AL-TIKRITI, MOHAMMAD BARZAN IBRAHIM``);
  - on the ``DPRK`` list the family name comes *first* (``KIM`` / ``JONG SIK``; also ``TSANG`` / ``YUNG
    YUAN``), so the first part is the surname: ``KIM, JONG SIK``;
  - a name with a single part (``HIDAYATULLAH``, ``DOST MOHAMMAD``) is written as is.

  The matcher turns ``SURNAME, Given`` into both ``SURNAME Given`` and ``Given SURNAME``, and the list's
  own order is always one of the two (the surname is its first or its last part), so no extra alias
  is needed to keep the full name in list order matchable. Afghan and Arabic records whose last part is a
  father's or grandfather's name (``BARADAR`` / ``ABDUL AHMAD TURK``) get a poor surname for follow-up
  mentions, but the UN lists their usual short names (``Abdul Ghani Baradar``) as aliases.
* ``NAME_ORIGINAL_SCRIPT`` becomes an alias (``aka``).
* Aliases: ``INDIVIDUAL_ALIAS`` / ``ENTITY_ALIAS`` with ``QUALITY`` ``Good`` or ``a.k.a.`` -> ``aka``,
  ``f.k.a.`` -> ``fka``, ``n.k.a.`` -> ``nka``, ``Low`` -> ``weak``; an element with no ``ALIAS_NAME`` is a
  placeholder and is skipped. Alias strings that pack several names are split (see ``split_alias``), each
  piece keeping the alias's kind; a few alias ``NOTE``\\ s carry more names (``original script: ...``,
  ``In Arabic: ...``, a ``;``-list of transliterations of a non-Latin alias) and those are added too. Any
  name equal to the entity's name or an earlier alias, ignoring case and spacing, is skipped.
* ``born`` (people): the years of every ``INDIVIDUAL_DATE_OF_BIRTH``: ``YEAR``, the year of ``DATE``,
  and ``FROM_YEAR``..``TO_YEAR`` (every year when the range spans at most 10 years, else just the two
  ends); a date given only as a ``NOTE`` ("Nov. 1973") contributes the 19xx/20xx years in it.

The XML is parsed with expat, which gives line numbers for errors. A DOCTYPE (and so any entity
declaration) is refused: lists come from other teams and entity expansion is an attack vector. Malformed
XML, a missing or duplicate reference number and the like raise ``ImportSourceError`` naming the file and
the line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import AliasSet
from .xml_tree import XmlNode as _Node
from .xml_tree import fail as _fail
from .xml_tree import read_xml
from .yaml_out import write_watchlist_yaml

__all__ = ["UnImportStats", "person_name", "read_un", "split_alias", "write_watchlist_yaml"]

LIST_ID = "un-sc"
LIST_NAME = "UN Security Council Consolidated List"
SOURCE_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

_ROOT = "CONSOLIDATED_LIST"
_RECORDS = (("INDIVIDUALS", "INDIVIDUAL", "person"), ("ENTITIES", "ENTITY", "organization"))
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_SURNAME_FIRST_LISTS = frozenset({"DPRK"})  # Korean (and the one Taiwanese) names: family name first
_KINDS = {
    "good": "aka",
    "a.k.a.": "aka",
    "low": "weak",
    "f.k.a.": "fka",
    "n.k.a.": "nka",
    "": "aka",  # a name without a quality: the UN's default is a plain a.k.a.
}
_ALIAS_KINDS = ("aka", "fka", "nka", "weak")
_RANGE_MAX_SPAN = 10  # a FROM_YEAR..TO_YEAR range wider than this gives only its two ends

# --- splitting packed alias strings --------------------------------------------------------------------
# Double quotes only wrap nicknames ('"GODANE"', '“Chief Kahwa”'); single quotes and ’ ‘ ` are Arabic
# ʿayn / hamza in transliterations ("'Abd Al-Haq") and stay.
_DOUBLE_QUOTES_RE = re.compile('["\u201c\u201d\u201e]')
# ", born 1 Jan. 1953 (Oman passport no. ...)": identity data glued to a name.
_BORN_RE = re.compile(r",\s*born\b.*$", re.IGNORECASE)
# "Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet": a lettered list of variants.
_LETTERED_RE = re.compile(r"(?:^|\s)[a-z]\)\s+")
# A trailing note that is not part of the name: "Encep Nurjaman (birth name)", "EL PARA (COMBAT NAME)".
_ANNOTATION_RE = re.compile(
    r"\s*\((?:original script|birth name|combat name|(?:previously|formerly) listed as|third|"
    r"false identity\b[^()]*)\)$",
    re.IGNORECASE,
)
_SUBUNIT_RE = re.compile(r"\s+-\s+sub-unit name$", re.IGNORECASE)
_ORIGINAL_PREFIX_RE = re.compile(r"^original script\s*:\s*", re.IGNORECASE)
# "Hilarion Santos, III", "LAVILLA, JR": a generation suffix, not "SURNAME, Given".
_GENERATION_RE = re.compile(r",\s*(JR\.?|SR\.?|II|III|IV)(?=\s|$)", re.IGNORECASE)
_SPACED_SLASH_RE = re.compile(r"\s+/\s+")  # "AL-ITIHAAD AL-ISLAMIYA / AIAI", not "ADF/NALU"
# Names in a NOTE: "original script: Абу Банат", "... In Arabic: سيف العدل", "in Arabic script: ...".
_NOTE_SCRIPT_RE = re.compile(r"(?:original script|\bin arabic(?: script)?)\s*:\s*(.+)$", re.IGNORECASE)
_NOTE_LIST_RE = re.compile(r"\(([^()]*;[^()]*)\)")  # "(Abu Du’a; Abu Duaa’) prominently known by ..."
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class UnImportStats:
    """What an import produced and what it left out."""

    entities: int
    by_type: dict[str, int]  # person, organization
    aliases: dict[str, int]  # written aliases by kind: aka, fka, nka, weak
    original_script: int = 0  # NAME_ORIGINAL_SCRIPT values written (as aka; part of aliases["aka"])
    packed_strings: int = 0  # names / alias strings that packed several names and were split
    note_aliases: int = 0  # names taken from alias NOTEs (part of aliases)
    empty_aliases: int = 0  # alias elements without a name (the UN's placeholders)
    duplicate_aliases_skipped: int = 0  # equal to the entity's name or an earlier alias
    unreadable_skipped: int = 0  # names holding U+FFFD (bytes lost before the UN published the file)
    programs: dict[str, int] = field(default_factory=dict)  # entities per UN_LIST_TYPE

    def summary(self) -> str:
        """One line for the CLI."""
        total = sum(self.aliases.values())
        kinds = ", ".join(f"{n} {k}" for k, n in self.aliases.items() if n)
        dropped = (
            f"{self.duplicate_aliases_skipped} duplicates, {self.empty_aliases} empty, "
            f"{self.unreadable_skipped} unreadable"
        )
        return (
            f"{self.entities} entities ({self.by_type.get('person', 0)} persons, "
            f"{self.by_type.get('organization', 0)} organisations), {total} aliases ({kinds}; "
            f"{self.original_script} original-script names, {self.note_aliases} from notes, "
            f"{self.packed_strings} packed strings split), dropped {dropped}"
        )


# ------------------------------------------------------------------------------------------ XML reading


def _parse(path: Path) -> _Node:
    root = read_xml(path, "a UN list")
    if root.tag != _ROOT:
        raise _fail(path, root.line, f"not a UN consolidated list: root element is <{root.tag}>, not <{_ROOT}>")
    return root


# ------------------------------------------------------------------------------------------ names


def _scripts(text: str) -> frozenset[str]:
    """The scripts of the letters in ``text``: LATIN, ARABIC, CYRILLIC, CJK, ..."""
    out: set[str] = set()
    for ch in text:
        # Modifier letters (ʿ ʾ, Arabic tatweel) belong to no script of their own: "ʿAbd" is Latin.
        if ch.isalpha() and unicodedata.category(ch) != "Lm":
            name = unicodedata.name(ch, "UNKNOWN")
            out.add("LATIN" if "LATIN" in name else name.split(" ", 1)[0])
    return frozenset(out)


def _top_level_split(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside parentheses."""
    parts: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _trailing_group(text: str) -> tuple[str, str] | None:
    """(text before, content) of a balanced parenthesised group ending ``text``, or None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[:i].strip(), text[i + 1 : -1].strip()
    return None


def _script_runs(text: str) -> list[str]:
    """``text`` cut where its words change script ("Agha Jan Alizai اغا جان عالیزی" -> two names)."""
    runs: list[tuple[frozenset[str], list[str]]] = []
    for word in text.split(" "):
        scripts = _scripts(word)
        if runs and (not scripts or scripts == runs[-1][0] or not runs[-1][0]):
            runs[-1][1].append(word)
            if not runs[-1][0]:
                runs[-1] = (scripts, runs[-1][1])
        else:
            runs.append((scripts, [word]))
    return [" ".join(words) for _, words in runs]


def _split_chunk(text: str) -> list[str]:
    text = text.strip().lstrip(")").strip(" ,;")
    text = _ANNOTATION_RE.sub("", text).strip()
    if not text:
        return []
    group = _trailing_group(text)
    if group is not None:
        outer, inner = group
        items = _top_level_split(inner, ";")
        outer_scripts, inner_scripts = _scripts(outer), _scripts(inner)
        differ = bool(outer_scripts and inner_scripts and not outer_scripts & inner_scripts)
        if outer and (len(items) > 1 or differ or _ORIGINAL_PREFIX_RE.match(inner)):
            # "جبهة النصرة (the Victory Front; Jabhat al-Nusrah; ...)", "Jin Tiesan (金铁三)"
            out = _split_chunk(outer)
            for item in items:
                out.extend(_split_chunk(_ORIGINAL_PREFIX_RE.sub("", item.strip())))
            return out
    items = _top_level_split(text, ";")
    if len(items) > 1:
        return [name for item in items for name in _split_chunk(item)]
    items = _SPACED_SLASH_RE.split(text)
    if len(items) > 1:
        return [name for item in items for name in _split_chunk(item)]
    runs = _script_runs(text)
    if len(runs) > 1:
        return [name for run in runs for name in _split_chunk(run)]
    text = _SUBUNIT_RE.sub("", text)
    text = _GENERATION_RE.sub(r" \1", text)
    return [text] if text else []


def split_alias(raw: str) -> list[str]:
    """The names packed into one UN name or alias string, in order, without notes or empty pieces.

    Handles ``;``-separated variants, ``a) .. b) ..`` lettered lists, a trailing ``(...)`` that holds a
    ``;``-list or the name in another script (``جبهة النصرة (the Victory Front; Jabhat al-Nusrah)``,
    ``Jin Tiesan (金铁三)``, ``Amir Khazmat (original script: Амир Хазмат)``), a name followed by the same
    name in another script, ``A / B``, wrapping double quotes, and notes glued to a name (``(birth name)``,
    ``, born 1 Jan. 1953 ...``, `` - sub-unit name``). A trailing ``(...)`` in the same script without
    ``;`` is part of the name and stays: acronyms (``(AQAP)``), ``(Butaev)``, ``(PAKISTAN)``.
    """
    text = " ".join(raw.split())
    text = _DOUBLE_QUOTES_RE.sub("", text)
    text = _BORN_RE.sub("", text)
    return [name for chunk in _LETTERED_RE.split(text) for name in _split_chunk(chunk)]


def _note_names(alias: str, note: str) -> list[str]:
    """Names an alias NOTE adds: its original script, or a list of transliterations."""
    note = " ".join(note.split())
    m = _NOTE_SCRIPT_RE.search(note)
    if m:
        return split_alias(m.group(1))
    m = _NOTE_LIST_RE.search(note)
    if m:
        return split_alias(m.group(1))
    # "شيخ يونس الموريتاني" with the note "Yunis al-Mauritani; Younis al-Mauritani; ...": a plain list of
    # transliterations (a note with digits or a colon is identity data instead).
    if "LATIN" not in _scripts(alias) and ";" in note and ":" not in note and not any(c.isdigit() for c in note):
        return split_alias(note)
    return []


def _name_part(raw: str) -> str:
    part = " ".join(raw.replace(",", " ").split())
    return "" if part in ("na", "n/a") else part  # TAi.153's FOURTH_NAME is the placeholder "na"


def person_name(parts: list[str], *, surname_first: bool = False) -> str:
    """``SURNAME, Given names`` from the UN's name parts in list order (see the module docstring)."""
    kept = [p for p in (_name_part(raw) for raw in parts) if p]
    if len(kept) <= 1:
        return kept[0] if kept else ""
    if surname_first:
        return f"{kept[0]}, {' '.join(kept[1:])}"
    return f"{kept[-1]}, {' '.join(kept[:-1])}"


# ------------------------------------------------------------------------------------------ records


def _int(path: Path, node: _Node, tag: str) -> int | None:
    child = node.first(tag)
    if child is None:
        return None
    text = child.text().strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise _fail(path, child.line, f"{tag} is not a year: {text!r}")
    return int(text)


def _birth_years(path: Path, record: _Node) -> list[int]:
    years: set[int] = set()
    for dob in record.all("INDIVIDUAL_DATE_OF_BIRTH"):
        found = False
        year = _int(path, dob, "YEAR")
        if year is not None:
            years.add(year)
            found = True
        date_node = dob.first("DATE")
        date_text = date_node.text().strip() if date_node is not None else ""
        if date_node is not None and date_text:
            if not re.fullmatch(r"\d{4}-\d\d-\d\d", date_text):
                raise _fail(path, date_node.line, f"DATE is not YYYY-MM-DD: {date_text!r}")
            years.add(int(date_text[:4]))
            found = True
        low, high = _int(path, dob, "FROM_YEAR"), _int(path, dob, "TO_YEAR")
        if low is not None and high is not None:
            low, high = min(low, high), max(low, high)
            years.update(range(low, high + 1) if high - low <= _RANGE_MAX_SPAN else (low, high))
            found = True
        elif low is not None:
            years.add(low)
            found = True
        elif high is not None:
            years.add(high)
            found = True
        if not found:
            # "Nov. 1973", "Between Aug. and Sep. 1977"; not "24/06/1402 (Hijri Calendar)".
            years.update(int(y) for y in _YEAR_RE.findall(dob.value("NOTE")))
    return sorted(years)


@dataclass
class _Counts:
    aliases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_ALIAS_KINDS, 0))
    original_script: int = 0
    packed: int = 0
    notes: int = 0
    empty: int = 0
    duplicates: int = 0
    unreadable: int = 0


class _Aliases:
    """The aliases of one entity, deduplicated against its name and each other."""

    def __init__(self, name: str, counts: _Counts):
        self.set = AliasSet(name)
        self.counts = counts

    @property
    def out(self) -> list[object]:
        return self.set.aliases

    def add(self, name: str, kind: str) -> bool:
        if "\ufffd" in name:
            self.counts.unreadable += 1
            return False
        if not self.set.add(name, kind):
            self.counts.duplicates += 1
            return False
        self.counts.aliases[kind] += 1
        return True


def _entity(path: Path, record: _Node, etype: str, counts: _Counts) -> tuple[str, dict[str, object]]:
    ref_node = record.first("REFERENCE_NUMBER")
    ref = "".join(ref_node.text().split()) if ref_node is not None else ""
    if not ref:
        raise _fail(path, record.line, f"{record.tag} without a REFERENCE_NUMBER")
    program = record.value("UN_LIST_TYPE")

    extra: list[str] = []
    if etype == "person":
        parts = [record.value(tag) for tag in _NAME_PARTS]
        name = person_name(parts, surname_first=program in _SURNAME_FIRST_LISTS)
    else:
        names = split_alias(record.value("FIRST_NAME"))
        if len(names) > 1:
            counts.packed += 1  # "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)"
        name, extra = (names[0], names[1:]) if names else ("", [])
    if not name:
        raise _fail(path, record.line, f"{record.tag} {ref} has no name")

    aliases = _Aliases(name, counts)
    for other in extra:
        aliases.add(other, "aka")
    for original in split_alias(record.value("NAME_ORIGINAL_SCRIPT")):
        if aliases.add(original, "aka"):
            counts.original_script += 1
    for alias in (c for c in record.children if c.tag in ("INDIVIDUAL_ALIAS", "ENTITY_ALIAS")):
        raw = alias.value("ALIAS_NAME")
        names = split_alias(raw)
        if not names:
            counts.empty += 1
            continue
        quality = alias.value("QUALITY")
        kind = _KINDS.get(quality.lower())
        if kind is None:
            raise _fail(
                path, alias.line, f"{ref}: unknown alias QUALITY {quality!r} (expected Good, Low, a.k.a., f.k.a.)"
            )
        if len(names) > 1:
            counts.packed += 1
        for one in names:
            aliases.add(one, kind)
        for one in _note_names(raw, alias.value("NOTE")):
            if aliases.add(one, kind):
                counts.notes += 1

    entity: dict[str, object] = {"id": ref, "name": name, "type": etype}
    if program:
        entity["programs"] = [program]
    if etype == "person":
        born = _birth_years(path, record)
        if born:
            entity["born"] = born
    if aliases.out:
        entity["aliases"] = aliases.out
    return ref, entity


def _generated(path: Path, root: _Node) -> dt.date | None:
    raw = root.attrs.get("dateGenerated", "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise _fail(path, root.line, f"dateGenerated is not a date: {raw!r}") from None


def read_un(path: Path, *, published: dt.date | None = None) -> tuple[dict[str, object], UnImportStats]:
    """Return the watchlist document (plain dict ready for YAML, entities in id order) and stats.

    ``published`` defaults to the date of the root's ``dateGenerated`` attribute.
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
    for group_tag, record_tag, etype in _RECORDS:
        for group in root.all(group_tag):
            for record in group.all(record_tag):
                ref, entity = _entity(path, record, etype, counts)
                if ref in entities:
                    raise _fail(
                        path, record.line, f"duplicate REFERENCE_NUMBER {ref} (first at line {first_line[ref]})"
                    )
                entities[ref] = entity
                first_line[ref] = record.line
                by_type[etype] += 1
                program = record.value("UN_LIST_TYPE")
                if program:
                    programs[program] = programs.get(program, 0) + 1

    header: dict[str, object] = {"id": LIST_ID, "name": LIST_NAME, "source": SOURCE_URL}
    if published is not None:
        header["published"] = published
        header["dates"] = {path.name: published}
    doc: dict[str, object] = {"list": header, "entities": [entities[ref] for ref in sorted(entities)]}
    stats = UnImportStats(
        entities=len(entities),
        by_type=by_type,
        aliases=counts.aliases,
        original_script=counts.original_script,
        packed_strings=counts.packed,
        note_aliases=counts.notes,
        empty_aliases=counts.empty,
        duplicate_aliases_skipped=counts.duplicates,
        unreadable_skipped=counts.unreadable,
        programs=dict(sorted(programs.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
    return doc, stats
