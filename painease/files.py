"""Writing a file whole or not at all (``write_atomically``), reading a small file
without being fooled by what stands in its place (``read_small``; ``read_whole`` for a file
that must be there), taking turns to change files with other processes (``held_lock``),
and keeping a damaged file beside the new one (``set_aside``: ``name.damaged``, then
``name.damaged-2``…, never over an earlier one; the settings and the sent-packs record
follow this one rule).

Every file painease reads whole is read this way, with a limit that suits its kind: a
pipe or device in its place (a FIFO would wait for ever, ``/dev/zero`` never ends) or a
file far bigger than its kind is refused with a reason in a few words, not waited on or
read into memory.

A file the user names (a results file, a pack, a report, a chart, a render, a CSV
export) is never painease's own data: ``refuse_own_data`` refuses, as ``OwnData`` with one
plain line, any target that is or leads to something painease keeps in its data dir
(``paths.own_data_problem`` knows what; once ``results export -o`` onto the database
replaced every session with a results file). ``write_atomically`` checks this unless told
the file is painease's own (``own_data=True``: the settings, the record of packs made, a
script the editor saves); ``output_target`` is the check plus ``replaced_by_write``, for a
writer that streams to the file itself.

Settings, packs, results files and the PDF report are written this way: a temp file of
this call's own beside the target (``temp_files.temp_beside``), flushed to the disk, then
renamed over the target, so a full disk or a kill leaves the earlier file (or none), never
half of one. What killed writes left in that folder (a whole report, maybe, in the
person's own folder), whatever file they were for, goes with the next write there once
its writer is certainly gone (``temp_files``: only painease's own temp names, a minute
unchanged, not held by a writer still at it, not a CSV export's). A link stays a link: the file it
points to is the one replaced, in its own folder (a settings file kept on another drive
stays there); a link to nothing is not written through (the drive it points to may only
be unplugged), nor replaced.
No heavy imports (``tempfile`` loads at the first write): settings use it at every start.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from painease.temp_files import remove_stale_temps_here, temp_beside

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

_PIECE = 1024 * 1024


class Unreadable(OSError):
    """A file is there but cannot be read; ``reason`` says why, in a few words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotAFile(OSError):
    """What stands where a file is to be written is not a regular file (a folder, a
    device, a pipe), so it is not replaced; ``reason`` (also ``strerror``) says which."""

    FOLDER, OTHER = "it is a folder, not a file", "it is not a regular file"
    REASONS = (FOLDER, OTHER)  # read_small's reasons for the same things

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = self.strerror = reason


class OwnData(OSError):
    """The file the user named is, or leads to, painease's own data, so it is not
    written; ``reason`` (also ``strerror``) says which, in one plain line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = self.strerror = reason


def refuse_own_data(path: Path) -> None:
    """Raise ``OwnData`` when ``path`` (a file or folder the user named for something
    painease writes) is, or leads to, painease's own data (``paths.own_data_problem``)."""
    from painease.paths import own_data_problem

    problem = own_data_problem(path)
    if problem is not None:
        raise OwnData(problem)


def output_target(out: Path) -> Path:
    """The file a write of the user's ``out`` replaces (``replaced_by_write``), refused
    first when it is painease's own data (``OwnData``)."""
    refuse_own_data(out)
    return replaced_by_write(out)


def _not_a_file(mode: int) -> str:
    return NotAFile.FOLDER if stat.S_ISDIR(mode) else NotAFile.OTHER


def read_small(path: Path, limit: int) -> bytes | None:
    """The file's first ``limit + 1`` bytes (more means it is not the small file
    expected), or None when there is no file. Raises ``Unreadable`` when something is
    there but cannot be read: no permission, a read error, a folder, a pipe (opened
    without waiting, so it is refused instead of waited on for ever), or a link to a file
    that cannot be found (on a drive not connected now, say)."""
    handle = open_regular(path)
    if handle is None:
        return None
    with handle:
        try:
            # A piece at a time: read(limit + 1) at once makes room for the whole limit
            # (64 MiB for a pack's file) even for a file of a few bytes.
            chunks, got = [], 0
            while got <= limit and (chunk := handle.read(min(_PIECE, limit + 1 - got))):
                chunks.append(chunk)
                got += len(chunk)
            return b"".join(chunks)
        except OSError as error:  # a read error (EIO…) part way
            raise Unreadable(error.strerror or str(error)) from None


