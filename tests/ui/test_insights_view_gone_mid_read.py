"""An Insights view closed or deleted while its period is being read: the answer that
comes after is dropped, quietly.

The view's reader (``painease.ui.charts.loader``) had no Qt parent, so its GUI-thread
timer outlived the view: a read finishing after the view was gone handed its answer to
the deleted widgets ("Internal C++ object already deleted"). The read here is the real
one, on a real store file, held back until the view is gone.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt

import painease.ui.charts.loader as insights_loader
from painease import paths
from painease.storage import SessionStore
from painease.ui.charts.view import InsightsView
from tests.insights_history import add_session
from tests.waits import WORKER_WAIT_MS


def _held(real, go: threading.Event):
    def read(*args):
        go.wait(WORKER_WAIT_MS / 1000)
        return real(*args)

    return read


def _delete(view) -> None:
    shiboken6.delete(view)


def _close(view) -> None:
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.close()


@pytest.mark.parametrize("goes", [_delete, _close], ids=["deleted", "closed"])
def test_a_read_answered_after_the_view_is_gone_is_dropped(qtbot, qtlog, monkeypatch, capsys,
                                                            goes):
    go = threading.Event()
    monkeypatch.setattr(insights_loader, "gather", _held(insights_loader.gather, go))
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(days=1))
        view = InsightsView(store, period="all")  # starts reading at once
        view.show()
        tick = view.loader._timer.interval()
        assert view.loader.busy()
        readers = list(view.loader._threads)
        gone = threading.Event()
        view.destroyed.connect(gone.set)
        said = len(qtlog.records)  # the offscreen screen's notes on showing it
        goes(view)
        qtbot.waitUntil(gone.is_set)
        del view
        capsys.readouterr()
        go.set()
        for reader in readers:
            reader.join(WORKER_WAIT_MS / 1000)
            assert not reader.is_alive()
        qtbot.wait(10 * tick)  # the GUI thread's timer would have handed the answer over
    assert capsys.readouterr().err == ""
    assert [r.message for r in qtlog.records[said:]] == []
