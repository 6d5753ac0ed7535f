"""Name-variant recall benchmark ("leave one spelling out"), with false-alarm controls.

Usage: python bench/variants.py [--list PATH] [--no-fuzzy] [--max-cases N] [--seed S] [--show-misses N]
                                [--split dev|heldout|all] [--json OUT] [--max-batches N] [--jobs N]
                                [--no-controls]

Recall is measured on spellings the list does not carry. For an entity whose list carries two strong names
that are spellings of each other (K, T), a copy of the list is written without T (and without every other name
of that entity that already contains T's words), and T is looked for in a neutral sentence. Everything runs
through kharon's public API only (``load_tagger``, ``MatchOptions``, hit attributes), pyyaml, rapidfuzz and
the standard library, so the script keeps working while the package is reorganised.

Rule: "spellings of each other"
-------------------------------
Strong names are the primary name and every alias that is not ``kind: weak`` (aka, fka, nka). Each name is
compared on its words after a fold that mimics kharon's normaliser: parenthetical parts dropped, NFKC,
casefold, diacritics stripped (plus o/l/d/ae/oe/th for letters NFD does not decompose), apostrophes removed
and an English possessive "'s" dropped, dotted initialisms joined ("U.S." -> "us"), and every other
non-letter/digit character (hyphen, comma, dot, space) a word separator. Persons are taken in natural order
("SURNAME, Given Middle" -> given middle surname; a name without a comma as written). Two names A and B of
one entity are a pair when, after that fold:

1. they are not the same words (same sequence for organisations/vessels/aircraft, same multiset for persons):
   a difference kharon's normaliser already folds (case, punctuation, diacritics, hyphen vs space, word order
   of a person) is not a variant;
2. joins are reconciled first: two adjacent words of one name are merged when their concatenation equals a
   word of the other name, or (concatenation >= 6 letters) has normalized Levenshtein similarity >= 0.8 with
   one, and neither part occurs in the other name as it is ("AL-NUSRA" ~ "ALNUSRA", "ABDUL RAHMAN" ~
   "ABDELRAHMAN"); at most two merges per name; each merge adds the kind "hyphen/space/joined";
3. the words are then aligned one to one: in order for organisations, vessels and aircraft; order-insensitive
   for persons (identical words paired first, the rest by the permutation with the highest total
   similarity). The word counts must be equal, except for one extra word in one name that is either
   (a) an article particle (al, el, ad, as, ar, at, an, az, ash, ...), any position, kind "article
   particles"; or (b) for persons only, a middle name/patronymic: not the first or last word in natural order,
   not a title (colonel, sheikh, dr, ...), with at least two words left on each side: kind "dropped middle
   name/patronymic";
4. every aligned word pair is similar: identical; or both article particles; or, when both words have at
   most 4 letters, the same non-empty consonant skeleton (a e i o u y h w dropped, doubled letters collapsed:
   "Aus"/"Aous", "Saed"/"Said"; not "ISIL"/"ISIS", "PAO"/"OAO", "FZE"/"FZC"); otherwise normalized
   Levenshtein similarity (rapidfuzz) >= 0.6 and the shorter word at least 0.7 times as long as the longer
   (not "TROPIC"/"TROPICANA");
5. at least one aligned pair differs, or a join or an extra article particle was needed (an extra middle
   name alone is not a spelling variant: its "found" would be the matcher's given-name-left-out rule).

Each pair gives two cases, (K=A, T=B) and (K=B, T=A); a case is dropped when K's words (all of them,
parenthetical part included) already contain all of T's words, because T would then be deleted with K.

Kinds of difference (a case may have several). Each differing aligned pair (x, y) goes through these
rewrites in order; a rewrite (applied to both words) is credited when it lowers their Levenshtein distance,
and is then kept: -iy/-y/-ii/-i endings (a final run of 1-2 of i/y/j -> i, words of 5+ letters), -ich/-ych
(final ych, itch -> ich), kh/h kh/x/ch (kh, ch, x -> h; only when a word has "kh"), ou/u (ou -> u),
ie/ye/e (iye, ye, ie -> e), w/v/ff (w -> v, final ff -> v), doubled letters (runs collapsed), y/i/j
(iy, y, j -> i), vowels (a e i o u deleted: substitutions and insertions of vowels); then four kinds
beyond the brief's list, so that "other" says less often "we do not know": h added/dropped (h deleted:
-ah/-a, dh/d, th/t, gh/g), x/ks (x -> ks), q/k/c/g (q, c, g -> k), s/z (z -> s). Whatever distance is
left is "other". Two different article particles are "article particles". Joins, extra particles and
extra middle names add their kinds as above.

Cases and batches
-----------------
An entity appears at most once per batch: batch i holds the i-th case of every entity. Each batch is one
modified copy of the list (every test entity of the batch loses its T-names; T was the primary name: K
becomes the primary name; every other entity unchanged), compiled once. ``--max-batches`` (default 4) caps
the cases per entity (seeded choice, one direction of each pair before the reverse direction of any), which
caps the number of compiles. Batches are compiled and scanned in ``--jobs`` processes.

Queries and scoring
-------------------
T is written in natural order, words in capitals Title-Cased (connector words such as of/the/de/bin lower
case unless first, capitals-only words of <= 4 letters without a vowel such as LLC kept), parenthetical part
dropped, inside a neutral sentence picked at random (seeded) from templates per entity type (vessel and
aircraft templates carry the vessel/aircraft context kharon requires). The templates are checked at start:
scanned with no name in them they give no hit on the bundled lists. A case is FOUND when a hit on the test
entity (same list id and entity id) overlaps more than half of the target span's characters; a WRONG hit is a
hit on another entity overlapping the target span (counted separately, found or not).

The table also gives recall where a kind is the only difference of the case, and the strict recall (a
hit on the test entity covering the whole target span).

The development/held-out split is by the parity of the first byte of sha256("<list id>:<entity id>").

Controls
--------
Multi-word (>= 2 tokens) I-PER/B-PER and I-ORG runs of CoNLL-2003 testa, deduplicated on their folded words;
names in capitals only (headlines) Title-Cased. A control is dropped when its folded words equal a name or
alias (any kind, weak included; persons also in natural order; with and without the parenthetical part) of
one of the bundled lists: exact names only, never fuzzy near-misses. Each is put in a person or organisation
template and scanned with the unmodified bundled lists (ofac-sdn.yaml and un-sc.yaml); every hit in the
sentence is a false alarm. BBC news is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "lists"
CONLL_FILE = ROOT.parent / "shared" / "data" / "news_conll2003_eng_testa" / "eng.testa"

KINDS = [
    "vowels",
    "doubled letters",
    "y/i/j",
    "kh/h, kh/x/ch",
    "-iy/-y/-ii/-i endings",
    "-ich/-ych",
    "ie/ye/e",
    "dropped middle name/patronymic",
    "hyphen/space/joined",
    "article particles",
    "ou/u",
    "w/v/ff",
    # beyond the brief's list, so that "other" is smaller:
    "h added/dropped",
    "x/ks",
    "q/k/c/g",
    "s/z",
    "other",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ARTICLES = _words("al el ad ar as at an az ash ath adh ud ul ur us ut uz un ed es et en er ez")
TITLES = _words(
    "colonel col general gen major maj captain capt commander cmdr lieutenant lt dr doctor sheikh shaikh "
    "shaykh sheik mullah mulla maulana mawlana mawlawi maulvi haji hajji hadji qari sayyid sayed imam "
    "emir amir mr mrs ms prof professor engineer eng brigadier admiral"
)
# Connector words written in lower case inside a Title-Cased name (unless first).
SMALL_WORDS = _words(
    "of the and for in on at to by de del della der des di da do dos das du la le les y e et und von van bin ibn bint"
)

PERSON_TEMPLATES = [
    "Reporters noted that {} arrived on Tuesday.",
    "A spokesman confirmed that {} had left the country.",
    "According to the report, {} travelled abroad last month.",
    "Witnesses stated that {} attended the meeting.",
    "Officials reported that {} declined to comment.",
    "{} was seen at the airport, according to a witness.",
]
ORG_TEMPLATES = [
    "Officials stated that {} was involved.",
    "The report named {} as a party to the deal.",
    "According to documents, {} opened an office last year.",
    "Analysts noted that {} had expanded its operations.",
    "A statement attributed to {} was published on Monday.",
    "{} did not respond to a request for comment.",
]
VESSEL_TEMPLATES = [
    "The tanker {} sailed from the port on Tuesday.",
    "Tracking data showed the vessel {} changed course.",
    "The ship {} was loaded with cargo on Friday.",
]
AIRCRAFT_TEMPLATES = [
    "The aircraft {} landed on Tuesday evening.",
    "Records show the plane {} made several flights.",
]
TEMPLATES = {
    "person": PERSON_TEMPLATES,
    "organization": ORG_TEMPLATES,
    "vessel": VESSEL_TEMPLATES,
    "aircraft": AIRCRAFT_TEMPLATES,
}

# --------------------------------------------------------------------------------------------------------------
# Folding (a mimic of kharon's normaliser, for deciding what counts as a variant; matching is kharon's own)

APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4"
_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ƶ": "z", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
_INITIALISM = re.compile(r"(?<![^\W_])[^\W\d_](?:\.[^\W\d_])+\.?(?![^\W_])")
_POSSESSIVE = re.compile(rf"(?<=[^\W_])[{APOSTROPHES}][sS](?![^\W_])")
_APOS_TABLE = str.maketrans("", "", APOSTROPHES)
_PAREN = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[^\W_]+")


def strip_parens(s: str) -> str:
    prev = None
    while prev != s:
        prev, s = s, _PAREN.sub(" ", s)
    s = re.sub(r"[()]", " ", s)
    return re.sub(r"\s+", " ", s).strip(" ,;")


def fold(s: str) -> list[str]:
    s = _INITIALISM.sub(lambda m: m.group().replace(".", ""), s)
    s = _POSSESSIVE.sub("", s)
    s = unicodedata.normalize("NFKC", s).casefold()
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(_LETTERS).translate(_APOS_TABLE)
    return _WORD.findall(s)


def natural(raw: str, is_person: bool) -> str:
    """A name as an article writes it: persons "SURNAME, Given" -> "Given SURNAME"; parenthetical dropped."""
    s = strip_parens(raw)
    if is_person and "," in s:
        surname, given = s.split(",", 1)
        s = f"{given.strip()} {surname.strip()}".strip()
    return s


def _title_word(w: str, first: bool) -> str:
    letters = [c for c in w if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return w  # mixed case as written, or no letters
    if "." in w.strip("."):
        return w  # dotted initialism: S.A.
    lw = w.lower()
    if len(letters) <= 4 and not any(c in "AEIOUY" for c in letters):
        return w  # LLC, JSC, PJSC
    if not first and lw in SMALL_WORDS:
        return lw
    out, done = [], False
    for c in lw:
        if not done and c.isalpha():
            out.append(c.upper())
            done = True
        else:
            out.append(c)
    return "".join(out)


def title_case(s: str) -> str:
    parts = re.split(r"(\s+|-)", s)
    out = []
    first = True
    for p in parts:
        if not p or p.isspace() or p == "-":
            out.append(p)
            continue
        out.append(_title_word(p, first))
        first = False
    return "".join(out)


# --------------------------------------------------------------------------------------------------------------
# Pairing


def sim(x: str, y: str) -> float:
    return float(Levenshtein.normalized_similarity(x, y))


def skeleton(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyhw]", "", s))


def similar(x: str, y: str) -> bool:
    if x == y or (x in ARTICLES and y in ARTICLES):
        return True
    if max(len(x), len(y)) <= 4:  # short words (acronyms, legal forms): same consonants only
        return skeleton(x) != "" and skeleton(x) == skeleton(y)
    return sim(x, y) >= 0.6 and min(len(x), len(y)) >= 0.7 * max(len(x), len(y))


def _merge_joins(x: list[str], y: list[str]) -> tuple[list[str], int]:
    """Merge adjacent words of x whose concatenation is a word of y (see the module docstring, rule 2)."""
    x = list(x)
    merges = 0
    ys = set(y)
    i = 0
    while i < len(x) - 1 and merges < 2:
        a, b = x[i], x[i + 1]
        c = a + b
        if (
            a not in ys
            and b not in ys
            and c not in x
            and any(
                c == t or (len(c) >= 6 and sim(c, t) >= 0.8 and sim(c, t) > max(sim(a, t), sim(b, t)))
                for t in ys
                if t not in x
            )
        ):
            x[i : i + 2] = [c]
            merges += 1
            continue
        i += 1
    return x, merges


def _align_equal(a: list[str], b: list[str], ordered: bool) -> list[tuple[str, str]] | None:
    if ordered:
        pairs = list(zip(a, b, strict=True))
        return pairs if all(similar(p, q) for p, q in pairs) else None
    ra, rb = list(a), list(b)
    pairs = []
    for w in list(ra):
        if w in rb:
            pairs.append((w, w))
            ra.remove(w)
            rb.remove(w)
    if not ra:
        return pairs
    if len(ra) <= 6:
        best, best_score = None, -1.0
        for perm in itertools.permutations(rb):
            if all(similar(p, q) for p, q in zip(ra, perm, strict=True)):
                score = sum(sim(p, q) for p, q in zip(ra, perm, strict=True))
                if score > best_score:
                    best, best_score = list(zip(ra, perm, strict=True)), score
        return None if best is None else pairs + best
    left = list(rb)
    for p in ra:  # greedy for long names
        q = max(left, key=lambda t: sim(p, t))
        if not similar(p, q):
            return None
        pairs.append((p, q))
        left.remove(q)
    return pairs


def align(a: list[str], b: list[str], is_person: bool) -> tuple[list[tuple[str, str]], set[str]] | None:
    """Aligned word pairs of two folded names and the structural kinds, or None when not a pair."""
    kinds: set[str] = set()
    a2, ma = _merge_joins(a, b)
    b2, mb = _merge_joins(b, a2)
    if ma or mb:
        kinds.add("hyphen/space/joined")
    ordered = not is_person
    if len(a2) == len(b2):
        pairs = _align_equal(a2, b2, ordered)
        if pairs is None:
            return None
    elif abs(len(a2) - len(b2)) == 1:
        longer, shorter = (a2, b2) if len(a2) > len(b2) else (b2, a2)
        swapped = longer is b2
        pairs = None
        for j, w in enumerate(longer):
            if w in ARTICLES:
                kind = "article particles"
            elif is_person and 0 < j < len(longer) - 1 and w not in TITLES and len(shorter) >= 2 and w not in shorter:
                kind = "dropped middle name/patronymic"
            else:
                continue
            rest = longer[:j] + longer[j + 1 :]
            got = _align_equal(rest, shorter, ordered)
            if got is not None:
                pairs = [(q, p) for p, q in got] if swapped else got
                kinds.add(kind)
                break
        if pairs is None:
            return None
    else:
        return None
    differs = any(p != q for p, q in pairs) or bool(kinds - {"dropped middle name/patronymic"})
    if not differs:
        return None
    return pairs, kinds


_ENDING = re.compile(r"[iyj]{1,2}$")


def _t_ending(s: str) -> str:
    return _ENDING.sub("i", s) if len(s) >= 5 else s


REWRITES = [
    ("-iy/-y/-ii/-i endings", _t_ending),
    ("-ich/-ych", lambda s: re.sub(r"(?:ych|itch)$", "ich", s)),
    ("kh/h, kh/x/ch", lambda s: s.replace("kh", "h").replace("ch", "h").replace("x", "h")),
    ("ou/u", lambda s: s.replace("ou", "u")),
    ("ie/ye/e", lambda s: re.sub(r"iye|ye|ie", "e", s)),
    ("w/v/ff", lambda s: re.sub(r"ff$", "v", s.replace("w", "v"))),
    ("doubled letters", lambda s: re.sub(r"(.)\1+", r"\1", s)),
    ("y/i/j", lambda s: s.replace("iy", "i").replace("y", "i").replace("j", "i")),
    ("vowels", lambda s: re.sub(r"[aeiou]+", "", s)),
    ("h added/dropped", lambda s: s.replace("h", "")),
    ("x/ks", lambda s: s.replace("x", "ks")),
    ("q/k/c/g", lambda s: re.sub(r"[qcg]", "k", s)),
    ("s/z", lambda s: s.replace("z", "s")),
]


def pair_kinds(x: str, y: str) -> set[str]:
    if x == y:
        return set()
    if x in ARTICLES and y in ARTICLES:
        return {"article particles"}
    kinds = set()
    d = Levenshtein.distance(x, y)
    for name, fn in REWRITES:
        if name == "kh/h, kh/x/ch" and "kh" not in x and "kh" not in y:
            continue  # ch/j, x/ks and the like are not this kind
        x2, y2 = fn(x), fn(y)
        d2 = Levenshtein.distance(x2, y2)
        if d2 < d:
            kinds.add(name)
            x, y, d = x2, y2, d2
        if d == 0:
            break
    if d:
        kinds.add("other")
    return kinds


# --------------------------------------------------------------------------------------------------------------
# Building cases


def entity_names(ent: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, kind) for the primary name and every alias."""
    out = [(str(ent["name"]), "primary")]
    for a in ent.get("aliases") or ():
        if isinstance(a, str):
            out.append((a, "aka"))
        else:
            out.append((str(a["name"]), str(a.get("kind", "aka"))))
    return out


