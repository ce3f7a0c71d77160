"""Where things are: the project's data and ontology folders, the default store location."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STORE_ENV = "KG_STORE"
DATA_ENV = "KG_DATA"


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder: the argument, else $KG_DATA, else the project's ``data/``."""
    return Path(path or os.environ.get(DATA_ENV) or PROJECT_ROOT / "data")


def ontology_dir() -> Path:
    return PROJECT_ROOT / "ontology"


def default_store() -> str:
    """The store location: $KG_STORE, else ``$XDG_DATA_HOME/mali-kg/store`` (``~/.local/share/...``)."""
    env = os.environ.get(STORE_ENV)
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return str(Path(base) / "mali-kg" / "store")
