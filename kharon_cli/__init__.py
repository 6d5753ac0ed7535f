"""kharon: tag mentions of sanctioned parties from YAML watchlists in news articles.

The package is layered as a pipeline: ``watchlist`` loads YAML lists into models, ``compiler`` turns their
aliases into a matcher, ``matcher`` finds hits in normalised text, ``scanner`` reads inputs and runs the
matcher, and ``reporters`` render the results. ``cli`` is the thin typer front end over all of it.
"""

__version__ = "0.1.0"
