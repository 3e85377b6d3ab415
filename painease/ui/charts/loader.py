"""Reads a period's insights on a worker thread and hands them to the GUI thread.

``InsightsLoader.load(since, until, tz)`` runs ``gather`` (in the loader's ``voice``) on a
worker thread, on a ``SessionStore`` of its own on the same file, and the answer comes to
the GUI thread as ``loaded(generation, result)`` (``painease.ui.worker_read``: the worker
makes no Qt call; only the newest load counts). ``result`` is an ``InsightsData`` or the
exception the read raised.

This is the page's one door between threads; nothing in the worker touches a widget.
The view is the loader's parent, so its GUI-thread timer goes with the view: a read that
ends after the view was closed or deleted is answered to nobody (without a parent, the
loader outlived the view, was freed from the worker thread when its read ended, and
crashed the process).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject

from painease.domain.voice import YOU, Voice
from painease.storage import SessionStore
from painease.ui.charts.data import gather
from painease.ui.worker_read import WorkerRead


class InsightsLoader(WorkerRead):
    WAIT = 30.0

    def __init__(self, db_path: Path, titles: Mapping[str, str] | None = None,
                 voice: Voice = YOU, parent: QObject | None = None):
        super().__init__("insights-load", parent)
        self.db_path = Path(db_path)
        self.titles = dict(titles or {})
        self.voice = voice  # whose sessions the readings speak of

    def load(self, since: datetime | None, until: datetime | None, tz: tzinfo) -> int:
        """Start reading; returns the generation number the answer will carry."""
        return self.start(since, until, tz)

    def read(self, since, until, tz) -> object:
        with SessionStore(self.db_path) as store:
            return gather(store, since, until, tz, self.titles, self.voice)
