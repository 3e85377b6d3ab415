"""What ``pack build`` and a pack import say: the therapist's name against the key, every
mistake in a set file, sessions added and removed, a named pipe for a set file.

Real keys, real set files, the real CLI in a subprocess, real SQLite files.
"""

from __future__ import annotations

import json
import os

from painease.packs.pack import Changes
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.test_cli import painease

SET = """\
id = "8955eaa9-acc0-4ad8-8b2d-57619bebe08d"
version = {version}
title = "Two weeks"
therapist = "{therapist}"

[[items]]
script = "{script}"
minutes = {minutes}
times_per_week = 2
weeks = 2
"""


def set_file(tmp_path, name="set.toml", version=1, therapist="Dr. Ana Moreno",
             script="paced-breathing", minutes=5):
    path = tmp_path / name
    path.write_text(SET.format(version=version, therapist=therapist, script=script,
                               minutes=minutes), encoding="utf-8")
    return path


def test_a_set_naming_another_therapist_than_the_key_is_not_signed(tmp_path):
    """Once ``therapist = "Dr. Someone Else"`` was signed with Ana's key: the patient's
    Home then listed one key under two names and ``results export`` took them for two
    therapists."""
    home = tmp_path / "therapist"
    assert painease("therapist", "init", "--name", "Dr. Ana Moreno",
                    data_dir=home).returncode == 0
    other = set_file(tmp_path, therapist="Dr. Someone Else")
    out = tmp_path / "other.painease"
    refused = painease("pack", "build", str(other), "-o", str(out), data_dir=home)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"painease: {other}: the set names the therapist “Dr. Someone Else”, but this "
        "install's key is recorded for “Dr. Ana Moreno”; patients would see this key under "
        f'two names. To fix it, set therapist = "Dr. Ana Moreno" in {other}; or, if the '
        'key\'s name is the wrong one, change it with: painease identity --name "…"\n')
    assert not out.exists()
    # The name as a patient's app compares it (case and spacing aside) is the same name.
    same = set_file(tmp_path, "same.toml", therapist="dr.  ana moreno")
    assert painease("pack", "build", str(same), "-o", str(out), data_dir=home).returncode == 0


def test_a_key_without_a_name_takes_the_first_sets_and_holds_to_it(tmp_path):
    home = tmp_path / "therapist"
    first = set_file(tmp_path, therapist="Dr. Lee")
    built = painease("pack", "build", str(first), "-o", str(tmp_path / "a.painease"),
                     data_dir=home)
    assert built.returncode == 0, built.stderr
    key = json.loads((home / "keys" / "identity.json").read_text(encoding="utf-8"))
    assert key["name"] == "Dr. Lee"  # as the Set builder names it
    other = set_file(tmp_path, "other.toml", therapist="Dr. Someone Else")
    refused = painease("pack", "build", str(other), "-o", str(tmp_path / "b.painease"),
                       data_dir=home)
    assert refused.returncode == 1 and "recorded for “Dr. Lee”" in refused.stderr


BAD_SET = """\
id = "8955eaa9-acc0-4ad8-8b2d-57619bebe08d"
version = 1
title = "Two weeks"
therapist = "Dr. Ana Moreno"

[[items]]
script = "paced-breathing"
minutes = 7
times_per_week = 2
weeks = 2

[[items]]
script = "paced-breathin"
minutes = 5
times_per_week = 2
weeks = 2

[[items]]
script = "paced-breathing"
minutes = 5
times_per_week = 2
"""


def test_every_mistake_in_a_set_file_is_said_with_its_file_and_line(tmp_path):
    """Once only the first was said ("item 1: … not 7" hid the script id typo), without
    the file's name; a missing ``weeks`` said "…from 1 to 104, got None"; and "the set
    uses no script with id …" read as the opposite of what it meant."""
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_SET, encoding="utf-8")
    out = tmp_path / "bad.painease"
    refused = painease("pack", "build", str(bad), "-o", str(out), data_dir=tmp_path / "home")
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"painease: {bad}: 3 problems; no pack was built:",
        f"  {bad}:8: item 1: paced-breathing can be played at 5, 10 minutes, not 7",
        f"  {bad}:13: item 2: no script with id 'paced-breathin' was found; check the id "
        "('painease scripts' lists them)",
        f"  {bad}:18: item 3: weeks is missing (the number of weeks, 1 to 104)"]
    assert not out.exists()
    one = set_file(tmp_path, "one.toml", script="paced-breathin")
    alone = painease("pack", "build", str(one), "-o", str(out), data_dir=tmp_path / "home")
    assert alone.stderr == (f"painease: {one}:7: item 1: no script with id 'paced-breathin' "
                            "was found; check the id ('painease scripts' lists them)\n")
    gaps = tmp_path / "gaps.toml"  # a key left out is said missing, never "got None"
    gaps.write_text(SET.format(version=1, therapist="Dr. Ana Moreno", script="x",
                               minutes=5).replace('script = "x"\n', "")
                    .replace("minutes = 5\n", ""), encoding="utf-8")
    missing = painease("pack", "build", str(gaps), "-o", str(out), data_dir=tmp_path / "home")
    assert missing.stderr.splitlines()[1:] == [
        f"  {gaps}:6: item 1: script is missing (a script id such as 'paced-breathing')",
        f"  {gaps}:6: item 1: minutes is missing (how long it plays, in minutes)"]


