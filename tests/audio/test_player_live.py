"""The live player through the real PortAudio library, on the rigs in rigs.py.

JACK (real time) for timing, ramps, drift and under-runs; the ALSA file sink (fast) for
clip formats; child processes where a fault (a killed audio server, no PortAudio) must
not touch this test process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from painease.audio.engine import MixSettings, State
from painease.audio.outputs import BLOCK_FRAMES
from painease.audio.player import STALL_SECONDS, Player
from painease.audio.render import render_session
from painease.domain.timeline import SegmentKind

from . import rigs
from .sessions import RATE, clip_session, onsets, wait_for, write_clip

REPO = Path(__file__).resolve().parents[2]
BLOCK = BLOCK_FRAMES  # the output block: the unit of timing tolerance
VOICE_ONLY = MixSettings(ambience=0.0, tones=0.0)



def play_to_end(player: Player, timeout: float = 30.0):
    """Play the whole session, close the player; returns its status just before closing."""
    player.play()
    wait_for(lambda: player.finished, timeout)
    status = player.status()
    player.close()
    return status


def test_captured_audio_is_the_offline_render_and_lands_on_time(jack, tmp_path):
    timeline = clip_session(tmp_path, seconds=8)
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    status = play_to_end(player)
    assert status.output == "device" and status.underruns == 0
    captured = jack.capture()
    rendered, _ = render_session(timeline, tmp_path, settings=VOICE_ONLY)
    offset = rigs.find_offset(captured, rendered)
    heard = captured[offset : offset + len(rendered)]
    assert len(heard) == len(rendered)
    assert np.corrcoef(heard[:, 0], rendered[:, 0])[0, 1] >= 0.99
    speech = [s.start for s in timeline.segments if s.kind is SegmentKind.SPEECH]
    found = onsets(heard)
    assert len(found) == len(speech)
    for expected, actual in zip(speech, found, strict=True):
        assert abs(actual - expected) <= BLOCK


def test_pause_resume_seek_volume_and_stop_make_no_clicks(jack, tmp_path):
    timeline = clip_session(tmp_path, seconds=12, clips={
        "s/a.wav": write_clip(tmp_path, "s/a.wav", 440, 3.0),
        "s/b.wav": write_clip(tmp_path, "s/b.wav", 660, 3.0),
        "s/c.wav": write_clip(tmp_path, "s/c.wav", 550, 3.0),
    })
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    player.play()
    wait_for(lambda: player.position_seconds > 1.0)
    player.pause()
    wait_for(lambda: player.engine.state is State.PAUSED)
    held = player.position_frames
    time.sleep(0.4)
    assert player.position_frames == held  # the clock waits with the audio
    player.play()
    wait_for(lambda: player.position_frames > held + RATE // 2)
    third = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][2]
    player.seek_frame(third.start + RATE)  # into the middle of the third clip
    wait_for(lambda: player.position_frames > third.start + RATE + RATE // 2)
    player.set_volume("master", 0.3)
    time.sleep(0.3)
    player.set_volume("master", 1.0)
    time.sleep(0.3)
    player.stop()
    wait_for(lambda: player.finished)
    player.close()
    captured = jack.capture()
    # A 660 Hz sine at 0.3 changes by at most 2*pi*660/48000*0.3 per sample; any click
    # (a jump to or from silence, or between clips) would be many times that.
    own_largest_step = 2 * np.pi * 660 / RATE * 0.3
    assert np.max(np.abs(np.diff(captured[:, 0]))) <= own_largest_step * 1.02


# A bare stream on the same JACK server, as long as the player plays: the floor for device
# under-runs. Its callback does nothing, so an under-run it sees is the machine's (the rig's
# jackd runs without real-time priority: a loaded machine starves it now and then). Both
# sides note when each under-run came (the monotonic clock is one for all processes).
FLOOR_CHILD = """
import json, sys, time
import sounddevice as sd
underflows = []

def callback(outdata, frames, time_info, status):
    if status.output_underflow:
        underflows.append(time.monotonic())
    outdata.fill(0)

with sd.OutputStream(device="system", samplerate=48000, blocksize={block}, channels=2,
                     dtype="float32", callback=callback):
    print("PLAYING", flush=True)
    sys.stdin.readline()
