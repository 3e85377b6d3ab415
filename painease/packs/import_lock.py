"""One results import at a time in a therapist's data folder.

Two imports of the same patient's results at once (two commands, or a command beside the
window) each read who is listed, then each made the patient's database and listed them:
a probe saw one of them end in a traceback. An import is short, so the second one simply
waits for the first.

Contract
--------
``one_import_at_a_time(folder)`` holds an exclusive ``flock`` on ``<folder>/.import.lock``
(the folder is made, 0700, if missing) for its ``with`` block. When another import holds
it, it tries again every 50 ms for at most ``WAIT_SECONDS`` (or ``wait``), then raises
``ImportRunning`` (nothing was done); ``wait=0`` tries once and never sleeps, for the GUI
thread, which tries again from a timer (``painease.ui.therapist.results_import``). A lock
file that cannot be made or opened raises ``OSError``. The kernel drops the lock however
its holder ends (``painease.storage.instance_lock`` says why that leaves no stale lock),
and the file stays in place. Where ``flock`` is not available (Windows, some network file
systems) the block runs without it. Qt-free; any thread (each block opens its own
descriptor, so two threads of one process also wait for each other).
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".import.lock"
WAIT_SECONDS = 10.0  # an import takes well under a second; a window waits at most this
_POLL_SECONDS = 0.05


class ImportRunning(Exception):
    """Another import held the lock for longer than the wait."""


@contextmanager
def one_import_at_a_time(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the import lock in ``folder`` for the block (see the module doc). ``wait``:
    seconds to wait at most (``WAIT_SECONDS`` when None)."""
    try:
        import fcntl
    except ImportError:  # no flock here: run unlocked, as before
        yield
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    break  # this file system cannot lock (ENOLCK): run unlocked, as before
            if time.monotonic() >= deadline:
                raise ImportRunning
            time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # drops the lock