def open_regular(path: Path) -> BinaryIO | None:
    """``read_small``'s guarded open, for a file read a piece at a time (a pack's clip):
    the open regular file, or None when there is no file; ``Unreadable`` as there."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise Unreadable(_missing_target(path)) from None
        return None
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            handle, fd = os.fdopen(fd, "rb"), None  # the handle closes it now
            return handle
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    finally:
        if fd is not None:
            os.close(fd)
    raise Unreadable(_not_a_file(mode))


def read_whole(path: Path, limit: int, holds: str) -> bytes:
    """All of the regular file ``path``, which should hold at most ``limit`` bytes. Raises
    ``Unreadable`` as ``read_small`` does, and when there is no such file or it holds more
    ("it is larger than 64 KiB, far more than {holds}": ``holds`` as "a key file holds")."""
    data = read_small(path, limit)
    if data is None:
        raise Unreadable("there is no such file")
    if len(data) > limit:
        raise Unreadable(f"it is larger than {size_text(limit)}, far more than {holds}")
    return data


def size_text(count: int) -> str:
    """A size in bytes in words: "64 KiB", "1 MiB", "62,500 KiB", "1,500 bytes". The units are the
    binary ones the limits are counted in (a KiB is 1,024 bytes, not a kB's 1,000)."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size:,} {unit}"
    return f"{count:,} bytes"


def link_target(path: Path) -> Path:
    """The file a write to ``path`` should replace: ``path`` itself, or the file it links
    to (through every link). ``FileNotFoundError`` for a link to a file that cannot be
    found; other links (loops…) raise ``OSError`` too."""
    if not os.path.islink(path):
        return path
    # os.path's, not pathlib's: a loop is an OSError here, a RuntimeError there
    return Path(os.path.realpath(path, strict=True))


def _missing_target(path: Path) -> str:
    try:
        return f"it is a link to {path.parent / os.readlink(path)}, which cannot be found"
    except OSError:  # changed again meanwhile
        return "it is a link to a file that cannot be found"


def replaced_by_write(out: Path) -> Path:
    """The file a write to ``out`` replaces: ``out``, or the file a link there points to.
    ``Unreadable`` for a link to a file that cannot be found; ``NotAFile`` when a folder,
    device or pipe stands there (it is never replaced)."""
    try:
        target = link_target(out)
    except FileNotFoundError:
        raise Unreadable(_missing_target(out)) from None
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target  # a new file
    if not stat.S_ISREG(mode):  # never /dev/full or a pipe swapped for a file
        raise NotAFile(_not_a_file(mode))
    return target


def write_atomically(out: Path, data: bytes | Callable[[BinaryIO], None], *,
                     own_data: bool = False) -> None:
    """Write ``data`` to ``out`` (or what ``data(handle)`` writes to the open temp file: a
    pack is written a piece at a time) (or, when ``out`` is a link, to the file it points to)
    whole or not at all; ``OSError`` says why it could not be (the temp file is removed
    again): a link to a file that cannot be found is ``Unreadable``, a folder, device or
    pipe there (or what a link points to) is ``NotAFile`` and left as it is, and
    painease's own data is ``OwnData``, unless ``own_data`` says this is one of its files.
    Once written, the stale temps of killed writes in its folder go too (``temp_files``)."""
    out = replaced_by_write(out) if own_data else output_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with temp_beside(out) as (fd, temp):  # held till it has its name: never swept
        try:
            with os.fdopen(fd, "wb") as handle:
                if callable(data):
                    data(handle)
                else:
                    handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, out)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    remove_stale_temps_here(out.parent)  # what earlier writes there, killed part-way, left


def free_aside(path: Path) -> Path:
    """The name a damaged ``path`` is kept under: the first of ``name.damaged``,
    ``name.damaged-2``… beside it that nothing holds (not even a link to nothing)."""
    number = 1
    while True:
        aside = path.with_name(f"{path.name}.damaged" + (f"-{number}" if number > 1 else ""))
        if not os.path.lexists(aside):
            return aside
        number += 1


def set_aside(path: Path) -> Path:
    """Rename the damaged file ``path`` to ``free_aside(path)`` and return that: an
    earlier damaged copy is kept too, since each may hold something the person wants back.
    Call it holding the lock that guards ``path`` (``held_lock``), so no other process
    takes the same name in between."""
    aside = free_aside(path)
    path.rename(aside)
    return aside


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
