"""Outcomes: how the therapist's patients did, per set, between their first and last week.

One ``Measure`` per imported patient (``painease.storage.patients.patient_weeks``, by the
rules of ``painease.domain.cohort_weeks``: baseline = the average pain rated before
sessions in their first week of rated sessions, latest = the same in their last week; a
rated session is one rated before and after, as in Insights; a week with fewer than 3
ratings gives no value, fewer than 5 is said to be taken lightly, and the summary names
both), in the column of each set they did sessions of (``set_columns``: by set id,
named by its title; "No set" when their results carry none): the set they follow, and
any earlier one they moved on from, so one patient can be in two columns, each time with
that set's sessions only; the summary counts people once and names who is in several.
A set's column counts only the sessions done during the set (from the day the patient
started it to the end of its planned weeks) and those done later for it that its
progress counts (``set_sessions``, by the rule of
``painease.domain.cohort_set``), so months of history before a set are not credited to
it, and its header says so; "No set" and the therapist's own groups count all sessions,
and their headers say that. Every column counts as started only patients with at least
one session in it (in a set's column, one of the set's): one who has done none there yet
is left out of it, and the summary (``cohort_summary``) names them. The summary says
whose weeks it means in the headers' words ("the sessions of their set", late ones
included), never "during" the set. The row once called "Completers" counts patients
with enough ratings in both weeks, not people who finished a set, so it is named for
that.
The statistics are ``painease.domain.cohort.cohort_outcomes``, the same code as
``painease cohort``. The table has one column per set and one row per measure
(``cohort_words``): started, with enough ratings in both weeks (``cohort``'s
completers), pain 0–1 / ≥30 % / ≥50 % lower (of everyone, of those with both weeks),
mean pain change with its 95 % interval, and Hedges' g against the reference set chosen in the
combo. A share over fewer than 3 patients is a count alone; a line under the table names
the columns with one, and those with a percentage over fewer than 5 to treat lightly
(the small-numbers rule of the patient's Insights, ``painease.domain.small_numbers``).
The definitions stand in plain words under the table. Until some patient's results can
be read, the choices and the table are hidden and a sentence says why (none
imported yet, or whose could not be read). A value that cannot be read in a session (its
start, a rating, its end…) costs only that session, and the summary says how many were
left out, and whose (one none of whose could be read, or by set none of their set's or
of the set they now follow, is said there, not as having done no session: they did some).

"Group by" switches to the therapist's own groups instead (set on the Patients page with
"Group…", ``PatientStore.set_group``; patients without one are in "No group").
``refresh()`` reads every patient's database again (``cohort_read.read_cohort``) on a
worker thread (``cohort_loader``): it returns at once, a line says "Reading N patients'
results…", and the table fills when the answer arrives (``read_done``; an older answer
that arrives after a newer ``refresh`` is dropped). A show reads the first time and then
only when something it read changed since (``cohort_read.cohort_state``: an import, a
patient's file, a name or group, the day), so a new import counts and going back to the
tab costs no read. Built, the view has read nothing yet. Its widgets: main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from painease.domain.cohort import CohortResult, Measure, cohort_outcomes
from painease.domain.cohort_weeks import EndWeeks
from painease.storage import SessionStore
from painease.ui.therapist.cohort_summary import LeftOut, Shown, summary_text
from painease.ui.therapist.cohort_words import (  # noqa: F401 - KEYS, ROWS: for tests
    ALL_SESSIONS,
    COLUMNS_ARE,
    DEFINITIONS,
    GROUPINGS,
    KEYS,
    OF_THE_SET,
    ROWS,
    few_patients,
    reading_text,
    row_cells,
)
from painease.ui.therapist.fitted_table import fit_columns
from painease.ui.therapist.forms import (
    COLUMNS_BOTTOM,
    COLUMNS_SIDE,
    COLUMNS_TOP,
    ElidingCombo,
    chosen,
    form_layout,
    named,
    scrolled_column,
)
from painease.ui.widgets import label


class CohortView(QWidget):
    """``measures`` and ``result`` hold what is on screen (tests read them)."""

    read_done = Signal()  # the newest read's answer is on screen (or why it failed)

    def __init__(self, store: SessionStore):
        from painease.ui.therapist.cohort_loader import CohortLoader

        super().__init__()
        self.store = store
        self.loader = CohortLoader(store.path, self)
        self.loader.loaded.connect(self._loaded)
        self._waiting = 0  # the generation of the read whose answer counts; 0: none asked
        self.measures: list[Measure] = []  # grouped as chosen in "Group by"
        # (their first and last week of the sessions of their set, the same of all their
        # sessions, their set's column, their own group, their name, their key, whether
        # they did a session of their set (with no set: any session), whether they did any
        # session at all)
        self._found: list[tuple[EndWeeks, EndWeeks, str, str | None, str, str, bool,
                                bool]] = []
        self._weeks: list[tuple[str, EndWeeks]] = []  # (name, weeks) of those in the table
        # Names left out of the table, as (name, their set is why): with no session of
        # their set yet (True), or with no session at all (False).
        self._not_started: list[tuple[str, bool]] = []
        # In two or more sets' columns; with no session of the set they follow but in
        # another set's column (``_regroup``).
        self._in_several: list[str] = []
        self._elsewhere: list[str] = []
        self._unreadable: list[str] = []
        # Whose sessions were left out as a value in them cannot be read, how many, why.
        self._left_out: list[LeftOut] = []
        self.result: CohortResult | None = None
        outer = QVBoxLayout(self)
        # Its title where the other tabs' are, its left and bottom edges too.
        outer.setContentsMargins(COLUMNS_SIDE, COLUMNS_TOP, COLUMNS_SIDE, COLUMNS_BOTTOM)
        layout = scrolled_column(outer, 1, "Outcomes")  # scrolls at 200 % text instead of squeezing
        layout.addWidget(label("Outcomes across your patients", "title"))
        # "Reading N patients' results…" while the worker reads (``refresh``).
        self.status = label("", "muted", name="cohort-status")
        self.status.hide()
        layout.addWidget(self.status)
        self.summary = label("", "muted", name="cohort-summary")
        layout.addWidget(self.summary)
        # A form, not a row: at 200 % text the two choices do not fit side by side. It,
        # the table and the line about its columns show only once there are results.
        self.choices = QWidget()
        choices = form_layout(self.choices)
        choices.setContentsMargins(0, 0, 0, 0)
        self.grouping = named(ElidingCombo(), "cohort-grouping", "Group by",
                              "Group patients by the sets they did sessions of (each set's "
                              "column) or by your own groups (set on the Patients page)")
        for key, text in GROUPINGS.items():
            self.grouping.addItem(text, key)
        self.grouping.currentIndexChanged.connect(self._regroup)
        choices.addRow("Group by:", self.grouping)
        self.reference = named(ElidingCombo(), "cohort-reference", "Compare with",
                               "The set or group every other one's Hedges' g is computed "
                               "against")
        self.reference.currentIndexChanged.connect(self._show)
        choices.addRow("Compare with:", self.reference)
        layout.addWidget(self.choices)
        # Measures in rows and groups in columns, as results tables usually are: with a few
        # sets it fits the page even at 200 % text (eight measure columns did not).
        self.columns_are = label("", "muted", name="cohort-columns")
        layout.addWidget(self.columns_are)
        self.table = named(QTableWidget(len(ROWS), 0), "cohort-table", "Outcomes per group",
                           "One column per set or group, its header saying which sessions "
                           "count; rows: patients started, those with enough ratings in "
                           "both weeks, the yardsticks of everyone and of those with both "
                           "weeks, mean pain change with its 95% interval, and "
                           "Hedges' g of the change against the reference group")
        self.table.setVerticalHeaderLabels(ROWS)
        self.table.setToolTip("Each yardstick: first of everyone who started, then of "
                              "those with enough ratings in both weeks only")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Headers wrap too when their columns give up width (``fit_columns``).
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag(Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value))
        self.table.viewport().installEventFilter(self)  # ``eventFilter``: columns follow it
        layout.addWidget(self.table)
        # Under the table, the columns whose shares are over only a few (``few_patients``).
        self.few = label("", "muted", name="cohort-few")
        self.few.hide()
        layout.addWidget(self.few)
        self.definitions = label("\n\n".join(DEFINITIONS), "muted", name="cohort-definitions")
        self.definitions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.definitions)
        layout.addStretch(1)
        # What the last read depended on (``cohort_read.cohort_state``); None: not read
        # yet. Read when first shown (``showEvent``), not here: the tab is built hidden.
        self._state: tuple | None = None
        for part in (self.choices, self.columns_are, self.table):
            part.hide()  # until a read finds someone's results

    def refresh(self) -> None:
        """Read every imported patient's first and last week of ratings again, on a worker
        thread: returns at once; the answer fills the table (``_loaded``)."""
        from painease.storage import StoreError
        from painease.ui.therapist.cohort_read import cohort_state

        try:
            self._state = cohort_state(self.store)  # before the read: a later change shows
        except StoreError as exc:
            self._state = None
            self._waiting = 0  # an answer still on its way is no longer wanted
            self.status.hide()
            self.summary.setText(f"Your patients could not be read: {exc}")
            self.read_done.emit()
            return
        self.status.setText(reading_text(len(self._state[1])))
        self.status.show()
        self._waiting = self.loader.load()

    @property
    def reading(self) -> bool:
        """Whether the answer to the newest ``refresh`` is still to come."""
        return self._waiting != 0

    def _loaded(self, generation: int, result: object) -> None:
        from painease.storage.patients import set_columns

        if generation != self._waiting:
            return  # an older question's answer; the newest one's is on its way
        self._waiting = 0
        self.status.hide()
        if isinstance(result, Exception):
            self._state = None  # the next show tries again
            # In its own words, as ``refresh`` says one (the therapist's page: a path may
            # be in it).
            self.summary.setText(f"Your patients could not be read: {result}")
            self.read_done.emit()
            return
        found, unreadable, self._left_out = result
        # Columns by set, not by title: two sets that share a title stay apart, and one
        # set retitled in a later version stays one column.
        columns = set_columns([program for _, _, program, *_ in found])
        self._found = [(of_set, everything, column, group, *rest)
                       for (of_set, everything, _, group, *rest), column
                       in zip(found, columns, strict=True)]
        self._unreadable = unreadable
        for part in (self.choices, self.columns_are, self.table):
            part.setVisible(bool(found))
        self._regroup()
        self.read_done.emit()

    def _regroup(self) -> None:
        from painease.storage.patients import NO_GROUP, NO_SET

        own = chosen(self.grouping) == "own"
        # Their own groups: each patient once (the entry of the set they follow). Sets:
        # every set's column they did sessions of (``refresh``).
        entries = [entry for entry in self._found if entry[-1] or not own]
        # Started means at least one session, in every column: a set's counts those of
        # the set (``set_sessions``); "No set" and the therapist's own groups, any session.
        shown = [(everything if own else of_set, group or NO_GROUP if own else column,
                  name, key_id)
                 for of_set, everything, column, group, name, key_id, began, any_session, _
                 in entries if (any_session if own else began)]
        columns_of: dict[str, int] = {}
        for *_, key_id in shown:
            columns_of[key_id] = columns_of.get(key_id, 0) + 1
        self.measures = [weeks.measure(key_id, group) for weeks, group, _, key_id in shown]
        # Who is in two columns is named with the column in the summary's lists, in words
        # (a name may end in brackets already: "Sam (key 1a2b …) in “Two weeks”").
        self._weeks = [(name if columns_of[key_id] == 1 else f"{name} in “{group}”", weeks)
                       for weeks, group, name, key_id in shown]
        self._in_several = list(dict.fromkeys(name for _, _, name, key_id in shown
                                              if columns_of[key_id] > 1))
        waiting = [(name, key_id, any_session)
                   for *_, name, key_id, began, any_session, _ in entries
                   if not (any_session if own else began)]
        # One with none of the sessions of their set (or of the set they follow now) to
        # count, some of whose sessions were left out for a start or another value that
        # cannot be read (not only a rating: such a session still counts as done), did
        # sessions, maybe of that set: the summary says them there, not as having none.
        placeless = {out.name for out in self._left_out if out.starts or out.others}
        # No session yet of the set they follow, but in an earlier set's column.
        earlier = {name for name, key_id, _ in waiting if key_id in columns_of}
        self._elsewhere = [name for name, key_id, _ in waiting
                           if name in earlier and name not in placeless]
        out = {name for name, key_id, _ in waiting if key_id not in columns_of}
        self._not_started = [(name, any_session) for name, key_id, any_session in waiting
                             if name in out and name not in placeless]
        left_out = [lost._replace(none_of_set=lost.name in out & placeless
                                  and not lost.all_of_theirs,
                                  none_of_now=lost.name in earlier & placeless)
                    for lost in self._left_out]
        outcomes = cohort_outcomes(self.measures)
        self.summary.setText(summary_text(Shown(
            self.measures, self._weeks, self._not_started, self._in_several,
            self._elsewhere, self._unreadable, left_out), own))
        self.few.setText(few_patients(outcomes))
        self.few.setVisible(bool(self.few.text()))
        self.columns_are.setText(COLUMNS_ARE["own" if own else "set"])
        self._counts = {m.group: ALL_SESSIONS if own or m.group == NO_SET else OF_THE_SET
                        for m in self.measures}  # what each column counts, in its header
        keep = chosen(self.reference)
        groups = [row.group for row in outcomes.groups]
        self.reference.blockSignals(True)
        self.reference.clear()
        for name in groups:
            self.reference.addItem(name, name)
        if keep in groups:
            self.reference.setCurrentIndex(groups.index(keep))
        self.reference.blockSignals(False)
        self._show()

    def group_by(self, key: str) -> None:
        """'set' or 'own' (what the "Group by" combo chooses)."""
        self.grouping.setCurrentIndex(self.grouping.findData(key))

    def choose_reference(self, group: str) -> None:
        self.reference.setCurrentIndex(self.reference.findData(group))

    def _show(self) -> None:
        self.result = cohort_outcomes(self.measures, chosen(self.reference))
        groups = self.result.groups
        self.table.setColumnCount(len(groups))
        self.table.setHorizontalHeaderLabels([self.header(row.group) for row in groups])
        for c, row in enumerate(groups):
            name, *cells = row_cells(row, self.result)
            for r, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns, rows and the table's height fitted to what it shows
        (``fitted_table.fit_columns``)."""
        fit_columns(self.table)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        """Fit the columns again whenever the table's viewport changes width: also when only
        the page's scroll bar comes or goes (the view itself keeps its size then). Once
        the layout has settled (the next turn of the event loop), not in the middle of it,
        where a size half updated would be fitted."""
        if (watched is self.table.viewport() and event.type() == QEvent.Type.Resize
                and event.size().width() != event.oldSize().width()):
            QTimer.singleShot(0, self, self.fit_columns)
        return super().eventFilter(watched, event)

    def header(self, group: str) -> str:
        """A column's title: the group's name, then which sessions it counts."""
        return f"{group}\n({self._counts[group]})"

    def cell(self, group: str, key: str) -> str:
        """The text shown for ``group`` in the row ``key`` (one of ``KEYS``; "group": the
        column's title)."""
        for c in range(self.table.columnCount()):
            title = self.table.horizontalHeaderItem(c).text()
            if title == self.header(group):
                if key == "group":
                    return title
                return self.table.item(KEYS.index(key) - 1, c).text()
        raise KeyError(group)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Read on the first show, and again on a later one only when something it read
        changed (``cohort_read.cohort_state``: an import, a patient's file, a name or
        group, the day): going back to the tab is otherwise instant."""
        super().showEvent(event)
        if not self.reading and (self._state is None or self._changed()):
            self.refresh()

    def _changed(self) -> bool:
        from painease.storage import StoreError
        from painease.ui.therapist.cohort_read import cohort_state

        try:
            return cohort_state(self.store) != self._state
        except StoreError:
            return True  # ``refresh`` says so

