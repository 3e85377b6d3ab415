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
different files of the same name); it holds the holder's PID, for people only. A lock file
this user may read but not write is locked through a read-only descriptor (flock needs
nothing more); only its PID line is then not written.

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

    def __init__(self, directory: Path):
        self.directory = directory
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
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError:
            # A lock file this user may read but not write (made read-only, or by another
            # user): flock needs no write access, so it still keeps a second window out.
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:  # none yet, and it may not be made here
                return self._unsupported(f"the lock file {self.path} cannot be made, as "
                                         f"this user may not write in {self.directory}")
            except OSError as exc:
                return self._unsupported(f"cannot open {self.path}: {exc.strerror or exc}")
        except OSError as exc:
            return self._unsupported(f"cannot open {self.path}: {exc.strerror or exc}")
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

    def release(self) -> None:
        """Let the lock go (the file stays). Safe to call when not held, and twice."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor drops the flock

    def holder_pid(self) -> int | None:
        """The PID the holder wrote, if it can be read (for messages only; may be stale)."""
        from painease.files import read_small

        try:  # a pipe or a huge file put there is neither waited on nor read whole
            text = (read_small(self.path, 32) or b"").decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def _unsupported(self, problem: str) -> LockOutcome:
        self.problem = problem
        return LockOutcome.UNSUPPORTED

    @staticmethod
    def _write_pid(fd: int) -> None:
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass  # informational only: a full disk must not stop the window
