"""``painease therapist init | identity | pack … | results …`` as a user runs them: real
subprocesses, with the command spellings issue #7 gives."""

from __future__ import annotations

import json
import re
from datetime import UTC, date
from zoneinfo import ZoneInfo

import pytest

from painease.storage import SessionStore
from painease.storage.patients import PatientStore
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program, snapshot
from tests.test_cli import painease

PACK_ID = "8955eaa9-acc0-4ad8-8b2d-57619bebe08d"
SET_FILE = """\
id = "8955eaa9-acc0-4ad8-8b2d-57619bebe08d"
version = {version}
title = "Two weeks"
therapist = "Dr. Ana Moreno"

[[items]]
script = "paced-breathing"
minutes = 5
note = "Slow out-breath."
times_per_week = 2
weeks = 2
"""


@pytest.mark.parametrize("command", [["therapist", "init"], ["identity"], ["pack", "build"],
                                     ["pack", "export"], ["pack", "import"],
                                     ["pack", "verify"], ["results", "export"],
                                     ["results", "import"], ["results", "patients"]])
def test_every_command_has_help(command):
    done = painease(*command, "--help")
    assert done.returncode == 0 and "usage: painease" in done.stdout


def test_therapist_init_fails_when_the_workspace_setting_cannot_be_saved(tmp_path):
    """The command must not say the workspace is on when settings.json was not written
    (a real write failure: a folder where the lock file beside it must go)."""
    therapist = tmp_path / "therapist"
    (therapist / ".settings.json.lock").mkdir(parents=True)
    shown = painease("therapist", "init", data_dir=therapist)
    assert shown.returncode != 0
    assert "therapist init failed: " in shown.stderr
    assert "settings.json could not be written" in shown.stderr
    assert "workspace is on" not in shown.stdout
    assert not (therapist / "settings.json").exists()


def test_therapist_to_patient_and_back(tmp_path):
    therapist, patient = tmp_path / "therapist", tmp_path / "patient"
    shown = painease("therapist", "init", "--name", "Dr. Ana Moreno", data_dir=therapist)
    assert shown.returncode == 0, shown.stderr
    fingerprint = shown.stdout.split("fingerprint: ")[1].splitlines()[0]
    assert (therapist / "keys" / "identity.json").stat().st_mode & 0o777 == 0o600
    settings = json.loads((therapist / "settings.json").read_text(encoding="utf-8"))
    assert settings["therapist_mode"] is True  # the app opens with the Therapist workspace
    again = painease("identity", data_dir=therapist)  # the same key, and the name kept
    assert f"fingerprint: {fingerprint}" in again.stdout and "Dr. Ana Moreno" in again.stdout

    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    pack = tmp_path / "two-weeks.painease"
    made = painease("pack", "build", str(set_file), "-o", str(pack), data_dir=therapist)
    assert made.returncode == 0, made.stderr
    assert f"signed by {fingerprint}" in made.stdout
    assert "version 1, 1 item, signed" in made.stdout  # not "1 items"

    verified = painease("pack", "verify", str(pack), data_dir=patient)
    assert verified.returncode == 0
    # Each item by its title (what the patient sees), its id after it (what a set file uses).
    assert "  1. Paced breathing (paced-breathing), 5 min, twice a week for 2 weeks" in \
        verified.stdout
    # The id results export --pack takes, as its help says verify shows it.
    assert f"id: {PACK_ID}" in verified.stdout.splitlines()
    assert not patient.exists()  # verifying writes nothing, not even the data dir

    added = painease("pack", "import", str(pack), data_dir=patient)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added “Two weeks” (version 1) from Dr. Ana Moreno")
    assert f"(signed by {fingerprint})" in added.stdout
    assert f"id: {PACK_ID}" in added.stdout.splitlines()
    # A key new here: the patient is asked to compare the fingerprint with the therapist.
    assert "This is the first pack signed with this key." in added.stdout
    again = painease("pack", "import", str(pack), data_dir=patient)
    assert "already here; nothing changed" in again.stdout
    assert "first pack" not in again.stdout

    set_file.write_text(SET_FILE.format(version=2), encoding="utf-8")
    newer = tmp_path / "v2.painease"
    assert painease("pack", "export", str(set_file), "--out", str(newer),
                    data_dir=therapist).returncode == 0
    updated = painease("pack", "import", str(newer), data_dir=patient)
    assert updated.stdout.startswith("updated to “Two weeks” (version 2)")

    with SessionStore(patient / "painease.sqlite3") as store:
        session = store.start_session("paced-breathing", 1, 5)
        store.save_rating(session, "pre", 6, 7)
        store.end_session(session, "completed", 300_000)
        store.add_journal_entry("Calmer after.", session)
    results = tmp_path / "sam.painease-results"
    sent = painease("results", "export", "--pack", PACK_ID, "--name", "Sam", "--journal",
                    "-o", str(results), data_dir=patient)
    assert sent.returncode == 0, sent.stderr
    today = date.today().isoformat()  # by default: since the first pack came, to today
    assert f"1 session from {today} to {today} and 1 journal entry, encrypted" in sent.stdout
    assert f"encrypted to Dr. Ana Moreno ({fingerprint})" in sent.stdout
    assert "With the set “Two weeks”." in sent.stdout  # what goes along is said
    got = painease("results", "import", str(results), data_dir=therapist)
    assert got.returncode == 0, got.stderr
    assert got.stdout.startswith("Sam: 1 new, 0 updated, 0 already here, 1 journal entry")
    listed = painease("results", "patients", data_dir=therapist)
    assert listed.stdout.strip().endswith("Sam")


