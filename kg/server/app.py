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
``max_body`` (413), queries over ``max_query`` characters (413), brackets nested too deep and
dataset IRIs that are not IRIs (400). Time: Oxigraph has no query timeout, so queries run in worker
processes, each holding the store open read-only, offline, under a memory ceiling; a query still
running after ``timeout`` seconds gets 503 and its worker is killed and replaced, one that passes
the ceiling gets 503 too. Workers are held back so that fast queries keep flowing beside slow ones (``Pool``).
Workers reopen the store when ``kg build`` or ``kg load`` has swapped a new one in. The socket is
bound before anything is announced, and the options are checked (``check_options``).
"""

from __future__ import annotations

import asyncio
import errno
import multiprocessing
import os
import re

from kg.core.errors import KgError, QueryError
from kg.server.protocol import GRAPH_TYPES, RESULT_TYPES, negotiate, service_description  # noqa: F401

MAX_RESULT = 256 << 20


# ---------------------------------------------------------------------------- worker processes


def _worker(conn, path: str, max_memory: int | None = None) -> None:
    """Runs in a child process: answers jobs from ``conn`` against the store at ``path``, with no
    network, in a thread with a large stack, under a memory ceiling of ``max_memory`` MB."""
    from kg.core.bounded import in_big_stack, leave_network, limit_memory

    leave_network()
    in_big_stack(_answer_jobs, conn, path, before=lambda: limit_memory(max_memory))


def _answer_jobs(conn, path: str) -> None:
    import pyoxigraph as ox

    from kg.core.namespaces import PREFIXES
    from kg.store.embedded import has_named_graphs, query_dataset

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
            kwargs = query_dataset(job["query"], job["default"], job["named"], union)
            result = store.query(job["query"], prefixes=PREFIXES, **kwargs)
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
        except MemoryError:
            conn.send((503, "the query needed more memory than this server allows a query (--max-memory)"))
        except Exception as exc:  # evaluation errors, a vanished store
            conn.send((500, f"query failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))


class Worker:
    def __init__(self, ctx, path: str, max_memory: int | None = None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, path, max_memory), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """Query worker processes. A job that overruns its deadline costs its worker, which is replaced.

    Slow queries do not hold up fast ones: ``2 * size`` workers are started, and a query still
    running after ``slow_after`` seconds counts as slow; at most ``size`` slow queries run at once
    (one more is stopped with 503 and its worker replaced), so at least ``size`` workers are always
    free for other clients. Waiting for an answer happens on the event loop (the answer pipe is
    watched with ``add_reader``), not in threads."""

    def __init__(self, path: str, workers: int = 2, timeout: float = 30.0, max_memory: int | None = None,
                 slow_after: float = 1.0):
        self.path, self.size, self.timeout = path, max(1, workers), timeout
        self.max_memory, self.slow_after = max_memory, min(slow_after, timeout)
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: asyncio.Queue | None = None
        self.slow = 0      # queries running past ``slow_after``

    def _new(self) -> Worker:
        return Worker(self.ctx, self.path, self.max_memory)

    async def start(self) -> None:
        self.idle = asyncio.Queue()
        for _ in range(2 * self.size):
            self.idle.put_nowait(self._new())

    async def _answer(self, conn, wait: float) -> bool:
        """Whether ``conn`` has something to read within ``wait`` seconds."""
        if conn.poll():
            return True
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(True))
        try:
            await asyncio.wait_for(ready, wait)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            loop.remove_reader(fd)

    async def run(self, job: dict):
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.timeout)
        except asyncio.TimeoutError:
            return 503, "every query worker is busy: try again later"
        slow = False
        try:
            worker.conn.send(job)
            ready = await self._answer(worker.conn, self.slow_after)
            if not ready:
                if self.slow >= self.size:
                    worker.kill()
                    worker = None
                    return 503, (f"{self.size} slow queries are already running (as many as --workers): "
                                 "try again later")
                self.slow += 1
                slow = True
                ready = await self._answer(worker.conn, self.timeout - self.slow_after)
            if not ready:
                worker.kill()
                worker = None
                return 503, f"the query ran longer than {self.timeout:g} s and was stopped"
            return worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            worker = None
            return 503, ("the query worker stopped: the query needed more memory than this server allows a "
                         "query (--max-memory)")
        finally:
            if slow:
                self.slow -= 1
            self.idle.put_nowait(worker if worker is not None else self._new())

    def stop(self) -> None:
        while self.idle is not None and not self.idle.empty():
            self.idle.get_nowait().kill()


# ---------------------------------------------------------------------------- the web app


def make_app(path: str, *, timeout: float = 30.0, workers: int = 2, max_query: int = 100_000,
             max_body: int = 1 << 20, max_memory: int | None = None, ready=None):
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    from kg.store.querytext import SERVICE_REFUSED, check_query

    pool = Pool(path, workers, timeout, max_memory)

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
        try:
            form_ = check_query(query, allow_update=True, allow_network=True, max_length=0)
        except QueryError as exc:
            if exc.message == SERVICE_REFUSED:
                return error(403, "SERVICE is refused: this endpoint never queries another one")
            return error(400, str(exc))
        if form_ == "UPDATE":
            return error(403, "SPARQL Update is refused: this endpoint is read-only")
        graph_form = form_ in ("CONSTRUCT", "DESCRIBE")
        media = negotiate(request.headers.get("accept"), graph_form, fmt)
        if media is None:
            return not_acceptable(form_, graph_form)
        status, body = await pool.run({"query": query, "default": default, "named": named,
                                       "format": (GRAPH_TYPES if graph_form else RESULT_TYPES)[media]})
        if status != 200:
            return error(status, body)
        return Response(body, media_type=media + "; charset=utf-8", headers={"Vary": "Accept"})

    def not_acceptable(what: str, graph_form: bool) -> Response:
        offered = ", ".join(GRAPH_TYPES if graph_form else RESULT_TYPES)
        return error(406, f"cannot answer a {what} in the requested types; offered: {offered}")

    async def describe(request: Request) -> Response:
        """A plain GET of the endpoint: its service description (SPARQL 1.1 Service Description)."""
        media = negotiate(request.headers.get("accept"), True)
        if media is None:
            return not_acceptable("service description", True)
        status, body = await pool.run({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", "default": [],
                                       "named": [], "format": "JSON"})
        if status != 200:
            return error(status, body)
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


def check_options(port: int, timeout: float, workers: int, max_query: int, max_memory: int | None) -> None:
    """kg serve's options, each within its range (KgError naming the option otherwise)."""
    if not 1 <= port <= 65535:
        raise KgError(f"--port must be from 1 to 65535, not {port}")
    if not timeout > 0:
        raise KgError(f"--timeout must be more than 0 seconds, not {timeout:g}")
    if workers < 1:
        raise KgError(f"--workers must be at least 1, not {workers}")
    if max_query < 1:
        raise KgError(f"--max-query must be at least 1 character, not {max_query}")
    if max_memory is not None and max_memory < 64:
        raise KgError(f"--max-memory must be at least 64 MB, not {max_memory}")


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
          max_body: int = 1 << 20, max_memory: int | None = 4096, ready=None, wrap=None) -> None:
    """Serve ``store`` (an embedded store) on http://127.0.0.1:PORT/sparql until interrupted. The
    socket is bound before anything is announced; ``ready(url)`` once the workers are up.
    ``wrap(app)`` -> the ASGI app to serve instead (the workbench of ``kg.web`` around this one)."""
    import uvicorn

    check_options(port, timeout, workers, max_query, max_memory)
    if getattr(store, "kind", None) != "embedded":
        raise KgError("kg serve serves an embedded store (a folder); a SPARQL server is already served")
    if not store.exists():
        raise KgError(f"no store at {store.location}: run 'kg build' first")
    sock = bind(port)
    url = f"http://127.0.0.1:{port}/sparql"
    app = make_app(str(store.path), timeout=timeout, workers=workers, max_query=max_query, max_body=max_body,
                   max_memory=max_memory, ready=(lambda: ready(url)) if ready else None)
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
