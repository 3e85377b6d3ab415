"""Start the Qt application and show the main window.

``create_window`` does only what the first paint needs (settings, theme, Home) and, once
the event loop runs, hands the rest to one worker thread (``StartupLoader``): first the
store is prepared (the database created or migrated, and sessions the last run died in
marked interrupted, on a connection of the worker's own), then the temp files of
saves killed part-way are removed (the settings', the scripts'…:
``settings.remove_stale_own_temps``), then pack
folders whose set the database lacks are adopted back (``painease.packs.at_start``, on the
store the worker prepared, closed after it: one connection for both), then the
catalog is loaded (validation brings in pydantic, the largest import), and last, for a
big database, the part of its check the start left out (``painease.storage.health``: a
damaged file is then said as it would have been at start). So the window shows without
waiting for the disk, sqlite3 or the script files. Both answers reach the window on the GUI
thread; the window then opens its own store connection (``MainWindow.store``) and Home
adds the last shift and any interrupted session. ``wait_until_ready`` lets tests and the
screenshot tool wait for both. ``run_app`` adds the event loop. Main thread only (the
worker makes no Qt call).

Only one window per data dir: ``run_app`` (the ``painease`` command) first takes the data
dir's instance lock (``painease.storage.instance_lock``), before the store is prepared or
any session is marked. When another window holds it, this start opens nothing, says so on
stderr and in a small dialog (saying so when it is a command, ``painease demo-data``, and
no window), and returns 0. The open window makes sure its lock is on the lock file now in
the folder every ``LOCK_CHECK_MS`` (``InstanceLock.keep``: the folder removed or restored
from a backup under it). ``create_window`` takes no lock, so tests and
tools build windows in-process as before; the CLI's commands take none either.
"""

from __future__ import annotations

import gc
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
    from painease.storage import SessionStore, StoreError
    from painease.storage.instance_lock import InstanceLock

# How often the window makes sure its instance lock is on the lock file now in the data
# folder (``InstanceLock.keep``: one stat and one fstat), once the folder may have been
# removed or restored from a backup under it.
LOCK_CHECK_MS = 2000


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


