"""The lowest layer: errors, where things are (config), namespaces, atomic files, name matching.

Imports nothing of kg. Everything else may import it."""
