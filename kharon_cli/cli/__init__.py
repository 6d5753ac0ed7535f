"""The command line: the only stage that imports typer (see ``root`` for the app and its exit codes).

What enters: ``sys.argv``, the environment and a config file; what leaves: reporter output on stdout, one-line
messages on stderr and an exit code. ``root`` builds the typer app and registers one module per command
group: ``scan`` (``kharon scan`` and ``kharon explain``), ``show``, ``lists``, ``baseline`` and ``config``;
``common`` holds the options and steps several commands share. Each command parses its options, calls the
library stages below it and hands their results to a reporter.
"""

from .root import app, main

__all__ = ["app", "main"]