def test_a_changed_set_file_under_the_same_version_is_warned_and_delivered(tmp_path):
    therapist, patient = tmp_path / "therapist", tmp_path / "patient"
    set_file = tmp_path / "set.toml"
    packs = []
    for minutes in (5, 10):  # the file edited, its version left at 2
        set_file.write_text(SET_FILE.format(version=2).replace("minutes = 5",
                                                               f"minutes = {minutes}"),
                            encoding="utf-8")
        packs.append(tmp_path / f"{minutes}.painease")
        built = painease("pack", "build", str(set_file), "-o", str(packs[-1]),
                         data_dir=therapist)
        assert built.returncode == 0, built.stderr
    assert "warning: version 2 of this set was exported before with other content (the set " \
        "changed)" in built.stderr
    assert f"set version = 3 in {set_file} and build the pack again" in built.stderr
    again = painease("pack", "build", str(set_file), "-o", str(tmp_path / "again.painease"),
                     data_dir=therapist)
    assert "warning" not in again.stderr  # the same content again: nothing to warn about
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    lower = painease("pack", "build", str(set_file), "-o", str(tmp_path / "v1.painease"),
                     data_dir=therapist)
    assert "warning: version 2 of this set was exported already; a patient who has it keeps " \
        "it and will not take this version 1; to send it, set version = 3 in" in lower.stderr

    assert painease("pack", "import", str(packs[0]), data_dir=patient).returncode == 0
    changed = painease("pack", "import", str(packs[1]), data_dir=patient)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith("updated to “Two weeks” (version 2) from Dr. Ana Moreno, "
                                     "sent again with changes to the set")
    with SessionStore(patient / "painease.sqlite3") as store:
        assert ProgramStore(store).current().program.items[0].minutes == 10
    replayed = painease("pack", "import", str(packs[0]), data_dir=patient)
    assert replayed.returncode == 1  # not installed: the later copy stays
    assert "not imported: this is an earlier copy of the same version" in replayed.stderr


def test_an_impostor_pack_is_refused_until_accepted(tmp_path):
    patient = tmp_path / "patient"
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    packs = []
    for who in ("real", "impostor"):
        out = tmp_path / f"{who}.painease"
        made = painease("pack", "export", str(set_file), "--out", str(out),
                        data_dir=tmp_path / who)
        assert made.returncode == 0, made.stderr
        packs.append(out)
        set_file.write_text(SET_FILE.format(version=2), encoding="utf-8")
    assert painease("pack", "import", str(packs[0]), data_dir=patient).returncode == 0
    before = snapshot(patient)
    refused = painease("pack", "import", str(packs[1]), data_dir=patient)
    assert refused.returncode == 1
    assert refused.stderr.startswith("WARNING: this pack says it is from Dr. Ana Moreno")
    assert "run again with --accept-new-key" in refused.stderr
    assert snapshot(patient) == before
    accepted = painease("pack", "import", str(packs[1]), "--accept-new-key", data_dir=patient)
    assert accepted.returncode == 0 and "updated to" in accepted.stdout
    # The new key's fingerprint once, in all it prints (the warning line named it again).
    new = accepted.stdout.rsplit("(signed by ", 1)[1].split(")")[0]
    assert (accepted.stdout + accepted.stderr).count(new) == 1, accepted
    assert accepted.stderr == "You accepted a new key for Dr. Ana Moreno.\n"