def split_of(list_id: str, ent_id: str) -> str:
    return "dev" if hashlib.sha256(f"{list_id}:{ent_id}".encode()).digest()[0] % 2 == 0 else "heldout"


def build_cases(doc: dict[str, Any], seed: int, max_per_entity: int) -> tuple[list[dict[str, Any]], int]:
    list_id = str(doc["list"]["id"])
    rng = random.Random(seed)
    cases: list[dict[str, Any]] = []
    capped = 0
    for ent in doc["entities"]:
        etype = str(ent.get("type") or "organization")
        is_person = etype == "person"
        strong = []
        seen = set()
        for raw, kind in entity_names(ent):
            if kind == "weak":
                continue
            toks = fold(natural(raw, is_person))
            key = tuple(sorted(toks)) if is_person else tuple(toks)
            if not toks or key in seen:
                continue
            seen.add(key)
            strong.append((raw, kind, toks))
        if len(strong) < 2:
            continue
        pair_cases = []
        for (ra, ka, ta), (rb, kb, tb) in itertools.combinations(strong, 2):
            got = align(ta, tb, is_person)
            if got is None:
                continue
            pairs, kinds = got
            for word_x, word_y in pairs:
                kinds |= pair_kinds(word_x, word_y)
            directions: list[dict[str, Any]] = []
            for (kr, kk), (tr, tk) in (((ra, ka), (rb, kb)), ((rb, kb), (ra, ka))):
                k_all = set(fold(kr))
                t_toks = fold(natural(tr, is_person))
                if set(t_toks) <= k_all:
                    continue  # T's words are all in K: T would be deleted with K
                directions.append(
                    {
                        "list": list_id,
                        "entity": str(ent["id"]),
                        "type": etype,
                        "primary": str(ent["name"]),
                        "kept": kr,
                        "kept_kind": kk,
                        "target": tr,
                        "target_kind": tk,
                        "kinds": sorted(kinds, key=KINDS.index),
                        "split": split_of(list_id, str(ent["id"])),
                    }
                )
            rng.shuffle(directions)
            if directions:
                pair_cases.append(directions)
        if not pair_cases:
            continue
        rng.shuffle(pair_cases)
        # one direction of every pair first, then the reverse directions
        chosen = [d[0] for d in pair_cases] + [d[1] for d in pair_cases if len(d) > 1]
        capped += max(0, len(chosen) - max_per_entity)
        for i, case in enumerate(chosen[:max_per_entity]):
            case["batch"] = i
            cases.append(case)
    return cases, capped


