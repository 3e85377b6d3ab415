"""Packs end to end: a therapist builds and signs one, a patient imports it.

Real keys (libsodium), real zip files, a real clip decoded by libsndfile, a real SQLite
file. Every rejected pack must leave the patient's data dir byte for byte as it was.
"""

from __future__ import annotations

import dataclasses
import io
import stat
import zipfile
from datetime import date

import numpy as np
import pytest
import soundfile
from nacl.signing import SigningKey

from painease.catalog import load_catalog
from painease.packs import safezip
from painease.packs.identity import Identity, fingerprint
from painease.packs.install import import_pack
from painease.packs.pack import MANIFEST, PackError, build_pack
from painease.packs.verify import read_and_verify
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone
from tests.packs.conftest import CUSTOM, make_program, rewrite, snapshot


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
                              "called “Two calm weeks”, sent again with changes to the set")
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


# ---- rejected packs: each says why and leaves nothing behind ---------------------------------


def _raw_zip(path, entries, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def _symlink_entry(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _device_entry(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFCHR | 0o600) << 16
    return info


def _hostile(kind, tmp_path, pack, therapist):
    path = tmp_path / f"{kind}.painease"
    if kind == "absolute":
        return _raw_zip(path, [("/etc/evil", b"x")])
    if kind == "dotdot":
        return _raw_zip(path, [("scripts/../../evil", b"x")])
    if kind == "symlink":
        return _raw_zip(path, [(_symlink_entry("scripts/link.toml"), b"/etc/passwd")])
    if kind == "device":
        return _raw_zip(path, [(_device_entry("audio/dev"), b"")])
    if kind == "entries":
        return _raw_zip(path, [(f"f{i}", b"") for i in range(safezip.MAX_ENTRIES + 1)])
    if kind == "bomb":
        return _raw_zip(path, [("audio/bomb.wav", bytes(20 * 1024 * 1024))])
    if kind == "duplicate":
        return _raw_zip(path, [("a.txt", b"1"), ("A.TXT", b"2")])
    if kind == "not-a-zip":
        path.write_bytes(b"this is not a zip file at all")
        return path
    if kind == "hash":
        def swap_clip(files, manifest):
            files["audio/calm-corner/hello.wav"] = files["audio/calm-corner/hello.wav"][:-2]
        return rewrite(pack, path, swap_clip, signer=therapist, rehash=False)
    if kind == "signature":
        return rewrite(pack, path, lambda f, m: None, signer=None)  # manifest bytes changed
    if kind == "tampered":
        def retitle(files, manifest):
            manifest["title"] = "Something else"
        return rewrite(pack, path, retitle, signer=therapist)
    if kind == "foreign-signer":
        other = Identity(SigningKey.generate())
        return rewrite(pack, path, lambda f, m: None, signer=other)
    if kind == "script":
        def break_script(files, manifest):
            files["scripts/calm-corner.toml"] = files["scripts/calm-corner.toml"].replace(
                b'kind = "relaxation"', b'kind = "magic"')
        return rewrite(pack, path, break_script, signer=therapist)
    if kind == "clip":
        def garble_clip(files, manifest):
            files["audio/calm-corner/hello.wav"] = b"RIFF" + bytes(200)
        return rewrite(pack, path, garble_clip, signer=therapist)
    if kind in ("unlisted", "unused"):
        def add_file(files, manifest):
            files["scripts/extra.toml"] = b"x"
        return rewrite(pack, path, add_file, signer=therapist, rehash=kind == "unused")
    if kind == "nested":
        with zipfile.ZipFile(pack) as good:
            files = {n: good.read(n) for n in good.namelist()}
        files[MANIFEST] = b"[" * 100_000 + b"]" * 100_000
        files["manifest.sig"] = therapist.sign(files[MANIFEST]).hex().encode()
        return _raw_zip(path, list(files.items()), zipfile.ZIP_STORED)  # not a "bomb"
    if kind == "length":
        def bad_length(files, manifest):
            manifest["set"]["items"][0]["minutes"] = 7
        return rewrite(pack, path, bad_length, signer=therapist)
    raise AssertionError(kind)


HOSTILE = {
    "absolute": "unsafe pack: the entry '/etc/evil' has an absolute path",
    "dotdot": "unsafe pack: the entry 'scripts/../../evil' points outside the pack ('..')",
    "symlink": "unsafe pack: the entry 'scripts/link.toml' is a symbolic link",
    "device": "unsafe pack: the entry 'audio/dev' is a device or special file",
    "entries": f"unsafe pack: it holds {safezip.MAX_ENTRIES + 1:,} entries; the limit is",
    "bomb": "unsafe pack: the entry 'audio/bomb.wav' expands",
    "duplicate": "unsafe pack: the entry 'A.TXT' appears twice",
    # Not hostile, only no pack: said plainly (test_wrong_file.py), and refused all the same.
    "not-a-zip": "this pack cannot be read: it may be incomplete or damaged",
    "hash": "hash mismatch: audio/calm-corner/hello.wav is not the file that was signed",
    "signature": "bad signature: the manifest was not signed by the key in the pack",
    "tampered": "tampered manifest: title does not match the set",
    "foreign-signer": "bad signature: the manifest was not signed by the key in the pack",
    "script": "invalid script: scripts/calm-corner.toml:4: kind",
    "clip": "undecodable clip: the clip audio/calm-corner/hello.wav cannot be decoded",
    "unlisted": "the pack holds a file its manifest does not list: scripts/extra.toml",
    "unused": "the pack holds a file no script uses: scripts/extra.toml",
    "length": "item 1: calm-corner can be played at 1, 2 minutes, not 7",
    "nested": "tampered manifest: nested too deeply",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_packs_are_refused_with_a_reason_and_leave_no_trace(
        kind, make_pack, store, homes, therapist, tmp_path):
    good = make_pack(make_program())
    bad = _hostile(kind, tmp_path, good, therapist)
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as info:
        import_pack(bad, store)
    assert str(info.value).startswith(HOSTILE[kind]), str(info.value)
    assert "\n" not in str(info.value)
    assert snapshot(homes.patient) == before
    assert ProgramStore(store).current() is None


def test_a_directory_that_lies_about_sizes_is_refused(tmp_path):
    """Headers claiming 1,000 bytes for a 2 MiB file cannot smuggle it past the limits."""
    path = tmp_path / "lying.painease"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big.bin", bytes(2 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 22:local + 26] = (1000).to_bytes(4, "little")  # uncompressed size
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(safezip.UnsafeZipError,
                       match=r"not a readable zip file \(Bad CRC-32 for file 'big.bin'\)"):
        safezip.read_zip(path)


def test_a_broken_deflate_stream_is_refused_as_damaged(tmp_path):
    """A flipped byte inside compressed data can fail in zlib itself rather than in the
    CRC check (it happened to a one-byte-damaged pack in the app): still one plain line."""
    path = tmp_path / "broken.painease"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "calm words " * 200)
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    name_length = int.from_bytes(data[local + 26:local + 28], "little")
    extra_length = int.from_bytes(data[local + 28:local + 30], "little")
    data[local + 30 + name_length + extra_length] = 0xFF  # block type 3: reserved, invalid
    path.write_bytes(bytes(data))
    with pytest.raises(safezip.UnsafeZipError,
                       match=r"^the zip file is damaged \(Error -3 while decompressing"):
        safezip.read_zip(path)


@pytest.mark.parametrize(("limit", "value", "message"), [
    ("MAX_FILE_BYTES", 1024 * 1024, "'a.bin' is 2,097,152 bytes; the limit is 1,048,576"),
    ("MAX_TOTAL_BYTES", 3 * 1024 * 1024, "its files add up to more than 3,145,728 bytes"),
])
def test_size_limits(tmp_path, monkeypatch, limit, value, message):
    # Limits lowered for the test so the files stay small; the checks are the real ones.
    path = _raw_zip(tmp_path / "big.painease", [("a.bin", bytes(2 * 1024 * 1024)),
                                                ("b.bin", bytes(2 * 1024 * 1024))])
    monkeypatch.setattr(safezip, "MAX_RATIO", 10**6)
    monkeypatch.setattr(safezip, limit, value)
    with pytest.raises(safezip.UnsafeZipError, match=message):
        safezip.read_zip(path)


def test_an_included_script_may_not_shadow_a_bundled_one(make_pack, store, therapist,
                                                         tmp_path):
    def rename(files, manifest):
        text = files.pop("scripts/calm-corner.toml").replace(b'"calm-corner"',
                                                            b'"paced-breathing"')
        files["scripts/paced-breathing.toml"] = text
        manifest["scripts"] = [{"id": "paced-breathing", "version": 1, "source": "included",
                                "file": "scripts/paced-breathing.toml",
                                "clips": ["audio/calm-corner/hello.wav"]}]
        for item in manifest["set"]["items"]:
            item["script"] = "paced-breathing"
            item["minutes"] = 5
    bad = rewrite(make_pack(make_program()), tmp_path / "shadow.painease", rename,
                  signer=therapist)
    with pytest.raises(PackError, match="uses the id of a bundled script"):
        import_pack(bad, store)


def test_a_clash_with_the_patients_own_script_is_said_with_both_titles(make_pack, store,
                                                                      homes):
    (homes.patient / "scripts").mkdir(parents=True)
    mine = homes.patient / "scripts" / "calm-corner.toml"
    mine.write_text(CUSTOM.format(id="calm-corner").replace(
        'title = "Calm corner"', 'title = "My quiet minute"').replace(
        'clip = "calm-corner/hello.wav"\n', ""), encoding="utf-8")
    assert load_catalog().get("calm-corner").origin == "user"
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as refused:
        import_pack(make_pack(make_program()), store)
    assert str(refused.value) == (
        "the pack's session “Calm corner” has the same id as your own session “My quiet minute” "
        f"({mine}); rename yours, or ask Dr. Ana Moreno for a copy with that session renamed")
    assert snapshot(homes.patient) == before


def test_a_bundled_session_this_painease_lacks_is_said_plainly(make_pack, store, therapist,
                                                               tmp_path):
    def future(files, manifest):
        manifest["scripts"][1]["id"] = "breathing-of-the-future"
        manifest["set"]["items"][1]["script"] = "breathing-of-the-future"
    bad = rewrite(make_pack(make_program()), tmp_path / "future.painease", future,
                  signer=therapist)
    with pytest.raises(PackError) as refused:
        import_pack(bad, store)
    assert str(refused.value) == ("the set uses a session that comes with a newer painease "
                                  "(breathing-of-the-future); update painease, then import "
                                  "the pack again")


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


def test_files_that_cannot_be_written_are_a_pack_error_and_change_nothing(
        make_pack, store, homes):
    # A real write failure, root or not: a file where the packs folder goes. (A full disk
    # fails at the same place with ENOSPC.) It was an OSError traceback, in the window too.
    pack = make_pack(make_program())
    (homes.patient / "packs").write_text("not a folder", encoding="utf-8")
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as refused:
        import_pack(pack, store)
    assert str(refused.value).startswith(
        f"its files could not be written in {homes.patient / 'packs'} (")
    assert str(refused.value).endswith("); nothing was imported")
    assert snapshot(homes.patient) == before
    assert ProgramStore(store).programs() == []


def test_clips_a_script_does_not_name_must_stay_in_its_own_folder(make_pack, store, therapist,
                                                                  tmp_path, homes):
    pack = make_pack(make_program())

    def add_clip(folder):
        def change(files, manifest):
            name = f"audio/{folder}/02.wav"
            files[name] = files["audio/calm-corner/hello.wav"]
            manifest["scripts"][0]["clips"].append(name)
        return change

    own = rewrite(pack, tmp_path / "own.painease", add_clip("calm-corner"), signer=therapist)
    assert "audio/calm-corner/02.wav" in read_and_verify(own).files
    stray = rewrite(pack, tmp_path / "stray.painease", add_clip("elsewhere"),
                    signer=therapist)
    before = snapshot(homes.patient)
    with pytest.raises(PackError, match="the clips listed for calm-corner do not match"):
        import_pack(stray, store)
    assert snapshot(homes.patient) == before


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


@pytest.mark.parametrize("name", ["Dr. Ana Moreno\u200b", "Dr. \u202eonerom anA",
                                  "Dr. Ana\x00Moreno", "Dr. Ana\nMoreno", "Dr. Ana\r\nMoreno",
                                  "Dr.\tAna Moreno", "Dr. Ana\x85Moreno", "Dr. Ana\u2028Moreno",
                                  "Dr. Ana Moreno\x1b[2J"])
def test_a_therapist_name_with_characters_that_do_not_show_is_refused(
        make_pack, store, homes, therapist, tmp_path, name):
    # Keys are pinned to a therapist's name: a look-alike that differs only by a zero-width
    # or right-to-left character once got a pin of its own, with no "different key" warning.
    # Line breaks, tabs and other controls are refused alike (check_shown_names, where the
    # pack's set is read): a name split over lines could pass for another one too.
    pack = make_pack(make_program())

    def rename(files, manifest):
        manifest["set"]["therapist_name"] = name
        manifest["therapist_name"] = name

    odd = rewrite(pack, tmp_path / "odd.painease", rename, signer=therapist)
    before = snapshot(homes.patient)
    with pytest.raises(PackError, match="therapist name holds characters that do not show"):
        import_pack(odd, store)
    assert snapshot(homes.patient) == before


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


def test_a_breath_too_short_to_play_is_refused_in_one_line(make_pack, store, therapist, homes,
                                                           tmp_path):
    def tiny_breath(files, manifest):
        text = files["scripts/calm-corner.toml"].decode()
        files["scripts/calm-corner.toml"] = text.replace(
            'phase = "settle"', 'phase = "breathing"').replace(
            "pause = { min = 1, weight = 1 }", "pause = { min = 1, weight = 1 }\n"
            "breath = { inhale = 1e-9, exhale = 1e-9, cycles = { min = 1 } }").encode()
    bad = rewrite(make_pack(make_program()), tmp_path / "tiny.painease", tiny_breath,
                  signer=therapist)
    with pytest.raises(PackError, match=r"^invalid script: scripts/calm-corner.toml:\d+: step "
                                        r"1, breath, inhale: 1e-09 is out of range"):
        import_pack(bad, store)
    # The same script among the patient's own does not stop a good pack either.
    (homes.patient / "scripts").mkdir(parents=True)
    (homes.patient / "scripts" / "mine.toml").write_bytes(
        _pack_entry(bad, "scripts/calm-corner.toml").replace(b"calm-corner", b"mine"))
    assert import_pack(make_pack(make_program()), store).status == "new"


def _pack_entry(pack, name):
    with zipfile.ZipFile(pack) as archive:
        return archive.read(name)


def test_a_clip_cut_short_after_its_header_is_refused(make_pack, store, therapist, tmp_path):
    # An MP3's header keeps its full length; decoding then stops half-way.
    encoded = io.BytesIO()
    tone = 0.1 * np.sin(np.arange(2 * 44_100) * 2 * np.pi * 220 / 44_100)
    soundfile.write(encoded, tone.astype("float32"), 44_100, format="MP3")
    mp3 = encoded.getvalue()

    def cut(files, manifest):
        files["audio/calm-corner/hello.wav"] = mp3[: len(mp3) // 2]
    bad = rewrite(make_pack(make_program()), tmp_path / "cut.painease", cut,
                  signer=therapist)
    with pytest.raises(PackError, match=r"^undecodable clip: the clip audio/calm-corner/"
                                        r"hello.wav decodes to 0\.\d\d s but its header "
                                        r"says 2\.00 s; it is damaged or cut short; ask your "
                                        r"therapist to send you a new pack$"):
        import_pack(bad, store)


def test_a_clip_past_full_scale_is_refused_and_says_by_how_much(make_pack, store, homes,
                                                                therapist, tmp_path):
    # A float WAV keeps samples past ±1.0; played, they are clipped: distorted. Once the
    # pack was imported without a word.
    encoded = io.BytesIO()
    tone = 2.0 * np.sin(np.arange(2 * 22_050) * 2 * np.pi * 220 / 22_050)  # +6 dBFS
    soundfile.write(encoded, tone.astype("float32"), 22_050, format="WAV", subtype="FLOAT")

    def hot(files, manifest):
        files["audio/calm-corner/hello.wav"] = encoded.getvalue()
    bad = rewrite(make_pack(make_program()), tmp_path / "hot.painease", hot, signer=therapist)
    before = snapshot(homes.patient)
    with pytest.raises(PackError, match=r"^clip too loud: the clip audio/calm-corner/hello\.wav "
                                        r"peaks at \+6\.0 dBFS, past full scale, so its "
                                        r"loudest parts would play distorted; ask your "
                                        r"therapist to send you a new pack$"):
        import_pack(bad, store)
    assert snapshot(homes.patient) == before


def test_building_a_pack_with_a_clip_past_full_scale_is_refused(homes, therapist, tmp_path):
    # The therapist hears of it before sending, not the patient after: the library only
    # read the clip's header.
    homes.use(homes.therapist)
    clip = homes.therapist / "audio" / "calm-corner" / "hello.wav"
    tone = 1.5 * np.sin(np.arange(2 * 22_050) * 2 * np.pi * 220 / 22_050)
    soundfile.write(clip, tone.astype("float32"), 22_050, subtype="FLOAT")
    out = tmp_path / "out" / "hot.painease"
    # The therapist's advice stays theirs: they can lower it and export it again.
    with pytest.raises(PackError, match=r"^clip too loud: the clip audio/calm-corner/hello\.wav "
                                        r"peaks at \+3\.5 dBFS.*; lower its level until it "
                                        r"peaks below 0 dBFS \(normalise it to -1 dBFS\) and "
                                        r"export it again$"):
        build_pack(make_program(), therapist, out)
    assert not out.exists()


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
