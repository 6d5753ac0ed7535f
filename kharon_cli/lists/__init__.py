"""Watchlists: the first stage of the pipeline, and everything a list author or maintainer does with lists.

What enters: watchlist YAML files (the bundled ones, installed in this folder, or a user's), allowlist YAML
files, and official list files (OFAC CSV, UN XML, CSL, FollowTheMoney JSON) for the importers. What leaves:
``models.Watchlist`` / ``models.Entity`` values for the compiler, an ``Allowlist`` for the scan, and the
reports of the ``kharon lists`` commands.

* ``watchlist``: load and validate YAML into models (every error with its line); which lists are in use.
* ``lint``: advice for list authors (``lists validate``), using the matcher's own risk model.
* ``lookup``: "is this name listed?" (``lists search``) over a compiled matcher.
* ``diff``: what changed between two versions of a list (``lists diff``).
* ``allowlist``: reviewed non-matches a team suppresses, with the reason.
* ``importers/``: one module per official format, and the shared YAML writer.
"""
