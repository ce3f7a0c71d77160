"""Fixtures of the store tests."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture()
def store_copy(store_path, tmp_path) -> str:
    """A copy of the built store that a test may change."""
    target = tmp_path / "store"
    shutil.copytree(store_path, target)
    return str(target)
