"""The background ducks under the voice only when there is a voice to hear: with the
voice's volume at 0, or a line with no recording (read from the caption), the bed stays
steady. Offline through the mixer, and live through real PortAudio (Rig 2)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from painease.audio.engine import Engine, Layer, MixSettings
from painease.audio.feeds import DirectFeed
from painease.audio.layers import LayerSource
from painease.audio.player import Player
from painease.audio.render import render_session
from painease.domain.script import FlexiblePause, Phase, Script, Step
from painease.domain.timeline import SegmentKind, fit_to_frames
from tests.audio import rigs

from .sessions import RATE, clip_session, wait_for

VOICE_OFF = MixSettings(narration=0.0, tones=0.0, ambience=0.6, duck_db=10.0)


def rms(part: np.ndarray) -> float:
    return float(np.sqrt(np.mean(part[:, 0] ** 2)))


def second_line(timeline):
    return [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][1]


def test_with_the_voice_at_0_the_bed_is_steady_through_a_spoken_line(tmp_path):
    timeline = clip_session(tmp_path)
    audio, _ = render_session(timeline, tmp_path, ambience="brown-noise", settings=VOICE_OFF)
    undimmed, _ = render_session(timeline, tmp_path, ambience="brown-noise",
                                 settings=replace(VOICE_OFF, duck_db=0.0))
    line = second_line(timeline)
    assert rms(audio[line.start : line.end]) > 0.005  # the bed plays under the line
    np.testing.assert_allclose(audio, undimmed, atol=1e-6)  # was 10 dB lower there


def test_turning_the_voice_up_from_0_brings_the_ducking_in_gently(tmp_path):
    timeline = clip_session(tmp_path)
    middle = (second_line(timeline).start + second_line(timeline).end) // 2
    block = np.zeros((512, 2), np.float32)

    def run(settings: MixSettings, voice_at_middle: float | None) -> np.ndarray:
        source = LayerSource(timeline, tmp_path, "brown-noise")
        engine = Engine(timeline, DirectFeed(source), settings)
        engine.play()
        out = []
        while engine.position < middle + RATE // 2:
            if voice_at_middle is not None and engine.position == middle // 512 * 512:
                engine.set_gain(Layer.NARRATION, voice_at_middle)
            engine.fill(block)
            out.append(block.copy())
        source.close()
        return np.concatenate(out)

    turned_up = run(VOICE_OFF, 0.001)  # barely: the voice can be heard, so the bed ducks
    voiced = run(replace(VOICE_OFF, narration=0.001), None)
    at = middle // 512 * 512
    steady = rms(turned_up[at - RATE // 4 : at])
    after = rms(turned_up[at + RATE // 4 :])
    assert db(steady, after) > 7  # ducked (by 10 dB, as the bed's level allows)
    np.testing.assert_allclose(turned_up[at + RATE // 4 :], voiced[at + RATE // 4 :],
                               atol=1e-6)
    # The bed glides down (GAIN_RAMP_SECONDS), no step: no jump between two samples
    # bigger than the bed's own sample-to-sample movement nearby.
    turn = np.abs(np.diff(turned_up[at - 256 : at + RATE // 10, 0]))
    nearby = np.abs(np.diff(turned_up[at - RATE // 4 : at, 0]))
    assert turn.max() <= 1.5 * nearby.max()


def db(a: float, b: float) -> float:
    return float(20 * np.log10(a / b))


def test_a_line_without_a_recording_does_not_duck_the_bed(tmp_path):
    """A script with no recordings is read from its captions: nothing is spoken, so the
    bed does not dip at each line."""
    steps = [Step(phase=phase, text="A line read on the screen, with no recording of it.",
                  pause=FlexiblePause(min=2, weight=1))
             for phase in (Phase.SETTLE, Phase.SAFETY, Phase.CLOSING)]
    script = Script(format=1, id="no-recordings", title="T", kind="relaxation", summary="s",
                    when_to_use="w", lengths=[0.5], end_chime=False, steps=steps)
    timeline = fit_to_frames(script, 30 * RATE, RATE, {})
    settings = MixSettings(narration=1.0, tones=0.0, ambience=0.6, duck_db=10.0)
    audio, _ = render_session(timeline, tmp_path, ambience="brown-noise", settings=settings)
    undimmed, _ = render_session(timeline, tmp_path, ambience="brown-noise",
                                 settings=replace(settings, duck_db=0.0))
    assert rms(audio[second_line(timeline).start : second_line(timeline).end]) > 0.005
    np.testing.assert_allclose(audio, undimmed, atol=1e-6)


def test_live_with_the_voice_at_0_the_bed_is_steady_through_a_spoken_line(tmp_path,
                                                                           jack):
    """As the probe measured it: what PortAudio played, recorded by the real-time rig (Rig
    2), is the mix with no ducking at all."""
    timeline = clip_session(tmp_path, seconds=12)
    player = Player(timeline, tmp_path, ambience="brown-noise", settings=VOICE_OFF)
    try:
        player.play()
        wait_for(lambda: player.finished, 60)
        assert player.status().output == "device"
    finally:
        player.close()
    undimmed, _ = render_session(timeline, tmp_path, ambience="brown-noise",
                                 settings=replace(VOICE_OFF, duck_db=0.0))
    heard = jack.capture()
    offset = rigs.assert_capture_matches(heard, undimmed, atol=1e-6)
    line = second_line(timeline)
    assert rms(heard[offset + line.start : offset + line.end]) > 0.005
