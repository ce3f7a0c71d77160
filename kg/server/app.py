"""``kg serve``: the embedded store, read-only, over the SPARQL 1.1 Protocol on 127.0.0.1.

Starlette (ASGI app) on uvicorn. ``GET /sparql?query=...``, ``POST /sparql`` with a form
(``query=``) or an ``application/sparql-query`` body; exactly one query (two are a 400). The dataset
is the protocol's ``default-graph-uri`` / ``named-graph-uri`` if given, else the query's ``FROM`` /
``FROM NAMED``, else the union of all graphs as default graph, like ``kg query``. Results by content
negotiation (``kg.server.protocol``: the ``Accept`` header read by werkzeug, or the ``format`` /
``output`` parameter SPARQLWrapper sends): SPARQL JSON (default), XML, CSV, TSV; CONSTRUCT/DESCRIBE
as Turtle (default), N-Triples, RDF/XML, JSON-LD, N-Quads, TriG. A plain ``GET /sparql`` returns the
service description. CORS is open (read-only data) so YASGUI in a browser can use it.

Refused: SPARQL Update (403), SERVICE in any spelling (403, ``kg.store.querytext``), bodies over
``max_body`` (413), queries over ``max_query`` characters (413), brackets nested deeper than
``max_depth`` and dataset IRIs that are not IRIs (400). Time: Oxigraph has no query timeout, so
queries run in worker processes (``kg.server.pool``), each holding the store open read-only,
offline, under a memory ceiling; a query still running after ``timeout`` seconds gets 503 and its
worker is killed and replaced, one that passes the ceiling gets 503 too. Workers are held back so
that fast queries keep flowing beside slow ones, handed out first come, first served, and past
``max_waiting`` waiting requests the next gets 503 with ``Retry-After``. Answers already given are
given again from a cache (``kg.server.cache``, ``cache`` MB, header ``X-Cache: HIT``) until the
store changes. Workers reopen the store when ``kg build`` or ``kg load`` has swapped a new one in.
The socket is bound before anything is announced, and the options are checked (``check_options``).
"""

from __future__ import annotations

import errno
import re

from kg.core.errors import KgError, QueryError
from kg.server import CACHE_MB, MAX_CACHE, MAX_WAITING, MAX_WORKERS
from kg.server.pool import MAX_RESULT, Pool, Worker  # noqa: F401
from kg.server.protocol import GRAPH_TYPES, RESULT_TYPES, negotiate, service_description  # noqa: F401
from kg.store.querytext import MAX_DEPTH


# ---------------------------------------------------------------------------- the web app


def make_app(path: str, *, timeout: float = 30.0, workers: int = 2, max_query: int = 100_000,
             max_body: int = 1 << 20, max_memory: int | None = None, max_depth: int = MAX_DEPTH,
             cache: int = CACHE_MB, max_waiting: int = MAX_WAITING, ready=None):
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    from kg.server.cache import ResultCache
    from kg.store.querytext import SERVICE_REFUSED, check_query

    pool = Pool(path, workers, timeout, max_memory, max_waiting=max_waiting)
    answers = ResultCache(path, cache << 20) if cache else None

    @asynccontextmanager
    async def lifespan(app):
        await pool.start()
        if ready:
            ready()
        yield
        pool.stop()

    def error(status: int, message: str, headers: dict | None = None) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def read_body(request: Request) -> bytes | None:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_body:
            return None
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body:
                return None
        return body

    async def sparql(request: Request) -> Response:
        params = request.query_params
        queries = params.getlist("query")
        default, named = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
        fmt = params.getlist("format") + params.getlist("output")
        if request.method == "POST":
            body = await read_body(request)
            if body is None:
                return error(413, f"request body over {max_body} bytes")
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return error(403, "SPARQL Update is refused: this endpoint is read-only")
            if ctype == "application/x-www-form-urlencoded":
                from urllib.parse import parse_qs

                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    return error(403, "SPARQL Update is refused: this endpoint is read-only")
                queries += form.get("query", [])
                default += form.get("default-graph-uri", [])
                named += form.get("named-graph-uri", [])
                fmt += form.get("format", []) + form.get("output", [])
            elif ctype == "application/sparql-query":
                queries.append(body.decode("utf-8", "replace"))
            else:
                return error(415, "POST a form (query=...) or an application/sparql-query body")
        elif "update" in params:
            return error(403, "SPARQL Update is refused: this endpoint is read-only")
        elif not params:
            return await describe(request)
        if len(queries) > 1:
            return error(400, "more than one query: give exactly one (SPARQL 1.1 Protocol)")
        query = queries[0] if queries else None
        if not query:
            return error(400, "no query: GET /sparql?query=... or POST one (SPARQL 1.1 Protocol)")
        bad = next((g for g in default + named if not _IRI.fullmatch(g)), None)
        if bad is not None:
            return error(400, f"default-graph-uri / named-graph-uri must be absolute IRIs, not {bad[:200]!r}")
        if len(query) > max_query:
            return error(413, f"query over {max_query} characters")
        accept = request.headers.get("accept")
        if answers is None:
            status, media, body, headers = await answer(query, default, named, accept, fmt)
            seen = None
        else:
            (status, media, body, headers), seen = await answers.fetch(
                (query, tuple(default), tuple(named), accept, tuple(fmt)),
                lambda: answer(query, default, named, accept, fmt))
        if status != 200:
            return error(status, body, headers)
        return Response(body, media_type=media + "; charset=utf-8",
                        headers={"Vary": "Accept", **({"X-Cache": seen} if seen else {})})

    async def answer(query: str, default: list, named: list, accept: str | None, fmt: list):
        """(status, media type, body or message, headers) for a query that passed the protocol's checks."""
        try:
            form_ = check_query(query, allow_update=True, allow_network=True, max_length=0, max_depth=max_depth)
        except QueryError as exc:
            if exc.message == SERVICE_REFUSED:
                return 403, None, "SERVICE is refused: this endpoint never queries another one", {}
            return 400, None, str(exc), {}
        if form_ == "UPDATE":
            return 403, None, "SPARQL Update is refused: this endpoint is read-only", {}
        graph_form = form_ in ("CONSTRUCT", "DESCRIBE")
        media = negotiate(accept, graph_form, fmt)
        if media is None:
            offered = ", ".join(GRAPH_TYPES if graph_form else RESULT_TYPES)
            return 406, None, f"cannot answer a {form_} in the requested types; offered: {offered}", {}
        status, body, headers = await pool.answer({"query": query, "default": default, "named": named,
                                                   "format": (GRAPH_TYPES if graph_form else RESULT_TYPES)[media]})
        return status, media, body, headers

    def not_acceptable(what: str, graph_form: bool) -> Response:
        offered = ", ".join(GRAPH_TYPES if graph_form else RESULT_TYPES)
        return error(406, f"cannot answer a {what} in the requested types; offered: {offered}")

    async def describe(request: Request) -> Response:
        """A plain GET of the endpoint: its service description (SPARQL 1.1 Service Description)."""
        media = negotiate(request.headers.get("accept"), True)
        if media is None:
            return not_acceptable("service description", True)
        status, body, headers = await pool.answer({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
                                                   "default": [], "named": [], "format": "JSON"})
        if status != 200:
            return error(status, body, headers)
        import json

        graphs = [b["g"]["value"] for b in json.loads(body)["results"]["bindings"] if b["g"]["type"] == "uri"]
        endpoint = str(request.url.replace(query=""))
        text = service_description(endpoint, graphs, media)
        return Response(text, media_type=media + "; charset=utf-8", headers={"Vary": "Accept"})

    async def home(request: Request) -> Response:
        return PlainTextResponse("mali-kg SPARQL endpoint (read-only): GET or POST /sparql?query=...\n")

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]), Route("/", home)],
                     middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                            allow_headers=["*"])],
                     lifespan=lifespan)


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*")


