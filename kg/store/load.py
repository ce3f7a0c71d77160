"""``kg load``: add RDF files to a named graph of the store, all or nothing.

Formats: whatever Oxigraph parses (N-Triples, N-Quads, Turtle, TriG, N3, RDF/XML, JSON-LD), read with
its bulk loader, plus rdflib's TriX and HexTuples; the format comes from the file suffix (``--format``
for stdin), ``.gz`` files are decompressed on the fly. Triples go to the target graph; the named
graphs of a quad file (TriG, N-Quads) keep their names.

Speed: N-Triples and N-Quads files over 32 MB (and piped or gzipped ones) are cut into blocks of
whole lines that several threads bulk-load at once: Oxigraph's bulk loader works on one core per call
and releases the GIL. Oxigraph gives each bulk-load call its own blank-node scope, so from the first
block that mentions a blank node (``_:``) on, the rest of the file is loaded by one call, keeping every
blank node of the file one node. Other formats are loaded by one call each. Each call writes its own
sorted files, which queries then have to merge; a load written in several parts that at least doubled
the store is followed by a compaction (``optimize``), so queries run as after a single call.

All or nothing, for stores of millions of triples:

- embedded store: the store is cloned with Oxigraph's ``backup`` (a RocksDB checkpoint: hard links,
  milliseconds whatever the size), the files are bulk-loaded into the clone, and the clone is swapped
  in with one atomic exchange (``kg.store.embedded.swap_in``). A parse error, a full disk or a kill at
  any point leaves the store exactly as it was (a killed load leaves only a hidden ``.NAME.load-*``
  folder, removed by the next write). Writers (load, build, updates) are serialised by the store's
  lock (``kg.core.locks``). Inputs are bounded (``kg.store.inputs``): line length, decompressed
  size, XML entity expansion.
- remote store: the files are first bulk-loaded into a private temporary local store (so every byte
  is parsed before anything is sent), then uploaded to a staging graph and merged into the target
  graph with ``ADD``; the staging graph is dropped on failure.
"""

from __future__ import annotations

import gc
import gzip
import io
import os
import re
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import DataError, KgError
from kg.store.inputs import MAX_BYTES, MAX_EXPANSION, MAX_LINE, Bounded, check_xml

GRAPH_BASE = "https://w3id.org/mali-kg/graph/"
OX_FORMATS = {  # --format name / suffix -> pyoxigraph RdfFormat attribute
    "nt": "N_TRIPLES", "ntriples": "N_TRIPLES", "nq": "N_QUADS", "nquads": "N_QUADS",
    "ttl": "TURTLE", "turtle": "TURTLE", "trig": "TRIG", "n3": "N3",
    "rdf": "RDF_XML", "xml": "RDF_XML", "owl": "RDF_XML", "rdfxml": "RDF_XML",
    "jsonld": "JSON_LD", "json-ld": "JSON_LD", "json": "JSON_LD",
}
RDFLIB_FORMATS = {"trix": "trix", "hext": "hext"}  # read with rdflib, then bulk-loaded
FORMAT_NAMES = sorted(set(OX_FORMATS) | set(RDFLIB_FORMATS))
LINE_FORMATS = {"nt", "ntriples", "nq", "nquads"}  # one statement per line: safe to cut between lines
LONG_LINES = LINE_FORMATS | {"ttl", "turtle", "trig", "n3"}  # formats whose lines --max-line bounds
XML_FORMATS = {"rdf", "xml", "owl", "rdfxml", "trix"}       # read first with entity expansion off
PROGRESS_STEP = 1 << 20
# Bytes per parallel block. Each bulk-load call writes its own sorted files, which later queries
# merge: blocks smaller than Oxigraph's own batches (about 500,000 triples) slow queries down, so files
# under BLOCK_MIN are loaded by one call.
BLOCK_MIN, BLOCK_MAX = 32 << 20, 64 << 20


MAX_JOBS = 256   # threads of one kg load at most


