"""The workbench's web app: the pages of ``kg serve`` at ``/`` around the SPARQL endpoint of
``kg.server.app`` (kept at ``/sparql``, its pool, limits and checks untouched).

Safety, for a shared laptop: the server listens on 127.0.0.1 only; every request whose ``Host`` is not
``127.0.0.1:PORT``, ``localhost:PORT`` or ``[::1]:PORT`` is refused (403; a DNS-rebinding page cannot
reach it); pages carry a Content-Security-Policy with scripts from ``/static`` only (the live
network and timeline pages: their inline scripts by hash), no ``unsafe-inline`` script; every
text is escaped by Jinja's autoescape. Read-only unless started with ``review=True``
(``kg serve --review``): then the review desk's POSTs need the per-process CSRF token and an
``Origin`` (or ``Referer``) of this server.
"""

from __future__ import annotations

import os
import secrets
import threading
from functools import lru_cache
from pathlib import Path

from kg.core.errors import KgError

HERE = Path(__file__).resolve().parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"


@lru_cache(maxsize=1)
def environment():
    """The Jinja environment of the workbench's templates, autoescaping everything."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


class Reader:
    """The store for the pages, opened read-only in this process and reopened when a build or
    ``kg load`` has swapped a new one in (the folder's inode changed)."""

    def __init__(self, path: str):
        self.path, self.inode, self.store = path, None, None
        self.lock, self.snap_lock = threading.Lock(), threading.Lock()
        self.snap = None

    def get(self):
        from kg.store.embedded import EmbeddedStore

        with self.lock:
            try:
                st = os.stat(self.path)
                inode = (st.st_ino, st.st_ctime_ns)   # a swap renames a new folder in: both change
            except OSError:
                inode = None
            if self.store is None or inode != self.inode:
                self.store, self.inode = EmbeddedStore(self.path), inode
            return self.store

    def snapshot(self):
        """The ``kg.web.data.Snapshot`` of the current store version (taken once per version)."""
        from kg.web.data import Snapshot

        store = self.get()
        with self.snap_lock:
            if self.snap is None or self.snap.store is not store:
                self.snap = Snapshot(store)
            return self.snap


class Rebuild:
    """``kg build`` of the data folder into the store, in a background thread, with its progress."""

    def __init__(self, path: str, data):
        self.path, self.data = path, data
        self.lock = threading.Lock()
        self.state = {"state": "idle", "step": None, "steps": [], "error": None, "summary": None, "run": 0}
        self.after = None     # called when a rebuild is done (the pages' warm-up)
        self.again = False    # a rebuild was asked for while one was running

    def status(self) -> dict:
        with self.lock:
            return dict(self.state, steps=list(self.state["steps"]))

    def busy(self) -> bool:
        return self.status()["state"] == "running"

    def start(self) -> int:
        """Start a rebuild; while one is running, another one follows it (the data may have changed
        after the running one read it)."""
        from kg.corpus.build import BUILD_STEPS

        with self.lock:
            if self.state["state"] == "running":
                self.again = True
                return self.state["run"] + 1
            run = self.state["run"] + 1
            self.state = {"state": "running", "step": None, "steps": [], "error": None, "summary": None,
                          "run": run, "total": len(BUILD_STEPS)}
        threading.Thread(target=self._run, daemon=True, name="kg-rebuild").start()
        return run

    def warm(self) -> None:
        """Import what a rebuild needs (the build, SHACL, the review functions) ahead of the first one."""
        import kg.corpus.build  # noqa: F401
        import kg.corpus.shapes  # noqa: F401
        import kg.extraction.ingest  # noqa: F401
        import pyshacl  # noqa: F401

    def _progress(self, name: str) -> None:
        with self.lock:
            self.state["step"] = name
            self.state["steps"].append(name)

    def _run(self) -> None:
        from kg.corpus.build import BUILD_STEPS, build_store
        from kg.store.embedded import EmbeddedStore

        while True:
            try:
                summary = build_store(EmbeddedStore(self.path), self.data, progress=self._progress)
                outcome = {"state": "done", "summary": dict(summary)}
            except Exception as exc:  # shown on the progress page
                outcome = {"state": "failed", "error": " ".join(str(exc).split())[:2000]}
            with self.lock:
                if self.again:
                    self.again = False
                    self.state = {"state": "running", "step": None, "steps": [], "error": None, "summary": None,
                                  "run": self.state["run"] + 1, "total": len(BUILD_STEPS)}
                    continue
                self.state.update(outcome)
            break
        if self.after is not None and outcome["state"] == "done":
            self.after()


def make_workbench(endpoint, store_path: str, data=None, *, review: bool = False):
    """The Starlette app: the workbench's routes, then ``endpoint`` (the SPARQL app) for the rest;
    its lifespan (the query workers) runs inside this app's."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from kg.web.guard import Guard
    from kg.web.routes import Pages

    pages = Pages(Reader(store_path), Rebuild(store_path, data), data, review=review,
                  token=secrets.token_urlsafe(32), render=render)

    pages.rebuild.after = pages.warm
    pages.endpoint = endpoint

    @asynccontextmanager
    async def lifespan(app):
        if review:
            threading.Thread(target=pages.rebuild.warm, daemon=True, name="kg-warm").start()
        await warm_up(app, pages)
        async with endpoint.router.lifespan_context(endpoint):
            yield

    routes = pages.routes() + [Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
                               Mount("", app=endpoint)]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.pages = pages
    return Guard(app)


async def warm_up(app, pages) -> None:
    """Before the server announces itself: take the store snapshot and ask for one page of each kind
    in-process (imports, templates compiled, caches filled, the default network and timeline pages
    made), so that the first request of a user is as fast as the next ones (a page made in a thread
    while requests come in would slow them down: they share the interpreter)."""
    import asyncio

    import httpx

    try:
        await asyncio.to_thread(pages.warm)
    except Exception:  # noqa: BLE001 - the page that fails says why when it is asked for
        pass
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://127.0.0.1") as client:
        for path in await asyncio.to_thread(pages.warm_paths):
            await client.get(path)


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def serve(store, data=None, *, review: bool = False, port: int = 7878, ready=None, **options) -> None:
    """``kg serve``: the workbench at http://127.0.0.1:PORT/ and the SPARQL endpoint at /sparql
    (``options`` go to ``kg.server.app.serve``: timeout, workers, max_query, max_body)."""
    from kg.core.config import data_dir, writable_data_dir
    from kg.server.app import serve as serve_endpoint

    folder = writable_data_dir(data) if review else data_dir(data)
    if not (Path(folder) / "articles.yaml").exists():
        raise KgError(f"{folder} is not a data folder (no articles.yaml)")
    path = str(getattr(store, "path", ""))
    serve_endpoint(store, port=port, ready=(lambda url: ready(url.rsplit("/sparql", 1)[0] + "/")) if ready else None,
                   wrap=lambda endpoint: make_workbench(endpoint, path, folder, review=review), **options)


