"""The screen a widget is on, asked without ``QWidget.screen()``.

PySide6 6.11 ties the ``QScreen`` wrapper that ``QWidget.screen()`` and
``QWindow.screen()`` return to that widget or window: once it is gone the wrapper is
invalidated (``QWindow``'s is even handed to Python to own), and the garbage collector
can then delete the real screen, which every widget of the application shares; the next
restyle (a theme or text size change) or look-up of a screen crashes (seen: a segfault in
``QScreen::virtualSiblings`` after three "painease is already open" notes, each of which
measured the screen). ``QGuiApplication.screenAt`` and ``primaryScreen`` give the same
screen without the tie (tests/ui/test_screen_kept.py). Main thread only.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def screen_of(widget: QWidget) -> QScreen:
    """The screen under ``widget``'s middle, or the primary one (a widget not shown yet,
    or off every screen), as ``QWidget.screen()`` would answer."""
    centre = widget.mapToGlobal(widget.rect().center())
    return QGuiApplication.screenAt(centre) or QGuiApplication.primaryScreen()
