"""The recorder through the real PortAudio library, with a microphone that "hears" a file.

Rig 3 (AUDIO-TESTING.md): ALSA ``default`` is a ``file`` PCM whose ``infile`` supplies
what capture reads, as raw S16_LE mono. Not real time: capture runs as fast as the CPU
allows and reads zeros once the file is used up, so a test records for a short while
only. The rig and its helpers live in ``mic_rig.py`` (shared with the round-trip test).
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease.audio import takes
from painease.audio.recorder import STALL_SECONDS, Recorder, RecorderUnavailable, pick_rate
from painease.audio.takes import (
    CLIP_RATE,
    RecordingError,
    finish_take,
    gated_rms_dbfs,
    normalise_loudness,
    save_opus,
    trim_silence,
)
from tests.audio import rigs
from tests.audio.conftest import require
from tests.audio.mic_rig import (
    JackMicRig,
    MicFileRig,
    NarrowMicRig,
    peak_frequency,
    record_briefly,
    silence_tone_silence,
    tone,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def mic(tmp_path, request):
    require("portaudio")
    rate = getattr(request, "param", CLIP_RATE)
    with MicFileRig(tmp_path / "mic", silence_tone_silence(rate)) as rig:
        rig.rate = rate
        yield rig


def test_a_recorded_tone_is_saved_trimmed_at_the_target_level_and_pitch(mic, tmp_path):
    take = record_briefly(count_in=0.3)
    assert take.rate == CLIP_RATE
    # The count-in dropped 0.3 s of the 0.8 s of leading silence, measured in frames.
    first_sound = int(np.flatnonzero(np.abs(take.samples) > 0.01)[0])
    assert abs(first_sound - round(0.5 * CLIP_RATE)) < 50

    path = save_opus(tmp_path / "clips" / "step-01.ogg", finish_take(take))
    info = soundfile.info(str(path))
    assert (info.format, info.subtype, info.samplerate, info.channels) == (
        "OGG", "OPUS", 48000, 1)
    clip, rate = soundfile.read(str(path), dtype="float32")
    # 1 s of tone plus 0.2 s kept at each end (Opus adds a few ms of pre-skip at most).
    assert 1.35 < len(clip) / rate < 1.45
    assert gated_rms_dbfs(clip, rate) == pytest.approx(takes.TARGET_RMS_DBFS, abs=0.5)
    assert peak_frequency(clip, rate) == pytest.approx(523.25, abs=1.0)
    assert [p.name for p in path.parent.iterdir()] == ["step-01.ogg"]  # no temp file left


@pytest.mark.parametrize("mic", [44100], indirect=True)
def test_a_take_at_another_rate_is_resampled_to_48k_at_the_right_pitch(mic, tmp_path):
    take = record_briefly(rate=44100)
    assert take.rate == 44100
    clip = finish_take(take)
    assert 1.35 < len(clip) / CLIP_RATE < 1.45
    assert peak_frequency(clip, CLIP_RATE) == pytest.approx(523.25, abs=1.0)


def test_the_rate_picked_is_one_the_microphone_takes(tmp_path):
    require("jack")
    with NarrowMicRig(tmp_path / "narrow-mic"):
        import sounddevice

        device = next(i for i, d in enumerate(sounddevice.query_devices())
                      if d["name"] == "default")
        assert sounddevice.query_devices(device)["default_samplerate"] == 48_000
        # Neither 48 kHz nor the device's default rate: the microphone's own, 16 kHz. It
        # once picked the default unchecked, and the microphone would not open.
        assert pick_rate(device) == NarrowMicRig.MIC_RATE
        assert pick_rate(device, "float32") == NarrowMicRig.MIC_RATE
        rec = Recorder(device=device)
        rec.start()
        deadline = time.monotonic() + 5
        while rec.seconds_kept() < 0.2 and time.monotonic() < deadline:
            time.sleep(0.01)
        take = rec.stop()
    assert take.rate == NarrowMicRig.MIC_RATE and take.seconds >= 0.2


def test_the_meter_reads_the_level_of_what_is_heard(tmp_path):
    require("portaudio")
    loud = tone(440, 6.0, 0.5, CLIP_RATE)  # long enough to read the level while it lasts
    with MicFileRig(tmp_path / "mic", loud):
        rec = Recorder()
        rec.start()
        deadline = time.monotonic() + 5
        while rec.level().peak_dbfs < -20 and time.monotonic() < deadline:
            time.sleep(0.001)
        level = rec.level()
        rec.stop()
    assert level.peak_dbfs == pytest.approx(-6.0, abs=0.3)
    assert level.rms_dbfs == pytest.approx(-9.0, abs=0.3)
    assert not level.clipping


def test_no_input_device_is_a_clear_error(no_audio_device):
    with pytest.raises(RecorderUnavailable, match="no microphone"):
        Recorder().start()


def test_no_portaudio_is_a_clear_error(portaudio_missing_env):
    result = rigs.run_python(
        """
        from painease.audio.recorder import Recorder, RecorderUnavailable
        try:
            Recorder().start()
        except RecorderUnavailable as exc:
            print("unavailable:", exc)
        """,
        env=portaudio_missing_env,
    )
    assert result.returncode == 0, result.stderr
    assert "unavailable: the PortAudio sound library is not installed" in result.stdout


# --- the clean-up on its own (no device) --------------------------------------------------


def test_silence_alone_is_refused_with_a_reason():
    with pytest.raises(RecordingError, match="nothing was heard"):
        trim_silence(np.zeros(CLIP_RATE, np.float32), CLIP_RATE)
    with pytest.raises(RecordingError, match="empty"):
        trim_silence(np.zeros(10, np.float32), CLIP_RATE)


def test_trimming_ignores_room_hum_far_below_the_voice():
    rate = CLIP_RATE
    hum = tone(50, 3.0, 0.002, rate)  # -57 dBFS peak: under the floor
    voice = np.zeros_like(hum)
    voice[rate : 2 * rate] = tone(300, 1.0, 0.3, rate)
    trimmed = trim_silence((hum + voice).astype(np.float32), rate)
    assert len(trimmed) / rate == pytest.approx(1.4, abs=0.02)


def test_normalising_never_pushes_a_peak_past_the_ceiling():
    rate = CLIP_RATE
    quiet = tone(300, 2.0, 0.01, rate).astype(np.float32)
    quiet[rate] = 0.5  # one click 34 dB above the tone
    out = normalise_loudness(quiet, rate)
    assert 20 * np.log10(np.max(np.abs(out))) == pytest.approx(takes.PEAK_CEILING_DBFS,
                                                                abs=0.01)
    assert gated_rms_dbfs(out, rate) < takes.TARGET_RMS_DBFS


def test_a_failed_save_leaves_the_old_clip_and_no_temporary_file(tmp_path):
    path = save_opus(tmp_path / "a.ogg", tone(440, 0.5, 0.1, CLIP_RATE).astype(np.float32))
    before = path.read_bytes()
    with pytest.raises(soundfile.LibsndfileError, match="Opus only supports"):
        save_opus(path, tone(440, 0.5, 0.1, 44100).astype(np.float32), rate=44100)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.ogg"]


LOSE_SERVER_CHILD = """
    import sys, time
    sys.path.insert(0, {repo!r})
    from painease.audio.recorder import Recorder
    rec = Recorder()
    rec.start()
    while True:
        time.sleep(0.05)
        problem = rec.problem()
        print("tick", time.monotonic(), round(rec.seconds_kept(), 2), problem, flush=True)
        if problem is not None:
            break
    asked = time.monotonic()
    take = rec.stop()
    print("stopped", round(time.monotonic() - asked, 2), take.rate, flush=True)
    take.samples.tofile({out!r})
