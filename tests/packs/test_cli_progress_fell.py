"""`pack import` says why progress went down when a new version of the set drops an item
a session was done for, in the sentence Home's import says (docs/packs.md). Probe: the
CLI said only "updated to …", and "1 of 6 done" became "0 of 4 done" unexplained. Real
CLI processes, real keys, a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

from painease.storage import SessionStore
from tests.test_cli import painease

SET_FILE = """\
id = "11111111-2222-4333-8444-000000000004"
version = {version}
title = "Two weeks"
therapist = "Dr. Ana Moreno"

[[items]]
script = "somatic-tracking-first-steps"
minutes = 10
times_per_week = 2
weeks = 2
{dropped}"""

BREATHING = """
[[items]]
script = "paced-breathing"
minutes = 5
times_per_week = 1
weeks = 2
"""

SENTENCE = ("1 session you did for it no longer counts, because this version changed the "
            "part of the set it was for; it stays in your history.")


def _pack(tmp_path, therapist, version: int, dropped: str):
    set_file = tmp_path / f"v{version}.toml"
    set_file.write_text(SET_FILE.format(version=version, dropped=dropped), encoding="utf-8")
    pack = tmp_path / f"v{version}.painease"
    made = painease("pack", "build", str(set_file), "-o", str(pack), data_dir=therapist)
    assert made.returncode == 0, made.stderr
    return pack


def _breathing_done_then_built(tmp_path, breathing_in_v2: str):
    """The therapist builds version 1 (with the breathing item) and version 2 (with
    ``breathing_in_v2``: ``BREATHING``, or "" to drop that item); the patient imports
    version 1 and does its breathing session in full. Version 2's pack and the patient's
    data folder."""
    therapist, patient = tmp_path / "therapist", tmp_path / "patient"
    assert painease("therapist", "init", "--name", "Dr. Ana Moreno",
                    data_dir=therapist).returncode == 0
    first = _pack(tmp_path, therapist, 1, BREATHING)
    second = _pack(tmp_path, therapist, 2, breathing_in_v2)
    assert painease("pack", "import", str(first), data_dir=patient).returncode == 0
    with SessionStore(patient / "painease.sqlite3") as store:
        sid = store.start_session("paced-breathing", 1, 5, started_at=datetime.now(UTC),
                                  program_item=("11111111-2222-4333-8444-000000000004", 2))
        store.end_session(sid, "completed", 300_000, played_ms=300_000)
    return second, patient


def test_pack_import_says_why_progress_went_down(tmp_path):
    second, patient = _breathing_done_then_built(tmp_path, "")
    updated = painease("pack", "import", str(second), data_dir=patient)
    assert updated.returncode == 0, updated.stderr
    lines = updated.stdout.splitlines()
    assert lines[0].startswith("updated to “Two weeks” (version 2)"), updated.stdout
    assert lines[1] == SENTENCE, updated.stdout
    # The same pack again: nothing changed, so nothing is said of it again.
    again = painease("pack", "import", str(second), data_dir=patient)
    assert "already here; nothing changed" in again.stdout
    assert "no longer count" not in again.stdout


def test_a_new_version_that_keeps_every_item_says_nothing_of_the_kind(tmp_path):
    second, patient = _breathing_done_then_built(tmp_path, BREATHING)
    updated = painease("pack", "import", str(second), data_dir=patient)
    assert updated.stdout.startswith("updated to “Two weeks” (version 2)"), updated.stdout
    assert "no longer count" not in updated.stdout
