"""The six CSV files of an export replace the earlier ones as one set (the contract is in
``painease.storage.export``'s module doc): exports into one folder take turns, what stands
in a file's way is found before any file moves, ``PENDING`` decides the set, and what an
export killed while its files took their names left is finished by the next one.

Used by ``export_csv`` only; nothing here reads the store, and it touches only the folder
it is given.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from painease.files import Unreadable, read_small
from painease.temp_files import WAITING_LIST, temp_beside, temp_of

# Beside the files while a decided set of them is taking its names (see ``export``'s doc).
PENDING = WAITING_LIST
_FILE_NAMES = ("sessions.csv", "ratings.csv", "live_samples.csv", "phases.csv",
               "journal.csv", "codebook.csv")


def _commit(directory: Path, temps: list[str]) -> None:
    """Decide the new set: ``PENDING`` names its files' temps (one a line) once every one
    is whole on the disk; made whole itself (in a temp of its own, removed again if that
    fails) and then renamed into place, so it is either there in full or not at all."""
    with temp_beside(directory / PENDING) as (fd, tmp):
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write("".join(f"{name}\n" for name in temps))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, directory / PENDING)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    _fsync_dir(directory)


@contextlib.contextmanager
def _taking_turns(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock (fcntl) on the folder itself, so no file of painease's is
    added to the person's folder for it; another export into it waits. Where the system
    or the file system has no such lock, the export goes on without it."""
    fd = None
    try:
        import fcntl

        fd = os.open(directory, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
    except (ImportError, OSError):
        pass
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing it drops the lock


def _finish_interrupted(directory: Path) -> None:
    """Settle what an export killed in ``directory`` left. Killed after deciding its set
    (``PENDING`` is there): its files still waiting take their names now, so the folder
    holds all of that set. Killed before: its temporary files are left for this export
    to write over, and the files in the folder were never touched."""
    try:  # never waited on: a pipe in its place is no decided set
        listed = read_small(directory / PENDING, 4096)
    except Unreadable:
        return  # not a set this export can finish; its own replaces it
    if listed is None:
        return
    for temp in listed.decode("utf-8", "replace").splitlines():
        name = temp_of(temp)  # only the export's own temps, whatever the list says
        if name in _FILE_NAMES and "/" not in temp and os.sep not in temp:
            with contextlib.suppress(FileNotFoundError):  # took its name before the kill
                os.replace(directory / temp, directory / name)
        elif temp in _FILE_NAMES:  # a list from before the temps had names of their own
            _remove_old_partial(directory / f".{temp}.partial")
    _fsync_dir(directory)
    os.unlink(directory / PENDING)


class _InTheWay(OSError):
    """What stands where one of the export's files goes is not a file it may replace."""


def _check_targets(directory: Path) -> None:
    """Raise ``_InTheWay`` (one line: what is there, what to do) when a folder, device or
    pipe, or a link to one, has the name of one of the six or of ``PENDING``: renaming
    onto it fails (or replaces the link), so it is found before any file moves."""
    for name in (*_FILE_NAMES, PENDING):
        path = directory / name
        try:
            mode = os.stat(path).st_mode  # through links
        except OSError:  # nothing there (or a link to nothing): a rename replaces it
            continue
        if stat.S_ISREG(mode):
            continue
        link = "a link to " if os.path.islink(path) else ""
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        fix = ("the link " if link else "the folder " if stat.S_ISDIR(mode) else "") + name
        raise _InTheWay(f"{name} there is {link}{kind}; move or rename {fix}, then "
                        "export again")


def _remove_old_partial(path: Path) -> None:
    """Remove the temp an export by an older painease wrote (a fixed name, listed as its own
    in its ``PENDING``): health data, or left for good; only a regular file, not a link."""
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not possible on every platform, so best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
