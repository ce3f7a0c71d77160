"""Where things are: the ontology, the example queries, the curated corpus, the user's data folder,
the default store location.

In a source checkout (the ``kg`` package beside ``pyproject.toml`` and ``ontology/``) the resources are
the checkout's own top-level folders and the checkout's ``data/`` is the data folder, read and written.
Installed from a wheel, the resources are the copies shipped inside the package (``kg/resources/``);
the shipped corpus is read-only, and whatever writes (``kg ingest``, ``kg review``) works in the user
data folder, ``$XDG_DATA_HOME/mali-kg/data``, set up from the shipped corpus the first time.

>>> resource_dir("ontology").joinpath("mali-kg.ttl").is_file()
True
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
_CHECKOUT = PACKAGE_DIR.parent
SOURCE_CHECKOUT = (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "ontology" / "mali-kg.ttl").is_file()
STORE_ENV = "KG_STORE"
DATA_ENV = "KG_DATA"
RESOURCES = ("ontology", "data", "queries")


def resource_dir(name: str) -> Path:
    """``ontology``, ``data`` (the curated corpus) or ``queries``: the checkout's folder, or the copy
    shipped in the installed package."""
    if name not in RESOURCES:
        raise ValueError(f"unknown resource folder {name!r}")
    return _CHECKOUT / name if SOURCE_CHECKOUT else PACKAGE_DIR / "resources" / name


def ontology_dir() -> Path:
    return resource_dir("ontology")


def queries_dir() -> Path:
    return resource_dir("queries")


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "mali-kg"


def user_data_dir() -> Path:
    """The data folder of an installed ``kg``: ``$XDG_DATA_HOME/mali-kg/data`` (``~/.local/share/...``)."""
    return _data_home() / "data"


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder to read: the argument, else $KG_DATA, else (in a checkout) the checkout's
    ``data/``, else the user data folder once it exists, else the shipped corpus."""
    if path or os.environ.get(DATA_ENV):
        return Path(path or os.environ[DATA_ENV])
    if SOURCE_CHECKOUT:
        return resource_dir("data")
    user = user_data_dir()
    return user if user.is_dir() else resource_dir("data")


def writable_data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder to write: as ``data_dir``, but never the shipped corpus. The user data folder
    is made from a copy of the shipped corpus the first time (copied beside it, then renamed, so a
    half-made folder is never seen)."""
    if path or os.environ.get(DATA_ENV) or SOURCE_CHECKOUT:
        return data_dir(path)
    user = user_data_dir()
    if not user.is_dir():
        user.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=user.parent, prefix=".data.new-"))
        try:
            shutil.copytree(resource_dir("data"), tmp / "data")
            for sub in (tmp / "data").rglob("*"):   # the shipped copy may be read-only
                sub.chmod(0o755 if sub.is_dir() else 0o644)
            try:
                os.rename(tmp / "data", user)
            except OSError:
                if not user.is_dir():
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return user


def default_store() -> str:
    """The store location: $KG_STORE, else ``$XDG_DATA_HOME/mali-kg/store`` (``~/.local/share/...``)."""
    return os.environ.get(STORE_ENV) or str(_data_home() / "store")
