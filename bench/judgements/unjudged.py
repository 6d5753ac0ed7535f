"""List the (doc, entity) pairs in a kharon hits file that have no judgement yet, and score the rest.

Usage (from the project root):

    .venv/bin/python bench/judgements/unjudged.py HITS.jsonl [--pairs bench/judgements/pairs.jsonl]
                                                  [--articles 21057]

HITS.jsonl is kharon's JSONL output (one hit a line: ``path``, ``entity.id``, ``entity.name``, ``text``,
``start``, ``end``, ...); the doc id is the file stem of ``path`` (``corpus/reuters-1234.txt`` ->
``reuters-1234``). For every reported pair without a line in the pairs file it prints the surface forms
and about 80 characters of context either side of the first mention (read from the file at ``path`` if it
exists, else from the corpora via ``bench/corpora.py``; printed only, never stored). Then it prints totals
over the reported pairs: judged true / false / optional, precision = true / (true + false), and false
alarms (false pairs) per 1,000 articles scanned (``--articles``; default 21,057 = every Reuters-21578
document with a title or body + every CoNLL-2003 testa document).

Exit status: 0 when every reported pair is judged, 1 when some are not, 2 on a malformed pairs file.
Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERDICTS = ("true", "false", "optional")
CONTEXT = 80


def doc_id(path: str) -> str:
    return Path(path).stem


def load_hits(path: Path) -> dict[tuple[str, str], list[dict]]:
    pairs: dict[tuple[str, str], list[dict]] = {}
    with path.open(encoding="utf-8") as f:
        for _n, line in enumerate(f, 1):
            if not line.strip():
                continue
            h = json.loads(line)
            pairs.setdefault((doc_id(h["path"]), h["entity"]["id"]), []).append(h)
    return pairs


def load_judgements(path: Path) -> tuple[dict[tuple[str, str], dict], list[str]]:
    judged: dict[tuple[str, str], dict] = {}
    problems: list[str] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                j = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{path.name}:{n}: not JSON ({e})")
                continue
            key = (j.get("doc"), j.get("entity"))
            if not all(isinstance(x, str) and x for x in key):
                problems.append(f"{path.name}:{n}: missing doc or entity")
            elif j.get("verdict") not in VERDICTS:
                problems.append(f"{path.name}:{n}: verdict {j.get('verdict')!r} not one of {VERDICTS}")
            elif not j.get("reason"):
                problems.append(f"{path.name}:{n}: empty reason")
            elif key in judged:
                problems.append(f"{path.name}:{n}: duplicate judgement for {key[0]} {key[1]}")
            else:
                judged[key] = j
    return judged, problems


class Texts:
    """Article text by doc id: the hit's own file if present, else the shared corpora (loaded lazily)."""

    def __init__(self, hits_file: Path):
        self.base = hits_file.resolve().parent
        self.corpus: dict[str, str] | None = None

    def get(self, doc: str, path: str) -> str | None:
        for p in (Path(path), self.base / path):
            if p.is_file():
                return p.read_text(encoding="utf-8", errors="replace")
        if self.corpus is None:
            sys.path.insert(0, str(HERE.parent))
            try:
                import corpora
            except ImportError:
                self.corpus = {}
            else:
                self.corpus = {}
                for reader in (corpora.reuters, corpora.conll):
                    with contextlib.suppress(OSError):
                        self.corpus.update(reader())
        return self.corpus.get(doc)


def context(text: str | None, hit: dict) -> str:
    if text is None:
        return "(article text not found)"
    s, e = hit["start"], hit["end"]
    left = text[max(0, s - CONTEXT) : s]
    right = text[e : e + CONTEXT]
    return " ".join(f"{left}[[{text[s:e]}]]{right}".split())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("hits", type=Path, help="kharon JSONL hits file")
    ap.add_argument("--pairs", type=Path, default=HERE / "pairs.jsonl", help="judgements file")
    ap.add_argument("--articles", type=int, default=21057, help="number of articles scanned")
    args = ap.parse_args(argv)

    reported = load_hits(args.hits)
    judged, problems = load_judgements(args.pairs)
    for p in problems:
        print("ERROR", p)

    missing = sorted(k for k in reported if k not in judged)
    texts = Texts(args.hits)
    if missing:
        print(f"== {len(missing)} unjudged pair(s)")
    for doc, ent in missing:
        hs = sorted(reported[(doc, ent)], key=lambda h: h["start"])
        surface = sorted({h["text"] for h in hs})
        methods = sorted({h.get("method", "?") for h in hs})
        print(f"\n{doc}  {ent}  {hs[0]['entity'].get('name', '')}")
        print(f"  surface: {surface}   method: {methods}   hits: {len(hs)}")
        print(f"  context: {context(texts.get(doc, hs[0]['path']), hs[0])}")

    counts = {v: 0 for v in VERDICTS}
    for k in reported:
        if k in judged:
            counts[judged[k]["verdict"]] += 1
    stale = sum(1 for k in judged if k not in reported)
    tp, fp = counts["true"], counts["false"]
    print("\n== totals")
    print(f"pairs reported: {len(reported)}  (hits: {sum(len(v) for v in reported.values())})")
    print(
        f"judged: {len(reported) - len(missing)}  true: {tp}  false: {fp}  optional: {counts['optional']}"
        f"  unjudged: {len(missing)}"
    )
    prec = f"{tp / (tp + fp):.3f}" if tp + fp else "n/a"
    print(f"precision true/(true+false): {prec}")
    print(f"false alarms per 1,000 articles: {1000 * fp / args.articles:.3f}  ({fp} / {args.articles})")
    if stale:
        print(f"(judgements not reported by this hits file: {stale}; kept for other matcher versions)")
    if problems:
        return 2
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