print("UNDERFLOWS", json.dumps(underflows), flush=True)
"""
FLOOR_NEAR_S = 2 * BLOCK / RATE  # a floor under-run this close explains the player's


def test_position_tracks_the_audio_for_a_minute_with_the_other_core_busy(
        jack, tmp_path, monkeypatch):
    from painease.audio.outputs import DeviceOutput

    player_underflows = []
    own_callback = DeviceOutput._callback

    def noting(self, outdata, frames, time_info, status):
        if status.output_underflow:
            player_underflows.append(time.monotonic())
        own_callback(self, outdata, frames, time_info, status)

    monkeypatch.setattr(DeviceOutput, "_callback", noting)
    timeline = clip_session(tmp_path, seconds=64)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        with rigs.PythonChild(FLOOR_CHILD.format(block=BLOCK), env=jack.child_env()) as floor:
            assert floor.expect("PLAYING", timeout=15) == ""
            player = Player(timeline, tmp_path, ambience="soft-rain")
            player.play()
            errors, ends = [], jack.capture_path
            while not player.finished:
                time.sleep(0.25)
                position = player.engine.position
                played = ends.stat().st_size // 8 if ends.exists() else 0  # float32 stereo
                errors.append((time.monotonic(), position - played))
            status = player.status()
            player.close()
            floor.send("done")
            floor_underflows = json.loads(floor.expect("UNDERFLOWS", timeout=15))
    finally:
        busy.kill()
        busy.wait()
    assert status.underruns == 0  # the engine always had its audio ready
    assert len(player_underflows) == player.engine.counters.device_underflows
    # The device never ran dry but when a stream doing nothing ran dry beside it at the same
    # moment (then the machine, not the player, missed real time).
    unexplained = [at for at in player_underflows
                   if not any(abs(at - other) <= FLOOR_NEAR_S for other in floor_underflows)]
    assert unexplained == [], (player_underflows, floor_underflows)
    assert player.position_frames == timeline.total_frames
    if floor_underflows:  # the player's own under-runs, if any, were all the machine's
        # A starved jackd also shifts how much sits in the ALSA plugin's buffer when the
        # capture's size is read (seen: the delivered-minus-captured difference moving by
        # two blocks in a run with other jobs on both cores), so the drift is judged only in
        # a run where a stream doing nothing kept real time.
        pytest.skip(f"the machine missed real time in this run ({len(floor_underflows)} "
                    f"under-runs of a do-nothing stream beside the player, "
                    f"{len(player_underflows)} of the player's, all at the same moments): "
                    "the clock's drift against the capture is not judged")
    steady = [error for _, error in errors[8:-4]]  # skip start-up and the final drain
    # What the callback has delivered and what reached the (real-time) device differ by
    # the buffering between them: a constant, so the clock does not drift.
    assert max(steady) - min(steady) <= 2 * BLOCK, (errors, floor_underflows)
    first, last = np.median(steady[:20]), np.median(steady[-20:])
    assert abs(last - first) <= BLOCK


@pytest.mark.parametrize(
    ("name", "rate", "channels", "fmt", "subtype"),
    [
        ("mono-22k.wav", 22_050, 1, "WAV", "PCM_16"),
        ("stereo-44k.ogg", 44_100, 2, "OGG", "VORBIS"),
        ("mono-44k.mp3", 44_100, 1, "MP3", "MPEG_LAYER_III"),
    ],
)
def test_clips_in_odd_formats_play_at_the_right_pitch_and_length(
        file_sink, tmp_path, name, rate, channels, fmt, subtype):
    clip = write_clip(tmp_path, f"s/{name}", 440, 2.0, rate=rate, channels=channels,
                      fmt=fmt, subtype=subtype)
    timeline = clip_session(tmp_path, seconds=6, clips={clip: clip})
    # The file sink plays ~300x faster than real time: read the whole session ahead.
    player = Player(timeline, tmp_path, settings=VOICE_ONLY, read_ahead_seconds=10)
    play_to_end(player)
    captured = file_sink.capture()
    speech = timeline.segments[0]
    offset = rigs.find_offset(captured, render_session(timeline, tmp_path, settings=VOICE_ONLY)[0])
    heard = captured[offset + speech.start : offset + speech.end, 0]
    spectrum = np.abs(np.fft.rfft(heard * np.hanning(len(heard))))
    assert abs(np.argmax(spectrum) * RATE / len(heard) - 440) < 2
    sounding = np.flatnonzero(np.abs(captured[offset:, 0]) > 0.05)
    assert abs((sounding[-1] - sounding[0]) / RATE - 2.0) < 0.06  # the clip's own length


def test_no_output_device_plays_silently_and_keeps_the_clock(no_audio_device, tmp_path):
    timeline = clip_session(tmp_path, seconds=8)
    player = Player(timeline, tmp_path)
    try:
        player.play()
        status = player.status()
        assert status.output == "silent"
        assert "audio device" in status.silent_reason or "output device" in status.silent_reason
        wait_for(lambda: player.position_seconds > 0.5)
    finally:
        player.close()


CHILD = """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from tests.audio.sessions import clip_session
    from painease.audio.player import Player
    folder = Path({folder!r})
    player = Player(clip_session(folder, seconds=30), folder)
    player.play()
    print("started", player.status().output, flush=True)
    for _ in range({ticks}):
        time.sleep(0.1)
        s = player.status()
        print("tick", time.monotonic(), round(player.position_seconds, 3), s.output,
              s.silent_reason, flush=True)
        if {enough}:
            break
    player.close()
    print("closed", flush=True)
