"""Fetch one file over HTTP(S) for ``kharon lists update``, and check what arrived before anyone reads it.

Used by ``lists.update``; knows nothing of lists. The standard library's ``urllib`` is enough here and
honours ``http_proxy``/``https_proxy``/``no_proxy`` as every other tool does. Every way a download can go
wrong ends in one ``DownloadError`` with one line to say so: a host that cannot be reached, an HTTP error
status, a server that stops sending for ``timeout`` seconds, a body cut short of its Content-Length, one
larger than ``max_bytes``, an HTML page where a data file was expected.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import KharonError
from ..version import __version__

CHUNK = 1 << 16
USER_AGENT = f"kharon/{__version__} (+https://pypi.org/project/kharon-cli/)"
# Content types a data file may be served as; anything else (an HTML login or error page) is refused.
_ACCEPTED = {
    "csv": ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream"),
    "xml": ("application/xml", "text/xml", "text/plain", "application/octet-stream"),
}


class DownloadError(KharonError):
    """A download that failed or did not deliver the file."""


@dataclass(frozen=True)
class Fetched:
    url: str
    path: Path
    size: int
    sha256: str
    content_type: str
    etag: str | None
    last_modified: str | None  # as the server sent it (an HTTP date)

    @property
    def modified_date(self) -> str | None:
        """Last-Modified as YYYY-MM-DD (UTC), or None."""
        return http_date(self.last_modified)


@dataclass(frozen=True)
class Head:
    url: str
    etag: str | None
    last_modified: str | None


Progress = Callable[[int, int | None], None]  # bytes so far, total (None when unknown)


def http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None


def _open(url: str, timeout: float, method: str = "GET") -> Any:
    if not url.startswith(("http://", "https://")):
        raise DownloadError(f"{url}: only http and https URLs can be fetched")
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise DownloadError(f"{url}: no answer within {timeout:g} s") from None
        raise DownloadError(f"{url}: cannot connect ({reason})") from None
    except TimeoutError:
        raise DownloadError(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise DownloadError(f"{url}: cannot connect ({exc})") from None


def head(url: str, timeout: float) -> Head:
    """The ETag and Last-Modified the server gives for ``url`` now."""
    with _open(url, timeout, "HEAD") as response:
        return Head(url, response.headers.get("ETag"), response.headers.get("Last-Modified"))


def fetch(
    url: str,
    dest: Path,
    *,
    kind: str,
    timeout: float = 60.0,
    max_bytes: int = 1 << 30,
    progress: Progress | None = None,
) -> Fetched:
    """Download ``url`` into ``dest`` and check it; raises ``DownloadError`` (``dest`` then removed)."""
    try:
        with _open(url, timeout) as response:
            status = getattr(response, "status", 200)
            if status != 200:
                raise DownloadError(f"{url}: HTTP {status}, expected 200")
            ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype and ctype not in _ACCEPTED[kind]:
                raise DownloadError(f"{url}: served as {ctype}, not a {kind.upper()} file")
            length_header = response.headers.get("Content-Length")
            expected = int(length_header) if length_header and length_header.isdigit() else None
            if expected is not None and expected > max_bytes:
                raise DownloadError(f"{url}: {expected:,} bytes announced, more than the limit of {max_bytes:,}")
            digest = hashlib.sha256()
            size = 0
            started = time.monotonic()
            with dest.open("wb") as out:
                while True:
                    try:
                        chunk = response.read(CHUNK)
                    except TimeoutError:
                        raise DownloadError(
                            f"{url}: the server stopped sending for {timeout:g} s after {size:,} bytes"
                        ) from None
                    except (OSError, ValueError, http.client.HTTPException) as exc:
                        raise DownloadError(f"{url}: connection lost after {size:,} bytes ({exc})") from None
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > max_bytes:
                        raise DownloadError(f"{url}: more than the limit of {max_bytes:,} bytes; stopped")
                    digest.update(chunk)
                    out.write(chunk)
                    if progress is not None:
                        progress(size, expected)
                    if time.monotonic() - started > timeout * 60:
                        raise DownloadError(f"{url}: still downloading after {timeout * 60:g} s; stopped")
            if expected is not None and size != expected:
                raise DownloadError(f"{url}: truncated: {size:,} of {expected:,} bytes arrived")
            if size == 0:
                raise DownloadError(f"{url}: the file is empty")
            with dest.open("rb") as check:
                start = check.read(512).lstrip().lower()
            if start.startswith((b"<!doctype html", b"<html")):
                raise DownloadError(f"{url}: an HTML page, not a {kind.upper()} file")
            return Fetched(
                url,
                dest,
                size,
                digest.hexdigest(),
                ctype,
                response.headers.get("ETag"),
                response.headers.get("Last-Modified"),
            )
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
