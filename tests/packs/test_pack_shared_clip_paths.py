"""Two scripts of one set whose steps name the same clip path, from different folders.

The therapist's own script and a colleague's (from a pack the therapist imported) both say
``clip = "voice/01.wav"``, each meaning its own recording. A pack holds one ``audio/``
folder, so each must still play its own voice on the patient's computer: the later one's
clips travel under ``audio/<script-id>/`` with its steps pointing there. Real keys, real
clips, a real pack built and imported.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease.catalog import audio_dir_for, load_catalog
from painease.domain.programs import Program, Schedule
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.pack import (
    PackError,
    build_pack,
    changed_parts,
    content_digest,
    read_manifest,
)
from painease.storage import SessionStore

SCRIPT = """\
format = 1
id = "{id}"
title = "{title}"
kind = "relaxation"
summary = "A short relaxation."
when_to_use = "Any time."
lengths = [1, 2]

[[steps]]
phase = "settle"
text = "{words}"
clip = 'voice/01.wav'   # the first words
pause = {{ min = 1, weight = 1 }}
"""


def _write(home: Path, script_id: str, title: str, words: str, seconds: float,
           hz: float, text: str = SCRIPT) -> bytes:
    """A script in ``home``'s own scripts naming ``voice/01.wav``; the clip's bytes."""
    (home / "scripts").mkdir(parents=True, exist_ok=True)
    (home / "scripts" / f"{script_id}.toml").write_text(
        text.format(id=script_id, title=title, words=words), encoding="utf-8")
    clip = home / "audio" / "voice" / "01.wav"
    clip.parent.mkdir(parents=True, exist_ok=True)
    rate = 22050
    tone = 0.1 * np.sin(np.arange(int(seconds * rate)) * 2 * np.pi * hz / rate)
    soundfile.write(clip, tone.astype("float32"), rate)
    return clip.read_bytes()


def _ogg(path: Path, seconds: float, hz: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = 22050
    tone = 0.1 * np.sin(np.arange(int(seconds * rate)) * 2 * np.pi * hz / rate)
    soundfile.write(path, tone.astype("float32"), rate, format="OGG", subtype="VORBIS")


def _set(title: str, therapist: str, *script_ids: str) -> Program:
    return Program.create(title, therapist, [
        (script_id, 1, Schedule(times_per_week=2, weeks=2), None) for script_id in script_ids])


def _played(script_id: str) -> tuple[bytes, float]:
    """What the current home's catalog plays for the script's first step: the clip file's
    bytes and its measured length."""
    entry = load_catalog().get(script_id)
    clip = entry.script.steps[0].clip
    return (audio_dir_for(entry.path) / clip).read_bytes(), entry.clip_durations[clip]


@pytest.fixture
def shared_path(homes, therapist, tmp_path):
    """The therapist's own ``own-words`` and a colleague's ``their-words`` (imported from
    the colleague's pack), both naming ``voice/01.wav``, with different recordings; the
    bytes of each."""
    colleague = homes.use(tmp_path / "colleague-home")
    theirs = _write(colleague, "their-words", "Their words", "Their welcome.", 3.0, 330)
    colleague_key = load_or_create_identity(name="Dr. Kim Colleague")
    theirs_pack = build_pack(_set("Theirs", "Dr. Kim Colleague", "their-words"),
                             colleague_key, tmp_path / "theirs.painease")
    homes.use(homes.therapist)
    mine = _write(homes.therapist, "own-words", "Own words", "My welcome.", 2.0, 220)
    with SessionStore(homes.therapist / "painease.sqlite3") as store:
        assert import_pack(theirs_pack, store).written
    return mine, theirs


def _patient_imports(homes, pack: Path) -> None:
    homes.use(homes.patient)
    with SessionStore(homes.patient / "painease.sqlite3") as store:
        assert import_pack(pack, store, today=date(2026, 11, 2)).written


def test_each_script_plays_its_own_clip_on_the_patients_computer(
        homes, therapist, shared_path, tmp_path):
    mine, theirs = shared_path
    program = _set("Both", "Dr. Ana Moreno", "own-words", "their-words")
    pack = build_pack(program, therapist, tmp_path / "both.painease")
    _patient_imports(homes, pack)
    assert _played("own-words") == (mine, 2.0)
    assert _played("their-words") == (theirs, 3.0)
    # The other way round too: whichever comes first keeps the path.
    homes.use(homes.therapist)
    program = _set("Both again", "Dr. Ana Moreno", "their-words", "own-words")
    pack = build_pack(program, therapist, tmp_path / "again.painease")
    _patient_imports(homes, pack)
    assert _played("own-words") == (mine, 2.0)
    assert _played("their-words") == (theirs, 3.0)


def test_the_moved_script_keeps_its_words_and_the_pack_builds_the_same_each_time(
        homes, therapist, shared_path, tmp_path):
    program = _set("Both", "Dr. Ana Moreno", "own-words", "their-words")
    first = build_pack(program, therapist, tmp_path / "first.painease")
    second = build_pack(program, therapist, tmp_path / "second.painease")
    old, new = read_manifest(first), read_manifest(second)
    # Nothing changed between the two: no session is said to have changed.
    assert content_digest(old) == content_digest(new)
    assert changed_parts(old, new).said({}) == ""
    scripts = {entry["id"]: entry for entry in new["scripts"]}
    assert scripts["own-words"]["clips"] == ["audio/voice/01.wav"]
    assert scripts["their-words"]["clips"] == ["audio/their-words/voice/01.wav"]
    with zipfile.ZipFile(second) as archive:
        moved = archive.read("scripts/their-words.toml").decode()
        kept = archive.read("scripts/own-words.toml").decode()
    # Only the clip's path differs from the colleague's file; the comment stays.
    original = (homes.therapist / "packs").glob("*/scripts/their-words.toml")
    assert moved == next(original).read_text(encoding="utf-8").replace(
        "clip = 'voice/01.wav'", 'clip = "their-words/voice/01.wav"')
    assert kept == (homes.therapist / "scripts" / "own-words.toml").read_text(encoding="utf-8")


def test_the_same_recording_under_one_path_is_carried_once(homes, therapist, tmp_path):
    """Identical bytes are no conflict: one file, both scripts' files as written."""
    colleague = homes.use(tmp_path / "colleague-home")
    theirs = _write(colleague, "their-words", "Their words", "Their welcome.", 2.0, 220)
    theirs_pack = build_pack(_set("Theirs", "Dr. Kim Colleague", "their-words"),
                             load_or_create_identity(name="Dr. Kim Colleague"),
                             tmp_path / "theirs.painease")
    homes.use(homes.therapist)
    mine = _write(homes.therapist, "own-words", "Own words", "My welcome.", 2.0, 220)
    assert mine == theirs
    with SessionStore(homes.therapist / "painease.sqlite3") as store:
        import_pack(theirs_pack, store)
    pack = build_pack(_set("Both", "Dr. Ana Moreno", "own-words", "their-words"), therapist,
                      tmp_path / "both.painease")
    with zipfile.ZipFile(pack) as archive:
        assert sorted(n for n in archive.namelist() if n.startswith("audio/")) == [
            "audio/voice/01.wav"]
        assert archive.read("scripts/their-words.toml") == theirs_pack_script(homes)
    _patient_imports(homes, pack)
    assert _played("own-words") == (mine, 2.0)
    assert _played("their-words") == (theirs, 2.0)


def theirs_pack_script(homes) -> bytes:
    return next((homes.therapist / "packs").glob("*/scripts/their-words.toml")).read_bytes()


INLINE_STEPS = """\
format = 1
id = "{id}"
title = "{title}"
kind = "relaxation"
summary = "A short relaxation."
when_to_use = "Any time."
lengths = [1, 2]
steps = [
{{ phase = "settle", text = "{words}", clip = "voice/01.wav", pause = {{ min = 1, weight = 1 }} }},
]
"""


def test_a_clash_that_cannot_be_moved_is_refused_naming_both_and_the_fix(
        homes, therapist, tmp_path):
    """A script whose clip line cannot be rewritten safely (its steps written inline) is
    refused before anything is written, saying which scripts, which clip, what to do."""
    colleague = homes.use(tmp_path / "colleague-home")
    _write(colleague, "their-words", "Their words", "Their welcome.", 3.0, 330,
           text=INLINE_STEPS)
    theirs_pack = build_pack(_set("Theirs", "Dr. Kim Colleague", "their-words"),
                             load_or_create_identity(name="Dr. Kim Colleague"),
                             tmp_path / "theirs.painease")
    homes.use(homes.therapist)
    _write(homes.therapist, "own-words", "Own words", "My welcome.", 2.0, 220)
    with SessionStore(homes.therapist / "painease.sqlite3") as store:
        import_pack(theirs_pack, store)
    out = tmp_path / "both.painease"
    with pytest.raises(PackError) as refused:
        build_pack(_set("Both", "Dr. Ana Moreno", "own-words", "their-words"), therapist, out)
    said = str(refused.value)
    assert "“Own words” (own-words)" in said and "“Their words” (their-words)" in said
    assert "voice/01.wav" in said and "rename" in said
    # The file to change is the therapist's own, not the colleague's signed one.
    assert str(homes.therapist / "scripts" / "own-words.toml") in said
    assert not out.exists()


def test_narration_rendered_for_a_step_cannot_be_moved_and_is_refused(
        homes, therapist, tmp_path):
    """The colleague's script names ``own-words/01.wav``, where ``painease narrate`` put
    the therapist's narration for a step of ``own-words`` that names no clip: that file is
    found by its place, so it cannot move, and the pack is refused."""
    colleague = homes.use(tmp_path / "colleague-home")
    _write(colleague, "their-words", "Their words", "Their welcome.", 3.0, 330,
           text=SCRIPT.replace("voice/01.wav", "own-words/01.ogg"))
    _ogg(colleague / "audio" / "own-words" / "01.ogg", 3.0, 330)
    theirs_pack = build_pack(_set("Theirs", "Dr. Kim Colleague", "their-words"),
                             load_or_create_identity(name="Dr. Kim Colleague"),
                             tmp_path / "theirs.painease")
    homes.use(homes.therapist)
    _write(homes.therapist, "own-words", "Own words", "My welcome.", 2.0, 220,
           text=SCRIPT.replace("clip = 'voice/01.wav'   # the first words\n", ""))
    _ogg(homes.therapist / "audio" / "own-words" / "01.ogg", 2.0, 220)
    with SessionStore(homes.therapist / "painease.sqlite3") as store:
        import_pack(theirs_pack, store)
    assert load_catalog().get("own-words").script.steps[0].clip == "own-words/01.ogg"
    out = tmp_path / "both.painease"
    with pytest.raises(PackError, match="narration rendered for a step") as refused:
        build_pack(_set("Both", "Dr. Ana Moreno", "their-words", "own-words"), therapist, out)
    assert "“Their words” (their-words) and “Own words” (own-words)" in str(refused.value)
    assert not out.exists()
