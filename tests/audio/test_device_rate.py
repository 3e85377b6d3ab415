"""A device that will not run at the session's 48 kHz (here a JACK server at 44.1 kHz).

The player opens it at its own rate and renders the session rescaled to that rate; the
clock that captions, progress and live ratings follow stays in the session's 48 kHz
frames and in step with what is heard.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from painease.audio.engine import MixSettings
from painease.audio.outputs import BLOCK_FRAMES
from painease.audio.player import Player
from painease.audio.rates import at_rate
from painease.audio.render import render_session
from painease.domain.timeline import SegmentKind
from painease.session import GuidedSession, Stage
from painease.storage import SessionStore

from . import rigs
from .sessions import RATE, clip_session, onsets, wait_for

DEVICE_RATE = 44_100
VOICE_ONLY = MixSettings(ambience=0.0, tones=0.0)


def pitch(audio: np.ndarray, rate: int) -> float:
    """The frequency of a steady sine, from its upward zero crossings."""
    ups = np.flatnonzero((audio[:-1] < 0) & (audio[1:] >= 0))
    return rate * (len(ups) - 1) / (ups[-1] - ups[0])


def test_a_44k1_device_plays_the_session_in_time_on_the_session_clock(jack_44k1, tmp_path):
    timeline = clip_session(tmp_path, seconds=8)  # fitted at 48 kHz, as every session is
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    player.play()
    lags = []  # (session clock - seconds the device has played)
    while not player.finished:
        time.sleep(0.1)
        if player.engine.finished:
            continue  # the device plays out the end: silence, which the clock does not count
        played = jack_44k1.capture_path.stat().st_size // 8 if jack_44k1.capture_path.exists() \
            else 0  # float32 stereo frames at the device's rate
        lags.append(player.position_seconds - played / DEVICE_RATE)
    status = player.status()
    player.close()
    assert status.output == "device", status.silent_reason
    assert status.underruns == 0
    assert player.position_frames == timeline.total_frames  # the session's own last frame
    # The clock runs at the speed of the audio heard: counted in 48 kHz frames while the
    # device plays 44.1 kHz, the difference stays the device's buffering (a constant).
    # Counting device frames as 48 kHz ones would drift by 8 % (~0.6 s over 8 s).
    steady = lags[5:-3]
    assert max(steady) - min(steady) <= 2 * BLOCK_FRAMES / DEVICE_RATE
    captured = jack_44k1.capture()
    rendered, _ = render_session(at_rate(timeline, DEVICE_RATE), tmp_path, settings=VOICE_ONLY)
    offset = rigs.find_offset(captured, rendered)
    heard = captured[offset : offset + len(rendered)]
    assert len(heard) == len(rendered)  # the whole session, 8 s at 44.1 kHz
    assert np.corrcoef(heard[:, 0], rendered[:, 0])[0, 1] >= 0.99
    speech = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH]
    found = onsets(heard, DEVICE_RATE)
    assert len(found) == len(speech)
    for segment, frame in zip(speech, found, strict=True):  # each line at its millisecond
        assert abs(frame / DEVICE_RATE - segment.start / RATE) <= BLOCK_FRAMES / DEVICE_RATE
    first = heard[found[0] + DEVICE_RATE // 10 : found[0] + DEVICE_RATE, 0]
    assert pitch(first, DEVICE_RATE) == pytest.approx(440, rel=0.005)  # not 404 or 479 Hz


def test_sound_again_on_a_44k1_device_goes_on_from_the_same_moment(jack_44k1, tmp_path):
    timeline = clip_session(tmp_path, seconds=10)
    player = Player(timeline, tmp_path, use_device=False)  # silent, at 48 kHz
    try:
        player.play()
        wait_for(lambda: player.position_seconds > 0.5)
        before = player.position_frames
        assert player.retry_device() is True
        after = player.position_frames
        assert player.status().output == "device" and player.status().silent_reason is None
        assert before <= after <= before + RATE // 10  # no jump, back or forward
        positions = []
        while player.position_seconds < before / RATE + 1.0:
            positions.append(player.position_frames)
            time.sleep(0.01)
        assert positions == sorted(positions)
        third = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH][2]
        player.seek_frame(third.start)  # in the session's frames, as the transcript does
        wait_for(lambda: player.segment is third or player.position_frames > third.start)
        assert player.segment is third  # the caption the patient asked for
    finally:
        player.close()
    assert np.max(np.abs(jack_44k1.capture())) > 0.05  # sound reached the device


def test_live_ratings_and_the_stored_length_are_milliseconds_of_the_session(
        jack_44k1, tmp_path):
    timeline = clip_session(tmp_path, seconds=6)
    with SessionStore(tmp_path / "db.sqlite3") as store:
        session = GuidedSession(store, timeline, tmp_path, 0.1, settings=VOICE_ONLY)
        session.begin()
        session.submit_pre(5, 5)
        try:
            wait_for(lambda: session.player.position_seconds > 2.0)
            t_ms, _ = session.record_live(4)
            heard_ms = session.player.position_seconds * 1000
            assert abs(t_ms - heard_ms) <= 50
            assert session.status().output == "device", session.status().silent_reason
            wait_for(lambda: (session.tick(), session.stage)[1] is Stage.POST_RATING, 15)
            outcome = session.skip_post()
        finally:
            session.close()
        stored = store.session(outcome.session_id)
        samples = store.live_samples(outcome.session_id)
    assert outcome.ended == "completed" and outcome.elapsed_ms == 6000
    assert stored.elapsed_ms == 6000 and stored.audio_note is None  # it was not silent
    assert [(s.t_ms, s.value) for s in samples] == [(t_ms, 4.0)]
    assert 2000 <= t_ms <= 3000
