"""The main window. For now: a welcome, the safety note and the library of scripts.

The session flow (ratings, player, summary) arrives with the session issue; this window
already shows what the catalog holds so a newcomer sees the app working.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from painease import APP_TITLE
from painease.catalog import Catalog

WELCOME = (
    "Somatic tracking means turning your attention toward a sensation with curiosity and a "
    "sense of safety. Your pain is real. The brain's alarm system can learn, with practice, "
    "that a sensation is not dangerous."
)
SAFETY_NOTE = (
    "painease supports your medical care and does not replace it. If a symptom is new, "
    "changing or alarming, please see a clinician."
)


class MainWindow(QMainWindow):
    """Shows the ``catalog`` it is handed; keeps no copy of it beyond the list items."""

    def __init__(self, catalog: Catalog):
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.resize(720, 520)
        body = QWidget()
        layout = QVBoxLayout(body)

        welcome = QLabel(WELCOME)
        welcome.setWordWrap(True)
        welcome.setObjectName("welcome")
        safety = QLabel(SAFETY_NOTE)
        safety.setWordWrap(True)
        safety.setObjectName("safety-note")
        safety.setAccessibleName("Safety note")

        self.library = QListWidget()
        self.library.setObjectName("library-list")
        self.library.setAccessibleName("Sessions")
        self.library.setAccessibleDescription("The guided sessions you can play")
        for entry in sorted(catalog.entries.values(), key=lambda e: e.script.title):
            script = entry.script
            lengths = ", ".join(f"{m:g}" for m in script.lengths)
            item = QListWidgetItem(f"{script.title} — {lengths} min")
            item.setToolTip(script.summary)
            self.library.addItem(item)

        heading = QLabel("Sessions")
        heading.setBuddy(self.library)
        layout.addWidget(welcome)
        layout.addWidget(safety)
        layout.addWidget(heading)
        layout.addWidget(self.library, stretch=1)
        self.setCentralWidget(body)
