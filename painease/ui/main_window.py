"""The main window: navigation on the left, one page at a time on the right.

Pages: Home, Library, Insights, Settings, Help; while a session runs, ``SessionFlow`` puts
Before, Player, After and Summary in the same stack and the navigation steps aside, so
nothing competes with the session. The window is handed everything it shows (catalog,
store, settings) and owns none of it; its creator closes the store.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from painease import APP_TITLE
from painease.catalog import Catalog
from painease.settings import Settings
from painease.storage import SessionStore
from painease.ui.help_page import HelpPage
from painease.ui.home_page import HomePage
from painease.ui.insights_page import InsightsPage
from painease.ui.library_page import LibraryPage
from painease.ui.session_flow import SessionFlow
from painease.ui.settings_page import SettingsPage
from painease.ui.theme import apply_theme

NAV = ("Home", "Library", "Insights", "Settings", "Help")
THERAPIST = "Therapist"  # a sixth page, only with Settings' therapist_mode on


class MainWindow(QMainWindow):
    """``interrupted``: session ids the store marked interrupted at this start (Home shows
    them). ``player_options`` are passed to every ``Player`` (tests use them)."""

    def __init__(self, catalog: Catalog, store: SessionStore, settings: Settings, *,
                 interrupted: list[int] | None = None, player_options: dict | None = None):
        super().__init__()
        self.catalog, self.store, self.settings = catalog, store, settings
        self.setWindowTitle(APP_TITLE)
        self.resize(1000, 720)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.nav.setAccessibleDescription("Move between Home, Library, Insights, Settings "
                                          "and Help (and Therapist, when turned on in Settings); "
                                          "Ctrl+1 to Ctrl+6 also work")
        self.nav.addItems(NAV)
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget()

        self.home = HomePage(catalog, store, settings, interrupted)
        self.library = LibraryPage(catalog)
        self.insights = InsightsPage()
        self.settings_page = SettingsPage(settings)
        self.help = HelpPage()
        self.pages = (self.home, self.library, self.insights, self.settings_page, self.help)
        for page in self.pages:
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._go)

        self.player_options = player_options
        self.therapist_page: QWidget | None = None  # built the first time it is shown
        self._sync_therapist_nav()

        self.flow = SessionFlow(store, settings, self.stack, player_options)
        self.flow.ended.connect(self._session_over)
        self.flow.stored.connect(self.home.refresh)
        self.home.start_requested.connect(self.start_session)
        self.home.item_start_requested.connect(
            lambda script, minutes, set_id, position:
            self.start_session(script, minutes, (set_id, position)))
        self.home.browse_requested.connect(lambda: self.show_page("Library"))
        self.home.pack_imported.connect(self.reload_catalog)
        self.library.start_requested.connect(self.start_session)
        settings.add_listener(self._setting_changed)

        for number, name in enumerate((*NAV, THERAPIST), start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda name=name: self.show_page(name))

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.nav.setCurrentRow(0)

    def show_page(self, name: str) -> None:
        """Show one of the main pages (ignored while a session runs)."""
        if self.flow.running:
            return
        if name == THERAPIST:
            if self.settings.get("therapist_mode"):
                self.nav.setCurrentRow(len(NAV))
            return
        self.nav.setCurrentRow(NAV.index(name))

    def _go(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentWidget(self.pages[row])
        elif row == len(self.pages) and self.settings.get("therapist_mode"):
            if self.therapist_page is None:
                # Imported here: the workspace is never part of start-up.
                from painease.ui.therapist.workspace import TherapistWorkspace

                self.therapist_page = TherapistWorkspace(self.catalog, self.store,
                                                         player_options=self.player_options)
                self.stack.addWidget(self.therapist_page)
            self.stack.setCurrentWidget(self.therapist_page)

    def _sync_therapist_nav(self) -> None:
        """Show the Therapist page in the navigation exactly when therapist_mode is on."""
        shown = self.nav.count() > len(NAV)
        wanted = bool(self.settings.get("therapist_mode"))
        if wanted and not shown:
            self.nav.addItem(THERAPIST)
        elif shown and not wanted:
            if self.nav.currentRow() == len(NAV):
                self.nav.setCurrentRow(NAV.index("Settings"))
            self.nav.takeItem(len(NAV))

    def start_session(self, script_id: str, minutes: float,
                      program_item: tuple[str, int] | None = None) -> None:
        entry = self.catalog.entries.get(script_id)
        if entry is None or self.flow.running:
            return
        self.nav.hide()
        self.flow.start(entry, minutes, program_item)

    def reload_catalog(self) -> None:
        """Find scripts again (a pack was imported) and show them on Home and in Library."""
        from painease.catalog import load_catalog

        self.catalog = self.home.catalog = self.library.catalog = load_catalog()
        self.library._fill()
        self.home.refresh()

    def _session_over(self) -> None:
        self.nav.show()
        self.home.refresh()
        self.nav.setCurrentRow(-1)  # force the change signal even if Home was current
        self.nav.setCurrentRow(0)
        self.nav.setFocus(Qt.FocusReason.OtherFocusReason)

    def _setting_changed(self, key: str, value) -> None:
        if key == "therapist_mode":
            self._sync_therapist_nav()
        if key in ("theme", "text_size"):
            app = QApplication.instance()
            apply_theme(app, self.settings.get("theme"), self.settings.get("text_size"))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # A session still playing is flushed and left in progress: the next start shows it
        # as interrupted, with everything saved so far.
        self.flow.close()
        super().closeEvent(event)
