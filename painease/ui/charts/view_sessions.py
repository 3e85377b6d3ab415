"""The Insights page's session list, filled from each answer, and the patient's place in it.

``ListsSessions`` is a mixin for ``painease.ui.charts.view.InsightsView``: it uses the
view's ``session_list``, ``older``, ``data``, ``store``, ``titles``, ``tz``, ``voice``,
``notes``, ``charts`` and ``_read``. The list is filled newest first, a batch at a time
(``painease.ui.charts.session_list``); choosing a row puts that session up close.

The patient's place (``Place``: the session chosen, how many are listed, and the newest
session when it was read) stays across a reload asked with ``keep_place`` while no
session was added since: coming back to the page, a new day, script titles arriving, a
report read again. ``place()`` hands it to the charts built again after a theme change
(``InsightsPage.drop_view``), which start from it; a session added since puts the newest
up close, as a patient back from a session wants. Main thread only.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from painease.domain.wrong_clock import latest_lived
from painease.storage import StoreError
from painease.ui.charts.session import session_reading
from painease.ui.charts.session_list import RECENT_SESSIONS, session_item
from painease.ui.data_file_words import read_failed


@dataclass(frozen=True)
class Place:
    """Where the patient is in the list: the chosen session's id (None: none), how many
    sessions are listed, and the newest session's id at the read they were listed from."""

    chosen: int | None = None
    listed: int = 0
    newest: int | None = None


class ListsSessions:
    """Fills the session list (``_fill_sessions``) and keeps the patient's place in it."""

    _start_place: Place | None = None  # handed to a view built again, until its first list

    def place(self) -> Place:
        """The patient's place now (the one the view started from, until it is listed)."""
        if self._start_place is not None:
            return self._start_place
        chosen = self.session_list.currentItem()
        return Place(chosen.data(Qt.ItemDataRole.UserRole).id if chosen is not None else None,
                     self.session_list.count(), self._newest)

    def _fill_sessions(self, data) -> None:
        was, self._start_place = self.place(), None
        # A session added since the last load: the newest up close, not the old place.
        keep = self._keep_place and data.newest_id == was.newest
        self._newest = data.newest_id
        self.session_list.blockSignals(True)
        self.session_list.clear()
        recent = self._add_sessions(data.points)
        row = None
        if keep:  # as many listed as before, the same session chosen
            while self.session_list.count() < min(was.listed, len(data.points)):
                self._add_sessions(data.points)
            row = next((i for i in range(self.session_list.count())
                        if self._point(i).id == was.chosen), None)
        if row is None:
            # Up close first: the last session dated up to now, not one the clock put ahead.
            last = latest_lived(recent[::-1], lambda point: point.started_at)
            row = recent.index(last) if last is not None else 0
        self.session_list.setCurrentRow(row)
        self.session_list.blockSignals(False)
        self._session_chosen(row)

    def _add_sessions(self, points) -> list:
        """List the next ``RECENT_SESSIONS`` older than those listed; return them."""
        listed, total = self.session_list.count(), len(points)
        batch = points[max(0, total - listed - RECENT_SESSIONS):total - listed][::-1]
        for point in batch:
            self.session_list.addItem(session_item(point, self.titles, self.tz, self.voice))
        self.older.show_counts(self.session_list.count(), total)
        return batch

    def _list_older(self) -> None:
        if self.data is not None:
            self._add_sessions(self.data.points)
            if not self.older.isVisible():  # all listed: the focus goes on to the list
                self.session_list.setFocus()

    def _point(self, row: int):
        return self.session_list.item(row).data(Qt.ItemDataRole.UserRole)

    def _session_chosen(self, row: int) -> None:
        if self.session_list.item(row) is None:
            return
        point = self._point(row)
        self.notes.show_session(self.store, point.id)
        try:
            trace = self.store.live_trace(point.id)
            marks = list(trace.marks) or self.store.phase_marks(point.id)
        except (StoreError, ValueError) as exc:  # the file went away, or the session did
            self._read("session", "This session's live ratings could not be read: "
                                  f"{read_failed(exc)}")
            return
        trace = trace if len(trace.t_ms) else None
        self.charts["session"].set_session(point, trace, marks)
        self._read("session", session_reading(point, trace, marks, self.voice))
