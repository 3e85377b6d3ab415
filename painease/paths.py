"""The one place that knows where painease keeps things on disk.

Data lives in platformdirs' user data dir, or in ``$PAINEASE_HOME`` when that is set
(tests always set it). The CLI's ``--data-dir`` sets ``PAINEASE_HOME`` before anything
asks for a path. The directory is created with mode 0700: ratings are health data; an
existing one only loses permissions (group's and others'), never gains any.

Importing platformdirs costs ~4 ms of every start (it builds its classes for every kind
of folder on every platform), a fifth of what painease may add to a bare window's start
(issue #4). On Linux the answer is the XDG rule: ``$XDG_DATA_HOME`` when it is absolute,
else ``~/.local/share``, plus our name. ``platform_data_dir`` gives that answer itself in
exactly the cases where platformdirs 4 reaches it the same way (an absolute
``XDG_DATA_HOME``, or an absolute ``HOME``, not Android) and asks platformdirs in every
other case and on every other system; tests hold the two answers equal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from stat import S_ISDIR

from painease import APP_NAME

HOME_ENV = "PAINEASE_HOME"
DATABASE_NAME = "painease.sqlite3"
SETTINGS_NAME = "settings.json"
SENT_PACKS_NAME = "sent-packs.json"
LOCK_NAME = "painease.lock"

# What painease keeps in its data dir, in the words ``own_data_problem`` refuses with.
# A file's companions count as the file: SQLite's -wal/-shm/-journal, a ``.damaged``
# copy kept aside, a ``.settings.json.lock`` or a temp file being written.
_OWN_FILES = {DATABASE_NAME: "database", SETTINGS_NAME: "settings",
              SENT_PACKS_NAME: "record of the packs you made", LOCK_NAME: "lock file"}
_OWN_FOLDERS = {"keys": "keys folder", "packs": "folder of imported packs",
                "scripts": "scripts folder", "audio": "recordings folder",
                "patients": "folder of patients' results", "profiles": "demo profiles"}


def data_dir(create: bool = True) -> Path:
    """Return the user's data directory, creating it (0700) unless ``create`` is false."""
    override = os.environ.get(HOME_ENV)
    # A relative override is taken from the folder painease started in, said in full.
    path = Path(override).expanduser().absolute() if override else platform_data_dir()
    if create:
        _make_private_dir(path)
    return path


def platform_data_dir() -> Path:
    """The user data folder platformdirs names for painease (see the module docstring)."""
    if sys.platform == "linux" and not _maybe_android():
        xdg = os.environ.get("XDG_DATA_HOME", "")
        if os.path.isabs(xdg):
            return Path(os.path.join(xdg, APP_NAME))
        if os.path.isabs(os.environ.get("HOME", "")):
            return Path(os.path.expanduser("~/.local/share"), APP_NAME)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def _maybe_android() -> bool:
    """Android runs as "linux" but has folders of its own: platformdirs decides there."""
    return hasattr(sys, "getandroidapilevel") or "ANDROID_ROOT" in os.environ


def folder_problem(error: OSError) -> str:
    """The one line that says the data directory cannot be made or used: which folder,
    and, when it is there but another user's (painease once run with sudo), that too; a
    file where it (or a folder above it) should be is said as such, as ``export`` says
    it, not as the system's "File exists" or "Not a directory"."""
    reason = error.strerror or str(error)
    folder = Path(error.filename) if isinstance(error.filename, str) else None
    in_the_way = _file_in_the_way(folder) if folder is not None else None
    if in_the_way == folder:
        return f"cannot use the data directory {folder}: it is a file, not a folder"
    if in_the_way is not None:
        return f"cannot create the data directory {folder}: {in_the_way} is a file, not a folder"
    try:  # a folder above it that may not be opened, or a path too long, raise here too
        found = folder.stat() if folder is not None else None
    except OSError:
        found = None
    if found is None or not S_ISDIR(found.st_mode):
        where = f" {folder}" if folder is not None else ""
        return f"cannot create the data directory{where}: {reason}"
    owner = found.st_uid
    if owner != os.getuid():
        return (f"cannot use the data directory {folder}: {reason}; it belongs to another "
                f"user (user id {owner}), as after running painease with sudo")
    return f"cannot use the data directory {folder}: {reason}"


