"""painease's temp files: how they are named (``temp_beside``, ``temp_of``) and how what
a killed write left of them is swept (``remove_stale_temps`` and the rest).

A write makes its file whole in a temp file of its own beside the target (0600, from
``mkstemp``), ``.<name>.XXXXXXXX.painease-part``, and renames it over the target. A write
killed before the rename leaves that temp (a whole report, maybe: health data, in the
person's own folder). The next painease write into that folder sweeps it, whatever file
it was for (``remove_stale_temps_here``, after each ``files.write_atomically`` and at each
CSV export: one look at the folder), and only when its writer is certainly gone:

* only a regular file with painease's own temp name (no one else ends a name with
  ``.painease-part``: a person's ``.report.pdf.original`` is theirs), never a link or a
  folder;
* only one not changed for a minute (``STALE_AFTER_SECONDS``): a write going on writes to
  it;
* never one whose writer still holds it: every writer makes its temp with ``temp_beside``,
  which keeps a lock (fcntl) on it until the writer's block ends, after the rename, and a
  killed process's locks go with it;
* never while a CSV export holds the folder (its lock on the folder: its six temps wait,
  closed, for their names), and never a temp the export's list of a decided set
  (``.painease-export.pending``) names: the next export gives them their names (the list
  is looked for again once the folder's lock is taken: an export may have decided its
  set, and been killed, since the folder was looked at);
* where there are no such locks (Windows; a file system without them), a sweep of the
  temps of other files than its own (``remove_stale_temps_here``, ``remove_stale_temps_in``)
  takes only those unchanged for an hour (``UNLOCKED_STALE_AFTER_SECONDS``), since the
  minute alone cannot tell a slow live write (a CSV export of over a minute) from a
  killed one; a file's own stale temps (``remove_stale_temps``) still go after the minute.

The data dir's own are swept at the window's start (``settings.remove_stale_own_temps``).
What cannot be read, locked or removed is left. No heavy imports: settings use it at
every start.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

# The list a CSV export writes beside its files once their set is decided, naming their
# temps one a line (``painease.storage.export_set``): those temps are never swept.
WAITING_LIST = ".painease-export.pending"
_WAITING_LIST_LIMIT = 4096

# The names painease's temp files get (``temp_beside``): ``.<name>.``, mkstemp's 8 letters
# and an ending no one else gives a file, so a sweep never takes a person's own file.
# (Before, they had no ending, and ``.report.pdf.original`` looked like one: names
# without it are never swept anywhere, since a person may have made any of them.)
TEMP_SUFFIX = ".painease-part"
_TEMP_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
TEMP_NAME_LENGTH = 8
STALE_AFTER_SECONDS = 60.0
# Where a temp's writer cannot hold it (no fcntl locks), other files' temps wait this long.
UNLOCKED_STALE_AFTER_SECONDS = 3600.0


@contextlib.contextmanager
def temp_beside(out: Path) -> Iterator[tuple[int, str]]:
    """A new temp file of this call's own beside ``out`` (0600), to be renamed over it
    inside the ``with`` block: its open descriptor and its path,
    ``.<name>.XXXXXXXX.painease-part`` (``<name>`` shortened when that would be too long:
    ``_temp_stem``). It is held (``_hold``) until the block ends, so no sweep takes it
    while its write goes on, however slow, even after the descriptor is closed (one a
    sweep took between its making and its lock is left to it, and another made). Every
    writer of a temp beside its target makes it here, so ``remove_stale_temps`` knows its
    name."""
    import tempfile

    for tries_left in reversed(range(_MAKE_TRIES)):
        fd, path = tempfile.mkstemp(prefix=f".{_temp_stem(out)}.", suffix=TEMP_SUFFIX,
                                    dir=out.parent)
        try:
            held = _hold(fd)
            break
        except _Taken:
            # A sweep took it (or is taking it) between its making and its lock: this
            # write was paused there for over a minute. Left to the sweep; a new one.
            os.close(fd)
            if not tries_left:
                raise FileNotFoundError(f"its temp file beside {out} was removed as it "
                                        "was made") from None
    try:
        yield fd, path
    finally:
        if held is not None:
            os.close(held)  # closing it drops the lock


# A temp name's bytes besides the target's name (two dots, mkstemp's letters, the ending);
# a shortened name keeps its own ending (".pdf") when it is at most _KEPT_ENDING bytes.
_TEMP_EXTRA, _KEPT_ENDING = 2 + TEMP_NAME_LENGTH + len(TEMP_SUFFIX), 16


def _name_max(folder: Path) -> int:
    """The longest file name (in bytes) ``folder`` takes; 255 when it cannot be told."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no folder; no pathconf (Windows)
        return 255


