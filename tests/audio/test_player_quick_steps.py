"""Steps skipped quickly, before the audio thread has taken the last seek: each press
counts from where the one before went, not from the clock (which moves to a seek only at
the next block). The silent clock runs slowed down (a block every ~2 s), so the presses
here surely come between two blocks: they are what a patient does within ~43 ms."""

from __future__ import annotations

import pytest

from painease.audio.player import Player

from .sessions import RATE, clip_session, wait_for

SLOW = 0.02  # 2048 frames at 48 kHz, slowed 50 times: a block every 2.1 s


@pytest.fixture
def player(tmp_path):
    timeline = clip_session(tmp_path, seconds=20)  # steps start at 0, 4.33 s and 10.5 s
    made = Player(timeline, tmp_path, use_device=False, silent_speed=SLOW)
    yield made
    made.close()


def blocks(player: Player) -> int:
    return player._output.callbacks()


def just_after_a_block(player: Player, at: int) -> int:
    """Play from frame ``at``; return (the blocks so far) just after a block taken there:
    the next one is ~2 s away."""
    player.seek_frame(at)
    player.play()
    wait_for(lambda: player.played_frames > 0)
    taken = blocks(player)
    wait_for(lambda: blocks(player) > taken)  # a fresh block: ~2 s to the next
    assert player.position_frames >= at
    return blocks(player)


def test_next_twice_quickly_skips_two_steps(player):
    starts = player.timeline.step_starts()
    just_after_a_block(player, 0)
    player.next_step()
    player.next_step()
    wait_for(lambda: player.position_frames >= starts[1])
    assert player.segment.step == 2, "the second press counted from where the first began"


def test_next_then_previous_quickly_comes_back_to_this_step(player):
    starts = player.timeline.step_starts()
    taken = just_after_a_block(player, starts[1])  # just into the middle step
    player.next_step()  # to the last step…
    player.previous_step()  # …and back: this step's start, not the one before it
    wait_for(lambda: blocks(player) > taken)  # the block that takes both
    assert player.segment.step == 1
    assert starts[1] <= player.position_frames < starts[1] + 2048


def test_previous_pressed_quickly_goes_back_a_step_a_press(player):
    starts = player.timeline.step_starts()
    just_after_a_block(player, starts[2] + RATE // 10)  # in the last step
    for _ in range(5):
        player.previous_step()
    wait_for(lambda: player.position_frames < starts[2])
    assert player.segment.step == 0 and player.position_frames < 2048


def test_before_play_each_step_counts_from_the_last_one_asked(tmp_path):
    """No block at all yet: every seek waits. The steps still add up."""
    timeline = clip_session(tmp_path, seconds=20)
    player = Player(timeline, tmp_path, use_device=False)
    try:
        player.next_step()
        player.next_step()
        player.previous_step()
        player.play()
        wait_for(lambda: player.played_frames > 0)
        assert player.segment.step == 1
    finally:
        player.close()


def test_once_taken_the_clock_counts_again(player):
    """The seek asked is let go once the clock is there: a press after the session has
    played on past a step's start counts from where it is now, not from that start."""
    starts = player.timeline.step_starts()
    just_after_a_block(player, starts[1])
    player.next_step()
    wait_for(lambda: player.position_frames >= starts[2] + 1000)  # taken, and played on
    taken = blocks(player)
    player.previous_step(grace_seconds=0.01)  # well past the grace: this step's start
    wait_for(lambda: blocks(player) > taken)
    assert player.segment.step == 2
    assert starts[2] <= player.position_frames < starts[2] + 2048
