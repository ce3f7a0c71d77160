"""The curated corpus and what it becomes: the data files (``catalog``), the ontology and shapes
(``ontology``, ``shapes``), quote finding (``quotes``), the build of the graph (``build``) and
``kg validate`` (``validate``).

May import: ``kg.core``, ``kg.store``."""
