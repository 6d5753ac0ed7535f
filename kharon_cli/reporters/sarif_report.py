"""``--format sarif``: one SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), e.g. for
GitHub code scanning or any SARIF viewer. Written once, when the scan ends.

How kharon's results map onto SARIF:

* one run; ``tool.driver`` is kharon (name, version, informationUri);
* one **rule** per listed party that has a hit (reported or suppressed): ``id`` is the entity key
  (``<list>:<id>``), ``name`` and ``shortDescription`` the party's name, ``properties`` its ``list``,
  ``type`` and ``programs``; rules are sorted by id;
* one **result** per hit, level ``warning``: ``locations[0].physicalLocation`` has the input as
  ``artifactLocation.uri`` (a relative path stays a relative URI, an absolute one becomes a ``file://`` URI,
  standard input is ``stdin``) and a ``region`` with start/end line and column (1-based; the end column is
  just past the last character), ``charOffset``/``charLength`` (``hit.start``, ``hit.end - hit.start``) and
  ``snippet.text`` (the mention exactly as written). ``run.columnKind`` is ``unicodeCodePoints``: columns and
  offsets count code points, as everywhere in kharon. ``properties`` carry method, score, alias, alias_kind;
* hits an allowlist suppressed are results too, with ``suppressions: [{kind: external, status: accepted,
  justification: <reason>}]``, so a viewer can show them as reviewed rather than lose them;
* unreadable inputs (level ``error``), skipped inputs and input warnings (level ``warning``) are
  ``invocations[0].toolExecutionNotifications``; ``executionSuccessful`` is false when any input failed;
* ``run.properties`` holds the lists used (with their sha256) and the summary, as in ``--format json``.

**Fingerprints.** Each result has ``partialFingerprints["kharonMention/v1"]``, which tells a viewer that a
hit in a new scan is the same finding as before even when lines moved: ``<hash>:<n>``, where ``<hash>`` is
the first 32 hex digits of SHA-256 over the entity key and the normalised mention
(``kharon_cli.matching.normalize.normalize``, so case, spacing, line breaks and apostrophes do not matter) and ``<n>``
counts the occurrences of that (entity, mention) pair in the input, from 1, in text order (reported and
suppressed hits together, so allowlisting one does not renumber the others). A reporter sees hits, not the
text around them, so the fingerprint does not hash surrounding words: inserting an earlier mention of the same
party under the same spelling shifts ``<n>`` for the later ones (the same trade-off as GitHub's own
``primaryLocationLineHash``, which counts repeated lines). The path is not part of it: SARIF consumers
compare fingerprints per artifact.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from ..matching.normalize import normalize
from ..models import Entity, FileResult, FileStatus, Hit, ListInfo, Summary
from ..printable import json_dumps
from ..version import __version__
from .locations import STDIN, end_line_column, hit_message
from .serialize import list_dict, summary_dict

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/kharon-cli/"
FINGERPRINT = "kharonMention/v1"


def artifact_uri(path: str) -> str:
    """The input as a URI reference: ``stdin`` for standard input, ``file://`` for an absolute path, else a
    relative URI (``/`` separators, everything but unreserved characters percent-encoded, bytes of a
    non-UTF-8 name included), which consumers such as GitHub resolve against the repository root."""
    if path == STDIN:
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    # quote() of the bytes, not the text: a name that is not UTF-8 keeps its exact bytes as %XX.
    return quote(PurePath(path).as_posix().encode("utf-8", "surrogateescape"), safe="/")


def fingerprint_hash(hit: Hit) -> str:
    key = f"{hit.entity_key}\x00{normalize(hit.text)}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()[:32]


def _rule(entity: Entity) -> dict[str, Any]:
    programs = ", ".join(entity.programs) or "none given"
    return {
        "id": entity.key,
        "name": entity.name,
        "shortDescription": {"text": entity.name},
        "fullDescription": {
            "text": f"{entity.name}: {entity.type.value} on watchlist {entity.list_id} (programs: {programs})."
        },
        "defaultConfiguration": {"level": "warning"},
        "properties": {"list": entity.list_id, "type": entity.type.value, "programs": list(entity.programs)},
    }


def _location(uri: str) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}}}


class SarifReporter:
    def __init__(self, out: TextIO):
        self.out = out
        self.lists: list[ListInfo] = []
        self.entities: dict[str, Entity] = {}
        # Results keep their rule id until finish(), when rules are sorted and ruleIndex can be set.
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.failed = False

    def start(self, lists: list[ListInfo]) -> None:
        self.lists = lists

    def _notify(self, uri: str, level: str, kind: str, message: str) -> None:
        self.notifications.append(
            {
                "level": level,
                "message": {"text": message},
                "locations": [_location(uri)],
                "descriptor": {"id": kind},
            }
        )

    def file(self, result: FileResult) -> None:
        uri = artifact_uri(result.path)
        if result.status is FileStatus.ERROR:
            self.failed = True
            self._notify(uri, "error", "input-error", result.message or "cannot read the input")
        elif result.status is FileStatus.SKIPPED:
            self._notify(uri, "warning", "input-skipped", f"skipped: {result.message or 'not scanned'}")
        for warning in result.warnings:
            self._notify(uri, "warning", "input-warning", warning)
        reasons = {id(s.hit): s.reason for s in result.suppressed}
        occurrences: Counter[str] = Counter()
        for hit in sorted([*result.hits, *(s.hit for s in result.suppressed)]):
            self.entities.setdefault(hit.entity_key, hit.entity)
            digest = fingerprint_hash(hit)
            occurrences[digest] += 1
            sarif = self._result(hit, uri, f"{digest}:{occurrences[digest]}")
            if id(hit) in reasons:
                sarif["suppressions"] = [{"kind": "external", "status": "accepted", "justification": reasons[id(hit)]}]
            self.results.append(sarif)

    def _result(self, hit: Hit, uri: str, fingerprint: str) -> dict[str, Any]:
        end_line, end_column = end_line_column(hit)
        region = {
            "startLine": hit.line,
            "startColumn": hit.column,
            "endLine": end_line,
            "endColumn": end_column,
            "charOffset": hit.start,
            "charLength": hit.end - hit.start,
            "snippet": {"text": hit.text},
        }
        return {
            "ruleId": hit.entity_key,
            "level": "warning",
            "message": {"text": hit_message(hit)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            "partialFingerprints": {FINGERPRINT: fingerprint},
            "properties": {
                "method": hit.method.value,
                "score": hit.score,
                "alias": hit.alias,
                "alias_kind": hit.alias_kind.value,
            },
        }

    def finish(self, summary: Summary) -> None:
        keys = sorted(self.entities)
        index = {key: i for i, key in enumerate(keys)}
        results = [{"ruleId": r["ruleId"], "ruleIndex": index[r["ruleId"]], **r} for r in self.results]
        run = {
            "tool": {
                "driver": {
                    "name": "kharon",
                    "version": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": [_rule(self.entities[key]) for key in keys],
                }
            },
            "invocations": [{"executionSuccessful": not self.failed, "toolExecutionNotifications": self.notifications}],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"lists": [list_dict(info) for info in self.lists], "summary": summary_dict(summary)},
        }
        doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        self.out.write(json_dumps(doc, indent=2))
        self.out.write("\n")
        self.out.flush()