def test_a_named_pipe_given_for_a_set_file_is_said_as_one(tmp_path):
    """Once a pipe without ``.toml`` was looked up as a saved set's id: "no such set
    file"."""
    pipe = tmp_path / "set-pipe"
    os.mkfifo(pipe)
    home = tmp_path / "therapist"
    done = painease("pack", "build", str(pipe), "-o", str(tmp_path / "p.painease"),
                    data_dir=home)
    assert done.returncode == 1
    assert done.stderr == (f"painease: cannot read {pipe}: it is a named pipe, not a set "
                           "file; give the set file (.toml) itself\n")
    assert not home.exists()  # no database made to look a set id up


def test_a_session_added_and_one_removed_are_said_so_to_both(tmp_path):
    """Once a version sent again with one session in place of another said only "the
    session “…” changed" (the new one) to the therapist, and "sent again with changes to
    … the session “…”" to the patient; the one removed was not named."""
    therapist, patient = tmp_path / "therapist", tmp_path / "patient"
    packs = []
    for script, minutes in (("paced-breathing", 5), ("somatic-tracking-first-steps", 10)):
        source = set_file(tmp_path, version=2, script=script, minutes=minutes)
        packs.append(tmp_path / f"{script}.painease")
        built = painease("pack", "build", str(source), "-o", str(packs[-1]),
                         data_dir=therapist)
        assert built.returncode == 0, built.stderr
    added, removed = "“Somatic tracking: first steps”", "“Paced breathing”"
    assert (f"exported before with other content (the set changed, the session {added} "
            f"was added and the session {removed} was removed)") in built.stderr
    assert painease("pack", "import", str(packs[0]), data_dir=patient).returncode == 0
    changed = painease("pack", "import", str(packs[1]), data_dir=patient)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith(
        "updated to “Two weeks” (version 2) from Dr. Ana Moreno, sent again with changes to "
        f"the set (the session {added} was added and the session {removed} was removed)")
    with SessionStore(patient / "painease.sqlite3") as store:
        assert ProgramStore(store).current().program.items[0].script_id == \
            "somatic-tracking-first-steps"


def test_changes_name_each_part_once_with_what_happened_to_it():
    changes = Changes(False, ("a",), added=("b", "c"), removed=("d",))
    titles = {"a": "A", "b": "B", "c": "C"}
    assert changes.words(titles) == ("the session “A”",)
    assert changes.said(titles) == ("the session “A” changed, the sessions “B” and “C” were "
                                    "added and the session “d” was removed")
    assert Changes(False, ()).said(titles) == ""


def test_a_length_the_script_cannot_be_played_at_is_said_as_given():
    """"not 5.0000001", as ``painease fit`` says it: rounded, it once read "not 5", as if a
    length the script lists had been refused."""
    from painease.catalog import load_catalog
    from painease.packs.set_file import item_problem

    catalog = load_catalog()
    assert item_problem(1, "paced-breathing", 5.0000001, catalog).endswith("not 5.0000001")
    assert item_problem(1, "paced-breathing", 7, catalog).endswith("not 7")
    assert item_problem(1, "paced-breathing", 5, catalog) == ""


TYPOS = """\
id = "8955eaa9-acc0-4ad8-8b2d-57619bebe08d"
version = 1
title = "Two weeks"
therapist = "Dr. Ana Moreno"
titel = "Two weeks, again"

[[items]]
script = "paced-breathing"
minutes = 5
notes = "Slow out-breath."
times_per_week = 2
weeks = 2
lenght = 10
"""


def test_an_unknown_key_in_a_set_file_is_refused_with_its_line_and_the_key_meant(tmp_path):
    """Once ``notes =`` (for ``note =``) and ``lenght =`` were dropped without a word: the
    pack was built and the patient never saw the note the therapist wrote."""
    typos = tmp_path / "typos.toml"
    typos.write_text(TYPOS, encoding="utf-8")
    out = tmp_path / "typos.painease"
    refused = painease("pack", "build", str(typos), "-o", str(out),
                       data_dir=tmp_path / "home")
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"painease: {typos}: 3 problems; no pack was built:",
        f"  {typos}:5: unknown key 'titel'; did you mean 'title'?",
        f"  {typos}:10: item 1: unknown key 'notes'; did you mean 'note'?",
        f"  {typos}:13: item 1: unknown key 'lenght'; an item has the keys script, minutes, "
        "note, times_per_week, weeks, start_week and dates"]
    assert not out.exists()


def test_every_key_the_set_builder_writes_is_one_pack_build_reads():
    """A set file the app writes (every field: a note, a later start, dates) reads back
    with no problem and as the same set."""
    from datetime import date

    from painease.catalog import load_catalog
    from painease.domain.programs import Program, ProgramItem, Schedule, parse_program_toml
    from painease.packs.set_file import set_file_problems
    from painease.ui.therapist.set_file import set_file_text

    program = Program("8955eaa9-acc0-4ad8-8b2d-57619bebe08d", 3, "Two weeks",
                      "Dr. Ana Moreno", (
                          ProgramItem(1, "paced-breathing", 5, Schedule(
                              times_per_week=2, weeks=3, start_week=1), note="Slow."),
                          ProgramItem(2, "paced-breathing", 10, Schedule(
                              dates=(date(2026, 12, 1),)))))
    text = set_file_text(program)
    assert "note = " in text and "start_week = " in text and "dates = " in text
    assert set_file_problems(text, "set.toml", load_catalog()) == []
    assert parse_program_toml(text, "set.toml") == program