def modified_entity(ent: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """The entity with K kept and every name that contains all of T's words removed."""
    is_person = case["type"] == "person"
    t_words = set(fold(natural(case["target"], is_person)))
    kept = case["kept"]
    names = entity_names(ent)
    keep = [(raw, kind) for raw, kind in names if raw == kept or not t_words <= set(fold(raw))]
    new = dict(ent)
    primary = [n for n in keep if n[1] == "primary"]
    if primary:
        rest = [n for n in keep if n[1] != "primary"]
    else:
        new["name"] = kept
        rest = [n for n in keep if n[0] != kept]
    aliases = [raw if kind == "aka" else {"name": raw, "kind": kind} for raw, kind in rest]
    if aliases:
        new["aliases"] = aliases
    else:
        new.pop("aliases", None)
    new["_removed"] = [raw for raw, _ in names if (raw, _) not in keep]
    return new


def write_batch(doc: dict[str, Any], batch_cases: list[dict[str, Any]], path: Path) -> None:
    by_id = {c["entity"]: c for c in batch_cases}
    ents = []
    for ent in doc["entities"]:
        c = by_id.get(str(ent["id"]))
        if c is None:
            ents.append(ent)
        else:
            new = modified_entity(ent, c)
            c["removed"] = new.pop("_removed")
            ents.append(new)
    out = {"list": doc["list"], "entities": ents}
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(out, fh, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)


def make_query(case: dict[str, Any], rng: random.Random) -> None:
    name = title_case(natural(case["target"], case["type"] == "person"))
    template = rng.choice(TEMPLATES.get(case["type"], ORG_TEMPLATES))
    start = template.index("{}")
    case["query"] = template.format(name)
    case["span"] = [start, start + len(name)]


# --------------------------------------------------------------------------------------------------------------
# Scanning (in worker processes)


def _tagger(paths: list[Path], fuzzy: bool, cached: bool) -> Any:
    from kharon_cli import MatchOptions, load_tagger

    options = MatchOptions(fuzzy=fuzzy)
    if cached:
        return load_tagger(list_paths=paths, options=options)
    try:
        return load_tagger(list_paths=paths, options=options, use_cache=False)
    except TypeError:  # no use_cache keyword: keep the batch compiles out of the user's cache
        os.environ["KHARON_CACHE_DIR"] = tempfile.mkdtemp(prefix="kharon-variants-cache-")
        return load_tagger(list_paths=paths, options=options)


def _hit_dict(h: Any) -> dict[str, Any]:
    e = h.entity
    return {
        "start": h.start,
        "end": h.end,
        "text": h.text,
        "list": e.list_id,
        "entity": e.id,
        "name": e.name,
        "method": str(h.method),
        "score": round(float(h.score), 1),
        "alias_kind": str(h.alias_kind),
        "alias": getattr(h, "alias", None),
    }


def run_batch(path: str, queries: list[tuple[str, str, str, int, int]], fuzzy: bool) -> tuple[list[Any], float]:
    t0 = time.perf_counter()
    tagger = _tagger([Path(path)], fuzzy, cached=False)
    out = []
    for _list_id, _ent_id, text, _s, _e in queries:
        out.append([_hit_dict(h) for h in tagger.tag(text)])
    return out, time.perf_counter() - t0


def run_controls(paths: list[str], sentences: list[str], fuzzy: bool) -> tuple[list[Any], float]:
    t0 = time.perf_counter()
    tagger = _tagger([Path(p) for p in paths], fuzzy, cached=True)
    return [[_hit_dict(h) for h in tagger.tag(s)] for s in sentences], time.perf_counter() - t0


# --------------------------------------------------------------------------------------------------------------
# Controls


def conll_names() -> list[tuple[str, str]]:
    """(type, name) runs of >= 2 tokens tagged PER or ORG in CoNLL-2003 testa (IOB1 or IOB2)."""
    runs: list[tuple[str, list[str]]] = []
    cur: list[str] = []
    cur_type: str | None = None

    def flush() -> None:
        nonlocal cur, cur_type
        if cur_type in ("PER", "ORG") and len(cur) >= 2:
            runs.append((cur_type, cur))
        cur, cur_type = [], None

    for line in CONLL_FILE.read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) < 4 or line.startswith("-DOCSTART-"):
            flush()
            continue
        token, tag = parts[0], parts[-1]
        if tag == "O":
            flush()
            continue
        prefix, _, etype = tag.partition("-")
        if prefix == "B" or etype != cur_type:
            flush()
            cur_type = etype
        cur.append(token)
    flush()
    return [(t, " ".join(toks)) for t, toks in runs]


