"""A set imported on Home after the data folder was restored from a backup (or moved)
under the open store: the import is refused, and the patient is told plainly what
happened and what to do, with no path and no chain of colons; the command line keeps the
folder's path for whoever reads it there. Real keys, a real pack, real SQLite files and
the real Home card offscreen."""

from __future__ import annotations

import shutil

from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.patient_actions import TherapistCard
from tests.packs.conftest import make_program

SAID = ("Not imported: the data folder was moved or replaced while painease was open. "
        "Close painease, open it again, then import the set again.")


def test_a_set_imported_into_a_replaced_folder_is_refused_in_plain_words(
        make_pack, homes, tmp_path, qtbot):
    pack = make_pack(make_program())
    folder = homes.patient
    SessionStore(folder / "painease.sqlite3").close()  # the folder as the backup holds it
    shutil.copytree(folder, tmp_path / "backup")
    with SessionStore(folder / "painease.sqlite3") as store:
        card = TherapistCard(store)
        qtbot.addWidget(card)
        shutil.rmtree(folder)
        shutil.copytree(tmp_path / "backup", folder)  # rm -rf D && cp -r backup D
        assert card.import_file(pack) is None
    assert card.message.text() == SAID
    assert card.message.accessibleDescription() == SAID
    with SessionStore(folder / "painease.sqlite3") as store:
        assert ProgramStore(store).programs() == []
