"""Analyses over the statements: the networkx actor graph (``network``), ranks, paths,
neighbourhoods, communities and network export (``analytics``), claims and conflicts (``claims``),
the timeline rows (``timeline``).

May import: ``kg.core``, ``kg.store``, ``kg.corpus``, ``kg.query``."""
