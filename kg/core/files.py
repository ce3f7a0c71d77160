"""Writing output files atomically: a temporary file beside the target, then one rename.

Only regular files are written (``kg ... -o FILE``): a path that is a symbolic link, a FIFO, a
device, a socket or a folder is refused with a clear error rather than replaced by a regular file
(renaming over a link would replace the link, not write through it; renaming over ``/dev/full``
or a FIFO would put a regular file in its place). Write to such a target through stdout instead
(``kg export > /dev/stdout``, ``kg export | ...``). A full disk or a read-only file system is a
one-line error, and the target is left as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kg.core.errors import KgError

_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def check_target(path: str | os.PathLike) -> Path:
    """``path`` if it is a regular file or does not exist yet; KgError naming what it is otherwise."""
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise KgError(f"cannot write {path}: {exc.strerror}") from None
    for test, kind in _KINDS:
        if test(mode):
            raise KgError(f"cannot write {path}: it is {kind}, and -o writes only regular files "
                          "(write to stdout and redirect instead)")
    return path


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` (str is written as UTF-8) to ``path`` so that readers never see half a file."""
    path = check_target(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise KgError(f"cannot write {path}: folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise KgError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        check_target(path)  # still a regular file (or none) just before the rename
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise KgError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return path