def _file_in_the_way(folder: Path) -> Path | None:
    """``folder`` or the nearest folder above it when that is there but not a folder (a
    file), or None."""
    for each in (folder, *folder.parents):
        try:
            if each.exists():
                return None if each.is_dir() else each
        except OSError:
            return None
    return None


def database_path(create: bool = True) -> Path:
    """The SQLite file that holds sessions, ratings, live samples and journal entries.
    ``create=False`` (a command that only reads) leaves the data dir as it is."""
    return data_dir(create) / DATABASE_NAME


def user_scripts_dir(create: bool = True) -> Path:
    """Where the user's own scripts (and imported ones) live; may be empty. ``create=False``
    only reads: the data dir is not made (see ``data_dir``)."""
    return data_dir(create) / "scripts"


def user_audio_dir() -> Path:
    """Narration clips that belong to user scripts; relative clip paths resolve here."""
    return data_dir() / "audio"


def packs_dir(create: bool = True) -> Path:
    """Imported therapist packs: ``<id>/scripts``, ``<id>/audio``, the signed manifest.
    ``create=False`` as for ``user_scripts_dir``."""
    return data_dir(create) / "packs"


def sent_packs_file() -> Path:
    """Therapist side: the version and content of the last pack made of each set
    (``painease.packs.sent``)."""
    return data_dir() / SENT_PACKS_NAME


def keys_dir() -> Path:
    """This install's own signing key (``identity.json``, 0600)."""
    return data_dir() / "keys"


def patients_dir() -> Path:
    """Therapist side: one ``<patient-key-id>/painease.sqlite3`` per patient."""
    return data_dir() / "patients"


def own_data_problem(path: Path) -> str | None:
    """Why a file the user named must not be written at ``path``, or None: it is, or
    leads to (through links, linked folders or ``..``), painease's own data in the data
    dir in use: the database and its companions, the settings, the record of packs made,
    the lock file, anything in keys/, packs/, scripts/, audio/, patients/ or profiles/,
    or the data dir itself. One plain line, e.g. "that is painease's own database;
    choose another name or folder". A new file of the user's own in the data dir (a
    report saved there) is not refused: nothing of painease's is replaced."""
    given = os.path.abspath(data_dir(create=False))
    home, real = os.path.realpath(given), os.path.realpath(path)
    if real != home and not real.startswith(home.rstrip(os.sep) + os.sep):
        return None
    parts = os.path.relpath(real, home).split(os.sep) if real != home else []
    if not parts:
        what = "is painease's own data folder"
    elif parts[0] in _OWN_FOLDERS:
        where = "is" if len(parts) == 1 else "is in"
        what = f"{where} painease's own {_OWN_FOLDERS[parts[0]]}"
    elif len(parts) == 1 and (own := _own_file(parts[0])) is not None:
        what = own
    else:
        return None
    if os.path.abspath(path) not in (real, os.path.join(given, *parts)):  # through a link
        what = f"leads to {real}, which {what}"
    return f"that {what}; choose another name or folder"


def _own_file(name: str) -> str | None:
    """How the top-level file ``name`` is painease's, or None when it is not."""
    bare = name.lstrip(".")
    for own, words in _OWN_FILES.items():
        if name == own:
            return f"is painease's own {words}"
        if bare == own or bare.startswith((f"{own}.", f"{own}-")):
            return f"belongs to painease's own {words}"
    return None


def _make_private_dir(path: Path) -> None:
    """Make ``path`` (0700) or make an existing one private: group and others lose every
    permission, and the owner's are left as they are. A folder the person made read-only
    stays read-only (the store then says it cannot save there); painease never gives
    back a write permission someone took away."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode is masked by the umask and ignored for existing dirs: set it explicitly.
    mode = path.stat().st_mode & 0o7777
    if mode & 0o077:
        path.chmod(mode & ~0o077)
