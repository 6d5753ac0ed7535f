"""Scanning: inputs found, read, decoded and tagged, one ``models.FileResult`` each, in input order.

What enters: the paths a user names (files, folders, ``-`` for stdin), a ``matching.tagger.Tagger`` and an
optional allowlist. What leaves: an iterator of file results (hits, or why an input was skipped or could not
be read) for the reporters.

* ``sources``: find the inputs (recursive, sorted, include/exclude globs), open and tag each one; a new kind
  of input source goes here.
* ``decode``: bytes into text (BOMs, UTF-8, legacy encodings) or "this is binary".
* ``stream``: inputs too big to hold, tagged in overlapping windows in bounded memory.
* ``parallel``: many inputs on local processes, results in the order one process gives.
* ``dask_engine``: the same on a Dask cluster (``scan --engine dask``).
"""
