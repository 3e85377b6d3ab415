"""The open window sees what another painease process changed in the data folder.

The command line works on the same folder as an open window: ``painease pack import``
adds a set and its scripts, ``painease therapist init`` turns the Therapist page on in
``settings.json``, and a script file may be mended in a text editor. Before this, the
window showed none of it until painease was started again, while the command said "on in
the app".

When: the window looks again each time it becomes the active window (a person who ran a
command in a terminal comes back to it), each time a page is chosen, and when a session
ends. A look costs a few ``stat`` calls (``Settings.reload``'s stamp of the file,
``catalog.sources_stamp``); only what differs is read again: the settings file (its
listeners then show the Therapist page, the theme, the Settings page's controls) or the
whole catalog (``MainWindow.reload_catalog``: Home, the Library, Insights' titles and the
Therapist page's lists).

Why not a ``QFileSystemWatcher``: the packs folder does not exist before the first
import, the settings file is replaced by a rename (a watched file is then lost), and every
event during a session would need holding back anyway; coming back to the window is
exactly when a person expects to see what they did elsewhere.

Never under a session: while a session's pages are up (Before to the summary) nothing is
read again, neither the volumes nor the script being played; the look is made when the
session ends. Nor while a dialog of the window is open (a file chooser's answer may be on
its way to a card that Home would rebuild): the next activation looks. Unsaved work in the
app is kept: the Library keeps a session and length the patient chose, the script editor
and the set builder keep their forms (only their lists of scripts change), and a volume
moved a moment ago but not saved yet keeps its new value (see ``Settings.reload``).

Home's note of hand-edited settings that cannot be used (said from the start:
``painease.settings_unused``) follows the file as read again: gone once another process
saved a value that can be used, changed or put up for one this version cannot use.

A look also asks whether the patient's day has turned since Home and Insights were
built (``painease.ui.new_day``: a computer woken the next morning).

Main thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from painease.ui.main_window import MainWindow


def look_again(window: MainWindow) -> bool:
    """Take in what changed on disk since the window last read it. Returns False, having
    read nothing, while that must wait: a session is up, or a dialog is open."""
    if window.running or QApplication.activeModalWidget() is not None:
        return False
    window.settings.reload()
    values_note_followed(window)
    catalog = window.catalog
    if catalog is not None:  # still loading, or could not be loaded: the start says so
        from painease.catalog import sources_stamp  # loaded with the catalog already

        if catalog.stamp != sources_stamp():
            window.reload_catalog()
    if window.day_watch is not None:  # a new day since? (the computer slept, say)
        window.day_watch.look()
    return True


VALUES_NOTE = "settings-values-note"  # Home's notice of the settings not used (app.py)


def values_note_followed(window: MainWindow) -> None:
    """Home's note of the settings not used says what a start would say now (see the top);
    Home is rebuilt only when that differs."""
    home, settings = window.home, window.settings
    at = next((k for k, (name, _) in enumerate(home.notices) if name == VALUES_NOTE), None)
    if at is None and not settings.not_used:
        return
    from painease.settings_unused import not_used_note

    text = not_used_note(settings)
    if at is not None and home.notices[at][1] == text:
        return
    if at is None:
        home.notices.append((VALUES_NOTE, text))
    elif text is None:
        del home.notices[at]
    else:
        home.notices[at] = (VALUES_NOTE, text)
    home.refresh()
