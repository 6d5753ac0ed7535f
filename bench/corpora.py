"""Readers for the shared news corpora used by the benchmarks and the accuracy bench (never copied).

``reuters()`` yields (doc id, text) for each Reuters-21578 article that has a title or body, with SGML
entities decoded; ``conll()`` yields (doc id, text) for each CoNLL-2003 testa document, tokens re-joined
with spaces. Both read ../shared/data in place.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
REUTERS_DIR = SHARED_DATA / "news_reuters21578"
CONLL_FILE = SHARED_DATA / "news_conll2003_eng_testa" / "eng.testa"

_ARTICLE_RE = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TITLE_RE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY_RE = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _clean(s: str) -> str:
    return _CONTROL_RE.sub(" ", html.unescape(s))


def reuters(body_only: bool = False) -> Iterator[tuple[str, str]]:
    for sgm in sorted(REUTERS_DIR.glob("reut2-*.sgm")):
        raw = sgm.read_bytes().decode("latin-1")
        for m in _ARTICLE_RE.finditer(raw):
            newid, inner = m.groups()
            title = _TITLE_RE.search(inner)
            body = _BODY_RE.search(inner)
            parts = [] if body_only else ([_clean(title.group(1))] if title else [])
            if body:
                parts.append(_clean(body.group(1)))
            if parts and any(p.strip() for p in parts):
                yield f"reuters-{newid}", "\n\n".join(parts)


def conll() -> Iterator[tuple[str, str]]:
    doc: list[list[str]] = []
    sentence: list[str] = []
    n = 0

    def flush() -> tuple[str, str] | None:
        text = "\n".join(" ".join(s) for s in doc if s)
        return (f"conll-testa-{n}", text) if text else None

    for line in CONLL_FILE.read_text(encoding="latin-1").splitlines():
        if line.startswith("-DOCSTART-"):
            if sentence:
                doc.append(sentence)
                sentence = []
            out = flush()
            if out:
                yield out
            n += 1
            doc = []
        elif not line.strip():
            if sentence:
                doc.append(sentence)
                sentence = []
        else:
            sentence.append(line.split(" ")[0])
    if sentence:
        doc.append(sentence)
    out = flush()
    if out:
        yield out
