"""Default values shared by the library and the command line, in a module that imports nothing, so that
``kharon --help`` and ``kharon --version`` never load the matching machinery."""

DEFAULT_MIN_SCORE = 80.0
DEFAULT_INCLUDE = ("*.txt", "*.md")
STDIN = "-"
