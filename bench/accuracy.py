"""Precision, recall and F1 of kharon on the development gold set, over (document, entity) pairs.

Usage: python bench/accuracy.py [--gold FILE] [--no-fuzzy] [--min-score N] [--list PATH ...]
Prints the totals, a breakdown by method and by alias kind (each predicted pair is credited to the method and
kind of its best-scoring hit in the document), then every false positive and every false negative.
Documents are read in place from ../shared/data (see bench/gold/README.md); BBC news is never used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

from kharon_cli.engine import load_matcher
from kharon_cli.lists.watchlist import bundled_lists_dir
from kharon_cli.matching.tagger import DEFAULT_MIN_SCORE, MatchOptions, Tagger

GOLD_DIR = Path(__file__).resolve().parent / "gold"
LIST_ID = "ofac-sdn"


def load_gold(path: Path | None) -> list[dict]:  # type: ignore[type-arg]
    files = [path] if path else sorted(GOLD_DIR.glob("gold.jsonl")) or sorted(GOLD_DIR.glob("part*.jsonl"))
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--no-fuzzy", action="store_true")
    ap.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    # The gold set is annotated with OFAC SDN ent_nums: score against that list alone unless told otherwise.
    ap.add_argument("--list", type=Path, action="append", help="Default: the bundled ofac-sdn.yaml only.")
    args = ap.parse_args()
    if not args.list:
        args.list = [bundled_lists_dir() / "ofac-sdn.yaml"]

    gold = load_gold(args.gold)
    wanted = {g["doc"] for g in gold}
    texts = {d: t for d, t in [*corpora.reuters(), *corpora.conll()] if d in wanted}
    _, compiled = load_matcher(args.list)
    tagger = Tagger(compiled, MatchOptions(fuzzy=not args.no_fuzzy, min_score=args.min_score))

    tp = fp = fn = 0
    by_method: dict[str, Counter[str]] = defaultdict(Counter)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    false_pos, false_neg = [], []
    for g in gold:
        text = texts[g["doc"]]
        best: dict[str, tuple[float, str, str, list[str]]] = {}
        for h in tagger.tag(text):
            if h.entity.list_id != LIST_ID:
                continue
            prev = best.get(h.entity.id)
            mentions = [*(prev[3] if prev else []), h.text.replace("\n", " ")]
            if prev is None or h.score > prev[0]:
                best[h.entity.id] = (h.score, h.method.value, h.alias_kind.value, mentions)
            else:
                best[h.entity.id] = (*prev[:3], mentions)
        truth = set(g["entities"])
        for eid, (score, method, kind, mentions) in sorted(best.items()):
            ok = eid in truth
            by_method[method]["tp" if ok else "fp"] += 1
            by_kind[kind]["tp" if ok else "fp"] += 1
            if ok:
                tp += 1
            else:
                fp += 1
                name = compiled.entity_rows[next(i for i, r in enumerate(compiled.entity_rows) if r[1] == eid)][2]
                false_pos.append(f"{g['doc']}: {eid} {name} <- {sorted(set(mentions))} ({method}, {kind}, {score:g})")
        for eid in sorted(truth - best.keys()):
            fn += 1
            rows = [r for r in compiled.entity_rows if r[0] == LIST_ID and r[1] == eid]
            false_neg.append(f"{g['doc']}: {eid} {rows[0][2] if rows else '?'}")

    p, r, f = prf(tp, fp, fn)
    positives = sum(1 for g in gold if g["entities"])
    print(f"gold: {len(gold)} documents ({positives} with listed parties), {tp + fn} (document, entity) pairs")
    print(f"options: fuzzy={'off' if args.no_fuzzy else 'on'}, min score {args.min_score:g}")
    print(f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})")
    for title, table in (("method", by_method), ("alias kind", by_kind)):
        print(f"by {title}:")
        for key, c in sorted(table.items()):
            total = c["tp"] + c["fp"]
            print(
                f"  {key:<11} predicted {total:4d}  tp {c['tp']:4d}  fp {c['fp']:4d}  precision {c['tp'] / total:.3f}"
            )
    print(f"false positives ({len(false_pos)}):")
    for line in false_pos:
        print("  " + line)
    print(f"false negatives ({len(false_neg)}):")
    for line in false_neg:
        print("  " + line)


if __name__ == "__main__":
    main()
