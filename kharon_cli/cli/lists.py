"""``kharon lists ...``: validate, show, search and diff watchlists, and import official list files.

Thin: each command parses its options, calls the library (``lists.watchlist``, ``lists.lint``, ``lists.lookup``,
``lists.diff``, ``lists.importers``) and hands the result to ``reporters.lists_report``.

Exit codes: ``validate`` 2 on errors (or warnings with ``--strict``), else 0; ``search`` 0 when a name was
found, 1 when none was; ``diff`` 0 when the lists are the same, 1 when they differ (like ``diff``); every
error 2. ``update``: 0 when done (``--check``: 0 up to date, 1 a newer version is published), 2 on any failure,
the lists in use then unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..config import Config, resolve_config
from ..errors import KharonError
from ..printable import printable_path
from .common import EXIT_CLEAN, EXIT_ERROR, EXIT_HITS, fail, load_lists, parse_date

lists_app = typer.Typer(help="Validate, show, search, compare and import watchlists.", no_args_is_help=True)
import_app = typer.Typer(help="Convert official list files into kharon watchlist YAML.", no_args_is_help=True)
lists_app.add_typer(import_app, name="import")


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


_LIST_OPTION = typer.Option(
    "--list",
    "-l",
    help=(
        "Watchlist YAML file or folder (repeatable). "
        "Default: the lists installed by 'kharon lists update', else the bundled ones."
    ),
)
_FORMAT_OPTION = typer.Option("--format", "-f", help="table (readable) or json.")


@lists_app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Watchlist files or folders.")],
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 2).")] = False,
) -> None:
    """Check watchlist files: schema errors (file:line) and warnings for list authors."""
    from ..lists.lint import lint_watchlist
    from ..lists.watchlist import check_unique_ids, expand_list_paths, load_watchlist

    errors = warnings = 0
    loaded = []
    try:
        files = list(expand_list_paths(paths))
    except KharonError as exc:
        fail(str(exc))
    if not files:
        fail(f"{', '.join(map(str, paths))}: no watchlist files (*.yaml, *.yml) found")
    for path in files:
        try:
            wl = load_watchlist(path)
        except KharonError as exc:
            typer.echo(f"{exc}", err=False)
            errors += 1
            continue
        loaded.append(wl)
        found = lint_watchlist(wl)
        for w in found:
            typer.echo(str(w))
        warnings += len(found)
        typer.echo(f"{path}: {wl.info.entities} entities, {wl.info.aliases} aliases, {len(found)} warnings")
    try:
        check_unique_ids(loaded)
    except KharonError as exc:
        typer.echo(str(exc))
        errors += 1
    verdict = "invalid" if errors else "valid"
    typer.echo(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s): {verdict}")
    raise typer.Exit(EXIT_ERROR if errors or (strict and warnings) else EXIT_CLEAN)


@lists_app.command("show")
def show(
    list_id: Annotated[str | None, typer.Argument(metavar="[LIST]", help="Show only the list with this id.")] = None,
    list_paths: Annotated[list[Path] | None, _LIST_OPTION] = None,
    fmt: Annotated[ListFormat, _FORMAT_OPTION] = ListFormat.TABLE,
) -> None:
    """The lists in use: id, name, source, published date, age, entity and alias counts, file and sha256."""
    from ..reporters.lists_report import show_dict, write_json, write_show_table

    infos, _ = load_lists(list_paths)
    if list_id is not None:
        infos = [i for i in infos if i.id == list_id]
        if not infos:
            fail(f"no list {list_id!r} in use (see 'kharon lists show')")
    today = date.today()
    if fmt is ListFormat.JSON:
        write_json([show_dict(i, today) for i in infos], sys.stdout)
    else:
        write_show_table(infos, today, sys.stdout)


@lists_app.command("search")
def search(
    name: Annotated[str, typer.Argument(help="The name to look up, in any order and spelling.")],
    list_paths: Annotated[list[Path] | None, _LIST_OPTION] = None,
    fmt: Annotated[ListFormat, _FORMAT_OPTION] = ListFormat.TABLE,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many entities.")] = 10,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=100, help="Show only entities scoring at least this.")
    ] = 70.0,
) -> None:
    """Is this name listed? Entities ranked by how closely one of their names matches NAME."""
    from ..lists.lookup import NameIndex
    from ..reporters.lists_report import search_dict, write_json, write_search_table

    _, compiled = load_lists(list_paths)
    results = NameIndex(compiled).search(name, limit=limit, min_score=min_score)
    if fmt is ListFormat.JSON:
        write_json(search_dict(name, results), sys.stdout)
    else:
        write_search_table(name, results, sys.stdout)
    raise typer.Exit(EXIT_CLEAN if results else EXIT_HITS)


@lists_app.command("diff")
def diff(
    old: Annotated[Path, typer.Argument(help="The older watchlist file.")],
    new: Annotated[Path, typer.Argument(help="The newer watchlist file.")],
    fmt: Annotated[ListFormat, _FORMAT_OPTION] = ListFormat.TABLE,
) -> None:
    """Entities and aliases added, removed and changed between two versions of a list (exit 1 if any)."""
    from ..lists.diff import diff_watchlists
    from ..lists.watchlist import load_watchlist
    from ..reporters.lists_report import diff_dict, write_diff_text, write_json

    try:
        result = diff_watchlists(load_watchlist(old), load_watchlist(new))
    except KharonError as exc:
        fail(str(exc))
    if fmt is ListFormat.JSON:
        write_json(diff_dict(result), sys.stdout)
    else:
        write_diff_text(result, sys.stdout)
    raise typer.Exit(EXIT_CLEAN if result.empty else EXIT_HITS)


# ------------------------------------------------------------------------------------------------ import


def _run_import(output: Path, convert: Callable[[], str]) -> None:
    """Run one import (read the source, write the list; ``convert`` returns what it wrote in one line), with
    every failure as one error line and exit 2."""
    try:
        summary = convert()
    except KharonError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or output}: {exc.strerror or exc}")
    typer.echo(f"wrote {output}: {summary}", err=True)


@import_app.command("ofac")
def import_ofac(
    sdn: Annotated[Path, typer.Option("--sdn", help="OFAC legacy SDN.CSV (primary records).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Watchlist YAML to write.")],
    alt: Annotated[Path | None, typer.Option("--alt", help="OFAC ALT.CSV (strong aliases).")] = None,
    comments: Annotated[
        Path | None, typer.Option("--comments", help="OFAC SDN_COMMENTS.CSV (Remarks over 1,000 characters).")
    ] = None,
    published: Annotated[str | None, typer.Option("--published", help="Date of the SDN file, YYYY-MM-DD.")] = None,
    alt_published: Annotated[
        str | None, typer.Option("--alt-published", help="Date of the ALT file, YYYY-MM-DD.")
    ] = None,
) -> None:
    """Convert OFAC's legacy SDN CSV files into a kharon watchlist."""
    from ..lists.importers.ofac import read_ofac
    from ..lists.importers.yaml_out import write_watchlist_yaml

    def convert() -> str:
        doc, stats = read_ofac(
            sdn,
            alt,
            comments=comments,
            published=parse_date(published, "--published"),
            alt_published=parse_date(alt_published, "--alt-published"),
        )
        write_watchlist_yaml(doc, output)
        return stats.summary()

    _run_import(output, convert)


