"""A store on a remote SPARQL 1.1 server (Virtuoso, GraphDB, Fuseki, Neptune, ``kg serve``, ...).

Location ``sparql+http://HOST:PORT/PATH`` (or ``sparql+https://``) names the query endpoint. The rest
comes from the environment, never from the command line, and is never echoed:

- ``KG_SPARQL_UPDATE_URL``  update endpoint (default: the query endpoint)
- ``KG_SPARQL_GSP_URL``     Graph Store Protocol endpoint for bulk upload (default: none, upload
                            with ``INSERT DATA`` in chunks)
- ``KG_SPARQL_USER`` / ``KG_SPARQL_PASSWORD``  credentials; ``KG_SPARQL_AUTH`` = basic (default) or digest
- ``KG_SPARQL_GRAPH``       graph that holds the built graph (default https://w3id.org/mali-kg/graph/main)
- ``KG_SPARQL_TIMEOUT``     seconds per request (default 300)
- ``KG_SPARQL_MAX_ANSWER``  MB an answer may have before it is refused (default 1024; 0: no cap)

Like the embedded store, queries see the union of the kg graphs: the built graph and every graph
``kg load`` added. Their names are kept in a catalogue graph (``<main graph>/catalog``), and each
query names them as its dataset (``default-graph-uri`` = all of them, ``named-graph-uri`` = the loaded
ones), so the server's other graphs (Virtuoso's system graphs, other teams' data) stay out; a query
with its own ``FROM`` / ``FROM NAMED`` gets exactly that dataset (``own_dataset``, SPARQL 1.1). An
endpoint without a catalogue (``kg serve``, a read-only mirror) is queried with its own default dataset.
Writes go to a staging graph first, then ``MOVE`` (replace) or ``ADD`` (merge) puts them in place.
"""

from __future__ import annotations

import io
import os
import re
import uuid
from typing import Iterator
from urllib.parse import urlsplit

from kg.core.errors import KgError, QueryError, StoreError
from kg.core.namespaces import sparql_prologue

MAIN_GRAPH = "https://w3id.org/mali-kg/graph/main"
NO_GRAPH = "urn:x-mali-kg:no-graph"   # named-graph-uri placeholder: "no named graphs" on every server
HAS_PART = "http://purl.org/dc/terms/hasPart"
CHUNK = 1000                            # triples per INSERT DATA request (Virtuoso caps its size)
GSP_CHUNK = 200_000                     # triples per Graph Store Protocol request
RESULTS_JSON = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
RDF_TYPES = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
             "application/rdf+xml": "xml", "application/ld+json": "json-ld", "text/rdf+n3": "n3"}


