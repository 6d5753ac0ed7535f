"""Serve local copies of the official list files under the publishers' own paths, for `kharon lists update`.

A try-out and demo aid (the README's example uses it): with the team's data folder (``../shared/data``) it
answers on 127.0.0.1 the paths `kharon lists update` asks for, so

    python scripts/serve_lists.py ../shared/data &
    kharon lists update --mirror http://127.0.0.1:8765

runs a real update (download, checks, import, install) without reaching the internet. Each file is sent with
its size, a Last-Modified header from its modification time and an ETag from its content, as the publishers'
servers do. Standard library only; not part of the installed package.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import email.utils
import hashlib
import http.server
import re
from pathlib import Path

OFAC = "/api/PublicationPreview/exports/"
# publisher's path -> (candidate local files, relative to the data folder; the first that exists is served)
ROUTES: dict[str, tuple[str, ...]] = {
    OFAC + "SDN.CSV": ("ofac_sdn_2024-05-03/sdn.csv",),
    OFAC + "ALT.CSV": ("ofac_alt_add_2025-12-24/alt.csv", "ofac_sdn_2024-05-03/alt.csv"),
    OFAC + "ADD.CSV": ("ofac_alt_add_2025-12-24/add.csv", "ofac_sdn_2024-05-03/add.csv"),
    OFAC + "SDN_COMMENTS.CSV": (
        "ofac_alt_add_2025-12-24/sdn_comments.csv",
        "ofac_sdn_2021-07-07_complete/sdn_comments.csv",
    ),
    OFAC + "CONS_PRIM.CSV": ("ofac_consolidated_nonsdn_2025-12-19/cons_prim.csv",),
    OFAC + "CONS_ALT.CSV": ("ofac_consolidated_nonsdn_2025-12-19/cons_alt.csv",),
    OFAC + "CONS_ADD.CSV": ("ofac_consolidated_nonsdn_2025-12-19/cons_add.csv",),
    OFAC + "CONS_COMMENTS.CSV": ("ofac_consolidated_nonsdn_2025-12-19/cons_comments.csv",),
    "/resources/xml/en/consolidated.xml": ("un_sc_consolidated_2026-02-27/UN_consolidated.xml",),
    "/downloadable_consolidated_screening_list/v1/consolidated.csv": ("us_csl_trade_gov_2022-05/consolidated.csv",),
}


def published(file: Path) -> float:
    """When the copy was published: the date its folder is named after (``ofac_sdn_2024-05-03``), else the
    file's modification time. A copy on disk is as old as its folder says, not as old as the copy."""
    found = re.search(r"(\d{4})-(\d{2})(?:-(\d{2}))?", file.parent.name)
    if found is None:
        return file.stat().st_mtime
    year, month, day = int(found[1]), int(found[2]), int(found[3] or 1)
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC).timestamp()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the data folder (../shared/data)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--sdn-2021", action="store_true", help="serve the 2021 OFAC SDN set (an older version)")
    args = parser.parse_args()
    routes = dict(ROUTES)
    if args.sdn_2021:
        for name in ("SDN.CSV", "ALT.CSV", "ADD.CSV"):
            routes[OFAC + name] = ("ofac_sdn_2021-07-07_complete/" + name.lower(),)
    files = {}
    for path, candidates in routes.items():
        found = next((args.data / c for c in candidates if (args.data / c).is_file()), None)
        if found is not None:
            files[path] = found

    class Handler(http.server.BaseHTTPRequestHandler):
        def _send_head(self) -> Path | None:
            file = files.get(self.path.split("?")[0])
            if file is None:
                self.send_error(404, "Not Found")
                return None
            data = file.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml" if file.suffix == ".xml" else "text/csv")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Last-Modified", email.utils.formatdate(published(file), usegmt=True))
            self.send_header("ETag", '"' + hashlib.sha256(data).hexdigest()[:16] + '"')
            self.end_headers()
            return file

        def do_HEAD(self) -> None:
            self._send_head()

        def do_GET(self) -> None:
            file = self._send_head()
            if file is not None:
                self.wfile.write(file.read_bytes())

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"serving {len(files)} list files from {args.data} on http://127.0.0.1:{args.port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
