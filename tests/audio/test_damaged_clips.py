"""Clips damaged in ways the Library cannot see (it reads only their headers) are said when
they play, as ``painease check`` says them: a float WAV that peaks past full scale (the
mixer clips it) and a WAV holding less than its header says (it falls silent early). The
session plays on. Through the offline render and the live player on Rig 1."""

from __future__ import annotations

import numpy as np
import soundfile

from painease.audio.clips import ClipError, ClipTooLoud, checked_clip
from painease.audio.engine import MixSettings
from painease.audio.layers import LayerSource
from painease.audio.player import Player
from painease.audio.render import render_session
from painease.domain.timeline import SegmentKind

from .sessions import RATE, clip_session, wait_for

VOICE_ONLY = MixSettings(tones=0.0, ambience=0.0)


def damaged_clips(root):
    """``s/loud.wav``: 1 s of a float sine rising from half full scale to a peak of +6 dBFS
    at its end; ``s/cut.wav``: 16-bit, its header says 2 s, but the file was cut after 1 s.
    Their expected problems, by step. (The player and render once said of the loud clip
    the first peak past the limit, "+0.5 dBFS", not its true one.)"""
    (root / "s").mkdir(parents=True)
    wave = np.sin(2 * np.pi * 200 * np.arange(2 * RATE) / RATE).astype(np.float32)
    rising = np.linspace(0.5, 2.0, RATE, dtype=np.float32)
    soundfile.write(root / "s" / "loud.wav", rising * wave[:RATE], RATE, subtype="FLOAT")
    cut = root / "s" / "cut.wav"
    soundfile.write(cut, 0.3 * wave, RATE, subtype="PCM_16")
    cut.write_bytes(cut.read_bytes()[: -2 * RATE])  # one second of 16-bit mono is gone
    return [f"step 1: the clip {root / 's' / 'loud.wav'} peaks at +6.0 dBFS, past full scale, "
            "so its loudest parts play distorted",
            f"step 2: the clip {cut} holds 1.00 s but its header says 2.00 s; it is damaged or "
            "cut short; played what it holds, then silence"]


def test_check_refuses_both_in_the_words_the_player_uses(tmp_path):
    said = damaged_clips(tmp_path)
    for name, problem, kind in (("loud.wav", said[0], ClipTooLoud),
                                ("cut.wav", said[1], ClipError)):
        try:
            checked_clip(tmp_path / "s" / name)
        except kind as exc:
            words = problem.split(": ", 1)[1].replace("parts play", "parts would play")
            assert exc.problem == words.removesuffix("; played what it holds, then silence")
        else:
            raise AssertionError(f"{name} passed the check")


def test_the_render_says_a_clip_too_loud_and_a_clip_cut_short_and_plays_on(tmp_path):
    # Once both played without a word: the loud one hard-clipped (tens of thousands of
    # samples at full scale), the cut one falling silent half-way through its step.
    said = damaged_clips(tmp_path)
    timeline = clip_session(tmp_path, seconds=10, clips={"s/loud.wav": 0, "s/cut.wav": 0})
    audio, problems = render_session(timeline, tmp_path, settings=VOICE_ONLY)
    assert problems == said
    loud, cut = (s for s in timeline.segments if s.kind is SegmentKind.SPEECH)
    assert np.abs(audio[loud.start : loud.end]).max() > 0.99  # played, as it is
    heard = np.flatnonzero(np.abs(audio[cut.start : cut.end, 0]) > 0.01)
    assert len(heard) and heard[-1] < RATE  # what it holds plays
    for block in (2048, 257):  # as the live player reads it: said once, whatever the blocks
        source = LayerSource(timeline, tmp_path)
        for at in range(0, timeline.total_frames, block):
            source.render(at, min(block, timeline.total_frames - at))
        source.render(loud.start + 100, 1000)  # a seek back into the loud clip
        source.close()
        assert list(source.problems) == said, block


def test_a_loud_clip_stopped_part_way_is_said_with_the_peak_it_reached(tmp_path):
    # Stopped half-way (the session's end, or a skip), the clip is said as far as it was
    # read: "at least", since the rest was never decoded.
    damaged_clips(tmp_path)
    timeline = clip_session(tmp_path, seconds=10, clips={"s/loud.wav": 0})
    [loud] = (s for s in timeline.segments if s.kind is SegmentKind.SPEECH)
    source = LayerSource(timeline, tmp_path)
    source.render(0, loud.start + RATE // 2)  # up to half-way through the clip
    source.close()
    [said] = source.problems
    assert said.startswith(f"step 1: the clip {tmp_path / 's' / 'loud.wav'} peaks at least "
                           "at +"), said
    peak = float(said.split(" at +")[1].split(" dBFS")[0])
    assert 1.5 < peak < 3.0, said  # 1.25-1.3 of full scale by then: about +2 dBFS


def test_a_clean_session_says_nothing(tmp_path):
    (tmp_path / "s").mkdir()
    wave = np.sin(2 * np.pi * 200 * np.arange(RATE) / RATE).astype(np.float32)
    soundfile.write(tmp_path / "s" / "full.wav", wave, RATE, subtype="FLOAT")  # 0 dBFS
    soundfile.write(tmp_path / "s" / "whole.wav", 0.3 * wave, RATE, subtype="PCM_16")
    timeline = clip_session(tmp_path, seconds=8, clips={"s/full.wav": 0, "s/whole.wav": 0})
    assert render_session(timeline, tmp_path, settings=VOICE_ONLY)[1] == []


def test_the_live_player_says_them_too(file_sink, tmp_path):
    said = damaged_clips(tmp_path)
    timeline = clip_session(tmp_path, seconds=8, clips={"s/loud.wav": 0, "s/cut.wav": 0})
    player = Player(timeline, tmp_path, settings=VOICE_ONLY, read_ahead_seconds=10)
    try:
        player.play()
        wait_for(lambda: player.finished)
        assert player.status().output == "device"
        assert [p for p in player.status().problems if p.startswith("step")] == said
    finally:
        player.close()
    assert np.abs(file_sink.capture()).max() > 0.99  # it was played, through the device
