"""Run a function under a deadline and a memory ceiling, with no network: in a forked child process.

Oxigraph can neither cancel a query nor bound its memory, and aborts the process when an allocation
fails, so a query that is too slow or too big can only be stopped from outside. ``run_bounded``
forks; the child caps its data segment (``RLIMIT_DATA``: heap and anonymous mappings, where every
allocation lands), leaves the network (a fresh network namespace where the kernel allows one:
nothing, not even 127.0.0.1, is reachable), runs the function in a thread with a large stack (deep
but legal expressions recurse in the engine), and sends its result or its exception back through
a pipe. The parent waits up to the deadline and kills the child if it overruns. Linux/POSIX only;
where ``fork`` is missing the function runs in the calling process, unbounded.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import tempfile
import time

from kg.core.errors import KgError

DEFAULT_TIMEOUT = 60.0        # seconds
DEFAULT_MEMORY = 4096         # MB of data segment
MAX_TIMEOUT = 7 * 86400.0     # the longest --timeout: a week (longer ones overflow the OS's timers)
MAX_MEMORY = 1 << 24          # the largest --max-memory, MB (16 TB)
STACK = 512 << 20             # bytes of stack for the thread running the function

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


class LimitExceeded(KgError):
    """A query ran past its deadline or its memory ceiling."""


def leave_network() -> bool:
    """Move this process into a new, empty network namespace (Linux); False where not allowed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
        return libc.unshare(flags) == 0
    except (OSError, AttributeError):
        return False


def limit_memory(megabytes: int | None) -> None:
    """Let this process allocate at most ``megabytes`` more MB of data (heap, anonymous mappings)
    than it holds now (None or 0: no cap)."""
    if not megabytes:
        return
    import resource

    limit = (int(megabytes) << 20) + _data_now()
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _data_now() -> int:
    """Bytes of this process's data segment (Linux ``VmData``; 0 where unknown)."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) << 10
    except OSError:
        pass
    return 0


def in_big_stack(fn, *args, before=None):
    """``fn(*args)`` in a thread with a ``STACK``-byte stack; returns its result or raises its error.
    ``before()`` runs once the thread (and its stack) exists, before ``fn`` starts."""
    import threading

    box, go = {}, threading.Event()

    def target():
        go.wait()
        try:
            box["ok"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - passed on to the caller
            box["err"] = exc
    old = threading.stack_size()
    threading.stack_size(STACK)
    try:
        t = threading.Thread(target=target, name="kg-bounded", daemon=True)
        t.start()
    finally:
        threading.stack_size(old)
    try:
        if before is not None:
            before()
    finally:
        go.set()
        t.join()
    if "err" in box:
        raise box["err"]
    return box.get("ok")


def run_bounded(fn, *args, timeout: float | None = DEFAULT_TIMEOUT, max_memory: int | None = DEFAULT_MEMORY,
                offline: bool = True, what: str = "the query"):
    """``fn(*args)`` in a child process, at most ``timeout`` seconds and ``max_memory`` MB, offline
    unless ``offline`` is False.
    Its result and exceptions must pickle. Raises ``LimitExceeded`` naming the limit it hit."""
    check_limits(timeout, max_memory)
    if not hasattr(os, "fork"):
        return fn(*args)
    read_end, write_end = os.pipe()
    errors = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_end)
            os.dup2(errors.fileno(), 2)
            import faulthandler

            faulthandler.disable()  # an abort at the memory ceiling is reported by the parent
            if offline:
                leave_network()
            try:
                value = in_big_stack(fn, *args, before=lambda: limit_memory(max_memory))
                payload = pickle.dumps((True, value), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps((False, _memory_error(what, max_memory)))
            except BaseException as exc:  # noqa: BLE001
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:
                    payload = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view):]
        except BaseException:  # noqa: BLE001
            status = 70
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        data = _read_until(read_end, pid, timeout, what)
        _, status = os.waitpid(pid, 0)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    if data:
        ok, value = pickle.loads(data)
        errors.close()
        if ok:
            return value
        raise value
    errors.seek(0)
    message = errors.read()[-4000:].decode("utf-8", "replace")
    errors.close()
    if "memory allocation" in message or "MemoryError" in message or (
            os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS)
            and max_memory):
        raise _memory_error(what, max_memory)
    code = os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    last = message.strip().splitlines()[-1] if message.strip() else ""
    raise KgError(f"{what} stopped unexpectedly (status {code}){': ' + last if last else ''}")


def check_limits(timeout: float | None, max_memory: int | None) -> None:
    """A KgError naming --timeout or --max-memory when one is out of range (None or 0: no limit)."""
    import math

    if timeout and not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise KgError(f"--timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, not {timeout:g}")
    if max_memory and not 64 <= max_memory <= MAX_MEMORY:
        raise KgError(f"--max-memory must be from 64 to {MAX_MEMORY} MB, not {max_memory}")


def _memory_error(what: str, max_memory: int | None) -> LimitExceeded:
    return LimitExceeded(f"{what} needed more than {max_memory} MB of memory and was stopped "
                         "(raise --max-memory, or narrow it: a LIMIT, fewer unbound patterns)")


def _read_until(fd: int, pid: int, timeout: float | None, what: str) -> bytes:
    """Everything the child writes to ``fd``, or ``LimitExceeded`` once ``timeout`` has passed."""
    deadline = None if not timeout else time.monotonic() + timeout
    chunks = []
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            _kill(pid)
            raise LimitExceeded(f"{what} ran longer than {timeout:g} s and was stopped (raise --timeout)")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
