"""Baselines: the hits a CI job has already accepted, so that a scan reports only new ones.

``kharon baseline create`` scans a corpus and writes every reported hit to a JSON file;
``kharon scan --baseline FILE`` then drops each hit the file still accounts for. A hit is identified by its
*fingerprint*::

    <entity key>|<normalised mention>|<context>

where the context is the matcher's hash of the normalised words around the mention (``Hit.context``,
``matcher.CONTEXT_WORDS`` each side). No line number, offset or path goes in, so adding paragraphs above a
known hit, re-wrapping or re-casing its line, or renaming or moving the file does not bring it back; editing
a word within that many words of it does (it is then a different sentence, worth a second look).

A baseline is a multiset: the same fingerprint seen twice counts twice, and each hit of a later scan uses up
one count, in scan order, across all inputs. So a mention repeated in an article (or copied into another
one) beyond what was accepted is reported again.

The file (``version`` 1) is JSON, written deterministically (entries sorted, one per line, no timestamps)
and atomically::

    {
      "version": 1,
      "kharon": "0.1.0",
      "lists": [{"id": "mini", "sha256": "..."}],
      "entries": [
        {"entity": "mini:10481", "mention": "qasem soleimani", "context": "32f761838ce8abd3", "count": 1,
         "name": "SOLEIMANI, Qasem", "path": "news/a.txt"},
        ...
      ]
    }

Only ``version`` and each entry's ``entity``, ``mention``, ``context`` and ``count`` are used; ``kharon``,
``lists``, ``name`` and ``path`` (the first input the hit was seen in) are there for the people reviewing the
file. Entries with the same fingerprint add up. No typer, no rich.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import KharonError
from ..matching.normalize import normalize
from ..models import FileResult, Hit, ListInfo
from ..printable import json_dumps
from ..store.atomic import write_atomic
from ..version import __version__

VERSION = 1
_TOP_KEYS = ("version", "kharon", "lists", "entries")
_ENTRY_KEYS = ("entity", "mention", "context", "count", "name", "path")


class BaselineError(KharonError):
    """A baseline file could not be read or written, or is not a kharon baseline. The message names it."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}")


