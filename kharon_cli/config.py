"""Project configuration for ``kharon scan``: a ``.kharon.yaml`` file or a ``[tool.kharon]`` table.

Where it is found: from the working folder up to the file-system root, the first folder holding a
``.kharon.yaml`` (or else a ``pyproject.toml`` with a ``[tool.kharon]`` table) wins; ``.kharon.yaml`` beats a
``pyproject.toml`` in the same folder. ``--config FILE`` / ``KHARON_CONFIG`` names the file and skips the
search; ``--no-config`` / ``KHARON_NO_CONFIG=1`` ignores config files altogether.

What it holds (YAML and TOML alike; ``min-score`` and ``min_score`` are the same key):

    lists: [lists/ours.yaml]      # watchlist files or folders, relative to the config file's folder
    format: json                  # table, json, jsonl, sarif, github, csv
    min-score: 90                 # 0-100
    fail-on: [exact, normalized]  # as --fail-on: scores and/or methods (a single value is fine too)
    include: ["*.txt", "*.html"]  # globs (quote them in YAML: a bare * starts an alias)
    exclude: ["drafts/*"]
    allow: allowlist.yaml         # relative to the config file's folder
    baseline: .kharon-baseline.json
    no-fuzzy: false
    jobs: 0
    max-list-age: 180
    update:                       # for `kharon lists update` only (see lists.sources)
      mirror: https://proxy.example.com/sanctions   # like --mirror / KHARON_MIRROR
      urls: {SDN.CSV: "https://files.example.com/ofac/SDN.CSV"}   # like --url FILE=URL / KHARON_URL_<FILE>

How it takes effect: ``Config.default_map()`` is handed to click as the ``scan`` command's ``default_map``;
click resolves each option as command line > environment variable > default_map > built-in default, which is
exactly the precedence kharon promises. ``effective()`` replays that resolution (minus the command line) for
``kharon config``. Every user mistake is a ``ConfigError`` naming the file, the line (YAML) and the key.
Pure: no typer, no rich.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .defaults import DEFAULT_INCLUDE, DEFAULT_MIN_SCORE
from .errors import KharonError
from .models import Method
from .printable import printable_path
from .reporters import OutputFormat

if TYPE_CHECKING:
    import yaml

YAML_NAME = ".kharon.yaml"
PYPROJECT_NAME = "pyproject.toml"
CONFIG_ENVVAR = "KHARON_CONFIG"
NO_CONFIG_ENVVAR = "KHARON_NO_CONFIG"
# Also in cli.common (which imports typer); tests/test_config.py checks the two agree.
DEFAULT_MAX_LIST_AGE = 180
UPDATE_KEY = "update"

# A setting's value once validated: lists of paths/globs/conditions are tuples so a Config stays immutable.
Value = str | int | float | bool | tuple[str, ...] | None


class ConfigError(KharonError):
    """A config file (or a KHARON_* variable) that cannot be used. The message is
    ``<file>[:<line>]: <key>: <problem>``."""

    def __init__(self, where: str, problem: str, *, key: str | None = None, line: int | None = None):
        self.where = where
        self.key = key
        self.line = line
        self.problem = problem
        place = where if line is None else f"{where}:{line}"
        super().__init__(": ".join([place, *([key] if key is not None else []), problem]))


class Kind(Enum):
    PATHS = "paths"  # one path or a list; relative to the config file's folder
    PATH = "path"
    FORMAT = "format"
    SCORE = "score"
    GLOBS = "globs"
    FAIL_ON = "fail-on"
    FLAG = "flag"
    COUNT = "count"  # a whole number >= 0


@dataclass(frozen=True)
class Setting:
    key: str  # as written in the config file (dashes)
    param: str  # the Python parameter name of the ``scan`` command (click's default_map key)
    envvar: str
    kind: Kind
    default: Value


SETTINGS: tuple[Setting, ...] = (
    Setting("lists", "list_paths", "KHARON_LIST", Kind.PATHS, None),
    Setting("format", "fmt", "KHARON_FORMAT", Kind.FORMAT, OutputFormat.TABLE.value),
    Setting("min-score", "min_score", "KHARON_MIN_SCORE", Kind.SCORE, DEFAULT_MIN_SCORE),
    Setting("fail-on", "fail_on", "KHARON_FAIL_ON", Kind.FAIL_ON, ()),
    Setting("include", "include", "KHARON_INCLUDE", Kind.GLOBS, DEFAULT_INCLUDE),
    Setting("exclude", "exclude", "KHARON_EXCLUDE", Kind.GLOBS, ()),
    Setting("allow", "allow", "KHARON_ALLOW", Kind.PATH, None),
    Setting("baseline", "baseline_path", "KHARON_BASELINE", Kind.PATH, None),
    Setting("no-fuzzy", "no_fuzzy", "KHARON_NO_FUZZY", Kind.FLAG, False),
    Setting("jobs", "jobs", "KHARON_JOBS", Kind.COUNT, 0),
    Setting("max-list-age", "max_list_age", "KHARON_MAX_LIST_AGE", Kind.COUNT, DEFAULT_MAX_LIST_AGE),
)
_BY_KEY = {s.key: s for s in SETTINGS}
_FORMATS = tuple(f.value for f in OutputFormat)
_METHODS = tuple(m.value for m in Method)
# The strings click (through typer's pydantic coercion) reads as a boolean flag's environment value.
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})
_INT_RE = re.compile(r"\s*[+-]?\d+\s*")


@dataclass(frozen=True)
class Config:
    """The validated settings of one config file (none: ``path`` is None and ``values`` empty).

    ``searched_from`` is the folder the search started from (None when the file was named explicitly or
    config files are ignored); ``ignored`` is True under --no-config."""

    path: Path | None = None
    values: Mapping[str, Value] = field(default_factory=dict)
    searched_from: Path | None = None
    ignored: bool = False
    # The ``update`` section: read by ``kharon lists update`` itself, below its options and variables.
    update_mirror: str | None = None
    update_urls: tuple[tuple[str, str], ...] = ()

    def default_map(self, params: Iterable[str] | None = None) -> dict[str, object]:
        """The ``default_map`` for click: scan's parameter names to values in the form an option would get
        them (strings and lists of strings; paths already made absolute). ``params`` keeps only those."""
        wanted = None if params is None else set(params)
        out: dict[str, object] = {}
        for setting in SETTINGS:
            if setting.key in self.values and (wanted is None or setting.param in wanted):
                value = self.values[setting.key]
                out[setting.param] = list(value) if isinstance(value, tuple) else value
        return out


class Effective(NamedTuple):
    key: str
    value: Value
    source: str  # "environment KHARON_X", the config file's path, or "default"


# ---------------------------------------------------------------------------------------------- finding


def find_config(start: Path) -> Path | None:
    """The config file that applies in ``start``: walking up to the root, the first folder with a
    ``.kharon.yaml`` or a ``pyproject.toml`` holding ``[tool.kharon]`` (``.kharon.yaml`` first).

    A ``pyproject.toml`` without the table is skipped, and so is one that is not valid TOML unless it
    mentions ``tool.kharon`` (then it is meant for kharon and the syntax error is reported)."""
    start = start.absolute()
    for folder in (start, *start.parents):
        candidate = folder / YAML_NAME
        if _exists(candidate):
            return candidate
        candidate = folder / PYPROJECT_NAME
        if _exists(candidate) and _has_kharon_table(candidate):
            return candidate
    return None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a folder on the way up that cannot be searched: nothing there for us
        return False


def _has_kharon_table(path: Path) -> bool:
    import tomllib  # here and below: parsers are imported only when there is a file to read

    text = _read_text(path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if "tool.kharon" in text or re.search(r"^\s*\[\s*tool\s*\.\s*kharon\s*\]", text, re.M):
            raise ConfigError(_where(path), f"invalid TOML: {exc}") from None
        return False
    tool = doc.get("tool")
    return isinstance(tool, dict) and "kharon" in tool


def resolve_config(cwd: Path, explicit: str | Path | None = None, *, disabled: bool = False) -> Config:
    """The config in force: none when ``disabled`` (--no-config wins over everything), the ``explicit`` file
    (--config / KHARON_CONFIG; relative to ``cwd``), else the one ``find_config(cwd)`` finds."""
    if disabled:
        return Config(ignored=True)
    if explicit is not None and str(explicit) != "":
        path = Path(explicit).expanduser()
        return load_config(path if path.is_absolute() else cwd / path)
    found = find_config(cwd)
    if found is None:
        return Config(searched_from=cwd)
    config = load_config(found)
    return Config(
        config.path,
        config.values,
        searched_from=cwd,
        update_mirror=config.update_mirror,
        update_urls=config.update_urls,
    )


# ---------------------------------------------------------------------------------------------- loading


def load_config(path: Path) -> Config:
    """Read and validate a config file: TOML (``[tool.kharon]``) for ``*.toml``, YAML otherwise."""
    path = path.absolute()
    text = _read_text(path)
    lines: dict[object, int] = {}  # YAML only: TOML keys are named in full instead
    if path.suffix == ".toml":
        raw, prefix = _toml_table(path, text), "tool.kharon."
    else:
        raw, lines = _yaml_mapping(path, text)
        prefix = ""
    where = _where(path)
    values: dict[str, Value] = {}
    mirror: str | None = None
    urls: tuple[tuple[str, str], ...] = ()
    written: dict[str, str] = {}  # canonical key -> the spelling used, to name both when given twice
    for name, value in raw.items():
        shown = f"{prefix}{name}"
        line = lines.get(name)
        if not isinstance(name, str):
            raise ConfigError(where, "keys must be strings", key=shown, line=line)
        canonical = name.replace("_", "-")
        if canonical == UPDATE_KEY:
            try:
                mirror, urls = _update_section(value)
            except ValueError as exc:
                raise ConfigError(where, str(exc), key=shown, line=line) from None
            continue
        setting = _BY_KEY.get(canonical)
        if setting is None:
            raise ConfigError(where, _unknown_key(canonical), key=shown, line=line)
        if canonical in written:
            raise ConfigError(where, f"given twice (as {written[canonical]} and {name})", key=shown, line=line)
        written[canonical] = name
        try:
            values[canonical] = _validate(setting, value, path.parent)
        except ValueError as exc:
            raise ConfigError(where, str(exc), key=shown, line=line) from None
    return Config(path, values, update_mirror=mirror, update_urls=urls)


def _read_text(path: Path) -> str:
    where = _where(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(where, f"cannot read config file: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(where, "not UTF-8 text", line=line) from None


def _toml_table(path: Path, text: str) -> dict[object, object]:
    import tomllib

    where = _where(path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(where, f"invalid TOML: {exc}") from None
    tool = doc.get("tool")
    if not isinstance(tool, dict) or "kharon" not in tool:
        raise ConfigError(where, "no [tool.kharon] table")
    table = tool["kharon"]
    if not isinstance(table, dict):
        raise ConfigError(where, f"must be a table, got {_show(table)}", key="tool.kharon")
    return dict(table)


def _yaml_mapping(path: Path, text: str) -> tuple[dict[object, object], dict[object, int]]:
    """The top-level mapping and the line of each key. Duplicate keys are an error (PyYAML keeps the last)."""
    import yaml

    where = _where(path)
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return {}, {}  # an empty file (or only comments): no settings
        if not isinstance(root, yaml.MappingNode):
            if isinstance(root, yaml.ScalarNode) and root.tag == "tag:yaml.org,2002:null":
                return {}, {}
            raise ConfigError(where, "must be a mapping of settings (key: value)", line=_line(root))
        lines: dict[object, int] = {}
        for key_node, _ in root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                if key_node.value in lines:
                    raise ConfigError(where, "duplicate key", key=key_node.value, line=_line(key_node))
                lines[key_node.value] = _line(key_node)
        data = loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if "alias" in f"{problem} {getattr(exc, 'context', None)}":
            problem += " (quote globs that start with *: '*.txt')"
        raise ConfigError(where, f"invalid YAML: {problem}", line=None if mark is None else mark.line + 1) from None
    finally:
        loader.dispose()
    assert isinstance(data, dict)  # a MappingNode constructs a dict
    # Keys constructed from non-string scalars (1, true) have no line entry under their Python value.
    return data, {k: v for k, v in lines.items() if k in data}


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _where(path: Path) -> str:
    return printable_path(str(path))


def _unknown_key(key: str) -> str:
    keys = [*_BY_KEY, UPDATE_KEY]
    close = difflib.get_close_matches(key, keys, n=1)
    if close:
        return f"unknown key; did you mean {close[0]}?"
    return f"unknown key (known: {', '.join(keys)})"


def _http_url(value: object, what: str) -> str:
    if not isinstance(value, str) or not re.match(r"https?://[^/\s]+", value):
        raise ValueError(f"{what} must be an http(s) URL, got {_show(value)}")
    return value


def _update_section(value: object) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The ``update`` mapping: ``mirror`` (a base URL) and ``urls`` (source file name -> URL). Which file
    names exist is checked by ``kharon lists update``, which knows the sources."""
    if value is None:
        return None, ()
    if not isinstance(value, dict):
        raise ValueError(f"must be a mapping with mirror and/or urls, got {_show(value)}")
    mirror: str | None = None
    urls: list[tuple[str, str]] = []
    for key, item in value.items():
        if key == "mirror":
            mirror = _http_url(item, "mirror")
        elif key == "urls":
            if not isinstance(item, dict):
                raise ValueError(f"urls must be a mapping of file name to URL, got {_show(item)}")
            for name, url in item.items():
                if not isinstance(name, str) or not name:
                    raise ValueError(f"urls: file names must be strings, got {_show(name)}")
                urls.append((name, _http_url(url, f"urls: {name}")))
        else:
            raise ValueError(f"unknown key {key!r} (known: mirror, urls)")
    return mirror, tuple(urls)