def default_jobs() -> int:
    """Threads for parallel loading: the CPUs this process may use, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(8, cpus))


@dataclass(frozen=True)
class Tuning:
    """How to load: ``jobs`` threads for N-Triples/N-Quads, ``block`` bytes per parallel block (None:
    automatic), ``optimize``: compact the store's files after loading (True, False, or None: when
    the load wrote its data in more than one part, whose overlapping files slow queries down, and
    at least doubled the store, so that compacting costs no more than the load itself)."""
    jobs: int = 1
    block: int | None = None
    optimize: bool | None = None
    max_line: int | None = MAX_LINE            # bytes in a line of a line-based format
    max_bytes: int | None = MAX_BYTES          # bytes of (decompressed) input per file
    max_expansion: int = MAX_EXPANSION         # characters XML entities may expand to


@dataclass
class Source:
    name: str            # the file name as given ('-' for stdin)
    fmt: str             # a key of OX_FORMATS or RDFLIB_FORMATS
    size: int | None     # bytes on disk (compressed size for .gz), None for stdin
    spool: object = None  # stdin copied to a temporary file, when it must be read twice

    def open(self):
        """A binary stream of the (decompressed) content, and the raw stream it reads from."""
        if self.spool is not None:
            self.spool.seek(0)
            raw = self.spool
        else:
            raw = sys.stdin.buffer if self.name == "-" else open(self.name, "rb")
        if hasattr(raw, "peek"):
            peek = raw.peek(2)[:2]
        elif raw.seekable():
            pos = raw.tell()
            peek = raw.read(2)
            raw.seek(pos)
        else:
            peek = b""
        if self.name.endswith(".gz") or peek == b"\x1f\x8b":
            return gzip.GzipFile(fileobj=raw, mode="rb"), raw
        return raw, raw


class _Counting(io.RawIOBase):
    """Reads from ``stream``; calls ``report(bytes)`` about every megabyte of ``raw`` consumed."""

    def __init__(self, stream, raw, report):
        self.stream, self.raw, self.report = stream, raw, report
        self.last = 0

    def readable(self):
        return True

    def readinto(self, buf):
        n = self.stream.readinto(buf)
        pos = self._pos()
        if self.report and pos - self.last >= PROGRESS_STEP:
            self.report(pos - self.last)
            self.last = pos
        return n

    def _pos(self):
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return self.last

    def finish(self):
        if self.report:
            end = self._pos()
            if end > self.last:
                self.report(end - self.last)
            self.last = end


def detect_format(name: str, fmt: str | None = None) -> str:
    if fmt:
        key = fmt.lower()
    elif name == "-":
        raise KgError("reading stdin needs --format (e.g. --format turtle)")
    else:
        base = name[:-3] if name.endswith(".gz") else name
        key = Path(base).suffix.lstrip(".").lower()
    if key not in OX_FORMATS and key not in RDFLIB_FORMATS:
        raise KgError(f"{name}: unknown RDF format {key or '(no suffix)'!r}: choose with --format from "
                      + ", ".join(FORMAT_NAMES))
    return key


def graph_for(name: str) -> str:
    """The default target graph of a file: ``https://w3id.org/mali-kg/graph/<file name stem>``."""
    if name == "-":
        return GRAPH_BASE + "stdin"
    base = Path(name).name
    base = base[:-3] if base.endswith(".gz") else base
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(base).stem).strip("-") or "data"
    return GRAPH_BASE + stem


