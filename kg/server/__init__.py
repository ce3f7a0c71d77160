"""``kg serve``: the SPARQL 1.1 Protocol endpoint over the embedded store (``app``), its query
workers (``pool``) and its cache of answers (``cache``).

May import: ``kg.core``, ``kg.store``, ``kg.corpus``, ``kg.query``."""

CACHE_MB = 64          # default --cache: MB of answers kept (kg.server.cache)
MAX_WAITING = 1024     # default --max-waiting: requests waiting for a worker before 503 + Retry-After
MAX_WORKERS = 64       # the most --workers (twice as many processes start)
MAX_CACHE = 1 << 20    # the largest --cache, MB
