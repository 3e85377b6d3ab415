"""A key held down never answers a dialog the press opened: a key's auto-repeat counts only
in the window where the key was pressed.

Enter and Return press a focused button on every press they get, repeats too (the app's
buttons take Enter: ``widgets.button``). A keyboard repeats a held key after about half a
second, by which time the first press has opened the dialog: a patient holding Enter (a
tremor, a slow release) on "Save chart…", the report, Send results or Import pack saw the
file dialog save at once under the name it suggested, and on a delete, Rename… or a note
the question answered before it was read. The same when a dialog closes: the repeats of
the Enter that answered it would press the button the focus goes back to, which opens the
dialog again.

``guard_dialogs()`` hooks ``QApplication.focusChanged`` once. Whenever the keyboard focus
arrives in a window from another one (a dialog opening or closing, the app's window
becoming the active one again), that window forgets which keys were pressed in it, and the
control given the focus takes an auto-repeated Enter, Return or Space only once that key
has been pressed afresh in its window; so does every control the focus goes to next
within that window (a file dialog focusing its name field a moment after it shows, a
dialog setting its focus from a zero timer: the repeats follow the focus there). A fresh
press works at once; every other key (letters, Backspace, the arrows) repeats as before,
and so do these three once pressed in the window, so a held Space still types spaces in a
dialog's field. Every dialog, the ones painease opens now and any added later, Qt's file
dialogs included, is covered without being named here. (A platform's own native file
dialog is not Qt's to watch: Qt shows its own where the platform offers none, as
offscreen.)

Signal connections and one shared event filter, made when the focus first crosses
windows; nothing here is imported for the first screen (the window calls
``guard_dialogs`` once the sessions are ready). Main thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

FRESH_KEYS = "painease_fresh_keys"  # a window's property: keys pressed in it since it got focus
_filter = None  # the shared event filter, made at the first crossing


def guard_dialogs() -> None:
    """Hook the focus once for the whole application (idempotent; see the top)."""
    app = QApplication.instance()
    if app.property("painease_guards_dialogs"):
        return
    app.setProperty("painease_guards_dialogs", True)
    app.focusChanged.connect(_focus_changed)


def _focus_changed(old: QWidget | None, new: QWidget | None) -> None:
    """The focus went from ``old`` to ``new``: when it came from another window (or from
    none), ``new``'s window starts with no key pressed in it. ``new`` is guarded, as is
    every control the focus moves to within a window it has crossed into."""
    if new is None:
        return
    window = new.window()
    if old is None or old.window() is not window:
        window.setProperty(FRESH_KEYS, [])
    elif window.property(FRESH_KEYS) is None:
        return  # a window the focus has not crossed into: nothing to guard
    new.installEventFilter(_held_filter())  # installed again: moved first, not doubled


def _held_filter():
    global _filter
    if _filter is None:
        from PySide6.QtCore import QEvent, QObject

        from painease.ui.player_keys import PRESS_KEYS

        press = QEvent.Type.KeyPress

        class PressedHere(QObject):
            """An auto-repeated Enter, Return or Space is dropped unless the key was
            pressed afresh in the control's window since the focus arrived there."""

            def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
                if event.type() != press or event.key() not in PRESS_KEYS:
                    return False
                window = watched.window()
                fresh = window.property(FRESH_KEYS)
                if fresh is None:  # a window the focus has not crossed into
                    return False
                key = int(event.key())
                if not event.isAutoRepeat():
                    if key not in fresh:
                        window.setProperty(FRESH_KEYS, [*fresh, key])
                    return False
                if key in fresh:
                    return False
                event.accept()  # a key held from elsewhere: taken here, answers nothing
                return True

        _filter = PressedHere()
    return _filter
