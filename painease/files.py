"""Writing a file whole or not at all (``write_atomically``), and taking turns to change
files with other processes (``held_lock``).

Packs, results files and the PDF report are written this way: a temp file of this call's
own beside the target (0600, from ``mkstemp``), flushed to the disk, then renamed over the
target, so a full disk or a kill leaves the earlier file (or none), never half of one.
No heavy imports: the report and the packs both use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` whole or not at all; ``OSError`` says why it could not
    be (the temp file is removed again)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class held_lock:  # noqa: N801 - used as a context manager, like open()
    """Hold an exclusive lock (fcntl) on the file ``path`` (made 0600 if missing) while
    this process changes what it guards, waiting for another holder to finish; with
    ``wait=False``, ``held`` says whether it was free. Where fcntl is missing (Windows)
    nothing is locked and ``held`` is True."""

    def __init__(self, path: Path, wait: bool = True):
        self.path, self.wait = path, wait
        self.held = False
        self._fd: int | None = None

    def __enter__(self) -> held_lock:
        try:
            import fcntl
        except ImportError:
            self.held = True
            return self
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
            self.held = True
        except BlockingIOError:
            self.held = False
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
