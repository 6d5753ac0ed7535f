"""Print every hit kharon finds in a fixed corpus, one JSON line per text: the pure-Python package and the one
built with mypyc (hatch_build.py, KHARON_MYPYC=1) must print the same lines.

Run by tests/test_native_build.py under both (``PYTHONPATH=<repo>`` puts the source tree's pure modules
first). The corpus is written here, from the bundled OFAC list: invented sentences naming every eleventh
listed party as listed, in natural order, and respelled (a letter dropped, doubled or swapped for a
transliteration twin, an h added, a hyphen), which drives the person and organisation respelling passes the
compiled modules hold. With ``--shared`` the Reuters-21578 bodies (read in place from ../shared/data) are
added. The first line names the module files in use.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SWAPS = {"k": "q", "q": "k", "y": "i", "i": "y", "u": "ou", "e": "a", "o": "u", "s": "z", "v": "w"}


def _respell(name: str, rnd: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha() and 0 < i < len(name) - 1]
    if not letters:
        return name
    i = rnd.choice(letters)
    how = rnd.randrange(5)
    if how == 0:
        return name[:i] + name[i + 1 :]
    if how == 1:
        return name[:i] + name[i] + name[i:]
    if how == 2 and name[i].lower() in SWAPS:
        return name[:i] + SWAPS[name[i].lower()] + name[i + 1 :]
    if how == 3:
        return name[: i + 1] + "h" + name[i + 1 :]
    return name.replace(" ", "-", 1) if " " in name else name[:i] + "-" + name[i:]


def corpus(shared: bool) -> list[str]:
    from kharon_cli.lists.watchlist import load_watchlist

    wl = load_watchlist(REPO / "lists" / "ofac-sdn.yaml")
    rnd = random.Random(16)
    texts = []
    for entity in wl.entities[::11]:
        surname, _, given = entity.name.partition(",")
        natural = f"{given.strip().title()} {surname.strip().title()}".strip() if given else entity.name.title()
        for written in (entity.name, natural, _respell(natural, rnd), _respell(_respell(natural, rnd), rnd)):
            texts.append(
                f"On Monday {written} met officials in the capital, a spokesman said.\n"
                f"Later {surname.strip().title()} told reporters that talks with the ministry would go on."
            )
    if shared:
        sys.path.insert(0, str(REPO / "bench"))
        import corpora

        texts.extend(text for _, text in corpora.reuters(body_only=True))
    return texts


def main() -> None:
    from kharon_cli.engine import load_matcher
    from kharon_cli.lists.watchlist import list_files
    from kharon_cli.matching import names, orgs, persons
    from kharon_cli.matching.tagger import MatchOptions, Tagger

    print(json.dumps({"modules": [Path(m.__file__ or "").name for m in (persons, orgs, names)]}))
    _, compiled = load_matcher(list_files([REPO / "lists"]))
    tagger = Tagger(compiled, MatchOptions())
    for i, text in enumerate(corpus("--shared" in sys.argv)):
        hits = [(h.start, h.end, h.entity_key, h.method.value, round(h.score, 4), h.text) for h in tagger.tag(text)]
        print(json.dumps([i, hits], ensure_ascii=False))


if __name__ == "__main__":
    main()
