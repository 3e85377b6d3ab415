"""The one place that knows where painease keeps things on disk.

Data lives in platformdirs' user data dir, or in ``$PAINEASE_HOME`` when that is set
(tests always set it). The CLI's ``--data-dir`` sets ``PAINEASE_HOME`` before anything
asks for a path. The directory is created with mode 0700: ratings are health data.
platformdirs is imported only when it is asked (no override): ~4 ms at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

from painease import APP_NAME

HOME_ENV = "PAINEASE_HOME"


def data_dir(create: bool = True) -> Path:
    """Return the user's data directory, creating it (0700) unless ``create`` is false."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME))
    if create:
        _make_private_dir(path)
    return path


def folder_problem(error: OSError) -> str:
    """The one line that says the data directory cannot be made or used: which folder,
    and, when it is there but another user's (painease once run with sudo), that too."""
    reason = error.strerror or str(error)
    folder = Path(error.filename) if isinstance(error.filename, str) else None
    if folder is None or not folder.is_dir():
        where = f" {folder}" if folder is not None else ""
        return f"cannot create the data directory{where}: {reason}"
    owner = folder.stat().st_uid
    if owner != os.getuid():
        return (f"cannot use the data directory {folder}: {reason}; it belongs to another "
                f"user (user id {owner}), as after running painease with sudo")
    return f"cannot use the data directory {folder}: {reason}"


def database_path(create: bool = True) -> Path:
    """The SQLite file that holds sessions, ratings, live samples and journal entries.
    ``create=False`` (a command that only reads) leaves the data dir as it is."""
    return data_dir(create) / "painease.sqlite3"


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
    return data_dir() / "sent-packs.json"


def keys_dir() -> Path:
    """This install's own signing key (``identity.json``, 0600)."""
    return data_dir() / "keys"


def patients_dir() -> Path:
    """Therapist side: one ``<patient-key-id>/painease.sqlite3`` per patient."""
    return data_dir() / "patients"


def _make_private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode is masked by the umask and ignored for existing dirs: set it explicitly.
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
