"""Patients: results files patients sent, imported and read per patient (therapist side).

Import results… asks for a ``*.painease-results`` file and hands it to
``painease.packs.results.import_results`` with this install's identity: the file is
decrypted, checked and merged into that patient's own database; its one-line message (or
error) is shown. A file signed with a known patient's key that gives another name than
their latest results did is only merged once the therapist says yes to a question
(``painease.packs.sender_name``); a name the therapist gave (Rename…) is never asked
about (the import itself: ``results_import``). The list shows each patient (name, key
fingerprint, last import, sessions); when the name their latest results gave reads
otherwise than the therapist's label, the list and the chosen patient say it too ("Sam B
— their results say “Sam”", ``sender_name.sent_name_note``).
Choosing one shows the set they follow with its progress ("3 of 5 done") and the day of
their latest session (``patient_progress``), and their sessions: the Insights
page on their database (all time, its readings and "PDF report…" speaking about the
patient by name) when the installed ``InsightsPage`` takes a ``store`` argument, else a
summary table here (date, session, outcome, pain and sense of threat before → after).
"Group…" puts the patient in a group of the therapist's own, which the Outcomes tab
(``cohort_view``) can compare (Rename… and Group…: ``patient_labels``). Days and times
are the patient's, on their clock (``painease.storage.zones``): one line says whose clock
when it is not this computer's, or that older results did not say.

Main thread only. The patients' databases are opened for reading and closed again.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from painease.domain.vocabulary import THREAT_NAME, counted, ended_words
from painease.local_time import day_text, when_text
from painease.storage import SessionStore, StoreError
from painease.ui.therapist.forms import ReflowColumns, button_grid, named, reachable
from painease.ui.therapist.patient_labels import READ_ERRORS, LabelsPatients, read_reason
from painease.ui.therapist.patient_progress import FOCUS_RING, PatientProgress, copy_problem
from painease.ui.therapist.results_import import KEY_ROLE, ImportsResults
from painease.ui.widgets import button, label, note_box
from painease.ui.wrapped_items import WrappedItems

COLUMNS_MIN_CHARS = 90  # narrower than this many characters: one column
THREAT = THREAT_NAME.lower()
DETAIL_SHARE = 0.8  # of the page's height, for the chosen patient's sessions when stacked
LIST_ROWS = 3  # patients the list shows at least, when stacked


class PatientList(QListWidget):
    """The list of patients; at least ``least_rows`` patients tall (or all, when fewer),
    whatever the text size. Stacked over the patient's sessions, it was squeezed to its
    minimum: one patient at 200 % text."""

    least_rows = 0

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        shown = range(min(self.count(), self.least_rows))
        if not shown:
            return hint
        height = (sum(self.sizeHintForRow(row) + 2 * self.spacing() for row in shown)
                  + 2 * self.frameWidth())
        return QSize(hint.width(), max(hint.height(), height))


def outcome_text(session) -> str:
    """How a ``Session`` ended, in the words of Insights' list (``ended_words``):
    "completed, listened to 3:10 of 10:00", "interrupted at 9:02 of 10:00"."""
    return ended_words(session.outcome, session.elapsed_ms, session.played_ms,
                       session.length_minutes)


def insights_takes_a_store() -> bool:
    from painease.ui.insights_page import InsightsPage

    return "store" in inspect.signature(InsightsPage.__init__).parameters


class PatientsPage(LabelsPatients, ImportsResults, QWidget):
    def __init__(self, store: SessionStore, titles: Mapping[str, str] | None = None):
        super().__init__()
        self.store = store
        self.titles = dict(titles or {})  # script id → title, for the Insights charts
        self.import_dialog = self.name_question = self.problem_box = None  # results_import
        self.read_problem: QMessageBox | None = None  # the list could not be read again
        self.detail_store: SessionStore | None = None
        # The list beside the chosen patient when there is room; at large text in a small
        # window the patient moves under the list and the page scrolls as one column.
        self.columns = ReflowColumns(COLUMNS_MIN_CHARS, stretch=(2, 3),
                                     names=("Patients", "Patient details"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.columns)
        left = self.columns.first
        left.addWidget(label("Patients", "title"))
        self.import_button = button("&Import results…", "results-import",
                                    "Open a results file a patient sent you", primary=True)
        self.import_button.clicked.connect(self.ask_import)
        left.addWidget(self.import_button)
        self.message = label("", name="results-message")
        left.addWidget(self.message)
        self.list = named(PatientList(), "patients-list", "Patients",
                          "Patients whose results you imported; choose one to see them")
        self.wrapped_items = WrappedItems(self.list)  # word wrap, heights that fit
        # Its lines wrap, so it never needs to scroll sideways.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._show_patient)
        left.addWidget(self.list, 1)

        right = self.columns.second
        self.heading = label("", "heading", name="patient-heading")
        self.rename_button = button("Rename…", "patient-rename",
                                    "Change the name this patient is shown by here")
        self.rename_button.setEnabled(False)
        self.rename_button.clicked.connect(self.ask_rename)
        self.rename_dialog = None  # the open question (patient_labels)
        self.group_button = button("Group…", "patient-group",
                                   "Put this patient in a group of your own, for comparing "
                                   "groups on the Outcomes tab")
        self.group_button.setEnabled(False)
        self.group_button.clicked.connect(self.ask_group)
        self.group_dialog = None
        # The name on a line of its own: beside the buttons, a long name at 200 % text
        # would make the page wider than the window.
        right.addWidget(self.heading)
        # The heading and the muted note are not Tab stops, so they keep no clear border
        # for a focus ring: as far in as the lines near them that do (the name their
        # results give, the set lines), else their text sat 2 px left of those.
        self.heading.setContentsMargins(FOCUS_RING, 0, 0, 0)
        # The name their latest results gave, when it reads otherwise than the label above.
        self.sent_note = reachable(label("", name="patient-sent-name"), "patient-sent-name",
                                   "Name in their results", "The name this patient's latest "
                                   "results gave, shown when it is not the name you show "
                                   "them by")
        self.sent_note.hide()
        right.addWidget(self.sent_note)
        right.addLayout(button_grid((self.group_button, self.rename_button)))
        self.note = label("", "muted", name="patient-note")
        self.note.setContentsMargins(FOCUS_RING, 0, 0, 0)
        right.addWidget(self.note)
        # Whose clock the days and times are on, when it is not this computer's (once, for
        # the whole detail area: the table or Insights, and the report made there).
        self.zone_note = reachable(label("", name="patient-zone"), "patient-zone",
                                   "Time zone", "Whose clock this patient's days and times "
                                   "are shown on")
        self.zone_note.hide()
        right.addWidget(self.zone_note)
        self.progress = PatientProgress()
        right.addWidget(self.progress)
        self.detail = QStackedWidget()
        self.table = named(QTableWidget(0, 4), "patient-sessions", "Sessions",
                           "The patient's sessions: day, session, outcome, and pain and "
                           "sense of threat before and after")
        self.table.setHorizontalHeaderLabels(["Day", "Session", "Outcome",
                                              "Before → after"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.detail.addWidget(self.table)
        right.addWidget(self.detail, 1)
        self.columns.laid_out.connect(self._size_detail)
        self.refresh()

    def _size_detail(self, stacked: bool) -> None:
        """Stacked, the patient's sessions (their Insights) would get only their minimum
        height in the one scrolling column: give them most of the page's height instead,
        and the list of patients room for ``LIST_ROWS`` of them."""
        self.detail.setMinimumHeight(round(self.height() * DETAIL_SHARE) if stacked else 0)
        # And the list above them at least a few patients tall.
        self.list.least_rows = LIST_ROWS if stacked else 0
        self.list.updateGeometry()

    def refresh(self) -> bool:
        """Read the list of patients again and show the chosen one. False when this
        install's database cannot be read (locked, damaged): the list keeps what it showed,
        and the message line and a dialog (``read_problem``) say why."""
        from painease.packs.sender_name import key_text, sent_name_note
        from painease.storage.patients import PatientStore

        try:
            patients = PatientStore(self.store).patients()
        except READ_ERRORS as exc:
            self._list_problem(exc)
            return False
        chosen = self.list.currentItem().data(KEY_ROLE) if self.list.currentItem() else None
        # Rebuilt quietly and shown once: a list emptied for a moment would have turned
        # Rename… and Group… off, and sent the focus of whoever just used them elsewhere.
        self.list.blockSignals(True)
        self.list.clear()
        for patient in patients:
            sent = sent_name_note(patient)
            when = when_text(patient.last_imported_at.astimezone())  # this computer's clock
            item = QListWidgetItem(f"{patient.name}{f' — {sent}' if sent else ''}\n"
                                   f"{key_text(patient.public_key)}"
                                   f" · last import {when}")
            item.setData(KEY_ROLE, patient.key_id)
            self.list.addItem(item)
            if patient.key_id == chosen:
                self.list.setCurrentItem(item)
        if patients and self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._show_patient(self.list.currentItem())
        if not patients:
            self.heading.setText("No results imported yet")
            self.note.setText("When a patient sends you a results file, import it here. "
                              "Only you can open it: it is sealed to your key.")
        return True

    def _list_problem(self, error: Exception) -> None:
        """Say that the list of patients cannot be read again (it shows what it showed)."""
        reason = read_reason(error, self.store)
        self.message.setText(f"The list of patients cannot be shown: {reason}.")
        self.read_problem = note_box(
            "patients-read-problem", "Patients not shown",
            f"The list of patients cannot be read again: {reason}.",
            "Nothing was changed or deleted. The list shows what it showed before.",
            "Close this note", warning=True, parent=self)
        self.read_problem.open()

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def _show_patient(self, item: QListWidgetItem | None) -> None:
        """Show the chosen patient (a slot: raises nothing). This install's database that
        cannot be read (locked, damaged) is said in the note; nothing is changed."""
        self.rename_button.setEnabled(item is not None)
        self.group_button.setEnabled(item is not None)
        self.progress.clear()
        self.zone_note.clear()
        self.zone_note.hide()
        self.sent_note.hide()
        if item is None:
            return
        try:
            self._show_chosen(item.data(KEY_ROLE))
        except READ_ERRORS as exc:
            self._drop_detail()
            self.rename_button.setEnabled(False)
            self.group_button.setEnabled(False)
            self.progress.clear()
            self.heading.setText(item.text().split("\n")[0])
            self.note.setText(f"This patient cannot be shown: "
                              f"{read_reason(exc, self.store)}.")
            self.table.setRowCount(0)
            self.detail.setCurrentWidget(self.table)

    def _show_chosen(self, key_id: str) -> None:
        """``_show_patient``'s work; raises what reading this install's database raises."""
        from painease.domain.voice import voice_for
        from painease.packs.results import ResultsError, open_patient
        from painease.packs.sender_name import sent_name_note, told_apart
        from painease.storage.patients import PatientStore
        from painease.storage.zones import patient_zone

        patients = PatientStore(self.store)
        patient = patients.patient(key_id)
        # With their key when another patient has the same name, as the list shows it.
        shown = told_apart(patients.patients())[key_id]
        self.heading.setText(shown + (f" · group {patient.group}" if patient.group else ""))
        sent = sent_name_note(patient)
        self.sent_note.setText(f"{sent[0].upper()}{sent[1:]}." if sent else "")
        self.sent_note.setVisible(bool(sent))
        self._drop_detail()
        try:
            self.detail_store = open_patient(patient.key_id)
            sessions = self.detail_store.sessions()
            zone = patient_zone(self.detail_store)  # their clock: their days
        except (ResultsError, StoreError) as exc:  # a damaged value: a therapist's words
            shown_exc = exc if self.detail_store is None else copy_problem(exc, self.detail_store)
            self.note.setText(f"Their sessions cannot be shown: {shown_exc}.")
            self.table.setRowCount(0)
            return
        zone_text = zone.note(voice_for(patient.name))
        self.zone_note.setText(zone_text)
        self.zone_note.setVisible(bool(zone_text))
        newest = patients.latest_import(patient.key_id)
        covered = patients.covered(patient.key_id)  # the days their results cover
        # The file's period, said as the file's: right above "Last session: …", "latest
        # period 01 Nov – 30 Nov" read as if the newest sessions were November's.
        # The first day's year only when it is not the last's ("1 Dec 2026 – 31 Jan 2027").
        span = "" if newest is None else (
            " Their newest results file covers "
            f"{day_text(newest.period_from, year=newest.period_from.year != newest.period_to.year)}"
            f" – {day_text(newest.period_to)}.")
        self.note.setText(f"{counted(len(sessions), 'session', 'sessions')} imported.{span}")
        self.progress.show_patient(self.detail_store, sessions, tz=zone.tz,
                                   covered_to=covered[-1][1] if covered else None)
        if insights_takes_a_store():
            from painease.ui.insights_page import InsightsPage

            # All time: a patient's results may be older than the default three months.
            page = InsightsPage(store=self.detail_store, titles=self.titles, period="all",
                                patient_name=patient.name, tz=zone.tz, zone_note=zone_text,
                                report_facts={"covered": covered, "patient_shown": (
                                    shown if shown != patient.name else "")})
            self.detail.addWidget(page)
            self.detail.setCurrentWidget(page)
            return
        self.detail.setCurrentWidget(self.table)
        self._fill_table(self.detail_store, sessions, zone.tz)

    def _drop_detail(self) -> None:
        """Forget the previous patient's view, then close their database (in that order).

        Its charts are deleted now (``drop_view``: once its worker's read is done), not left
        to ``deleteLater``: pyqtgraph items deleted later, with whatever Qt lays out or
        deletes next, crashed the process now and then when a patient was switched."""
        while self.detail.count() > 1:
            old = self.detail.widget(1)
            self.detail.removeWidget(old)
            old.drop_view()
            old.deleteLater()
        if self.detail_store is not None:
            self.detail_store.close()
            self.detail_store = None

    def _fill_table(self, store: SessionStore, sessions, tz) -> None:
        self.table.setRowCount(0)
        for session in reversed(sessions):
            ratings = store.ratings(session.id)
            pre, post = ratings.get("pre"), ratings.get("post")
            change = "not rated"
            if pre is not None:
                change = f"pain {pre.pain} / {THREAT} {pre.fear}"
                if post is not None:
                    change = (f"pain {pre.pain} → {post.pain} / {THREAT} {pre.fear} → "
                              f"{post.fear}")
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (day_text(session.started_at, tz, weekday=True), session.script_id,
                     outcome_text(session), change)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def close_view(self) -> None:
        """What closing the page does: a merge waiting for another import is not tried
        after this, the patient shown has their database closed and their charts deleted
        now. The workspace calls it as the window closes (the page's closeEvent does not
        run there)."""
        self.stop_waiting()
        self._drop_detail()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.close_view()
        super().closeEvent(event)
