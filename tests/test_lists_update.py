"""``kharon lists update`` against a real HTTP server on 127.0.0.1 serving the real list files.

The server (stdlib ``http.server`` in a thread) serves ../shared/data under the publishers' own paths, so
``--mirror http://127.0.0.1:PORT`` is all that differs from a real update. Nothing here reaches beyond the
loopback address: the proxy variables are cleared for these tests.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import SHARED_DATA, shared
from typer.testing import CliRunner

from kharon_cli.cli import app
from kharon_cli.lists.watchlist import bundled_lists_dir, default_list_files
from kharon_cli.store import installed as store

OFAC_PATH = "/api/PublicationPreview/exports/"
UN_PATH = "/resources/xml/en/consolidated.xml"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@dataclass
class Route:
    body: bytes
    ctype: str = "text/csv"
    modified: float = field(default_factory=time.time)
    mode: str = "ok"  # ok, 404, truncated, hang, close, endless


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.stop = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _route(self) -> Route | None:
                server.requests.append(f"{self.command} {self.path}")
                route = server.routes.get(self.path.split("?")[0])
                if route is None or route.mode == "404":
                    self.send_error(404, "Not Found")
                    return None
                return route

            def _headers(self, route: Route, length: int) -> None:
                self.send_response(200)
                self.send_header("Content-Type", route.ctype)
                self.send_header("Content-Length", str(length))
                self.send_header("Last-Modified", email.utils.formatdate(route.modified, usegmt=True))
                self.send_header("ETag", '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"')
                self.end_headers()

            def do_HEAD(self) -> None:
                route = self._route()
                if route is not None:
                    self._headers(route, len(route.body))

            def do_GET(self) -> None:
                route = self._route()
                if route is None:
                    return
                body = route.body
                if route.mode == "ok":
                    self._headers(route, len(body))
                    self.wfile.write(body)
                elif route.mode in ("truncated", "close"):
                    self._headers(route, len(body))
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    if route.mode == "close":
                        self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                elif route.mode == "hang":
                    self._headers(route, len(body))
                    self.wfile.write(body[:1000])
                    self.wfile.flush()
                    server.stop.wait(30)
                elif route.mode == "endless":
                    self.send_response(200)
                    self.send_header("Content-Type", route.ctype)
                    self.end_headers()
                    while not server.stop.is_set():
                        try:
                            self.wfile.write(b"1,2,3\n" * 10000)
                        except OSError:
                            return

        class Quiet(http.server.ThreadingHTTPServer):
            # A client that stops reading (a refused download) breaks the pipe: not an error of the test, and
            # the default report would land in whatever sys.stderr the CLI runner has swapped in.
            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve_ofac(self, folder_sdn: Path, folder_rest: Path, modified: float | None = None) -> None:
        when = modified if modified is not None else time.time()
        for name, folder in (
            ("SDN.CSV", folder_sdn),
            ("ALT.CSV", folder_rest),
            ("ADD.CSV", folder_rest),
            ("SDN_COMMENTS.CSV", folder_rest),
        ):
            self.routes[OFAC_PATH + name] = Route(_need(folder / name.lower()).read_bytes(), modified=when)

    def serve_un(self) -> None:
        self.routes[UN_PATH] = Route(
            _need(shared("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")).read_bytes(), "text/xml"
        )

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# Paths only: a test that serves them skips (``_need``) when the shared data is not there.
OFAC_2021 = SHARED_DATA / "ofac_sdn_2021-07-07_complete"
OFAC_2024 = SHARED_DATA / "ofac_sdn_2024-05-03"
OFAC_ALT_2025 = SHARED_DATA / "ofac_alt_add_2025-12-24"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Server]:
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("KHARON_DATA_DIR", str(tmp_path / "data"))
    s = Server()
    yield s
    s.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def update(runner: CliRunner, server: Server, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lists", "update", "--mirror", server.url, "--no-compile", "--timeout", "3", *args])
    return result.exit_code, result.stdout, result.stderr


def snapshot() -> dict[str, str]:
    """Every file of the lists in use (and of the data folder), by sha256: what a failure must not change."""
    root = store.data_dir()
    files = {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file()} if root.exists() else {}
    in_use = {str(f): f for f in default_list_files()}
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in {**files, **in_use}.items()}


def test_a_full_update_installs_both_sources_and_the_next_scan_uses_them(runner: CliRunner, server: Server) -> None:
    server.serve_ofac(OFAC_2024, OFAC_ALT_2025)
    server.serve_un()
    scan_args = ["scan", "--format", "json", "--max-list-age", "400", "-"]
    stale = runner.invoke(app, scan_args, input="Qasem Soleimani spoke.\n")
    assert stale.stderr.startswith("kharon: warning: list ofac-sdn was published 2024-05-03, ")
    code, out, err = update(runner, server)
    assert (code, err) == (0, "")
    assert "ofac-sdn: installed ofac-sdn.yaml (published " in out
    assert "un-sc: installed un-sc.yaml (published 2026-02-27," in out
    assert f"{server.url}{OFAC_PATH}SDN.CSV " in out
    assert {p.parent.parent.name for p in store.installed_list_files()} == {"ofac-sdn", "un-sc"}
    files = default_list_files()
    assert [f.name for f in files] == ["ofac-sdn.yaml", "un-sc.yaml"]
    assert all(store.data_dir() in f.parents for f in files)
    # the raw files are kept, byte for byte what was served
    raw = store.installed("ofac-sdn")
    assert raw is not None
    assert (raw.folder / "raw" / "SDN.CSV").read_bytes() == server.routes[OFAC_PATH + "SDN.CSV"].body
    meta = raw.meta()
    assert meta["files"]["SDN.CSV"]["sha256"] == hashlib.sha256(server.routes[OFAC_PATH + "SDN.CSV"].body).hexdigest()
    # lists show names the installed file; a scan uses it with no staleness warning for it
    shown = runner.invoke(app, ["lists", "show", "ofac-sdn", "--format", "json"])
    assert shown.exit_code == 0
    (info,) = json.loads(shown.stdout)
    assert info["path"] == str(files[0])
    assert info["origin"] == {"kind": "installed", "version": raw.current, "source": "ofac-sdn"}
    scan = runner.invoke(app, scan_args, input="Qasem Soleimani spoke.\n")
    assert scan.exit_code == 1, scan.stderr
    assert scan.stderr == ""
    doc = json.loads(scan.stdout)
    assert [li["sha256"] for li in doc["lists"]] == [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]


def test_an_update_to_a_newer_version_keeps_the_previous_one_for_rollback(runner: CliRunner, server: Server) -> None:
    server.serve_ofac(OFAC_2021, OFAC_2021, modified=time.time() - 86400 * 30)
    # the 2021 set is smaller than the bundled 2024 list: refused against it unless forced
    code, _, err = update(runner, server, "ofac-sdn")
    assert code == 2
    assert err == (
        "kharon: error: ofac-sdn: ofac-sdn.yaml would shrink from 14,965 to 8,976 entities (more than 20%); "
        "refused, the lists in use are unchanged (--force to install it anyway)\n"
    )
    assert store.installed("ofac-sdn") is None
    assert update(runner, server, "ofac-sdn", "--force")[0] == 0
    first = store.installed("ofac-sdn")
    assert first is not None and first.previous is None
    old_sha = snapshot()
    # --check: nothing newer yet
    code, out, _ = update(runner, server, "ofac-sdn", "--check")
    assert code == 0 and out.startswith("ofac-sdn: up to date")
    # the publisher puts out the 2024 file: --check says so (exit 1) and changes nothing
    server.serve_ofac(OFAC_2024, OFAC_ALT_2025)
    code, out, _ = update(runner, server, "ofac-sdn", "--check")
    assert code == 1 and out.startswith("ofac-sdn: newer version published (SDN.CSV: ETag changed)")
    assert snapshot() == old_sha
    # --dry-run shows the difference and installs nothing
    code, out, _ = update(runner, server, "ofac-sdn", "--dry-run")
    assert code == 0
    assert "ofac-sdn: would install ofac-sdn.yaml" in out and " entities vs " in out
    # ... then the `lists diff` of the two versions, ending in its count line
    assert "\n+ " in out and "\n~ " in out
    assert out.splitlines()[-1].startswith("ofac-sdn -> ofac-sdn: ")
    assert snapshot() == old_sha
    code, out, _ = update(runner, server, "ofac-sdn")
    assert code == 0, out
    second = store.installed("ofac-sdn")
    assert second is not None and second.previous == first.current and second.current != first.current
    # --rollback goes back to the 2021 version, byte for byte
    code, out, _ = update(runner, server, "ofac-sdn", "--rollback")
    assert code == 0 and out.startswith(f"ofac-sdn: rolled back to version {first.current}")
    back = store.installed("ofac-sdn")
    assert back is not None and (back.current, back.previous) == (first.current, second.current)
    assert [f.read_bytes() for f in default_list_files() if f.name == "ofac-sdn.yaml"] == [
        (first.folder / "ofac-sdn.yaml").read_bytes()
    ]


def _fail_cleanly(runner: CliRunner, server: Server, expected: str, *args: str) -> None:
    before = snapshot()
    code, out, err = update(runner, server, "ofac-sdn", *args)
    assert code == 2, (out, err)
    assert err.startswith("kharon: error: ") and err.count("\n") == 1, err
    assert expected in err
    assert "Traceback" not in err
    assert snapshot() == before
    assert not list((store.lists_root() / "ofac-sdn").glob(".staging-*"))


@pytest.fixture
def installed_once(runner: CliRunner, server: Server) -> Server:
    server.serve_ofac(OFAC_2021, OFAC_2021)
    assert update(runner, server, "ofac-sdn", "--force")[0] == 0  # older than the bundled list: forced
    server.serve_ofac(OFAC_2024, OFAC_ALT_2025)
    return server


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("404", "SDN.CSV: HTTP 404 Not Found"),
        ("truncated", "truncated:"),
        ("close", "SDN.CSV: "),
        ("hang", "the server stopped sending for 3 s"),
    ],
)
def test_a_failed_download_leaves_the_lists_in_use_as_they_were(
    runner: CliRunner, installed_once: Server, mode: str, expected: str
) -> None:
    installed_once.routes[OFAC_PATH + "SDN.CSV"].mode = mode
    _fail_cleanly(runner, installed_once, expected)


def test_a_body_that_never_ends_is_stopped_at_the_size_limit(runner: CliRunner, installed_once: Server) -> None:
    installed_once.routes[OFAC_PATH + "ALT.CSV"].mode = "endless"
    os.environ["KHARON_UPDATE_MAX_BYTES"] = "5000000"
    try:
        _fail_cleanly(runner, installed_once, "more than the limit of 5,000,000 bytes")
    finally:
        del os.environ["KHARON_UPDATE_MAX_BYTES"]


def test_a_wrong_file_is_refused(runner: CliRunner, installed_once: Server) -> None:
    # an HTML page where the CSV should be
    installed_once.routes[OFAC_PATH + "SDN.CSV"] = Route(b"<!DOCTYPE html><html>Please log in</html>", "text/html")
    _fail_cleanly(runner, installed_once, "served as text/html, not a CSV file")
    # the UN XML where OFAC's SDN.CSV should be: it does not read as the list
    installed_once.routes[OFAC_PATH + "SDN.CSV"] = Route(installed_once.routes.get(UN_PATH, Route(b"<x/>")).body)
    _fail_cleanly(runner, installed_once, "ofac-sdn: the downloaded files do not read as this list")


def test_a_list_that_shrinks_too_much_is_refused_unless_forced(runner: CliRunner, installed_once: Server) -> None:
    body = installed_once.routes[OFAC_PATH + "SDN.CSV"].body
    installed_once.routes[OFAC_PATH + "SDN.CSV"].body = b"\n".join(body.split(b"\n")[:2000]) + b"\n"
    _fail_cleanly(runner, installed_once, "would shrink from ")
    code, _, err = update(runner, installed_once, "ofac-sdn", "--force")
    assert code == 0, err


def test_offline_is_one_line(runner: CliRunner, server: Server) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    before = snapshot()
    result = runner.invoke(app, ["lists", "update", "ofac-sdn", "--mirror", f"http://127.0.0.1:{port}", "--no-compile"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kharon: error: http://127.0.0.1:{port}{OFAC_PATH}SDN.CSV: cannot connect")
    assert snapshot() == before


def test_a_full_disk_leaves_the_lists_in_use(
    runner: CliRunner, installed_once: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kharon_cli.lists.download as download

    real = Path.open

    def full(self: Path, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if mode == "wb" and self.name == "ALT.CSV":
            raise OSError(28, "No space left on device", str(self))
        return real(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(download.Path, "open", full)
    _fail_cleanly(runner, installed_once, "No space left on device; the lists in use are unchanged")


def test_ctrl_c_in_the_middle_leaves_the_lists_in_use(
    runner: CliRunner, installed_once: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kharon_cli.lists.update as upd

    def interrupted(*args: object, **kwargs: object) -> list[Path]:
        raise KeyboardInterrupt

    monkeypatch.setattr(upd, "_import", interrupted)
    _fail_cleanly(runner, installed_once, "interrupted; the lists in use are unchanged")


def test_a_kill_before_the_switch_leaves_the_old_pointer(installed_once: Server) -> None:
    # A killed update leaves a staging folder and nothing else: the next run removes it.
    before = store.installed("ofac-sdn")
    staged = store.staging_folder("ofac-sdn")
    (staged / "ofac-sdn.yaml").write_text("half")
    assert store.installed("ofac-sdn") == before
    assert [f.read_bytes() for f in default_list_files() if f.name == "ofac-sdn.yaml"] != [b"half"]
    store.staging_folder("ofac-sdn")
    assert not staged.exists()


def test_bad_options_are_one_line(runner: CliRunner, server: Server) -> None:
    for args, expected in (
        (
            ["nowhere"],
            "kharon: error: unknown list source 'nowhere' (known: ofac-sdn, ofac-cons, un-sc, csl, eu-fsf)\n",
        ),
        (["--url", "SDN.CSV"], "kharon: error: --url takes FILE=URL, got 'SDN.CSV'\n"),
        (["--rollback", "ofac-sdn"], "kharon: error: ofac-sdn: no previous version to roll back to\n"),
        (["--check", "--dry-run"], "kharon: error: --check, --dry-run and --rollback go one at a time\n"),
    ):
        result = runner.invoke(app, ["lists", "update", "--mirror", server.url, *args])
        assert (result.exit_code, result.stderr) == (2, expected)
    result = runner.invoke(app, ["lists", "update", "--mirror", "ftp://x", "ofac-sdn"])
    assert (result.exit_code, result.stderr) == (2, "kharon: error: mirror must be an http(s) URL, got 'ftp://x'\n")


def test_url_override_and_environment(runner: CliRunner, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    server.serve_un()
    server.routes["/elsewhere/un.xml"] = server.routes.pop(UN_PATH)
    result = runner.invoke(
        app, ["lists", "update", "un-sc", "--no-compile", "--url", f"consolidated.xml={server.url}/elsewhere/un.xml"]
    )
    assert result.exit_code == 0, result.stderr
    assert f"{server.url}/elsewhere/un.xml " in result.stdout
    monkeypatch.setenv("KHARON_URL_CONSOLIDATED_XML", f"{server.url}/elsewhere/un.xml")
    result = runner.invoke(app, ["lists", "update", "un-sc", "--no-compile", "--check"])
    assert (result.exit_code, result.stdout.split(" (")[0]) == (0, "un-sc: up to date")
    assert server.requests[-1] == "HEAD /elsewhere/un.xml"


def test_bundled_lists_are_the_default_until_an_update(server: Server) -> None:
    assert default_list_files() == sorted(
        (f for f in bundled_lists_dir().iterdir() if f.suffix == ".yaml"), key=lambda f: f.name
    )
    result = CliRunner().invoke(app, ["lists", "show", "ofac-sdn", "--format", "json"])
    assert json.loads(result.stdout)[0]["origin"] == {"kind": "bundled"}


EU_FIXTURE = Path(__file__).parent / "fixtures" / "eu_fsf.xml"
EU_PATH = "/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"


def test_the_other_sources_install_too(runner: CliRunner, server: Server) -> None:
    cons = _need(shared("ofac_consolidated_nonsdn_2025-12-19"))
    for name in ("CONS_PRIM.CSV", "CONS_ALT.CSV", "CONS_ADD.CSV", "CONS_COMMENTS.CSV"):
        server.routes[OFAC_PATH + name] = Route((cons / name.lower()).read_bytes())
    csl = _need(shared("us_csl_trade_gov_2022-05", "consolidated.csv"))
    server.routes["/downloadable_consolidated_screening_list/v1/consolidated.csv"] = Route(csl.read_bytes())
    server.routes[EU_PATH] = Route(EU_FIXTURE.read_bytes(), "application/xml")
    code, out, err = update(runner, server, "ofac-cons", "csl", "eu-fsf")
    assert (code, err) == (0, "")
    assert "eu-fsf: installed eu-fsf.yaml (published 2026-11-28, 6 entities" in out, out
    assert f"{server.url}{EU_PATH}?token=dG9rZW4tMjAxNw " in out
    names = {f.name for f in default_list_files()}
    assert {"ofac-sdn.yaml", "un-sc.yaml", "ofac-cons.yaml", "eu-fsf.yaml", "csl-sdn.yaml", "csl-el.yaml"} <= names
    # a scan with no --list now tags with the EU list too
    scan = runner.invoke(app, ["scan", "--format", "json", "-"], input="Ivan Sergeyevich Petrovsky resigned.\n")
    hits = json.loads(scan.stdout)["files"][0]["hits"]
    assert [h["entity"]["id"] for h in hits] == ["eu-fsf:4102"]


def test_a_config_file_sets_the_mirror_and_urls_below_the_options(
    runner: CliRunner, server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.serve_un()
    server.routes["/cfg/un.xml"] = server.routes[UN_PATH]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KHARON_NO_CONFIG")
    config = tmp_path / ".kharon.yaml"
    config.write_text(f"update:\n  mirror: {server.url}\n", encoding="utf-8")
    result = runner.invoke(app, ["lists", "update", "un-sc", "--no-compile", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert f"{server.url}{UN_PATH} " in result.stdout
    config.write_text(f"update:\n  urls:\n    consolidated.xml: {server.url}/cfg/un.xml\n", encoding="utf-8")
    result = runner.invoke(app, ["lists", "update", "un-sc", "--no-compile", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert f"{server.url}/cfg/un.xml " in result.stdout
    # --url beats the config file; --no-config ignores it
    result = runner.invoke(
        app,
        ["lists", "update", "un-sc", "--no-compile", "--dry-run", "--url", f"consolidated.xml={server.url}{UN_PATH}"],
    )
    assert f"{server.url}{UN_PATH} " in result.stdout
    # --no-config ignores it: the official URL (overridden by the environment, so nothing leaves the machine)
    monkeypatch.setenv("KHARON_URL_CONSOLIDATED_XML", f"{server.url}/elsewhere.xml")
    result = runner.invoke(app, ["--no-config", "lists", "update", "un-sc", "--dry-run"])
    assert (result.exit_code, result.stderr) == (2, f"kharon: error: {server.url}/elsewhere.xml: HTTP 404 Not Found\n")
    result = runner.invoke(app, ["lists", "update", "un-sc", "--dry-run"])
    assert result.exit_code == 2, "the environment beats the config file"
    monkeypatch.delenv("KHARON_URL_CONSOLIDATED_XML")
    for text, expected in (
        ("update:\n  urls:\n    NOPE.CSV: http://x/y\n", "update.urls: no source file named 'NOPE.CSV'"),
        ("update:\n  mirror: ftp://x\n", ":1: update: mirror must be an http(s) URL, got 'ftp://x'"),
        ("update:\n  proxy: http://x\n", "update: unknown key 'proxy' (known: mirror, urls)"),
        ("updte: {}\n", "updte: unknown key; did you mean update?"),
    ):
        config.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["lists", "update", "un-sc", "--no-compile", "--dry-run"])
        assert result.exit_code == 2, text
        assert result.stderr.startswith("kharon: error: ") and expected in result.stderr, result.stderr


def test_downloads_report_progress_and_the_bar_draws_on_a_terminal(server: Server) -> None:
    import io

    from rich.console import Console

    from kharon_cli.lists.sources import SourceFile, source
    from kharon_cli.lists.update import UpdateOptions, update_source
    from kharon_cli.reporters.progress import DownloadProgress

    server.serve_un()
    size = len(server.routes[UN_PATH].body)
    calls: list[tuple[str, int, int | None]] = []

    def progress_for(file: SourceFile) -> Callable[[int, int | None], None]:
        return lambda done, total: calls.append((file.name, done, total))

    result = update_source(source("un-sc"), UpdateOptions(mirror=server.url, dry_run=True), progress_for)
    assert not result.installed and store.installed("un-sc") is None
    assert calls[-1] == ("consolidated.xml", size, size)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)
    out = io.StringIO()
    bar = DownloadProgress(Console(file=out, force_terminal=True, width=100))
    advance = bar.file("consolidated.xml")
    advance(size // 2, size)
    bar.finish()
    assert "consolidated.xml" in out.getvalue() and "2.0 MB" in out.getvalue()


def test_the_data_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KHARON_DATA_DIR", str(tmp_path / "mine"))
    assert store.data_dir() == tmp_path / "mine"
    monkeypatch.delenv("KHARON_DATA_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert store.data_dir("linux") == tmp_path / ".local" / "share" / "kharon"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.data_dir("linux") == tmp_path / "xdg" / "kharon"
    assert store.data_dir("darwin") == tmp_path / "Library" / "Application Support" / "kharon"
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert store.data_dir("win32") == tmp_path / "Local" / "kharon"


def _kharon() -> str:
    import shutil
    import sys

    found = shutil.which("kharon", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the kharon command is not installed next to this Python")
    return found


@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL"])
def test_a_real_interrupt_or_kill_mid_download_leaves_the_lists_in_use(installed_once: Server, how: str) -> None:
    import signal
    import subprocess

    installed_once.routes[OFAC_PATH + "ALT.CSV"].mode = "hang"
    before = snapshot()
    proc = subprocess.Popen(
        [_kharon(), "lists", "update", "ofac-sdn", "--mirror", installed_once.url, "--no-compile", "--timeout", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    deadline = time.monotonic() + 60
    while f"GET {OFAC_PATH}ALT.CSV" not in installed_once.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # SDN.CSV is staged, ALT.CSV half-way
    proc.send_signal(getattr(signal, how))
    _, err = proc.communicate(timeout=60)
    assert {k: v for k, v in snapshot().items() if ".staging-" not in k} == before
    if how == "SIGINT":
        assert proc.returncode == 2
        assert err.decode() == "kharon: error: interrupted; the lists in use are unchanged\n"
        assert not list((store.lists_root() / "ofac-sdn").glob(".staging-*"))
    else:
        assert proc.returncode == -signal.SIGKILL
        # the half-built version is only a staging folder; the next update clears it away
        assert list((store.lists_root() / "ofac-sdn").glob(".staging-*"))
        store.staging_folder("ofac-sdn")
        assert len(list((store.lists_root() / "ofac-sdn").glob(".staging-*"))) == 1
        assert snapshot() == before
