"""Every script the app can play: the bundled ones and the user's own, fully checked.

A script is usable only when its file validates, each narration clip it names exists and
decodes (the library reads clip headers; ``painease check`` decodes every clip to its
end), its id is unique, and it fits every length it lists. A file that fails any of this
is left out with its problems (``Catalog.problems``, one ``FILE:LINE`` line each); even an
error no check foresaw costs only the file it came from, never the rest of the library.
Clip paths are relative to the ``audio/`` folder beside the script's folder:
``assets/scripts`` → ``assets/audio``, in the data dir ``scripts`` → ``audio``, and for
an imported therapist's pack ``packs/<pack-id>/scripts`` → ``packs/<pack-id>/audio``
(origin "pack"; when packs of one therapist bring the same script, the highest script
version plays, and of equal versions the copy from the pack signed last: a script the
therapist corrected without raising its version and sent with one set plays in all their
sets). A step that names no clip gets the one ``painease narrate`` writes for
it (``<script-id>/NN.ogg``, see ``step_clip``) when that file exists, so the entry's
script carries every clip it will play.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from painease import paths, resources
from painease.domain.script import Script
from painease.domain.script_loader import Problem, ScriptError, load_script
from painease.domain.script_locator import Locator, locate
from painease.domain.timeline import FitError, Timeline, fit_timeline
from painease.domain.vocabulary import minutes_text

# No file in a pack is larger (``painease.packs.safezip.MAX_FILE_BYTES``, a layer above).
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ScriptEntry:
    """A checked script with where it came from and its clips' measured lengths."""

    script: Script
    path: Path
    origin: str  # "bundled", "user" or "pack"
    clip_durations: dict[str, float]

    def fit(self, minutes: float, samplerate: int = 48_000) -> Timeline:
        return fit_timeline(self.script, minutes, samplerate=samplerate,
                            clip_durations=self.clip_durations)


