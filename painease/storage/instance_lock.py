"""One painease window per data dir: an exclusive lock on ``<data dir>/painease.lock``.

At start the window marks every session still ``in_progress`` as interrupted (the app died
in it). A second window on the same data dir would do that to the first window's running
session, and both would write the same settings file. So the window (``run_app``, not the
CLI's commands, which read or write through SQLite transactions) takes this lock before
it opens the store, and a start that finds it taken opens nothing.

The lock is ``fcntl.flock(LOCK_EX | LOCK_NB)`` on a file descriptor kept open for the
process's lifetime. The kernel drops it when the descriptor closes, however the process
ends (a normal exit, a crash, SIGKILL): there is no stale lock to detect, no PID to
trust, no timeout to guess. The descriptor is not inherited by child processes
(Python's default), so a helper process can never keep a dead window's lock. The file
itself stays in place after release (deleting it would let two processes lock two
different files of the same name); it holds the holder's PID and, on a second line, what
holds it (``holder``: "window", or the command, "demo-data"), for messages only: a start
that finds the lock taken says what to wait for (a file from before says no holder, read as
a window). A lock file this user may read but not write is locked through a read-only
descriptor (flock needs nothing more); only its lines are then not written.

The lock belongs to the file the holder opened, not to its name: once the data folder was
removed, or restored from a backup (a copy of the lock file, locked by nobody), a second
start would lock the file now at the path and open a second window. So the window calls
``keep`` every few seconds (``painease.ui.app``): when the file at the path is not the one
it holds (device and inode), it takes the lock on that one (making it if missing; never
the folder), and a second start finds it held. One ``stat`` and one ``fstat`` a call.

Where ``fcntl`` or ``flock`` is not available (Windows, some network file systems),
``acquire`` answers ``UNSUPPORTED`` with the reason and the caller runs without the lock.
Qt-free; any thread, though one process normally holds one ``InstanceLock``.
"""

from __future__ import annotations

import errno
import os
from enum import Enum
from pathlib import Path

from painease.paths import LOCK_NAME

LOCK_FILE_NAME = LOCK_NAME  # the name paths.own_data_problem guards


class LockOutcome(Enum):
    OURS = "ours"  # this process holds the lock until ``release`` or exit
    BUSY = "busy"  # another process holds it: another window is open on this data dir
    UNSUPPORTED = "unsupported"  # no locking here (see ``InstanceLock.problem``)


class InstanceLock:
    """The lock on one data dir. ``acquire`` tries once and never waits.

    A plain class: ``import dataclasses`` alone cost ~2.3 ms of start-up, and the lock is
    taken on every start."""

    def __init__(self, directory: Path, holder: str = "window"):
        self.directory = directory
        self.holder_kind = holder  # written beside the PID: what holds it (module doc)
        self.problem: str | None = None  # why locking was unsupported (UNSUPPORTED answer)
        self._fd: int | None = None

    def __repr__(self) -> str:
        return f"InstanceLock({str(self.directory)!r}, held={self.held})"

    @property
    def path(self) -> Path:
        return self.directory / LOCK_FILE_NAME

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockOutcome:
        """Take the lock if nobody holds it. Calling it again while held answers OURS."""
        if self._fd is not None:
            return LockOutcome.OURS
        try:
            import fcntl
        except ImportError:
            return self._unsupported("file locking is not available on this system")
        try:
            fd = self._open()
        except OSError as exc:
            return self._unsupported(f"cannot open {self.path}: {exc.strerror or exc}")
        if fd is None:  # none yet, and it may not be made here
            return self._unsupported(f"the lock file {self.path} cannot be made, as this "
                                     f"user may not write in {self.directory}")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return LockOutcome.BUSY
            return self._unsupported(f"cannot lock {self.path}: {exc.strerror or exc}")
        self._fd = fd
        self._write_pid(fd)
        return LockOutcome.OURS

    def keep(self) -> bool:
        """Holder: make sure the lock is on the file now at ``path`` (module doc). True
        when it is (or is again); False when not held, or it cannot be taken now (the
        folder is gone, or another process holds the new file): the old lock is kept and
        the next call tries again."""
        fd = self._fd
        if fd is None:
            return False
        try:
            now, held = os.stat(self.path), os.fstat(fd)
            if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                return True
        except OSError:
            pass  # gone: taken again below, if its folder is there
        import fcntl

        try:
            new = self._open()  # O_CREAT makes the file, never its folder
        except OSError:
            return False
        if new is None:
            return False
        try:
            fcntl.flock(new, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(new)
            return False
        self._fd = new
        os.close(fd)  # the old file's lock: nobody else can reach that file by name
        self._write_pid(new)
        return True

    def release(self) -> None:
        """Let the lock go (the file stays). Safe to call when not held, and twice."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor drops the flock

    def holder_pid(self) -> int | None:
        """The PID the holder wrote, if it can be read (for messages only; may be stale)."""
        return self.holder()[0]

    def holder(self) -> tuple[int | None, str | None]:
        """(PID, what holds it: "window", "demo-data"…) as the holder wrote them, each None
        when it cannot be read; a file from before holds the PID alone (for messages
        only; may be stale)."""
        from painease.files import read_small

        try:  # a pipe or a huge file put there is neither waited on nor read whole
            lines = (read_small(self.path, 64) or b"").decode("ascii").split("\n")
        except (OSError, UnicodeDecodeError):
            return None, None
        pid = lines[0].strip()
        kind = lines[1].strip() if len(lines) > 1 else ""
        known = 0 < len(kind) <= 32 and kind.replace("-", "").isalpha() and kind.islower()
        return (int(pid) if pid.isdigit() else None), (kind if known else None)

    def _open(self) -> int | None:
        """A descriptor on the lock file, made (0600) if missing; read-only when this user
        may read but not write it (flock needs no write access, so it still keeps a second
        window out). None when there is none and this user may not make it."""
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError:
            try:  # a lock file made read-only, or by another user
                return os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                return None

    def _unsupported(self, problem: str) -> LockOutcome:
        self.problem = problem
        return LockOutcome.UNSUPPORTED

    def _write_pid(self, fd: int) -> None:
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n{self.holder_kind}\n".encode("ascii"), 0)
        except OSError:
            pass  # informational only: a full disk must not stop the window
