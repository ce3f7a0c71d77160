"""``kg serve``: the embedded store, read-only, over the SPARQL 1.1 Protocol on 127.0.0.1.

Starlette (ASGI app) on uvicorn. ``GET /sparql?query=...``, ``POST /sparql`` with a form
(``query=``) or an ``application/sparql-query`` body; ``default-graph-uri`` / ``named-graph-uri``
choose the dataset (default: the union of all graphs, like ``kg query``). Results by content
negotiation: SPARQL JSON (default), XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle (default),
N-Triples, N-Quads, TriG, RDF/XML, JSON-LD. CORS is open (read-only data) so YASGUI in a browser can
use it.

Refused: SPARQL Update (403), SERVICE (403), bodies over ``max_body`` (413), queries over
``max_query`` characters (413). Time: Oxigraph has no query timeout, so queries run in worker
processes, each holding the store open read-only; a query still running after ``timeout`` seconds
gets 503 and its worker is killed and replaced. Workers reopen the store when ``kg build`` or
``kg load`` has swapped a new one in.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os

from kg.core.errors import KgError, QueryError

RESULT_TYPES = {  # media type -> pyoxigraph QueryResultsFormat attribute
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {  # media type -> pyoxigraph RdfFormat attribute
    "text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES", "application/n-quads": "N_QUADS", "application/trig": "TRIG",
    "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD",
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "nt": "application/n-triples", "nq": "application/n-quads",
                "trig": "application/trig", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
MAX_RESULT = 256 << 20


def negotiate(accept: str | None, graph_form: bool, fmt: str | None = None) -> str | None:
    """The media type to answer with, or None when nothing acceptable is offered."""
    offered = GRAPH_TYPES if graph_form else RESULT_TYPES
    default = "text/turtle" if graph_form else "application/sparql-results+json"
    if fmt:
        media = FORMAT_PARAM.get(fmt.lower(), fmt.lower())
        return media if media in offered else None
    if not accept:
        return default
    ranges = []
    for i, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in pieces[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranges.append((-q, i, pieces[0].lower()))
    for negq, _, media in sorted(ranges):
        if negq >= 0:
            continue
        if media in offered:
            return media
        if media == "*/*" or (media.endswith("/*") and default.startswith(media[:-1])):
            return default
    return None


# ---------------------------------------------------------------------------- worker processes


def _worker(conn, path: str) -> None:
    """Runs in a child process: answers jobs from ``conn`` against the store at ``path``."""
    import pyoxigraph as ox

    from kg.core.namespaces import PREFIXES
    from kg.store.embedded import has_named_graphs

    store, inode, union = None, None, True
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            current = os.stat(path).st_ino
            if store is None or current != inode:
                store, inode = ox.Store.read_only(path), current
                union = has_named_graphs(store)
            kwargs = {"prefixes": PREFIXES}
            if job["default"] or job["named"]:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default"]] or None
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named"]] or None
            else:
                kwargs["use_default_graph_as_union"] = union
            result = store.query(job["query"], **kwargs)
            if isinstance(result, ox.QueryTriples):
                body = result.serialize(format=getattr(ox.RdfFormat, job["format"]))
            else:
                body = result.serialize(format=getattr(ox.QueryResultsFormat, job["format"]))
            if len(body) > MAX_RESULT:
                conn.send((413, f"the result is larger than {MAX_RESULT >> 20} MB: add a LIMIT"))
            else:
                conn.send((200, body))
        except SyntaxError as exc:
            conn.send((400, f"malformed SPARQL: {' '.join(str(exc).split())[:300]}"))
        except Exception as exc:  # evaluation errors, a vanished store
            conn.send((500, f"query failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))


class Worker:
    def __init__(self, ctx, path: str):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, path), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """Query worker processes; a job that overruns its deadline costs its worker, which is replaced."""

    def __init__(self, path: str, workers: int = 2, timeout: float = 30.0):
        self.path, self.size, self.timeout = path, max(1, workers), timeout
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: asyncio.Queue | None = None

    async def start(self) -> None:
        self.idle = asyncio.Queue()
        for _ in range(self.size):
            self.idle.put_nowait(Worker(self.ctx, self.path))

    async def run(self, job: dict):
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.timeout)
        except asyncio.TimeoutError:
            return 503, "every query worker is busy: try again later"
        try:
            worker.conn.send(job)
            ready = await asyncio.to_thread(worker.conn.poll, self.timeout)
            if not ready:
                worker.kill()
                worker = Worker(self.ctx, self.path)
                return 503, f"the query ran longer than {self.timeout:g} s and was stopped"
            return worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            worker = Worker(self.ctx, self.path)
            return 500, "the query worker died"
        finally:
            self.idle.put_nowait(worker)

    def stop(self) -> None:
        while self.idle is not None and not self.idle.empty():
            self.idle.get_nowait().kill()


# ---------------------------------------------------------------------------- the web app


def make_app(path: str, *, timeout: float = 30.0, workers: int = 2, max_query: int = 100_000,
             max_body: int = 1 << 20, ready=None):
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    from kg.store.querytext import SERVICE_REFUSED, check_query

    pool = Pool(path, workers, timeout)

    @asynccontextmanager
    async def lifespan(app):
        await pool.start()
        if ready:
            ready()
        yield
        pool.stop()

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

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
        query = params.get("query")
        default, named = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
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
                query = (form.get("query") or [None])[0]
                default += form.get("default-graph-uri", [])
                named += form.get("named-graph-uri", [])
            elif ctype == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                return error(415, "POST a form (query=...) or an application/sparql-query body")
        elif "update" in params:
            return error(403, "SPARQL Update is refused: this endpoint is read-only")
        if not query:
            return error(400, "no query: GET /sparql?query=... or POST one (SPARQL 1.1 Protocol)")
        if len(query) > max_query:
            return error(413, f"query over {max_query} characters")
        try:
            form_ = check_query(query, allow_update=True, allow_network=True, max_length=0)
        except QueryError as exc:
            if exc.message == SERVICE_REFUSED:
                return error(403, "SERVICE is refused: this endpoint never queries another one")
            return error(400, str(exc))
        if form_ == "UPDATE":
            return error(403, "SPARQL Update is refused: this endpoint is read-only")
        graph_form = form_ in ("CONSTRUCT", "DESCRIBE")
        media = negotiate(request.headers.get("accept"), graph_form, params.get("format"))
        if media is None:
            offered = ", ".join(sorted(GRAPH_TYPES if graph_form else RESULT_TYPES))
            return error(406, f"cannot answer a {form_} in the requested types; offered: {offered}")
        fmt = (GRAPH_TYPES if graph_form else RESULT_TYPES)[media]
        status, body = await pool.run({"query": query, "default": default, "named": named, "format": fmt})
        if status != 200:
            return error(status, body)
        return Response(body, media_type=media + "; charset=utf-8", headers={"Vary": "Accept"})

    async def home(request: Request) -> Response:
        return PlainTextResponse("mali-kg SPARQL endpoint (read-only): GET or POST /sparql?query=...\n")

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]), Route("/", home)],
                     middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                            allow_headers=["*"])],
                     lifespan=lifespan)


def serve(store, *, port: int = 7878, timeout: float = 30.0, workers: int = 2, max_query: int = 100_000,
          max_body: int = 1 << 20, ready=None) -> None:
    """Serve ``store`` (an embedded store) on http://127.0.0.1:PORT/sparql until interrupted."""
    import uvicorn

    if getattr(store, "kind", None) != "embedded":
        raise KgError("kg serve serves an embedded store (a folder); a SPARQL server is already served")
    if not store.exists():
        raise KgError(f"no store at {store.location}: run 'kg build' first")
    url = f"http://127.0.0.1:{port}/sparql"
    app = make_app(str(store.path), timeout=timeout, workers=workers, max_query=max_query, max_body=max_body,
                   ready=(lambda: ready(url)) if ready else None)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                            limit_concurrency=100, timeout_keep_alive=5, lifespan="on")
    try:
        uvicorn.Server(config).run()
    except OSError as exc:
        raise KgError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None
