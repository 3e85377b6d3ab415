"""Ctrl+1 to Ctrl+6: the main window's keys for its pages.

Made once the store's answer arrives (``MainWindow.add_page_keys``), a moment after the
first screen, not while the window is built: PySide6 builds its ``QKeySequence`` class
(with its ~70 standard keys an enum) for them, ~1 ms of every start
(benchmarks/README.md), and nobody presses a key that soon. Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def page_keys(window: QWidget, pages: Sequence[str],
              show_page: Callable[[str], None]) -> list[QShortcut]:
    """Ctrl+1 … Ctrl+N on ``window``, each calling ``show_page`` with its page's name."""
    keys = []
    for number, name in enumerate(pages, start=1):
        shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), window)
        shortcut.activated.connect(lambda name=name: show_page(name))
        keys.append(shortcut)
    return keys
