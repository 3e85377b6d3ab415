"""A take whose waveform sits off centre (a DC offset from the microphone's interface) is
trimmed and levelled as a centred one would be: the offset is not sound and not loudness.

A probe found a take with a 0.3 offset under a 0.05 tone kept whole (1.4 s of sound kept
as 3 s: the offset counted as sound) and turned down 9 dB (the offset counted as
loudness); Ogg Opus then took the offset out, so the saved clip was far below the target.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from painease.audio import takes
from painease.audio.takes import CLIP_RATE, Take, finish_take_raised, gated_rms_dbfs, save_opus
from tests.audio.conftest import require
from tests.audio.mic_rig import MicFileRig, record_briefly, silence_tone_silence


def _off_centre(offset: float, amplitude: float, rate: int = CLIP_RATE) -> np.ndarray:
    """0.8 s silence, 1 s tone, 0.8 s silence, then 1.4 s more silence, all at ``offset``
    (a microphone's offset lasts the whole take)."""
    sound = np.concatenate([silence_tone_silence(rate, amplitude), np.zeros(round(1.4 * rate))])
    return (sound + offset).astype(np.float32)


@pytest.mark.parametrize(("offset", "amplitude"), [(0.3, 0.05), (0.1, 0.25), (-0.2, 0.02)])
def test_an_off_centre_take_is_trimmed_and_levelled_as_a_centred_one(offset, amplitude):
    clip, raised = finish_take_raised(Take(_off_centre(offset, amplitude), CLIP_RATE))
    centred, centred_raised = finish_take_raised(Take(_off_centre(0.0, amplitude), CLIP_RATE))
    # 1 s of tone and 0.2 s of air kept at each end, as for the centred take.
    assert len(clip) / CLIP_RATE == pytest.approx(1.4, abs=0.02)
    assert len(clip) == len(centred)
    assert raised == pytest.approx(centred_raised, abs=0.1)
    # Its level as heard: Ogg Opus and play both take an offset out.
    heard = clip - np.mean(clip, dtype=np.float64)
    assert gated_rms_dbfs(heard, CLIP_RATE) == pytest.approx(takes.TARGET_RMS_DBFS, abs=0.5)
    assert abs(float(np.mean(clip))) < 1e-3  # and nothing is left for them to take out


def test_an_off_centre_take_from_the_microphone_is_saved_trimmed_at_the_target_level(tmp_path):
    require("portaudio")
    # Long enough that the offset lasts all of what is recorded (the rig reads zeros after).
    heard = np.concatenate([silence_tone_silence(CLIP_RATE, 0.05), np.zeros(10 * CLIP_RATE)])
    with MicFileRig(tmp_path / "mic", heard + 0.3):
        take = record_briefly()
    assert float(np.mean(take.samples[: CLIP_RATE // 2])) == pytest.approx(0.3, abs=0.01)
    clip, raised = finish_take_raised(take)
    path = save_opus(tmp_path / "clips" / "step-01.ogg", clip)
    saved, rate = soundfile.read(str(path), dtype="float32")
    assert 1.35 < len(saved) / rate < 1.45
    assert gated_rms_dbfs(saved, rate) == pytest.approx(takes.TARGET_RMS_DBFS, abs=0.5)
    assert raised > 0  # a 0.05 tone is raised to the target, never turned down


@pytest.mark.parametrize("stop_at", [2.6, 3.0])
def test_a_take_whose_offset_stops_in_the_silence_is_trimmed_to_its_sound(stop_at):
    # As when the rig's microphone file runs out (it reads zeros after): the offset stops
    # 0.8 s or more after the tone, between two 10 ms windows. Taking the whole take's mean
    # out left the silence on both sides of the stop off centre, and the take was kept
    # whole (4.1 s). (A stop inside a window is a click, and is kept as sound.)
    take = np.concatenate([silence_tone_silence(CLIP_RATE, 0.05), np.zeros(2 * CLIP_RATE)])
    take[: round(stop_at * CLIP_RATE)] += 0.3
    take = take.astype(np.float32)
    clip, _ = finish_take_raised(Take(take, CLIP_RATE))
    assert len(clip) / CLIP_RATE == pytest.approx(1.4, abs=0.02)
    heard = clip - np.mean(clip, dtype=np.float64)
    assert gated_rms_dbfs(heard, CLIP_RATE) == pytest.approx(takes.TARGET_RMS_DBFS, abs=0.5)
    assert abs(float(np.mean(clip))) < 1e-3
