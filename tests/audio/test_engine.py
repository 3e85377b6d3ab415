"""The mixer, driven offline block by block: content, timing, ramps, faults. No device."""

from __future__ import annotations

import numpy as np
import pytest

from painease.audio.engine import TRANSPORT_RAMP_SECONDS, Engine, Layer, MixSettings, State
from painease.audio.feeds import DirectFeed
from painease.audio.layers import LayerSource
from painease.audio.render import render_session
from painease.domain.script import Breath
from painease.domain.timeline import SegmentKind

from .sessions import RATE, clip_session

QUIET = MixSettings(ambience=0.0, tones=0.0)


def drive(engine: Engine, frames: int, block: int = 512) -> np.ndarray:
    out = []
    buffer = np.zeros((block, 2), np.float32)
    for _ in range(0, frames, block):
        engine.fill(buffer)
        out.append(buffer.copy())
    return np.concatenate(out)


def onset(signal: np.ndarray, threshold: float = 0.02) -> int:
    return int(np.argmax(np.abs(signal[:, 0]) > threshold))


def max_step(signal: np.ndarray) -> float:
    return float(np.max(np.abs(np.diff(signal[:, 0]))))


def test_render_is_exactly_as_long_as_the_timeline_and_speech_lands_on_time(tmp_path):
    timeline = clip_session(tmp_path)
    audio, problems = render_session(timeline, tmp_path, settings=QUIET)
    assert problems == []
    assert audio.shape == (timeline.total_frames, 2) and audio.dtype == np.float32
    speech = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH]
    for segment in speech[1:]:
        window = audio[segment.start - 2400 : segment.end]
        # The clip's own 10 ms fade-in reaches the threshold within a few ms of the start.
        assert abs(onset(window) - 2400) < 0.01 * RATE
    # Silence between clips is silent.
    gap = next(s for s in timeline.segments if s.kind is SegmentKind.SILENCE)
    assert np.max(np.abs(audio[gap.start + 100 : gap.end - 100])) < 1e-6


def test_resampled_clip_keeps_its_pitch(tmp_path):
    timeline = clip_session(tmp_path)  # clips are 22.05 kHz mono; the session is 48 kHz
    audio, _ = render_session(timeline, tmp_path, settings=QUIET)
    first = timeline.segments[0]
    part = audio[first.start + 4800 : first.end - 4800, 0]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    peak = np.argmax(spectrum) * RATE / len(part)
    assert abs(peak - 440) < 2


def test_pause_resume_seek_and_stop_are_ramped_not_clicks(tmp_path):
    timeline = clip_session(tmp_path)
    source = LayerSource(timeline, tmp_path)
    engine = Engine(timeline, DirectFeed(source), QUIET)
    first = timeline.segments[0]
    engine.play()
    out = [drive(engine, 24_000)]  # half a second into the first clip
    engine.pause()
    out.append(drive(engine, 9_600))
    assert engine.state is State.PAUSED
    paused_at = engine.position
    out.append(drive(engine, 4_800))
    assert engine.position == paused_at  # the clock stands still while paused
    engine.play()
    out.append(drive(engine, 9_600))
    engine.seek(first.start + 30_000)
    out.append(drive(engine, 9_600))
    engine.set_gain(Layer.MASTER, 0.2)
    out.append(drive(engine, 9_600))
    engine.stop()
    out.append(drive(engine, 4_800))
    assert engine.state is State.STOPPED
    played = np.concatenate(out)
    # A 440 Hz sine at 0.3 steps by at most 2*pi*440/48000*0.3 ≈ 0.0173 per sample;
    # a click would be a jump of up to 0.3.
    own = 2 * np.pi * 440 / RATE * 0.3
    assert max_step(played) <= own * 1.05


def test_seek_moves_the_clock_and_the_content(tmp_path):
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    target = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][2]
    engine.play()
    drive(engine, 4096)
    engine.seek(target.start)
    drive(engine, 2048)  # the 20 ms fade-out, then the jump
    assert target.start <= engine.position <= target.start + 2048
    audio = drive(engine, 9600)
    spectrum = np.abs(np.fft.rfft(audio[2000:, 0]))
    assert abs(np.argmax(spectrum) * RATE / len(audio[2000:]) - 550) < 10


@pytest.mark.parametrize("order", ["pause, seek", "seek, pause", "play, pause, seek"])
def test_a_pause_and_a_seek_asked_together_both_happen(tmp_path, order):
    """A pause and a seek that reach the engine within one fade (a busy machine, a quick
    hand, or straight after the start, before the first block) are both carried out: the
    clock waits at the seek's frame, silent. (One used to replace the other: the pause was
    lost and the session played on while the page showed "Continue", or the seek was.)"""
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    target = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][1].start + 4800
    if order != "play, pause, seek":
        engine.play()
        drive(engine, 9600)  # sounding
    calls = {"play": engine.play, "pause": engine.pause,
             "seek": lambda: engine.seek(target)}
    for name in order.split(", "):
        calls[name]()
    drive(engine, 2048)  # the 20 ms fade-out
    assert engine.state is State.PAUSED
    assert engine.position == target
    after = drive(engine, 9600)
    assert engine.position == target  # the clock stays put
    assert np.max(np.abs(after)) == 0.0  # and nothing is heard


