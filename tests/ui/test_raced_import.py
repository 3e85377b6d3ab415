"""The start-up worker's catalog load survives an import that raced another thread's.

The race itself (two threads importing modules that import each other, Python handing one
a module still being made) came once in ~100 starts and cannot be forced here; what it
raises can: the worker's import fails that way the first time, as it did in a bench run
("cannot import name 'import_string' from partially initialized module
'pydantic._internal._validators' (most likely due to a circular import)")."""

from __future__ import annotations

import pytest

import painease.catalog
from painease.ui.app import create_window, wait_until_ready

RACED = ("cannot import name 'import_string' from partially initialized module "
         "'pydantic._internal._validators' (most likely due to a circular import)")


def failing_first(times: int, error: Exception):
    """``load_catalog`` that raises ``error`` on its first ``times`` calls, then loads."""
    real = painease.catalog.load_catalog
    calls = []

    def load(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise error
        return real(*args, **kwargs)

    return load, calls


def opened(qtbot, preset):
    preset(welcome_seen=True)
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    wait_until_ready(window)
    return window


def test_a_raced_import_is_tried_again_and_the_sessions_load(qtbot, monkeypatch, preset):
    load, calls = failing_first(1, ImportError(RACED))
    monkeypatch.setattr(painease.catalog, "load_catalog", load)
    window = opened(qtbot, preset)
    try:
        assert window.catalog_problem is None and window.catalog is not None
        assert len(calls) == 2
        assert "somatic-tracking-first-steps" in window.catalog.entries
    finally:
        window.close_store()


@pytest.mark.parametrize("error", [ImportError("No module named 'pydantic'"),
                                   ImportError(RACED)])
def test_other_import_failures_and_a_race_that_persists_are_said(qtbot, monkeypatch, preset,
                                                                 error):
    load, calls = failing_first(99, error)
    monkeypatch.setattr(painease.catalog, "load_catalog", load)
    window = opened(qtbot, preset)
    try:
        assert window.catalog is None and "could not be loaded" in window.catalog_problem
        assert len(calls) == (3 if "partially" in str(error) else 1)
    finally:
        window.close_store()