# ---------------------------------------------------------------------------------------------- values


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return repr(value)
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _strings(value: object, what: str) -> tuple[str, ...]:
    """One string or a list of strings, none empty."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"must be {what} or a list of them, got {_show(item)}")
        if not item.strip():
            raise ValueError("must not be empty")
        out.append(item)
    return tuple(out)


def _relative_to(base: Path, raw: str) -> str:
    # ~ is expanded; a relative path is taken from the config file's folder, not from where kharon runs.
    return str(base / Path(raw).expanduser())


def _fail_on_parts(items: Iterable[str]) -> tuple[str, ...]:
    """Each --fail-on value checked the way FailPolicy.parse reads it (comma-separated scores/methods)."""
    out = []
    for item in items:
        for part in (p.strip() for p in item.split(",")):
            if not part or part in _METHODS:
                continue
            try:
                score = float(part)
            except ValueError:
                raise ValueError(f"{part!r} is neither a score (0-100) nor a method ({', '.join(_METHODS)})") from None
            if not 0 <= score <= 100:
                raise ValueError(f"score must be between 0 and 100, got {part}")
        out.append(item)
    return tuple(out)


def _score(value: float, shown: str) -> float:
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise ValueError(f"must be a number from 0 to 100, got {shown}")
    return float(value)


def _validate(setting: Setting, value: object, base: Path) -> Value:
    """A config-file value checked and converted to what the option takes. Raises ValueError(problem)."""
    kind = setting.kind
    if value is None:
        raise ValueError("has no value")
    if kind is Kind.PATHS:
        return tuple(_relative_to(base, p) for p in _strings(value, "a path"))
    if kind is Kind.PATH:
        if not isinstance(value, str):
            raise ValueError(f"must be a path, got {_show(value)}")
        if not value.strip():
            raise ValueError("must not be empty")
        return _relative_to(base, value)
    if kind is Kind.GLOBS:
        return _strings(value, "a glob")
    if kind is Kind.FORMAT:
        if not isinstance(value, str) or value not in _FORMATS:
            raise ValueError(f"must be one of {', '.join(_FORMATS)}, got {_show(value)}")
        return value
    if kind is Kind.SCORE:
        if not _is_number(value):
            raise ValueError(f"must be a number from 0 to 100, got {_show(value)}")
        assert isinstance(value, int | float)
        return _score(value, _show(value))
    if kind is Kind.FAIL_ON:
        items = value if isinstance(value, list) else [value]
        texts = []
        for item in items:
            if _is_number(item):
                texts.append(str(item))
            elif isinstance(item, str) and item.strip():
                texts.append(item)
            else:
                raise ValueError(
                    f"must be a score, methods (e.g. exact,normalized) or a list of them, got {_show(item)}"
                )
        return _fail_on_parts(texts)
    if kind is Kind.FLAG:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, got {_show(value)}")
        return value
    # Kind.COUNT
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"must be a whole number >= 0, got {_show(value)}")
    return value


def _from_env(setting: Setting, raw: str) -> Value:
    """An environment value read the way the option reads it: KHARON_LIST split on os.pathsep (as click does
    for paths), KHARON_INCLUDE / EXCLUDE / FAIL_ON split on whitespace, flags as 1/0, true/false, yes/no."""
    kind = setting.kind
    if kind is Kind.PATHS:
        return tuple(str(Path(p)) for p in raw.split(os.pathsep))
    if kind is Kind.PATH:
        return raw
    if kind is Kind.GLOBS:
        return tuple(raw.split())
    if kind is Kind.FAIL_ON:
        return _fail_on_parts(raw.split())
    if kind is Kind.FORMAT:
        if raw not in _FORMATS:
            raise ValueError(f"must be one of {', '.join(_FORMATS)}, got {raw!r}")
        return raw
    if kind is Kind.SCORE:
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"must be a number from 0 to 100, got {raw!r}") from None
        return _score(number, repr(raw))
    if kind is Kind.FLAG:
        word = raw.strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(f"must be 1 or 0 (true/false, yes/no), got {raw!r}")
    # Kind.COUNT
    if not _INT_RE.fullmatch(raw) or int(raw) < 0:
        raise ValueError(f"must be a whole number >= 0, got {raw!r}")
    return int(raw)


def effective(
    config: Config, environ: Mapping[str, str], defaults: Mapping[str, Value] | None = None
) -> list[Effective]:
    """Each setting's value for a ``kharon scan`` given no options, and where it comes from: a KHARON_*
    variable (a set but empty variable counts as unset, as in click), else the config file, else the
    default (``defaults`` by key overrides the built-in ones). A bad variable is a ConfigError."""
    out = []
    for setting in SETTINGS:
        raw = environ.get(setting.envvar)
        if raw:
            try:
                value = _from_env(setting, raw)
            except ValueError as exc:
                raise ConfigError("environment", str(exc), key=setting.envvar) from None
            out.append(Effective(setting.key, value, f"environment {setting.envvar}"))
        elif setting.key in config.values and config.path is not None:
            out.append(Effective(setting.key, config.values[setting.key], str(config.path)))
        else:
            default = setting.default if defaults is None else defaults.get(setting.key, setting.default)
            out.append(Effective(setting.key, default, "default"))
    return out
