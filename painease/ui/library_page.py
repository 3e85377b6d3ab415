"""Library: every playable script, a filter by kind, the chosen script's details, a length.

It opens on the session Home suggests, at its length (``opens_on``, asked when there is
first a catalog to show: ``home_suggestion.library_choice``), and names what Home names from
then on: whenever Home is rebuilt (``follow_home``: the patient's day turned, the set card
showed another set, a session was done and the set's next moved on) and whenever a new
catalog comes (a pack imported, which may make a new set current), it moves on to the
session Home now suggests. It follows while on screen too (keyboard focus stays where it
is) and while a session runs (it is not on screen then): until the patient chooses, it
shows only Home's suggestion, which is never worth keeping once Home names another.

What the patient chooses here themselves (``patient_chose``: the kind, the session or the
length) stays chosen, and a new catalog keeps the kind and the session chosen, and its
length, wherever they still apply, until the pick is used or the day turns
(``drop_pick``): a session started here ended past the Before page, however it ended
(``window_in_use.session_over``; Back on Before started nothing and keeps it), or a new
day began (``new_day.new_day``). It follows Home again from then on. A session started
from Home leaves the pick alone. The kind filter is how the patient looks at the list,
not a pick: it stays, unless it hides the session Home suggests; then every kind is
shown, so that the two pages still name one session (the patient is shown today's
session where they look, rather than a list whose first entry Home never named).

Enter (or a double click) on a session in the list starts it as Start does: it leads to
the Before page, not straight into audio, and Back from there returns here.

Session files left out of the catalog (a mistake in one) are said under the list, with
what to do (``library_notice``).

Main thread only. Shows the ``catalog`` it is handed; keeps no copy beyond list items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from painease.domain.vocabulary import Kind, minutes_text
from painease.ui.eliding_combo import ElidingCombo
from painease.ui.flow_row import FlowRow, moving_group
from painease.ui.library_notice import LibraryNotice
from painease.ui.therapist.forms import ReflowColumns
from painease.ui.widgets import button, card, label, wheel_only_when_focused
from painease.ui.wrapped_items import WrappedItems

KIND_WORDS = {
    Kind.SOMATIC_TRACKING: "Somatic tracking",
    Kind.RELAXATION: "Relaxation",
    Kind.BREATHING: "Breathing",
    Kind.EMOTIONAL_AWARENESS: "Emotional awareness",
    Kind.EDUCATION: "Learning about pain",
}
ID_ROLE = Qt.ItemDataRole.UserRole
# The details move under the list only when both columns' content cannot fit side by side
# (a narrow window at large text), never for the text size alone: so the window need not be
# wider at 200 % text than the list's or the details' own content.
COLUMNS_MIN_CHARS = 0
SHOWN_ROWS = 5  # the list asks for room to show this many sessions whole

if TYPE_CHECKING:
    from painease.catalog import Catalog


class SessionList(QListWidget):
    """The list of sessions, asking for the height of its first ``SHOWN_ROWS`` items.

    Side by side with the details the list simply fills its column. When the details go
    under it (a narrow window at large text) the column is as tall as its content asks,
    and a plain list asks for Qt's default 192 px: two sessions at 200 % text, a slit to
    scroll through. The item heights are those ``WrappedItems`` sets.

    ``chosen`` is emitted for Enter or Return on the current session. Not Qt's
    ``itemActivated``: on desktops set to "one click opens" that fires on a single click,
    and a click should only choose a session to read about."""

    chosen = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.chosen.emit()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        rows = range(min(self.count(), SHOWN_ROWS))
        height = (sum(self.sizeHintForRow(row) + 2 * self.spacing() for row in rows)
                  + 2 * self.frameWidth())
        return QSize(hint.width(), max(hint.height(), height))


class LibraryPage(QWidget):
    """Emits ``start_requested(script_id, minutes)``. ``opens_on()`` gives the script id and
    minutes to open on: Home's suggestion (None: none, or not known)."""

    start_requested = Signal(str, float)

    def __init__(self, catalog: Catalog | None,
                 opens_on: Callable[[], tuple[str, float] | None] | None = None):
        super().__init__()
        self.catalog = catalog
        self._opens_on = opens_on  # asked with the first catalog and on following Home
        self._opened = False  # whether the first catalog was opened on Home's suggestion
        # Whether the patient chose the kind, session or length shown (see patient_chose).
        self.patient_chose = False
        self._own_changes = 0  # > 0 while the page itself changes what is chosen
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.columns = ReflowColumns(COLUMNS_MIN_CHARS, stretch=(2, 3),
                                     names=("Library", "Session details"))
        outer.addWidget(self.columns)

        column = self.columns.first
        column.setSpacing(10)
        column.addWidget(label("Library", "title"))
        self.kind = wheel_only_when_focused(ElidingCombo())
        self.kind.setObjectName("kind-filter")
        # Whole at 200 % text (it set the column's width), shortened only on a larger one.
        self.kind.shortest = 22
        self.kind.setAccessibleName("Show")
        self.kind.setAccessibleDescription("Show only one kind of session")
        self.kind.currentIndexChanged.connect(self._fill)
        self.kind.currentIndexChanged.connect(self._changed)
        column.addWidget(self.kind)
        self.list = SessionList()
        self.list.setObjectName("library-list")
        self.list.setAccessibleName("Sessions")
        self.list.setAccessibleDescription("The guided sessions you can play")
        self.wrapped_items = WrappedItems(self.list)  # word wrap, heights that fit
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._show_details)
        self.list.currentItemChanged.connect(self._changed)
        # Enter on a session (or a double click) starts it, as Start does: that opens the
        # Before page, where nothing is stored or played yet and Back (Esc) returns here.
        self.list.chosen.connect(self._start)
        self.list.itemDoubleClicked.connect(lambda item: self._start())
        column.addWidget(self.list, 1)
        # Files left out of the catalog, said under the list (over it, at 200 % text, it
        # pushed the sessions out of sight); its text changes with each catalog.
        self.notice = LibraryNotice()
        column.addWidget(self.notice)

        box, details = card()
        self.title = label("", "heading")
        self.kind_label = label("", "muted")
        self.summary = label("")
        self.when = label("")
        self.length = wheel_only_when_focused(ElidingCombo())
        self.length.setObjectName("length-choice")
        # As wide as its longest entry for each session, not as the first one shown (at
        # 200 % text "0.5 minutes" was cut off in a box sized for "5 minutes").
        self.length.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.length.setAccessibleName("Length")
        self.length.setAccessibleDescription("How many minutes the session lasts")
        self.length.currentIndexChanged.connect(self._changed)
        self.start = button("Start", "start-session", "Start the chosen session", primary=True)
        self.start.clicked.connect(self._start)
        for widget in (self.title, self.kind_label, self.summary):
            details.addWidget(widget)
        details.addWidget(label("When to use it", "muted"))
        details.addWidget(self.when)
        details.addStretch(1)
        self.columns.second.addWidget(box, 1)
        # The length and Start stay in sight under the columns, however far the details
        # (long at 200 % text) are scrolled.
        # The length beside Start at the right; Start goes under the length when both do
        # not fit (large text, a narrow window).
        row = FlowRow(spacing=12, at_right=True)
        row.setContentsMargins(24, 0, 24, 16)
        length = moving_group()
        length.layout().addWidget(label("Length", "muted", wrap=False))
        length.layout().addWidget(self.length, 1)
        row.addWidget(length)
        row.addWidget(self.start)
        outer.addLayout(row)

        QWidget.setTabOrder(self.kind, self.list)
        QWidget.setTabOrder(self.list, self.length)
        QWidget.setTabOrder(self.length, self.start)
        self.set_catalog(catalog)

    def set_catalog(self, catalog: Catalog | None) -> None:
        """Show ``catalog`` (``None`` while it is still loading: an empty list). The kind
        chosen stays chosen while the catalog has sessions of it, and the session chosen
        (at its length) while it is listed; unless the patient chose them, it opens on
        Home's suggestion instead (Home, rebuilt first, suggests from this catalog)."""
        self._own_changes += 1
        try:
            self._set_catalog(catalog)
        finally:
            self._own_changes -= 1

    def _set_catalog(self, catalog: Catalog | None) -> None:
        self.catalog = catalog
        self.notice.show_catalog(catalog)
        present = {e.script.kind for e in catalog.entries.values()} if catalog else set()
        shown_kind = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem("All kinds of session", "")
        for kind, words in KIND_WORDS.items():
            if kind in present:
                self.kind.addItem(words, kind.value)
        if shown_kind:
            self.kind.setCurrentIndex(max(0, self.kind.findData(shown_kind)))
        self.kind.blockSignals(False)
        self._fill()
        if catalog is not None and not self.patient_chose:
            self._opened = True
            self._open_on_suggestion()

    def follow_home(self) -> None:
        """Home was rebuilt (``HomePage.rebuilt``: a new day, another set shown, a
        session done or stored, a pack imported…): open on the session Home now suggests,
        at its length, unless the patient chose something here (``patient_chose``) that is
        not used up yet (``drop_pick``). When the suggestion is the one shown already
        nothing changes. Keyboard focus stays on
        the control it was on (none is rebuilt)."""
        if self._opened and not self.patient_chose:
            self._own_changes += 1
            try:
                self._open_on_suggestion()
            finally:
                self._own_changes -= 1

    def _open_on_suggestion(self) -> None:
        chosen = self._opens_on() if self._opens_on is not None else None
        if chosen is None:
            return
        entry = self.catalog.entries.get(chosen[0]) if self.catalog is not None else None
        shown_kind = self.kind.currentData()
        if entry is not None and shown_kind and entry.script.kind.value != shown_kind:
            self.kind.setCurrentIndex(0)  # it hides Home's suggestion: every kind (module)
        self.choose(*chosen)

    def drop_pick(self) -> None:
        """The patient's pick is used up (a session started here ended past the Before
        page) or of a day gone by: the page follows Home again, from the rebuild of Home
        that comes with either (``follow_home``). The kind chosen stays while it shows
        Home's suggestion (``_open_on_suggestion``)."""
        self.patient_chose = False

    def _changed(self, *_args) -> None:
        """``patient_chose`` is how a choice of the patient's is told apart from the page's
        own: any change of the kind, the session or the length shown that the page did
        not make itself (opening on Home's suggestion, a new catalog, following Home:
        counted by ``_own_changes``) came from the patient (a click, a key, the wheel),
        and from then on the page keeps what is shown (until ``drop_pick``). A click on the
        session already chosen changes nothing and so is not counted: that was Home's
        suggestion."""
        if not self._own_changes:
            self.patient_chose = True

    def _fill(self) -> None:
        """List the sessions of the kind chosen. The chosen session stays chosen, at its
        length, when it is still listed; otherwise the first one listed is."""
        wanted = self.kind.currentData()
        chosen = self.list.currentItem()
        chosen = (chosen.data(ID_ROLE), self.length.currentData()) if chosen else None
        self.list.clear()
        catalog = self.catalog.entries.values() if self.catalog is not None else ()
        entries = sorted(catalog, key=lambda e: e.script.title)
        for entry in entries:
            script = entry.script
            if wanted and script.kind.value != wanted:
                continue
            lengths = ", ".join(f"{m:g}" for m in script.lengths)
            item = QListWidgetItem(f"{script.title} — {lengths} min")
            item.setData(ID_ROLE, script.id)
            item.setToolTip(script.summary)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        if chosen is not None:
            self.select(chosen[0])
        current = self.list.currentItem()
        self._show_details(current)
        if chosen is not None and current is not None and current.data(ID_ROLE) == chosen[0]:
            self.length.setCurrentIndex(max(0, self.length.findData(chosen[1])))

    def select(self, script_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == script_id:
                self.list.setCurrentRow(row)

    def choose(self, script_id: str, minutes: float) -> None:
        """Select ``script_id`` if it is listed, at ``minutes`` if it still offers that
        length (else at its first)."""
        self.select(script_id)
        current = self.list.currentItem()
        if current is not None and current.data(ID_ROLE) == script_id:
            row = self.length.findData(float(minutes))
            if row >= 0:
                self.length.setCurrentIndex(row)

    def _show_details(self, item: QListWidgetItem | None) -> None:
        entry = (self.catalog.entries.get(item.data(ID_ROLE))
                 if item is not None and self.catalog is not None else None)
        self.start.setEnabled(entry is not None)
        self.length.clear()
        if entry is None:
            for widget in (self.title, self.kind_label, self.summary, self.when):
                widget.setText("")
            return
        script = entry.script
        self.title.setText(script.title)
        self.kind_label.setText(KIND_WORDS.get(script.kind, script.kind.value))
        self.summary.setText(script.summary)
        self.when.setText(script.when_to_use)
        for minutes in script.lengths:
            self.length.addItem(minutes_text(minutes), float(minutes))

    def _start(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.length.currentData() is not None:
            self.start_requested.emit(item.data(ID_ROLE), self.length.currentData())