def test_a_new_key_accepted_for_a_set_already_here_names_its_fingerprint_once(tmp_path):
    """The same version signed with the therapist's new key, accepted: the line named the
    new key's fingerprint twice (in the message, then again in "(signed by …)")."""
    patient = tmp_path / "patient"
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    packs, fingerprints = [], []
    for who in ("old-computer", "new-computer"):
        out = tmp_path / f"{who}.painease"
        made = painease("pack", "export", str(set_file), "--out", str(out),
                        data_dir=tmp_path / who)
        assert made.returncode == 0, made.stderr
        packs.append(out)
        fingerprints.append(made.stdout.rsplit("signed by ", 1)[1].strip())
    assert painease("pack", "import", str(packs[0]), data_dir=patient).returncode == 0
    assert painease("pack", "import", str(packs[1]), data_dir=patient).returncode == 1
    accepted = painease("pack", "import", str(packs[1]), "--accept-new-key", data_dir=patient)
    assert accepted.returncode == 0, accepted.stderr
    new = fingerprints[1]
    assert accepted.stdout.count(new) == 1, accepted.stdout
    # The line says the key was accepted; the warning line said it again, fingerprint too.
    assert accepted.stderr == "", accepted.stderr
    assert "the new key you accepted is now the one trusted for Dr. Ana Moreno" \
        in accepted.stdout
    assert fingerprints[0] not in accepted.stdout

def test_bad_input_is_one_line(tmp_path):
    garbage = tmp_path / "x.painease"
    garbage.write_bytes(b"not a zip")
    done = painease("pack", "import", str(garbage), data_dir=tmp_path / "home")
    assert done.returncode == 1
    assert done.stderr == f"painease: {garbage}: this pack cannot be read: it may be " \
                          "incomplete or damaged; ask your therapist to send it again\n"
    assert not (tmp_path / "home").exists()
    no_key = painease("results", "export", "--from", "2026-11-01", "--to", "2026-11-30",
                      "--out", str(tmp_path / "r"), data_dir=tmp_path / "home")
    assert no_key.returncode == 1
    assert "import a pack from your therapist first" in no_key.stderr
    bad_set = tmp_path / "bad.toml"
    bad_set.write_text('title = "t"\ntherapist = "x"\n', encoding="utf-8")
    made = painease("pack", "export", str(bad_set), "--out", str(tmp_path / "o"),
                    data_dir=tmp_path / "home")
    assert made.returncode == 1 and "a set needs between 1 and 100 items" in made.stderr
    # A set file without an id: said after its other faults, each on its line; no pack.
    no_id = tmp_path / "no-id.toml"
    no_id.write_text(SET_FILE.format(version=1).split("\n", 1)[1].replace("minutes = 5",
                                                                       "minutes = 7"))
    unbuilt = painease("pack", "build", str(no_id), "-o", str(tmp_path / "n.painease"),
                       data_dir=tmp_path / "home")
    lines = unbuilt.stderr.splitlines()
    assert unbuilt.returncode == 1 and len(lines) == 3 and "2 problems" in lines[0]
    assert "not 7" in lines[1] and "the set has no id" in lines[2]
    assert not (tmp_path / "n.painease").exists()
    no_pack = painease("results", "export", "--pack", "no-such-pack", "-o",
                       str(tmp_path / "r"), data_dir=tmp_path / "home")
    assert no_pack.returncode == 1
    assert no_pack.stderr == "painease: no pack with id no-such-pack was imported here\n"
    bad_day = painease("results", "export", "--from", "30/11/2026", "-o", str(tmp_path / "r"),
                       data_dir=tmp_path / "home")
    assert bad_day.returncode == 1 and "is not a date like 2026-11-30" in bad_day.stderr
    # Once an OverflowError traceback: the day after 9999-12-31 cannot be counted.
    for option, day in (("--to", "9999-12-31"), ("--from", "0001-01-01")):
        far = painease("results", "export", option, day, "-o", str(tmp_path / "r"),
                       data_dir=tmp_path / "home")
        assert far.returncode == 1 and far.stderr == (
            f"painease: {option} {day} is out of range; give a day from 1900-01-01 to "
            f"2999-12-31, or leave {option} out\n")
    assert "Traceback" not in done.stderr + no_key.stderr + made.stderr + no_pack.stderr


def test_results_go_only_to_a_pack_from_a_therapist(tmp_path):
    home = tmp_path / "home"
    with SessionStore(home / "painease.sqlite3") as store:
        ProgramStore(store).save_program(make_program(program_id=PACK_ID), origin="own")
    mine = painease("results", "export", "--pack", PACK_ID, "-o", str(tmp_path / "r"),
                    data_dir=home)
    assert mine.returncode == 1
    assert mine.stderr == f"painease: {PACK_ID} is a set made here, not a pack from a " \
                          "therapist\n"
    assert not (tmp_path / "r").exists()


