"""kharon's accuracy, three ways: the development gold set, every pair reported over whole corpora, and the
name-variant recall benchmark with its controls.

Usage: python bench/accuracy.py [--only gold|corpus|variants ...] [--no-fuzzy] [--min-score N] [--list PATH ...]

1. gold: precision, recall and F1 on the development gold set (``bench/gold``), over (document, entity)
   pairs, with a breakdown by method and alias kind and every false positive and false negative. A pair marked
   ``optional`` in the gold set counts neither way.
2. corpus: every (document, entity) pair kharon reports over ALL of Reuters-21578 and CoNLL-2003 testa (21,057
   documents, the bundled lists), judged by ``bench/judgements/pairs.jsonl``: precision and false alarms per
   1,000 articles, every false pair, and every pair not judged yet (judge it and add a line).
3. variants: ``bench/variants.py`` (leave one spelling out, with CoNLL controls), run as it is.

Documents are read in place from ../shared/data (see bench/gold/README.md); BBC news is never used.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

from kharon_cli.engine import load_matcher
from kharon_cli.lists.watchlist import bundled_lists_dir
from kharon_cli.matching.tagger import DEFAULT_MIN_SCORE, MatchOptions, Tagger

BENCH = Path(__file__).resolve().parent
GOLD_DIR = BENCH / "gold"
PAIRS = BENCH / "judgements" / "pairs.jsonl"
LIST_ID = "ofac-sdn"
SECTIONS = ("gold", "corpus", "variants")


def load_gold(path: Path | None) -> list[dict]:  # type: ignore[type-arg]
    files = [path] if path else sorted(GOLD_DIR.glob("gold.jsonl")) or sorted(GOLD_DIR.glob("part*.jsonl"))
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def section_gold(args: argparse.Namespace) -> None:
    # The gold set is annotated with OFAC SDN ent_nums: score against that list alone unless told otherwise.
    lists = args.list or [bundled_lists_dir() / "ofac-sdn.yaml"]
    gold = load_gold(args.gold)
    wanted = {g["doc"] for g in gold}
    texts = {d: t for d, t in [*corpora.reuters(), *corpora.conll()] if d in wanted}
    _, compiled = load_matcher(lists)
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
        optional = set(g.get("optional", ()))
        for eid, (score, method, kind, mentions) in sorted(best.items()):
            if eid in optional:
                continue
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
    print("== 1. development gold set (bench/gold; OFAC SDN list)")
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


def section_corpus(args: argparse.Namespace) -> None:
    """Every pair reported over all of Reuters-21578 and CoNLL-2003 testa, against the pair judgements."""
    _, compiled = load_matcher(args.list or None)
    tagger = Tagger(compiled, MatchOptions(fuzzy=not args.no_fuzzy, min_score=args.min_score))
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    judged = {(j["doc"], j["entity"]): j for j in (json.loads(x) for x in lines if x.strip())}
    reported: dict[tuple[str, str], list[str]] = {}
    names: dict[str, str] = {}
    articles = 0
    for doc, text in [*corpora.reuters(), *corpora.conll()]:
        articles += 1
        for h in tagger.tag(text):
            reported.setdefault((doc, h.entity_key), []).append(h.text.replace("\n", " "))
            names[h.entity_key] = h.entity.name
    verdicts = Counter(judged[k]["verdict"] if k in judged else "unjudged" for k in reported)
    tp, fp = verdicts["true"], verdicts["false"]
    print("\n== 2. every pair reported over whole corpora (bench/judgements/pairs.jsonl; the bundled lists)")
    print(f"articles: {articles} (Reuters-21578 + CoNLL-2003 testa); pairs reported: {len(reported)}")
    print(
        f"true {tp}, false {fp}, optional {verdicts['optional']}, not judged yet {verdicts['unjudged']}; "
        f"precision {tp / (tp + fp) if tp + fp else 1.0:.3f}; false alarms per 1,000 articles "
        f"{1000 * fp / articles:.2f}"
    )
    for title, verdict in (("false alarms", "false"), ("not judged yet", "unjudged")):
        rows = [k for k in sorted(reported) if (judged[k]["verdict"] if k in judged else "unjudged") == verdict]
        print(f"{title} ({len(rows)}):")
        for doc, ent in rows:
            why = f" -- {judged[(doc, ent)]['reason']}" if (doc, ent) in judged else ""
            print(f"  {doc}: {ent} {names[ent]} <- {sorted(set(reported[(doc, ent)]))}{why}")
    lost = [k for k, j in sorted(judged.items()) if j["verdict"] == "true" and k not in reported]
    print(f"true pairs judged before and no longer reported ({len(lost)}):")
    for doc, ent in lost:
        print(f"  {doc}: {ent} {judged[(doc, ent)]['name']}")


def section_variants(args: argparse.Namespace) -> None:
    print("\n== 3. name-variant recall (bench/variants.py: leave one spelling out) and CoNLL controls", flush=True)
    cmd = [sys.executable, str(BENCH / "variants.py"), "--show-misses", str(args.show_misses)]
    if args.no_fuzzy:
        cmd.append("--no-fuzzy")
    subprocess.run(cmd, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--no-fuzzy", action="store_true")
    ap.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    ap.add_argument("--list", type=Path, action="append", help="gold: default the bundled ofac-sdn.yaml only")
    ap.add_argument("--show-misses", type=int, default=40, help="variants: misses to list")
    args = ap.parse_args()
    for name in args.only or SECTIONS:
        {"gold": section_gold, "corpus": section_corpus, "variants": section_variants}[name](args)


if __name__ == "__main__":
    main()
