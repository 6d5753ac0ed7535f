"""Load and validate watchlist YAML files into ``Watchlist`` models (first stage of the pipeline).

The file is parsed with PyYAML's safe composer (libyaml when available) into a node tree, and the tree is
validated against the format by walking only the structure the format allows. That gives every error a
line number, rejects duplicate keys and non-standard tags (``!!python/object`` and friends never reach a
constructor), and never expands YAML aliases beyond what the format needs, so an anchor bomb is rejected
at the first wrong-typed value instead of being materialised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import yaml

from ..errors import WatchlistError
from ..models import Alias, AliasKind, Entity, EntityType, ListInfo, Watchlist

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
LIST_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LIST_KEYS = {"id", "name", "source", "published", "dates"}
_ENTITY_KEYS = {"id", "name", "type", "programs", "aliases", "born", "established"}
_ALIAS_KEYS = {"name", "kind"}
_ALIAS_KINDS = {"aka": AliasKind.AKA, "fka": AliasKind.FKA, "nka": AliasKind.NKA, "weak": AliasKind.WEAK}
LIST_SUFFIXES = (".yaml", ".yml")
_T = TypeVar("_T")


class _Ctx:
    """Where we are in the file, for error messages."""

    def __init__(self, path: str, *, track_aliases: bool = True):
        self.path = path
        self.entity: str | None = None
        # Nodes already read: a YAML alias (*name) hands the same node over again. The format needs no
        # aliases, and one repeated 10,000 times is a bomb, so the second visit is an error. Only tracked when
        # the text holds a '*' at all.
        self.seen: set[int] | None = set() if track_aliases else None

    def visit(self, node: yaml.Node) -> None:
        if self.seen is None:
            return
        if id(node) in self.seen:
            raise self.fail(node, "YAML aliases (*name) are not supported: write the value out")
        self.seen.add(id(node))

    def fail(self, node: yaml.Node | None, message: str) -> WatchlistError:
        line = node.start_mark.line + 1 if node is not None else None
        return WatchlistError(self.path, message, line=line, entity=self.entity)


def _mapping(ctx: _Ctx, node: yaml.Node, what: str, allowed: set[str]) -> dict[str, yaml.Node]:
    ctx.visit(node)
    if isinstance(node, yaml.MappingNode) and node.tag != _TAG + "map":
        raise ctx.fail(node, f"{what} has a tag kharon does not accept: {node.tag}")
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, f"{what} must be a mapping")
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
            raise ctx.fail(key_node, f"{what} has a key that is not a plain string")
        key = str(key_node.value)
        if key in out:
            raise ctx.fail(key_node, f"duplicate key {key!r} in {what}")
        if key not in allowed:
            raise ctx.fail(key_node, f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})")
        out[key] = value_node
    return out


def _scalar(ctx: _Ctx, node: yaml.Node, what: str) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise ctx.fail(
            node,
            f"{what} must be a single value, not a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}",
        )
    ctx.visit(node)
    if node.tag not in _SCALAR_TAGS:
        raise ctx.fail(node, f"{what} has a tag kharon does not accept: {node.tag}")
    if node.tag == _STR_TAG:
        return str(node.value)  # what the constructor would return, without its bookkeeping (most values)
    # A fresh constructor per value: a shared one would remember every node it ever built (and keep every
    # list ever loaded alive). An explicit core tag on a value it cannot hold (!!bool x, !!int '') makes
    # PyYAML fail with KeyError, IndexError and the like: all of them are a bad value, not a crash.
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        raise ctx.fail(node, f"{what} is not a valid value: {exc}") from None
    except Exception:  # any other failure to build a scalar is the list's fault too
        raise ctx.fail(node, f"{what} is not a valid {node.tag.rsplit(':', 1)[-1]}: {node.value!r}") from None


def _string(ctx: _Ctx, node: yaml.Node, what: str, *, allow_int: bool = False) -> str:
    value = _scalar(ctx, node, what)
    if allow_int and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ctx.fail(node, f"{what} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ctx.fail(node, f"{what} is empty")
    return value.strip()


def _date(ctx: _Ctx, node: yaml.Node, what: str) -> dt.date:
    value = _scalar(ctx, node, what)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ctx.fail(node, f"{what} must be a date (YYYY-MM-DD)")


def _sequence(ctx: _Ctx, node: yaml.Node, what: str) -> list[yaml.Node]:
    ctx.visit(node)
    if isinstance(node, yaml.SequenceNode) and node.tag != _TAG + "seq":
        raise ctx.fail(node, f"{what} has a tag kharon does not accept: {node.tag}")
    if not isinstance(node, yaml.SequenceNode):
        raise ctx.fail(node, f"{what} must be a list")
    return list(node.value)


def _choice(ctx: _Ctx, node: yaml.Node, what: str, choices: dict[str, _T]) -> _T:
    raw = _string(ctx, node, what)
    if raw not in choices:
        raise ctx.fail(node, f"{what} must be one of {', '.join(choices)}, got {raw!r}")
    return choices[raw]


def _alias(ctx: _Ctx, node: yaml.Node) -> Alias:
    if isinstance(node, yaml.MappingNode):
        fields = _mapping(ctx, node, "alias", _ALIAS_KEYS)
        if "name" not in fields:
            raise ctx.fail(node, "alias has no name")
        name = _string(ctx, fields["name"], "alias name")
        kind = _choice(ctx, fields["kind"], "alias kind", _ALIAS_KINDS) if "kind" in fields else AliasKind.AKA
        return Alias(name, kind)
    return Alias(_string(ctx, node, "alias"), AliasKind.AKA)


def _peek_id(node: yaml.Node) -> str | None:
    """The entity's id as written, before validation, so that every error about it can name it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value) or None
    return None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _entity(ctx: _Ctx, node: yaml.Node, list_id: str) -> tuple[Entity, int, tuple[int, ...]]:
    """The entity, the line of its name and the line of each alias."""
    ctx.entity = _peek_id(node)
    fields = _mapping(ctx, node, "entity", _ENTITY_KEYS)
    if "id" not in fields:
        raise ctx.fail(node, "entity has no id")
    ident = _string(ctx, fields["id"], "entity id", allow_int=True)
    ctx.entity = ident
    if "name" not in fields:
        raise ctx.fail(node, "entity has no name")
    name = _string(ctx, fields["name"], "entity name")
    etype = (
        _choice(ctx, fields["type"], "entity type", {t.value: t for t in EntityType})
        if "type" in fields
        else EntityType.ORGANIZATION
    )
    programs: tuple[str, ...] = ()
    if "programs" in fields:
        programs = tuple(_string(ctx, p, "program") for p in _sequence(ctx, fields["programs"], "programs"))
    aliases: tuple[Alias, ...] = ()
    alias_lines: tuple[int, ...] = ()
    if "aliases" in fields and not _is_null(fields["aliases"]):
        alias_nodes = _sequence(ctx, fields["aliases"], "aliases")
        aliases = tuple(_alias(ctx, a) for a in alias_nodes)
        alias_lines = tuple(_line(a) for a in alias_nodes)
    born: tuple[int, ...] = ()
    if "born" in fields:
        nodes = (
            _sequence(ctx, fields["born"], "born")
            if isinstance(fields["born"], yaml.SequenceNode)
            else [fields["born"]]
        )
        born = tuple(_year(ctx, n, "born") for n in nodes)
    established = _year(ctx, fields["established"], "established") if "established" in fields else None
    entity = Entity(list_id, ident, name, etype, programs, aliases, born, established)
    return entity, _line(fields["name"]), alias_lines


