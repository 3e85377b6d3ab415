"""Home's banner when the settings file could not be used at start (``settings_note``):
one that holds something that is not settings (``Settings.damaged``: set aside at the next
change) or one that cannot be read (``Settings.unreadable``: left as it is).

What a patient reads names no path: the cause in plain words, what painease does with the
file, and the person's next step; the file is "the settings file in your painease data
folder". The line with the path goes to stderr, for whoever helps. Loaded only when there
is such a file, so not on the start's usual path. No Qt.
"""

from __future__ import annotations

import errno
import os
import sys

from painease.files import NotAFile
from painease.settings import Settings

USUAL = "so painease is using its usual settings for now."
NOT_SAVED = "Changes you make now work until you close painease, but are not saved."
IN_FOLDER = "in your painease data folder"
LEAVES_IT = "painease leaves it as it is"
NOT_ALLOWED = (os.strerror(errno.EACCES), os.strerror(errno.EPERM))


def settings_note(settings: Settings) -> str:
    """The words for Home's "settings-note" (the settings are damaged or unreadable); the
    file's path is said on stderr."""
    if settings.damaged:
        return _damaged(settings)
    return _unreadable(settings)


def _damaged(settings: Settings) -> str:
    """Names the file it will be kept as (``settings.json.damaged``, or ``…-2`` beside an
    earlier one), by its name only; a linked file's is kept beside that file."""
    kept = settings.damaged_kept_as()
    print(f"painease: {settings.path} does not hold settings; it is kept as {kept} at the "
          "next change", file=sys.stderr)
    where = (IN_FOLDER if kept.parent == settings.path.parent
             else "beside the file your settings link to")
    return (f"Your saved settings could not be read, {USUAL} Choose yours again in "
            f"Settings: painease then keeps the unreadable file {where}, renamed "
            f"{kept.name}.")


def _unreadable(settings: Settings) -> str:
    """Why the file cannot be read and what would bring the settings back; the file is
    never written over, so the choices it may hold are not lost."""
    reason = settings.unreadable or ""
    print(f"painease: {settings.path} cannot be read: {reason}", file=sys.stderr)
    if reason in NotAFile.REASONS:  # a folder, a pipe…: there are no settings in it
        what = "a folder" if reason == NotAFile.FOLDER else "something that is not a file"
        cause = f"there is {what} where the settings file should be, {IN_FOLDER}"
        step = f"{LEAVES_IT}; once it is moved away, painease saves your settings again."
    elif reason.startswith("it is a link to"):  # files._missing_target: names the target
        cause = (f"the settings file {IN_FOLDER} leads to a file that cannot be found now "
                 "(on a drive that is not connected, perhaps)")
        step = f"{LEAVES_IT}: once that file can be found again, your settings come back."
    elif reason in NOT_ALLOWED:
        cause = f"painease is not allowed to read the settings file {IN_FOLDER}"
        step = ("Please ask whoever looks after this computer to let painease read it: "
                "your settings then come back.")
    else:  # a read error…: its own words are on stderr
        cause = f"the settings file {IN_FOLDER} cannot be read"
        step = f"{LEAVES_IT}: once it can be opened again, your settings come back."
    return (f"Your saved settings could not be opened, {USUAL} The reason: {cause}. "
            f"{step} {NOT_SAVED}")