@import_app.command("ofac-cons")
def import_ofac_cons(
    prim: Annotated[Path, typer.Option("--prim", help="OFAC CONS_PRIM.CSV (primary records).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Watchlist YAML to write.")],
    alt: Annotated[Path | None, typer.Option("--alt", help="OFAC CONS_ALT.CSV (strong aliases).")] = None,
    comments: Annotated[
        Path | None, typer.Option("--comments", help="OFAC CONS_COMMENTS.CSV (Remarks over 1,000 characters).")
    ] = None,
    published: Annotated[str | None, typer.Option("--published", help="Date of the list, YYYY-MM-DD.")] = None,
) -> None:
    """Convert OFAC's non-SDN consolidated list (same legacy CSV layout) into a kharon watchlist."""
    from ..lists.importers import ofac
    from ..lists.importers.yaml_out import write_watchlist_yaml

    def convert() -> str:
        doc, stats = ofac.read_ofac(
            prim,
            alt,
            comments=comments,
            published=parse_date(published, "--published"),
            alt_published=parse_date(published, "--published"),
            list_id=ofac.CONS_LIST_ID,
            list_name=ofac.CONS_LIST_NAME,
            source=ofac.CONS_SOURCE_URL,
        )
        write_watchlist_yaml(doc, output, generator="ofac-cons")
        return stats.summary()

    _run_import(output, convert)