class StartupLoader(QObject):
    """Prepares the store, then loads the catalog, on one daemon thread.

    The worker makes no Qt call: it leaves each answer in one attribute (a single
    assignment, so the GUI thread sees it whole or not at all; ``queue`` would add ~1 ms of
    imports to start-up), and a timer on the GUI thread emits ``store_ready(interrupted,
    problem)`` and then ``done(catalog, problem)``, each once.

    ``store_answer`` may also be asked for on the GUI thread before the worker got there
    (the window's store is used early): it then prepares the store itself, and the worker,
    finding the answer made, does not prepare it again. Either way sessions are marked
    interrupted exactly once, before this process can start one."""

    store_ready = Signal(object, object)
    done = Signal(object, object)
    store_damaged = Signal(object)  # the StoreError the late check found, after ``done``

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.thread = threading.Thread(target=self._run, name="painease-start", daemon=True)
        self._prepare = threading.Lock()  # held while the store is being prepared
        self._store: tuple | None = None  # (interrupted ids, problem), set once
        self._answer: tuple | None = None  # (catalog, problem), set once, by the worker
        self._late: tuple | None = None  # (the late check's StoreError or None,), likewise
        self._store_delivered = self._delivered = self._late_delivered = False
        self.adopted = ""  # sets found again at start (``packs.at_start``), for Home
        self._abandoned = False
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self.deliver)

    def start(self) -> None:
        """Begin loading (once; later calls do nothing)."""
        if self.thread.ident is None:
            self.thread.start()
            self._timer.start()

    def store_answer(self) -> tuple[list[int] | None, StoreError | None]:
        """The store's preparation: (interrupted session ids, None), or (None, the
        ``StoreError`` saying why it failed). Waits for the worker if it is preparing;
        prepares here if nobody has."""
        with self._prepare:
            if self._store is None:
                from painease.storage.prepare import prepare_store

                self._store = prepare_store()
            return self._store

    def deliver(self) -> None:
        """GUI thread: emit each answer that has arrived, once."""
        if self._abandoned:
            return
        if self._store is not None and not self._store_delivered:
            self._store_delivered = True
            self.store_ready.emit(*self._store)
        answer = self._answer
        if answer is not None and not self._delivered and self._store_delivered:
            self._delivered = True
            self.done.emit(*answer)
        late = self._late
        if late is not None and self._delivered and not self._late_delivered:
            self._late_delivered = True
            self._timer.stop()
            if late[0] is not None:
                self.store_damaged.emit(late[0])

    def retry(self) -> None:
        """GUI thread: do the start's work again, as at first, and emit its answers again
        (the store's preparation failed because another program was writing to the file).
        The first pass is let finish first: it ends soon after the sessions load."""
        self.thread.join()
        self._store = self._answer = self._late = None
        self._store_delivered = self._delivered = self._late_delivered = False
        self.adopted = ""
        self.thread = threading.Thread(target=self._run, name="painease-start", daemon=True)
        self.thread.start()
        self._timer.start()

    def abandon(self) -> None:
        """GUI thread: emit nothing more (the window and its store are going away). The
        worker may still finish; its answers are then dropped."""
        self._abandoned = True
        self._timer.stop()

    def _prepared_here(self) -> SessionStore | None:
        """Worker: prepare the store unless the GUI thread already has; the store it
        prepared, left open for the adoption (closed by the caller), or None."""
        with self._prepare:
            if self._store is not None:
                return None
            from painease.storage.prepare import prepared_store

            self._store, store = prepared_store()
            return store

    def _run(self) -> None:
        store = self._prepared_here()  # one connection for the preparation and adoption
        try:
            from painease.settings import remove_stale_own_temps

            remove_stale_own_temps()  # what saves killed part-way left (never raises)
            if self._store[1] is None:  # before the catalog: adopted sets' scripts are theirs
                from painease.packs.at_start import adopted_at_start

                self.adopted = adopted_at_start(store)
        finally:
            if store is not None:
                store.close()
        try:  # it first puts right what a killed pack import left (pack_folders.recover)
            catalog, problem = catalog_loaded(), None
        except Exception as error:  # noqa: BLE001 - any failure is shown, never a crash
            # Said plainly on Home, with no path; the error's own line, which may name
            # one, goes to stderr, for whoever helps (as the settings note's does).
            print(f"painease: the sessions could not be loaded: {type(error).__name__}: "
                  f"{error}", file=sys.stderr)
            catalog, problem = None, not_loaded_words(error)
        self._answer = (catalog, problem)
        from painease.storage.prepare import late_store_check

        self._late = (late_store_check() if self._store[1] is None else None,)


def not_loaded_words(error: Exception) -> str:
    """What Home says when the sessions could not be loaded: the cause when it is plain
    (``painease.plain_causes``), the next step, and where whoever helps finds the rest."""
    from painease.plain_causes import NOT_ALLOWED, plain_cause

    allowed = not (isinstance(error, OSError) and plain_cause(error) == NOT_ALLOWED)
    why = "" if allowed else ": painease is not allowed to open the files that hold them"
    return (f"The sessions could not be loaded{why}. Reinstalling painease should restore "
            "them. If it does not, whoever helps you can see what went wrong by starting "
            "painease from a terminal.")


def catalog_loaded():
    """``painease.catalog.load_catalog()``, imported and run on the start-up worker.

    Its imports (pydantic's the largest) run while the GUI thread goes on importing what
    the window needs. First PySide6's import hook is told pydantic does not use PySide6
    (``painease.ui.pyside_import_hook``): a look at a pydantic module that the GUI thread's
    own looks had put off once broke pydantic's import half way ("cannot import name
    'import_string' from partially initialized module 'pydantic._internal._validators'"),
    and the whole session list was said lost for that start, about one start in a hundred."""
    from painease.ui.pyside_import_hook import exempt_from_looks

    exempt_from_looks("pydantic")
    from painease.catalog import load_catalog

    return load_catalog()


