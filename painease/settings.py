"""The patient's preferences, each declared once (key, default, title), kept in the data dir.

``OPTIONS`` is the single list: the Settings page builds its controls from the titles here
and everything else asks ``Settings.get(key)``. Values live in ``settings.json`` inside
``paths.data_dir()`` (never anywhere else) and are written atomically on every change, so a
crash leaves either the old file or the new one. A change that comes many times a second
(a volume held on an arrow key) may be kept for a moment and written with the next save
(``set(..., save=False)``, then ``save_pending``: see ``painease.ui.save_soon``).
A missing, unreadable or hand-edited file never stops the app. A hand-edited value is
taken as it was clearly meant (``Option.meant``: 50.0 or "50" is 50, 150 for a volume is
its top, 100, "Dark" is "dark", "Soft rain" is "soft-rain", 1 is true); one that still
does not fit its option is not used: the default is, ``not_used`` names it (Home says so:
``painease.settings_unused``; ``reload`` names them as the file is then, and a setting
changed here is used) and the file keeps it until that setting is changed here (a newer
painease may take it). A file that is not settings at all is kept as
``settings.json.damaged`` at the next change (``settings.json.damaged-2`` when that name is
taken: ``painease.files.set_aside``; ``damaged_kept_as`` says which). A file that is
there but cannot be read (no permission, a read error, a folder or a pipe of that name, a
link to a file that cannot be found, on a drive not connected now, say) is never written
over, since it may hold every choice the person made: ``unreadable`` says why, and
``save_problem`` says from the start that nothing is kept. A ``settings.json`` that links
to a file elsewhere stays a link: that file is the one replaced. A file that cannot be
written (a full disk…) does not stop the app either: the change applies for this run,
``save_problem`` says why it was not kept (``save_cause``: the same in plain words, with no
path, for a patient's note), and problem listeners are told.
Another process may save too (``painease therapist init`` while the window is open):
a save writes only this process's changes not written yet over the file (``_save``), and
``reload`` takes in what the other saved when the window is next used (``painease.ui.
outside_changes``: never under a session), also when this process saved since (a save that
wrote another's values leaves the file to be read again; ``_take`` is the rule). What a
save killed part-way leaves is removed at the next window start
(``remove_stale_saves``; ``remove_stale_own_temps`` for the data dir's other files).
``json`` is imported once there is a file to read or write (~2 ms a first start does not
need).

Threads: owner's thread only (the GUI thread). No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from painease import paths
from painease.files import (
    Unreadable,
    free_aside,
    held_lock,
    link_target,
    read_small,
    set_aside,
    write_atomically,
)

# Declared there, named here too (``painease.settings.OPTIONS`` and the rest).
from painease.setting_options import (  # noqa: F401
    BY_KEY,
    OPTIONS,
    SCRIPT_AMBIENCE,
    Option,
    unusable_values,
    usable_values,
)
from painease.temp_files import remove_stale_temps, remove_stale_temps_in

if TYPE_CHECKING:  # the audio engine (numpy) loads only when a session is mixed
    from painease.audio.engine import MixSettings

FILE_NAME = paths.SETTINGS_NAME
# A settings file is well under 1 KB: one bigger than this is read no further (a 2 GB
# file took 15 s and 4 GB of memory at every start).
MAX_BYTES = 1 << 20
# A file nesting deeper than this is not settings: a fixed limit, as json's (its recursion
# limit) counts from wherever it is called (a save from deeper down found damage).
MAX_DEPTH = 32

# Why a change was not saved, as a patient's note says it (``save_cause``): no path (the
# note's details have ``save_problem``, which names the file); the note says what to do.
DISK_FULL = "the disk is full"
READ_ONLY = "the disk that keeps your settings is read-only"
NOT_ALLOWED = "painease is not allowed to write to its data folder"
NOT_READ = ("the settings file in your painease data folder cannot be read now, so painease "
            "does not save over it")
NOT_WRITTEN = "the settings file could not be written"




class Settings:
    """Current values of every option; ``set`` saves at once and tells listeners."""

    def __init__(self, path: Path | None = None):
        self.path = path if path is not None else paths.data_dir() / FILE_NAME
        self._values = {option.key: option.default for option in OPTIONS}
        # Keys this process set and has not written yet (see _save and _take).
        self._changed: set[str] = set()
        self._pending = False  # a change not written yet (see set's save=False)
        self._listeners: list[Callable[[str, object], None]] = []
        self._problem_listeners: list[Callable[[str], None]] = []
        self.save_problem: str | None = None  # why the last change was not saved, if so
        self.save_cause: str | None = None  # the same in plain words, no path (see top)
        self.damaged = False  # the file holds something that is not settings (see _file)
        self.unreadable: str | None = None  # why the file that is there cannot be read
        # Whether the file held settings when last read or written: what a start would
        # read again (not after a damaged file was set aside and nothing written in its place).
        self.saved_before = False
        self.not_used: dict[str, object] = {}  # key → a stored value not used (see top)
        self._load()

    def get(self, key: str):
        return self._values[BY_KEY[key].key]

    def set(self, key: str, value, *, save: bool = True) -> None:
        """Change one option (``ValueError`` if it does not fit) and save the file.

        When the file cannot be written, or is there but cannot be read (and so is left
        alone), the change still applies, until the app closes: ``save_problem`` then says
        why, and each problem listener is told (before the change listeners). The next
        change that can be saved saves every value. With ``save=False`` the change applies
        and the listeners hear it, but the file is written only by the next save (a
        ``save_pending`` or a saved change)."""
        option = BY_KEY[key]
        if not option.accepts(value):
            raise ValueError(f"{key}: {value!r} is not a valid value")
        if self._values[key] == value:
            return
        self._values[key] = value
        self._changed.add(key)
        self.not_used.pop(key, None)  # the person's choice is used now, not the default
        self._pending = True
        if save:
            self.save_pending()
        for listener in list(self._listeners):
            listener(key, value)

    def save_pending(self) -> None:
        """Write the changes not written yet, if any (see ``set``: a problem is said the
        same way, and a change that could not be written is tried again here)."""
        if not self._pending:
            return
        try:
            written = self._save()
        except OSError as error:
            self.save_problem = (self._not_written_over() if isinstance(error, Unreadable)
                                 else f"{self.path} could not be written "
                                 f"({error.strerror or error})")
            self.save_cause = _plain_cause(error)
            for listener in list(self._problem_listeners):
                listener(self.save_problem)
            return
        self.save_problem = self.save_cause = None
        self._changed.clear()
        self._pending = False
        # What another process saved since this one last read the file is in it now. It is
        # taken in by the next ``reload``, when the window is used again (never under a
        # session: ``outside_changes``), not here, where a volume moved mid-session would
        # restyle the page under the patient: so the file is not taken as read yet.
        if any(self._values[key] != value for key, value in usable_values(written).items()):
            self._seen = None

    def reload(self) -> list[str]:
        """Read the file again if it changed since this process last read or wrote it
        (another process saved: ``painease therapist init`` while the window is open),
        and take its values, except this process's changes not written yet; each listener
        is told of each value that changed. Returns the keys that changed. A file that is
        gone, damaged or unreadable now changes nothing here (its values stay as they are)."""
        stamp = _stamp(self.path)
        if stamp == self._seen:
            return []
        unreadable = self.unreadable
        try:
            stored = self._file()
        except Unreadable:
            self.unreadable = unreadable  # said (or not) as at start; nothing read
            return []
        self.saved_before = bool(stored)  # a start would read none from a damaged file
        if stored is None or stamp is None:
            return []
        self._seen = stamp
        self.damaged = False
        # As a start would find them now (another process may have mended one, or saved
        # one this version cannot use), but for this process's changes not written yet.
        self.not_used = {key: value for key, value in unusable_values(stored).items()
                         if key not in self._changed}
        changed = self._take(stored)
        self._tell(changed)
        return changed

    def add_listener(self, listener: Callable[[str, object], None]) -> None:
        """Call ``listener(key, value)`` after each change."""
        self._listeners.append(listener)

    def add_problem_listener(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(save_problem)`` each time a change could not be saved."""
        self._problem_listeners.append(listener)

    def damaged_kept_as(self) -> Path:
        """Where a damaged file will be kept at the next change, as things stand now
        (beside the file a link points to, when ``settings.json`` is one)."""
        try:
            real = link_target(self.path)
        except OSError:  # a link to nothing is never set aside; say the plain name
            real = self.path
        return free_aside(real)

    def mix(self) -> MixSettings:
        """The audio engine's gains and ducking from the volume options (0–100 → 0–1)."""
        from painease.audio.engine import MixSettings

        return MixSettings(
            master=self.get("master_volume") / 100,
            narration=self.get("narration_volume") / 100,
            tones=self.get("tones_volume") / 100,
            ambience=self.get("ambience_volume") / 100,
            duck_db=float(self.get("duck_db")),
        )

    def ambience_for(self, suggested: str) -> str:
        chosen = self.get("ambience")
        return suggested if chosen == SCRIPT_AMBIENCE else chosen

    def _take(self, stored: dict) -> list[str]:
        """Take the usable values of ``stored`` (what the file holds), except for the keys
        this process changed and has not written yet: those keep this process's values, as
        the person's latest. Returns the keys whose value changed; the caller tells."""
        valid = usable_values(stored)
        changed = [key for key, value in valid.items()
                   if key not in self._changed and self._values[key] != value]
        for key in changed:
            self._values[key] = valid[key]
        return changed

    def _tell(self, keys: list[str]) -> None:
        for key in keys:
            for listener in list(self._listeners):
                listener(key, self._values[key])

    def _load(self) -> None:
        self._seen = _stamp(self.path)  # before reading: a change meanwhile is read again
        try:
            stored = self._file()
        except Unreadable:  # the defaults are a safe start; the file is left as it is
            self.save_problem, self.save_cause = self._not_written_over(), NOT_READ
            return
        self.damaged = stored is None
        self.saved_before = bool(stored)
        self._values.update(usable_values(stored or {}))
        self.not_used = unusable_values(stored or {})

    def _not_written_over(self) -> str:
        return (f"{self.path} could not be read ({self.unreadable}), so painease leaves it "
                "as it is and does not save changes over it")

    def _file(self) -> dict | None:
        """Everything the file holds now: ``{}`` when there is none, ``None`` when it holds
        something that is not settings (not JSON or an object, far too big or deep). Raises
        ``Unreadable`` when it is there but cannot be read; ``unreadable`` follows."""
        self.unreadable = None
        try:
            data = read_small(self.path, MAX_BYTES)
        except Unreadable as error:
            self.unreadable = error.reason
            raise
        if data is None:
            return {}  # the first run: the defaults are a safe start
        if len(data) > MAX_BYTES:
            return None  # not a settings file, and not read into memory
        import json

        try:
            # utf-8-sig: a byte order mark some editors put in front is no damage.
            stored = json.loads(data.decode("utf-8-sig"))
        except (ValueError, RecursionError):  # damaged, or nested absurdly deep
            return None
        if not isinstance(stored, dict) or _deeper_than(stored, MAX_DEPTH):
            return None
        return stored

    def _save(self) -> dict:
        """Write this process's changes over what the file holds now, and return what was
        written (another's values in it are taken in by the next ``reload``): another process
        (``painease therapist init`` while a window is open) may have changed other keys,
        which a window writing all it read at start would put back. Processes take turns
        (a lock beside the file), so a change read in between is never written over, and
        each writes a temp file of its own, flushed to the disk, then renamed. Keys this
        version does not know (a newer painease's) are written back as they were; a file
        that is not settings at all is set aside first (``settings.json.damaged``, or
        ``…damaged-2`` when an earlier one is kept), and one that cannot be read is not
        touched (``Unreadable``)."""
        import json

        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with held_lock(self.path.with_name(f".{self.path.name}.lock")):
            stored = self._file()
            real = link_target(self.path)  # the file itself: a link stays a link
            if stored is None:  # a hand-edit gone wrong: keep it for the person to mend
                set_aside(real)
                stored, self.saved_before = {}, False
            unknown = {key: value for key, value in stored.items() if key not in BY_KEY}
            # A value not used stays as it was (a newer painease may take it), unless it is
            # NaN or infinity, which other JSON readers refuse: the default goes there.
            kept = {key: value for key, value in unusable_values(stored).items()
                    if _standard_json(json, value)}
            values = {**unknown, **self._values, **usable_values(stored), **kept,
                      **{key: self._values[key] for key in self._changed}}
            text = json.dumps(values, indent=2, sort_keys=True)
            write_atomically(real, text.encode("utf-8"), own_data=True)
            self.saved_before = True
            self._seen = _stamp(self.path)  # this process's own file: nothing to reload
        return values


