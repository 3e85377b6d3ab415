"""Narration rendering with a synthetic voice: the incremental render loop, the catalog's
clip naming, and the manifest's staleness check."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease.catalog import check_files, step_clip, with_narrated_clips
from painease.domain.script_loader import load_script
from painease.narration.manifest import (
    MANIFEST_NAME,
    clip_problems,
    load_manifest,
    text_sha256,
)
from painease.narration.processing import (
    Sentence,
)
from painease.narration.render import NarrationSettings, narrate_script
from painease.resources import bundled_audio_dir, bundled_scripts_dir
from tests.narration_audio import RATE, silence, tone


class ToneSpeaker:
    """Speaks each sentence as a tone, 0.4 s per word, with a comma break mid-way."""

    samplerate = RATE

    def __init__(self):
        self.spoken: list[str] = []

    def speak(self, text, settings):
        self.spoken.append(text)
        sentences = []
        for sentence in filter(None, (s.strip() for s in text.split("."))):
            audio = np.concatenate([silence(0.2), tone(0.4 * len(sentence.split())),
                                    silence(0.3)])
            middle = len(audio) // 2
            sentences.append(Sentence(audio, ((middle - 100, middle + 100),)))
        return sentences

    def describe(self):
        return {"name": "tones"}


FOUR_STEPS = """\
format = 1
id = "four"
title = "Four steps"
kind = "relaxation"
summary = "A test."
when_to_use = "Tests."
lengths = [3]

[[steps]]
phase = "settle"
text = "Settle in. Let your body be supported by whatever is under you."
pause = { min = 2, weight = 1 }

[[steps]]
phase = "attention"
text = "Notice one sensation, its size and its edges, and simply watch it for a while."
pause = 2

[[steps]]
phase = "safety"
text = "Keep following the sensation, or simply rest and listen."
pause = { min = 2, weight = 2 }

