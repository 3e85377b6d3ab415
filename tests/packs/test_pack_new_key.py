"""A therapist's new key, accepted by the patient for a set already here, becomes the key on
record for that therapist everywhere the old one was: the pin, every set of theirs the old
key signed (what Home names, what results go with), and the set's own pack folder when the
pack is a copy of it. Found in a session's closing notes: the sets kept the old key, so
Home named the old fingerprint and the next pack from the new key that shared a script
with an old pack folder was refused as "another therapist's". Real keys, real packs, real
SQLite files."""

from __future__ import annotations

import dataclasses
import signal
from datetime import date

import pytest
from nacl.signing import SigningKey

from painease.catalog import load_catalog
from painease.packs.identity import Identity
from painease.packs.install import import_pack
from painease.packs.pack import PUBLIC_KEY
from painease.packs.results_export import export_results
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program
from tests.packs.test_pack_import_killed import RENAME, SAVED, _cli

FIRST = "00000000-0000-4000-8000-000000000001"
SECOND = "00000000-0000-4000-8000-000000000002"
LATER = "00000000-0000-4000-8000-000000000003"


@pytest.fixture
def new_key() -> Identity:
    return Identity(SigningKey.generate(), "Dr. Ana Moreno")


@pytest.fixture
def two_sets(make_pack, store, therapist):
    """Two sets from the therapist's old key, both with the custom script "calm-corner"
    (each in its own pack folder); the first is current and started."""
    for program_id in (SECOND, FIRST):
        result = import_pack(make_pack(make_program(program_id=program_id),
                                       f"{program_id}.painease"), store)
        assert result.status == "new"
    return ProgramStore(store).program(FIRST)


@pytest.mark.parametrize("version", [1, 2, 0])  # the same version, a newer one, an older one
def test_the_new_key_accepted_is_on_record_for_every_set_of_that_therapist(
        make_pack, store, homes, therapist, new_key, two_sets, version):
    if version == 0:  # version 2 is here; the new key's pack is of version 1
        newer = make_program(version=2, program_id=FIRST)
        assert import_pack(make_pack(newer, "v2.painease"), store).status == "updated"
        version = 1
        expected = "older"
    else:
        expected = "same" if version == 1 else "updated"
    started = ProgramStore(store).program(FIRST).started_on
    again = make_pack(make_program(version=version, program_id=FIRST), "again.painease",
                      identity=new_key)
    assert import_pack(again, store).status == "key_changed"
    accepted = import_pack(again, store, accept_new_key=True)
    assert accepted.status == expected and accepted.key_accepted

    sets = ProgramStore(store)
    assert sets.pinned_key("Dr. Ana Moreno") == new_key.public_key
    # Both sets: the one the pack brought and the other one the old key signed.
    assert {p.program.id: p.signer_key for p in sets.programs()} == {
        FIRST: new_key.public_key, SECOND: new_key.public_key}
    assert sets.program(FIRST).started_on == started  # the patient's progress is kept
    if expected != "older":  # the set's own folder: the new key's signed copy
        folder = homes.patient / "packs" / FIRST
        assert (folder / PUBLIC_KEY).read_text(encoding="ascii").strip() == \
            new_key.public_key
    # The next pack from the new key shares "calm-corner" with the old key's folders.
    later = make_pack(make_program(program_id=LATER), "later.painease", identity=new_key)
    assert import_pack(later, store).status == "new"
    assert load_catalog().problems == []


def test_results_for_the_new_key_carry_the_sets_the_old_key_signed(
        make_pack, store, homes, tmp_path, new_key, two_sets):
    """Results go to the key on record for a therapist, with that therapist's sets: the
    sets the old key signed were left out of results for the new one."""
    again = make_pack(make_program(program_id=FIRST), "again.painease", identity=new_key)
    assert import_pack(again, store, accept_new_key=True).status == "same"
    me = Identity(SigningKey.generate(), "")
    summary = export_results(store, new_key.public_key, me, tmp_path / "r.painease-results",
                             date(2000, 1, 1), date.today())
    assert summary.sets == ("Two weeks",) and summary.withheld == (), summary.sets_text


def test_a_new_key_is_not_put_on_another_therapists_sets(make_pack, store, therapist,
                                                         new_key, two_sets):
    """Only the therapist the patient accepted the new key for: another therapist's sets,
    and their pin, keep their own key."""
    other = Identity(SigningKey.generate(), "Dr. Sam Lee")
    program = make_program(program_id=LATER, therapist="Dr. Sam Lee")
    theirs = dataclasses.replace(program, items=(
        dataclasses.replace(program.items[1], position=1),))
    assert import_pack(make_pack(theirs, "sam.painease", identity=other), store).status == "new"
    again = make_pack(make_program(program_id=FIRST), "again.painease", identity=new_key)
    assert import_pack(again, store, accept_new_key=True).status == "same"
    sets = ProgramStore(store)
    assert sets.program(LATER).signer_key == other.public_key
    assert sets.pinned_key("Dr. Sam Lee") == other.public_key


@pytest.mark.parametrize("kill", [dict(KILL_N="1", **RENAME), dict(KILL_N="2", **RENAME),
                                  SAVED], ids=["aside", "in-place", "saved"])
def test_an_accepted_new_key_killed_part_way_leaves_one_key_on_record(
        make_pack, store, homes, new_key, two_sets, kill):
    """Killed at each moment the new key's copy of a set here is written: every set and
    the pin name one key (the old one, or the new), never some one and some the other,
    the set's scripts are found, and the new key's next pack, sharing a script with the
    old key's folders, is taken (asking first if the old key is still the one)."""
    again = make_pack(make_program(program_id=FIRST), "again.painease", identity=new_key)
    done = _cli(homes.patient, "pack", "import", str(again), "--accept-new-key", **kill)
    assert done.returncode == -signal.SIGKILL, (done.stdout, done.stderr)
    listed = _cli(homes.patient, "scripts", "--json")
    assert listed.returncode == 0 and "calm-corner" in listed.stdout, listed.stderr
    with SessionStore(homes.patient / "painease.sqlite3") as after:
        sets = ProgramStore(after)
        keys = {p.signer_key for p in sets.programs()} | {sets.pinned_key("Dr. Ana Moreno")}
        assert len(keys) == 1, keys
        assert sets.program(FIRST).started_on == two_sets.started_on
    later = make_pack(make_program(program_id=LATER), "later.painease", identity=new_key)
    taken = _cli(homes.patient, "pack", "import", str(later), "--accept-new-key")
    assert taken.returncode == 0 and taken.stdout.startswith("added “Two weeks”"), taken.stderr