def _iri(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", text or ""):
        raise KgError(f"not an absolute IRI: {text!r}")
    return f"<{text}>"


def with_bindings(sparql: str, form: str, bindings: dict | None) -> str:
    """The query with its bindings as a ``VALUES`` block: first thing inside the WHERE group for
    SELECT / ASK / DESCRIBE (so the server joins on it early, like the embedded store's
    pre-binding), after the query for CONSTRUCT (whose first group is the template)."""
    values = values_clause(bindings)
    if not values:
        return sparql
    if form != "CONSTRUCT":
        from kg.store.querytext import _LEXEMES

        masked = _LEXEMES.sub(lambda m: " " * len(m.group(0)), sparql)
        brace = masked.find("{")
        if brace >= 0:
            return sparql[:brace + 1] + values + sparql[brace + 1:]
    return sparql + values


def values_clause(bindings: dict | None) -> str:
    """``VALUES (?a ?b) { (<iri> "literal") }`` from rdflib terms serialized with ``n3()``."""
    if not bindings:
        return ""
    from rdflib import Literal, URIRef
    from rdflib.term import Identifier

    names, terms = [], []
    for name, term in bindings.items():
        name = str(name).lstrip("?$")
        if not re.fullmatch(r"\w+", name):
            raise KgError(f"bad variable name {name!r}")
        if not isinstance(term, Identifier):
            term = Literal(term)
        if isinstance(term, URIRef):
            text = _iri(str(term))
        elif isinstance(term, Literal):
            text = term.n3()
        else:
            raise KgError(f"cannot bind ?{name} to a {type(term).__name__}")
        names.append(f"?{name}")
        terms.append(text)
    return f"\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"


def own_dataset(text: str) -> dict:
    """A query's ``FROM`` / ``FROM NAMED`` as the protocol's ``default-graph-uri`` /
    ``named-graph-uri``, so that every server applies SPARQL 1.1's dataset rules: a query with only
    ``FROM`` has no named graphs (Virtuoso would otherwise give it all of its graphs), one with only
    ``FROM NAMED`` an empty default graph. Read by rdflib's SPARQL parser (prefixed names resolved);
    a query it cannot parse is sent as it is, for the server to judge."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        clauses = prepareQuery(text).algebra.get("datasetClause") or []
    except Exception:  # rdflib's parser lags Oxigraph's: let the server read the query itself
        return {}
    default = [str(c["default"]) for c in clauses if "default" in c]
    named = [str(c["named"]) for c in clauses if "named" in c]
    return {"default-graph-uri": default or [NO_GRAPH], "named-graph-uri": named or [NO_GRAPH]}


def _plain(term):
    """``xsd:string`` literals as simple literals, the way the embedded store gives them
    (``kg.oxterms.from_ox``): the same RDF 1.1 term, so both backends give byte-identical results
    and exports."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


class RemoteStore:
    kind = "remote"

    def __init__(self, location: str):
        url = location.split("+", 1)[1]
        parts = urlsplit(url)
        if parts.username or parts.password:
            raise StoreError("credentials in the store URL are refused: set KG_SPARQL_USER and "
                             "KG_SPARQL_PASSWORD in the environment")
        if not parts.hostname:
            raise StoreError(f"no host in store location {location!r}")
        self.query_url = url
        self.update_url = os.environ.get("KG_SPARQL_UPDATE_URL") or url
        self.gsp_url = os.environ.get("KG_SPARQL_GSP_URL") or None
        self.main = os.environ.get("KG_SPARQL_GRAPH") or MAIN_GRAPH
        _iri(self.main)
        self.catalog = self.main.rstrip("/#") + "/catalog"
        self.timeout = _env_number("KG_SPARQL_TIMEOUT", 300.0, "a number of seconds", low=0.001)
        self._client = None
        self._graphs: list[str] | None = None

    @property
    def location(self) -> str:
        return "sparql+" + self.query_url

    # ------------------------------------------------------------------ HTTP

    @property
    def client(self):
        if self._client is None:
            import httpx

            user, password = os.environ.get("KG_SPARQL_USER"), os.environ.get("KG_SPARQL_PASSWORD")
            auth = None
            if user:
                kind = (os.environ.get("KG_SPARQL_AUTH") or "basic").lower()
                if kind not in ("basic", "digest"):
                    raise StoreError("KG_SPARQL_AUTH must be basic or digest")
                auth = (httpx.DigestAuth if kind == "digest" else httpx.BasicAuth)(user, password or "")
            self._client = httpx.Client(auth=auth, timeout=self.timeout, follow_redirects=False,
                                        headers={"User-Agent": "mali-kg"})
        return self._client

    def _post(self, url: str, *, data=None, content=None, params=None, headers=None):
        import httpx

        try:
            request = self.client.build_request("POST", url, data=data, content=content, params=params,
                                                headers=headers)
            resp = self._bounded(self.client.send(request, stream=True), url)
        except httpx.TimeoutException:
            raise StoreError(f"{url} did not answer within {self.timeout:g}s (KG_SPARQL_TIMEOUT)") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {type(exc).__name__}: {exc}") from None
        if resp.status_code in (401, 403):
            raise StoreError(f"{url} refused the request ({resp.status_code}): check KG_SPARQL_USER / "
                             "KG_SPARQL_PASSWORD / KG_SPARQL_AUTH and the account's permissions")
        if resp.status_code >= 400:
            text = " ".join(resp.text.split())[:300]
            cls = QueryError if resp.status_code == 400 else StoreError
            raise cls(f"the SPARQL endpoint answered {resp.status_code}: {text}")
        return resp

    def _bounded(self, resp, url: str):
        """The streamed response read whole, refused once it passes ``$KG_SPARQL_MAX_ANSWER`` MB
        (default 1024): an endpoint's answer cannot fill this process's memory."""
        import httpx

        try:
            cap = int(_env_number("KG_SPARQL_MAX_ANSWER", 1024, "a whole number of MB (0: no cap)", low=0,
                                  whole=True)) << 20
        except StoreError:
            resp.close()
            raise
        chunks, size = [], 0
        try:
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if cap and size > cap:
                    raise StoreError(f"{url} answered more than {cap >> 20} MB: stopped "
                                     "(add a LIMIT, or raise KG_SPARQL_MAX_ANSWER)")
                chunks.append(chunk)
        finally:
            resp.close()
        return httpx.Response(resp.status_code, headers=resp.headers, content=b"".join(chunks),
                              request=resp.request)

    # ------------------------------------------------------------------ dataset

    def graphs(self) -> list[str] | None:
        """The kg graphs listed in the catalogue (main first), or None when there is no catalogue."""
        if self._graphs is None:
            q = f"SELECT ?g WHERE {{ GRAPH {_iri(self.catalog)} {{ {_iri(self.catalog)} <{HAS_PART}> ?g }} }}"
            res = self._select(q, dataset=False)
            found = sorted({str(row[0]) for row in res})
            self._graphs = ([self.main] if self.main in found else []) + [g for g in found if g != self.main]
        return self._graphs or None

    def _dataset(self) -> dict:
        graphs = self.graphs()
        if not graphs:
            return {}
        named = [g for g in graphs if g != self.main] or [NO_GRAPH]
        return {"default-graph-uri": graphs, "named-graph-uri": named}

    def exists(self) -> bool:
        if self.graphs():
            return True
        return bool(self._ask("ASK { ?s ?p ?o }"))

    # ------------------------------------------------------------------ reading

    def query(self, sparql: str, bindings: dict | None = None, *, dataset: bool = True):
        from rdflib import Graph
        from rdflib.query import Result

        from kg.store.querytext import query_form

        form = query_form(sparql)
        if form == "UPDATE":
            raise QueryError("an update is not a query: use update()")
        text = sparql_prologue() + with_bindings(sparql, form, bindings)
        from kg.store.querytext import has_dataset_clause

        if has_dataset_clause(sparql):
            params = own_dataset(text)   # the query's own FROM / FROM NAMED, sent explicitly
        else:
            params = self._dataset() if dataset else {}
        data = {"query": text, **params}
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        resp = self._post(self.query_url, data=data,
                          headers={"Accept": RDF_ACCEPT if graph_form else RESULTS_JSON})
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if graph_form:
            fmt = RDF_TYPES.get(ctype)
            if fmt is None:
                raise StoreError(f"the SPARQL endpoint answered a {form} with {ctype or 'no content type'}")
            result = Result(form)
            result.graph = Graph()
            for triple in Graph().parse(data=resp.content, format=fmt):
                result.graph.add(tuple(_plain(t) for t in triple))
            return result
        if "json" not in ctype:
            raise StoreError(f"the SPARQL endpoint answered with {ctype or 'no content type'}, "
                             "not SPARQL JSON results")
        result = Result.parse(io.BytesIO(resp.content), format="json")
        if result.type == "SELECT":
            result.bindings = [{k: _plain(v) for k, v in b.items()} for b in result.bindings]
        return result

    def _select(self, sparql: str, dataset: bool = True):
        return self.query(sparql, dataset=dataset)

    def _ask(self, sparql: str) -> bool:
        return bool(self.query(sparql, dataset=False).askAnswer)

    def quads(self) -> Iterator[tuple]:
        from rdflib import URIRef

        graphs = self.graphs()
        if not graphs:
            # no catalogue: the endpoint's own dataset; default-graph triples not in a named graph
            res = self.query("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?x { ?s ?p ?o } } }"
                             " UNION { GRAPH ?g { ?s ?p ?o } } }", dataset=False)
            for s, p, o, g in res:
                yield s, p, o, g
            return
        for g in graphs:
            res = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(g)} {{ ?s ?p ?o }} }}", dataset=False)
            name = None if g == self.main else URIRef(g)
            for s, p, o in res.graph:
                yield s, p, o, name

    def __len__(self) -> int:
        graphs = self.graphs()
        if graphs:
            values = " ".join(_iri(g) for g in graphs)
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        else:
            q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        return int(next(iter(self.query(q, dataset=False)))[0])

    # ------------------------------------------------------------------ writing

    def update(self, sparql: str) -> None:
        self._post(self.update_url, data={"update": sparql_prologue() + sparql})
        self._graphs = None

    def replace(self, graph, named_graphs: dict | None = None) -> None:
        """Replace the main graph (and each of ``named_graphs``) with new content: upload to a
        staging graph, then ``MOVE`` it over the old one; other graphs are left alone."""
        items = [(self.main, graph)] + [(str(k), v) for k, v in (named_graphs or {}).items()]
        for name, g in items:
            lines = g.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
            self._put(name, iter(lines), merge=False)
        self._register([name for name, _ in items])

    def add_graphs(self, files: dict[str, str]) -> dict[str, int]:
        """Merge N-Triples files into graphs ({graph IRI: file path}); returns each graph's size."""
        for name, path in files.items():
            with open(path, "rb") as fh:
                self._put(name, fh, merge=True)
        self._register(list(files))
        out = {}
        for name in files:
            res = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(name)} {{ ?s ?p ?o }} }}", dataset=False)
            out[name] = int(next(iter(res))[0])
        return out

    def _put(self, target: str, lines, *, merge: bool) -> None:
        staging = f"urn:x-mali-kg:staging:{uuid.uuid4().hex}"
        try:
            self._upload(staging, lines)
            if merge:
                self.update(f"ADD SILENT GRAPH {_iri(staging)} TO GRAPH {_iri(target)} ;\n"
                            f"DROP SILENT GRAPH {_iri(staging)}")
            else:
                self.update(f"MOVE SILENT GRAPH {_iri(staging)} TO GRAPH {_iri(target)}")
        except BaseException:
            try:
                self.update(f"DROP SILENT GRAPH {_iri(staging)}")
            except KgError:
                pass
            raise

    def _upload(self, graph: str, lines) -> None:
        size = GSP_CHUNK if self.gsp_url else CHUNK
        chunk: list[bytes] = []
        for line in lines:
            if line.strip():
                chunk.append(line if line.endswith(b"\n") else line + b"\n")
            if len(chunk) >= size:
                self._send_chunk(graph, chunk)
                chunk = []
        if chunk:
            self._send_chunk(graph, chunk)

    def _send_chunk(self, graph: str, chunk: list[bytes]) -> None:
        body = b"".join(chunk)
        if self.gsp_url:
            self._post(self.gsp_url, params={"graph": graph}, content=body,
                       headers={"Content-Type": "application/n-triples; charset=utf-8"})
        else:
            self.update(f"INSERT DATA {{ GRAPH {_iri(graph)} {{\n{body.decode('utf-8')}}} }}")

    def _register(self, names: list[str]) -> None:
        triples = " ".join(f"{_iri(self.catalog)} <{HAS_PART}> {_iri(n)} ." for n in names)
        self.update(f"INSERT DATA {{ GRAPH {_iri(self.catalog)} {{ {triples} }} }}")
        self._graphs = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self._graphs = None


def _env_number(name: str, default: float, what: str, *, low: float, whole: bool = False) -> float:
    """``$name`` as a number of at least ``low`` (``default`` when unset); a StoreError naming it otherwise."""
    import math

    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value < low or value > 10**9:
        raise StoreError(f"{name} must be {what}, not {raw!r}")
    return value