def test_a_seek_while_playing_plays_on_and_a_play_during_its_fade_keeps_it(tmp_path):
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    target = timeline.total_frames // 2
    engine.play()
    drive(engine, 9600)
    engine.pause()
    engine.seek(target)
    engine.play()  # the patient carried on: the pause is called off, the seek is not
    drive(engine, 2048)
    assert engine.state is State.PLAYING and target < engine.position <= target + 2048
    moved = engine.position
    drive(engine, 4096)
    assert engine.position == moved + 4096


def test_the_time_played_leaves_out_seeks_and_pauses_and_keeps_across_a_rate(tmp_path):
    from painease.audio import rates

    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    engine.play()
    drive(engine, 4096)
    assert engine.counters.played == engine.position == 4096
    target = timeline.total_frames // 2
    engine.seek(target)  # far ahead: the frames jumped over are not played time
    drive(engine, 2048)  # the 20 ms fade-out, silence to its block's end, then the target
    assert target < engine.position < target + 2048
    fade_heard = round(TRANSPORT_RAMP_SECONDS * RATE) - 1  # the frames above gain 0
    assert engine.counters.played == 4096 + fade_heard + engine.position - target
    engine.pause()
    drive(engine, 2048)  # the fade-out plays; then silence
    paused_at = engine.counters.played
    assert 4096 + 2048 < paused_at < 4096 + 2 * 2048
    drive(engine, 8192)
    assert engine.counters.played == paused_at  # paused blocks play nothing
    # Moved to a device's own rate: the time played goes on in that rate's frames.
    other = rates.at_rate(timeline, 44_100)
    moved = engine.continued_at(other, DirectFeed(LayerSource(other, tmp_path)))
    assert moved.counters.played == rates.convert(paused_at, RATE, 44_100)


def test_missing_clip_becomes_silence_and_is_reported(tmp_path):
    timeline = clip_session(tmp_path)
    (tmp_path / "s" / "two.wav").unlink()
    audio, problems = render_session(timeline, tmp_path, settings=QUIET)
    assert audio.shape[0] == timeline.total_frames
    two = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][1]
    assert np.max(np.abs(audio[two.start : two.end])) < 1e-6
    assert len(problems) == 1 and "step 2" in problems[0] and "silence" in problems[0]
    three = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][2]
    assert np.max(np.abs(audio[three.start : three.end])) > 0.1  # the session went on


def test_truncated_clip_plays_what_it_has_then_silence(tmp_path):
    timeline = clip_session(tmp_path)
    path = tmp_path / "s" / "three.wav"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    audio, _ = render_session(timeline, tmp_path, settings=QUIET)
    three = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][2]
    assert audio.shape[0] == timeline.total_frames
    assert np.max(np.abs(audio[three.start : three.start + RATE // 2])) > 0.1


def test_ambience_ducks_under_the_voice(tmp_path):
    timeline = clip_session(tmp_path)
    settings = MixSettings(narration=1.0, tones=0.0, ambience=1.0, duck_db=12.0)
    audio, _ = render_session(timeline, tmp_path, ambience="brown-noise", settings=settings)
    voice, _ = render_session(timeline, tmp_path, ambience="none", settings=settings)
    audio = audio - voice  # the bed alone, as it plays under the voice (the mix is a sum)
    speech = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][1]
    gap = [s for s in timeline.segments if s.kind is SegmentKind.SILENCE][1]

    def rms(part):
        return float(np.sqrt(np.mean(part**2)))

    during = rms(audio[speech.start + 4800 : speech.end - 4800])
    between = rms(audio[gap.start + RATE : gap.end - RATE])
    assert 20 * np.log10(between / during) == pytest.approx(12.0, abs=1.5)


def test_breathing_tones_sound_during_breaths(tmp_path):
    breath = Breath(inhale=2, exhale=3, cycles=2)
    timeline = clip_session(tmp_path, seconds=30, breath=breath)
    settings = MixSettings(narration=0.0, ambience=0.0, tones=1.0)
    audio, _ = render_session(timeline, tmp_path, settings=settings)
    inhales = [s for s in timeline.segments if s.kind is SegmentKind.INHALE]
    assert len(inhales) == 2
    for segment in inhales:
        middle = audio[segment.start + RATE // 2 : segment.end - RATE // 2]
        assert np.sqrt(np.mean(middle**2)) > 0.01


def test_session_ends_by_itself(tmp_path):
    timeline = clip_session(tmp_path, seconds=15, end_chime=True)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)))
    engine.play()
    audio = drive(engine, timeline.total_frames + 4096)
    assert engine.state is State.ENDED and engine.position == timeline.total_frames
    assert np.max(np.abs(audio[timeline.total_frames :])) == 0.0
    assert np.max(np.abs(audio[timeline.total_frames - 64 : timeline.total_frames])) < 0.01