def _plain_cause(error: OSError) -> str:
    """``save_cause`` for a save that raised ``error``: the system's cause
    (``painease.plain_causes``, imported only when a save fails) in the note's words."""
    if isinstance(error, Unreadable):
        return NOT_READ
    from painease import plain_causes

    said = {plain_causes.DISK_FULL: DISK_FULL, plain_causes.READ_ONLY: READ_ONLY,
            plain_causes.NOT_ALLOWED: NOT_ALLOWED}
    return said.get(plain_causes.plain_cause(error), NOT_WRITTEN)


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What tells one version of the file from another without reading it (None: none)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)


def remove_stale_saves(path: Path | None = None) -> list[Path]:
    """Remove what saves killed part-way left of ``path`` (by default the data dir's
    settings file): its temp files more than a minute old (``temp_files.remove_stale_temps``),
    beside it and, when it is a link, beside the file it points to. Returns them. The
    window's start calls it off the GUI thread."""
    path = path if path is not None else paths.data_dir(create=False) / FILE_NAME
    removed = remove_stale_temps(path)
    try:
        real = link_target(path)
    except OSError:  # a link to nothing: no write went there
        return removed
    if real != path:  # (a second look in the same folder finds nothing more)
        removed += remove_stale_temps(real)
    return removed


def remove_stale_own_temps() -> list[Path]:
    """What writes of the data dir's own files, killed part-way, left there: the settings'
    (``remove_stale_saves``), the record of packs made, every script the editor saved in
    the scripts folder (one look at it) and this install's key (its seed, in a temp file of
    its own). Only temp files more than a minute old go, and only those named as painease
    names them now (``temp_files.TEMP_SUFFIX``): not those of older versions, as the data dir may
    be a folder the person chose, with their own ``.settings.json.original`` in it.
    Returns them; never raises. The window's start calls it off the GUI thread."""
    home = paths.data_dir(create=False)
    removed = remove_stale_saves(home / FILE_NAME)
    removed += remove_stale_saves(home / paths.SENT_PACKS_NAME)  # a link is followed too
    removed += remove_stale_temps_in(paths.user_scripts_dir(create=False), ".toml")
    # painease.packs.identity's IDENTITY_FILE (importing it would load PyNaCl)
    removed += remove_stale_temps(home / "keys" / "identity.json")
    return removed


def _deeper_than(value: object, most: int) -> bool:
    """Whether ``value`` nests lists or objects over ``most`` deep (a level at a time)."""
    level = [value]
    for _ in range(most):
        level = [inner for outer in level if isinstance(outer, list | dict)
                 for inner in (outer.values() if isinstance(outer, dict) else outer)]
        if not level:
            return False
    return any(isinstance(outer, list | dict) for outer in level)


def _standard_json(json, value) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True
