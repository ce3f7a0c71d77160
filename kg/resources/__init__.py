"""The ontology, curated corpus and example queries shipped in the wheel (``ontology/``, ``data/``,
``queries/``): the build maps the top-level folders of the checkout here; in a checkout this package is
empty and ``kg.core.config`` reads the top-level folders themselves."""
