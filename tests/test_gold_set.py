"""The development gold set is well-formed: enough documents, ids that exist, nothing copied from articles."""

from __future__ import annotations

import json
from pathlib import Path

from kharon_cli.lists.watchlist import load_watchlist

GOLD = Path(__file__).resolve().parents[1] / "bench" / "gold"
BUNDLED = Path(__file__).resolve().parents[1] / "lists" / "ofac-sdn.yaml"


def test_gold_set_shape_and_ids() -> None:
    rows = [json.loads(line) for line in (GOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = [line.split("\t") for line in (GOLD / "docs.txt").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["doc"] for r in rows) == sorted(d for d, _ in docs)
    assert {r["doc"]: r["pick"] for r in rows} == dict(docs)
    assert len(rows) >= 150
    assert sum(1 for r in rows if r["entities"] or r.get("optional")) >= 60
    assert not any(r["doc"].startswith("bbc") for r in rows)
    known = {e.id for e in load_watchlist(BUNDLED).entities}
    for r in rows:
        assert set(r) - {"optional", "optional_reason"} == {"doc", "pick", "entities", "traps", "annotator"}
        assert r["entities"] == sorted(r["entities"]) and set(r["entities"]) <= known, r["doc"]
        # An optional pair (the list cannot tell which party the name meant) says why, and is no entity too.
        assert bool(r.get("optional")) == bool(r.get("optional_reason")), r["doc"]
        assert set(r.get("optional", ())) <= known - set(r["entities"]), r["doc"]
        # Trap notes name names; they never carry article sentences.
        assert all(len(t) < 300 for t in r["traps"]), r["doc"]