def create_window(player_options: dict | None = None) -> MainWindow:
    """Build the window and, once the event loop runs, prepare its store and load its
    catalog (see ``StartupLoader``).

    The window's store (``window.store``, opened on first use) belongs to the caller, who
    closes it after the window (``window.close_store()``). ``window.store_problem`` says
    when the store could not be prepared; ``run_app`` then tells the person and ends.
    """
    app = application()
    settings = Settings()
    theme, text_size = settings.get("theme"), settings.get("text_size")
    apply_theme(app, theme, text_size, with_style_sheet=False)
    loader = StartupLoader()
    window = MainWindow(None, settings, loader.store_answer, player_options=player_options)
    loader.setParent(window)
    window.startup_loader = loader
    window.home.set_page_aside()  # until it shows: see set_page_aside
    apply_style_sheet(app, theme, text_size)  # after building: see apply_theme
    if settings.damaged or settings.unreadable is not None:  # the path goes to stderr
        from painease.ui.settings_file_words import settings_note

        window.home.add_notice("settings-note", settings_note(settings))
    if settings.not_used:  # hand-edited values that cannot be used: said once, on Home
        from painease.settings_unused import not_used_note

        window.home.add_notice("settings-values-note", not_used_note(settings))
    loader.store_ready.connect(window.set_store_answer)
    loader.done.connect(window.set_catalog)
    loader.done.connect(lambda *_: loader.adopted and window.home.add_notice(
        "adopted-note", loader.adopted))  # sets found again: said once, on Home
    # Damage found after the start is said as at start: nothing more is saved to the file.
    loader.store_damaged.connect(lambda problem: window.set_store_answer(None, problem))
    # Start once the event loop runs, after show(): a worker busy importing and validating
    # would otherwise hold the GIL half the time while the window is still being built.
    # (Its first pass runs this before the first paint; measured, the worker did not delay
    # that paint: 157 vs 166 ms fastest of 21 starts, with it and without.)
    QTimer.singleShot(0, loader.start)
    return window


def wait_until_ready(window: MainWindow, timeout: float = 60.0) -> None:
    """Block until the window has its store and its catalog (or the reasons it has not)."""
    loader: StartupLoader = window.startup_loader
    loader.start()
    loader.thread.join(timeout)
    loader.deliver()
    if window.catalog is None and window.catalog_problem is None:
        raise RuntimeError(f"the sessions did not load within {timeout:g} s")


def run_app(argv: list[str] | None = None) -> int:
    """Run the event loop until the window closes; returns the process exit code.

    When another window already holds this data dir, show ``already_open_box`` instead
    (nothing opened, nothing marked) and return 0 once the person closes it; when a
    command holds it (``painease demo-data``), ``command_at_work_box``. A data folder
    that cannot be made is one ``painease: …`` line on stderr and exit code 1, before any
    window. A store that cannot be opened (a damaged or newer database file…) is found
    just after the window shows: the same line on stderr, the reason in a dialog
    (``painease.ui.store_notes``), and exit code 1 once the person closes it; when another
    program was only using the file at that moment, the dialog offers to try again.
    """
    app = application(argv)
    lock, holder = lock_or_holder()
    if lock is None:
        settings = Settings()  # only read: the note in the person's theme and text size
        apply_theme(app, settings.get("theme"), settings.get("text_size"))
        from painease.ui.lock_notes import already_open_box, command_at_work_box

        (already_open_box() if holder == "window" else command_at_work_box(holder)).exec()
        return 0
    from painease import paths

    try:
        try:
            paths.data_dir()  # the lock made it already (0700), unless it cannot be made
        except OSError as exc:
            print(f"painease: {paths.folder_problem(exc)}", file=sys.stderr)
            return 1
        window = create_window()
        window.store_failed.connect(lambda problem: _store_failed(app, window, problem))
        if lock.problem is not None:  # said on stderr too, which a patient rarely sees
            from painease.ui.lock_notes import lock_note

            window.home.add_notice("lock-note", lock_note(lock.problem))
        window.show()
        resume_collector()
        if lock.held:  # the lock on the file now at its path, should the folder be replaced
            keeper = QTimer(window)
            keeper.timeout.connect(lock.keep)
            keeper.start(LOCK_CHECK_MS)
        try:
            return app.exec()
        finally:
            # A catalog arriving after the loop ended would reach a closed store (the
            # timer fires in whatever event loop runs next: another test's, in tests).
            window.startup_loader.abandon()
            if window.isVisible():  # the loop ended without it closing (a store problem)
                window.close()
            window.close_flow()
            window.close_store()
    finally:
        lock.release()


