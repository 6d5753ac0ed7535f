"""The official sources ``kharon lists update`` fetches: which files, from which URLs, read by which importer.

Data only, read by ``lists.update``. Each URL is the publisher's own; ``--mirror`` (or ``KHARON_MIRROR``)
swaps its scheme and host for a proxy's, keeping the path, and ``--url FILE=URL`` (or
``KHARON_URL_<FILE>``, the file name upper-cased with ``.`` and ``-`` as ``_``) replaces one URL outright.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ..errors import KharonError


class SourceError(KharonError):
    """An unknown source, or a URL override that cannot be used."""


@dataclass(frozen=True)
class SourceFile:
    name: str  # the file's name, as the publisher names it (and as --url FILE=URL refers to it)
    url: str
    kind: str  # csv or xml: what the body must look like
    role: str  # what the importer takes it as (sdn, alt, comments, add, xml, csv)


@dataclass(frozen=True)
class Source:
    id: str  # also the file name of the list it gives (<id>.yaml), except csl, which gives one per list
    title: str
    files: tuple[SourceFile, ...]
    dated_by: str  # where the publication date comes from: "file" (the file states it) or "http" (Last-Modified)


_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source(
            "ofac-sdn",
            "OFAC Specially Designated Nationals (SDN) list, legacy CSV files",
            (
                SourceFile("SDN.CSV", _OFAC + "SDN.CSV", "csv", "sdn"),
                SourceFile("ALT.CSV", _OFAC + "ALT.CSV", "csv", "alt"),
                SourceFile("ADD.CSV", _OFAC + "ADD.CSV", "csv", "add"),
                SourceFile("SDN_COMMENTS.CSV", _OFAC + "SDN_COMMENTS.CSV", "csv", "comments"),
            ),
            "http",
        ),
        Source(
            "ofac-cons",
            "OFAC consolidated non-SDN lists, legacy CSV files",
            (
                SourceFile("CONS_PRIM.CSV", _OFAC + "CONS_PRIM.CSV", "csv", "sdn"),
                SourceFile("CONS_ALT.CSV", _OFAC + "CONS_ALT.CSV", "csv", "alt"),
                SourceFile("CONS_ADD.CSV", _OFAC + "CONS_ADD.CSV", "csv", "add"),
                SourceFile("CONS_COMMENTS.CSV", _OFAC + "CONS_COMMENTS.CSV", "csv", "comments"),
            ),
            "http",
        ),
        Source(
            "un-sc",
            "UN Security Council consolidated list, XML",
            (
                SourceFile(
                    "consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml", "xml", "xml"
                ),
            ),
            "file",
        ),
        Source(
            "csl",
            "US Consolidated Screening List (trade.gov), CSV; one list per source list",
            (
                SourceFile(
                    "consolidated.csv",
                    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                    "csv",
                    "csv",
                ),
            ),
            "http",
        ),
        Source(
            "eu-fsf",
            "EU consolidated financial sanctions list, XML (xmlFullSanctionsList_1_1)",
            (
                SourceFile(
                    "xmlFullSanctionsList_1_1.xml",
                    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
                    "?token=dG9rZW4tMjAxNw",
                    "xml",
                    "xml",
                ),
            ),
            "file",
        ),
    )
}
# Updated when no source is named: the sources of the bundled lists (plus whatever else is installed).
DEFAULT_SOURCES = ("ofac-sdn", "un-sc")


def source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        known = ", ".join(SOURCES)
        raise SourceError(f"unknown list source {name!r} (known: {known})") from None


def env_key(file_name: str) -> str:
    return "KHARON_URL_" + "".join(c if c.isalnum() else "_" for c in file_name.upper())


def resolve_url(
    file: SourceFile, mirror: str | None, overrides: dict[str, str], configured: dict[str, str] | None = None
) -> str:
    """The URL to fetch ``file`` from: an override (option, then environment, then the config file's
    ``update.urls``), else the official URL on the mirror's scheme and host (and path prefix) when one is set."""
    if file.name in overrides:
        return overrides[file.name]
    env = os.environ.get(env_key(file.name))
    if env:
        return env
    if configured and file.name in configured:
        return configured[file.name]
    if not mirror:
        return file.url
    base = urlsplit(mirror)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise SourceError(f"mirror must be an http(s) URL, got {mirror!r}")
    official = urlsplit(file.url)
    path = base.path.rstrip("/") + official.path
    return urlunsplit((base.scheme, base.netloc, path, official.query, ""))


def _known_file(name: str, where: str) -> None:
    names = {f.name for s in SOURCES.values() for f in s.files}
    if name not in names:
        raise SourceError(f"{where}: no source file named {name!r} (known: {', '.join(sorted(names))})")


def parse_overrides(values: list[str]) -> dict[str, str]:
    """``--url FILE=URL`` values, checked against the known file names."""
    out: dict[str, str] = {}
    for value in values:
        name, sep, url = value.partition("=")
        if not sep or not url:
            raise SourceError(f"--url takes FILE=URL, got {value!r}")
        _known_file(name, "--url")
        out[name] = url
    return out


def configured_urls(pairs: tuple[tuple[str, str], ...], where: str) -> dict[str, str]:
    """A config file's ``update.urls``, checked against the known file names (``where`` names the file)."""
    for name, _ in pairs:
        _known_file(name, f"{where}: update.urls")
    return dict(pairs)
