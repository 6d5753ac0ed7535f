"""Annotation aid: print a gold-set document with kharon's permissive candidates (every alias, min score 0).

Usage: python bench/gold/show_doc.py DOC_ID [DOC_ID ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import corpora

from kharon_cli.engine import load_tagger
from kharon_cli.matching.tagger import MatchOptions


def main() -> None:
    wanted = set(sys.argv[1:])
    docs = {d: t for d, t in [*corpora.reuters(), *corpora.conll()] if d in wanted}
    tagger = load_tagger(options=MatchOptions(min_score=0))
    for doc_id in sys.argv[1:]:
        text = docs[doc_id]
        print(f"===== {doc_id} ({len(text)} chars)")
        print(text)
        print("----- candidates (entity id | list name | type | text | method | alias kind | alias)")
        for h in tagger.tag(text):
            print(
                f"  {h.entity.id} | {h.entity.name} | {h.entity.type.value} | {h.text!r} | {h.method.value} | "
                f"{h.alias_kind.value} | {h.alias}"
            )


if __name__ == "__main__":
    main()