def resume_collector() -> None:
    """Once the window is shown: what the start made is set aside for good (``gc.freeze``:
    it lives as long as the window, and later collections, during a session too, no
    longer go through it) and the collector, paused for the start by
    ``painease.cli.prepare_window_start``, runs again. Does nothing when it was not paused
    (tests and tools that build windows in-process)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _store_failed(app: QApplication, window: MainWindow, problem: StoreError) -> None:
    """The store could not be prepared: nothing can be saved, so say why and end (1). The
    error's command-line advice goes to stderr only; the dialog gives its own
    (``painease.ui.store_notes``). When another program was only writing to the file at
    that moment, the person may instead try again: the start's work is done again
    (``StartupLoader.retry``), and says so again if the file is still in use."""
    from painease.ui.store_notes import chose_to_try_again, store_busy_box, store_problem_box

    print(f"painease: {problem}", file=sys.stderr)
    if problem.busy:
        box = store_busy_box(problem)
        box.exec()
        if chose_to_try_again(box):
            window.store_problem = None
            window.startup_loader.retry()
            return
    else:
        store_problem_box(problem).exec()
    app.exit(1)


def take_instance_lock() -> InstanceLock | None:
    """Lock the data dir for this window. Returns the held ``InstanceLock``; an unheld one
    when locking is unsupported here (said on stderr) or the folder is unusable (the store
    then says why); None when another process holds it (said on stderr)."""
    return lock_or_holder()[0]


def lock_or_holder() -> tuple[InstanceLock | None, str | None]:
    """``take_instance_lock``'s answer, and None; or, when another process holds the
    lock, None and what holds it: "window" (also for a lock file written before the
    holder was, which only a window took), or the command's name ("demo-data")."""
    from painease import paths
    from painease.storage.instance_lock import InstanceLock, LockOutcome

    try:
        lock = InstanceLock(paths.data_dir())  # created 0700 here, as the store would
    except OSError:
        # Not a usable folder: nobody can hold a lock in it, and the store says why.
        return InstanceLock(paths.data_dir(create=False)), None
    outcome = lock.acquire()
    if outcome is LockOutcome.BUSY:
        pid, kind = lock.holder()
        process = f"process {pid}, " if pid is not None else ""
        where = f"({process}data in {lock.directory})"
        if kind in (None, "window"):
            print(f"painease: already open in another window {where}. Use that window; "
                  "this start opened and changed nothing.", file=sys.stderr)
            return None, "window"
        print(f"painease: 'painease {kind}' is writing into this data folder {where}; wait "
              "for it to finish, then open painease. This start opened and changed "
              "nothing.", file=sys.stderr)
        return None, kind
    if outcome is LockOutcome.UNSUPPORTED:
        print(f"painease: cannot check for another painease window ({lock.problem}); "
              "starting anyway. Keep only one painease window open at a time.",
              file=sys.stderr)
    return lock, None