def test_live_sized_blocks_give_the_same_audio_as_the_offline_render(tmp_path):
    timeline = clip_session(tmp_path, seconds=12)
    rendered, _ = render_session(timeline, tmp_path, ambience="soft-rain")
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path, "soft-rain")))
    engine.play()
    live = drive(engine, timeline.total_frames, block=512)[: timeline.total_frames]
    assert np.array_equal(live, rendered)


def test_the_last_partial_block_is_not_an_underrun(tmp_path):
    timeline = clip_session(tmp_path, seconds=8)  # 384000 frames: not a multiple of 2048
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)))
    engine.play()
    drive(engine, timeline.total_frames + 4096, block=2048)
    assert engine.state is State.ENDED and engine.counters.underruns == 0


def test_changing_the_background_mid_session_crossfades_without_a_click(tmp_path):
    from painease.audio.layers import AMBIENCE, AMBIENCE_SWITCH_SECONDS

    timeline = clip_session(tmp_path, seconds=20.0)

    def bed_layer(source: LayerSource, start: int, stop: int, block: int = 2048,
                  switch_at: int | None = None) -> np.ndarray:
        parts = []
        for at in range(start, stop, block):
            if switch_at is not None and at == switch_at:
                source.request_ambience("soft-rain")
            parts.append(source.render(at, min(block, stop - at))[:, AMBIENCE])
        return np.concatenate(parts)

    switch = 4 * 2048 * 3  # ~1.5 s into the session, on a block boundary
    end = switch + 3 * RATE
    brown = bed_layer(LayerSource(timeline, tmp_path, "brown-noise"), 0, end)
    rain = bed_layer(LayerSource(timeline, tmp_path, "soft-rain"), 0, end)
    heard = bed_layer(LayerSource(timeline, tmp_path, "brown-noise"), 0, end, switch_at=switch)

    fade = round(AMBIENCE_SWITCH_SECONDS * RATE)
    np.testing.assert_array_equal(heard[:switch], brown[:switch])  # nothing changes early
    done = (np.arange(switch, switch + fade) - switch) / fade
    expected = (rain[switch : switch + fade] * np.sin(0.5 * np.pi * done)[:, None]
                + brown[switch : switch + fade] * np.cos(0.5 * np.pi * done)[:, None])
    np.testing.assert_allclose(heard[switch : switch + fade], expected, atol=1e-6)
    np.testing.assert_array_equal(heard[switch + fade :], rain[switch + fade :])
    # No click: the biggest sample-to-sample step through the switch is no bigger than the
    # beds' own steps.
    around = slice(switch - 2048, switch + fade)
    assert max_step(heard[around]) <= 1.05 * max(max_step(brown[around]),
                                                 max_step(rain[around]))


def test_a_background_file_that_cannot_play_is_reported_and_the_old_bed_fades_out(tmp_path):
    from painease.audio.layers import AMBIENCE

    timeline = clip_session(tmp_path, seconds=20.0)
    broken = tmp_path / "not-audio.ogg"
    broken.write_bytes(b"this is not an ogg file")
    source = LayerSource(timeline, tmp_path, "warm-drone")
    source.render(0, 4 * RATE)
    source.request_ambience(broken)
    source.render(4 * RATE, 3 * RATE)  # the crossfade to nothing
    after = source.render(7 * RATE, RATE)[:, AMBIENCE]
    assert np.all(after == 0.0)
    assert any("ambience" in problem and "not-audio.ogg" in problem
               for problem in source.problems)
    source.close()


def test_an_engine_is_starting_until_its_first_block_and_paused_only_when_asked(tmp_path):
    """Before the audio thread takes up the first ``play`` the session has not begun: it
    says "starting", not "paused" (it used to say "paused", so a caller waiting for a
    pause saw one that nobody asked for). A pause asked before the first block is one."""
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    assert engine.state is State.STARTING and not engine.finished
    engine.seek(RATE)  # moving the start is not a pause either
    engine.play()
    assert engine.state is State.STARTING  # asked, not yet taken up by the audio thread
    drive(engine, 512)
    assert engine.state is State.PLAYING and engine.position == RATE + 512
    waiting = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    waiting.play()
    waiting.pause()
    drive(waiting, 512)
    assert waiting.state is State.PAUSED
