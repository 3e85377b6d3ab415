"""A patient's own script written with the id of a script their therapist's set brought
(after the import, which refuses it before): the therapist's signed script keeps its id and
plays; the person's own file is the one left out, with advice about THEIR file, in the
catalog, ``painease scripts`` and ``painease check``. Real keys, a real pack, real files."""

from __future__ import annotations

import shutil

from painease.catalog import load_catalog
from painease.packs.install import import_pack
from tests.packs.conftest import make_program
from tests.test_cli import painease


def own_copy_after_import(homes, make_pack, store):
    """The set imported, then the person's own copy of its script (a new title, its clip
    beside it) written as scripts/mine.toml; returns (mine, the pack's copy)."""
    result = import_pack(make_pack(make_program()), store)
    folder = homes.patient / "packs" / result.program.id
    theirs = folder / "scripts" / "calm-corner.toml"
    (homes.patient / "scripts").mkdir(parents=True, exist_ok=True)
    mine = homes.patient / "scripts" / "mine.toml"
    mine.write_text(theirs.read_text(encoding="utf-8").replace(
        'title = "Calm corner"', 'title = "My own copy"'), encoding="utf-8")
    shutil.copytree(folder / "audio" / "calm-corner", homes.patient / "audio" / "calm-corner")
    return mine, theirs


def test_the_therapists_script_keeps_its_id_and_the_persons_copy_is_left_out(
        homes, make_pack, store):
    mine, theirs = own_copy_after_import(homes, make_pack, store)
    catalog = load_catalog()
    entry = catalog.get("calm-corner")
    assert (entry.origin, entry.script.title, entry.path) == ("pack", "Calm corner", theirs)
    [problem] = catalog.problems
    assert (problem.file, problem.line) == (str(mine), 2)
    assert problem.message == ("id: 'calm-corner' is already used by “Calm corner”, a "
                               "script of an imported set; give this script a different id")


def test_the_command_lines_advice_points_at_the_persons_own_file(homes, make_pack, store):
    mine, theirs = own_copy_after_import(homes, make_pack, store)
    listed = painease("scripts", data_dir=homes.patient)
    assert listed.returncode == 0
    assert listed.stderr.splitlines() == [
        f"skipped: {mine}:2: id: 'calm-corner' is already used by “Calm corner”, a script "
        "of an imported set; give this script a different id"]
    assert "Calm corner" in listed.stdout and "My own copy" not in listed.stdout

    checked = painease("check", str(mine), data_dir=homes.patient)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"{mine}:2: id: 'calm-corner' is already used by “Calm corner”, a script of an "
        "imported set; give this script a different id"]
    # The signed file itself is fine: it is the one that plays.
    signed = painease("check", str(theirs), data_dir=homes.patient)
    assert signed.returncode == 0, signed.stdout
    assert signed.stdout.splitlines() == [f"{theirs}: ok (calm-corner, fits 1, 2 min)"]


def test_renamed_the_persons_script_plays_beside_the_therapists(homes, make_pack, store):
    mine, _theirs = own_copy_after_import(homes, make_pack, store)
    mine.write_text(mine.read_text(encoding="utf-8").replace(
        'id = "calm-corner"', 'id = "my-corner"'), encoding="utf-8")
    (homes.patient / "audio" / "calm-corner").rename(homes.patient / "audio" / "my-corner")
    mine.write_text(mine.read_text(encoding="utf-8").replace(
        "calm-corner/hello.wav", "my-corner/hello.wav"), encoding="utf-8")
    catalog = load_catalog()
    assert catalog.problems == []
    assert catalog.get("calm-corner").origin == "pack"
    assert catalog.get("my-corner").script.title == "My own copy"
