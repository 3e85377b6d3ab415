"""Start the Qt application and show the main window.

``create_window`` does the start-up work (catalog, store, interrupted sessions, settings,
theme) and is what tests and the crash-test child use; ``run_app`` adds the event loop.
Main thread only.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from painease import APP_NAME, APP_TITLE, __version__
from painease.catalog import load_catalog
from painease.settings import Settings
from painease.storage import SessionStore
from painease.ui.main_window import MainWindow
from painease.ui.theme import apply_theme


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    return app


def create_window(player_options: dict | None = None) -> MainWindow:
    """Open the store, mark sessions the last run died in as interrupted, build the window.

    The window's ``store`` belongs to the caller, who closes it after the window.
    """
    app = application()
    store = SessionStore.open_default()
    interrupted = store.mark_interrupted()
    settings = Settings()
    apply_theme(app, settings.get("theme"), settings.get("text_size"))
    return MainWindow(load_catalog(), store, settings, interrupted=interrupted,
                      player_options=player_options)


def run_app(argv: list[str] | None = None) -> int:
    """Run the event loop until the window closes; returns the process exit code."""
    app = application(argv)
    window = create_window()
    window.show()
    try:
        return app.exec()
    finally:
        window.flow.close()
        window.store.close()
