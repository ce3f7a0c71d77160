"""Growing the graph from articles: the extractor (``extract``, which reads the spaCy parse with
``syntax`` and ``nominal``, the lexicons of ``lexicon/`` and the entities of ``linking``), ``kg
ingest`` and ``kg review`` (``ingest``) and ``kg eval`` (``evaluate``, ``corpus_eval``).

May import: ``kg.core``, ``kg.store``, ``kg.corpus``, ``kg.query``."""
