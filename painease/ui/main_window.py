"""The main window: the pages' tabs along the top, one page at a time below them.

Pages: Home, Library, Insights, Settings, Help; while a session runs, ``SessionFlow`` puts
Before, Player, After and Summary in the same stack and the page tabs step aside, so
nothing competes with the session; Back on Before returns to the page (and the control)
the session was started from, a finished session to Home. The window is handed its
settings and, later, its catalog; it opens its store itself, and its creator closes that
(``close_store``).

Start-up is kept to what the first screen needs: only Home is built before the window
shows, and the store is not opened for it. A worker prepares the database (see
``painease.ui.app.StartupLoader``); ``set_store_answer`` then opens the window's own
connection and gives it to Home. Anything that needs the store sooner (``store``) waits
for that preparation, or does it, so a session is never started before the sessions the
last run died in are marked interrupted. The other pages and the session flow (which
brings in the script models and the audio engine) are built the first time they are used
(the ``library``, ``insights``, ``settings_page``, ``help`` and ``flow`` properties). The
catalog may arrive after the window is up (``catalog=None``, then ``set_catalog``); until
then Home says the sessions are loading and nothing can be started. What another painease
process changes meanwhile (a pack imported, the Therapist page turned on) is taken in when
the window is used again, never under a session (``look_again``: see ``outside_changes``);
a new day, at midnight or on waking, moves Home and Insights on (``day_watch``: ``new_day``).

What only a person's action needs (building the pages other than Home, starting a session
and coming back from it, the Therapist page, a new theme or text size, the note that
settings could not be saved, the questions asked on closing) is in
``painease.ui.window_in_use``, imported inside the methods here the first time one is
used: this module keeps to what the first screen needs, up to the sessions being ready.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QMainWindow,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from painease import APP_TITLE
from painease.settings import Settings
from painease.ui.home_page import HomePage

if TYPE_CHECKING:
    from painease.catalog import Catalog
    from painease.storage import SessionStore, StoreError
    from painease.ui.help_page import HelpPage
    from painease.ui.insights_page import InsightsPage
    from painease.ui.library_page import LibraryPage
    from painease.ui.session_flow import SessionFlow
    from painease.ui.settings_page import SettingsPage

NAV = ("Home", "Library", "Insights", "Settings", "Help")
THERAPIST = "Therapist"  # a sixth page, only with Settings' therapist_mode on
TAB_WORDS = "Ctrl+{}. Left and Right arrows move between the pages."  # see page_tabs


class MainWindow(QMainWindow):
    """``store_answer()`` prepares the store (or waits for its preparation) and returns
    (session ids marked interrupted at this start, None) or (None, the ``StoreError`` that
    says why the store cannot be used); see ``StartupLoader.store_answer``.
    ``store_failed(error)`` is emitted when the store turns out to be unusable.
    ``player_options`` are passed to every ``Player`` (tests use them)."""

    store_failed = Signal(object)  # the StoreError

    def __init__(self, catalog: Catalog | None, settings: Settings,
                 store_answer: Callable[[], tuple[list[int] | None, StoreError | None]], *,
                 player_options: dict | None = None):
        super().__init__()
        self.catalog, self.settings = catalog, settings
        self._store: SessionStore | None = None
        self._store_answer = store_answer
        self.store_problem: StoreError | None = None  # why the store cannot be used, if so
        self.player_options = player_options
        self._pages: dict[str, QWidget] = {}
        self._flow: SessionFlow | None = None
        self.came_from: tuple[int, QWidget | None] = (0, None)  # see start_session
        self.catalog_problem: str | None = None
        self.setWindowTitle(APP_TITLE)
        self.resize(1000, 720)

        self.nav = page_tabs()
        self.stack = QStackedWidget()

        self.home = HomePage(catalog, settings)
        self._pages["Home"] = self.home
        self.stack.addWidget(self.home)
        self.nav.currentChanged.connect(self.show_tab)

        self.home.start_requested.connect(self.start_session)
        self.home.browse_requested.connect(lambda: self.show_page("Library"))
        self.home.item_start_requested.connect(
            lambda script, minutes, set_id, position:
            self.start_session(script, minutes, (set_id, position)))
        self.home.pack_imported.connect(self.reload_catalog)
        self.therapist_page: QWidget | None = None  # built the first time it is shown
        self.closing_anyway = False  # the therapist chose to drop unsaved work
        self.close_question = None  # the open "save first?" question, when closing
        self.closing = False  # the window is going: see closeEvent
        self._watching_activation = False  # see _watch_activation
        self.day_watch = None  # with the catalog: Home and Insights move on at midnight
        self._sync_therapist_nav()
        settings.add_listener(self._setting_changed)
        self.settings_note: QWidget | None = None  # said once a run: see _settings_not_saved
        settings.add_problem_listener(self._settings_not_saved)

        self.page_keys: list | None = None  # Ctrl+1 to Ctrl+6: see add_page_keys

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)  # Home's tab is current since it was added

    # -- the store -----------------------------------------------------------------------

    @property
    def store(self) -> SessionStore:
        """The window's store, opened (on this thread) at first use, after the start's
        preparation. Raises ``StoreError`` when the store cannot be used."""
        if self._store is None:
            from painease.storage import SessionStore, StoreError

            _, problem = self._store_answer()
            if problem is not None:
                raise StoreError(problem.reason, problem.advice)
            self._store = SessionStore.open_default()
        return self._store

    def set_store_answer(self, interrupted: list[int] | None,
                         problem: StoreError | None) -> None:
        """The store's preparation has finished: give Home the store and the sessions it
        marked interrupted, or, when it failed, keep the reason (``store_problem``)."""
        self.add_page_keys()
        if problem is None:
            try:
                store = self.store
            except Exception as error:  # noqa: BLE001 - e.g. the disk went away since
                from painease.storage import StoreError

                problem = StoreError.from_any(error)
            else:
                self.home.set_store(store, interrupted or [])
                return
        self.store_problem = problem
        self.store_failed.emit(problem)

    def add_page_keys(self) -> None:
        """Ctrl+1 to Ctrl+6 and the wheel's guard on the tabs (an event filter: sooner, it
        would build PySide6's event classes), made when the store answers (see page_keys)."""
        if self.page_keys is None:
            from painease.ui.page_keys import page_keys
            from painease.ui.widgets import wheel_only_when_focused

            wheel_only_when_focused(self.nav)
            self.page_keys = page_keys(self, (*NAV, THERAPIST), self.show_page)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt override
        """Shown: Home's page goes into its scroll area if it was set aside while the
        window was styled (``HomePage.set_page_aside``)."""
        super().setVisible(visible)
        if visible:
            self.home.put_page_back()

    def close_store(self) -> None:
        """Close the store if it was ever opened (safe to call twice)."""
        if self._store is not None:
            self._store.close()

    # -- pages built on first use ------------------------------------------------------

    def page(self, name: str) -> QWidget:
        """The page called ``name`` (one of ``NAV``), built now if it never was (see
        ``window_in_use.build_page``)."""
        page = self._pages.get(name)
        if page is None:
            from painease.ui.window_in_use import build_page

            page = self._pages[name] = build_page(self, name, self._library_choice)
            self.stack.insertWidget(NAV.index(name), page)
        return page

    def _library_choice(self) -> tuple[str, float] | None:
        """``home_suggestion.library_choice`` of the window's store (None when it cannot be
        opened): the Library opens on the session Home suggests (the set's next one, else
        the one used last)."""
        from painease.storage import StoreError

        try:
            store = self.store
        except StoreError:
            return None
        from painease.ui.home_suggestion import library_choice

        return library_choice(self.catalog, store)

    @property
    def library(self) -> LibraryPage:
        return self.page("Library")

    @property
    def insights(self) -> InsightsPage:
        return self.page("Insights")

    @property
    def settings_page(self) -> SettingsPage:
        return self.page("Settings")

    @property
    def help(self) -> HelpPage:
        return self.page("Help")

    @property
    def flow(self) -> SessionFlow:
        """The session flow, built (with the player and its engine) at first use."""
        if self._flow is None:
            from painease.ui.session_flow import SessionFlow

            self._flow = SessionFlow(self.store, self.settings, self.stack,
                                     self.player_options)
            self._flow.ended.connect(self._session_over)
            self._flow.stored.connect(self.home.refresh)
        return self._flow

    @property
    def flow_if_built(self) -> SessionFlow | None:
        """The session flow if it was ever built, else None (never builds it)."""
        return self._flow

    @property
    def running(self) -> bool:
        """Whether a session's pages are up, from Before to the summary (without building
        the flow to find out): the page tabs are hidden and page shortcuts do nothing."""
        return self._flow is not None and self._flow.page is not None

    def set_catalog(self, catalog: Catalog | None, problem: str | None = None) -> None:
        """Hand over the catalog once it is loaded (or say why it could not be)."""
        self.catalog, self.catalog_problem = catalog, problem
        self.home.set_catalog(catalog, problem)
        if "Library" in self._pages:
            self._pages["Library"].set_catalog(catalog)
        if "Insights" in self._pages:
            from painease.ui.window_in_use import titles  # loaded with the page

            self._pages["Insights"].set_titles(titles(catalog))
        if self.therapist_page is not None and catalog is not None:
            self.therapist_page.use_catalog(catalog)
        if catalog is not None:  # not while starting: asking builds PySide6's QWindow class
            self._watch_activation()
            if self.day_watch is None:
                from painease.ui.new_day import watch_days

                self.day_watch = watch_days(self)
            from painease.ui.focus_in_view import follow_focus

            follow_focus(self)  # the page scrolls to what has the keyboard focus
        from painease.ui.held_dialogs import guard_dialogs

        guard_dialogs()  # a held key never answers a dialog its press opened

    # -- navigation ----------------------------------------------------------------------

    def show_page(self, name: str) -> None:
        """Show one of the main pages. On a session's Summary the session is over: it is
        finished as Done finishes it, then the page is shown. Before that (Before, the
        player, After) it is ignored: a session in progress is not left by a stray key."""
        if self.running and not self._flow.finish_summary():
            return
        if name == THERAPIST:
            if self.settings.get("therapist_mode"):
                self.nav.setCurrentIndex(len(NAV))
            return
        self.nav.setCurrentIndex(NAV.index(name))

    def show_tab(self, index: int) -> None:
        """Show the page of the tab at ``index`` (the tab bar's ``currentChanged``; also
        called when a session ends on the tab it started from, which sends no change)."""
        self.look_again()  # first: a page shown is shown as things are now
        if 0 <= index < len(NAV):
            self.stack.setCurrentWidget(self.page(NAV[index]))
        elif index == len(NAV) and self.settings.get("therapist_mode"):
            self.stack.setCurrentWidget(self.therapist())

    def therapist(self) -> QWidget:
        """The therapist's workspace, built (lazily, never at start-up) when first shown."""
        if self.therapist_page is None:
            from painease.ui.window_in_use import build_therapist_page

            self.therapist_page = build_therapist_page(self)
        return self.therapist_page

    def step_player_options(self) -> dict:
        """How the editor's Play step sounds: the patient's device and volumes, no bed."""
        from painease.ui.window_in_use import step_player_options

        return step_player_options(self)

    def _sync_therapist_nav(self) -> None:
        """Show the Therapist page's tab exactly when therapist_mode is on."""
        shown = self.nav.count() > len(NAV)
        wanted = bool(self.settings.get("therapist_mode"))
        if wanted and not shown:
            add_page_tab(self.nav, THERAPIST)
        elif shown and not wanted:
            if self.nav.currentIndex() == len(NAV):
                self.nav.setCurrentIndex(NAV.index("Settings"))
            self.nav.removeTab(len(NAV))

    def reload_catalog(self) -> None:
        """Find the scripts again (a pack was imported) for Home and Library."""
        from painease.catalog import load_catalog

        self.set_catalog(load_catalog())

    def look_again(self) -> None:
        """Take in what another painease process changed (``outside_changes``); nothing
        before the catalog has arrived, so the start is not slowed."""
        if self.catalog is not None:
            self._watch_activation()
            from painease.ui.outside_changes import look_again

            look_again(self)

    def _watch_activation(self) -> None:
        """Look again whenever the window becomes the active one (back from a terminal,
        say, where a command changed things): its native window's ``activeChanged``, hooked
        once the catalog is there. Not a ``changeEvent`` override: Qt calls that during the
        start, and handing any event to Python makes PySide6 build every event class it
        might be (~4 ms of the first screen)."""
        if self._watching_activation:
            return
        self.winId()  # the native window, made now if the window was not shown yet
        handle = self.windowHandle()
        if handle is not None:
            self._watching_activation = True
            handle.activeChanged.connect(
                lambda: self.isActiveWindow() and self.look_again())

    def start_session(self, script_id: str, minutes: float,
                      program_item: tuple[str, int] | None = None) -> None:
        """See ``window_in_use.start_session``."""
        from painease.ui.window_in_use import start_session

        start_session(self, script_id, minutes, program_item)

    def _session_over(self, done: bool) -> None:
        from painease.ui.window_in_use import session_over

        session_over(self, done)

    def _setting_changed(self, key: str, value) -> None:
        if key == "therapist_mode":
            self._sync_therapist_nav()
        if key in ("theme", "text_size"):
            from painease.ui.window_in_use import restyle

            restyle(self)

    def _settings_not_saved(self, problem: str) -> None:
        """Tell the person, once this run, that a change could not be written (see
        ``window_in_use.settings_not_saved``; the note is ``settings_note``)."""
        from painease.ui.window_in_use import settings_not_saved

        settings_not_saved(self, problem)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Closes unless something is not saved yet: then a question is asked first
        (``close_question``; see ``window_in_use.may_close``)."""
        from painease.ui.window_in_use import may_close

        if not may_close(self):
            event.ignore()
            return
        super().closeEvent(event)

    def wait_for_readers(self) -> None:
        """Let Insights' and Outcomes' reader threads finish, so none answers a page
        that is going away."""
        from painease.ui.window_in_use import wait_for_readers

        wait_for_readers(self)

    def close_flow(self) -> None:
        """Flush and stop a running session, if the flow was ever built (idempotent)."""
        if self._flow is not None:
            self._flow.close()


def page_tabs() -> QTabBar:
    """The pages' tabs (Therapist's: ``_sync_therapist_nav``): one Tab stop, Left and Right move
    between them; each as wide as its name (no eliding; elide mode set by name: no ``Qt``
    namespace at start-up), scrolled in a narrow window. Qt reads a tab bar by its current
    tab: each tab's description (its tooltip) says the keys."""
    tabs = QTabBar()
    tabs.setObjectName("nav")
    tabs.setAccessibleName("Pages")
    tabs.setAccessibleDescription("Left and Right arrows move between the pages (Therapist "
                                  "too, when on in Settings); Ctrl+1 to Ctrl+6 also work")
    tabs.setProperty("elideMode", "ElideNone")
    tabs.setUsesScrollButtons(True)
    tabs.setExpanding(False)
    tabs.setDrawBase(False)  # the style sheet draws the line under the bar
    for name in NAV:
        add_page_tab(tabs, name)
    return tabs


def add_page_tab(tabs: QTabBar, name: str) -> None:
    """A tab for the page ``name`` after the others, its tooltip (description) its key."""
    index = tabs.addTab(name)
    tabs.setTabToolTip(index, TAB_WORDS.format(index + 1))
