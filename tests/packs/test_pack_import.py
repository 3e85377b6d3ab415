"""Packs end to end: a therapist builds and signs one, a patient imports it.

Real keys (libsodium), real zip files, a real clip decoded by libsndfile, a real SQLite
file. Here: installing, updating, keys and shared scripts. Refused packs are in
test_pack_import_hostile.py (the zip and its signature) and test_pack_import_refusals.py
(what it holds).
"""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import date

import numpy as np
import pytest
import soundfile
from nacl.signing import SigningKey

from painease.catalog import load_catalog
from painease.packs.identity import Identity, fingerprint
from painease.packs.install import import_pack
from painease.packs.pack import MANIFEST, PackError
from painease.packs.verify import read_and_verify
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone
from tests.packs.conftest import make_program, snapshot


def test_pack_round_trip_installs_scripts_and_set(make_pack, store, homes, therapist):
    program = make_program()
    pack = make_pack(program)
    result = import_pack(pack, store, today=date(2026, 11, 2))
    assert result.status == "new" and result.written
    assert result.signer_fingerprint == therapist.fingerprint
    assert result.warnings == ()
    # The custom script and its clip are where the catalog finds them, checked and playable.
    folder = homes.patient / "packs" / program.id
    assert (folder / "scripts" / "calm-corner.toml").is_file()
    assert (folder / "audio" / "calm-corner" / "hello.wav").is_file()
    entry = load_catalog().get("calm-corner")
    assert entry.origin == "pack" and entry.clip_durations == {"calm-corner/hello.wav": 2.0}
    # The bundled script was referenced, not copied.
    assert not (folder / "scripts" / "paced-breathing.toml").exists()
    sets = ProgramStore(store)
    current = sets.current()
    assert current.program == program and current.signer_key == therapist.public_key
    assert sets.pinned_key("Dr. Ana Moreno") == therapist.public_key
    status = sets.status(date(2026, 11, 2), tz=own_zone(store))
    assert status.next_item.note == "Settle in first."


def test_same_pack_twice_is_a_no_op(make_pack, store, homes):
    pack = make_pack(make_program())
    assert import_pack(pack, store).status == "new"
    before = snapshot(homes.patient)
    again = import_pack(pack, store)
    assert again.status == "same" and not again.written
    assert "already here" in again.message
    assert snapshot(homes.patient) == before


def test_newer_version_updates_and_older_is_ignored(make_pack, store, homes):
    first = make_program()
    import_pack(make_pack(first, "v1.painease"), store, today=date(2026, 11, 2))
    second = dataclasses.replace(first, version=2, title="Two weeks, revised",
                                 items=first.items[:1])
    result = import_pack(make_pack(second, "v2.painease"), store, today=date(2026, 11, 9))
    assert result.status == "updated"
    # Renamed in the new version: the patient is told which of their sets this was.
    assert result.message == ("updated “Two weeks” to version 2 from Dr. Ana Moreno, now "
                              "called “Two weeks, revised”")
    stored = ProgramStore(store).current()
    assert stored.program == second and stored.started_on == date(2026, 11, 2)
    assert sorted(p.name for p in (homes.patient / "packs").iterdir()) == [
        ".lock", first.id]  # .lock: imports take turns (install.packs_lock)
    before = snapshot(homes.patient)
    assert import_pack(make_pack(first, "v1-again.painease"), store).status == "older"
    assert snapshot(homes.patient) == before


def test_the_same_version_rebuilt_with_the_same_content_is_the_same(make_pack, store, homes):
    program = make_program()
    import_pack(make_pack(program, "a.painease"), store)
    before = snapshot(homes.patient)
    again = import_pack(make_pack(program, "b.painease"), store)  # signed later, same files
    assert again.status == "same" and "already here; nothing changed" in again.message
    assert snapshot(homes.patient) == before


