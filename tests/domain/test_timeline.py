"""Fitting: exact totals to the sample, slack shared by weight, clear refusals."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painease.domain.script import Breath, FlexibleCycles, FlexiblePause, Phase, Script, Step
from painease.domain.timeline import (
    CHIME_SECONDS,
    FitError,
    SegmentKind,
    fit_timeline,
    fit_to_frames,
    shortest_seconds,
    speech_seconds,
)

RATE = 48_000


def make_script(steps: list[Step], lengths=(5,), end_chime=True) -> Script:
    return Script(format=1, id="t", title="T", kind="somatic-tracking", summary="s",
                  when_to_use="w", lengths=list(lengths), end_chime=end_chime, steps=steps)


def step(phase=Phase.SETTLE, text="one two three four five six", pause=0.0, clip=None,
         breath=None, from_minutes=None) -> Step:
    return Step(phase=phase, text=text, pause=pause, clip=clip, breath=breath,
                from_minutes=from_minutes)


def silences(timeline):
    return {s.step: s.frames for s in timeline.segments if s.kind is SegmentKind.SILENCE}


def test_slack_is_shared_by_weight_exactly():
    script = make_script([
        step(text="a b c", clip="a.ogg", pause=FlexiblePause(min=10, weight=1)),
        step(text="d e f", clip="b.ogg", pause=FlexiblePause(min=0, weight=3)),
    ], end_chime=False)
    clips = {"a.ogg": 20.0, "b.ogg": 10.0}
    # 60 s total: 30 s of speech, 10 s minimum silence, 20 s spare split 1:3.
    timeline = fit_to_frames(script, 60 * RATE, RATE, clips)
    assert silences(timeline) == {0: 15 * RATE, 1: 15 * RATE}
    assert timeline.total_frames == 60 * RATE
    speech = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH]
    assert [s.source for s in speech] == ["a.ogg", "b.ogg"]
    assert [s.frames for s in speech] == [20 * RATE, 10 * RATE]


def test_max_caps_a_silence_and_the_rest_goes_elsewhere():
    script = make_script([
        step(pause=FlexiblePause(min=1, weight=10, max=3)),
        step(pause=FlexiblePause(min=1, weight=1)),
    ], end_chime=False)
    speech = 2 * round(speech_seconds(script.steps[0], {}) * RATE)
    timeline = fit_to_frames(script, speech + 100 * RATE, RATE)
    assert silences(timeline)[0] == 3 * RATE
    assert silences(timeline)[1] == 97 * RATE


def test_flexible_breath_adds_whole_cycles_and_silence_takes_the_remainder():
    breath = Breath(inhale=4, exhale=6, cycles=FlexibleCycles(min=2, weight=5))
    script = make_script([
        step(phase=Phase.BREATHING, breath=breath, pause=FlexiblePause(min=1, weight=1)),
    ], end_chime=False)
    timeline = fit_to_frames(script, 120 * RATE, RATE)
    inhales = [s for s in timeline.segments if s.kind is SegmentKind.INHALE]
    exhales = [s for s in timeline.segments if s.kind is SegmentKind.EXHALE]
    assert len(inhales) == len(exhales) >= 2
    assert all(s.frames == 4 * RATE for s in inhales)
    assert all(s.frames == 6 * RATE for s in exhales)
    assert timeline.total_frames == 120 * RATE
    # With five times the weight, breathing takes most of the spare time.
    assert len(inhales) * 10 > 60


def test_once_the_silences_are_full_the_extra_breath_goes_to_the_heaviest_block():
    """Shared by weight (1 : 3) the blocks take 2 and 7 more 10 s cycles, leaving 11 s; the
    one silence stops at its 2 s max, so one more whole cycle goes to the block with more
    weight (the second: not simply the first), and the silence takes the last second."""
    breath = lambda weight: Breath(inhale=4, exhale=6,  # noqa: E731 - local shorthand
                                   cycles=FlexibleCycles(min=2, weight=weight))
    script = make_script([
        step(phase=Phase.BREATHING, clip="a.ogg", breath=breath(1)),
        step(phase=Phase.BREATHING, clip="b.ogg", breath=breath(3)),
        step(clip="c.ogg", pause=FlexiblePause(min=0, weight=1, max=2)),
    ], end_chime=False)
    clips = {"a.ogg": 5.0, "b.ogg": 5.0, "c.ogg": 5.0}
    # 15 s of words, 2 × 2 minimum cycles of 10 s, and 101 s to share.
    timeline = fit_to_frames(script, 156 * RATE, RATE, clips)
    inhales = [s.step for s in timeline.segments if s.kind is SegmentKind.INHALE]
    assert (inhales.count(0), inhales.count(1)) == (2 + 2, 2 + 8)
    assert silences(timeline) == {2: 1 * RATE}
    assert timeline.total_frames == 156 * RATE


def test_too_short_is_refused_with_the_shortest_length():
    script = make_script([step(pause=FlexiblePause(min=400, weight=1))], lengths=[5])
    with pytest.raises(FitError, match=r"needs at least 6:\d\d but 5:00 was asked for"):
        fit_timeline(script, 5)


def test_unlisted_length_is_refused():
    script = make_script([step(pause=FlexiblePause(min=1))], lengths=[5, 10])
    with pytest.raises(FitError, match="can be played at 5, 10 minutes, not 7"):
        fit_timeline(script, 7)


def test_an_unlisted_length_is_said_as_given_not_rounded_to_a_listed_one():
    # Once "can be played at 5, 10 minutes, not 5": 5.0000001 was rounded to six figures.
    script = make_script([step(pause=FlexiblePause(min=1))], lengths=[5, 10])
    with pytest.raises(FitError, match=r"can be played at 5, 10 minutes, not 5\.0000001$"):
        fit_timeline(script, 5.0000001)
    with pytest.raises(FitError, match=r"not 7\.5$"):
        fit_timeline(script, 7.5)


def test_script_without_flexible_silence_only_fits_its_own_length():
    # Give or take the silence under a second it may end with (test_fit_messages.py).
    script = make_script([step(pause=3)], end_chime=False)
    exact = round(shortest_seconds(script) * RATE)
    assert fit_to_frames(script, exact, RATE).total_frames == exact
    assert fit_to_frames(script, exact + RATE - 1, RATE).total_frames == exact + RATE - 1
    with pytest.raises(FitError, match="has no flexible silence"):
        fit_to_frames(script, exact + RATE, RATE)


def test_all_silences_capped_is_refused_with_the_longest_length():
    script = make_script([step(pause=FlexiblePause(min=1, max=2))], end_chime=False)
    with pytest.raises(FitError, match="can stretch to at most"):
        fit_to_frames(script, 600 * RATE, RATE)


def test_end_chime_closes_the_session():
    script = make_script([step(pause=FlexiblePause(min=1))])
    timeline = fit_timeline(script, 5)
    last = timeline.segments[-1]
    assert last.kind is SegmentKind.CHIME and last.phase is Phase.CLOSING
    assert last.frames == CHIME_SECONDS * RATE and last.end == 5 * 60 * RATE


def test_segment_at_and_step_starts():
    script = make_script([step(pause=FlexiblePause(min=1)), step(phase=Phase.SAFETY, pause=2)])
    timeline = fit_timeline(script, 5)
    starts = timeline.step_starts()
    assert starts[0] == 0 and len(starts) == 2
    assert timeline.segment_at(starts[1]).step == 1
    assert timeline.segment_at(starts[1] - 1).step == 0
    assert timeline.segment_at(10**12).kind is SegmentKind.CHIME


def test_steps_for_longer_sessions_are_left_out_of_shorter_ones():
    script = make_script([
        step(text="a b c", clip="a.ogg", pause=FlexiblePause(min=10)),
        step(text="d e f", clip="b.ogg", pause=FlexiblePause(min=20, weight=2), from_minutes=10),
        step(phase=Phase.SAFETY, text="g h i", clip="c.ogg",
             pause=FlexiblePause(min=5, max=30)),
    ], lengths=[5, 10])
    clips = {"a.ogg": 4.0, "b.ogg": 6.0, "c.ogg": 5.0}
    short = fit_timeline(script, 5, samplerate=RATE, clip_durations=clips)
    long = fit_timeline(script, 10, samplerate=RATE, clip_durations=clips)
    assert {s.step for s in short.segments} == {0, 2}  # the others keep their numbers
    assert [s.source for s in short.segments if s.kind is SegmentKind.SPEECH] == \
        ["a.ogg", "c.ogg"]
    assert {s.step for s in long.segments} == {0, 1, 2}
    assert short.total_frames == 5 * 60 * RATE and long.total_frames == 10 * 60 * RATE
    # Step 3's silence is held at its max, so at 5 minutes step 1 takes the rest, and at
    # 10 minutes step 2 shares it 2:1 with step 1.
    assert silences(short)[2] == silences(long)[2] == 30 * RATE
    spare = 600 - CHIME_SECONDS - 15 - 30 - 30
    assert silences(long)[1] == pytest.approx(20 * RATE + 2 / 3 * spare * RATE, abs=1)
    assert len(short.step_starts()) == 2
    assert short.segments[-1].kind is SegmentKind.CHIME and short.segments[-1].step == 2
    # The shortest time counts the shortest length's steps only.
    assert shortest_seconds(script, clips) == pytest.approx(4 + 10 + 5 + 5 + CHIME_SECONDS)


def test_a_last_step_left_out_gives_the_chime_to_the_last_step_played():
    script = make_script([step(pause=FlexiblePause(min=1)), step(from_minutes=10)],
                         lengths=[5, 10])
    chime = fit_timeline(script, 5).segments[-1]
    assert chime.kind is SegmentKind.CHIME and chime.step == 0


# --- properties -------------------------------------------------------------------------

pauses = st.one_of(
    st.floats(min_value=0, max_value=30),
    st.builds(FlexiblePause, min=st.floats(min_value=0, max_value=30),
              weight=st.floats(min_value=0.1, max_value=10),
              max=st.one_of(st.none(), st.floats(min_value=30, max_value=120))),
)
breaths = st.builds(
    Breath, inhale=st.floats(min_value=1, max_value=8), exhale=st.floats(min_value=1, max_value=10),
    hold=st.floats(min_value=0, max_value=3), rest=st.floats(min_value=0, max_value=3),
    cycles=st.one_of(st.integers(1, 5),
                     st.builds(FlexibleCycles, min=st.integers(1, 5),
                               weight=st.floats(min_value=0.1, max_value=10))),
)


@st.composite
def scripts(draw):
    steps = []
    for _ in range(draw(st.integers(1, 8))):
        phase = draw(st.sampled_from(list(Phase)))
        breath = draw(breaths) if phase is Phase.BREATHING and draw(st.booleans()) else None
        words = " ".join(["word"] * draw(st.integers(1, 40)))
        steps.append(step(phase=phase, text=words, pause=draw(pauses), breath=breath))
    # Always one uncapped flexible silence, so a long enough length is reachable.
    steps.append(step(phase=Phase.CLOSING, pause=FlexiblePause(min=0, weight=1)))
    return make_script(steps, end_chime=draw(st.booleans()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=scripts(), spare=st.integers(0, 20 * 60 * 8000),
       rate=st.sampled_from([8000, 22050, 44100, 48000]))
def test_fitting_properties(script, spare, rate):
    shortest = round(shortest_seconds(script, samplerate=rate) * rate)
    total = shortest + spare
    timeline = fit_to_frames(script, total, rate)
    segments = timeline.segments

    # Exact total, starting at zero, contiguous (ordered, no overlaps, no gaps).
    assert timeline.total_frames == total
    assert segments[0].start == 0
    assert all(s.end > s.start for s in segments)
    assert all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))
    # Steps in order; every phase of the script kept.
    assert [s.step for s in segments] == sorted(s.step for s in segments)
    assert {s.phase for s in segments} >= set(script.phases)
    # Minimums (and maxes) of every silence respected; fixed pauses kept as written.
    by_step = silences(timeline)
    for index, written in enumerate(script.steps):
        got = by_step.get(index, 0)
        if isinstance(written.pause, FlexiblePause):
            assert got >= round(written.pause.min * rate)
            if written.pause.max is not None:
                assert got <= round(written.pause.max * rate)
        else:
            assert got == round(written.pause * rate)
        if written.breath is not None:
            cycles = sum(1 for s in segments if s.step == index and s.kind is SegmentKind.EXHALE)
            least = written.breath.cycles if isinstance(written.breath.cycles, int) \
                else written.breath.cycles.min
            assert cycles >= least


def test_a_breath_cycle_of_no_frames_is_a_fit_error_not_a_crash():
    # At 1 Hz half a second in and half out both round to no frames.
    breath = Breath(inhale=0.5, exhale=0.5, cycles=FlexibleCycles(min=1))
    script = make_script([
        step(phase=Phase.BREATHING, breath=breath, pause=FlexiblePause(min=1, weight=1)),
    ], end_chime=False)
    with pytest.raises(FitError, match="step 1: a breath cycle is shorter than one frame at 1 Hz"):
        fit_to_frames(script, 600, samplerate=1)
