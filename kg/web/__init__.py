"""The analyst's workbench in the browser (``kg serve``): find and entity pages, articles with their
statements' quotes marked, the review desk (``kg serve --review``), the map, the SPARQL page, and the
network and timeline pages served live. ``data`` and ``review`` return dicts, ``routes`` renders
them with ``templates/``, ``app`` puts the routes, the security guard and the SPARQL endpoint of
``kg.server`` together; ``static/vendor/`` holds the vendored front-end libraries (see its README).

May import: kg.core, kg.store, kg.corpus, kg.query, kg.analysis, kg.pages, kg.extraction, kg.server.
"""