"""


def test_a_sound_server_that_dies_mid_take_is_noticed_and_the_take_kept(tmp_path):
    """The JACK server behind the microphone is killed mid-take. Measured before: the
    callbacks just stop (the stream still says it is active, no flag, no error), Stop then
    blocked for 43 s, and the process crashed at exit in PortAudio's shutdown."""
    require("jack")
    out = tmp_path / "take.f32"
    code = textwrap.dedent(LOSE_SERVER_CHILD).format(repo=str(REPO), out=str(out))
    with JackMicRig(tmp_path / "jack-mic", silence_tone_silence(CLIP_RATE)) as rig, \
            rigs.PythonChild(code, env=rig.child_env()) as child:
        while float(child.expect("tick", timeout=20).split()[1]) < 2.3:
            pass  # real time: the tone (0.8-1.8 s) is in
        killed_at = time.monotonic()  # one clock for both processes (CLOCK_MONOTONIC)
        rig.kill_server_now()
        for _ in range(200):  # ticks every 0.05 s: 10 s at most
            when, _, problem = child.expect("tick", timeout=10).split(" ", 2)
            if problem != "None":
                break
        noticed = float(when)
        assert problem == "the microphone stopped responding (was it unplugged?)"
        assert 0 < noticed - killed_at <= STALL_SECONDS + 1.0
        stopped = child.expect("stopped", timeout=10)
        assert stopped is not None, "Stop did not return within 10 s"
        seconds, rate = stopped.split()
        assert float(seconds) < 1.5 and int(rate) == CLIP_RATE
        assert child.finish(timeout=20) == 0  # no crash at exit
    take = np.fromfile(out, dtype=np.float32)
    assert len(take) / CLIP_RATE >= 2.2
    assert peak_frequency(take[round(0.9 * CLIP_RATE) : round(1.7 * CLIP_RATE)],
                          CLIP_RATE) == pytest.approx(523.25, abs=1.0)
