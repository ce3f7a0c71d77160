"""Growing the graph from articles: the extractor (``extract``, ``mentions``, language packs in
``lang/``), ``kg ingest`` and ``kg review`` (``ingest``) and ``kg eval`` (``evaluate``).

May import: ``kg.core``, ``kg.store``, ``kg.corpus``, ``kg.query``."""