@import_app.command("ftm")
def import_ftm(
    path: Annotated[Path, typer.Argument(help="FollowTheMoney entities, JSON lines (an OpenSanctions export).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Watchlist YAML to write.")],
    list_id: Annotated[str, typer.Option("--id", help="Id of the list to write ([a-z0-9-]+).")] = "opensanctions",
    list_name: Annotated[str, typer.Option("--name", help="Name of the list to write.")] = "OpenSanctions",
    source: Annotated[str | None, typer.Option("--source", help="Where the export came from (a URL).")] = None,
    published: Annotated[str | None, typer.Option("--published", help="Date of the export, YYYY-MM-DD.")] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="Keep only entities with this topic, e.g. sanction (repeatable)."),
    ] = None,
) -> None:
    """Convert FollowTheMoney entity JSON lines (Person, Organization, Company, LegalEntity, Vessel, ...)."""
    from ..lists.importers.ftm import read_ftm
    from ..lists.importers.yaml_out import write_watchlist_yaml
    from ..lists.watchlist import LIST_ID_RE

    if not LIST_ID_RE.match(list_id):
        fail(f"--id must match [a-z0-9-]+, got {list_id!r}")

    def convert() -> str:
        doc, stats = read_ftm(
            path,
            list_id=list_id,
            list_name=list_name,
            published=parse_date(published, "--published"),
            source=source,
            topics=set(topic) if topic else None,
        )
        write_watchlist_yaml(doc, output, generator="ftm")
        return stats.summary()

    _run_import(output, convert)


@import_app.command("un")
def import_un(
    path: Annotated[Path, typer.Argument(help="The UN Security Council consolidated list XML.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Watchlist YAML to write.")],
    published: Annotated[
        str | None, typer.Option("--published", help="Date of the list, YYYY-MM-DD. Default: its dateGenerated.")
    ] = None,
) -> None:
    """Convert the UN Security Council consolidated list (XML) into a kharon watchlist."""
    from ..lists.importers.un import read_un
    from ..lists.importers.yaml_out import write_watchlist_yaml

    def convert() -> str:
        doc, stats = read_un(path, published=parse_date(published, "--published"))
        write_watchlist_yaml(doc, output, generator="un")
        return stats.summary()

    _run_import(output, convert)


@import_app.command("eu")
def import_eu(
    path: Annotated[
        Path, typer.Argument(help="The EU consolidated financial sanctions list XML (xmlFullSanctionsList_1_1).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Watchlist YAML to write.")],
    published: Annotated[
        str | None, typer.Option("--published", help="Date of the list, YYYY-MM-DD. Default: its generationDate.")
    ] = None,
) -> None:
    """Convert the EU consolidated financial sanctions list (XML) into a kharon watchlist."""
    from ..lists.importers.eu import read_eu
    from ..lists.importers.yaml_out import write_watchlist_yaml

    def convert() -> str:
        doc, stats = read_eu(path, published=parse_date(published, "--published"))
        write_watchlist_yaml(doc, output, generator="eu")
        return stats.summary()

    _run_import(output, convert)


