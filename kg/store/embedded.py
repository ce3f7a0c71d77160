"""The RDF store: an embedded, persistent Oxigraph store on disk, used through rdflib (oxrdflib).

``open_store(location)`` picks the backend from the location: a folder path is the embedded store
(the default, no server to start); ``sparql+http://...`` / ``sparql+https://...`` is a remote SPARQL
1.1 endpoint (see ``kg.remote``). Every backend offers the same small interface:

- ``query(sparql, bindings=None)`` -> rdflib ``Result`` (prefixes of the project declared; the
  dataset is the query's ``FROM`` / ``FROM NAMED`` if it has them, else the union of all graphs)
- ``update(sparql)`` -> None
- ``replace(graph)`` -> replace the whole default graph atomically (what ``kg build`` does)
- ``quads()`` -> iterate (s, p, o, g) rdflib terms, g None for the default graph
- ``close()``
"""

from __future__ import annotations

import gc
import os
import shutil
import uuid
from pathlib import Path
from typing import Iterator

from kg.core.config import default_store
from kg.core.errors import StoreError
from kg.core.namespaces import PREFIXES

REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


def _ox():
    import pyoxigraph
    return pyoxigraph


class EmbeddedStore:
    """Oxigraph on disk. Readers open it read-only; writers build a new copy and swap it in."""

    kind = "embedded"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._ox = None
        self._named = None

    @property
    def location(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        if not self.path.exists():
            recover(self.path)
        return self.path.is_dir() and any(self.path.iterdir())

    @property
    def ox(self):
        """The pyoxigraph Store, opened read-only on first use."""
        if self._ox is None:
            if not self.exists():
                raise StoreError(f"no store at {self.path}: run 'kg build' first (or set --store / $KG_STORE)")
            try:
                self._ox = _ox().Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(f"cannot open store at {self.path}: {exc}") from None
        return self._ox

    def dataset(self):
        """An rdflib Dataset over the store whose default graph is the union of all graphs."""
        from rdflib import Dataset

        return Dataset(store=_unbound_store_class()(store=self.ox), default_union=True)

    def ox_query(self, sparql: str, bindings: dict | None = None, *, default_graphs=None,
                 named_graphs=None):
        """Run a SPARQL query in Oxigraph (project prefixes, ``bindings`` of rdflib terms
        substituted) -> pyoxigraph's own result. The dataset is the query's own (``FROM`` /
        ``FROM NAMED``), or the protocol's (``default_graphs`` / ``named_graphs``: IRIs), or else
        the union of all graphs as default graph (see ``query_dataset``)."""
        kwargs = query_dataset(sparql, default_graphs, named_graphs, self.has_named_graphs())
        if bindings:
            from kg.store.terms import to_ox

            kwargs["substitutions"] = {_ox().Variable(k): to_ox(v) for k, v in bindings.items()}
        return self.ox.query(sparql, prefixes=PREFIXES, **kwargs)

    def has_named_graphs(self) -> bool:
        """Whether ``kg load`` added named graphs (see ``has_named_graphs``), asked once per opening."""
        if self._named is None:
            self._named = has_named_graphs(self.ox)
        return self._named

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a SPARQL query in Oxigraph -> rdflib Result."""
        from kg.store.terms import to_result

        return to_result(self.ox_query(sparql, bindings))

    def update(self, sparql: str) -> None:
        from kg.core.locks import store_lock

        self.close()
        with store_lock(self.path):
            self.exists()  # recovers an interrupted swap first
            store = _ox().Store(str(self.path))
            try:
                store.update(sparql, prefixes=PREFIXES)
                store.flush()
            finally:
                del store
                gc.collect()

    def quads(self) -> Iterator[tuple]:
        from kg.store.terms import from_ox

        for q in self.ox.quads_for_pattern(None, None, None, None):
            g = q.graph_name
            yield (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object),
                   None if isinstance(g, _ox().DefaultGraph) else from_ox(g))

    def __len__(self) -> int:
        return len(self.ox)

    def replace(self, graph, named_graphs: dict | None = None) -> None:
        """Replace the store's content with ``graph`` atomically: write a new store beside the old
        one, then swap the folders, so a failure at any point leaves the old store untouched."""
        from kg.core.locks import store_lock

        data = graph.serialize(format="nt", encoding="utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with store_lock(self.path):
            self.exists()  # recovers an interrupted swap first
            clean_stale(self.path)
            self._replace_locked(data, named_graphs)

    def _replace_locked(self, data: bytes, named_graphs: dict | None) -> None:
        ox = _ox()
        tmp = self.path.with_name(f".{self.path.name}.new-{uuid.uuid4().hex[:8]}")
        try:
            store = ox.Store(str(tmp))
            store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
            for name, g in (named_graphs or {}).items():
                store.bulk_load(input=g.serialize(format="nt", encoding="utf-8"),
                                format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))
            self._keep_named_graphs(store, {str(n) for n in (named_graphs or {})})
            store.flush()
            del store
            gc.collect()
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.close()
        swap_in(tmp, self.path)

    def _keep_named_graphs(self, new, replaced: set[str]) -> None:
        """Copy the named graphs that ``kg load`` added to the old store into ``new``: ``replace``
        replaces the default graph (the built graph), not the data loaded beside it."""
        if not self.exists():
            return
        ox = _ox()
        old = ox.Store.read_only(str(self.path))
        for g in old.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value not in replaced:
                new.bulk_load(input=old.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g),
                              format=ox.RdfFormat.N_TRIPLES, to_graph=g)
        del old

    def close(self) -> None:
        self._ox = None
        self._named = None
        gc.collect()


def query_dataset(sparql: str, default_graphs=None, named_graphs=None, union: bool = True) -> dict:
    """The dataset arguments of pyoxigraph's ``Store.query`` for one query, per SPARQL 1.1:

    - the protocol's ``default-graph-uri`` / ``named-graph-uri`` (``default_graphs`` /
      ``named_graphs``, lists of IRIs) when either is given: they win over the query's own
      dataset; one given alone leaves the other part empty;
    - else the query's ``FROM`` / ``FROM NAMED``, which Oxigraph applies itself;
    - else the union of all graphs as default graph (``union``: the store has named graphs; without
      one, the store's default graph is that union already, and Oxigraph queries it faster)."""
    ox = _ox()
    if default_graphs or named_graphs:
        return {"default_graph": [ox.NamedNode(str(g)) for g in default_graphs or ()],
                "named_graphs": [ox.NamedNode(str(g)) for g in named_graphs or ()]}
    from kg.store.querytext import has_dataset_clause

    if union and has_dataset_clause(sparql):
        return {}
    return {"use_default_graph_as_union": union}


def has_named_graphs(ox_store) -> bool:
    """Whether a pyoxigraph store holds any named graph. Without one the union of all graphs is the
    default graph, which Oxigraph queries about 20% faster directly."""
    return next(iter(ox_store.named_graphs()), None) is not None


def _unbound_store_class():
    """oxrdflib's store, minus rdflib's default prefix bindings (which include a wrong https IRI for
    WGS84 geo): only the project's prefixes are declared, explicitly, on each query."""
    from oxrdflib import OxigraphStore

    class UnboundOxigraphStore(OxigraphStore):
        def bind(self, prefix, namespace, override=True):
            pass

    return UnboundOxigraphStore


def swap_in(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``, replacing what was there, so that a kill at any instant
    leaves the old or the new store at ``target``: one atomic exchange of the two paths (Linux
    ``renameat2(RENAME_EXCHANGE)``), then the old one deleted. Where the exchange is missing, two
    renames, and ``recover`` puts the old store back if a kill fell between them. Call it holding
    ``kg.core.locks.store_lock(target)``."""
    new, target = Path(new), Path(target)
    if not target.exists():
        os.replace(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old store
        return
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        rename2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if rename2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def leftovers(target: Path, kind: str) -> list[Path]:
    """Temporary folders of interrupted writes beside ``target`` (kind: new, load, old), newest first."""
    found = [p for p in target.parent.glob(f".{target.name}.{kind}-*") if p.is_dir()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def recover(target: Path) -> bool:
    """After a kill between the two renames of a swap, put the old store back at ``target``.
    Does nothing while a writer holds the store's lock (it is still swapping)."""
    from kg.core.locks import holds, is_locked, store_lock, store_lock_path

    target = Path(target)
    if target.exists() or not target.parent.is_dir() or not leftovers(target, "old"):
        return False
    if holds(store_lock_path(target)):  # a writer of this process, before its own swap
        os.replace(leftovers(target, "old")[0], target)
        return True
    if is_locked(store_lock_path(target)):
        return False
    try:
        with store_lock(target, wait=0):
            olds = leftovers(target, "old")
            if target.exists() or not olds:
                return False
            os.replace(olds[0], target)
            return True
    except (OSError, StoreError):
        return False


def clean_stale(target: Path) -> None:
    """Delete what killed writes left beside ``target`` (hold the store lock: no write is running)."""
    for kind in ("new", "load", "old"):
        for folder in leftovers(target, kind):
            if kind == "old" and not target.exists():
                continue
            shutil.rmtree(folder, ignore_errors=True)


def open_store(location: str | os.PathLike | None = None):
    """The store at ``location`` (default: $KG_STORE or the user data folder)."""
    location = str(location or default_store())
    if location.startswith(REMOTE_SCHEMES):
        from kg.store.remote import RemoteStore
        return RemoteStore(location)
    if "://" in location:
        raise StoreError(f"unknown store location {location!r}: give a folder or sparql+http(s)://HOST/PATH")
    return EmbeddedStore(location)
