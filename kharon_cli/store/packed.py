"""Read-only tables that are used straight from the bytes of the compiled-list cache, decoded on demand.

Part of ``cache``. A one-off scan of one article touches a few dozen of the hundreds of thousands of alias
forms, entities and fuzzy-index keys a compiled matcher holds; decoding all of them (as one ``marshal`` load)
costs more than the scan itself. These tables sit over a memory-mapped cache file instead:

* ``PackedRecords``: a sequence of ``marshal``-encoded records, record ``i`` decoded (and kept) when first
  asked for;
* ``PackedMap``: a ``str -> str`` map (keys and values hold no newline), hashed into buckets with CRC-32
  (stable across processes, unlike ``hash``). A lookup costs a microsecond or two; after
  ``MATERIALISE_AFTER`` lookups (a big scan) the whole map is decoded into a dict at C speed (keys and values
  are stored as two newline-joined columns for that) and later lookups cost what a dict's do.

Integers are stored as unsigned 64-bit in the machine's byte order: a cache file is only ever read on the
machine that wrote it (its key includes the byte order).
"""

from __future__ import annotations

import marshal
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import accumulate
from operator import itemgetter, methodcaller
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
_U64 = 8


def _u64s(values: Iterable[int]) -> bytes:
    return array("Q", values).tobytes()  # native order, as memoryview.cast("Q") reads it


_ORDER = sys.byteorder  # memoryview.cast reads native order


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % _U64)


def pack_records(records: Iterable[Any]) -> bytes:
    """Records (marshal-able plain data) -> bytes for ``PackedRecords``."""
    blobs = [marshal.dumps(r) for r in records]
    offsets = [0]
    for b in blobs:
        offsets.append(offsets[-1] + len(b))
    return _u64s([len(blobs)]) + _u64s(offsets) + b"".join(blobs)


class PackedRecords(Sequence[T], Generic[T]):
    """Record ``i`` of a ``pack_records`` buffer, decoded with ``decode`` on first use."""

    def __init__(self, buf: memoryview, decode: Callable[[Any], T]):
        count = int.from_bytes(buf[:_U64], _ORDER)
        self._offsets = buf[_U64 : _U64 * (count + 2)].cast("Q")
        self._blobs = buf[_U64 * (count + 2) :]
        self._count = count
        self._decode = decode
        self._memo: dict[int, T] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        found = self._memo.get(index)
        if found is None:
            if index < 0:
                index += self._count
            if not 0 <= index < self._count:
                raise IndexError(index)
            found = self._memo[index] = self._decode(
                marshal.loads(self._blobs[self._offsets[index] : self._offsets[index + 1]])
            )
        return found

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(self._count))


def pack_map(items: Iterable[tuple[str, str]]) -> bytes:
    """A ``str -> str`` map -> bytes for ``PackedMap``. Neither keys nor values may hold a newline.

    Written with C-level steps only (map, sorted, join, accumulate): the fuzzy index has hundreds of
    thousands of keys, and this runs on the first scan after an install.
    """
    pairs = list(items)
    count = len(pairs)
    encode = methodcaller("encode", "utf-8", "surrogatepass")
    keys = list(map(encode, map(itemgetter(0), pairs)))
    values = list(map(encode, map(itemgetter(1), pairs)))
    nbuckets = 1
    while nbuckets < count:
        nbuckets <<= 1
    hashes = list(map((nbuckets - 1).__and__, map(zlib.crc32, keys)))
    order = sorted(range(count), key=hashes.__getitem__)  # stable: a bucket keeps the input order
    ordered_hashes = list(map(hashes.__getitem__, order))
    bucket_starts = list(map(partial(bisect_left, ordered_hashes), range(nbuckets + 1)))
    keys = list(map(keys.__getitem__, order))
    values = list(map(values.__getitem__, order))
    key_blob = b"\n".join(keys) + b"\n" if keys else b""
    value_blob = b"\n".join(values) + b"\n" if values else b""
    if key_blob.count(b"\n") != count or value_blob.count(b"\n") != count:
        raise ValueError("a packed map entry holds a newline")
    key_offsets = accumulate(map((1).__add__, map(len, keys)), initial=0)
    value_offsets = accumulate(map((1).__add__, map(len, values)), initial=0)
    header = _u64s([count, nbuckets, len(_pad(key_blob))])
    return header + _u64s(bucket_starts) + _u64s(key_offsets) + _u64s(value_offsets) + _pad(key_blob) + value_blob


class PackedMap:
    """A read-only ``str -> str`` map over a ``pack_map`` buffer (see the module notes)."""

    MATERIALISE_AFTER = 20_000

    def __init__(self, buf: memoryview):
        count, nbuckets, keys_size = (int.from_bytes(buf[i * _U64 : (i + 1) * _U64], _ORDER) for i in range(3))
        at = 3 * _U64
        self._buckets = buf[at : at + (nbuckets + 1) * _U64].cast("Q")
        at += (nbuckets + 1) * _U64
        self._key_offsets = buf[at : at + (count + 1) * _U64].cast("Q")
        at += (count + 1) * _U64
        self._value_offsets = buf[at : at + (count + 1) * _U64].cast("Q")
        at += (count + 1) * _U64
        self._keys = buf[at : at + keys_size]
        self._values = buf[at + keys_size :]
        self._count = count
        self._mask = nbuckets - 1
        self._lookups = 0
        self._dict: dict[str, str] | None = None

    def __len__(self) -> int:
        return self._count

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def get(self, key: str) -> str | None:
        if self._dict is not None:
            return self._dict.get(key)
        self._lookups += 1
        if self._lookups > self.MATERIALISE_AFTER:
            return self.as_dict().get(key)
        kb = key.encode("utf-8", "surrogatepass")
        h = zlib.crc32(kb) & self._mask
        offsets, keys, size = self._key_offsets, self._keys, len(kb)
        for e in range(self._buckets[h], self._buckets[h + 1]):
            start = offsets[e]
            if offsets[e + 1] - start - 1 == size and keys[start : start + size] == kb:
                return str(
                    self._values[self._value_offsets[e] : self._value_offsets[e + 1] - 1], "utf-8", "surrogatepass"
                )
        return None

    def as_dict(self) -> dict[str, str]:
        """Every entry, decoded (once) into a dict."""
        if self._dict is None:
            if not self._count:
                self._dict = {}
            else:
                keys = str(self._keys, "utf-8", "surrogatepass").split("\n")
                values = str(self._values, "utf-8", "surrogatepass").split("\n")
                self._dict = dict(zip(keys[: self._count], values[: self._count], strict=True))
        return self._dict

    def items(self) -> Iterator[tuple[str, str]]:
        return iter(self.as_dict().items())
