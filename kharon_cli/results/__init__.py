"""What becomes of the hits after a scan, before and besides rendering them.

What enters: the file results of a scan (``scanning``); what leaves: the same results with accepted hits
marked, the exit-code verdict, and the per-entity roll-up.

* ``baseline``: hits a CI job has already accepted (``kharon baseline create``, ``scan --baseline``).
* ``fail_policy``: which hits make ``kharon scan`` exit 1 (``--fail-on``).
* ``rollup``: one row per listed party across all inputs (``scan --summary``).

(Allowlists, reviewed non-matches, are a list format and live in ``lists.allowlist``; they apply inside
the scan.)
"""
