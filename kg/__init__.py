"""mali-kg: a sourced knowledge graph of the 2025 Mali crisis.

The library never prints, exits or imports click; ``cli.py`` is a thin layer over it.
Heavy libraries (networkx, pyvis, pyshacl) are imported lazily inside the functions that need them.
"""

__version__ = "0.1.0"
