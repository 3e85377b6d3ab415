"""Start the Qt application and show the main window.

``create_window`` does the start-up work (store, interrupted sessions, settings, theme,
Home) and, once the event loop runs, loads the catalog on a worker thread, so the window
shows before the script files are read and validated (validation brings in pydantic, the
largest import at start-up). The catalog reaches the window on the GUI thread (see
``CatalogLoader``); ``wait_until_ready`` lets tests and the screenshot tool wait for it.
``run_app`` adds the event loop. Main thread only (the worker makes no Qt call).

Only one window per data dir: ``run_app`` (the ``painease`` command) first takes the data
dir's instance lock (``painease.storage.instance_lock``), before the store is opened or any
session is marked. When another window holds it, this start opens nothing, says so on
stderr and in a small dialog, and returns 0. ``create_window`` takes no lock, so tests and
tools build windows in-process as before; the CLI's commands take none either.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from painease import APP_NAME, APP_TITLE, __version__
from painease.settings import Settings
from painease.ui.main_window import MainWindow
from painease.ui.theme import FUSION_ARGS, STYLE_SET, apply_style_sheet, apply_theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from painease.storage.instance_lock import InstanceLock

ALREADY_OPEN = "painease is already open in another window."


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        # Fusion from the start (see apply_theme), chosen the way Qt's own -style does it.
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), *FUSION_ARGS])
        app.setProperty(STYLE_SET, True)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    return app


class CatalogLoader(QObject):
    """Loads the catalog on a daemon thread. The worker makes no Qt call: it leaves its
    answer in one attribute (a single assignment, so the GUI thread sees it whole or not at
    all; ``queue`` would add ~1 ms of imports to start-up), and a timer on the GUI thread
    emits ``done(catalog, problem)`` once."""

    done = Signal(object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.thread = threading.Thread(target=self._run, name="painease-catalog", daemon=True)
        self._answer: tuple | None = None  # set once, by the worker
        self._delivered = False
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self.deliver)

    def start(self) -> None:
        """Begin loading (once; later calls do nothing)."""
        if self.thread.ident is None:
            self.thread.start()
            self._timer.start()

    def deliver(self) -> None:
        """GUI thread: emit ``done`` once the worker has answered."""
        answer = self._answer
        if answer is None or self._delivered:
            return
        self._delivered = True
        self._timer.stop()
        self.done.emit(*answer)

    def abandon(self) -> None:
        """GUI thread: never emit ``done`` (the window and its store are going away). The
        worker may still finish; its answer is then dropped."""
        self._delivered = True
        self._timer.stop()

    def _run(self) -> None:
        try:
            from painease.catalog import load_catalog

            catalog, problem = load_catalog(), None
        except Exception as error:  # noqa: BLE001 - any failure is shown, never a crash
            catalog, problem = None, ("The sessions could not be loaded "
                                      f"({type(error).__name__}: {error}). "
                                      "Reinstalling painease should restore them.")
        self._answer = (catalog, problem)


def create_window(player_options: dict | None = None) -> MainWindow:
    """Open the store, mark sessions the last run died in as interrupted, build the window
    and start loading the catalog into it.

    The window's ``store`` belongs to the caller, who closes it after the window.
    """
    from painease.storage import SessionStore

    app = application()
    store = SessionStore.open_default()
    interrupted = store.mark_interrupted()
    settings = Settings()
    theme, text_size = settings.get("theme"), settings.get("text_size")
    apply_theme(app, theme, text_size, with_style_sheet=False)
    window = MainWindow(None, store, settings, interrupted=interrupted,
                        player_options=player_options)
    apply_style_sheet(app, theme, text_size)  # after building: see apply_theme
    window.fit_nav()  # the sheet's font decides how wide the page names are
    loader = window.catalog_loader = CatalogLoader(window)
    loader.done.connect(window.set_catalog)
    # Start once the event loop runs, i.e. after the window's first paint: a worker busy
    # importing and validating would otherwise hold the GIL half the time while the window
    # is still being shown.
    QTimer.singleShot(0, loader.start)
    return window


def wait_until_ready(window: MainWindow, timeout: float = 60.0) -> None:
    """Block until the window has its catalog (or the reason it has none)."""
    loader: CatalogLoader = window.catalog_loader
    loader.start()
    loader.thread.join(timeout)
    loader.deliver()
    if window.catalog is None and window.catalog_problem is None:
        raise RuntimeError(f"the sessions did not load within {timeout:g} s")


def run_app(argv: list[str] | None = None) -> int:
    """Run the event loop until the window closes; returns the process exit code.

    When another window already holds this data dir, show ``already_open_box`` instead
    (nothing opened, nothing marked) and return 0 once the person closes it. A store that
    cannot be opened is one ``painease: …`` line on stderr and exit code 1.
    """
    app = application(argv)
    lock = take_instance_lock()
    if lock is None:
        settings = Settings()  # only read: the note in the person's theme and text size
        apply_theme(app, settings.get("theme"), settings.get("text_size"))
        already_open_box().exec()
        return 0
    from painease.storage import StoreError

    try:
        try:
            window = create_window()
        except StoreError as exc:  # e.g. the data folder cannot be created or read
            print(f"painease: {exc}", file=sys.stderr)
            return 1
        if lock.problem is not None:  # said on stderr too, which a patient rarely sees
            window.home.add_notice("lock-note", lock_note(lock.problem))
        window.show()
        try:
            return app.exec()
        finally:
            # A catalog arriving after the loop ended would reach a closed store (the
            # timer fires in whatever event loop runs next: another test's, in tests).
            window.catalog_loader.abandon()
            window.close_flow()
            window.store.close()
    finally:
        lock.release()


def take_instance_lock() -> InstanceLock | None:
    """Lock the data dir for this window. Returns the held ``InstanceLock``; an unheld one
    when locking is unsupported here (said on stderr) or the folder is unusable (the store
    then says why); None when another window holds it (said on stderr)."""
    from painease import paths
    from painease.storage.instance_lock import InstanceLock, LockOutcome

    try:
        lock = InstanceLock(paths.data_dir())  # created 0700 here, as the store would
    except OSError:
        # Not a usable folder: nobody can hold a lock in it, and the store says why.
        return InstanceLock(paths.data_dir(create=False))
    outcome = lock.acquire()
    if outcome is LockOutcome.BUSY:
        pid = lock.holder_pid()
        holder = f"process {pid}, " if pid is not None else ""
        print(f"painease: already open in another window ({holder}data in {lock.directory})."
              " Use that window; this start opened and changed nothing.", file=sys.stderr)
        return None
    if outcome is LockOutcome.UNSUPPORTED:
        print(f"painease: cannot check for another painease window ({lock.problem}); "
              "starting anyway. Keep only one painease window open at a time.",
              file=sys.stderr)
    return lock


def lock_note(problem: str) -> str:
    """Home's banner when this start could not check for another painease window."""
    return ("Please keep only one painease window open at a time. painease could not check "
            "for another window on this computer, and a second window would mark a session "
            f"still running in the first one as interrupted. (The reason: {problem}.)")


def already_open_box() -> QMessageBox:
    """The plain note a second start shows; OK, Enter or Esc closes it."""
    from PySide6.QtWidgets import QMessageBox  # only here: its enums cost ~1 ms at start-up

    box = QMessageBox()
    box.setObjectName("already-open")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("painease is already open")
    box.setText(ALREADY_OPEN)
    box.setInformativeText(
        "Please use that window: your sessions and ratings are all there. If you cannot "
        "find it, look in your taskbar or window list (Alt+Tab shows open windows). If it "
        "seems stuck, closing it and opening painease again is safe: every rating you "
        "confirmed is kept.")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    box.setAccessibleName("painease is already open")
    box.setAccessibleDescription(f"{ALREADY_OPEN} {box.informativeText()}")
    ok = box.button(QMessageBox.StandardButton.Ok)
    ok.setObjectName("already-open-ok")
    ok.setAccessibleName("OK")
    ok.setAccessibleDescription("Close this note; the other window stays open.")
    return box
