"""The workbench's route handlers: each parses its parameters, calls one function of ``kg.web.data``,
``kg.web.review``, ``kg.pages`` or ``kg.analysis``, and renders a template. Errors a person can act
on (``KgError``) become a page with the message (400; 404 for ``NotFound``, with suggestions)."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs

from kg.core.errors import KgError, NotFound

MAX_PARAM = 300
EXAMPLE_LIMIT = 40
MAX_QUERY_PARAM = 8000   # characters of a query in /query?q=... (the address)


def _param(request, name: str, default: str | None = None) -> str | None:
    value = request.query_params.get(name, default)
    if value is not None and len(value) > MAX_PARAM:
        raise KgError(f"parameter {name} is longer than {MAX_PARAM} characters")
    return value or default


def _list(request, name: str) -> set[str]:
    values = request.query_params.getlist(name)
    if len(values) > 50 or any(len(v) > MAX_PARAM for v in values):
        raise KgError(f"too many or too long values of {name}")
    return {v for v in values if v}


class Pages:
    CACHED = 16           # live network/timeline pages kept per store version

    def __init__(self, reader, rebuild, data, *, review: bool, token: str, render):
        from collections import OrderedDict

        self.reader, self.rebuild, self.data = reader, rebuild, data
        self.review, self.token, self.render_ = review, token, render
        self.endpoint = None      # the SPARQL endpoint's app (set by kg.web.app.make_workbench)
        self.cache: OrderedDict = OrderedDict()
        self.cache_lock = threading.Lock()

    # ------------------------------------------------------------------ plumbing

    def routes(self):
        from starlette.routing import Route

        r = [Route("/", self.home), Route("/find", self.find), Route("/entity/{ident}", self.entity),
             Route("/article/{ident}", self.article), Route("/map", self.map_page),
             Route("/map/data.json", self.map_data), Route("/query", self.query_page),
             Route("/network", self.network), Route("/timeline", self.timeline),
             Route("/review", self.review_list), Route("/review/{article}", self.review_desk),
             Route("/review/{article}", self.review_post, methods=["POST"]),
             Route("/rebuild", self.rebuild_page), Route("/rebuild/status", self.rebuild_status)]
        return r

    def page(self, template: str, status: int = 200, **context):
        from starlette.responses import HTMLResponse

        html = self.render_(template, review=self.review, token=self.token, **context)
        return HTMLResponse(html, status_code=status)

    def failure(self, exc: KgError):
        status = 404 if isinstance(exc, NotFound) else 400
        return self.page("error.html", status=status, message=str(exc),
                         suggestions=list(getattr(exc, "suggestions", []) or []))

    def guarded(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KgError as exc:
            return self.failure(exc)

    @property
    def store(self):
        return self.reader.get()

    # ------------------------------------------------------------------ read-only pages

    def home(self, request):
        from kg.web.data import articles

        return self.guarded(lambda: self.page("home.html", articles=articles(self.store)))

    def find(self, request):
        from kg.web.data import search

        def run():
            q = _param(request, "q", "") or ""
            limit = _param(request, "limit", "50")
            if not limit.isdigit():
                raise KgError("limit must be a number")
            hits = search(self.reader.snapshot(), q, limit=int(limit))
            return self.page("find.html", q=q, hits=hits)
        return self.guarded(run)

    def entity(self, request):
        from kg.web.data import entity

        return self.guarded(lambda: self.page("entity.html", e=entity(self.reader.snapshot(), request.path_params["ident"])))

    def article(self, request):
        from kg.web.data import article

        return self.guarded(lambda: self.page("article.html", a=article(self.reader.snapshot(), request.path_params["ident"])))

    def _map(self, request):
        from kg.web.data import map_places

        return map_places(self.reader.snapshot(), _param(request, "from"), _param(request, "to"), _list(request, "family"))

    def map_page(self, request):
        from kg.pages.html import json_for_script

        def run():
            found = self._map(request)
            return self.page("map.html", places=found["places"], families=found["families"],
                             chosen=_list(request, "family"), date_from=_param(request, "from", ""),
                             date_to=_param(request, "to", ""),
                             data_json=json_for_script(found["places"]),
                             with_statements=sum(1 for p in found["places"] if p["count"]))
        return self.guarded(run)

    def map_data(self, request):
        from starlette.responses import JSONResponse

        try:
            return JSONResponse(self._map(request))
        except KgError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    async def query_page(self, request):
        """The SPARQL page; with ``run`` (the form sent without script) the query's answer through the
        endpoint, shown in the page."""
        from starlette.concurrency import run_in_threadpool

        try:
            context = await run_in_threadpool(self._query_context, request)
            result = None
            if request.query_params.get("run") and context["text"]:
                result = await self._ask_endpoint(context["text"])
            return self.page("query.html", result=result, **context)
        except KgError as exc:
            return self.failure(exc)

    def _query_context(self, request) -> dict:
        from kg.core.config import queries_dir
        from kg.core.namespaces import PREFIXES

        examples = []
        for path in sorted(queries_dir().glob("*.rq"))[:EXAMPLE_LIMIT]:
            text = path.read_text(encoding="utf-8")
            title = next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), path.stem)
            examples.append({"name": path.stem, "title": title, "text": text})
        chosen = _param(request, "example")
        current = next((e for e in examples if e["name"] == chosen), None)
        if chosen and current is None:
            raise NotFound(f"no example query {chosen!r}", suggestions=[e["name"] for e in examples][:3])
        text = request.query_params.get("q") or ""
        if len(text) > MAX_QUERY_PARAM:
            raise KgError(f"a query sent in the address is at most {MAX_QUERY_PARAM} characters "
                          "(the Run button of the page with script sends longer ones)")
        if request.query_params.get("load") and current is not None:
            text = ""   # Load: the example chosen, not the text in the box
        default = "SELECT ?actor ?name WHERE {\n  ?actor a kg:Group ; skos:prefLabel ?name .\n} ORDER BY ?name"
        return {"examples": examples, "prefixes": sorted(PREFIXES.items()), "chosen": chosen,
                "text": text or (current["text"] if current else default), "vocabulary": vocabulary()}

    async def _ask_endpoint(self, text: str) -> dict:
        """The query through the SPARQL endpoint of this server (in-process: its pool, rules and limits)."""
        import httpx

        from kg.web.data import answer_table

        transport = httpx.ASGITransport(app=self.endpoint)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=None) as client:
            r = await client.post("/sparql", data={"query": text},
                                  headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
        return answer_table(r.status_code, r.headers.get("content-type", ""), r.text)

    def warm(self) -> None:
        """Take the store snapshot and make the default network and timeline pages ahead of the first
        request (run in a background thread at start)."""
        from kg.pages.network import network_page
        from kg.pages.timeline import timeline_page
        from kg.query.statements import Selection

        self.reader.snapshot()
        self._cached("/network", "", lambda store: network_page(store, selection=Selection(include_claims=True)))
        self._cached("/timeline", "", lambda store: timeline_page(store, []))

    def warm_paths(self) -> list[str]:
        """One page of each kind of the workbench (the warm-up's requests at start)."""
        from urllib.parse import quote

        from kg.web.data import entity_id
        from kg.web.review import overview

        snap = self.reader.snapshot()
        paths = ["/", "/map", "/map/data.json", "/query", "/rebuild"]
        if snap.edges:
            first = snap.edges[0]
            paths += ["/find?q=" + quote(first["source_label"][:20]), "/entity/" + quote(entity_id(first["source"])),
                      "/article/" + quote(first["article"])]
        if self.data is not None:
            try:
                rows = overview(self.data)
            except KgError:
                rows = []
            paths += ["/review"] + (["/review/" + quote(rows[0]["article"])] if rows else [])
        return paths

    def _cached(self, path: str, query: str, make) -> tuple[str, str]:
        from kg.web.guard import page_csp

        store = self.store
        key = (self.reader.inode, path, query)
        with self.cache_lock:
            found = self.cache.get(key)
        if found is None:
            html = make(store)
            found = (html, page_csp(html))
            with self.cache_lock:
                self.cache[key] = found
                while len(self.cache) > self.CACHED:
                    self.cache.popitem(last=False)
        return found

    def _self_contained(self, request, make):
        """A page of ``kg.pages`` (deterministic for one store version: kept for the next request)."""
        from starlette.responses import HTMLResponse

        html, csp = self._cached(request.url.path, str(request.query_params), make)
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})

    def network(self, request):
        from kg.pages.network import network_page
        from kg.query.statements import Selection

        def run():
            depth = _param(request, "depth", "1")
            if not depth.isdigit() or not 1 <= int(depth) <= 4:
                raise KgError("depth must be 1, 2, 3 or 4")
            sel = Selection(families=_list(request, "family"), relations=_list(request, "relation"),
                            categories=_list(request, "category"), sources=_list(request, "source"),
                            date_from=_param(request, "from"), date_to=_param(request, "to"),
                            include_claims=_param(request, "claims", "yes") != "no")
            return self._self_contained(request, lambda store: network_page(
                store, selection=sel, focus=_param(request, "focus"), depth=int(depth)))
        return self.guarded(run)

    def timeline(self, request):
        from kg.pages.timeline import timeline_page

        def run():
            actors = sorted(_list(request, "actor"))
            return self._self_contained(request, lambda store: timeline_page(
                store, actors, _param(request, "from"), _param(request, "to"),
                include_claims=_param(request, "claims") == "yes"))
        return self.guarded(run)

    # ------------------------------------------------------------------ review

    def review_list(self, request):
        from kg.web.review import overview

        return self.guarded(lambda: self.page("review_list.html", rows=overview(self.data)))

    def review_desk(self, request, problems=None, status=200, values=None):
        from kg.web.review import desk

        def run():
            d = desk(self.data, request.path_params["article"])
            for c in d["candidates"]:
                c.update((values or {}).get(c["id"], {}))
            return self.page("review.html", status=status, d=d, problems=problems or [],
                             classes_json=_json({"relations": {r["name"]: [r["domain"], r["range"]]
                                                                for r in d["relations"]}}),
                             busy=self.rebuild.busy())
        return self.guarded(run)

    async def review_post(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import PlainTextResponse, RedirectResponse

        from kg.web.guard import MAX_FORM, MAX_FORM_FIELDS, same_origin, token_ok
        from kg.web.review import EDITABLE, decide

        if not self.review:
            return PlainTextResponse("refused: the review desk is read-only; start it with kg serve --review\n",
                                     status_code=403)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM:
                return PlainTextResponse(f"refused: form over {MAX_FORM} bytes\n", status_code=413)
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
        port = (request.scope.get("server") or (None, None))[1]
        if not token_ok((form.get("csrf") or [None])[0] or request.headers.get("x-csrf-token"), self.token):
            return PlainTextResponse("refused: missing or wrong CSRF token (reload the page)\n", status_code=403)
        if not same_origin(request.headers, port):
            return PlainTextResponse("refused: the request does not come from this server's pages\n",
                                     status_code=403)
        article = request.path_params["article"]
        action = (form.get("action") or [""])[0]
        ids = form.get("id", [])
        if action.startswith(("accept:", "reject:")):  # one candidate's own button
            action, one = action.split(":", 1)
            ids = [one]
        elif action in ("accept-all", "reject-all"):  # every pending candidate shown, with its edits
            action = action.split("-")[0]
        edits, values, new_actors = {}, {}, {}
        for cid in ids:
            changes = {k: form[f"{k}:{cid}"][0] for k in EDITABLE if f"{k}:{cid}" in form}
            edits[cid], values[cid] = changes, changes
            new = {k: (form.get(f"new_{k}:{cid}") or [""])[0] for k in ("role", "name", "type", "category")}
            if new["role"] and new["name"].strip():
                new_actors[cid] = new
        if self.rebuild.busy():
            return self.review_desk(request, ["a rebuild is running: wait for it, then try again"], 409, values)
        result = await run_in_threadpool(decide, self.data, action, ids, article=article, edits=edits,
                                         new_actors=new_actors)
        if not result["ok"]:
            return await run_in_threadpool(self.review_desk, request, result["problems"], 422, values)
        if action == "accept" and result["done"]:
            self.rebuild.start()
            first = result["done"][0]
            return RedirectResponse(f"/rebuild?entity={first['subject']}&article={article}", status_code=303)
        return RedirectResponse(f"/review/{article}?done={action}&n={len(result['done'])}", status_code=303)

    def rebuild_page(self, request):
        return self.guarded(lambda: self.page("rebuild.html", status_=self.rebuild.status(),
                                              entity=_param(request, "entity"), article=_param(request, "article")))

    def rebuild_status(self, request):
        from starlette.responses import JSONResponse

        return JSONResponse(self.rebuild.status())


def vocabulary() -> list[str]:
    """The prefixed names of the ontology's terms (the SPARQL editor's completions)."""
    from kg.core.namespaces import PREFIXES
    from kg.corpus.ontology import load_ontology

    names = set()
    for subject in set(load_ontology().subjects()):
        iri = str(subject)
        for prefix, base in PREFIXES.items():
            if iri.startswith(base) and len(iri) > len(base) and "/" not in iri[len(base):]:
                names.add(f"{prefix}:{iri[len(base):]}")
    return sorted(names)


def _json(data):
    from kg.pages.html import json_for_script

    return json_for_script(data)