def test_a_script_changed_under_the_same_version_is_installed_and_said(
        make_pack, store, homes):
    """The therapist fixed a script and sent the set again without raising its version:
    the patient gets the new script (it was "already here; nothing changed"), is told what
    changed, and the earlier copy, imported again, never puts the old script back."""
    program = make_program()
    first = make_pack(program, "first.painease")
    import_pack(first, store, today=date(2026, 11, 2))
    script = homes.therapist / "scripts" / "calm-corner.toml"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "Hello, and welcome.", "Hello, and welcome back."), encoding="utf-8")
    second = make_pack(program, "second.painease")
    result = import_pack(second, store, today=date(2026, 11, 9))
    # Said with the session's title, as the patient knows it; never its id.
    assert (result.status, result.changes) == ("updated", ("the session “Calm corner”",))
    assert result.message == ("updated to “Two weeks” (version 1) from Dr. Ana Moreno, sent "
                              "again with changes to the session “Calm corner”")
    installed = homes.patient / "packs" / program.id / "scripts" / "calm-corner.toml"
    assert "welcome back" in installed.read_text(encoding="utf-8")
    assert "welcome back" in load_catalog().get("calm-corner").script.steps[0].text
    stored = ProgramStore(store).current()
    assert stored.program == program and stored.started_on == date(2026, 11, 2)

    before = snapshot(homes.patient)
    replayed = import_pack(first, store)  # the earlier copy: signed before the one installed
    assert replayed.status == "older" and not replayed.written
    assert replayed.message == ("this is an earlier copy of the same version: a newer one of "
                                "“Two weeks” is already here; nothing changed")
    assert snapshot(homes.patient) == before
    assert import_pack(second, store).status == "same"


def test_a_set_changed_under_the_same_version_replaces_the_set(make_pack, store, homes):
    program = make_program()
    import_pack(make_pack(program, "first.painease"), store, today=date(2026, 11, 2))
    edited = dataclasses.replace(program, title="Two calm weeks", items=program.items[:1])
    result = import_pack(make_pack(edited, "edited.painease"), store, today=date(2026, 11, 9))
    assert (result.status, result.changes) == ("updated", ("the set",))
    assert result.message == ("updated “Two weeks” to version 1 from Dr. Ana Moreno, now "
                              "called “Two calm weeks”, sent again with changes to the set "
                              "(the session “Paced breathing” was removed)")
    stored = ProgramStore(store).current()
    assert stored.program == edited and stored.started_on == date(2026, 11, 2)


def test_another_key_for_the_same_therapist_is_not_trusted_silently(
        make_pack, store, homes, therapist):
    import_pack(make_pack(make_program()), store)
    impostor = Identity(SigningKey.generate(), "Dr. Ana Moreno")
    forged = make_pack(make_program(), "forged.painease", identity=impostor)
    before = snapshot(homes.patient)
    result = import_pack(forged, store)
    assert result.status == "key_changed" and not result.written
    [warning] = result.warnings
    assert warning.startswith("WARNING:")
    assert impostor.fingerprint in warning and therapist.fingerprint in warning
    assert result.pinned_fingerprint == therapist.fingerprint
    assert snapshot(homes.patient) == before
    # Same name with other spacing and case: still the same therapist.
    sneaky = make_pack(make_program(therapist="dr.  ana MORENO"), "s.painease",
                       identity=impostor)
    assert import_pack(sneaky, store).status == "key_changed"
    # The patient confirmed the new key with the therapist: now it is installed and pinned.
    accepted = import_pack(forged, store, accept_new_key=True)
    assert accepted.status == "new" and "accepted a new key" in accepted.warnings[0]
    assert ProgramStore(store).pinned_key("Dr. Ana Moreno") == impostor.public_key


def test_a_name_in_look_alike_letters_meets_the_trusted_names_key(make_pack, store,
                                                                  therapist):
    """Every letter of "Расо" here is Cyrillic, so no word mixes alphabets, and the name
    reads exactly as the trusted "Dr. Paco Lee": it must meet that name's key, not be
    pinned as a new therapist."""
    import_pack(make_pack(make_program(therapist="Dr. Paco Lee")), store)
    look_alike = "Dr. \u0420\u0430\u0441\u043e Lee"
    assert look_alike != "Dr. Paco Lee"
    impostor = Identity(SigningKey.generate(), look_alike)
    forged = make_pack(make_program(therapist=look_alike), "forged.painease",
                       identity=impostor)
    result = import_pack(forged, store)
    assert result.status == "key_changed" and not result.written
    assert therapist.fingerprint in result.warnings[0]
    assert impostor.fingerprint in result.warnings[0]