"""


def test_without_portaudio_the_session_runs_silently(portaudio_missing_env, tmp_path):
    # Ticks until the clock has run 0.6 s (300 ticks, 30 s, only guard a hang): a fixed
    # 10 ticks could end before a loaded machine had started the silent clock.
    code = textwrap.dedent(CHILD).format(repo=str(REPO), folder=str(tmp_path), ticks=300,
                                         enough="player.position_seconds > 0.6")
    done = rigs.run_python(code, env=portaudio_missing_env, timeout=60)
    assert done.returncode == 0, done.stderr
    ticks = [line.split(" ", 4) for line in done.stdout.splitlines() if line.startswith("tick")]
    assert ticks and all(t[3] == "silent" for t in ticks)
    assert "PortAudio" in ticks[-1][4]
    assert float(ticks[-1][2]) > 0.6  # the clock ran


def test_losing_the_audio_server_mid_session_falls_back_to_silence(jack_server, tmp_path):
    code = textwrap.dedent(CHILD).format(repo=str(REPO), folder=str(tmp_path), ticks=40,
                                         enough=False)
    with rigs.PythonChild(code, env=jack_server.child_env()) as child:
        assert child.expect("started", timeout=20) == "device"
        child.expect("tick", timeout=5)
        time.sleep(1.0)
        killed_at = time.monotonic()  # one clock for both processes (CLOCK_MONOTONIC)
        jack_server.kill_server_now()
        lines = [child.expect("tick", timeout=5) for _ in range(35)]
        assert child.expect("closed", timeout=10) is not None
        code_at_exit = child.finish(timeout=20)
    ticks = [line.split(" ", 3) for line in lines]
    positions = [float(t[1]) for t in ticks]
    assert ticks[-1][2] == "silent" and "stopped responding" in ticks[-1][3]
    switched = next(i for i, t in enumerate(ticks) if t[2] == "silent")
    # Noticed within the watchdog's STALL_SECONDS after the server died, plus slack for a
    # busy machine (ticks read from the pipe include some from before the kill, so the
    # time is the child's own clock, not a count of ticks).
    assert 0 < float(ticks[switched][0]) - killed_at <= STALL_SECONDS + 1.0
    assert positions == sorted(positions)  # the clock never went back
    assert positions[-1] - positions[switched] > 1.0  # and kept going on the silent clock
    assert code_at_exit == 0  # no crash at exit (PortAudio's shutdown is skipped)


def test_switching_back_to_the_device_on_request_keeps_the_clock(jack, tmp_path):
    timeline = clip_session(tmp_path, seconds=10)
    player = Player(timeline, tmp_path, use_device=False)
    try:
        player.play()
        assert player.status().output == "silent"
        wait_for(lambda: player.position_seconds > 0.5)
        before = player.position_frames
        assert player.retry_device() is True
        assert player.status().output == "device" and player.status().silent_reason is None
        positions = [player.position_frames]
        while positions[-1] < before + RATE // 2:
            time.sleep(0.01)
            positions.append(player.position_frames)
        # The clock holds while the device's buffer fills: never back by its latency.
        assert before <= positions[0] and positions == sorted(positions)
    finally:
        player.close()
    assert np.max(np.abs(jack.capture())) > 0.05  # sound reached the device after the switch
