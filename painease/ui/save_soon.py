"""Saving a setting that changes many times a second once it stops changing.

A volume held on an arrow key steps dozens of times a second, and each save is a write
flushed to the disk on the GUI thread. ``SaveSoon.set`` applies the value at once (the
listeners, and with them the sound, follow every step) and writes the settings file
``DELAY_MS`` after the last step. The file is written at once by ``flush``, which the
owner calls when its page goes away: the session flow when the player goes (the session
ends, or the window closes), the Settings page when it hides (another page is shown, or
the window closes; the end of the desktop session closes it too). So a change is never
lost on a normal exit; a killed process loses at most the last half second of changes.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from painease.settings import Settings

DELAY_MS = 500


class SaveSoon(QObject):
    """Sets options of ``settings`` at once and saves them once the changes pause."""

    def __init__(self, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(settings.save_pending)

    def set(self, key: str, value) -> None:
        """Apply ``value`` now (``ValueError`` if it does not fit); save it soon."""
        self.settings.set(key, value, save=False)
        self.timer.start()  # again: from this step

    def flush(self) -> None:
        """Save now what is waiting (a problem is said as any save's is)."""
        self.timer.stop()
        self.settings.save_pending()