@import_app.command("csl")
def import_csl(
    path: Annotated[Path, typer.Argument(help="The US Consolidated Screening List CSV (trade.gov).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write one <list id>.yaml per source list.")],
    published: Annotated[str | None, typer.Option("--published", help="Date of the file, YYYY-MM-DD.")] = None,
) -> None:
    """Convert the Consolidated Screening List into one kharon watchlist per source list (csl-sdn, csl-el, ...)."""
    from ..lists.importers.csl import read_csl, write_csl_lists

    def convert() -> str:
        docs, stats = read_csl(path, published=parse_date(published, "--published"))
        written = write_csl_lists(docs, output)
        return f"{len(written)} lists; {stats.summary()}"

    _run_import(output, convert)


@lists_app.command("compile")
def compile_lists(
    list_paths: Annotated[list[Path] | None, _LIST_OPTION] = None,
) -> None:
    """Compile the lists in use into the compiled-list cache now, so the next scan starts fast."""
    import time

    from ..engine import compile_to_cache
    from ..lists.watchlist import list_files
    from ..store import cache

    start = time.perf_counter()
    try:
        infos, _, stored = compile_to_cache(list_files(list_paths))
    except KharonError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename}: {exc.strerror or exc}")
    if stored is None:
        fail(f"could not write the compiled-list cache in {cache.cache_dir()}")
    lists = ", ".join(f"{i.id} ({i.entities} entities)" for i in infos)
    typer.echo(f"compiled {lists} in {time.perf_counter() - start:.1f} s: {stored}")


@lists_app.command("update")
def update(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SOURCE...]",
            help="ofac-sdn, ofac-cons, un-sc, csl, eu-fsf, or all. Default: the bundled lists' sources "
            "(ofac-sdn, un-sc) and every source installed before.",
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only ask the publishers: exit 1 when a newer version is out, else 0.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Download, verify and compare with the lists in use; install nothing.")
    ] = False,
    rollback: Annotated[
        bool, typer.Option("--rollback", help="Go back to the version installed before the last update.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Install a list even when it shrank by more than --max-shrink.")
    ] = False,
    mirror: Annotated[
        str | None,
        typer.Option(
            "--mirror",
            envvar="KHARON_MIRROR",
            help="Fetch from this base URL instead of each publisher's host (the paths stay the same).",
        ),
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option("--url", help="FILE=URL: fetch this source file from URL (repeatable; see README)."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, envvar="KHARON_UPDATE_TIMEOUT", help="Seconds to wait for a server to answer."
        ),
    ] = 60.0,
    max_shrink: Annotated[
        float,
        typer.Option(
            "--max-shrink", min=0.0, max=1.0, help="Refuse a list that lost more than this share of entities."
        ),
    ] = 0.2,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes", min=1, envvar="KHARON_UPDATE_MAX_BYTES", help="Refuse a file larger than this many bytes."
        ),
    ] = 1 << 30,
    no_compile: Annotated[
        bool, typer.Option("--no-compile", help="Do not compile the new lists into the cache now.")
    ] = False,
) -> None:
    """Download the official lists, verify them, and install them for the scans that follow."""
    from ..lists import sources as known
    from ..lists.update import UpdateOptions, check_source
    from ..store import installed as store

    try:
        chosen = _chosen_sources(sources or [])
        config = _root_config(ctx)
        where = printable_path(str(config.path)) if config.path is not None else "config"
        options = UpdateOptions(
            mirror=mirror or config.update_mirror,
            overrides=known.parse_overrides(url or []),
            configured=known.configured_urls(config.update_urls, where),
            timeout=timeout,
            max_bytes=max_bytes,
            max_shrink=max_shrink,
            force=force,
            dry_run=dry_run,
        )
    except KharonError as exc:
        fail(str(exc))
    if sum((check, dry_run, rollback)) > 1:
        fail("--check, --dry-run and --rollback go one at a time")
    if rollback:
        for src in chosen:
            back = store.rollback(src.id)
            if back is None:
                if sources:
                    fail(f"{src.id}: no previous version to roll back to")
                continue
            typer.echo(f"{src.id}: rolled back to version {back.current} ({back.folder})")
        raise typer.Exit(EXIT_CLEAN)
    # Ctrl-C must unwind (so the staging folder is removed) and end as one error line with exit 2, not the
    # immediate exit 130 kharon's own handler gives elsewhere.
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if check:
            newer = False
            for src in chosen:
                result = check_source(src, options)
                newer |= result.newer
                typer.echo(f"{src.id}: {'newer version published' if result.newer else 'up to date'} ({result.reason})")
            raise typer.Exit(EXIT_HITS if newer else EXIT_CLEAN)
        _run_updates(chosen, options, no_compile)
    except KeyboardInterrupt:
        fail("interrupted; the lists in use are unchanged")
    except KharonError as exc:
        fail(str(exc))
    except BrokenPipeError:
        # the reader of our output went away (`| head`): nothing more to say, and nothing to say it to
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_CLEAN) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}; the lists in use are unchanged")


