"""Importing a pack already here again repairs its files when they are not as signed.

A probe emptied one clip of an installed pack (and, another time, deleted the pack's
folder): Home then asked the patient to import the pack again, and the import answered
"already here; nothing changed" without looking at the files. Now the same pack, imported
again, checks every installed file against its signed manifest and puts the folder back
as it was sent; the set's progress (start day, sessions, ratings) is kept.

Real keys, real zip files, a real clip decoded by libsndfile, a real SQLite file.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from painease.catalog import load_catalog
from painease.packs.install import import_pack
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone
from tests.packs.conftest import make_program, snapshot

DAY_ONE = date(2026, 11, 2)


@pytest.fixture
def installed(make_pack, store, homes):
    """A pack imported on day one, one session done for its first item (rated 6 -> 3)."""
    program = make_program()
    pack = make_pack(program)
    assert import_pack(pack, store, today=DAY_ONE).status == "new"
    session = store.start_session("calm-corner", 1, 2, program_item=(program.id, 1))
    store.save_rating(session, "pre", 6, 5)
    store.end_session(session, "completed", 120_000)
    store.save_rating(session, "post", 3, 2)
    return program, pack, homes.patient / "packs" / program.id


def _progress(store, program):
    sets = ProgramStore(store)
    stored = sets.program(program.id)
    status = sets.status(date(2026, 11, 3), program.id, tz=own_zone(store))
    ratings = {s.id: store.ratings(s.id) for s in store.sessions()}
    return stored.started_on, stored.program, status.progress_text, ratings


def _repaired(store, pack, program, folder, sound):
    before = _progress(store, program)
    result = import_pack(pack, store, today=date(2026, 11, 20))
    assert result.status == "repaired" and result.written
    assert result.message.startswith("repaired “Two weeks” (version 1) from Dr. Ana Moreno")
    assert (folder / "audio" / "calm-corner" / "hello.wav").read_bytes() == sound
    assert "calm-corner" in load_catalog().entries
    assert load_catalog().problems == []
    # Nothing the patient did is lost: same day one, same set, same count, same ratings.
    assert _progress(store, program) == before
    assert before[2] == "1 of 5 done"
    assert ProgramStore(store).current().program.id == program.id
    return result


def test_an_emptied_clip_is_put_back_by_importing_the_same_pack(installed, store):
    program, pack, folder = installed
    clip = folder / "audio" / "calm-corner" / "hello.wav"
    sound = clip.read_bytes()
    clip.write_bytes(b"")
    assert "calm-corner" not in load_catalog().entries  # Home: "import the pack again"
    _repaired(store, pack, program, folder, sound)


def test_a_deleted_pack_folder_is_put_back(installed, store):
    program, pack, folder = installed
    sound = (folder / "audio" / "calm-corner" / "hello.wav").read_bytes()
    shutil.rmtree(folder)
    _repaired(store, pack, program, folder, sound)


def test_a_changed_script_and_a_file_the_pack_never_had_are_undone(installed, store, homes):
    program, pack, folder = installed
    sound = (folder / "audio" / "calm-corner" / "hello.wav").read_bytes()
    script = folder / "scripts" / "calm-corner.toml"
    signed = script.read_bytes()
    script.write_bytes(signed.replace(b"Hello, and welcome.", b"Hello, and goodbye."))
    stray = folder / "scripts" / "stray.toml"
    stray.write_text("not from the therapist", encoding="utf-8")
    _repaired(store, pack, program, folder, sound)
    assert script.read_bytes() == signed and not stray.exists()
    assert sorted(p.name for p in (homes.patient / "packs").iterdir()) == [".lock", program.id]


def test_a_link_in_place_of_a_clip_is_not_taken_for_it(installed, store, tmp_path):
    program, pack, folder = installed
    clip = folder / "audio" / "calm-corner" / "hello.wav"
    sound = clip.read_bytes()
    elsewhere = tmp_path / "elsewhere.wav"
    elsewhere.write_bytes(sound)  # the same bytes, but not in the pack's folder
    clip.unlink()
    clip.symlink_to(elsewhere)
    _repaired(store, pack, program, folder, sound)
    assert not clip.is_symlink()


def test_a_pack_whose_files_are_all_as_signed_is_still_already_here(installed, store, homes):
    program, pack, folder = installed
    before = snapshot(homes.patient)
    again = import_pack(pack, store)
    assert again.status == "same" and not again.written
    assert again.message.endswith("is already here; nothing changed")
    assert snapshot(homes.patient) == before


def test_with_no_folder_left_to_compare_the_pack_imported_again_brings_its_set(
        installed, store, make_pack):
    """The therapist sent version 1 again with another note, then the pack's folder was
    deleted: which copy came later cannot be told any more, so the copy imported now is
    installed whole, set included, and the patient is told the set changed."""
    import dataclasses

    program, first, folder = installed
    items = (dataclasses.replace(program.items[0], note="A new note."), *program.items[1:])
    resent = make_pack(dataclasses.replace(program, items=items), "resent.painease")
    assert import_pack(resent, store).status == "updated"
    shutil.rmtree(folder)
    result = import_pack(first, store)
    assert result.status == "repaired"
    assert "as sent, with changes to the set;" in result.message
    assert ProgramStore(store).program(program.id).program == program
    assert ProgramStore(store).status(date(2026, 11, 3), program.id,
                                      tz=own_zone(store)).progress_text == "1 of 5 done"


def test_a_later_copy_of_the_same_content_is_already_here_unless_its_signature_broke(
        installed, store, make_pack, homes):
    """The same set signed again later (another manifest, the same files) is the same
    pack; the signature file emptied is not as signed any more."""
    program, pack, folder = installed
    later = make_pack(program, "later.painease")
    assert import_pack(later, store).status == "same"
    sound = (folder / "audio" / "calm-corner" / "hello.wav").read_bytes()
    (folder / "manifest.sig").write_bytes(b"")
    assert import_pack(later, store).status == "repaired"
    assert (folder / "manifest.sig").stat().st_size > 0
    assert import_pack(pack, store).status == "same"
    assert (folder / "audio" / "calm-corner" / "hello.wav").read_bytes() == sound