def check_options(port: int, timeout: float, workers: int, max_query: int, max_memory: int | None,
                  max_depth: int = MAX_DEPTH, cache: int = CACHE_MB, max_waiting: int = MAX_WAITING) -> None:
    """kg serve's options, each within its range (KgError naming the option otherwise)."""
    if not 1 <= port <= 65535:
        raise KgError(f"--port must be from 1 to 65535, not {port}")
    from kg.core.bounded import MAX_TIMEOUT

    if not 0 < timeout <= MAX_TIMEOUT:
        raise KgError(f"--timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, not {timeout:g}")
    if not 1 <= workers <= MAX_WORKERS:
        raise KgError(f"--workers must be from 1 to {MAX_WORKERS}, not {workers}")
    if max_query < 1:
        raise KgError(f"--max-query must be at least 1 character, not {max_query}")
    if max_memory is not None and max_memory < 64:
        raise KgError(f"--max-memory must be at least 64 MB, not {max_memory}")
    if max_depth < 1:
        raise KgError(f"--max-depth must be at least 1, not {max_depth}")
    if not 0 <= cache <= MAX_CACHE:
        raise KgError(f"--cache must be from 0 (no cache) to {MAX_CACHE} MB, not {cache}")
    if max_waiting < 0:
        raise KgError(f"--max-waiting must be 0 or more requests, not {max_waiting}")


def bind(port: int):
    """A listening socket on 127.0.0.1:``port``, or a KgError that says why not."""
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise KgError(f"port {port} on 127.0.0.1 is already in use: choose another with --port") from None
        raise KgError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def serve(store, *, port: int = 7878, timeout: float = 30.0, workers: int = 2, max_query: int = 100_000,
          max_body: int = 1 << 20, max_memory: int | None = 4096, max_depth: int = MAX_DEPTH,
          cache: int = CACHE_MB, max_waiting: int = MAX_WAITING, ready=None, wrap=None) -> None:
    """Serve ``store`` (an embedded store) on http://127.0.0.1:PORT/sparql until interrupted. The
    socket is bound before anything is announced; ``ready(url)`` once the workers are up.
    ``wrap(app)`` -> the ASGI app to serve instead (the workbench of ``kg.web`` around this one)."""
    import uvicorn

    check_options(port, timeout, workers, max_query, max_memory, max_depth, cache, max_waiting)
    if getattr(store, "kind", None) != "embedded":
        raise KgError("kg serve serves an embedded store (a folder); a SPARQL server is already served")
    if not store.exists():
        raise KgError(f"no store at {store.location}: run 'kg build' first")
    sock = bind(port)
    url = f"http://127.0.0.1:{port}/sparql"
    app = make_app(str(store.path), timeout=timeout, workers=workers, max_query=max_query, max_body=max_body,
                   max_memory=max_memory, max_depth=max_depth, cache=cache, max_waiting=max_waiting,
                   ready=(lambda: ready(url)) if ready else None)
    if wrap is not None:
        app = wrap(app)
    # Connections beyond the workers wait in the pool's queue (up to --timeout), not refused with
    # 503 at uvicorn's door: its limit is far above what 2 cores answer at once.
    config = uvicorn.Config(app, log_level="warning", access_log=False, limit_concurrency=4096,
                            backlog=2048, timeout_keep_alive=5, lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except OSError as exc:
        raise KgError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    finally:
        sock.close()
    if getattr(server, "started", True) is False and not getattr(server, "should_exit", False):
        raise KgError(f"kg serve could not start on 127.0.0.1:{port}")
