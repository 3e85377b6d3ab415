"""The script editor's ways in and out of its scripts folder: the Open list (the catalog's
scripts, and own ones it skipped, with why: ``script_choices``) and Delete script…, which
asks first (``ScriptFileActions``, mixed into ``ScriptEditor``) and names the folders its
recordings stay in (``recording_folders``: after a new id, the old id's too).

The editor provides ``catalog``, ``left_out``, ``sets_using``, ``loaded_from``,
``loaded_id``, ``steps``, ``dirty``, ``removed``, its Open row (``open_choice``, ``open_button``,
``open_note``), ``title``, ``script_id``, ``save_status``, ``load_script()``, ``_fill()``
and ``new_script()``. Main thread only.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from painease import paths
from painease.audio.clip_words import WORDS_FILE
from painease.catalog import Catalog
from painease.domain.script import Script
from painease.ui.therapist.draft_check import sets_naming
from painease.ui.therapist.forms import chosen, question_box
from painease.ui.therapist.script_choices import left_out, open_choices
from painease.ui.therapist.step_form import step_data
from painease.ui.therapist.step_narration import SLUG


def recording_folders(steps: list[dict], ids: tuple[str | None, ...], audio: Path) -> list[str]:
    """The folders of ``audio`` (as "name/", sorted; "" for ``audio`` itself) holding the
    clips the ``steps`` play, and those named for one of the script's ``ids`` (saved and
    typed) that hold any file: after a new id, its steps still play the clips recorded
    under the old one, from the old id's folder."""
    found = {PurePosixPath(clip).parent.as_posix()
             for clip in (step.get("clip") for step in steps)
             if clip and (audio / clip).is_file()}
    for script_id in {i.strip() for i in ids if i and i.strip()}:
        folder = audio / script_id
        if SLUG.match(script_id) and folder.is_dir() and any(
                f.is_file() and f.name not in KEPT_BESIDE for f in folder.iterdir()):
            found.add(script_id)
    return sorted(f"{name}/" if name != "." else "" for name in found)


KEPT_BESIDE = {WORDS_FILE, "manifest.json"}  # notes on the clips, not recordings


class ScriptFileActions:
    # --- the Open list ----------------------------------------------------------------------

    def refresh_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.left_out = {str(found.path): found for found in left_out(catalog)}
        self.open_choice.clear()
        for text, data in open_choices(catalog, list(self.left_out.values())):
            self.open_choice.addItem(text, data)
        self._say_chosen()

    def _say_chosen(self) -> None:
        found = self.left_out.get(chosen(self.open_choice))
        self.open_note.setText(found.note if found else "")
        self.open_note.setVisible(found is not None)
        self.open_button.setEnabled(found is None or found.script is not None)

    def _open_chosen(self) -> None:
        script_id = chosen(self.open_choice)
        found = self.left_out.get(script_id)
        if found is not None:
            if found.script is not None:
                self._open_left_out(found.path, found.script)
        elif script_id:
            self.load_script(script_id)

    def _open_left_out(self, path: Path, script: Script) -> None:
        """Open an own script the catalog skipped; Check shows why. Saved sets naming its
        id mean this file only when no other script holds that id."""
        self.loaded_from = path
        self.loaded_id = None if script.id in self.catalog.entries else script.id
        self._fill(script.model_dump(mode="json", exclude={"steps", "format"}),
                   step_data(script))
    # --- deleting --------------------------------------------------------------------------


    def ask_delete(self) -> None:
        """Ask before deleting the opened script's file; not while a saved set uses it
        (it would drop out of the set, as with a new id)."""
        if self.loaded_from is None:
            return
        using = self.sets_using(self.loaded_id) if self.loaded_id else []
        if using:
            sets_use, _, those_sets = sets_naming(using)
            self.save_status.setText(f"Not deleted: {sets_use} it. Take it out of "
                                     f"{those_sets} first.")
            return
        title = self.title.text().strip() or self.loaded_from.stem
        folders = recording_folders(self.steps, (self.loaded_id, self.script_id.text()),
                                    paths.user_audio_dir())
        listed = " and ".join(f"audio/{folder}" for folder in folders)
        stay = f"Its recordings stay in {listed}, and patients" if folders else "Patients"
        self.delete_question = question_box(
            self, "script-delete-question", "Delete script",
            f"Delete the script “{title}” ({self.loaded_from.name}) from your scripts "
            f"folder? {stay} who received it in a pack keep their copy.", "Delete",
            self._delete, "Keep it")

    def _delete(self) -> None:
        path = self.loaded_from
        if path is None:
            return
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            self.save_status.setText(f"Not deleted: {exc.strerror or exc} ({path}).")
            return
        self.dirty = False
        self.removed.emit(path)  # the workspace reloads the catalog
        self.new_script()
        self.save_status.setText(f"Deleted {path}.")