def test_a_set_file_without_an_id_is_refused_with_one_to_add(tmp_path):
    """Once each build of an id-less file made a new set id, so a patient who imported
    two versions had two sets of one title. Now the build is refused, nothing is written,
    and the message gives the line to add; with it, the next version updates the set."""
    therapist, patient = tmp_path / "therapist", tmp_path / "patient"
    set_file = tmp_path / "set.toml"
    without_id = SET_FILE.split("\n", 1)[1]
    set_file.write_text(without_id.format(version=1), encoding="utf-8")
    pack = tmp_path / "v1.painease"
    refused = painease("pack", "build", str(set_file), "-o", str(pack), data_dir=therapist)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"painease: {set_file}: the set has no id, so each pack "
                                     "built from it would be a new set beside the old one")
    assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr
    assert not pack.exists() and not (therapist / "sent-packs.json").exists()
    line = refused.stderr.split("keep it: ")[1].strip()
    assert re.fullmatch(r'id = "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"', line)
    again = painease("pack", "build", str(set_file), "-o", str(pack), data_dir=therapist)
    assert again.stderr.split("keep it: ")[1].strip() != line  # fresh each time: no guess

    for version in (1, 2):  # the line pasted in: each version is the same set
        set_file.write_text(f"{line}\n" + without_id.format(version=version),
                            encoding="utf-8")
        out = tmp_path / f"v{version}.painease"
        built = painease("pack", "build", str(set_file), "-o", str(out), data_dir=therapist)
        assert built.returncode == 0 and built.stderr == "", built.stderr
        assert painease("pack", "import", str(out), data_dir=patient).returncode == 0
    with SessionStore(patient / "painease.sqlite3") as store:
        [only] = ProgramStore(store).programs()
        assert (only.program.id, only.program.version) == (line[6:-1], 2)


def test_results_giving_another_name_under_a_known_key_wait_for_accept_name(tmp_path,
                                                                           monkeypatch):
    """``results import`` of a file signed with Sam's key that names Ben writes nothing
    and says why; ``--accept-name`` imports it, saying so."""
    therapist, patient = tmp_path / "therapist", tmp_path / "patient"
    assert painease("therapist", "init", "--name", "Dr. Ana Moreno",
                    data_dir=therapist).returncode == 0
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    pack = tmp_path / "two-weeks.painease"
    assert painease("pack", "build", str(set_file), "-o", str(pack),
                    data_dir=therapist).returncode == 0
    assert painease("pack", "import", str(pack), data_dir=patient).returncode == 0
    files = {}
    for name in ("Sam", "Ben"):
        with SessionStore(patient / "painease.sqlite3") as store:
            session = store.start_session("paced-breathing", 1, 5)
            store.save_rating(session, "pre", 6, 7)
        files[name] = tmp_path / f"{name}.painease-results"
        sent = painease("results", "export", "--pack", PACK_ID, "--name", name, "-o",
                        str(files[name]), data_dir=patient)
        assert sent.returncode == 0, sent.stderr
    assert painease("results", "import", str(files["Sam"]), data_dir=therapist).returncode == 0

    before = snapshot(therapist)
    refused = painease("results", "import", str(files["Ben"]), data_dir=therapist)
    assert refused.returncode == 1
    assert refused.stderr == (
        "WARNING: This file is signed with the key of Sam, but it gives the name “Ben”; their "
        "latest results gave “Sam”. Two people may be sharing one computer, or a name was "
        f"typed by mistake.\npainease: {files['Ben']}: not imported; if these are Sam's "
        "results, run again with --accept-name\n")
    assert snapshot(therapist) == before
    accepted = painease("results", "import", str(files["Ben"]), "--accept-name",
                        data_dir=therapist)
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("Sam: 1 new, 0 updated, 1 already here")
    assert accepted.stderr == ("This file gives the name “Ben”, not “Sam”; its sessions were "
                               "added to Sam's results, as you chose.\n")
    # The list says so too, as the Patients page does.
    listed = painease("results", "patients", data_dir=therapist)
    assert listed.stdout.rstrip("\n").endswith("  Sam — their results say “Ben”")
    # And the day of the last import on this computer's clock, as the page shows it (a
    # zone whose day is not UTC's at this hour).
    with SessionStore(therapist / "painease.sqlite3") as store:
        [sam] = PatientStore(store).patients()
    zone = "Etc/GMT+12" if sam.last_imported_at.astimezone(UTC).hour < 12 else "Etc/GMT-14"
    monkeypatch.setenv("TZ", zone)
    day = sam.last_imported_at.astimezone(ZoneInfo(zone)).date()
    assert day != sam.last_imported_at.astimezone(UTC).date()
    listed = painease("results", "patients", data_dir=therapist)
    assert f"  {day:%Y-%m-%d}  Sam — " in listed.stdout


