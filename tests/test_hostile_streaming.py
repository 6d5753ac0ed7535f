"""Big inputs in bounded memory: overlapping windows lose no mention, whatever the boundary it straddles."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI

from kharon_cli.matching.tagger import Tagger
from kharon_cli.models import FileStatus, Hit
from kharon_cli.scanning.sources import scan_stream
from kharon_cli.scanning.stream import tag_stream

CHUNK, OVERLAP = 300, 80
NAME = "Kata\u2019ib Hizballah"  # normalised match, non-risky: counts alone wherever it stands
FILLER = "the quick brown fox jumps over a lazy dog. "


def _text_with_name_at(pos: int, length: int = 2 * CHUNK + 100) -> str:
    base = (FILLER * (length // len(FILLER) + 2))[:length]
    # Pad with spaces so the name is a whole word wherever it lands.
    return base[: max(0, pos - 1)] + " " + NAME + " " + base[pos + len(NAME) + 1 :]


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def _key(hits: list[Hit]) -> list[tuple[int, int, str, str, int, int]]:
    return [(h.start, h.end, h.entity_key, h.text, h.line, h.column) for h in hits]


@pytest.mark.parametrize("piece", [1, 7, 64, 1000])
def test_a_name_at_every_position_across_two_boundaries_is_found_once(mini: Tagger, piece: int) -> None:
    # Owned stretches end at 300 and 600; the windows around them reach 80 characters further.
    for pos in range(1, 2 * CHUNK + 40, 1 if piece == 7 else 3):
        text = _text_with_name_at(pos)
        start = text.index(NAME)
        hits = list(tag_stream(mini, _pieces(text, piece), chunk=CHUNK, overlap=OVERLAP))
        assert [(h.start, h.end, h.text) for h in hits] == [(start, start + len(NAME), NAME)], pos


def test_streamed_hits_equal_whole_text_hits_with_lines_and_columns(mini: Tagger) -> None:
    names = ["Kata'ib Hizballah", "ISLAMIC REVOLUTIONARY GUARD CORPS", "HAMAS", "al-Nusra Front", "Jabhat al-Nusra"]
    parts = []
    for i in range(400):
        parts.append(FILLER * (i % 5))
        parts.append(names[i % len(names)])
        parts.append(".\n" if i % 3 else " and\n\n")
    text = "".join(parts)
    whole = mini.tag(text)
    assert len(whole) >= 300
    for chunk, overlap, piece in ((300, 80, 50), (1000, 200, 999), (5000, 300, 4096)):
        streamed = list(tag_stream(mini, _pieces(text, piece), chunk=chunk, overlap=overlap))
        assert _key(streamed) == _key(whole), (chunk, overlap, piece)


def test_stream_rejects_bad_window_sizes(mini: Tagger) -> None:
    with pytest.raises(ValueError):
        list(tag_stream(mini, ["x"], chunk=10, overlap=20))
    with pytest.raises(ValueError):
        list(tag_stream(mini, ["x"], chunk=10, overlap=0))


def _scan(data: bytes, mini: Tagger, threshold: int = 1000):  # type: ignore[no-untyped-def]
    return scan_stream("big.txt", io.BytesIO(data), mini, threshold=threshold, chunk=CHUNK, overlap=OVERLAP)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_streamed_inputs_in_every_encoding(mini: Tagger, encoding: str, bom: bytes) -> None:
    text = (FILLER * 40 + NAME + ". ") * 10
    result = _scan(bom + text.encode(encoding), mini)
    assert result.status is FileStatus.OK
    assert result.warnings == ()
    assert [h.start for h in result.hits] == [i for i in range(len(text)) if text.startswith(NAME, i)]
    assert all(text[h.start : h.end] == h.text == NAME for h in result.hits)


def test_streamed_invalid_bytes_are_replaced_and_counted(mini: Tagger) -> None:
    data = (FILLER * 50).encode() + b"\xff\xfe bad " + (FILLER * 50).encode() + NAME.encode() + b" \xc3"
    result = _scan(data, mini)
    assert result.warnings == ("3 invalid utf-8 byte sequence(s) replaced with U+FFFD",)
    [hit] = result.hits
    assert hit.text == NAME


def test_streamed_windows_1252(mini: Tagger) -> None:
    # The decoding is chosen from the input's first bytes (the whole threshold): the 0x92 is among them.
    data = ("Kata\x92ib Hizballah here " + FILLER * 50).encode("latin-1") * 3
    result = _scan(data, mini)
    assert result.warnings == ("not valid UTF-8; decoded as Windows-1252",)
    assert [h.text for h in result.hits] == ["Kata\u2019ib Hizballah"] * 3


def test_streamed_binary_is_skipped(mini: Tagger) -> None:
    result = _scan(b"%PDF-1.7\n" + b"x" * 5000, mini)
    assert (result.status, result.message) == (FileStatus.SKIPPED, "binary file (PDF document)")


def test_small_input_is_tagged_whole(mini: Tagger) -> None:
    # At or under the threshold the input is one document: a surname alone follows the full name anywhere.
    text = "Qasem Soleimani spoke. " + FILLER * 20 + "Soleimani left."
    result = _scan(text.encode(), mini, threshold=len(text))
    assert [h.method.value for h in result.hits] == ["reordered", "followup"]


# Runs the CLI and, on the way out, prints the process's own peak resident memory (VmHWM, reset by exec, so
# the test runner's own size does not leak in as it does into ru_maxrss of children).
_PEAK_WRAPPER = """
import sys
from kharon_cli.cli import main
try:
    main()
finally:
    status = open("/proc/self/status").read()
    print("VmHWM", status.split("VmHWM:")[1].split()[0], file=sys.stderr)
"""


def _max_rss_mb_of(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[bytes], float]:
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK_WRAPPER, *args], capture_output=True, env=env, timeout=600, check=False
    )
    last = proc.stderr.decode().splitlines()[-1].split()
    assert last[0] == "VmHWM", proc.stderr
    return proc, int(last[1]) / 1024


def test_a_50_mb_single_line_file_is_scanned_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    block = (FILLER * 2000).encode()  # ~86 KB, no newline anywhere
    with path.open("wb") as f:
        f.write(b"Kata'ib Hizballah ")
        written = 0
        while written < 50 << 20:
            f.write(block)
            written += len(block)
            if written // len(block) == 300:
                f.write(b" HAMAS ")
        f.write(b" Kata'ib Hizballah")
    size = path.stat().st_size
    env = {**os.environ, "KHARON_MAX_LIST_AGE": "0"}
    proc, rss_mb = _max_rss_mb_of(["scan", "-l", str(MINI), "-f", "jsonl", str(path)], env)
    assert proc.returncode == 1, proc.stderr.decode()
    assert rss_mb > 10  # a real measurement
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 3
    assert [line.count('"text": "Kata\'ib Hizballah"') for line in lines] == [1, 0, 1]
    assert f'"end": {size}' in lines[2] and '"line": 1' in lines[2]
    # Reading it whole would take the 50 MB of bytes, about 50 MB of text and ~1 GB of tokens.
    assert rss_mb < 250, f"peak RSS {rss_mb:.0f} MB"