@dataclass
class Catalog:
    """Usable scripts by id, plus the problems that kept other files out."""

    entries: dict[str, ScriptEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Said of usable scripts (``painease check`` only): a clip that plays but not as meant
    # (silent, mostly fade, far from the voice's level) or that is too large for a pack:
    # ``clips.clip_findings``, which the script editor's live check says too.
    warnings: list[Problem] = field(default_factory=list)
    # ``sources_stamp()`` as it was just before the files were read (``load_catalog``).
    stamp: tuple = ()

    def get(self, script_id: str) -> ScriptEntry:
        try:
            return self.entries[script_id]
        except KeyError:
            known = ", ".join(sorted(self.entries)) or "none"
            raise KeyError(f"no script with id {script_id!r} (known: {known})") from None


def load_catalog() -> Catalog:
    """Bundled scripts first, then imported packs' (folders starting with '.' are packs
    being written), then the user's, so a script of theirs taking an id already used is
    the one left out; a bad file is reported and skipped, never fatal: even an
    error no check foresaw costs only the file it came from. Only reads (a data dir that
    does not exist yet is not made), except that an import killed part way is finished
    first (``painease.storage.pack_folders.recover_if_free``), when the packs folder shows one."""
    catalog = Catalog(stamp=sources_stamp())  # first: a change while reading shows later
    packs, own = paths.packs_dir(create=False), paths.user_scripts_dir(create=False)
    try:
        listed = list(packs.iterdir()) if packs.is_dir() else []
        _not_a_folder(catalog, packs, "the imported sets' scripts are left out; move or "
                                      "rename it, then import the sets' pack files again")
        if any(p.name.startswith(_LEFTOVERS) for p in listed):
            listed = _put_right(packs)
        pack_folders = sorted((d for d in listed if d.is_dir()
                               and not d.name.startswith(".")), key=_signed_at)
    except OSError as exc:  # an unreadable packs folder costs its scripts, not the bundled
        pack_folders = []
        catalog.problems.append(Problem(str(packs), 1, f"cannot be read ({exc.strerror or exc}); "
                                        "the imported sets' scripts are left out"))
    # Packs before the person's own scripts: a script of their own written later with the
    # id of their therapist's (an import refuses it before) is the one left out, and the
    # advice points at their file, not at the signed one they must not edit.
    for origin, folder in (("bundled", resources.bundled_scripts_dir()),
                           *(("pack", folder / "scripts") for folder in pack_folders),
                           ("user", own)):
        files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        _add_files(catalog, files, origin)
    _not_a_folder(catalog, own, "your own scripts are left out; move or rename it, and keep "
                                "your scripts in a folder named scripts in its place")
    return catalog


def _not_a_folder(catalog: Catalog, folder: Path, consequence: str) -> None:
    """Say so when something other than a folder is where ``folder`` should be (a file, a
    link to nothing): its scripts were not read, which once went unsaid. Nothing there at
    all is no problem: there are none yet."""
    import contextlib

    with contextlib.suppress(OSError):  # what cannot be looked at is read as not there
        if folder.is_dir() or not (folder.is_symlink() or folder.exists()):
            return
        what = "is a file, not a folder" if folder.is_file() else "is not a folder"
        catalog.problems.append(Problem(str(folder), 1, f"{what}, so {consequence}"))


# What an import killed part way leaves (``painease.storage.pack_folders.LEFTOVERS``).
_LEFTOVERS = (".replaced-", ".absent-", ".incoming-")


def _put_right(packs: Path) -> list[Path]:
    """Finish an import killed part way before its packs are read (the CLI's ``scripts``
    and ``render`` once missed a set's scripts, or read new ones beside the old set, until
    the window started or another import ran); the packs folder listed again. An import
    writing now is left alone; a folder that cannot be written is read as it is."""
    import contextlib

    from painease.storage.pack_folders import recover_if_free  # late: SQLite, seldom needed

    with contextlib.suppress(OSError):
        recover_if_free(packs)
    return list(packs.iterdir())


def sources_stamp() -> tuple:
    """What the user's scripts and clips and the imported packs are now, as names, sizes
    and change times (a few ``stat`` calls, no file read): when it differs from a
    catalog's ``stamp``, another process (``painease pack import``, an editor) changed
    them and ``load_catalog`` would find something else. Folders are compared by their own
    times, which change when an entry is added, removed or renamed (every write here is a
    rename), so a clip re-recorded in place at the same size and second is not seen."""
    data = paths.data_dir(create=False)
    stamp: list = [_entries(data / "scripts"), _entries(data / "audio", deep=True)]
    packs = data / "packs"
    stamp.append(_entries(packs))
    for name, *_ in stamp[-1]:
        if not name.startswith("."):
            stamp.extend((_entries(packs / name / "scripts"),
                          _entries(packs / name / "audio", deep=True)))
    return tuple(stamp)


def _entries(folder: Path, deep: bool = False) -> tuple:
    """Each entry of ``folder`` as (name, inode, size, change time in ns); with ``deep``,
    each sub-folder's entries after it (the clips of ``audio/<script-id>/``)."""
    import os

    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    info = entry.stat(follow_symlinks=True)
                except OSError:  # a link to nothing, or gone meanwhile
                    found.append((entry.name, 0, 0, 0))
                    continue
                found.append((entry.name, info.st_ino, info.st_size, info.st_mtime_ns))
                if deep and entry.is_dir():
                    found.append(_entries(Path(entry.path)))
    except OSError:  # not there (yet), or unreadable: that is its state
        return ()
    return tuple(sorted(found, key=str))


def _signed_at(pack_folder: Path) -> tuple[str, str]:
    """When an installed pack was signed (its manifest's ``created_at``, UTC, one format
    for all), then its name: the order packs' scripts are read in. Not a check (install
    verified the pack); an unreadable manifest sorts first."""
    import json

    from painease.files import read_whole

    try:  # a pipe there is refused, not waited on
        manifest = json.loads(read_whole(pack_folder / "manifest.json", MAX_MANIFEST_BYTES,
                                         "a pack's manifest holds").decode("utf-8"))
        signed = manifest.get("created_at") if isinstance(manifest, dict) else None
    except (OSError, ValueError, RecursionError):
        signed = None
    return (signed if isinstance(signed, str) else "", pack_folder.name)


def bundled_catalog() -> Catalog:
    """The bundled scripts alone, read as every start reads them: clip headers, not the
    whole clips (which ``painease check`` and the tests decode)."""
    catalog = Catalog()
    _add_files(catalog, sorted(resources.bundled_scripts_dir().glob("*.toml")), "bundled")
    return catalog


def check_files(files: Iterable[Path], library: Catalog | None = None) -> Catalog:
    """Check script files as ``painease check`` does: every problem, and ids unique among
    them and in the whole ``library`` (by default ``load_catalog()``: bundled, the user's
    and imported scripts), whose problems are not reported here. A file's id may be that
    of its own installed copy: the file itself, or the user's script of the same file name,
    which installing this one replaces. Unlike ``load_catalog``, which reads only their
    headers (it runs at every start), each clip is decoded to its end and must last as
    long as its header says, and a step whose clip was recorded for other words
    (``audio.clip_words.unmatched_steps``) is a problem, as building a pack refuses it."""
    library = library if library is not None else load_catalog()
    catalog = Catalog()
    _add_files(catalog, list(files), "user", library.entries, decode=True)
    return catalog


def _add_files(catalog: Catalog, files: list[Path], origin: str,
               library: dict[str, ScriptEntry] | None = None, decode: bool = False) -> None:
    for path in files:
        try:
            _add_file(catalog, path, origin, library or {}, decode)
        except Exception as error:  # noqa: BLE001 - one file must never cost the library
            # A check missed something: this file is skipped with the reason, as any bad
            # file is, and every other script (the bundled ones first) stays playable.
            reason = " ".join(f"{type(error).__name__}: {error}".split())
            catalog.problems.append(Problem(str(path), 1, f"cannot be used: an unexpected "
                                            f"error while checking it ({reason})"))


def _add_file(catalog: Catalog, path: Path, origin: str,
              library: dict[str, ScriptEntry], decode: bool) -> None:
    """Check one file; add it to ``catalog.entries`` or its problems to ``.problems``.
    Its id must also be free in ``library`` (see ``check_files``); ``decode``: decode its
    clips to the end rather than read their headers."""
    try:
        script, text = load_script(path)
    except ScriptError as exc:
        catalog.problems.extend(exc.problems)
        return
    script = with_narrated_clips(script, audio_dir_for(path))
    problems: list[Problem] = []
    known = catalog.entries.get(script.id)
    if known is not None and origin == known.origin == "pack":
        # Two packs from one therapist may both bring the same script (install checks
        # the signer): the newer revision is played, and that is not a problem.
        if script.version < known.script.version:  # packs come oldest-signed first
            return
        del catalog.entries[script.id]
    installed = library.get(script.id)
    if script.id in catalog.entries:
        problems.append(_taken(path, text, catalog.entries[script.id]))
    elif installed is not None and not _installed_copy(path, installed):
        problems.append(_taken(path, text, installed))
    warnings: list[Problem] = []
    durations = _measure_clips(script, path, text, problems, warnings, decode)
    if not problems:
        problems.extend(_fit_problems(script, path, text, durations))
    if problems:
        catalog.problems.extend(problems)
    else:
        catalog.warnings.extend(warnings)
        catalog.entries[script.id] = ScriptEntry(script, path, origin, durations)


def _taken(path: Path, text: str, other: ScriptEntry) -> Problem:
    """The id of the script at ``path`` is ``other``'s: said of that file, with whose
    script ``other`` is. An imported set's file is not named: it is signed, and no one but
    its therapist may change it, so the advice is about this file."""
    whose = {"bundled": "a bundled script", "user": "one of your scripts",
             "pack": "a script of an imported set"}[other.origin]
    where = "" if other.origin == "pack" else f" ({other.path})"
    return Problem.at(str(path), locate(text, ("id",)), ("id",),
                      f"{other.script.id!r} is already used by “{other.script.title}”, "
                      f"{whose}{where}; give this script a different id")


def _installed_copy(path: Path, installed: ScriptEntry) -> bool:
    """Whether ``path`` is ``installed`` itself, or would replace it: a user script of the
    same file name."""
    if path.resolve() == installed.path.resolve():
        return True
    return installed.origin == "user" and path.name == installed.path.name


def audio_dir_for(script_path: Path) -> Path:
    return script_path.resolve().parent.parent / "audio"


def step_clip(script_id: str, index: int) -> str:
    """The clip ``painease narrate`` renders for step ``index`` (0-based): ``<id>/NN.ogg``."""
    return f"{script_id}/{index + 1:02d}.ogg"


def with_narrated_clips(script: Script, audio: Path) -> Script:
    """Fill in ``clip`` for steps that name none but have a rendered clip on disk."""
    steps = [
        step.model_copy(update={"clip": step_clip(script.id, index)})
        if step.clip is None and (audio / step_clip(script.id, index)).is_file()
        else step
        for index, step in enumerate(script.steps)
    ]
    if all(new is old for new, old in zip(steps, script.steps, strict=True)):
        return script
    return script.model_copy(update={"steps": steps})


def _measure_clips(script: Script, path: Path, text: str, problems: list[Problem],
                   warnings: list[Problem], decode: bool) -> dict[str, float]:
    durations: dict[str, float] = {}
    if all(step.clip is None for step in script.steps):
        return durations
    # Imported here: soundfile (and numpy) are only needed once a script names a clip.
    from painease.audio.clips import ClipError, clip_findings, clip_seconds

    audio = audio_dir_for(path)
    locator: Locator | None = None  # made once, on the first problem: most files have none

    def said(index: int, message: str) -> Problem:
        nonlocal locator
        locator = locator or Locator(text)
        line = locator.line(("steps", index, "clip"))
        return Problem.at(str(path), line, ("steps", index, "clip"), message)

    for index, step in enumerate(script.steps):
        if step.clip is None or step.clip in durations:
            continue
        if decode:  # what is an error and what a warning: as the script editor says
            found = clip_findings(audio / step.clip)
            problems.extend(said(index, problem) for problem in found.problems)
            warnings.extend(said(index, note) for note in found.warnings)
            if found.seconds is not None:
                durations[step.clip] = found.seconds
            continue
        try:
            durations[step.clip] = clip_seconds(audio / step.clip)
        except ClipError as exc:
            problems.append(said(index, f"{exc}{exc.fix}"))
    if decode:  # as building a pack refuses it
        from painease.audio.clip_words import unmatched_steps

        problems.extend(said(number - 1, UNMATCHED_WORDS)
                        for number in unmatched_steps(script, audio))
    return durations


UNMATCHED_WORDS = ("its clip was recorded for earlier words, so the voice no longer matches "
                   "the captions and a pack will not take it; record the step again in the "
                   "Scripts tab, or change its words back to those recorded")


def _fit_problems(script: Script, path: Path, text: str,
                  durations: dict[str, float]) -> list[Problem]:
    problems: list[Problem] = []
    for minutes in script.lengths:
        try:
            fit_timeline(script, minutes, clip_durations=durations)
        except FitError as exc:
            line = problems[0].line if problems else locate(text, ("lengths",))
            problems.append(Problem.at(str(path), line, ("lengths",),
                                       f"cannot be played at {minutes_text(minutes)}: {exc}"))
    return problems