def _temp_stem(out: Path) -> str:
    """The name of ``out`` as its temp files carry it: the name itself, or, when the temp
    name would then pass the folder's limit (a name of over 231 bytes, on most file
    systems), its start, ``~``, twelve hex digits of a digest of the whole name and its
    ending (``report-of-….pdf`` -> ``report-of-…~3f9a0c2b71de.pdf``): still one file's
    own, and recognisable, and the same for every writer and sweep of ``out``."""
    name = out.name
    room = _name_max(out.parent) - _TEMP_EXTRA
    if len(os.fsencode(name)) <= room:
        return name
    import hashlib

    ending = Path(name).suffix
    if len(os.fsencode(ending)) > _KEPT_ENDING:
        ending = ""
    mark = "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:12]
    left = room - len(mark) - len(os.fsencode(ending))
    head = ""
    for letter in name:  # whole letters only: a name's letter may be several bytes
        left -= len(os.fsencode(letter))
        if left < 0:
            break
        head += letter
    return head + mark + ending


def temp_of(name: str) -> str | None:
    """The name (``_temp_stem``) of the file ``name`` is painease's temp file of, or None
    when ``name`` is not named so."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return None
    target, dot, letters = name[1:-len(TEMP_SUFFIX)].rpartition(".")
    if (dot and target and len(letters) == TEMP_NAME_LENGTH
            and _TEMP_LETTERS.issuperset(letters)):
        return target
    return None


def remove_stale_temps(out: Path, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Remove the stale temps (see the module doc) a killed write of ``out`` left beside
    it, returning them: ``.<name>.``, eight of mkstemp's letters and ``.painease-part``
    (never a person's ``.<name>.original``, not ``.<name>.lock``, not ``out`` itself)."""
    stem = _temp_stem(out)  # the name, or its shortened form a long name's temps carry
    return _remove_stale(out.parent, lambda name: temp_of(name) == stem, older_than)