def _root_config(ctx: typer.Context) -> Config:
    """The config file in force for this run (its ``update`` section is read here): ``--config`` /
    ``--no-config`` of the root command, else the search up from the working folder."""
    params = ctx.find_root().params
    try:
        return resolve_config(Path.cwd(), params.get("config_file"), disabled=bool(params.get("no_config")))
    except OSError as exc:
        fail(f"cannot read the working folder: {exc.strerror or exc}")


def _chosen_sources(names: list[str]) -> list[Any]:
    from ..lists import sources as known
    from ..store import installed as store

    if names == ["all"]:
        return list(known.SOURCES.values())
    if not names:
        wanted = list(known.DEFAULT_SOURCES)
        wanted += [i.source for i in store.all_installed() if i.source not in wanted and i.source in known.SOURCES]
        return [known.source(n) for n in wanted]
    return [known.source(n) for n in dict.fromkeys(names)]


def _run_updates(chosen: list[Any], options: Any, no_compile: bool) -> None:
    from ..lists.update import update_source

    show_progress = sys.stderr.isatty()
    progress = None
    if show_progress:
        from rich.console import Console

        from ..reporters.progress import DownloadProgress

        progress = DownloadProgress(Console(stderr=True))
    try:
        results = [
            update_source(src, options, (lambda f: progress.file(f.name)) if progress is not None else None)
            for src in chosen
        ]
    finally:
        if progress is not None:
            progress.finish()
    for result in results:
        for change in result.lists:
            published = change.published.isoformat() if change.published else "undated"
            if change.diff is None:
                vs = "new list"
            else:
                d = change.diff
                vs = f"+{len(d.added)} -{len(d.removed)} ~{len(d.changed)} entities vs {change.old_path}"
            verb = "would install" if not result.installed else "installed"
            typer.echo(
                f"{result.source}: {verb} {change.file} (published {published}, {change.entities:,} entities; {vs})"
            )
        if result.installed:
            typer.echo(f"{result.source}: version {result.version} in use ({result.path})")
        for f in result.files:
            typer.echo(f"{result.source}:   {f.url} {f.size:,} bytes sha256 {f.sha256}")
        if not result.installed:
            # what `kharon lists diff OLD NEW` would print for each list
            from ..reporters.lists_report import write_diff_text

            for change in result.lists:
                if change.diff is not None:
                    write_diff_text(change.diff, sys.stdout)
    if not options.dry_run and not no_compile:
        from ..engine import compile_to_cache
        from ..lists.watchlist import list_files

        compile_to_cache(list_files(None))
