"""The query workers of ``kg serve``: processes that each hold the store open read-only, offline,
under a memory ceiling, and a ``Pool`` that hands them to requests first come, first served.

Oxigraph has no query timeout, so a query still running after ``timeout`` seconds costs its worker,
which is killed and replaced. Slow queries do not hold up fast ones: ``2 * size`` workers are
started, and a query still running after ``slow_after`` seconds counts as slow; at most ``size``
slow queries run at once (one more is stopped with 503 and its worker replaced), so at least
``size`` workers are always free for other clients.

Fairness: a request that finds no idle worker waits in a FIFO line, and a worker that comes free is
handed straight to the oldest waiter (``asyncio.Queue`` lets a newcomer take a worker that was put
back for a waiter which has not run yet; the waiter then goes to the back of the line again, and
under load some requests waited the whole ``timeout``). The line is bounded: past ``max_waiting``
waiters a request is refused at once with 503 and ``Retry-After``, as it is when it has waited
``timeout`` seconds. A worker joins the others only once it has said it is ready (the engine
imported, the store opened): a replacement's start-up, a second or more on a busy machine, used to
count against the query it was given, which then passed ``slow_after`` and could be stopped as one
slow query too many. Waiting for an answer happens on the event loop (the answer pipe is watched
with ``add_reader``), not in threads.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections import deque

MAX_RESULT = 256 << 20
RETRY_AFTER = "1"     # seconds a refused client is asked to wait (Retry-After)
STARTUP = 60.0        # seconds a new worker may take to import the engine and open the store


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
    try:
        store, inode = ox.Store.read_only(path), os.stat(path).st_ino
        union = has_named_graphs(store)
    except Exception:  # reported by the first job, which tries again
        store = None
    conn.send((0, "ready"))
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
        self.greeted = False   # its first message ("ready") has been read
    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """Query worker processes handed out first come, first served (see the module's docstring).
    ``run(job)`` -> (status, body); ``answer(job)`` -> (status, body, headers)."""

    def __init__(self, path: str, workers: int = 2, timeout: float = 30.0, max_memory: int | None = None,
                 slow_after: float = 1.0, max_waiting: int = 1024):
        self.path, self.size, self.timeout = path, max(1, workers), timeout
        self.max_memory, self.slow_after = max_memory, min(slow_after, timeout)
        self.max_waiting = max(0, max_waiting)
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: list[Worker] = []
        self.waiting: deque[asyncio.Future] = deque()   # requests waiting for a worker, oldest first
        self.slow = 0      # queries running past ``slow_after``
        self.starting: set[Worker] = set()   # replacements not ready yet
        self.started = False

    def _new(self) -> Worker:
        return Worker(self.ctx, self.path, self.max_memory)

    async def start(self) -> None:
        workers = [self._new() for _ in range(2 * self.size)]
        await asyncio.gather(*(self._greet(w, STARTUP) for w in workers))
        self.idle = workers
        self.started = True

    async def _greet(self, worker: Worker, wait: float) -> bool:
        """Read a new worker's first message, sent once it has imported the engine and opened the
        store (up to ``wait`` seconds): its start-up must not count against a query's time."""
        if not worker.greeted:
            try:
                if await self._answer(worker.conn, wait):
                    worker.conn.recv()
                    worker.greeted = True
            except (EOFError, OSError):
                pass
        return worker.greeted

    def _replace(self) -> None:
        """Start a worker in place of a killed one; it joins the others once it is ready."""
        worker = self._new()
        self.starting.add(worker)

        async def when_ready():
            await self._greet(worker, STARTUP)
            self.starting.discard(worker)
            self._release(worker)
        asyncio.ensure_future(when_ready())

    def _release(self, worker: Worker) -> None:
        """Give ``worker`` to the oldest request still waiting, or put it back with the idle ones."""
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    async def _acquire(self) -> Worker | None:
        """An idle worker, after the requests that came earlier; None after ``timeout`` seconds."""
        if self.idle and not self.waiting:
            return self.idle.pop()
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        self.waiting.append(waiter)
        timer = loop.call_later(self.timeout, lambda: waiter.done() or waiter.set_result(None))
        try:
            worker = await waiter
        except asyncio.CancelledError:  # the request was cancelled: pass on a worker it was just given
            if waiter.done() and not waiter.cancelled() and waiter.result() is not None:
                self._release(waiter.result())
            self._forget(waiter)
            raise
        finally:
            timer.cancel()
        if worker is None:
            self._forget(waiter)
        return worker

    def _forget(self, waiter: asyncio.Future) -> None:
        try:
            self.waiting.remove(waiter)
        except ValueError:
            pass

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
            os.set_blocking(fd, True)  # uvloop's add_reader leaves it non-blocking; recv() needs it blocking

    async def run(self, job: dict) -> tuple[int, bytes | str]:
        status, body, _ = await self.answer(job)
        return status, body

    async def answer(self, job: dict) -> tuple[int, bytes | str, dict]:
        busy = {"Retry-After": RETRY_AFTER}
        if len(self.waiting) >= self.max_waiting and not self.idle:
            return 503, (f"{self.max_waiting} requests are already waiting for a query worker "
                         "(--max-waiting): try again later"), busy
        worker = await self._acquire()
        if worker is None:
            return 503, f"every query worker stayed busy for {self.timeout:g} s: try again later", busy
        slow = False
        try:
            if not await self._greet(worker, STARTUP):
                worker.kill()
                worker = None
                return 503, f"a query worker did not start within {STARTUP:g} s: try again later", busy
            worker.conn.send(job)
            ready = await self._answer(worker.conn, self.slow_after)
            if not ready:
                if self.slow >= self.size:
                    worker.kill()
                    worker = None
                    return 503, (f"{self.size} slow queries are already running (as many as --workers): "
                                 "try again later"), busy
                self.slow += 1
                slow = True
                ready = await self._answer(worker.conn, self.timeout - self.slow_after)
            if not ready:
                worker.kill()
                worker = None
                return 503, f"the query ran longer than {self.timeout:g} s and was stopped (--timeout)", {}
            status, body = worker.conn.recv()
            return status, body, {}
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            worker = None
            return 503, ("the query worker stopped: the query needed more memory than this server allows a "
                         "query (--max-memory)"), {}
        except BaseException:  # cancelled mid-query: the worker may still answer it, so it goes
            worker.kill()
            worker = None
            raise
        finally:
            if slow:
                self.slow -= 1
            if worker is not None:
                self._release(worker)
            else:
                self._replace()

    def stop(self) -> None:
        for worker in self.idle + list(self.starting):
            worker.kill()
        self.idle, self.starting = [], set()
