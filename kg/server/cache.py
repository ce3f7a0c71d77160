"""The answers ``kg serve`` has already given, to give them again without a query worker.

A SPARQL endpoint over a read-only store answers the same request with the same bytes until the store
changes, and clients (dashboards, notebooks, the workbench's example queries) send the same requests
again and again; Virtuoso and Fuseki keep result caches for that. ``ResultCache`` keeps successful
answers keyed by the request (query text, dataset parameters, ``Accept`` and ``format``) and the
store's generation: the store folder's device, inode and modification time, which change when
``kg build`` or ``kg load`` swap a new store in (the workers reopen it then), so an answer is never
served from an older store. It is bounded in bytes (least recently used answers go first; answers
over an eighth of the bound are not kept). Identical requests that arrive while the first is still
running wait for its answer instead of each taking a worker ("single flight").
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict

ENTRY_OVERHEAD = 256   # bytes counted for each kept answer besides its body and its request


class ResultCache:
    def __init__(self, path: str, max_bytes: int):
        self.path, self.max_bytes = path, max(0, max_bytes)
        self.entries: OrderedDict = OrderedDict()
        self.size = 0
        self.generation_seen = None
        self.inflight: dict = {}

    def generation(self):
        """What identifies the store now: (device, inode, mtime) of its folder; None if it is gone."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino, st.st_mtime_ns

    async def fetch(self, request: tuple, compute) -> tuple[tuple, str]:
        """(answer, "HIT" or "MISS"): the kept answer to ``request`` for the store as it is now, or
        ``await compute()`` -> (status, media type, body, headers), shared with identical requests
        that arrive meanwhile and kept when its status is 200."""
        generation = self.generation()
        if generation is None:
            return await compute(), "MISS"
        if generation != self.generation_seen:  # a new store: nothing kept is valid any more
            self.entries.clear()
            self.size, self.generation_seen = 0, generation
        key = (generation, request)
        answer = self.entries.get(key)
        if answer is not None:
            self.entries.move_to_end(key)
            return answer, "HIT"
        task = self.inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(compute())
            self.inflight[key] = task
            task.add_done_callback(lambda t: self._done(key, t))
        return await asyncio.shield(task), "MISS"

    def _done(self, key, task) -> None:
        self.inflight.pop(key, None)
        if task.cancelled() or task.exception() is not None:
            return
        answer = task.result()
        if answer[0] != 200 or key[0] != self.generation_seen:
            return
        cost = len(answer[2]) + sum(len(str(part)) for part in key[1]) + ENTRY_OVERHEAD
        if cost > self.max_bytes // 8:
            return
        self.entries[key] = answer
        self.size += cost
        while self.size > self.max_bytes and self.entries:
            old_key, old = self.entries.popitem(last=False)
            self.size -= len(old[2]) + sum(len(str(part)) for part in old_key[1]) + ENTRY_OVERHEAD
