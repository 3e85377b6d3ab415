"""Reads the Outcomes tab's patients on a worker thread and hands the answer to the GUI thread.

``CohortLoader.load()`` runs ``cohort_read.read_cohort`` on a worker thread, on its own
``SessionStore`` of the therapist's database (``read_cohort`` opens each patient's database
on that thread too), and the answer comes to the GUI thread as ``loaded(generation,
result)`` (``painease.ui.worker_read``, as Insights' loader: the worker makes no Qt call;
only the newest load counts, so the view drops an older answer). ``result`` is
``read_cohort``'s (entries, unreadable, left out) or the exception the read raised.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from painease.storage import SessionStore
from painease.ui.worker_read import WorkerRead


class CohortLoader(WorkerRead):
    def __init__(self, db_path: Path, parent: QObject | None = None):
        super().__init__("cohort-load", parent)  # the view: its timer goes with it
        self.db_path = Path(db_path)  # the therapist's own database: their list of patients

    def load(self) -> int:
        """Start reading; returns the generation number the answer will carry."""
        return self.start()

    def read(self) -> object:
        from painease.ui.therapist import cohort_read  # looked up now: tests wrap it

        with SessionStore(self.db_path, read_only_ok=True) as own:
            return cohort_read.read_cohort(own)
