"""Start the Qt application and show the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from painease import APP_NAME, APP_TITLE, __version__
from painease.catalog import load_catalog
from painease.ui.main_window import MainWindow


def run_app(argv: list[str] | None = None) -> int:
    """Run the event loop until the window closes; returns the process exit code."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    window = MainWindow(load_catalog())
    window.show()
    return app.exec()