def test_pack_build_never_writes_over_a_record_of_packs_it_cannot_read(tmp_path):
    """A damaged sent-packs.json was replaced by a record of only this pack (what was sent
    before, and its warnings, lost without a word). Now it is kept beside and the build
    says so; one that cannot be read at all is left as it is, said too."""
    therapist = tmp_path / "therapist"
    record = therapist / "sent-packs.json"
    therapist.mkdir(mode=0o700)
    record.write_text('{"8955eaa9": {"version": 3', encoding="utf-8")
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    built = painease("pack", "build", str(set_file), "-o", str(tmp_path / "a.painease"),
                     data_dir=therapist)
    assert built.returncode == 0, built.stderr
    assert built.stderr == (f"note: The record of the packs exported here ({record}) was "
                            "damaged, so this export was not checked against earlier ones. "
                            "The damaged record is kept as sent-packs.json.damaged. A new "
                            "record starts with this export.\n")
    assert (therapist / "sent-packs.json.damaged").read_text() == '{"8955eaa9": {"version": 3'
    assert set(json.loads(record.read_text())) == {PACK_ID}

    record.unlink()
    record.mkdir()  # there, but no file to read
    built = painease("pack", "build", str(set_file), "-o", str(tmp_path / "b.painease"),
                     data_dir=therapist)
    assert built.returncode == 0, built.stderr
    assert built.stderr.startswith(f"note: The record of the packs exported here ({record}) "
                                   "could not be read (it is a folder, not a file)")
    assert record.is_dir() and list(record.iterdir()) == []


def test_a_set_with_dates_gone_by_is_built_with_the_set_builders_note(tmp_path):
    # The set builder notes such dates; pack build once said nothing, and the patient saw
    # "A few planned sessions went by…" on the day the pack arrived.
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1).replace(
        "times_per_week = 2\nweeks = 2", 'dates = ["2020-01-01", "2099-12-31"]'),
        encoding="utf-8")
    built = painease("pack", "build", str(set_file), "-o", str(tmp_path / "late.painease"),
                     data_dir=tmp_path / "therapist")
    assert built.returncode == 0, built.stderr  # a note, not a refusal: a set may go late
    assert built.stderr == ("warning: session 1's date 1 Jan 2020 is in the past; the "
                            "patient's app will count it as missed.\n")
    set_file.write_text(SET_FILE.format(version=2), encoding="utf-8")  # weekly: nothing
    again = painease("pack", "build", str(set_file), "-o", str(tmp_path / "ok.painease"),
                     data_dir=tmp_path / "therapist")
    assert again.returncode == 0 and again.stderr == ""


def test_pack_build_refuses_a_pipe_for_a_set_file_and_any_output_not_a_file(tmp_path):
    # Once a FIFO set file was waited on for ever, "-o FOLDER" said "cannot read or write:
    # [Errno 21] Is a directory: '….d.painease.t2ass06t'", and a device or pipe given as
    # -o (/dev/full) was replaced by the pack.
    import os

    home = tmp_path / "therapist"
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    pipe_set = tmp_path / "pipe.toml"
    os.mkfifo(pipe_set)
    waited = painease("pack", "build", str(pipe_set), "-o", str(tmp_path / "p.painease"),
                      data_dir=home)
    assert waited.returncode == 1
    assert waited.stderr == (f"painease: cannot read {pipe_set}: it is a named pipe, not a "
                             "set file; give the set file (.toml) itself\n")
    folder, pipe_out = tmp_path / "out.painease", tmp_path / "pipe.painease"
    folder.mkdir()
    os.mkfifo(pipe_out)
    for out, reason in ((folder, "it is a folder, not a file"),
                        (pipe_out, "it is not a regular file")):
        done = painease("pack", "build", str(set_file), "-o", str(out), data_dir=home)
        assert done.returncode == 1
        assert done.stderr == f"painease: cannot write {out}: {reason}\n"
    assert folder.is_dir() and list(folder.iterdir()) == [] and pipe_out.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "out.painease", "pipe.painease", "pipe.toml", "set.toml", "therapist"]
