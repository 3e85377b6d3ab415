"""Fixtures shared by the storage tests: a database path in a fresh data dir, a store
opened on it, and a real, nearly full disk."""

from __future__ import annotations

import subprocess

import pytest

from painease.storage import SessionStore


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "painease.sqlite3"


@pytest.fixture
def store(db):
    with SessionStore(db) as s:
        yield s


@pytest.fixture
def tiny_disk(tmp_path):
    """A real, nearly full file system: a 4 MiB tmpfs with 16 KiB left (needs root and the
    right to mount, as in the project's containers; skipped elsewhere)."""
    disk = tmp_path / "tiny"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        (disk / "filler").write_bytes(b"\0" * (4096 - 16) * 1024)
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def fill(disk) -> None:
    """Write to ``disk`` (a ``tiny_disk``) until it is full."""
    with open(disk / "fill-up", "ab") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
