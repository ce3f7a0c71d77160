"""Asking the graph: SPARQL with its formats (``sparql``), the statements-with-evidence rows
(``statements``), entity views and stats (``views``), tables (``tables``) and RDF export
(``export``).

May import: ``kg.core``, ``kg.store``, ``kg.corpus``."""
