"""Insights: charts of pain and fear before, during and after sessions, built on first show.

The page itself is light: a title and a "Loading…" line. The first time it is shown it
imports ``painease.ui.charts.view`` (pyqtgraph, numpy) and builds the ``InsightsView``,
which starts reading its period at once; every later show reloads the chosen period, so a
session just finished is in the charts, up close; with none added since, the session the
patient chose stays chosen, and the list as long as they made it (and a new day reloads a
shown page: ``painease.ui.new_day``). Script titles arriving and the charts built again
after a theme change keep that place too. Start-up never loads pyqtgraph. Without a store
(some tests) the page stays a placeholder. ``tz`` and ``zone_note``: a patient's clock, on
which the view counts their days (see ``InsightsView``).

Main thread only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from painease.domain.voice import voice_for
from painease.ui.widgets import fill, label, titled_page


class InsightsPage(QWidget):
    """Handed the store and ``{script_id: title}``; ``view`` is None until first shown.

    ``period_chosen(key)`` tells which period the patient picked (the window keeps it in
    Settings, so Insights opens on it next time)."""

    period_chosen = Signal(str)

    def __init__(self, store=None, titles: Mapping[str, str] | None = None,
                 period: str | None = None, patient_name: str | None = None,
                 tz: tzinfo | None = None, zone_note: str = "",
                 report_facts: Mapping[str, object] | None = None):
        super().__init__()
        self.patient_name = patient_name  # set: a therapist reading a patient's results
        # What the therapist's report says of the patient besides (``write_report``'s
        # ``covered`` and ``patient_shown``), handed on to the view.
        self.report_facts = dict(report_facts or {})
        # A patient's clock (their days) and the line saying so, for the view and report.
        self.tz, self.zone_note = tz, zone_note
        self.store, self.titles = store, dict(titles or {})
        self.period = period  # the period key to open with (None: the view's default)
        # Whether the report takes the notes: kept here, not in Settings, so it outlives
        # the charts (rebuilt after a theme change) but not painease closing (see
        # painease.ui.charts.report_row).
        self.include_notes = False
        self.place = None  # the patient's place in charts taken down (see drop_view)
        self.view = None
        page, self._layout = titled_page("Insights")
        fill(self, page)
        whose = voice_for(patient_name).whose()
        self._waiting = label(f"Loading {whose} insights…", "muted", name="insights-loading")
        self._layout.addWidget(self._waiting)
        self._layout.addStretch(1)

    def set_titles(self, titles: Mapping[str, str]) -> None:
        """Script titles arrived (the catalog loads after the window shows)."""
        self.titles = dict(titles)
        if self.view is not None:
            self.view.set_titles(self.titles)
            if self.isVisible():
                self.view.reload(keep_place=True)  # the session chosen stays

    def build(self):
        """Build the charts now (normally done by the first show); returns the view."""
        if self.view is None and self.store is not None:
            from painease.ui.charts.view import InsightsView

            options = {"period": self.period} if self.period else {}
            options["include_notes"] = self.include_notes
            if self.patient_name:
                options["patient_name"] = self.patient_name
            if self.tz is not None:
                options.update(tz=self.tz, zone_note=self.zone_note)
            if self.report_facts:
                options["report_facts"] = self.report_facts
            if self.place is not None:
                options["place"] = self.place
            self.view = InsightsView(self.store, self.titles, **options)
            self.view.period.currentIndexChanged.connect(self._period_changed)
            self.view.notes_choice.toggled.connect(self._notes_chosen)
            self._layout.insertWidget(1, self.view)
            self._waiting.hide()
        return self.view

    def _period_changed(self) -> None:
        if self.view is not None:
            self.period = self.view.period_key
            self.period_chosen.emit(self.period)

    def _notes_chosen(self, on: bool) -> None:
        self.include_notes = on

    def drop_view(self) -> bool:
        """Delete the charts now (C++ side at once), keeping the chosen period and the
        patient's place in the session list (``place``: charts built again start from
        it); returns whether there were any. The window does this around a theme or
        text-size change, so the charts come back built in the new colours and sizes,
        and no pyqtgraph item is alive while Qt restyles every widget (the segfaults once
        seen in that walk came from the garbage collector freeing widgets mid-walk: see
        ``collector_paused``)."""
        if self.view is None:
            return False
        import shiboken6

        view, self.view = self.view, None
        self.period, self.place = view.period_key, view.place()
        view.loader.wait()
        self._layout.removeWidget(view)
        view.hide()
        shiboken6.delete(view)
        self._waiting.show()
        return True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.view is None:
            self.build()  # starts the first load
        else:
            self.view.reload(keep_place=True)  # the newest if a session ended since
