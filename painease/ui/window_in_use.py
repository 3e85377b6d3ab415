"""What the main window does once it is in use, kept out of the first screen's imports.

``painease.ui.main_window`` builds the window, Home and the page tabs; this module holds
what only a person's action needs: building the other pages, starting a session and
coming back from it, the Therapist page, a change of theme or text size, the note that
settings could not be saved (its cause in plain words, the settings file's path in its
details), and the questions asked when the window closes.
``MainWindow``'s methods (``page``, ``start_session``, ``therapist``, ``closeEvent``…)
import it inside themselves when first used, so it is loaded neither before the first
screen is idle nor before the sessions are ready (issue #4: every module read by then is
time before a person can start; ``tests/ui/test_app_start.py`` checks which are). Each
function is handed the window and keeps any state on it.

Main thread only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from painease.ui.main_window import NAV
from painease.ui.theme import apply_theme
from painease.ui.widgets import note_box

if TYPE_CHECKING:
    from painease.catalog import Catalog
    from painease.ui.home_page import HomePage
    from painease.ui.main_window import MainWindow


# -- the other pages ------------------------------------------------------------------------

def build_page(window: MainWindow, name: str,
               opens_on: Callable[[], tuple[str, float] | None]) -> QWidget:
    """A page of the window's tabs other than Home, the first time it is shown: Library,
    Insights, Settings or Help (``KeyError`` for any other name). ``opens_on`` gives what
    the Library opens on (Home's suggestion)."""
    if name == "Library":
        from painease.ui.library_page import LibraryPage

        page = LibraryPage(window.catalog, opens_on=opens_on)
        page.start_requested.connect(window.start_session)
        # Each rebuild of Home (a new day, another set shown, a session done, a pack
        # imported) may move its suggestion on: the Library follows, unless the patient
        # chose there and has not used the pick up yet (``LibraryPage.follow_home``).
        window.home.rebuilt.connect(page.follow_home)
        return page
    if name == "Insights":
        from painease.ui.insights_page import InsightsPage

        settings = window.settings
        page = InsightsPage(window.store, titles(window.catalog),
                            period=settings.get("insights_period"))
        page.period_chosen.connect(lambda key: settings.set("insights_period", key))
        return page
    if name == "Settings":
        from painease.ui.settings_page import SettingsPage

        return SettingsPage(window.settings)
    if name == "Help":
        from painease.ui.help_page import HelpPage

        return HelpPage()
    raise KeyError(name)


def titles(catalog: Catalog | None) -> dict[str, str]:
    """Script id → title, for the Insights page (empty until the catalog is loaded)."""
    if catalog is None:
        return {}
    return {key: entry.script.title for key, entry in catalog.entries.items()}


# -- a session -----------------------------------------------------------------------------

def start_session(window: MainWindow, script_id: str, minutes: float,
                  program_item: tuple[str, int] | None = None) -> None:
    """Start the catalog's ``script_id`` for ``minutes`` (ignored while a session runs,
    before the catalog has arrived, or when the store cannot be used); the page tabs step
    aside until the session is over (``session_over``)."""
    catalog = window.catalog
    entry = catalog.entries.get(script_id) if catalog is not None else None
    if entry is None or window.running or window.store_problem is not None:
        return
    # Back on the Before page returns here, focus and all.
    window.came_from = (window.nav.currentIndex(), QApplication.focusWidget())
    window.nav.hide()
    window.flow.start(entry, minutes, program_item)


def session_over(window: MainWindow, done: bool) -> None:
    """The flow has ended: after a summary (``done``) Home, which shows the shift; after
    Back on the Before page, the page and the control the session was started from (on
    Home, its rebuilt twin: ``rebuilt``). A session started from the Library that took
    place used the patient's pick there up: the Library follows Home's rebuild here
    (``LibraryPage.drop_pick``); Back on Before keeps the pick."""
    if done:  # a session since: the note on one interrupted before is no longer news
        window.home.interrupted.clear()
        if window.came_from[0] == NAV.index("Library"):  # built: the session came from it
            window.library.drop_pick()
    window.nav.show()
    window.home.refresh()
    index, focused = (0, None) if done else window.came_from
    index = max(0, index)
    if window.nav.currentIndex() == index:  # no change signal
        window.show_tab(index)  # the stack still shows the session's last page
    else:
        window.nav.setCurrentIndex(index)
    from PySide6.QtCore import Qt  # late: see widgets.py on the Qt namespace's cost
    from shiboken6 import isValid

    back = focused if focused is not None and isValid(focused) else None
    if back is not None and window.home.isAncestorOf(back):
        back = rebuilt(window.home, back)  # taken down by Home's refresh above
    elif back is not None and not (back.isVisible() and back.window() is window):
        back = None
    # e.g. the Library's Start. Home's rebuilt controls are shown a moment later (a layout
    # shows what is added to it once back in the event loop): the focus waits for them.
    (back or window.nav).setFocus(Qt.FocusReason.OtherFocusReason)
    from painease.ui.held_keys import one_press
    from painease.ui.settling import settle

    one_press(window.stack.currentWidget())  # Enter held on Back or Done starts nothing
    settle(window.stack.currentWidget())  # nor a double-click or Enter tapped twice there


def rebuilt(home: HomePage, control: QWidget) -> QWidget | None:
    """Home's control in place of ``control``, which Home's rebuild took down (``refresh``):
    the one of the same name on Home as now built (a set card's Start), else Home's Start;
    None when Home has no Start."""
    built = [home.body.itemAt(i).widget() for i in range(home.body.count())]
    name = control.objectName()
    same = [w for w in home.findChildren(QWidget, name) if name and any(
        part is not None and (part is w or part.isAncestorOf(w)) for part in built)]
    return same[0] if len(same) == 1 else home.start_button


# -- the Therapist page --------------------------------------------------------------------

def build_therapist_page(window: MainWindow) -> QWidget:
    """The therapist's workspace, added to the window's stack (built when first shown)."""
    from painease.ui.therapist.workspace import TherapistWorkspace

    page = TherapistWorkspace(window.catalog, window.store,
                              player_options=window.step_player_options)
    window.stack.addWidget(page)
    return page


def step_player_options(window: MainWindow) -> dict:
    """How the editor's Play step sounds: the patient's device and volumes, no bed."""
    settings = window.settings
    return {"settings": settings.mix(), "ambience": "none",
            "device": settings.get("audio_device") or None,
            **(window.player_options or {})}


# -- settings --------------------------------------------------------------------------------

def restyle(window: MainWindow) -> None:
    """The theme or the text size changed: restyle the application. Charts are taken down
    while Qt restyles every widget and built again after (see InsightsPage.drop_view);
    they come back in the new colours and sizes."""
    dropped = []
    if "painease.ui.charts.view" in sys.modules:  # charts were ever shown
        from painease.ui.insights_page import InsightsPage

        dropped = [p for p in window.findChildren(InsightsPage) if p.drop_view()]
    settings = window.settings
    apply_theme(QApplication.instance(), settings.get("theme"), settings.get("text_size"))
    for page in dropped:
        page.build()


def settings_not_saved(window: MainWindow, problem: str) -> None:
    """A change could not be written (a full disk…): it still applies, and the person is
    told once this run (``window.settings_note``), without stopping what they are doing (a
    session may be playing: a volume set in the player is a settings change too). Not
    while the window closes, nor when Home has said since the start that the settings
    file cannot be read (so that no change is saved): a note then would only repeat it."""
    if window.settings_note is not None or window.closing or _unreadable_on_home(window):
        return
    # What comes back is what a start would read: none after a damaged file was set aside.
    back = ("the settings you saved before" if window.settings.saved_before
            else "painease's usual settings")
    window.settings_note = note_box(
        "settings-not-saved", "Settings not saved",
        "painease could not save your settings. Your changes work until you close "
        f"painease; after that {back} come back.",
        not_saved_words(window.settings.save_cause), "Close this note.", warning=True,
        parent=window)
    # The line with the settings file's path, for whoever helps: not in the words above.
    window.settings_note.setDetailedText(f"painease: {problem}")
    # At large text the note would be taller than a laptop's screen, its OK below it.
    from painease.ui.question_text import fit_note

    fit_note(window.settings_note)
    window.settings_note.open()


def not_saved_words(cause: str | None) -> str:
    """The "Settings not saved" note's second part: ``Settings.save_cause`` (no path),
    then what the person can do about it."""
    from painease.settings import DISK_FULL, NOT_ALLOWED, NOT_READ, NOT_WRITTEN, READ_ONLY

    then = "the next change you make then saves all your settings."
    ask = f"Please ask whoever looks after this computer to let painease write there: {then}"
    step = {DISK_FULL: f"Free some space on the disk: {then}", READ_ONLY: ask,
            NOT_ALLOWED: ask,
            NOT_READ: ("Please ask whoever looks after this computer to look at it: once it "
                       "can be opened again, the next change you make saves all your "
                       "settings.")}
    said = step.get(cause, "The next change you make tries again to save all your settings.")
    return f"The reason: {cause or NOT_WRITTEN}. {said}"


def _unreadable_on_home(window: MainWindow) -> bool:
    return (window.settings.unreadable is not None
            and any(name == "settings-note" for name, _ in window.home.notices))


# -- closing ---------------------------------------------------------------------------------

def may_close(window: MainWindow) -> bool:
    """Whether the window may close now. Not yet when the After page's ratings or note, or
    a therapist's script or set, are not saved, or a results import waits for another
    import to finish: a question is asked instead (``window.close_question``), whose
    answer closes the window again. When it may, a waiting import is dropped (nothing of
    it written), a session still playing is flushed and left in progress (the next start
    shows it as interrupted, with everything saved so far), the day watch is stopped
    (``new_day.DayWatch.stop``) and Insights' readers are waited for."""
    flow = window.flow_if_built
    if flow is not None:
        window.close_question = flow.closing_question(window, window.close)
        if window.close_question is not None:
            return False
    page = window.therapist_page
    unsaved = page.unsaved() if page is not None else []
    waiting = page is not None and page.import_waiting()
    if (unsaved or waiting) and not window.closing_anyway:
        # Unsaved work, or an import the therapist just asked for, was dropped without a
        # word (or the import merged after the window had gone): ask first.
        window.close_question = _close_question(window, unsaved, waiting)
        if waiting:
            page.when_import_over(partial(_import_over, window, window.close_question))
        return False
    if page is not None:
        page.close_pages()  # an import's retries, a patient's database: not past the window
    # A volume set a moment ago is saved now, by the flow and the Settings page (as it
    # hides); a failure then has no one left to tell.
    window.closing = True
    if window.day_watch is not None:  # no new day for a window that is going
        window.day_watch.stop()
    window.close_flow()
    wait_for_readers(window)
    return True


def _close_question(window: MainWindow, unsaved: list[str], waiting: bool) -> QWidget:
    from painease.ui.therapist.forms import discard_question, question_box

    then = partial(_close_anyway, window)
    if not waiting:
        return discard_question(
            window, f"Your changes to {' and '.join(unsaved)} are not saved. Close "
            "painease anyway?", then, drop="Close without saving")
    said = ("is not imported yet. If you close painease now, nothing of it is imported and "
            "the file stays as it is: you can import it again later.")
    if unsaved:
        return discard_question(
            window, f"Your changes to {' and '.join(unsaved)} are not saved, and a results "
            f"file waiting for another import to finish {said} Close painease anyway?",
            then, drop="Close without saving")
    return question_box(window, "import-waiting-question", "Import not finished",
                        f"A results file is waiting for another import to finish and {said}"
                        " Close painease anyway?", "Close without importing", then,
                        "Keep waiting")


def _import_over(window: MainWindow, asked: QWidget) -> None:
    """The import ``asked`` (a close question) was about stopped waiting while it was open
    (merged, or gave up): its words ("is not imported yet") are no longer so, and "Close
    without importing" would drop nothing. It is taken down unanswered, and what is so
    now is asked instead: the outcome, then the unsaved work if any, else whether to close
    now (the therapist may want to read the outcome first). A question already answered
    ("Keep waiting") asks nothing again."""
    if window.closing or window.close_question is not asked or not asked.isVisible():
        return
    asked.close()  # no button clicked: its answer does nothing
    from painease.ui.therapist.forms import discard_question, question_box

    page = window.therapist_page
    unsaved = page.unsaved()
    said = f"The results file is no longer waiting. {page.import_outcome()}"
    then = partial(_close_anyway, window)
    if unsaved:
        window.close_question = discard_question(
            window, f"{said} Your changes to {' and '.join(unsaved)} are not saved. Close "
            "painease anyway?", then, drop="Close without saving")
    else:
        window.close_question = question_box(
            window, "import-over-question", "Import no longer waiting",
            f"{said} Close painease now?", "Close painease", then, "Keep painease open")


def _close_anyway(window: MainWindow) -> None:
    window.closing_anyway = True  # the therapist chose to drop unsaved work
    window.close()


def wait_for_readers(window: MainWindow) -> None:
    """Let Insights' and Outcomes' reader threads finish, so none answers a page that is
    going away."""
    if "painease.ui.charts.view" in sys.modules:  # Insights was ever shown
        from painease.ui.charts.view import InsightsView

        for view in window.findChildren(InsightsView):
            view.loader.wait()
    if "painease.ui.therapist.cohort_view" in sys.modules:  # Outcomes was ever shown
        from painease.ui.therapist.cohort_view import CohortView

        for outcomes in window.findChildren(CohortView):
            outcomes.loader.wait()
