"""What a therapist's and a patient's round trip through the CLI showed: the name a patient
sends is kept (as Send results keeps it), an older pack that is not installed is a failure
(exit 1, one ``painease:`` line), and a patient who opens their own results file is told
what it is. Real subprocesses of the CLI, real keys, packs, results files and databases."""

from __future__ import annotations

from tests.packs.conftest import make_program
from tests.test_cli import painease

SET_ID = "0b6c3c9e-5a7e-4a44-9a55-3d1f5a0e7c21"
PERIOD = ("--from", "2026-11-01", "--to", "2026-11-30")


def test_the_name_given_to_results_export_is_kept_for_the_next(patient, homes, tmp_path):
    patient.close()  # the fixture's connection: the commands open their own
    first = tmp_path / "first.painease-results"
    sent = painease("results", "export", *PERIOD, "--name", "  Sam   Lee ", "-o", str(first),
                    data_dir=homes.patient)
    assert sent.returncode == 0, sent.stderr
    shown = painease("identity", data_dir=homes.patient)
    assert "name:        Sam Lee\n" in shown.stdout  # kept, one space a gap, as the app does
    second = tmp_path / "second.painease-results"
    again = painease("results", "export", *PERIOD, "-o", str(second), data_dir=homes.patient)
    assert again.returncode == 0, again.stderr
    got = painease("results", "import", str(second), data_dir=homes.therapist)
    assert got.returncode == 0, got.stderr
    assert got.stdout.startswith("Sam Lee: 4 new")
    helped = painease("results", "export", "--help").stdout
    assert "kept for the next results" in " ".join(helped.split())


def test_a_pack_older_than_the_one_installed_is_not_imported_and_fails(homes, make_pack,
                                                                       tmp_path):
    newer = make_pack(make_program(version=2, program_id=SET_ID), "v2.painease")
    older = make_pack(make_program(version=1, program_id=SET_ID), "v1.painease")
    assert painease("pack", "import", str(newer), data_dir=homes.patient).returncode == 0
    refused = painease("pack", "import", str(older), data_dir=homes.patient)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr == (
        f"painease: {older}: not imported: a newer version of “Two weeks” is already here; "
        "nothing changed\n")
    # The same pack again: nothing was needed, nothing is wrong.
    same = painease("pack", "import", str(newer), data_dir=homes.patient)
    assert same.returncode == 0, same.stderr
    assert "is already here; nothing changed" in same.stdout


def test_a_patient_opening_their_own_results_file_is_told_what_it_is(patient, homes,
                                                                     tmp_path):
    patient.close()
    out = tmp_path / "mine.painease-results"
    assert painease("results", "export", *PERIOD, "--name", "Sam", "-o", str(out),
                    data_dir=homes.patient).returncode == 0
    opened = painease("results", "import", str(out), data_dir=homes.patient)
    assert opened.returncode == 1
    said = opened.stderr
    assert said.startswith(f"painease: {out}: this is a results file made to send to a "
                           "therapist") and len(said.splitlines()) == 1
    assert "another therapist" not in said
    assert "only that therapist can open it" in said
