"""One writer at a time: ``kg build``, ``kg load``, ``kg query --allow-update`` (the store) and
``kg ingest``, ``kg review accept`` (the data folder) hold an exclusive ``filelock`` lock.

The lock file sits beside the store folder (``.NAME.lock``: the folder itself is replaced by each
write) and inside the data folder (``.kg-write.lock``). A second writer waits up to
``$KG_LOCK_TIMEOUT`` seconds (default 30) for the first to finish, then is refused with a message
that names the lock; it never writes over the first one's work. Locks are advisory OS locks
(``flock``): a killed writer releases its lock with its process.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from kg.core.errors import KgError

DEFAULT_WAIT = 30.0


class Busy(KgError):
    """Another kg process is writing the same store or data folder."""


def lock_wait() -> float:
    raw = os.environ.get("KG_LOCK_TIMEOUT")
    if raw is None or raw == "":
        return DEFAULT_WAIT
    try:
        value = float(raw)
    except ValueError:
        raise KgError(f"KG_LOCK_TIMEOUT must be a number of seconds, not {raw!r}") from None
    if value < 0:
        raise KgError("KG_LOCK_TIMEOUT must be 0 or more seconds")
    return value


def store_lock_path(store: str | os.PathLike) -> Path:
    store = Path(store)
    return store.with_name(f".{store.name}.lock")


def data_lock_path(folder: str | os.PathLike) -> Path:
    return Path(folder) / ".kg-write.lock"


_held: dict[str, int] = {}  # lock files this process holds -> depth (a writer may call another)


@contextmanager
def write_lock(lock_file: Path, what: str, wait: float | None = None):
    """Hold the exclusive lock ``lock_file`` for writing ``what``; raise ``Busy`` after ``wait`` s.
    Re-entrant within a process (``kg ingest --accept`` accepts under the lock it holds)."""
    from filelock import FileLock, Timeout

    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot lock {what} ({lock_file}): {exc.strerror or exc}") from None
    key = os.path.realpath(lock_file)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    lock = FileLock(str(lock_file), timeout=lock_wait() if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(f"another kg command is writing {what}; waited {lock.timeout:g} s for it "
                   f"(lock {lock_file}; $KG_LOCK_TIMEOUT to wait longer)") from None
    except OSError as exc:
        raise KgError(f"cannot lock {what} ({lock_file}): {exc.strerror or exc}") from None
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        lock.release()


def store_lock(store: str | os.PathLike, wait: float | None = None):
    return write_lock(store_lock_path(store), f"the store {store}", wait)


def data_lock(folder: str | os.PathLike, wait: float | None = None):
    return write_lock(data_lock_path(folder), f"the data folder {folder}", wait)


def holds(lock_file: Path) -> bool:
    """Whether this process holds ``lock_file`` (inside ``write_lock``)."""
    return os.path.realpath(lock_file) in _held


def is_locked(lock_file: Path) -> bool:
    """Whether some process holds ``lock_file`` right now (taking it for an instant otherwise)."""
    from filelock import FileLock, Timeout

    if not lock_file.exists():
        return False
    lock = FileLock(str(lock_file), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False
