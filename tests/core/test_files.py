"""-o FILE: regular files written atomically; links, FIFOs and devices refused, left as they were."""

from __future__ import annotations

import os

import pytest

from kg.core.errors import KgError
from kg.core.files import atomic_write

from tests.conftest import run_cli


def test_regular_file_is_replaced_atomically(tmp_path):
    path = tmp_path / "out.ttl"
    path.write_text("old")
    atomic_write(path, "new")
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_symlink_is_refused_and_kept(tmp_path):
    target = tmp_path / "real.ttl"
    target.write_text("keep")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    with pytest.raises(KgError, match="symbolic link"):
        atomic_write(link, "x")
    assert link.is_symlink() and target.read_text() == "keep"


def test_fifo_is_refused_and_kept(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(KgError, match="FIFO"):
        atomic_write(fifo, "x")
    assert os.path.exists(fifo) and not os.path.isfile(fifo)


def test_character_device_through_the_cli(cli_env):
    out = run_cli("export", "-o", "/dev/null")
    assert out.exit_code == 2 and "character device" in out.stderr
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")