def _year(ctx: _Ctx, node: yaml.Node, what: str) -> int:
    value = _scalar(ctx, node, what)
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2999:
        plural = " (or a list of years)" if what == "born" else ""
        raise ctx.fail(node, f"{what} must be a year{plural}")
    return value


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null"


_ID_LINE_RE = re.compile(r"""^\s*(?:-\s*)?\{?\s*id:\s*['"]?([^'",}#\s]+)""")


def _entity_at(text: str, line: int) -> str | None:
    """The id of the entity a (syntax-broken) line belongs to: the nearest ``id:`` at or above it, if the
    ``entities:`` key comes before that. Only for messages: the text could not be parsed."""
    lines = text.splitlines()[:line]
    for raw in reversed(lines):
        if raw.startswith("entities:"):
            return None
        m = _ID_LINE_RE.match(raw)
        if m:
            return m.group(1)
    return None


def parse_watchlist(text: str, path: str, *, sha256: str | None = None) -> Watchlist:
    """Validate one watchlist document. ``path`` is only used in messages and recorded in the result."""
    ctx = _Ctx(path, track_aliases="*" in text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        # libyaml says what went wrong (problem) while doing what (context): keep both, on one line.
        message = exc.problem or " ".join(str(exc).split())
        if exc.context:
            message += f" ({exc.context})"
        where = _entity_at(text, line) if line is not None else None
        raise WatchlistError(path, f"YAML syntax error: {message}", line=line, entity=where) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (NUL, BEL, ESC, ...): name its line, in one line.
        line = text.count("\n", 0, exc.position) + 1
        raise WatchlistError(path, f"character {exc.character!r} is not allowed in YAML", line=line) from None
    except yaml.YAMLError as exc:
        raise WatchlistError(path, f"YAML error: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise WatchlistError(path, "YAML nesting is too deep") from None
    except UnicodeError:
        raise WatchlistError(path, "the text is not valid Unicode (a lone surrogate)") from None
    if root is None or (_is_null(root) and not str(root.value).strip()):
        raise WatchlistError(path, "the file is empty")
    top = _mapping(ctx, root, "the document", {"list", "entities"})
    if "list" not in top:
        raise ctx.fail(root, "missing required key 'list'")
    if "entities" not in top:
        raise ctx.fail(root, "missing required key 'entities'")
    header = _mapping(ctx, top["list"], "list", _LIST_KEYS)
    for required in ("id", "name"):
        if required not in header:
            raise ctx.fail(top["list"], f"list has no {required}")
    list_id = _string(ctx, header["id"], "list id")
    if not LIST_ID_RE.match(list_id):
        raise ctx.fail(header["id"], f"list id must match [a-z0-9-]+, got {list_id!r}")
    list_name = _string(ctx, header["name"], "list name")
    source = _string(ctx, header["source"], "list source") if "source" in header else None
    published = _date(ctx, header["published"], "list published") if "published" in header else None
    extra: list[tuple[str, dt.date]] = []
    if "dates" in header:
        dates = _mapping_any(ctx, header["dates"], "list dates")
        extra = [(k, _date(ctx, v, f"list date {k!r}")) for k, v in dates.items()]

    entities: list[Entity] = []
    lines: list[tuple[int, tuple[int, ...]]] = []
    seen: dict[str, int] = {}
    entity_nodes = [] if _is_null(top["entities"]) else _sequence(ctx, top["entities"], "entities")
    for node in entity_nodes:
        entity, name_line, alias_lines = _entity(ctx, node, list_id)
        lines.append((name_line, alias_lines))
        line = _line(node)
        if entity.id in seen:
            raise ctx.fail(node, f"duplicate entity id {entity.id!r} (first at line {seen[entity.id]})")
        seen[entity.id] = line
        entities.append(entity)
    info = ListInfo(
        id=list_id,
        name=list_name,
        source=source,
        published=published,
        path=path,
        entities=len(entities),
        aliases=sum(len(e.aliases) for e in entities),
        extra_dates=tuple(extra),
        sha256=sha256,
    )
    return Watchlist(info, tuple(entities), tuple(lines))


def _mapping_any(ctx: _Ctx, node: yaml.Node, what: str) -> dict[str, yaml.Node]:
    """A mapping whose keys are free-form labels (still no duplicates)."""
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, f"{what} must be a mapping")
    keys = {_string(ctx, k, f"{what} key") for k, _ in node.value}
    return _mapping(ctx, node, what, keys)


def load_watchlist(path: Path) -> Watchlist:
    """Read and validate one watchlist file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WatchlistError(str(path), f"cannot read watchlist: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise WatchlistError(str(path), f"watchlist is not UTF-8 (byte {exc.start})", line=line) from None
    return parse_watchlist(text, str(path), sha256=hashlib.sha256(raw).hexdigest())


def bundled_lists_dir() -> Path:
    """The folder of watchlists shipped with kharon (inside the package when installed)."""
    # An installed kharon carries them in this subpackage's folder (pyproject.toml's force-include), beside
    # its modules, so their paths (``kharon lists show``) are .../kharon_cli/lists/<file>.yaml.
    installed = Path(__file__).resolve().parent
    if any(f.suffix in LIST_SUFFIXES for f in installed.iterdir()):
        return installed
    # Running from a source checkout (or an editable install): lists/ sits beside the package.
    return installed.parents[1] / "lists"


def expand_list_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and the YAML files (sorted) of folders named."""
    for p in paths:
        if p.is_dir():
            yield from sorted(f for f in p.iterdir() if f.suffix in LIST_SUFFIXES and f.is_file())
        elif p.exists():
            yield p
        else:
            raise WatchlistError(str(p), "no such watchlist file or folder")


def default_list_files() -> list[Path]:
    """The lists a scan uses with no ``--list``: each bundled list, replaced by the newest version of it that
    ``kharon lists update`` installed (same file name), and every other installed source."""
    from ..store.installed import installed_list_files

    chosen = {f.name: f for f in expand_list_paths([bundled_lists_dir()])}
    for f in installed_list_files():
        chosen[f.name] = f
    return [chosen[name] for name in sorted(chosen)]


def list_files(paths: Iterable[Path] | None = None) -> list[Path]:
    """The watchlist files to use: those named (folders expanded), or the default ones when none are
    (``default_list_files``: the bundled lists, or the newer versions installed)."""
    given = list(paths or [])
    files = list(expand_list_paths(given)) if given else default_list_files()
    if not files:
        where = ", ".join(str(p) for p in given) if given else str(bundled_lists_dir())
        raise WatchlistError(where, "no watchlist files (*.yaml, *.yml) found")
    return files


def load_watchlists(paths: Iterable[Path] | None = None) -> list[Watchlist]:
    """Load the given watchlists, or the bundled ones when ``paths`` is None or empty."""
    lists = [load_watchlist(f) for f in list_files(paths)]
    check_unique_ids(lists)
    return lists


def check_unique_ids(lists: list[Watchlist]) -> None:
    ids: dict[str, str] = {}
    for wl in lists:
        if wl.info.id in ids:
            raise WatchlistError(str(wl.info.path), f"list id {wl.info.id!r} is also used by {ids[wl.info.id]}")
        ids[wl.info.id] = str(wl.info.path)


def list_age_days(info: ListInfo, today: dt.date) -> int | None:
    """Days since the list was published, or None when it carries no date."""
    return None if info.published is None else (today - info.published).days


def stale_list_warnings(infos: Iterable[ListInfo], today: dt.date, max_age_days: int) -> list[str]:
    """One warning per list older than ``max_age_days`` (or undated); none at all when ``max_age_days`` is 0."""
    if max_age_days <= 0:
        return []
    warnings = []
    for info in infos:
        age = list_age_days(info, today)
        if age is None:
            warnings.append(f"list {info.id} ({info.path}) has no published date, so its age is unknown")
        elif age > max_age_days:
            warnings.append(
                f"list {info.id} was published {info.published}, {age} days ago, "
                f"more than --max-list-age {max_age_days}: run 'kharon lists update'"
            )
    return warnings


def list_origin(path: str | None) -> dict[str, str | None]:
    """Where a list file in use comes from: installed by ``kharon lists update`` (which source, which
    version), bundled with kharon, or given by the user (``--list``)."""
    from ..store.installed import lists_root

    if path is None:
        return {"kind": "given"}
    p = Path(path).resolve()
    root = lists_root().resolve()
    if root in p.parents:
        parts = p.relative_to(root).parts
        if len(parts) >= 3:
            return {"kind": "installed", "version": parts[1], "source": parts[0]}
    if p.parent == bundled_lists_dir().resolve():
        return {"kind": "bundled"}
    return {"kind": "given"}
