"""A chosen sound output that is not connected now (the headset in Settings, unplugged):
the session plays through the system's default output instead, says which choice was
passed over, and keeps trying the choice first. Real PortAudio, Rig 1 (file sink)."""

from __future__ import annotations

import numpy as np

from painease.audio.player import Player
from tests.audio.sessions import clip_session, wait_for


def play_through(tmp_path, device):
    timeline = clip_session(tmp_path / "clips", seconds=8)
    player = Player(timeline, tmp_path / "clips", device=device)
    try:
        player.play()
        wait_for(lambda: player.finished, 60)
        return player.status()
    finally:
        player.close()


def test_a_missing_chosen_output_plays_through_the_default_and_says_so(tmp_path, file_sink):
    status = play_through(tmp_path, "USB Headset")
    assert status.output == "device"
    assert status.silent_reason is None
    assert status.missing_output == "USB Headset"
    heard = file_sink.capture()
    assert np.abs(heard).max() > 0.1  # the clips were heard through the rig's default


def test_a_chosen_output_that_is_there_is_used_and_nothing_is_said(tmp_path, file_sink):
    status = play_through(tmp_path, "default")  # Rig 1's one output, by name
    assert status.output == "device"
    assert status.missing_output is None
    assert np.abs(file_sink.capture()).max() > 0.1


def test_with_no_output_at_all_the_session_is_silent_as_before(tmp_path, no_audio_device):
    timeline = clip_session(tmp_path / "clips", seconds=8)
    player = Player(timeline, tmp_path / "clips", device="USB Headset")
    try:
        player.play()
        status = player.status()
        assert status.output == "silent"
        assert status.missing_output is None
        assert "USB Headset" not in status.silent_reason
        assert player.retry_device() is False
    finally:
        player.close()
