"""A therapist's clip made for words since edited never reaches a patient: the script
editor only noted it (and still lets the draft be saved), but a pack was built and the
patient heard the old recording under the new caption. Now building a pack (``build_pack``,
as the set builder's Export pack and ``painease pack build`` use it) refuses it, naming the
session, the step and what to do, and ``painease check`` reports it. Each step is checked,
a clip used by two steps for both (the editor once checked only the first)."""

from __future__ import annotations

import pytest

from painease.narration.clip_words import remember_words
from painease.packs.pack import PackError, build_pack
from painease.ui.therapist.draft_check import check_draft
from tests.packs.conftest import make_program
from tests.packs.homes import CUSTOM, write_custom_script
from tests.test_cli import painease

SET_FILE = """\
id = "0b0c6a43-2f1e-4c55-9d59-4a6f8f5a9e21"
version = 1
title = "Corner"
therapist = "Dr. Ana Moreno"

[[items]]
script = "calm-corner"
minutes = 2
times_per_week = 2
weeks = 1
"""

SECOND_STEP = """
[[steps]]
phase = "settle"
text = "{text}"
clip = "calm-corner/hello.wav"
pause = {{ min = 1, weight = 1 }}
"""


def reword(home, first: str, second: str | None = None) -> None:
    """The custom script with step 1's words ``first`` and, if given, a second step of
    words ``second`` using the same clip."""
    text = CUSTOM.format(id="calm-corner").replace("Hello, and welcome.", first)
    if second is not None:
        text += SECOND_STEP.format(text=second)
    (home / "scripts" / "calm-corner.toml").write_text(text, encoding="utf-8")


def clip(home):
    return home / "audio" / "calm-corner" / "hello.wav"


def test_a_pack_is_refused_while_a_clip_speaks_words_since_changed(homes, therapist,
                                                                    tmp_path):
    remember_words(clip(homes.therapist), "Hello, and welcome.")  # as Record… notes it
    reword(homes.therapist, "Hello, and welcome to your corner.")
    out = tmp_path / "out" / "set.painease"
    with pytest.raises(PackError) as refused:
        build_pack(make_program(), therapist, out)
    said = str(refused.value)
    assert "session “Calm corner”" in said and "step 1" in said
    assert "no longer matches" in said and "record step 1 again" in said
    assert "change its words back" in said
    assert not out.exists()  # nothing for a patient to import
    reword(homes.therapist, "Hello,  and welcome.")  # the words recorded (spacing aside)
    assert build_pack(make_program(), therapist, out).is_file()


def test_each_step_sharing_a_clip_is_checked_against_its_words(homes, therapist, tmp_path):
    remember_words(clip(homes.therapist), "Hello, and welcome.")
    reword(homes.therapist, "Hello, and welcome.", second="Goodbye for now.")
    with pytest.raises(PackError, match="step 2") as refused:
        build_pack(make_program(), therapist, tmp_path / "set.painease")
    assert "step 1" not in str(refused.value)  # its words are the recorded ones
    data = {"format": 1, "id": "calm-corner", "title": "Calm corner", "kind": "relaxation",
            "summary": "A short one.", "when_to_use": "Any time.", "lengths": [1, 2],
            "steps": [{"phase": "settle", "text": text, "clip": "calm-corner/hello.wav",
                       "pause": {"min": 1, "weight": 1}}
                      for text in ("Hello, and welcome.", "Goodbye for now.")]}
    notes = check_draft(data, homes.therapist / "audio").notes
    assert [getattr(note, "where", None) for note in notes] == [("steps", 1)]
    assert "cannot be sent to a patient" in str(notes[0])


def test_pack_build_and_check_on_the_command_line_refuse_it(tmp_path):
    home = tmp_path / "therapist"
    assert painease("therapist", "init", "--name", "Dr. Ana Moreno",
                    data_dir=home).returncode == 0
    write_custom_script(home)
    remember_words(clip(home), "Hello, and welcome.")
    reword(home, "Hello, and welcome to your corner.")
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE, encoding="utf-8")
    pack = tmp_path / "corner.painease"
    built = painease("pack", "build", str(set_file), "-o", str(pack), data_dir=home)
    assert built.returncode != 0 and not pack.exists()
    assert "session “Calm corner”" in built.stderr and "step 1" in built.stderr
    script = home / "scripts" / "calm-corner.toml"
    checked = painease("check", str(script), data_dir=home)
    assert checked.returncode == 1, checked.stdout
    assert "no longer matches the captions" in checked.stdout
    assert ": ok" not in checked.stdout
    reword(home, "Hello, and welcome.")
    assert painease("check", str(script), data_dir=home).returncode == 0
    built = painease("pack", "build", str(set_file), "-o", str(pack), data_dir=home)
    assert built.returncode == 0, built.stderr