def remove_stale_temps_in(folder: Path, ends: str,
                          older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """``remove_stale_temps`` for every file in ``folder`` whose name ends with ``ends``
    (".toml": the scripts a folder holds), in one look at the folder: a killed write of
    a file that never came to be (a new script's first save) left its temp too."""
    def is_temp(name: str) -> bool:
        target = temp_of(name)
        return target is not None and len(target) > len(ends) and target.endswith(ends)

    return _remove_stale(folder, is_temp, older_than, others=True)


def remove_stale_temps_here(folder: Path, older_than: float = STALE_AFTER_SECONDS, *,
                            holding_folder: bool = False) -> list[Path]:
    """Remove every stale painease temp in ``folder``, whatever file it was for (a killed
    report's, beside the results file written now), in one look at it; returns them.
    ``holding_folder``: the caller is the CSV export, holding the folder's lock itself
    (and having finished a decided set there)."""
    return _remove_stale(folder, lambda name: temp_of(name) is not None, older_than,
                         whole_folder=not holding_folder, others=True)


def _hold(fd: int) -> int | None:
    """Lock the temp file open as ``fd`` for as long as the descriptor returned stays
    open (``temp_beside`` closes it when its block ends). None where there is no such
    lock (Windows)."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        held = os.dup(fd)
    except OSError:  # no descriptor to spare: the minute's wait still guards it
        return None
    # A file system without locks: the sweeps see that too, and wait an hour before
    # taking other files' temps (UNLOCKED_STALE_AFTER_SECONDS).
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # a new file, so only a sweep has it: it is removing it
        os.close(held)
        raise _Taken from None
    except OSError:
        return held
    if os.fstat(held).st_nlink == 0:  # a sweep removed it before the lock was taken
        os.close(held)
        raise _Taken
    return held


class _Taken(Exception):  # noqa: N818 - not an error: ``temp_beside`` makes another
    """A new temp was swept before its writer could lock it (``_hold``)."""


_MAKE_TRIES = 3


def _remove_stale(folder: Path, is_temp, older_than: float, *,
                  whole_folder: bool = False, others: bool = False) -> list[Path]:
    """The sweep (module doc). ``others``: it takes other files' temps than its own, so
    where they cannot be locked only those unchanged for an hour go."""
    import time

    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    stale = []
    for entry in entries:
        if not is_temp(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= older_than:
            stale.append(Path(entry.path))
    if not stale:
        return []  # the usual case: one look at the folder, nothing more
    unlocked_after = max(older_than, UNLOCKED_STALE_AFTER_SECONDS) if others else older_than
    if not whole_folder:
        return [path for path in stale if _remove_unheld(path, unlocked_after)]
    with _folder_free(folder) as free:
        if not free:  # a CSV export is writing there: its temps wait for their names
            return []
        # Looked for again, holding the lock: an export may have decided its set (and
        # been killed) since the folder was looked at above.
        if os.path.lexists(folder / WAITING_LIST):
            waiting = _waiting(folder)
            if waiting is None:  # a list that cannot be read: nothing is judged
                return []
            stale = [path for path in stale if path.name not in waiting]
        return [path for path in stale if _remove_unheld(path, unlocked_after)]


class _folder_free:  # noqa: N801 - a context manager, like open()
    """Take the lock a CSV export holds on ``folder`` while it writes there, without
    waiting: ``free`` is False while an export holds it (True where there is no such
    lock). Held, an export starting meanwhile waits for the sweep."""

    def __init__(self, folder: Path):
        self.folder, self._fd = folder, None

    def __enter__(self) -> bool:
        try:
            import fcntl

            self._fd = os.open(self.folder, os.O_RDONLY)
        except (ImportError, OSError):
            return True  # as the export: no lock here, so none to respect
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            pass  # a file system without locks: the export has none either
        return True

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing it drops the lock


def _waiting(folder: Path) -> set[str] | None:
    """The temps a CSV export's list of a decided set names, or None when it cannot be
    read whole (then no temp there is judged this time)."""
    from painease.files import Unreadable, read_small

    try:
        listed = read_small(folder / WAITING_LIST, _WAITING_LIST_LIMIT)
    except Unreadable:
        return None
    if listed is None:  # finished meanwhile
        return set()
    if len(listed) > _WAITING_LIST_LIMIT:
        return None
    return set(listed.decode("utf-8", "replace").splitlines())


def _remove_unheld(path: Path, unlocked_after: float) -> bool:
    """Remove the stale temp ``path`` unless its writer still holds its lock
    (``temp_beside``), or, where it cannot be locked, unless it changed less than
    ``unlocked_after`` seconds ago; whether it went."""
    import time

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # gone meanwhile, or not ours to open
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        if not _unheld(fd) and time.time() - info.st_mtime < unlocked_after:
            return False  # no lock to tell by: maybe a slow write of another file
        os.unlink(path)
    except BlockingIOError:
        return False  # its writer is alive and at it
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _unheld(fd: int) -> bool:
    """Whether the temp open as ``fd`` is certainly not held by its writer: True once
    locked here; ``BlockingIOError`` while its writer holds it; False where there is no
    lock to tell by (Windows, a file system without locks)."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        raise
    except OSError:
        return False
    return True
