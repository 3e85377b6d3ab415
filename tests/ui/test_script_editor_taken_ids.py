"""The ids a draft may not take are worked out once per catalog and opened file, not at
every check: with a few hundred scripts, resolving each one's path on every keystroke's
check was a stall the therapist could feel. Counted through a ``Path`` subclass whose
``resolve`` counts its real calls, on the real catalog's entries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from painease import paths
from painease.catalog import Catalog, load_catalog
from painease.ui.therapist.script_editor import ScriptEditor
from tests.ui.script_editing import problems, type_into
from tests.ui.test_script_editor import SIMPLE


class CountingPath(type(Path())):
    resolved = 0

    def resolve(self, strict=False):
        CountingPath.resolved += 1
        return super().resolve(strict)


def counted_catalog() -> Catalog:
    """The real catalog, each entry's path a ``CountingPath``."""
    catalog = load_catalog()
    catalog.entries = {key: replace(entry, path=CountingPath(entry.path))
                       for key, entry in catalog.entries.items()}
    return catalog


def write_script(script_id: str) -> None:
    folder = paths.user_scripts_dir()
    folder.mkdir(exist_ok=True)
    (folder / f"{script_id}.toml").write_text(
        SIMPLE.format(id=script_id, title=f"Mine {script_id}"), encoding="utf-8")


def test_checks_do_not_work_the_catalog_ids_out_again_until_it_changes(qtbot):
    write_script("mine")
    editor = ScriptEditor(counted_catalog(), player_options={"use_device": False})
    qtbot.addWidget(editor)
    editor.load_script("mine")
    CountingPath.resolved = 0

    for title in ("Mine, calmer", "Mine, slower", "Mine, softer"):
        type_into(qtbot, editor.title, title)
        editor.run_check()
    assert "ready to save" in problems(editor)  # its own id is not taken
    type_into(qtbot, editor.script_id, "paced-breathing")
    editor.run_check()
    assert "'paced-breathing' is already used" in problems(editor)
    assert CountingPath.resolved == 0

    # A new catalog (another script of the therapist's saved): worked out again, once.
    write_script("other")
    editor.refresh_catalog(counted_catalog())
    type_into(qtbot, editor.script_id, "other")
    editor.run_check()
    assert "'other' is already used" in problems(editor)
    worked_out = CountingPath.resolved
    assert worked_out > 0
    editor.run_check()
    assert CountingPath.resolved == worked_out

    # Another script opened: "mine" is now another file's id.
    editor.load_script("other")
    type_into(qtbot, editor.script_id, "mine")
    editor.run_check()
    assert "'mine' is already used" in problems(editor)
    editor.step_player.stop()
