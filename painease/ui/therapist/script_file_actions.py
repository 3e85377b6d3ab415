"""The script editor's ways in and out of its scripts folder: the Open list (the catalog's
scripts, and own ones it skipped, with why: ``script_choices``) and Delete script…, which
asks first (``ScriptFileActions``, mixed into ``ScriptEditor``).

The editor provides ``catalog``, ``left_out``, ``sets_using``, ``loaded_from``,
``loaded_id``, ``dirty``, ``removed``, its Open row (``open_choice``, ``open_button``,
``open_note``), ``title``, ``script_id``, ``save_status``, ``load_script()``, ``_fill()``
and ``new_script()``. Main thread only.
"""

from __future__ import annotations

from pathlib import Path

from painease.catalog import Catalog
from painease.domain.script import Script
from painease.ui.therapist.draft_check import sets_naming
from painease.ui.therapist.forms import chosen, question_box
from painease.ui.therapist.script_choices import left_out, open_choices
from painease.ui.therapist.step_form import step_data


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
        folder = self.loaded_id or self.script_id.text().strip()  # its clips' folder
        self.delete_question = question_box(
            self, "script-delete-question", "Delete script",
            f"Delete the script “{title}” ({self.loaded_from.name}) from your scripts "
            f"folder? Its recordings stay in audio/{folder}/, and patients who received "
            "it in a pack keep their copy.", "Delete", self._delete, "Keep it")

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