def test_an_update_to_a_set_signed_by_another_key_is_flagged(make_pack, store, therapist):
    first = make_program()
    import_pack(make_pack(first), store)
    impostor = Identity(SigningKey.generate(), "Someone")
    takeover = make_program(version=2, program_id=first.id, therapist="Someone Else")
    result = import_pack(make_pack(takeover, "t.painease", identity=impostor), store)
    assert result.status == "key_changed"
    assert ProgramStore(store).current().program == first


@pytest.mark.parametrize("version", [2, 1])
def test_a_new_key_accepted_for_a_set_already_here_is_taken_and_said(
        make_pack, store, therapist, version):
    """The same version (or an older one) signed with the therapist's new key, and the
    patient accepted the key: it said "already here; nothing changed" and left the old
    key pinned, so the patient was asked again at the next pack. The key is taken (the
    patient agreed), the set stays as it is, and the message says both."""
    first = make_program()
    import_pack(make_pack(first), store)
    import_pack(make_pack(make_program(version=2, program_id=first.id), "v2.painease"), store)
    new_key = Identity(SigningKey.generate(), "Dr. Ana Moreno")
    again = make_pack(make_program(version=version, program_id=first.id), "again.painease",
                      identity=new_key)
    assert import_pack(again, store).status == "key_changed"
    result = import_pack(again, store, accept_new_key=True)
    assert result.status == ("same" if version == 2 else "older") and not result.written
    assert ProgramStore(store).pinned_key("Dr. Ana Moreno") == new_key.public_key
    assert "nothing changed" not in result.message
    assert "the set is as it was" in result.message
    assert "the new key you accepted is now the one trusted for Dr. Ana Moreno" \
        in result.message  # its fingerprint is named once, by the caller
    assert new_key.fingerprint not in result.message
    assert ProgramStore(store).current().program.version == 2
    # Trusted now: the next pack signed with it is not questioned.
    later = make_pack(make_program(version=3, program_id=first.id), "v3.painease",
                      identity=new_key)
    assert import_pack(later, store).status == "updated"


def test_read_and_verify_names_the_signer(make_pack, therapist):
    verified = read_and_verify(make_pack(make_program()))
    assert verified.signer_key == therapist.public_key
    assert verified.signer_fingerprint == fingerprint(therapist.public_key)
    assert verified.included_scripts == ("calm-corner",)
    assert MANIFEST in verified.files


def test_sets_from_one_therapist_may_share_a_script_but_others_may_not(
        make_pack, store, homes):
    import_pack(make_pack(make_program(), "one.painease"), store)
    second = import_pack(make_pack(make_program(), "two.painease"), store)
    assert second.status == "new"
    assert load_catalog().problems == []
    assert load_catalog().get("calm-corner").origin == "pack"
    stranger = Identity(SigningKey.generate(), "Someone Else")
    theirs = make_pack(make_program(therapist="Someone Else"), "x.painease",
                       identity=stranger)
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as refused:
        import_pack(theirs, store)
    # Named by title for the patient; where the other one came from, not its id.
    assert str(refused.value) == (
        "the pack's session “Calm corner” has the same id as the session “Calm corner” from "
        "another therapist's pack (Dr. Ana Moreno); ask Someone Else for a copy with that "
        "session renamed")
    assert snapshot(homes.patient) == before