[[steps]]
phase = "closing"
text = "When you are ready, open your eyes and let your attention widen to the room."
pause = 1
"""


def write_four(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    path = tmp_path / "scripts" / "four.toml"
    path.write_text(FOUR_STEPS, encoding="utf-8")
    return path


def copy_bundled(tmp_path: Path, script_id="paced-breathing") -> Path:
    (tmp_path / "scripts").mkdir()
    target = tmp_path / "scripts" / f"{script_id}.toml"
    shutil.copy(bundled_scripts_dir() / f"{script_id}.toml", target)
    return target


def render(path: Path, speaker: ToneSpeaker, **settings) -> object:
    script, _ = load_script(path)
    return narrate_script(script, path.parent.parent / "audio", lambda: speaker,
                          NarrationSettings(**settings), out=io.StringIO())


def test_render_writes_one_opus_clip_per_step_and_a_manifest(tmp_path):
    path = write_four(tmp_path)
    result = render(path, ToneSpeaker())
    script, _ = load_script(path)
    folder = tmp_path / "audio" / script.id
    assert result.rendered == len(script.steps)
    manifest = load_manifest(folder, script.id)
    for index, step in enumerate(script.steps):
        name = f"{index + 1:02d}.ogg"
        info = soundfile.info(str(folder / name))
        assert (info.format, info.subtype, info.samplerate, info.channels) == \
            ("OGG", "OPUS", 48_000, 1)
        record = manifest.clips[name]
        assert record.text_sha256 == text_sha256(step.text) and record.step == index + 1
        assert record.seconds == pytest.approx(info.frames / info.samplerate, abs=1e-3)
        assert record.lufs == pytest.approx(-20.0, abs=0.5)
    assert manifest.settings["length_scale"] == NarrationSettings().length_scale
    assert clip_problems(script, tmp_path / "audio") == []
    # The catalog now plays these clips, measured from the files.
    entry = check_files([path]).get(script.id)
    assert [s.clip for s in entry.script.steps] == \
        [step_clip(script.id, i) for i in range(len(script.steps))]
    assert entry.clip_durations[step_clip(script.id, 0)] == \
        pytest.approx(manifest.clips["01.ogg"].seconds, abs=1e-3)


def test_rerun_renders_only_changed_steps_and_removes_dropped_ones(tmp_path):
    path = write_four(tmp_path)
    folder = tmp_path / "audio" / "four"
    speaker = ToneSpeaker()
    render(path, speaker)
    first = (folder / "01.ogg").read_bytes()
    speaker.spoken.clear()
    assert render(path, speaker).rendered == 0 and speaker.spoken == []

    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Keep following the sensation, or simply rest and listen.",
                                 "Keep following the sensation."), encoding="utf-8")
    result = render(path, speaker)
    assert (result.rendered, result.current) == (1, 3)
    assert set(speaker.spoken) == {"Keep following the sensation."}
    assert (folder / "01.ogg").read_bytes() == first

    # Drop the last step: its clip and manifest entry go.
    cut = path.read_text(encoding="utf-8").rsplit("[[steps]]", 1)[0]
    path.write_text(cut, encoding="utf-8")
    assert render(path, speaker).removed == 1
    assert not (folder / "04.ogg").exists()
    assert "04.ogg" not in load_manifest(folder, "four").clips


def test_a_removed_clip_loses_its_words_note_and_a_missing_one_keeps_it(tmp_path):
    """Dropping a step removes its clip and (only when a file really went) its entry in
    clip-words.json; the clips narrate writes say they were rendered."""
    from painease.audio.clip_origin import RENDERED, made_by
    from painease.audio.clip_words import read_notes

    path = write_four(tmp_path)
    folder = tmp_path / "audio" / "four"
    render(path, ToneSpeaker())
    assert made_by(folder / "01.ogg") == RENDERED
    assert set(read_notes(folder)) == {"01.ogg", "02.ogg", "03.ogg", "04.ogg"}
    (folder / "03.ogg").unlink()  # gone by hand: narrate removes nothing of it
    steps = path.read_text(encoding="utf-8").split("[[steps]]")
    path.write_text("[[steps]]".join(steps[:3]), encoding="utf-8")  # steps 1 and 2 stay
    assert render(path, ToneSpeaker()).removed == 2
    assert not (folder / "04.ogg").exists()
    assert set(read_notes(folder)) == {"01.ogg", "02.ogg", "03.ogg"}


def test_changed_settings_render_everything_again(tmp_path):
    path = write_four(tmp_path)
    render(path, ToneSpeaker())
    speaker = ToneSpeaker()
    assert render(path, speaker, sentence_pause=2.0).rendered == 4
    assert len(set(speaker.spoken)) == 4


def test_a_step_with_its_own_recording_is_left_alone(tmp_path):
    path = write_four(tmp_path)
    own = tmp_path / "audio" / "mine.wav"
    own.parent.mkdir(parents=True)
    soundfile.write(own, tone(3.0), RATE)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('pause = 2\n', 'clip = "mine.wav"\npause = 2\n', 1),
                    encoding="utf-8")
    speaker = ToneSpeaker()
    assert render(path, speaker).rendered == 3
    assert not (tmp_path / "audio" / "four" / "02.ogg").exists()
    entry = check_files([path]).get("four")
    assert entry.script.steps[1].clip == "mine.wav"
    assert entry.script.steps[2].clip == "four/03.ogg"


def copy_bundled_with_clips(tmp_path: Path, script_id="paced-breathing") -> Path:
    path = copy_bundled(tmp_path, script_id)
    shutil.copytree(bundled_audio_dir() / script_id, tmp_path / "audio" / script_id)
    return path


def test_a_text_edit_without_rendering_again_is_caught(tmp_path):
    path = copy_bundled_with_clips(tmp_path)
    script, _ = load_script(path)
    assert clip_problems(script, tmp_path / "audio") == []
    steps = list(script.steps)
    steps[2] = steps[2].model_copy(update={"text": steps[2].text + " Take your time."})
    edited = script.model_copy(update={"steps": steps})
    [problem] = clip_problems(edited, tmp_path / "audio")
    assert "step 3" in problem and "text changed" in problem
    assert "painease narrate paced-breathing" in problem


def test_a_missing_or_swapped_clip_is_caught(tmp_path):
    path = copy_bundled_with_clips(tmp_path)
    script, _ = load_script(path)
    folder = tmp_path / "audio" / script.id
    (folder / "02.ogg").unlink()
    soundfile.write(folder / "03.ogg", tone(1.0, rate=48_000), 48_000, format="OGG",
                    subtype="OPUS")
    problems = clip_problems(script, tmp_path / "audio")
    assert len(problems) == 2
    assert "step 2" in problems[0] and "does not exist" in problems[0]
    assert "step 3" in problems[1] and "replaced" in problems[1]


def test_a_clip_missing_from_the_manifest_or_an_unreadable_manifest_is_caught(tmp_path):
    path = copy_bundled_with_clips(tmp_path)
    script, _ = load_script(path)
    manifest = tmp_path / "audio" / script.id / MANIFEST_NAME
    manifest.write_text(manifest.read_text().replace('"04.ogg"', '"09.ogg"'))
    problems = clip_problems(script, tmp_path / "audio")
    assert any("step 4" in p and "not in manifest.json" in p for p in problems)
    assert any("lists 09.ogg, which no step speaks" in p for p in problems)
    manifest.write_text("{ not json")
    [problem] = clip_problems(script, tmp_path / "audio")
    assert "cannot read" in problem and "--force" in problem


def test_each_rendered_clip_is_noted_with_the_words_it_speaks(tmp_path):
    """A clip once recorded in the editor for other words, then rendered again by
    ``narrate`` for the step's words, is noted with those words: a pack takes it."""
    from painease.audio.clip_words import unmatched_steps, words_changed
    from painease.narration.clip_words import remember_words

    path = write_four(tmp_path)
    folder = tmp_path / "audio" / "four"
    folder.mkdir(parents=True)
    soundfile.write(folder / "01.ogg", tone(2.0, rate=48_000), 48_000, format="OGG",
                    subtype="OPUS")
    remember_words(folder / "01.ogg", "Words the step no longer has.")  # as Record… noted
    script, _ = load_script(path)
    assert unmatched_steps(with_narrated_clips(script, tmp_path / "audio"),
                           tmp_path / "audio") == [1]
    assert render(path, ToneSpeaker()).rendered == 4
    for index, step in enumerate(script.steps):
        assert words_changed(folder / f"{index + 1:02d}.ogg", step.text) is False
    assert unmatched_steps(with_narrated_clips(script, tmp_path / "audio"),
                           tmp_path / "audio") == []
    assert check_files([path]).problems == []


