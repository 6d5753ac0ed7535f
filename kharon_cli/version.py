"""The version of kharon, in a module of its own: the cache key, the JSON and SARIF reports and ``--version``
all read it, and none of them may import the package's lazy public API (``kharon_cli/__init__.py``) to get it."""

__version__ = "0.1.0"
