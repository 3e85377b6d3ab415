"""``painease scripts``, ``fit`` and ``render`` treat pack folders as the app does: a
folder whose set the database lost (it was moved away after it was damaged) is adopted
first, as at the app's start (``painease.packs.at_start.adopted_at_start``), so a folder
whose files are not as signed is set aside and its scripts are not offered. Real
subprocesses on a real data folder, its database moved away as a person would move it."""

from __future__ import annotations

import json

from painease.packs.adopt import NOT_ADOPTED
from painease.packs.install import import_pack
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program
from tests.packs.test_adopt import move_database_away
from tests.test_cli import painease

FIRST = "00000000-0000-4000-8000-000000000051"


def _orphaned(make_pack, homes):
    """The patient's data folder with the therapist's set imported, then its database
    moved away: the pack's folder stays, its set is gone."""
    db = homes.patient / "painease.sqlite3"
    with SessionStore(db) as store:
        assert import_pack(make_pack(make_program(program_id=FIRST)), store).status == "new"
    move_database_away(homes.patient)
    return db


def test_scripts_adopts_a_folder_whose_set_the_database_lost(make_pack, homes, therapist):
    db = _orphaned(make_pack, homes)
    listed = painease("scripts", "--json", data_dir=homes.patient)
    assert listed.returncode == 0, listed.stderr
    rows = {row["id"]: row for row in json.loads(listed.stdout)}  # stdout stays JSON
    assert rows["calm-corner"]["origin"] == "pack"
    assert listed.stderr.startswith("painease found sets whose files were here but which "
                                    "were missing from its database")
    with SessionStore(db) as store:  # the set is back, as the app's start brings it back
        stored = ProgramStore(store).program(FIRST)
        assert stored.origin == "imported" and stored.signer_key == therapist.public_key
    again = painease("scripts", data_dir=homes.patient)
    assert again.returncode == 0 and again.stderr == ""  # once: nothing left to adopt


def test_a_folder_not_as_signed_is_neither_rendered_nor_listed(make_pack, homes, therapist,
                                                              tmp_path):
    db = _orphaned(make_pack, homes)
    script = homes.patient / "packs" / FIRST / "scripts" / "calm-corner.toml"
    script.write_text(script.read_text("utf-8").replace("Hello", "Hi"), "utf-8")
    out = tmp_path / "calm.wav"
    rendered = painease("render", "calm-corner", "--minutes", "1", "-o", str(out),
                        data_dir=homes.patient)
    assert rendered.returncode == 1 and not out.exists()
    assert "could not be checked" in rendered.stderr
    assert "Importing the pack from your therapist again brings the set back." in (
        rendered.stderr)
    assert (homes.patient / "packs" / f"{NOT_ADOPTED}{FIRST}").is_dir()  # kept, aside
    listed = painease("scripts", "--json", data_dir=homes.patient)
    assert listed.returncode == 0, listed.stderr
    assert "calm-corner" not in {row["id"] for row in json.loads(listed.stdout)}
    fitted = painease("fit", "calm-corner", "--minutes", "1", data_dir=homes.patient)
    assert fitted.returncode == 1
    with SessionStore(db) as store:
        assert ProgramStore(store).programs() == []