def _check_iri(iri: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", iri or ""):
        raise KgError(f"not an absolute IRI for a graph: {iri!r}")
    return iri


def sources_of(files: list[str], fmt: str | None = None) -> list[Source]:
    out = []
    for name in files:
        if name != "-" and not Path(name).is_file():
            raise KgError(f"no such file: {name}")
        out.append(Source(name, detect_format(name, fmt), None if name == "-" else Path(name).stat().st_size))
    return out


def _syntax(exc: SyntaxError, name: str, line_offset: int = 0) -> DataError:
    text = str(exc.msg if getattr(exc, "msg", None) else exc)
    message = re.sub(r"^Parser error (?:between|at) line[^:]*: ", "", text)
    message = " ".join(message.split())
    if len(message) > 200:
        message = message[:197] + "..."
    line = getattr(exc, "lineno", None)
    return DataError(f"cannot parse: {message}; nothing was loaded", path=name,
                     line=None if line is None else line + line_offset, column=getattr(exc, "offset", None))


def _bulk_load(ox_store, src: Source, graph: str, base_iri: str | None, progress,
               tuning: Tuning = Tuning()) -> int:
    """Parse one source into ``graph`` of ``ox_store`` (triples; quads keep their graph); returns the
    number of bulk-load calls it took."""
    import pyoxigraph as ox

    if src.fmt in XML_FORMATS:
        _check_xml(src, tuning)
    stream, raw = src.open()
    bounded = Bounded(stream, src.name, tuning.max_bytes, tuning.max_line if src.fmt in LONG_LINES else None)
    counting = _Counting(bounded, raw, progress)
    fmt = getattr(ox.RdfFormat, OX_FORMATS.get(src.fmt, "N_QUADS"))
    to_graph = ox.NamedNode(graph)
    jobs = tuning.jobs
    block = tuning.block or _block_size(src, jobs)
    calls = 1
    try:
        if src.fmt in RDFLIB_FORMATS:
            data = _rdflib_nquads(counting, src, graph)
            ox_store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        elif src.fmt in LINE_FORMATS and jobs > 1 and block:
            calls = _parallel_lines(ox_store, src, counting, fmt, to_graph, jobs, block)
        else:
            ox_store.bulk_load(input=io.BufferedReader(counting, 1 << 16), format=fmt, to_graph=to_graph,
                               base_iri=base_iri)
        counting.finish()
    except (EOFError, gzip.BadGzipFile, zlib_error()) as exc:
        raise DataError(f"cannot read: {exc}; nothing was loaded", path=src.name) from None
    except SyntaxError as exc:
        raise _syntax(exc, src.name) from None
    finally:
        if raw is not sys.stdin.buffer and raw is not src.spool:
            raw.close()
    return calls


def _check_xml(src: Source, tuning: Tuning) -> None:
    """XML read once with entity expansion off (``kg.store.inputs.check_xml``) before the parser
    that expands entities reads it; stdin is kept in a temporary file for the second reading."""
    if src.name == "-" and src.spool is None:
        src.spool = tempfile.TemporaryFile(prefix="kg-load-")
        shutil.copyfileobj(Bounded(sys.stdin.buffer, src.name, tuning.max_bytes), src.spool, 1 << 20)
    stream, raw = src.open()
    try:
        check_xml(io.BufferedReader(Bounded(stream, src.name, tuning.max_bytes), 1 << 16), src.name,
                  tuning.max_expansion)
    except (EOFError, gzip.BadGzipFile, zlib_error()) as exc:
        raise DataError(f"cannot read: {exc}; nothing was loaded", path=src.name) from None
    finally:
        if raw is not sys.stdin.buffer and raw is not src.spool:
            raw.close()


class _Chained(io.RawIOBase):
    """``head`` bytes, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream):
        self.head, self.stream = memoryview(head), stream

    def readable(self):
        return True

    def readinto(self, buf):
        if self.head:
            n = min(len(buf), len(self.head))
            buf[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        return self.stream.readinto(buf)


class _LineBlocks:
    """Iterate blocks of whole lines, of about ``size`` bytes, read from ``stream``; ``carry`` is
    what was read past the last block's end (the start of the next line)."""

    def __init__(self, stream, size: int):
        self.stream, self.size, self.carry = stream, size, b""

    def __iter__(self):
        while True:
            parts, have = [], 0
            while have < self.size:
                chunk = self.stream.read(self.size - have)
                if not chunk:
                    break
                parts.append(chunk)
                have += len(chunk)
            if not parts:
                if self.carry:
                    data, self.carry = self.carry, b""
                    yield data
                return
            data = self.carry + b"".join(parts)
            cut = data.rfind(b"\n") + 1
            if cut == 0:  # no line end yet: read on
                self.carry = data
                continue
            self.carry = data[cut:]
            yield data[:cut]


def _block_size(src: Source, jobs: int) -> int | None:
    """Bytes per block for ``jobs`` threads; None: load the file with one call."""
    if src.size is None or src.name.endswith(".gz"):
        return BLOCK_MAX  # size unknown (stdin, compressed): a short input is one block anyway
    if src.size <= BLOCK_MIN:
        return None
    return max(BLOCK_MIN, min(BLOCK_MAX, -(-src.size // jobs)))


def _parallel_lines(ox_store, src: Source, stream, fmt, to_graph, jobs: int, size: int) -> int:
    """Bulk-load an N-Triples/N-Quads stream in blocks of lines, ``jobs`` blocks at a time; a parse
    error names the line of the file (the earliest failing block's). Returns the number of calls."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    pending: deque = deque()  # (future, lines before the block)
    lines = calls = 0

    def settle(future, before):
        try:
            future.result()
        except SyntaxError as exc:
            raise _syntax(exc, src.name, before) from None

    def load(data: bytes) -> None:
        ox_store.bulk_load(input=data, format=fmt, to_graph=to_graph)

    with ThreadPoolExecutor(jobs, thread_name_prefix="kg-load") as pool:
        try:
            blocks = _LineBlocks(stream, size)
            for data in blocks:
                if b"_:" in data:  # blank nodes: the rest of the file in one call, one blank-node scope
                    while pending:
                        settle(*pending.popleft())
                    rest = io.BufferedReader(_Chained(data + blocks.carry, stream), 1 << 16)
                    try:
                        ox_store.bulk_load(input=rest, format=fmt, to_graph=to_graph)
                    except SyntaxError as exc:
                        raise _syntax(exc, src.name, lines) from None
                    return calls + 1
                pending.append((pool.submit(load, data), lines))
                calls += 1
                lines += data.count(b"\n")
                while len(pending) > jobs:
                    settle(*pending.popleft())
            while pending:
                settle(*pending.popleft())
        finally:
            for future, _ in pending:
                future.cancel()
    return calls


def zlib_error():
    import zlib
    return zlib.error


def _rdflib_nquads(stream, src: Source, graph: str) -> bytes:
    from rdflib import BNode, Dataset, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    ds = Dataset()
    try:
        ds.parse(stream, format=RDFLIB_FORMATS[src.fmt], publicID=graph)
    except Exception as exc:  # rdflib's parsers raise many kinds
        raise DataError(f"cannot parse: {' '.join(str(exc).split())[:200]}; nothing was loaded",
                        path=src.name) from None
    target = URIRef(graph)
    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        unnamed = gid is None or isinstance(gid, BNode) or gid == DATASET_DEFAULT_GRAPH_ID
        out.add((s, p, o, target if unnamed else gid))
    return out.serialize(format="nquads", encoding="utf-8")


# ---------------------------------------------------------------------------- embedded


def _graph_sizes(ox_store, graphs) -> dict[str, int]:
    import pyoxigraph as ox

    sizes = {}
    for g in sorted(graphs):
        res = ox_store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                             substitutions={ox.Variable("g"): ox.NamedNode(g)})
        sizes[g] = next((int(row["n"].value) for row in res), 0)
    return sizes


def _folder_bytes(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())


def load_embedded(store, sources: list[Source], targets: list[str], base_iri, progress,
                  tuning: Tuning = Tuning()) -> dict[str, int]:
    import pyoxigraph as ox

    from kg.store.embedded import swap_in

    from kg.core.locks import store_lock
    from kg.store.embedded import clean_stale

    path = Path(store.path)
    with store_lock(path):
        store.exists()  # recovers an interrupted swap first
        clean_stale(path)
        tmp = path.with_name(f".{path.name}.load-{uuid.uuid4().hex[:8]}")
        try:
            if store.exists():
                ox.Store.read_only(str(path)).backup(str(tmp))  # hard-linked checkpoint
                gc.collect()
            clone = ox.Store(str(tmp))
            before = _folder_bytes(tmp)
            calls = [_bulk_load(clone, src, graph, base_iri, progress, tuning)
                     for src, graph in zip(sources, targets)]
            clone.flush()
            if tuning.optimize or (tuning.optimize is None and sum(calls) > 1
                                   and _folder_bytes(tmp) >= 2 * before):
                clone.optimize()
            sizes = _graph_sizes(clone, set(targets))
            del clone
            gc.collect()
        except BaseException:
            gc.collect()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        store.close()
        swap_in(tmp, path)
    return sizes


# ---------------------------------------------------------------------------- entry point


def load_files(store, files: list[str], *, graph: str | None = None, fmt: str | None = None,
               base_iri: str | None = None, progress=None, jobs: int | None = None,
               block_size: int | None = None, optimize: bool | None = None, max_line: int | None = MAX_LINE,
               max_bytes: int | None = MAX_BYTES, max_expansion: int = MAX_EXPANSION) -> dict[str, int]:
    """Load ``files`` ('-' is stdin) into the store, all or nothing; returns {graph IRI: triples in it}.

    ``graph`` is the target named graph for every file (default: one graph per file, named after it).
    ``progress(nbytes)`` is called as input is consumed (compressed bytes for .gz). ``jobs``: threads
    for N-Triples/N-Quads (default: the usable CPUs, at most 8; 1 loads each file in one call);
    ``block_size``: bytes per parallel block (default: 32-64 MB, files under 32 MB in one call);
    ``optimize``: compact the embedded store after loading (default: when the load wrote in parts and
    at least doubled the store; a third of the load time again for a million triples loaded in
    parallel, whose queries then run up to 40% faster). Bounds (``kg.store.inputs``): ``max_line``
    bytes per line of N-Triples, N-Quads, Turtle, TriG, N3; ``max_bytes`` of decompressed input per
    file; ``max_expansion`` characters of XML entity text per RDF/XML or TriX file."""
    if not files:
        raise KgError("no files to load")
    if files.count("-") > 1:
        raise KgError("stdin ('-') can be given once")
    sources = sources_of(files, fmt)
    targets = [_check_iri(graph) if graph else graph_for(s.name) for s in sources]
    if jobs is None:
        jobs = default_jobs()
    elif not 1 <= jobs <= MAX_JOBS:
        raise KgError(f"--jobs must be at least 1 and at most {MAX_JOBS}, not {jobs}"
                      if jobs > 0 else f"--jobs must be at least 1, not {jobs}")
    tuning = Tuning(jobs, block_size, optimize, max_line, max_bytes, max_expansion)
    if getattr(store, "kind", None) == "embedded":
        return load_embedded(store, sources, targets, base_iri, progress, tuning)
    return load_remote(store, sources, targets, base_iri, progress, tuning)


def load_remote(store, sources: list[Source], targets: list[str], base_iri, progress,
                tuning: Tuning = Tuning()) -> dict[str, int]:
    """Parse everything into a private temporary store first, then upload graph by graph."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        local = ox.Store(os.path.join(tmp, "store"))
        try:
            for src, graph in zip(sources, targets):
                _bulk_load(local, src, graph, base_iri, progress, tuning)
            local.flush()
            graphs = sorted(str(g.value) for g in local.named_graphs())
            sizes = store.add_graphs({g: _dump_graph(local, g, tmp) for g in graphs})
        finally:
            del local
            gc.collect()
    return sizes


def _dump_graph(local, graph: str, folder: str) -> str:
    import pyoxigraph as ox

    path = os.path.join(folder, f"{uuid.uuid4().hex}.nt")
    local.dump(path, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return path
