"""``pack import`` killed at each moment it writes: whatever reads the packs next (here the
CLI's ``scripts``) finds the files and the saved set agreeing, old or new, and importing
the pack again then works.

Found by a probe: killed between the two renames, ``scripts`` and ``render`` missed the
set's scripts until the window started; killed after them, the new files sat beside the
old set in the database until another import. Real CLI subprocesses SIGKILLed at the
exact call (``tests/packs/kill_at.py``), real pack files, real SQLite files.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from painease.packs.install import import_pack
from painease.storage import SessionStore
from tests.packs.conftest import make_program
from tests.test_cli import REPO

RENAME = dict(KILL_AT="os.replace", KILL_IF="/packs/")  # a rename in the packs folder
SAVED = dict(KILL_AT="painease.storage.programs.ProgramStore.save_program", KILL_N="1")


def _cli(home, *args, **kill):
    env = dict(os.environ, PYTHONPATH=str(REPO), **kill)
    program = [str(REPO / "tests" / "packs" / "kill_at.py")] if kill else ["-m", "painease"]
    return subprocess.run([sys.executable, *program, "--data-dir", str(home), *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def _state(home, program_id):
    """(what the packs folder holds, which copy of the script is installed, the saved
    set's version, the pinned key), after the CLI's ``scripts`` listed what it found."""
    listed = _cli(home, "scripts", "--json")
    assert listed.returncode == 0, listed.stderr
    ids = {row["id"] for row in json.loads(listed.stdout)}
    script = home / "packs" / program_id / "scripts" / "calm-corner.toml"
    copy = None
    if script.exists():
        copy = "v2" if "welcome back" in script.read_text(encoding="utf-8") else "v1"
    assert ("calm-corner" in ids) == (copy is not None)
    conn = sqlite3.connect(home / "painease.sqlite3")
    try:
        row = conn.execute("SELECT version FROM programs WHERE id = ?", (program_id,)).fetchone()
        pinned = conn.execute("SELECT count(*) FROM pinned_keys").fetchone()[0]
    finally:
        conn.close()
    return sorted(p.name for p in (home / "packs").iterdir()), copy, row and row[0], pinned


@pytest.fixture
def packs(make_pack, homes):
    """Version 1 and 2 of one set; version 2 changes the script's first words."""
    first = make_program()
    v1 = make_pack(first, "v1.painease")
    script = homes.therapist / "scripts" / "calm-corner.toml"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "Hello, and welcome.", "Hello, and welcome back."), encoding="utf-8")
    v2 = make_pack(dataclasses.replace(first, version=2), "v2.painease")
    return first.id, v1, v2


def _installed_v1(homes, v1):
    with SessionStore(homes.patient / "painease.sqlite3") as store:
        assert import_pack(v1, store).status == "new"


def _killed(home, pack, **kill):
    done = _cli(home, "pack", "import", str(pack), **kill)
    assert done.returncode == -signal.SIGKILL, (done.stdout, done.stderr)


def test_killed_between_the_renames_the_old_set_keeps_its_scripts(packs, homes):
    set_id, v1, v2 = packs
    _installed_v1(homes, v1)
    _killed(homes.patient, v2, KILL_N="1", **RENAME)  # the old folder moved aside
    assert (homes.patient / "packs" / f".replaced-{set_id}").is_dir()
    assert _state(homes.patient, set_id) == ([".lock", set_id], "v1", 1, 1)


def test_killed_after_the_renames_before_the_save_the_old_set_comes_back(packs, homes):
    set_id, v1, v2 = packs
    _installed_v1(homes, v1)
    _killed(homes.patient, v2, KILL_N="2", **RENAME)  # the new folder in place, not saved
    assert _state(homes.patient, set_id) == ([".lock", set_id], "v1", 1, 1)
    again = _cli(homes.patient, "pack", "import", str(v2))
    assert again.returncode == 0 and again.stdout.startswith("updated to “Two weeks”")
    assert _state(homes.patient, set_id) == ([".lock", set_id], "v2", 2, 1)


def test_killed_after_the_save_the_new_set_has_its_new_scripts(packs, homes):
    set_id, v1, v2 = packs
    _installed_v1(homes, v1)
    _killed(homes.patient, v2, **SAVED)
    assert (homes.patient / "packs" / f".replaced-{set_id}").is_dir()
    assert _state(homes.patient, set_id) == ([".lock", set_id], "v2", 2, 1)


def test_a_first_import_killed_before_its_save_leaves_nothing_half_there(packs, homes):
    set_id, v1, _ = packs
    _killed(homes.patient, v1, KILL_N="1", **RENAME)  # its folder in place, set not saved
    assert _state(homes.patient, set_id) == ([".lock"], None, None, 0)
    again = _cli(homes.patient, "pack", "import", str(v1))
    assert again.returncode == 0 and again.stdout.startswith("added “Two weeks”")
    assert _state(homes.patient, set_id) == ([".lock", set_id], "v1", 1, 1)


def test_a_first_import_killed_after_its_save_has_its_therapists_key_pinned(packs, homes):
    """The key was pinned in a transaction of its own after the set's: a kill between
    left the therapist's name with no key, so a pack signed by anyone in that name would
    have been taken without a warning."""
    set_id, v1, _ = packs
    _killed(homes.patient, v1, **SAVED)
    assert _state(homes.patient, set_id) == ([".lock", set_id], "v1", 1, 1)


def test_the_catalog_knows_every_name_an_import_leaves_behind():
    from painease import catalog
    from painease.storage import pack_folders

    assert catalog._LEFTOVERS == pack_folders.LEFTOVERS


def test_a_database_that_cannot_say_leaves_both_folders_for_later(tmp_path):
    from painease.storage.pack_folders import recover

    packs = tmp_path / "packs"
    for name in ("set-1", ".replaced-set-1", ".incoming-42"):
        (packs / name).mkdir(parents=True)
    recover(packs, lambda folder: None)
    assert sorted(p.name for p in packs.iterdir()) == [".replaced-set-1", "set-1"]
