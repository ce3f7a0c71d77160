"""The store and its backends: the embedded Oxigraph store (``embedded``), a remote SPARQL 1.1
server (``remote``), bulk loading (``load``), Oxigraph/rdflib term conversion (``terms``) and what a
query text is and may do (``querytext``).

May import: ``kg.core``."""
