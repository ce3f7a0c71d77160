"""``kg serve``: the SPARQL 1.1 Protocol endpoint over the embedded store (``app``).

May import: ``kg.core``, ``kg.store``, ``kg.corpus``, ``kg.query``."""
