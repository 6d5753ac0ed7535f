"""Importers that convert official sanctions-list files into kharon watchlist YAML."""
