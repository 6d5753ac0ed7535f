"""Turn the bytes of an input into text, or say why it is not text (first step of scanning an input).

The rule, in order:

1. A byte-order mark decides: UTF-8 (BOM dropped), UTF-16 LE/BE, UTF-32 LE/BE.
2. Known binary signatures (PDF, PNG, JPEG, GIF, ZIP/Office, gzip) and any NUL byte in the first 8 KiB
   mean binary: the input is skipped, not scanned.
3. Valid UTF-8 is UTF-8.
4. Otherwise, if the bytes hold more valid multi-byte UTF-8 sequences than invalid bytes, it is UTF-8
   with the invalid bytes replaced by U+FFFD (and a warning); if not, it is Windows-1252 (a warning
   says so), the usual encoding of "UTF-8 that isn't" in Western news exports.

Offsets in hits are always offsets into the decoded text this module returns.

Inputs too large to hold whole are decoded as a stream (``stream_decoding``): the rule is applied to the
first few MiB, and invalid bytes after that are replaced with U+FFFD and counted in a warning.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

SNIFF_BYTES = 8192
_SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, or ``text is None`` with the reason the input is not text."""

    text: str | None
    encoding: str | None
    warnings: tuple[str, ...] = ()
    skip_reason: str | None = None


def binary_reason(head: bytes) -> str | None:
    """Why these leading bytes are not text, or None."""
    for sig, what in _SIGNATURES:
        if head.startswith(sig):
            return f"binary file ({what})"
    if b"\x00" in head[:SNIFF_BYTES]:
        return "binary file (contains NUL bytes)"
    return None


def decode_bytes(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(encoding), encoding)
            except UnicodeDecodeError:
                text = body.decode(encoding, errors="replace")
                return Decoded(text, encoding, (f"invalid {encoding} bytes replaced with U+FFFD",))
    reason = binary_reason(data[:SNIFF_BYTES])
    if reason:
        return Decoded(None, None, skip_reason=reason)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = len(_UTF8_MULTIBYTE_RE.findall(data))
    if good > bad:
        return Decoded(text, "utf-8", (f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD",))
    try:
        return Decoded(data.decode("cp1252"), "cp1252", ("not valid UTF-8; decoded as Windows-1252",))
    except UnicodeDecodeError:
        return Decoded(text, "utf-8", (f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD",))


# ------------------------------------------------------------------------------------------ streaming

_replacements = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    """The "replace" error handler, counting what it replaces (per thread) so a warning can say how many."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _replacements.count = getattr(_replacements, "count", 0) + 1
    return "\ufffd", exc.end


codecs.register_error("kharon-replace", _count_and_replace)


@dataclass
class StreamDecoding:
    """How a streamed input is decoded, chosen from its first bytes (see ``stream_decoding``)."""

    encoding: str | None
    skip_reason: str | None = None
    bom: int = 0  # bytes of byte-order mark to drop
    warnings: list[str] = field(default_factory=list)

    def decode(self, chunks: Iterable[bytes]) -> Iterator[str]:
        """The text of ``chunks`` (the whole input, in order), piece by piece; warnings are added at the end."""
        assert self.encoding is not None
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="kharon-replace")
        _replacements.count = 0
        skip = self.bom
        for data in chunks:
            if skip:
                data, skip = data[skip:], max(0, skip - len(data))
            text = decoder.decode(data)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail
        if _replacements.count:
            self.warnings.append(f"{_replacements.count} invalid {self.encoding} byte sequence(s) replaced with U+FFFD")


def stream_decoding(head: bytes) -> StreamDecoding:
    """Choose the decoding of a large input from its first bytes, by the same rule as ``decode_bytes``
    applied to ``head`` (a few MiB): a BOM, binary signatures, then UTF-8 if ``head`` is valid UTF-8 (later
    invalid bytes are replaced and counted), else the UTF-8-or-Windows-1252 vote over ``head``."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return StreamDecoding(encoding, bom=len(bom))
    reason = binary_reason(head[:SNIFF_BYTES])
    if reason:
        return StreamDecoding(None, skip_reason=reason)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # not final: head may end inside a character
        return StreamDecoding("utf-8")
    except UnicodeDecodeError:
        pass
    text = head.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - head.decode("utf-8", errors="ignore").count("\ufffd")
    if len(_UTF8_MULTIBYTE_RE.findall(head)) > bad:
        return StreamDecoding("utf-8")
    return StreamDecoding("cp1252", warnings=["not valid UTF-8; decoded as Windows-1252"])
