"""Fixtures shared by the storage tests: a database path in a fresh data dir, and a store
opened on it."""

from __future__ import annotations

import pytest

from painease.storage import SessionStore


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "painease.sqlite3"


@pytest.fixture
def store(db):
    with SessionStore(db) as s:
        yield s