def list_name_keys(paths: list[Path]) -> set[tuple[str, ...]]:
    keys: set[tuple[str, ...]] = set()
    for p in paths:
        doc = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for ent in doc["entities"]:
            is_person = str(ent.get("type") or "organization") == "person"
            for raw, _ in entity_names(ent):
                for form in {raw, strip_parens(raw)}:
                    keys.add(tuple(fold(form)))
                    if is_person:
                        keys.add(tuple(fold(natural(form, True))))
    keys.discard(())
    return keys


def template_clashes(keys: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    """Runs of template words (either side of the name slot) that are a list name or alias."""
    bad = []
    for ts in TEMPLATES.values():
        for t in ts:
            for part in t.split("{}"):
                w = fold(part)
                for i in range(len(w)):
                    for j in range(i + 1, len(w) + 1):
                        if tuple(w[i:j]) in keys:
                            bad.append((t, " ".join(w[i:j])))
    return bad


def build_controls(seed: int, keys: set[tuple[str, ...]]) -> tuple[list[dict[str, Any]], list[str], int]:
    rng = random.Random(seed + 1)
    seen: set[tuple[str, ...]] = set()
    controls = []
    excluded: list[str] = []
    for etype, name in conll_names():
        if not any(c.islower() for c in name):
            name = title_case(name)
        f = tuple(fold(name))
        if not f or f in seen:
            continue
        seen.add(f)
        if f in keys:
            excluded.append(name)
            continue
        template = rng.choice(PERSON_TEMPLATES if etype == "PER" else ORG_TEMPLATES)
        start = template.index("{}")
        controls.append(
            {"type": etype, "name": name, "query": template.format(name), "span": [start, start + len(name)]}
        )
    return controls, excluded, len(seen)


# --------------------------------------------------------------------------------------------------------------
# Report


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_case(case: dict[str, Any], hits: list[dict[str, Any]]) -> None:
    s, e = case["span"]
    span_len = e - s
    case["hits"] = hits
    cover = 0.0
    wrong = False
    method = None
    for h in hits:
        ov = overlap((h["start"], h["end"]), (s, e))
        if ov == 0:
            continue
        if h["list"] == case["list"] and h["entity"] == case["entity"]:
            if ov / span_len > cover:
                cover, method = ov / span_len, h["method"]
        else:
            wrong = True
    case["cover"] = round(cover, 3)
    case["found"] = cover > 0.5
    case["method"] = method if case["found"] else None
    case["wrong"] = wrong


def pct(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def print_tables(cases: list[dict[str, Any]], splits: list[str]) -> None:
    groups = {sp: [c for c in cases if sp == "all" or c["split"] == sp] for sp in splits}
    head = f"{'kind':<32}" + "".join(f"{sp + ' cases':>14}{'found':>7}{'recall':>8}" for sp in splits)
    print(head)
    print("-" * len(head))

    def row(label: str, pick: Any) -> None:
        line = f"{label:<32}"
        for sp in splits:
            sel = [c for c in groups[sp] if pick(c)]
            f = sum(c["found"] for c in sel)
            line += f"{len(sel):>14}{f:>7}{pct(f, len(sel)):>8}"
        print(line)

    for k in KINDS:
        row(k, lambda c, k=k: k in c["kinds"])
    row("only one kind", lambda c: len(c["kinds"]) == 1)
    print("-" * len(head))
    row("persons", lambda c: c["type"] == "person")
    row("organisations", lambda c: c["type"] == "organization")
    row("other (vessel/aircraft)", lambda c: c["type"] not in ("person", "organization"))
    row("OVERALL", lambda c: True)
    line = f"{'wrong-entity hits (cases)':<32}"
    for sp in splits:
        sel = groups[sp]
        w = sum(c["wrong"] for c in sel)
        wm = sum(c["wrong"] and not c["found"] for c in sel)
        line += f"{w:>14}{wm:>7}{'':>8}"
    print(line + "   (second column: among misses)")
    line = f"{'strict (whole span covered)':<32}"
    for sp in splits:
        sel = groups[sp]
        f = sum(c["cover"] >= 1 for c in sel)
        line += f"{len(sel):>14}{f:>7}{pct(f, len(sel)):>8}"
    print(line)
    sel = groups[splits[0]]
    print(f"\nkind as the only difference ({splits[0]}):")
    for k in KINDS:
        alone = [c for c in sel if c["kinds"] == [k]]
        if alone:
            f = sum(c["found"] for c in alone)
            print(f"  {k:<32}{len(alone):>6}{f:>7}{pct(f, len(alone)):>8}")
    found = [c for c in sel if c["found"]]
    methods = Counter(c["method"] for c in found)
    partial = sum(c["cover"] < 1 for c in found)
    print(
        f"found cases ({splits[0]}) by method of the best hit: "
        + ", ".join(f"{m} {n}" for m, n in methods.most_common())
        + f"; {partial} of them cover only part (> half) of the target name"
    )


def fmt_hits(hits: list[dict[str, Any]], span: list[int] | None = None) -> str:
    if not hits:
        return "no hit"
    out = []
    for h in hits:
        where = ""
        if span is not None and overlap((h["start"], h["end"]), tuple(span)) == 0:  # type: ignore[arg-type]
            where = " (outside)"
        out.append(f"{h['text']!r}->{h['list']}:{h['entity']} {h['name']!r} {h['method']} {h['score']}{where}")
    return "; ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", type=Path, default=BUNDLED / "ofac-sdn.yaml")
    ap.add_argument("--no-fuzzy", action="store_true")
    ap.add_argument("--max-cases", type=int, default=0, help="cap the cases (seeded sample; 0 = all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show-misses", type=int, default=40)
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    ap.add_argument("--json", type=Path, help="write the per-case results here")
    ap.add_argument("--max-batches", type=int, default=4, help="cases per entity, i.e. compiles (default 4)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-controls", action="store_true")
    args = ap.parse_args()
    fuzzy = not args.no_fuzzy
    t_start = time.perf_counter()

    doc = yaml.load(args.list.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    cases, capped = build_cases(doc, args.seed, args.max_batches)
    if args.split != "all":
        cases = [c for c in cases if c["split"] == args.split]
    if args.max_cases and len(cases) > args.max_cases:
        cases = sorted(random.Random(args.seed).sample(cases, args.max_cases), key=lambda c: c["batch"])
    qrng = random.Random(args.seed)
    for c in cases:
        make_query(c, qrng)
    t_built = time.perf_counter() - t_start

    types = Counter(c["type"] for c in cases)
    print(f"list {args.list} ({doc['list']['id']}, {len(doc['entities'])} entities); fuzzy={'on' if fuzzy else 'off'}")
    print(
        f"{len(cases)} cases built in {t_built:.1f} s: {types['person']} persons, {types['organization']} "
        f"organisations, {sum(v for k, v in types.items() if k not in ('person', 'organization'))} other; "
        f"{len({c['entity'] for c in cases})} entities; {capped} more cases left out by --max-batches "
        f"{args.max_batches}"
    )
    kc = Counter(k for c in cases for k in c["kinds"])
    print("cases per kind: " + ", ".join(f"{k} {kc[k]}" for k in KINDS))
    splits_c = Counter(c["split"] for c in cases)
    print(f"split: dev {splits_c['dev']}, heldout {splits_c['heldout']}")

    tmp = Path(tempfile.mkdtemp(prefix="kharon-variants-"))
    batches: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in cases:
        batches[c["batch"]].append(c)

    keys = list_name_keys(sorted({BUNDLED / "ofac-sdn.yaml", BUNDLED / "un-sc.yaml", args.list.resolve()}))
    for t, words in template_clashes(keys):
        print(f"WARNING: template {t!r} contains the list name {words!r}")
    controls: list[dict[str, Any]] = []
    excluded: list[str] = []
    n_seen = 0
    if not args.no_controls:
        controls, excluded, n_seen = build_controls(args.seed, keys)

    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures: dict[int | str, Any] = {}
        if controls:
            futures["controls"] = pool.submit(
                run_controls,
                [str(BUNDLED / "ofac-sdn.yaml"), str(BUNDLED / "un-sc.yaml")],
                [c["query"] for c in controls] + [t.format("the delegation") for ts in TEMPLATES.values() for t in ts],
                fuzzy,
            )
        for b, bc in sorted(batches.items()):
            path = tmp / f"batch{b}.yaml"
            write_batch(doc, bc, path)
            queries = [(c["list"], c["entity"], c["query"], *c["span"]) for c in bc]
            futures[b] = pool.submit(run_batch, str(path), queries, fuzzy)
        batch_times = {}
        for b, bc in sorted(batches.items()):
            results, dt = futures[b].result()
            batch_times[b] = dt
            for c, hits in zip(bc, results, strict=True):
                score_case(c, hits)
        control_hits: list[Any] = []
        if controls:
            control_hits, ct = futures["controls"].result()
    for p in tmp.glob("*.yaml"):
        p.unlink()
    tmp.rmdir()

    print(
        f"{len(batches)} batches (one compile each): "
        + ", ".join(f"#{b} {len(batches[b])} cases {batch_times[b]:.1f} s" for b in sorted(batches))
    )
    print()
    splits = ["all", "dev", "heldout"] if args.split == "all" else [args.split]
    print_tables(cases, splits)

    misses = [c for c in cases if not c["found"]]
    print(f"\nmisses: {len(misses)} (showing {min(len(misses), args.show_misses)})")
    for c in misses[: args.show_misses]:
        print(
            f"  {c['list']}:{c['entity']} [{c['type'][:3]}] K={c['kept']!r} T={c['target']!r} "
            f"q={c['query'][c['span'][0] : c['span'][1]]!r} kinds={','.join(c['kinds'])} | "
            f"{fmt_hits(c['hits'], c['span'])}"
        )

    if controls:
        template_hits = control_hits[len(controls) :]
        control_hits = control_hits[: len(controls)]
        if any(template_hits):
            print("\nWARNING: a template alone gives hits:", [fmt_hits(h) for h in template_hits if h])
        fa = [(c, h) for c, hs in zip(controls, control_hits, strict=True) for h in hs]
        fa_names = [c for c, hs in zip(controls, control_hits, strict=True) if hs]
        by_type = Counter(c["type"] for c in controls)
        print(
            f"\ncontrols: {len(controls)} CoNLL-2003 testa names on no list "
            f"({by_type['PER']} PER, {by_type['ORG']} ORG; "
            f"{n_seen} distinct multi-word names, {len(excluded)} excluded as exact list names: "
            f"{', '.join(excluded)}), scanned with the bundled ofac-sdn + un-sc lists in {ct:.1f} s"
        )
        fa_t = Counter(c["type"] for c in fa_names)
        print(
            f"false alarms: {len(fa_names)} control names with a hit ({len(fa)} hits) = "
            f"{1000 * len(fa_names) / len(controls):.1f} per 1,000 control names "
            f"(PER {fa_t['PER']}/{by_type['PER']}, ORG {fa_t['ORG']}/{by_type['ORG']})"
        )
        for c, h in sorted(fa, key=lambda ch: -ch[1]["score"]):
            print(
                f"  [{c['type']}] {c['name']!r}: {h['text']!r} -> {h['list']}:{h['entity']} {h['name']!r} "
                f"{h['method']} {h['score']} ({h['alias_kind']})"
            )

    if args.json:
        out = {
            "list": str(args.list),
            "fuzzy": fuzzy,
            "seed": args.seed,
            "cases": [
                {
                    k: c[k]
                    for k in (
                        "list",
                        "entity",
                        "type",
                        "split",
                        "kept",
                        "target",
                        "kinds",
                        "query",
                        "span",
                        "found",
                        "cover",
                        "method",
                        "wrong",
                        "hits",
                        "removed",
                        "batch",
                    )
                }
                for c in cases
            ],
            "controls": [dict(c, hits=h) for c, h in zip(controls, control_hits, strict=True)],
        }
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")
    print(f"\ntotal time {time.perf_counter() - t_start:.1f} s")


if __name__ == "__main__":
    main()