def test_a_shared_script_plays_as_the_latest_pack_brought_it(make_pack, store, homes):
    """Two sets from one therapist share a script. The therapist corrects it (its own
    version field left as it was) and sends only the second set again: the patient must
    hear the corrected script in both sets, not whichever pack folder sorts first."""
    first = make_program(program_id="00000000-0000-4000-8000-000000000001")
    second = make_program(program_id="00000000-0000-4000-8000-000000000002")
    import_pack(make_pack(first, "first.painease"), store)
    import_pack(make_pack(second, "second.painease"), store)
    script = homes.therapist / "scripts" / "calm-corner.toml"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "Hello, and welcome.", "Hello, and welcome back."), encoding="utf-8")
    newer = dataclasses.replace(second, version=2)
    assert import_pack(make_pack(newer, "newer.painease"), store).status == "updated"
    entry = load_catalog().get("calm-corner")
    assert entry.script.steps[0].text == "Hello, and welcome back."
    assert entry.path.is_relative_to(homes.patient / "packs" / second.id)
    # A copy of the first set signed before the correction, imported after it, does not
    # bring the old text back.
    third = make_program(program_id="00000000-0000-4000-8000-000000000000")
    script.write_text(script.read_text(encoding="utf-8").replace("welcome back", "welcome"),
                      encoding="utf-8")
    old = make_pack(third, "old.painease")
    script.write_text(script.read_text(encoding="utf-8").replace(
        "Hello, and welcome.", "Hello, and welcome back."), encoding="utf-8")
    latest = make_pack(dataclasses.replace(newer, version=3), "latest.painease")
    assert import_pack(latest, store).status == "updated"
    assert import_pack(old, store).status == "new"
    assert load_catalog().get("calm-corner").script.steps[0].text == "Hello, and welcome back."
    assert load_catalog().problems == []


def test_a_killed_import_is_put_right_before_the_packs_are_read(make_pack, store, homes):
    """See also test_pack_import_killed (real processes, killed at each moment)."""
    first = make_program()
    import_pack(make_pack(first, "a.painease"), store)
    packs = homes.patient / "packs"
    # As if killed mid-update: the folder moved aside, a half-written one beside it.
    (packs / first.id).rename(packs / f".replaced-{first.id}")
    (packs / ".incoming-0123").mkdir()
    (packs / ".incoming-0123" / "half.toml").write_text("x", encoding="utf-8")
    assert "calm-corner" in load_catalog().entries
    assert sorted(p.name for p in packs.iterdir() if p.name.startswith(".")) == [".lock"]
    assert import_pack(make_pack(make_program(), "b.painease"), store).status == "new"
    assert sorted(p.name for p in packs.iterdir() if p.name.startswith(".")) == [".lock"]
    assert (packs / first.id / "scripts" / "calm-corner.toml").is_file()
    assert load_catalog().problems == []


def test_imports_take_turns_and_a_window_puts_a_killed_one_right(make_pack, store, homes):
    """Once a second import's recover() removed the first one's half-written folder, and
    a kill between an import's two renames left the current set's scripts missing until
    the next import. Imports now hold the packs folder's lock; a window's start recovers
    when no import holds it."""
    from painease.packs.install import packs_lock, recover_if_free

    first = make_program()
    import_pack(make_pack(first, "a.painease"), store)
    packs = homes.patient / "packs"
    (packs / first.id).rename(packs / f".replaced-{first.id}")  # killed between renames
    with packs_lock(packs) as busy:  # an import is writing: leave its folders alone
        assert busy.held
        recover_if_free(packs)
        assert "calm-corner" not in load_catalog().entries  # the catalog leaves them too
        assert (packs / f".replaced-{first.id}").is_dir()
    recover_if_free(packs)  # free again: put right
    assert (packs / first.id / "scripts" / "calm-corner.toml").is_file()
    assert "calm-corner" in load_catalog().entries


def test_a_clip_of_long_silence_travels_in_a_pack(make_pack, store, homes):
    # Digital silence deflates about 1000 times: the pack built, then every patient's
    # import refused it as a zip bomb. The builder now stores such a file as it is.
    clip = homes.therapist / "audio" / "calm-corner" / "hello.wav"
    silence = np.zeros(30 * 22050, dtype="float32")
    silence[:2205] = 0.1 * np.sin(np.arange(2205) * 2 * np.pi * 220 / 22050)
    soundfile.write(clip, silence, 22050)
    pack = make_pack(make_program())
    with zipfile.ZipFile(pack) as archive:
        stored = archive.getinfo("audio/calm-corner/hello.wav")
        assert stored.compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("scripts/calm-corner.toml").compress_type == zipfile.ZIP_DEFLATED
    assert import_pack(pack, store).status == "new"
    assert load_catalog().get("calm-corner").clip_durations == {"calm-corner/hello.wav": 30.0}
