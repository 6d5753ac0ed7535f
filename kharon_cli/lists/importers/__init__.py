"""Importers: official sanctions-list files in, kharon watchlist YAML out (``kharon lists import``).

One module per format: ``ofac`` (OFAC's legacy SDN and consolidated non-SDN CSV files), ``un`` (the UN Security
Council consolidated XML), ``csl`` (the US Consolidated Screening List, one watchlist per source list), ``ftm``
(FollowTheMoney entity JSON lines). ``aliases`` drops and counts repeated aliases for all of them;
``yaml_out`` writes every importer's result in the one YAML layout the loader (``lists.watchlist``) reads.
To add a format: a reader returning ``models.Entity`` values plus stats, and a command in ``cli.lists``.
"""
