"""A bug in a page's worker read (a TypeError, say) is not hidden as a read failure: the
page says it in its own plain words as before, and the traceback goes to stderr for
whoever helps. Expected failures (a ``StoreError``, an ``OSError``) print no traceback.

Insights' ``painease.ui.charts.loader`` and the Outcomes tab's ``cohort_loader`` showed
every exception as "…could not be read: <message>" and nothing else, so a plain bug
looked like an unreadable file. The real read functions are wrapped: they run, then the
wrapper raises as a bug in them would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import painease.ui.charts.loader as insights_loader
import painease.ui.therapist.cohort_read as cohort_read
from painease import paths
from painease.packs.results import import_results
from painease.storage import SessionStore
from painease.ui.therapist.cohort_view import CohortView
from tests.insights_history import add_session
from tests.packs.conftest import make_program
from tests.ui.clinic import outcomes_read, week
from tests.ui.insights_view import open_insights
from tests.waits import WORKER_WAIT_MS

BUG = "unsupported operand type(s) for +: 'NoneType' and 'int'"


def _buggy(real):
    def read(*args):
        real(*args)
        return None + 1  # TypeError: a bug, not an unreadable file

    return read


def test_a_bug_in_the_insights_read_is_said_and_its_traceback_goes_to_stderr(
        qtbot, make_window, monkeypatch, capsys):
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(days=1))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    capsys.readouterr()
    monkeypatch.setattr(insights_loader, "gather", _buggy(insights_loader.gather))
    view.reload()
    qtbot.waitUntil(lambda: "could not be read" in view.status.text(), timeout=WORKER_WAIT_MS)
    assert view.status.text() == f"Your sessions could not be read: {BUG}"
    err = capsys.readouterr().err
    assert "Traceback (most recent call last):" in err
    assert f"TypeError: {BUG}" in err and "in read" in err


def test_a_bug_in_the_outcomes_read_is_said_and_its_traceback_goes_to_stderr(
        qtbot, clinic, monkeypatch, capsys):
    clinic.patient("Sam", make_program(), [*week(2, (6, 7), (4, 3)),
                                           *week(9, (2, 2), (1, 1))])
    monkeypatch.setattr(cohort_read, "read_cohort", _buggy(cohort_read.read_cohort))
    with clinic.own_store() as own:
        import_results(clinic.root / "results" / "Sam.painease-results", clinic.identity, own)
        view = CohortView(own)
        qtbot.addWidget(view)
        capsys.readouterr()
        view.refresh()
        outcomes_read(qtbot, view)
        assert view.summary.text() == f"Your patients could not be read: {BUG}"
        err = capsys.readouterr().err
        assert "Traceback (most recent call last):" in err
        assert f"TypeError: {BUG}" in err and "in read" in err


def test_a_database_that_cannot_be_opened_prints_no_traceback(qtbot, clinic, capsys):
    """An expected failure (a folder where the database was): the page's words alone."""
    clinic.patient("Sam", make_program(), [*week(2, (6, 7), (4, 3))])
    with clinic.own_store() as own:
        view = CohortView(own)
        qtbot.addWidget(view)
        own.path.rename(own.path.with_name("moved.sqlite3"))
        own.path.mkdir()
        capsys.readouterr()
        view.refresh()
        outcomes_read(qtbot, view)
        assert view.summary.text().startswith("Your patients could not be read: ")
        assert "Traceback" not in capsys.readouterr().err
