"""The Insights page's content: period filter, four charts with readings, tables, export.

Built by ``InsightsPage`` the first time it is shown (this module loads pyqtgraph). The
view is handed the store and script titles; ``reload()`` asks ``InsightsLoader`` for the
chosen period on a worker thread and ``show_data`` fills everything in when the answer
arrives. The session list reads one session's live trace from the store on the GUI thread
(one session's samples: a small, indexed read).

Every chart sits in a card with a heading, a one-sentence reading computed from the data
and a "Save chart…" button (PNG or SVG); ``save_chart(key, path)`` does the same without a
dialog. The two cards of numbers below the charts (by kind of session, yardsticks) are
built and filled by ``painease.ui.charts.tables``. "Report for my therapist…" writes the
PDF of ``painease.report`` for the period, with the notes only when "Include my notes" is
ticked (``painease.ui.charts.report_row`` says why it starts unticked; ``include_notes``
is the choice to start with, and ``notes_choice`` the tick box). Saving a chart and the
report is ``painease.ui.charts.view_saving``'s; the session list and the patient's
place in it (kept across reloads, and handed as ``place`` to charts built again after a
theme change) ``painease.ui.charts.view_sessions``'s.

``patient_name`` set: a therapist is reading that patient's imported results. Every
reading, hint and accessible description then speaks about the patient (``Voice.about``:
"Sam's last 10 rated sessions") instead of to the reader ("your"), and the report names them.
``tz`` is then the patient's clock: days, weeks and times are theirs, and ``zone_note`` (the
line the Patients page shows about it) goes into the report. Without ``tz`` (a person's own
sessions) each reload asks ``painease.storage.zones.own_zone`` again: the same rule, so a
session done on a trip is on the day it was lived, here as in the therapist's view.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from painease.domain.vocabulary import OUTCOME_WORDS, THREAT_NAME, counted
from painease.domain.voice import capital, voice_for
from painease.local_time import local_zone
from painease.storage import StoreError
from painease.ui.charts.base import Chart
from painease.ui.charts.data import PERIODS, InsightsData, period_bounds
from painease.ui.charts.keys import ChartKeys
from painease.ui.charts.link import LinkChart
from painease.ui.charts.loader import InsightsLoader
from painease.ui.charts.notes import SessionNotesPanel, loose_notes_card
from painease.ui.charts.period_row import period_row
from painease.ui.charts.report_row import StatusLine, report_row
from painease.ui.charts.session import SessionChart
from painease.ui.charts.session_list import OlderSessions
from painease.ui.charts.shift import ShiftChart
from painease.ui.charts.tables import (
    fill_scripts_table,
    scripts_card,
    yardstick_text,
    yardsticks_card,
)
from painease.ui.charts.trend import TrendChart
from painease.ui.charts.view_saving import SavesInsights
from painease.ui.charts.view_sessions import ListsSessions, Place
from painease.ui.data_file_words import read_failed
from painease.ui.flow_row import FlowRow
from painease.ui.widgets import button, card, label
from painease.ui.wrapped_items import ListOfRows

DEFAULT_PERIOD = "3m"
SHOWN_SESSIONS = 3  # the list is as tall as this many of them, at any text size
NO_SESSIONS = "No sessions yet — your first session will appear here."
NO_PATIENT_SESSIONS = "No sessions in the results imported so far."
THREAT = THREAT_NAME.lower()


class InsightsView(SavesInsights, ListsSessions, QWidget):
    """Emits ``shown_data`` after each answer is on screen (tests and the benchmark)."""

    shown_data = Signal()

    def __init__(self, store, titles: Mapping[str, str] | None = None,
                 tz: tzinfo | None = None, period: str = DEFAULT_PERIOD,
                 patient_name: str | None = None, zone_note: str = "",
                 include_notes: bool = False,
                 report_facts: Mapping[str, object] | None = None,
                 place: Place | None = None):
        super().__init__()
        self.report_facts = dict(report_facts or {})  # write_report's covered, patient_shown
        self._include_notes = include_notes  # the notes choice, until the tick box exists
        self.zone_note = zone_note  # whose clock ``tz`` is, for the report (the page says it)
        self._first_period = period
        self.patient_name = patient_name  # set: a therapist reading a patient's results
        self.voice = voice_for(patient_name)  # whose sessions every sentence speaks of
        self.store, self.titles = store, dict(titles or {})
        self._own_clock = tz is None  # a person's own sessions: see reload
        self.tz = tz or local_zone()
        self.data: InsightsData | None = None
        self._newest: int | None = None  # the newest session's id at the last load
        self._start_place = place  # the patient's place in charts built before these
        self._here: tzinfo | None = None  # this computer's clock at the last reload
        self.loader = InsightsLoader(store.path, self.titles, self.voice, parent=self)
        self.loader.loaded.connect(self._loaded)
        self._waiting = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addLayout(self._controls())
        self.status = label(self._whose("Loading {} sessions…"), "muted",
                            name="insights-status")
        self.line = StatusLine(self.status)  # says nothing else while a report is made
        # Start reading now: the worker's query overlaps with building the charts below,
        # and its answer (a queued signal) can only arrive once they exist.
        self.reload(keep_place=place is not None)
        layout.addLayout(self._status_rows())
        self.empty, empty_layout = card()
        self.empty.setObjectName("insights-empty")
        self.empty_text = label(NO_PATIENT_SESSIONS if patient_name else NO_SESSIONS,
                                name="insights-empty-text")
        empty_layout.addWidget(self.empty_text)
        layout.addWidget(self.empty)
        self.empty.hide()

        self.charts: dict[str, Chart] = {"shift": ShiftChart(), "trend": TrendChart(),
                                         "link": LinkChart(), "session": SessionChart()}
        # Every chart takes the keyboard: Tab reaches it, the arrow keys say its points.
        self.keys = {key: ChartKeys(chart) for key, chart in self.charts.items()}
        self.readings: dict[str, QLabel] = {}
        self.sections: list[QWidget] = []
        self._chart_card(layout, "shift", "Before and after each session",
                         "Hollow markers are before a session, filled ones after; a ring "
                         "around a filled marker is a rating that was the same before.")
        self._chart_card(layout, "trend", "Over time",
                         "Drag to move along the dates; scroll to zoom.")
        self._chart_card(layout, "link", f"How the {THREAT} and pain changed together",
                         f"Each point is how much the {THREAT} and pain changed in a "
                         f"session, in points: after minus before.")
        self._session_card(layout)
        self._number_cards(layout)
        for section in self.sections:
            section.hide()

    # ---- building ------------------------------------------------------------------------

    def _controls(self) -> FlowRow:
        row, self.period = period_row(self._first_period)
        # A session chosen stays chosen in a period that still holds it. (Connected to
        # ``reload`` itself, the period's index came as ``keep_place``: "Last 2 weeks",
        # the first, went back to the newest session, the other two did not.)
        self.period.currentIndexChanged.connect(lambda: self.reload(keep_place=True))
        return row

    def _status_rows(self) -> QVBoxLayout:
        # The status line has the page's whole width and the report button a row of its
        # own: side by side, the status was a narrow column at 200 % text on the Patients
        # page, and on the Period row the three no longer fit across it.
        rows = QVBoxLayout()
        rows.addWidget(self.status)
        row, self.report_button, self.notes_choice = report_row(self.patient_name,
                                                                self._include_notes)
        self.report_button.clicked.connect(self._ask_report)
        rows.addLayout(row)
        return rows

    def _chart_card(self, layout: QVBoxLayout, key: str, heading: str, hint: str) -> None:
        box, inner = card()
        box.setObjectName(f"{key}-card")
        inner.addWidget(label(heading, "heading"))
        inner.addWidget(label(hint + self.keys[key].hint, "muted"))
        if key == "session":
            inner.addWidget(self.session_list)
            inner.addWidget(self.older)  # "The newest 200 of …", "List older sessions"
        inner.addWidget(self.charts[key])
        reading = label("", name=f"{key}-reading")
        reading.setAccessibleDescription(f"{heading}: what it shows")
        self.readings[key] = reading
        inner.addWidget(reading)
        if key == "session":  # across sessions: what happened after safety phases began
            self.readings["phases"] = label("", "muted", name="phases-reading")
            inner.addWidget(self.readings["phases"])
        row = QHBoxLayout()
        row.addStretch(1)
        save = button("Save chart…", f"save-{key}-chart",
                      f"Save the chart “{heading}” as a PNG picture or an SVG drawing")
        save.setAccessibleName(f"Save chart: {heading}")
        save.clicked.connect(lambda _=False, key=key: self._ask_save(key))
        row.addWidget(save)
        inner.addLayout(row)
        layout.addWidget(box)
        self.sections.append(box)

    def _session_card(self, layout: QVBoxLayout) -> None:
        self.session_list = ListOfRows(SHOWN_SESSIONS)  # word wrap, heights that fit
        self.session_list.setObjectName("insights-sessions")
        self.session_list.setAccessibleName("Recent sessions")
        self.session_list.setAccessibleDescription(
            "Choose a session to see its live rating, phases and notes; arrow keys move the "
            "choice")
        self.wrapped_items = self.session_list.wrapped_items
        self.session_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.session_list.currentRowChanged.connect(self._session_chosen)
        self.older = OlderSessions()  # the list's newest batch first (charts/session_list)
        self.older.more.connect(self._list_older)
        self._chart_card(layout, "session", "One session up close",
                         f"Bands are the parts of the session, each named at its start. "
                         f"Markers show {self.voice.whose()} ratings before (hollow) and after "
                         f"(filled). A dashed line is where the live slider started, at the "
                         f"pain before.")
        # The chosen session's notes, in a card of their own beneath (charts/notes.py).
        box, inner = card()
        box.setObjectName("session-notes-card")
        self.notes = SessionNotesPanel(self.voice)
        inner.addWidget(self.notes)
        layout.addWidget(box)
        self.sections.append(box)
        self.loose_card, self.loose_notes = loose_notes_card(self.voice)  # "Other notes"
        layout.addWidget(self.loose_card)

    def _number_cards(self, layout: QVBoxLayout) -> None:
        box, self.table, self.readings["scripts"] = scripts_card(self.voice)
        layout.addWidget(box)
        self.sections.append(box)
        box, self.yardsticks, self.definitions = yardsticks_card()
        layout.addWidget(box)
        self.sections.append(box)

    def set_titles(self, titles: Mapping[str, str]) -> None:
        """Use these script titles from the next load on."""
        self.titles = dict(titles)
        self.loader.titles = dict(titles)

    # ---- loading -------------------------------------------------------------------------

    def _whose(self, text: str) -> str:
        """``text`` with "your" or the patient's name ("Sam's") in the ``{}``."""
        return text.format(self.voice.whose())

    @property
    def period_key(self) -> str:
        return self.period.currentData()

    def reload(self, keep_place: bool = False) -> None:
        """Read the chosen period again (on a worker thread); with ``keep_place`` the
        session chosen in the list, and how many are listed, stay when still in it and
        no session was added since (else the newest is shown, as at first: a patient
        back from a session sees it)."""
        self._keep_place = keep_place
        if self._own_clock:
            self._here = local_zone()  # this computer's clock, for ``_clock_moved``
            self.tz = self._own_zone(self._here)
        since, until = period_bounds(self.period_key, self.tz)
        if hasattr(self, "line"):
            self.line.say(self._whose("Loading {} sessions…"))
        self._waiting = self.loader.load(since, until, self.tz)

    def new_day(self) -> None:
        """The patient's day turned with the page on screen (``painease.ui.new_day``): the
        period is read again only when it now begins on another day ("Last 2 weeks";
        "All time" has no first day) or a person's own clock is another now (they
        travelled: ``_clock_moved``), and the patient's place stays: the session chosen
        in the list, and how many are listed, while they are still in the period."""
        if self._out_of_date():
            self.reload(keep_place=True)

    def _own_zone(self, here: tzinfo | None = None) -> tzinfo:
        """The clock of a person's own sessions as they are now (a session done away since
        the last reload moves its day); this computer's if they cannot be read (the
        worker's read then says why)."""
        from painease.storage.zones import own_zone

        try:
            return own_zone(self.store, here)
        except StoreError:
            return here or local_zone()

    def _loaded(self, generation: int, result: object) -> None:
        if generation != self._waiting:
            return  # an older question; a newer answer is on its way
        if isinstance(result, Exception):
            self.line.say(f"{capital(self.voice.whose())} sessions could not be read: "
                          f"{read_failed(result)}")
            return
        self.show_data(result)

    def show_data(self, data: InsightsData) -> None:
        self.data = data
        self.line.say(self._status_text(data))
        has = bool(data.points)
        self.loose_notes.show_entries(data.loose_notes, self.tz)
        self.loose_card.setVisible(bool(data.loose_notes))
        self.empty.setVisible(not has)
        for section in self.sections:
            section.setVisible(has)
        if not has:
            self.empty_text.setText(self._empty_text(data))
            self.shown_data.emit()
            return
        self.charts["shift"].set_shifts(data.shifts, self.tz)
        self.charts["trend"].set_series(data.series, data.weekly)
        self.charts["link"].set_link(data.link)
        for key in ("shift", "trend", "link", "scripts", "phases"):
            self._read(key, data.readings.get(key, ""))
        self._fill_sessions(data)
        fill_scripts_table(self.table, data.scripts, self.titles)
        counts, definitions = yardstick_text(data.yardsticks)
        self.yardsticks.setText(counts)
        self.definitions.setText(definitions)
        self.shown_data.emit()

    def _read(self, key: str, text: str) -> None:
        self.readings[key].setText(text)
        self.readings[key].setVisible(bool(text))
        if key in self.charts:
            self.charts[key].describe(text)

    def _status_text(self, data: InsightsData) -> str:
        counts, total = data.outcomes, len(data.points)
        when = PERIODS[self.period_key][0].lower()
        if not total:
            return ""
        parts = [f"{counts[k]} {OUTCOME_WORDS[k]}" for k in OUTCOME_WORDS if counts.get(k)]
        return f"{counted(total, 'session', 'sessions')} ({when}): {', '.join(parts)}."

    def _empty_text(self, data: InsightsData) -> str:
        if not data.any_sessions:
            return NO_PATIENT_SESSIONS if self.patient_name else NO_SESSIONS
        return (f"No sessions in the {PERIODS[self.period_key][0].lower()}. Choose “All "
                f"time” to see earlier ones.")
