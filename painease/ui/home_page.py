"""Home: a first-run welcome, the safety note, a suggested session and the last shift.

The suggestion is ``home_suggestion.suggested_session``'s: the next session of the
patient's current set when it can be started here, else the one started last, else the
first bundled somatic tracking script. The Library opens on the same session
(``home_suggestion.library_choice``) and follows it after each rebuild (``rebuilt``). The
set has a card of its own, above it. Sessions the app was
closed or killed in are listed with what was saved of them. What comes from the store
(the last shift, interrupted sessions, the set) appears once the window has opened it, a
moment after it shows (``set_store``); the suggestion waits for the catalog, which comes
after the store.

Main thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from painease.settings import Settings
from painease.ui.widgets import (
    button,
    card,
    fill,
    fixed_words,
    label,
    reachable_text,
    scrolling_page,
)

WELCOME = (
    "painease guides you through short sessions of somatic tracking: you turn your "
    "attention toward a sensation with curiosity and a sense of safety, without needing it "
    "to change.",
    "Your pain is real. For many people, long-lasting pain is kept going partly by the "
    "brain's alarm system, which has learned to be over-protective. With gentle, repeated "
    "practice that alarm can learn that a sensation is safe. This practice is for pain a "
    "clinician has already checked for other causes.",
    "Before and after each session you rate your pain and how threatening that sensation "
    "feels (your sense of threat), so you can see over time what changes.",
)
# Home's safety note: short, since it is read on every visit (CLINICAL.md: "where it is
# needed, not as a wall of text"). It says painease supports care and does not replace it,
# that anything new, changing or worrying is for a clinician (the Summary's words, without
# "soon": some signs cannot wait), and where the signs that cannot wait are: Help holds
# them in full, in three tiers (``painease.domain.red_flags``), with the crisis note.
SAFETY_NOTE = (
    "painease supports your medical care and does not replace it. If a symptom is new, "
    "changing or worrying, please have it checked by a clinician; the Help page lists the "
    "signs that cannot wait."
)

if TYPE_CHECKING:
    from painease.catalog import Catalog
    from painease.domain.program_status import ProgramStatus
    from painease.storage import SessionStore


def banner(name: str, text: str) -> QWidget:
    """A notice on Home, ``name``: a Tab stop that says its words, for keyboards too."""
    box, layout = card("banner")
    box.setObjectName(name)
    notice = reachable_text(label(text, name=f"{name}-text"))
    notice.setAccessibleDescription("A notice from painease")
    layout.addWidget(notice)
    return box


def safety_note(role: str | None = None) -> QWidget:
    """Home's safety note: at the foot of the page, or as the welcome's last words."""
    note = fixed_words(label(SAFETY_NOTE, role, name="safety-note"))
    note.setAccessibleDescription("Safety note")
    return note


class HomePage(QWidget):
    """Emits ``start_requested(script_id, minutes)``, ``browse_requested``,
    ``item_start_requested(script_id, minutes, set_id, position)`` (the set card's Start),
    ``pack_imported`` (the scripts on disk changed) and ``rebuilt`` (after each ``refresh``:
    its suggestion may have moved on, and a built Library follows it)."""

    start_requested = Signal(str, float)
    browse_requested = Signal()
    item_start_requested = Signal(str, float, str, int)
    pack_imported = Signal()
    rebuilt = Signal()

    def __init__(self, catalog: Catalog | None, settings: Settings):
        super().__init__()
        self.catalog, self.settings = catalog, settings
        self.store: SessionStore | None = None  # see set_store
        self.catalog_problem: str | None = None
        self.interrupted: list[int] = []
        self.notices: list[tuple[str, str]] = []  # (object name, text), see add_notice
        # What the last pack import said: an import rebuilds Home (new scripts, a new set),
        # and the rebuilt therapist card says it again instead of showing nothing, until
        # a session is done after it (then it is old news: "Added 'Two weeks'" stayed on
        # Home for good). ``import_note_after``: the latest session's id at the import.
        self.import_note = ""
        self.import_note_after: int | None = None
        self.not_shown = ""  # why "Show …" failed: said by the next rebuild (_show_set)
        area, self.body = scrolling_page(name="Home")
        self.area, self.aside = area, None  # aside: see set_page_aside
        fill(self, area)
        self.refresh()

    def set_page_aside(self) -> None:
        """Out of its scroll area until the window shows (``put_page_back``): the style
        sheet, set once the window is built, is announced to every widget in Qt's hash
        order, and in about one start of two the area then laid the page out at its
        unshown 640 × 480 as well: ~80 more height questions (benchmarks/README.md).
        Meanwhile it is a hidden child of Home's, so the window's ``findChild`` finds it."""
        self.aside = self.area.takeWidget()
        self.aside.setParent(self)
        self.aside.hide()

    def put_page_back(self) -> None:
        if self.aside is not None:
            self.area.setWidget(self.aside)
            self.aside = None

    def set_catalog(self, catalog: Catalog | None, problem: str | None = None) -> None:
        """The catalog has arrived (``None`` + ``problem`` if it could not be loaded)."""
        self.catalog, self.catalog_problem = catalog, problem
        self.refresh()

    def set_store(self, store: SessionStore, interrupted: list[int]) -> None:
        """The store is open (a moment after the window shows): add what comes from it,
        i.e. the sessions marked ``interrupted`` at this start and the last shift."""
        self.store, self.interrupted = store, list(interrupted)
        self.refresh()

    def add_notice(self, name: str, text: str) -> None:
        """Show ``text`` in a banner under the title from now on (``name``: its objectName),
        e.g. that this start could not check for another painease window."""
        self.notices.append((name, text))
        self.refresh()

    def refresh(self) -> None:
        """Rebuild from the store and settings (after a session, or a settings change).

        Focus that was on Home stays on Home: on Start when there is one (after "Got it",
        or when the sessions arrive), else on the page itself. The rebuilt widgets are new,
        and Qt would otherwise hand focus to whatever comes next, the page tabs."""
        focused = self.window().focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)
        self.start_button: QWidget | None = None
        while self.body.count():
            item = self.body.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # gone now, not when the deferred delete runs
                item.widget().deleteLater()
        body = self.body
        body.addWidget(fixed_words(label("Welcome to painease", "title")))
        for name, text in self.notices:
            body.addWidget(banner(name, text))
        welcome = not self.settings.get("welcome_seen")
        if welcome:
            body.addWidget(self._welcome())  # it ends with the safety note
        last = None
        if self.store is not None:  # a moment after the first screen: not start-up
            from painease.ui.home_cards import interrupted_card, last_shift_card

            for session_id in self.interrupted:
                body.addWidget(interrupted_card(self.store, self.catalog, session_id))
            last = last_shift_card(self.store)
        status = self._set_status()
        current_set, therapist = self._therapist_cards(status)
        told = None
        if self.not_shown:  # said once, above the card it is about; the keyboard goes there
            box, self.not_shown = banner("set-show-problem", self.not_shown), ""
            body.addWidget(box)
            told = box.findChild(QWidget, "set-show-problem-text")
        if current_set is not None:
            body.addWidget(current_set)
        elif self.set_problem is not None:
            from painease.ui.set_card import unreadable_card

            body.addWidget(unreadable_card(self.set_problem))
        body.addWidget(self._suggestion(status))
        if last is not None:
            body.addWidget(last)
        if therapist is not None:
            body.addWidget(therapist)
        if not welcome:  # the same words twice on one screen would be noise
            body.addWidget(safety_note("muted"))
        body.addStretch(1)
        if had_focus:
            (told or self.start_button or self.area).setFocus()
        self.rebuilt.emit()

    def _set_status(self) -> ProgramStatus | None:
        """Where the patient stands in their current set, read once per rebuild: the set
        card and the suggestion show the same next session. It waits for the catalog,
        which arrives after the first paint, so ``set_card`` is never part of start-up.
        A set that cannot be read (``set_problem``: why) is None: Home says so where its
        card would be, and every other part of Home, and the Library, goes on."""
        self.set_problem: StoreError | None = None
        if self.catalog is None or self.store is None:
            return None
        from painease.storage import StoreError
        from painease.ui.set_card import current_status

        try:
            return current_status(self.store)
        except StoreError as exc:
            self.set_problem = exc
            return None

    def _therapist_cards(self, status: ProgramStatus | None
                         ) -> tuple[QWidget | None, QWidget | None]:
        """The current set's card (None without a set) and the packs-and-results card.

        Both wait for the catalog, which arrives after the first paint, so their modules
        (in ``set_card`` and ``patient_actions``) are never part of start-up."""
        if self.catalog is None or self.store is None:
            return None, None
        from painease.storage import StoreError
        from painease.ui.patient_actions import TherapistCard
        from painease.ui.set_card import card_for

        current = card_for(self.catalog, self.store, status) if status is not None else None
        if current is not None:
            current.start_requested.connect(self.item_start_requested)
            current.show_set_requested.connect(self._show_set)
        try:
            therapist = TherapistCard(self.store)
        except StoreError as exc:  # the sets cannot be read: said where the set card goes
            self.set_problem = self.set_problem or exc
            return current, None
        if self.import_note and self._latest_session_id() != self.import_note_after:
            self.import_note = ""  # a session since: no longer news
        if self.import_note:
            therapist.say(self.import_note)
        therapist.pack_imported.connect(lambda: self._keep_note(therapist))  # first: see above
        therapist.pack_imported.connect(self.pack_imported)
        return current, therapist

    def _show_set(self, set_id: str, title: str) -> None:
        """Make another set current (the set card's "Show …"), as importing its pack again
        would, and show it; the Library follows (``rebuilt``). When that fails (the set
        is gone, the file busy), Home says so above the card, with what to try: a click
        that changed nothing and said nothing was a dead end."""
        from painease.storage import StoreError
        from painease.storage.programs import ProgramStore

        try:
            ProgramStore(self.store).activate(set_id)
        except (StoreError, ValueError) as problem:
            from painease.ui.set_card import not_shown_words

            self.not_shown = not_shown_words(title, problem)  # said by the rebuild
            self.refresh()  # Home as it can be read now, as after any change
            return
        self.refresh()

    def _keep_note(self, card: QWidget) -> None:
        self.import_note = card.message.text()
        self.import_note_after = self._latest_session_id()

    def _latest_session_id(self) -> int | None:
        from painease.storage import StoreError

        try:
            latest = self.store.latest_session() if self.store is not None else None
        except StoreError:
            return self.import_note_after  # cannot tell: the note stays
        return latest.id if latest is not None else None

    def _welcome(self) -> QWidget:
        box, layout = card()
        box.setObjectName("welcome")
        layout.addWidget(fixed_words(label("New here? A few words first", "heading")))
        for paragraph in WELCOME:
            layout.addWidget(fixed_words(label(paragraph)))
        layout.addWidget(safety_note())
        row = QHBoxLayout()
        row.addStretch(1)
        got_it = button("Got it", "welcome-dismiss", "Hide this welcome from now on")
        got_it.clicked.connect(self._dismiss_welcome)
        row.addWidget(got_it)
        layout.addLayout(row)
        return box

    def _dismiss_welcome(self) -> None:
        self.settings.set("welcome_seen", True)
        self.refresh()
        # The rebuilt Home has the focus on Start: Enter held on "Got it" must not press it
        # (imported here, once the window is up: it filters key events).
        from painease.ui.held_keys import one_press

        one_press(self)

    def _suggestion(self, status: ProgramStatus | None) -> QWidget:
        box, layout = card()
        box.setObjectName("suggestion")
        if self.catalog is None:
            layout.addWidget(label(self.catalog_problem or "Getting your sessions ready…",
                                   name="suggestion-status"))
            return box
        from painease.ui.home_suggestion import last_used, suggested_session  # catalog's in

        used = last_used(self.store) if self.store is not None else None
        suggestion = suggested_session(self.catalog, used, status)
        if suggestion is None:
            from painease import paths  # said with the folder: no "your scripts folder"

            folder = paths.user_scripts_dir(create=False)
            layout.addWidget(label("No sessions are available yet. Reinstalling painease "
                                   "should bring back its own sessions. To add one of your "
                                   f"own, put its script file in this folder: {folder}",
                                   name="suggestion-none"))
            return box
        entry, minutes, set_item = suggestion
        from painease.domain.vocabulary import minutes_text  # its enums: not at start-up

        layout.addWidget(label("Suggested for you: the next session of your set"
                               if set_item else "Suggested for you", "muted"))
        layout.addWidget(label(f"{entry.script.title} · {minutes_text(minutes)}", "heading",
                               name="suggestion-title"))
        layout.addWidget(label(entry.script.summary))
        from painease.ui.flow_row import FlowRow  # here: only once the catalog is in

        row = FlowRow(last_at_right=True)  # one above the other when 200 % text needs it
        other = button("Choose another session", "home-browse", "Open the library",
                       wrap=True)
        other.clicked.connect(self.browse_requested)
        # Named for what it starts: the set card, when there is one, has a Start too (for
        # the same session when this is the set's next: then said apart by "suggested").
        start = button("Start", "home-start", "The session suggested for you", primary=True,
                       accessible=f"Start {entry.script.title}, {minutes_text(minutes)}"
                       + (", suggested for you" if set_item else ""))
        if set_item:  # linked to the set item, so that it counts as the set card's would
            start.clicked.connect(lambda: self.item_start_requested.emit(
                entry.script.id, minutes, *set_item))
        else:
            start.clicked.connect(lambda: self.start_requested.emit(entry.script.id, minutes))
        row.addWidget(other)
        row.addWidget(start)
        layout.addLayout(row)
        self.start_button = start
        return box
