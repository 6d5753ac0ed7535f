"""The aliases of one entity as an importer writes them: no repeat of the entity's name or of an earlier alias.

Names are compared ignoring case and runs of whitespace ("Alpha  Trading Co." repeats "ALPHA TRADING CO.").
Shared by every importer, so all of them drop and count repeats the same way.
"""

from __future__ import annotations


def name_key(name: str) -> str:
    """What two spellings of a name must share to count as the same name."""
    return " ".join(name.split()).casefold()


class AliasSet:
    """Aliases of one entity in the YAML writer's form: a plain string for an a.k.a., else {name, kind}."""

    def __init__(self, name: str):
        self.seen = {name_key(name)}
        self.aliases: list[object] = []
        self.duplicates = 0  # aliases not written because they repeat the name or an earlier alias

    def add(self, name: str, kind: str) -> bool:
        """Add ``name`` as an alias of ``kind``; False (and counted) when it is a repeat."""
        key = name_key(name)
        if key in self.seen:
            self.duplicates += 1
            return False
        self.seen.add(key)
        self.aliases.append(name if kind == "aka" else {"name": name, "kind": kind})
        return True