def test_a_current_clip_noted_for_other_words_is_rendered_again(tmp_path):
    """The manifest says current, but the clip was since recorded over for other words."""
    from painease.audio.clip_words import words_changed
    from painease.narration.clip_words import remember_words

    path = write_four(tmp_path)
    folder = tmp_path / "audio" / "four"
    render(path, ToneSpeaker())
    remember_words(folder / "02.ogg", "A take of other words.")
    speaker = ToneSpeaker()
    assert render(path, speaker).rendered == 1
    script, _ = load_script(path)
    assert set(speaker.spoken) == {script.steps[1].text}
    assert words_changed(folder / "02.ogg", script.steps[1].text) is False


def test_a_clip_whose_words_cannot_be_noted_is_kept_and_said(tmp_path):
    path = write_four(tmp_path)
    folder = tmp_path / "audio" / "four"
    (folder / "clip-words.json").mkdir(parents=True)  # the note cannot be written there
    out = io.StringIO()
    assert render_to(path, ToneSpeaker(), out).rendered == 4
    assert load_manifest(folder, "four").clips.keys() == {"01.ogg", "02.ogg", "03.ogg",
                                                          "04.ogg"}
    assert all((folder / f"0{n}.ogg").is_file() for n in range(1, 5))
    assert out.getvalue().count("could not note which words it speaks (Is a directory)") == 4


def render_to(path: Path, speaker: ToneSpeaker, out: io.StringIO) -> object:
    script, _ = load_script(path)
    return narrate_script(script, path.parent.parent / "audio", lambda: speaker,
                          NarrationSettings(), out=out)
