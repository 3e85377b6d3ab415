"""Pack folders whose set the database lost (a damaged database moved away, a new one made)
are adopted back from their signed files: the set saved again on the key that signed it,
that key pinned, so an import compares a pack with what is here (an older copy never
replaces the set) and Home lists its sender. A folder whose files are not as signed is set
aside, kept, and said. Real keys, real packs, real SQLite files moved away as a person
would move a damaged one."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date

from nacl.signing import SigningKey

from painease.catalog import load_catalog
from painease.packs.adopt import NOT_ADOPTED, adopt_orphans, orphans
from painease.packs.identity import Identity, fingerprint
from painease.packs.install import import_pack
from painease.packs.senders import senders
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program

FIRST = "00000000-0000-4000-8000-000000000031"
SECOND = "00000000-0000-4000-8000-000000000032"
DAY = date(2026, 12, 5)


def move_database_away(home) -> None:
    """As a person (or support) moves a damaged database aside: the file and its companions."""
    aside = home / "damaged"
    aside.mkdir()
    for part in home.glob("painease.sqlite3*"):
        shutil.move(part, aside / part.name)


def test_an_older_copy_imported_into_a_new_database_does_not_replace_the_folders_set(
        make_pack, homes, therapist):
    db = homes.patient / "painease.sqlite3"
    v1 = make_pack(make_program(1, FIRST), "v1.painease")
    v2 = make_pack(make_program(2, FIRST), "v2.painease")
    with SessionStore(db) as store:
        assert import_pack(v2, store).status == "new"
    move_database_away(homes.patient)
    with SessionStore(db) as store:
        result = import_pack(v1, store, today=DAY)
        # Before: 'new', and version 1's files written over version 2's.
        assert result.status == "older"
        assert result.adopted.startswith("painease found sets whose files were here but "
                                         "which were missing from its database")
        assert "“Two weeks” from Dr. Ana Moreno" in result.adopted
        stored = ProgramStore(store).program(FIRST)
        assert stored.program.version == 2
        assert stored.signer_key == therapist.public_key
        assert ProgramStore(store).pinned_key("Dr. Ana Moreno") == therapist.public_key
    manifest = (homes.patient / "packs" / FIRST / "manifest.json").read_text("utf-8")
    assert '"pack_version": 2' in manifest


def test_a_folder_is_adopted_as_imported_current_from_today_and_its_key_pinned(
        make_pack, homes, therapist):
    db = homes.patient / "painease.sqlite3"
    pack = make_pack(make_program(program_id=FIRST), "a.painease")
    with SessionStore(db) as store:
        assert import_pack(pack, store).status == "new"
    move_database_away(homes.patient)
    with SessionStore(db) as store:
        packs = homes.patient / "packs"
        assert orphans(packs, store) == [packs / FIRST]
        adopted = adopt_orphans(store, today=DAY)
        assert adopted.sets == ["“Two weeks” from Dr. Ana Moreno"]
        assert adopted.set_aside == []
        assert adopted.message.endswith("“Two weeks” is your current set again, starting today.")
        assert orphans(packs, store) == []
        sets = ProgramStore(store)
        current = sets.current()
        assert current is not None and current.program.id == FIRST
        assert current.origin == "imported" and current.started_on == DAY
        assert [s.words for s in senders(store)] == [
            f"Dr. Ana Moreno (fingerprint {fingerprint(therapist.public_key)})"]
        assert adopt_orphans(store).message == ""  # once: nothing left to adopt
        again = import_pack(pack, store)
        assert again.status == "same" and again.adopted == ""
    assert "calm-corner" in load_catalog().entries  # its set stands behind it again


def test_a_folder_not_as_signed_is_set_aside_kept_and_said(make_pack, homes, therapist):
    db = homes.patient / "painease.sqlite3"
    with SessionStore(db) as store:
        assert import_pack(make_pack(make_program(program_id=FIRST)), store).status == "new"
    move_database_away(homes.patient)
    script = homes.patient / "packs" / FIRST / "scripts" / "calm-corner.toml"
    script.write_text(script.read_text("utf-8").replace("Hello", "Hi"), "utf-8")
    with SessionStore(db) as store:
        adopted = adopt_orphans(store, today=DAY)
        assert adopted.sets == []
        kept = homes.patient / "packs" / f"{NOT_ADOPTED}{FIRST}"
        assert adopted.set_aside == [(FIRST, kept, "hash mismatch: scripts/calm-corner.toml "
                                      "is not the file that was signed")]
        assert "Importing the pack from your therapist again brings the set back." in (
            adopted.message)
        assert ProgramStore(store).programs() == []
    assert "Hi, and welcome" in (kept / "scripts" / "calm-corner.toml").read_text("utf-8")
    assert "calm-corner" not in load_catalog().entries  # no set stands behind it


def test_sets_of_a_therapists_old_and_new_key_the_newest_key_is_pinned(
        make_pack, homes, therapist):
    """After a therapist's new key was accepted, their other sets' folders still hold the
    old key's copy. Adopted, the newest signed set's key is the one trusted; the older
    set stays on its own key, a sender of its own that Home says reads the same."""
    db = homes.patient / "painease.sqlite3"
    new = Identity(SigningKey.generate(), "Dr. Ana Moreno")
    program = make_program(program_id=SECOND)
    only_bundled = dataclasses.replace(program, title="Breathing", items=(
        dataclasses.replace(program.items[1], position=1),))  # no script of the old key's
    with SessionStore(db) as store:
        assert import_pack(make_pack(make_program(program_id=FIRST), "a.painease"),
                           store).status == "new"
        assert import_pack(make_pack(only_bundled, "b.painease", identity=new), store,
                           accept_new_key=True).status == "new"
    move_database_away(homes.patient)
    with SessionStore(db) as store:
        adopted = adopt_orphans(store, today=DAY)
        assert sorted(adopted.sets) == ["“Breathing” from Dr. Ana Moreno",
                                        "“Two weeks” from Dr. Ana Moreno"]
        sets = ProgramStore(store)
        assert sets.pinned_key("Dr. Ana Moreno") == new.public_key
        assert sets.program(FIRST).signer_key == therapist.public_key
        assert sets.current().program.id == SECOND  # the newest signed
        found = senders(store)
        assert len(found) == 2 and all(s.look_alikes for s in found)



def test_a_link_in_a_folders_place_is_not_adopted(make_pack, homes, therapist, tmp_path):
    """A link where a pack's folder was points to files that can change under it (the
    import never writes one; ``installed_as_signed`` refuses one too): set aside, not
    taken as the therapist's signed set, even when the files it points to are as signed."""
    db = homes.patient / "painease.sqlite3"
    with SessionStore(db) as store:
        assert import_pack(make_pack(make_program(program_id=FIRST)), store).status == "new"
    move_database_away(homes.patient)
    folder = homes.patient / "packs" / FIRST
    elsewhere = tmp_path / "elsewhere"
    shutil.move(folder, elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    with SessionStore(db) as store:
        adopted = adopt_orphans(store, today=DAY)
        assert adopted.sets == []
        assert [why for _, _, why in adopted.set_aside] == ["it is a link, not a folder"]
        assert ProgramStore(store).programs() == []
    assert (elsewhere / "manifest.json").is_file()  # what it pointed to is left as it was


def test_a_pack_is_imported_beside_a_current_set_that_cannot_be_read(
        make_pack, homes, therapist):
    """A replaced database whose current set was then edited outside painease (its start
    day no date): adopting the pack folders asked for the current set, read it, and the
    import was refused ("a value in the database cannot be read: the programs table, row
    …, column started_on holds 'x' …"). An unreadable current set is a set that is
    current: the one adopted is saved, not made current over it, and the import goes on."""
    import sqlite3

    third = "00000000-0000-4000-8000-000000000033"
    db = homes.patient / "painease.sqlite3"
    with SessionStore(db) as store:
        assert import_pack(make_pack(make_program(1, FIRST), "a.painease"), store).status \
            == "new"
    move_database_away(homes.patient)
    with SessionStore(db) as store:
        ProgramStore(store).save_program(make_program(1, SECOND), activate=True, today=DAY)
    conn = sqlite3.connect(db)  # another program's edit of the file
    with conn:
        conn.execute("UPDATE programs SET started_on = 'x' WHERE id = ?", (SECOND,))
    conn.close()
    with SessionStore(db) as store:
        result = import_pack(make_pack(make_program(1, third), "c.painease"), store, today=DAY)
        assert result.status == "new"
        assert "“Two weeks” from Dr. Ana Moreno" in result.adopted
        assert "current set again" not in result.adopted
        seq = dict(store.database.conn.execute("SELECT id, activation_seq FROM programs"))
    assert seq[FIRST] is None  # adopted, never made current
    assert seq[SECOND] is not None and seq[third] > seq[SECOND]  # the import made current
