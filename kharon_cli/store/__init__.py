"""Storage: the compiled-list cache and the safe ways kharon writes files.

What enters: a ``matching.compiled.CompiledMatcher`` and the ``ListInfo`` of its lists (written once per set
of list files); what leaves: the same matcher read back from a memory-mapped file, decoded on demand.

* ``cache``: where compiled matchers are kept, their key (the lists' bytes, kharon's compiler code, Python and
  pyahocorasick builds), the file format, and the copy shipped inside the package.
* ``packed``: read-only tables used straight from the file's bytes (records and string maps).
* ``atomic``: write a file so no reader ever sees half of it (watchlists from importers, baselines).
"""
