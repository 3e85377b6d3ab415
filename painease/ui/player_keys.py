"""``KeysForFocused``: the keys a focused control of the player needs go to it, not to the
player's window-wide shortcuts (Space, the arrows, Esc: see ``player_page``).

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QComboBox

PRESS_KEYS = frozenset({Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter})
ARROW_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down})


class KeysForFocused(QObject):
    """Event filter for the player's controls: the keys a focused control needs go to it,
    not to the page's window-wide shortcuts. Qt asks the focused widget first (a
    ``ShortcutOverride`` event); accepting it hands the key to the widget. Space, Enter and
    Return press a focused button (Qt's buttons take Space but not Enter outside
    dialogs, so Enter is pressed here), and the arrows move a focused slider or drop-down
    (Space opens a drop-down)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if isinstance(watched, QAbstractButton) and key in PRESS_KEYS:
            if kind is QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if key != Qt.Key.Key_Space:  # the button handles Space itself
                watched.animateClick()
                return True
            return False
        wants = (isinstance(watched, QAbstractSlider) and key in ARROW_KEYS
                 or isinstance(watched, QComboBox)
                 and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Space))
        if wants and kind is QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return False
