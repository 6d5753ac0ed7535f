"""Choose the development gold set's documents (ids only; the text stays in ../shared/data).

Run once: python bench/gold/select_docs.py > bench/gold/docs.txt
* candidates: documents whose text matches a pattern for a party that appears on the OFAC list, or a
  namesake of one (searched with plain regular expressions, independent of kharon's matcher), capped
  per pattern so no single party dominates;
* random: a seeded sample of the remaining documents, about 70% Reuters-21578 and 30% CoNLL-2003 testa.
BBC news is never read here: it is the held-out set.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import corpora

CANDIDATE_PATTERNS = [
    r"Revolutionary Guard",
    r"PDVSA|Petroleos de Venezuela",
    r"Saddam Hussein",
    r"Vneshtorgbank",
    r"Mousavi|Musavi",
    r"Khamenei",
    r"Qaddafi|Khadaf|Gadaf|Kadhafi|Gaddafi|Qadhafi",
    r"Hizbollah|Hezbollah|Hizballah|Party of God",
    r"Tar[ie]q Aziz",
    r"National Iranian Oil|NIOC",
    r"Velayati",
    r"Milosevic",
    r"Ghazi Kana",
    r"Prensa Latina",
    r"National Liberation Army|\bELN\b",
    r"Gama'a|Islamic Group",
    r"Central Bank of Venezuela|Banco Central de Venezuela|Banco de Venezuela",
    r"Assad",
    r"Islamic Jihad",
    r"Zubeidi|Zubaidi",
    r"North Korea",
    r"Cuba",
    r"Libya",
]
PER_PATTERN = 8
RANDOM_DOCS = 95
# Second round, added after the first annotation found 51 positive documents (target: 60 or more): more
# documents for the patterns that mostly led to listed parties in round one.
EXTRA_PATTERNS = [
    r"Revolutionary\s+Guard",
    r"PDVSA|Petroleos\s+de\s+Venezuela",
    r"Saddam\s+Hussein",
    r"Khamenei",
    r"Tar[ie]q\s+Aziz",
    r"Hizbollah|Hezbollah|Hizballah|Party\s+of\s+God",
    r"Velayati",
    r"Prensa\s+Latina",
    r"Qaddafi|Khadaf|Gadaf|Kadhafi|Gaddafi|Qadhafi",
    r"Ryzhkov",
    r"Lukashenk",
    r"Aziz",
    r"Bagheri|Baqeri",
    r"Ministry\s+of\s+Petroleum|Agricultural\s+Development\s+Bank",
]
EXTRA_PER_PATTERN = 6


def main() -> None:
    docs = dict(corpora.reuters())
    docs.update(corpora.conll())
    ids = sorted(docs)
    rng = random.Random(20261127)
    chosen: list[str] = []
    for pattern in CANDIDATE_PATTERNS:
        rx = re.compile(pattern)
        hits = [d for d in ids if rx.search(docs[d]) and d not in chosen]
        rng.shuffle(hits)
        chosen.extend(sorted(hits[:PER_PATTERN]))
    rest = [d for d in ids if d not in set(chosen)]
    reuters = [d for d in rest if d.startswith("reuters")]
    conll = [d for d in rest if d.startswith("conll")]
    n_conll = RANDOM_DOCS * 3 // 10
    randoms = rng.sample(reuters, RANDOM_DOCS - n_conll) + rng.sample(conll, n_conll)
    extra: list[str] = []
    taken = set(chosen) | set(randoms)
    for pattern in EXTRA_PATTERNS:
        rx = re.compile(pattern)
        hits = [d for d in ids if rx.search(docs[d]) and d not in taken and d not in extra]
        rng.shuffle(hits)
        extra.extend(sorted(hits[:EXTRA_PER_PATTERN]))
    for d in chosen:
        print(f"{d}\tcandidate")
    for d in sorted(randoms):
        print(f"{d}\trandom")
    for d in extra:
        print(f"{d}\tcandidate")


if __name__ == "__main__":
    main()
