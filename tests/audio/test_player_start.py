"""A player's state from ``play()`` to its first block, through the real PortAudio stack
(the JACK rig, real time): "starting", then "playing"; never "paused" unless asked."""

from __future__ import annotations

from painease.audio.engine import MixSettings, State
from painease.audio.player import Player

from .sessions import clip_session, wait_for

VOICE_ONLY = MixSettings(ambience=0.0, tones=0.0)


def test_a_session_just_started_is_not_paused_before_its_first_block(jack, tmp_path):
    """Read from ``play()`` until the device has taken content, the state is "starting"
    or "playing". It used to say "paused" until the first block, so a caller (a test, the
    CLI) waiting for a pause could see one that was never asked for."""
    timeline = clip_session(tmp_path, seconds=6)
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    try:
        assert player.status().state == "starting"  # not played yet: nothing is paused
        player.play()
        seen = [player.status().state]
        while player.played_frames == 0:
            seen.append(player.status().state)
        seen.append(player.status().state)
        assert set(seen) <= {"starting", "playing"}, seen
        assert seen[-1] == "playing" and player.status().output == "device"
    finally:
        player.close()


def test_a_toggle_straight_after_play_pauses(jack, tmp_path):
    """``toggle()`` before the first block pauses, as it does once the session plays: it
    asked the engine's state, which said "paused" then, so it played again instead."""
    timeline = clip_session(tmp_path, seconds=6)
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    try:
        player.play()
        player.toggle()
        wait_for(lambda: player.engine.state is State.PAUSED, timeout=5)
        held = player.position_frames
        wait_for(lambda: player._output.callbacks() > 20, timeout=5)  # blocks go by
        assert player.engine.state is State.PAUSED and player.position_frames == held
    finally:
        player.close()