def fingerprint(hit: Hit) -> str:
    """``<entity key>|<normalised mention>|<context hash>``: what identifies an accepted hit."""
    return f"{hit.entity_key}|{normalize(hit.text)}|{hit.context}"


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One fingerprint and how many hits it accounts for; ``name`` and ``path`` are only for people."""

    entity: str
    mention: str
    context: str
    count: int = 1
    name: str | None = None
    path: str | None = None

    @property
    def fingerprint(self) -> str:
        return f"{self.entity}|{self.mention}|{self.context}"


@dataclass(frozen=True)
class Baseline:
    """Accepted hits as a multiset of fingerprints (``counts``), plus what the file records for people."""

    counts: Counter[str]
    entries: Mapping[str, BaselineEntry]  # fingerprint -> entry (its count is counts[fingerprint])
    lists: tuple[tuple[str, str | None], ...] = ()  # (list id, sha256) of the lists the hits came from

    @property
    def total(self) -> int:
        """The number of hits the baseline accounts for."""
        return sum(self.counts.values())

    @classmethod
    def from_results(cls, results: Iterable[FileResult], lists: Iterable[ListInfo] = ()) -> Baseline:
        """Every reported hit of ``results`` (not those an allowlist suppressed), with the first path it was
        seen in."""
        counts: Counter[str] = Counter()
        entries: dict[str, BaselineEntry] = {}
        for result in results:
            for hit in result.hits:
                fp = fingerprint(hit)
                if fp not in entries:
                    entries[fp] = BaselineEntry(
                        hit.entity_key, normalize(hit.text), hit.context, name=hit.entity.name, path=result.path
                    )
                counts[fp] += 1
        return cls(counts, entries, tuple((info.id, info.sha256) for info in lists))

    @classmethod
    def from_entries(cls, entries: Iterable[BaselineEntry], lists: Iterable[tuple[str, str | None]] = ()) -> Baseline:
        """A baseline of ``entries``; entries with the same fingerprint add up (the first one's name and path
        are kept)."""
        counts: Counter[str] = Counter()
        first: dict[str, BaselineEntry] = {}
        for entry in entries:
            first.setdefault(entry.fingerprint, entry)
            counts[entry.fingerprint] += entry.count
        return cls(counts, first, tuple(lists))

    def sorted_entries(self) -> list[BaselineEntry]:
        """The entries, each with its total count, sorted by entity, mention and context."""
        out = [replace(e, count=self.counts[fp]) for fp, e in self.entries.items() if self.counts[fp] > 0]
        out.sort(key=lambda e: (e.entity, e.mention, e.context))
        return out

    def to_json(self) -> str:
        """The file's text: deterministic, one entry per line (so a review diff shows one line per change)."""
        lists = [{"id": list_id, "sha256": sha} for list_id, sha in self.lists]
        head = [
            f'  "version": {VERSION},',
            f'  "kharon": {json_dumps(__version__)},',
            f'  "lists": {json_dumps(lists)},',
        ]
        rows = []
        for e in self.sorted_entries():
            row: dict[str, object] = {"entity": e.entity, "mention": e.mention, "context": e.context, "count": e.count}
            if e.name is not None:
                row["name"] = e.name
            if e.path is not None:
                row["path"] = e.path
            rows.append(f"    {json_dumps(row)}")
        entries = '  "entries": [\n' + ",\n".join(rows) + "\n  ]" if rows else '  "entries": []'
        return "{\n" + "\n".join(head) + "\n" + entries + "\n}\n"

    def dump(self, path: Path) -> None:
        """Write the baseline to ``path`` atomically: the text goes to a temporary file beside it that then
        replaces it, so a CI job never reads half a baseline."""
        _write_atomic(Path(path), self.to_json().encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file. Every problem (missing, unreadable, not JSON, another version, a wrong
        shape) raises ``BaselineError`` naming the file."""
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise BaselineError(name, f"cannot read baseline: {exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BaselineError(name, "not a kharon baseline: not UTF-8 text") from None
        if not text.strip():
            raise BaselineError(name, "not a kharon baseline: the file is empty")
        try:
            doc = json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            raise BaselineError(
                name, f"not a kharon baseline: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise BaselineError(name, "not a kharon baseline: invalid JSON: nested too deeply") from None
        except ValueError as exc:  # NaN or Infinity; a number of more than 4,300 digits
            raise BaselineError(name, f"not a kharon baseline: invalid JSON: {exc}") from None
        return _parse(name, doc)


def apply(results: Iterable[FileResult], baseline: Baseline) -> Iterator[tuple[FileResult, int]]:
    """Each result without the hits the baseline accounts for, and how many it dropped.

    Each dropped hit uses up one count of its fingerprint, in the order of ``results`` and of the hits in
    each (so with one accepted mention and two in the text, the first is dropped and the second reported).
    The baseline itself is not changed: a fresh copy of its counts is used up.
    """
    left = Counter(baseline.counts)
    for result in results:
        kept: list[Hit] = []
        dropped = 0
        for hit in result.hits:
            fp = fingerprint(hit)
            if left[fp] > 0:
                left[fp] -= 1
                dropped += 1
            else:
                kept.append(hit)
        yield (replace(result, hits=tuple(kept)) if dropped else result), dropped


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _parse(name: str, doc: object) -> Baseline:
    if not isinstance(doc, dict):
        raise BaselineError(name, f"not a kharon baseline: expected a JSON object, got {_type_name(doc)}")
    if "version" not in doc:
        raise BaselineError(name, "not a kharon baseline: no 'version' field")
    version = doc["version"]
    if type(version) is not int or version != VERSION:
        raise BaselineError(
            name,
            f"baseline version {json_dumps(version)} is not supported (this kharon reads version {VERSION}); "
            "re-create it with 'kharon baseline create'",
        )
    unknown = sorted(k for k in doc if k not in _TOP_KEYS)
    if unknown:
        raise BaselineError(name, f"unknown key {unknown[0]!r} (allowed: {', '.join(_TOP_KEYS)})")
    if "kharon" in doc and not isinstance(doc["kharon"], str):
        raise BaselineError(name, f"'kharon' must be a string, got {_type_name(doc['kharon'])}")
    lists = _parse_lists(name, doc.get("lists", []))
    if "entries" not in doc:
        raise BaselineError(name, "missing 'entries'")
    raw_entries = doc["entries"]
    if not isinstance(raw_entries, list):
        raise BaselineError(name, f"'entries' must be a list, got {_type_name(raw_entries)}")
    return Baseline.from_entries((_parse_entry(name, i, raw) for i, raw in enumerate(raw_entries)), lists)


def _parse_lists(name: str, raw: object) -> list[tuple[str, str | None]]:
    shape = "'lists' must be a list of objects with a string 'id' and a string or null 'sha256'"
    if not isinstance(raw, list):
        raise BaselineError(name, shape)
    out = []
    for item in raw:
        if not (
            isinstance(item, dict)
            and set(item) <= {"id", "sha256"}
            and isinstance(item.get("id"), str)
            and (item.get("sha256") is None or isinstance(item.get("sha256"), str))
        ):
            raise BaselineError(name, shape)
        out.append((item["id"], item.get("sha256")))
    return out


def _parse_entry(name: str, index: int, raw: object) -> BaselineEntry:
    where = f"entries[{index}]"
    if not isinstance(raw, dict):
        raise BaselineError(name, f"{where} must be an object, got {_type_name(raw)}")
    for key in raw:
        if key not in _ENTRY_KEYS:
            raise BaselineError(name, f"{where}: unknown key {key!r} (allowed: {', '.join(_ENTRY_KEYS)})")
    for key in ("entity", "mention", "context", "count"):
        if key not in raw:
            raise BaselineError(name, f"{where}: missing {key!r}")
    for key in ("entity", "mention", "context"):
        if not isinstance(raw[key], str):
            raise BaselineError(name, f"{where}: {key!r} must be a string, got {_type_name(raw[key])}")
    for key in ("name", "path"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise BaselineError(name, f"{where}: {key!r} must be a string or null, got {_type_name(raw[key])}")
    count = raw["count"]
    if type(count) is not int or count < 1:
        raise BaselineError(name, f"{where}: 'count' must be a positive whole number, got {json_dumps(count)}")
    return BaselineEntry(raw["entity"], raw["mention"], raw["context"], count, raw.get("name"), raw.get("path"))


def _write_atomic(out: Path, payload: bytes) -> None:
    try:
        write_atomic(out, payload)
    except OSError as exc:
        raise BaselineError(str(out), f"cannot write baseline: {exc.strerror or exc}") from None
