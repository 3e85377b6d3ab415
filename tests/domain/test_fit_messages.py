"""What a refused length says, and that what it advises then works.

A script with nothing flexible lasts what its parts add up to (here one word, estimated at
1 s, and a fixed 6 s silence: 7 s, which is 0.11666… minutes, a length no author can
write). A listed length up to a second longer is accepted, the difference played as
silence at the end; a message that advises a length names one that passes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from painease.catalog import Catalog, check_files
from painease.domain.script import FlexiblePause, Phase, Script, Step
from painease.domain.timeline import FitError, SegmentKind, fit_timeline, fit_to_frames

RATE = 48_000


def fixed_script(lengths, pause=6.0, end_chime=False) -> Script:
    return Script(format=1, id="fixed", title="Fixed", kind="relaxation", summary="s",
                  when_to_use="w", lengths=list(lengths), end_chime=end_chime,
                  steps=[Step(phase=Phase.SETTLE, text="Breathe.", pause=pause)])


def advised_minutes(message: str) -> float:
    found = re.search(r"list (?:a length from )?([\d.]+) (?:to [\d.]+ )?minutes", message)
    assert found, message
    return float(found.group(1))


def test_a_length_just_short_of_a_fixed_script_reads_differently_and_advises_one_that_fits():
    with pytest.raises(FitError) as refused:
        fit_timeline(fixed_script([0.116]), 0.116)
    message = str(refused.value)
    # 7 s against 6.96 s: both were once "0:07".
    assert "needs at least 0:07.00 but 0:06.96 was asked for" in message
    minutes = advised_minutes(message)
    assert minutes == 0.12
    timeline = fit_timeline(fixed_script([minutes]), minutes)
    assert timeline.total_frames == round(0.12 * 60 * RATE)


def test_a_fixed_script_accepts_a_length_under_a_second_longer_as_silence_at_the_end():
    script = fixed_script([0.22], end_chime=True)  # 1 s + 6 s + a 6 s chime: 13 s
    timeline = fit_timeline(script, 0.22)
    assert timeline.total_frames == round(13.2 * RATE)
    silence = [s for s in timeline.segments if s.kind is SegmentKind.SILENCE]
    # The fixed 6 s silence took the 0.2 s left over, before the chime that still closes
    # the session.
    assert [s.frames for s in silence] == [round(6.2 * RATE)]
    assert timeline.segments[-1].kind is SegmentKind.CHIME


def test_a_fixed_script_refuses_a_second_or_more_over_and_advises_its_own_length():
    natural = 7 * RATE
    with pytest.raises(FitError, match="has no flexible silence or breathing"):
        fit_to_frames(fixed_script([1]), natural + RATE, RATE)
    with pytest.raises(FitError) as refused:
        fit_timeline(fixed_script([0.2]), 0.2)
    message = str(refused.value)
    assert "lasts 0:07, not 0:12" in message
    minutes = advised_minutes(message)
    assert fit_timeline(fixed_script([minutes]), minutes).total_frames == round(
        minutes * 60 * RATE)


def test_too_short_says_what_makes_the_minimum_and_advises_only_what_applies():
    # Many words, every silence flexible from zero: no fixed silence to shorten.
    steps = [Step(phase=Phase.SETTLE, text="one two three four five six seven eight nine ten",
                  pause=FlexiblePause(min=0, weight=1)) for _ in range(20)]
    script = Script(format=1, id="wordy", title="W", kind="relaxation", summary="s",
                    when_to_use="w", lengths=[1, 240], end_chime=False, steps=steps)
    with pytest.raises(FitError) as refused:
        fit_timeline(script, 1)
    message = str(refused.value)
    assert "fixed silence" not in message
    assert "silences' min" not in message
    assert "breath" not in message
    assert "words 1:49" in message  # 20 × 10 words at 110 a minute
    assert "fewer or shorter steps" in message
    minutes = advised_minutes(message)
    assert fit_timeline(script.model_copy(update={"lengths": [minutes]}), minutes)


def test_too_short_names_fixed_silences_and_minimums_when_they_are_there():
    steps = [Step(phase=Phase.SETTLE, text="a", pause=30.0),
             Step(phase=Phase.SETTLE, text="b", pause=FlexiblePause(min=40, weight=1))]
    script = Script(format=1, id="quiet", title="Q", kind="relaxation", summary="s",
                    when_to_use="w", lengths=[1], end_chime=True, steps=steps)
    with pytest.raises(FitError) as refused:
        fit_timeline(script, 1)
    message = str(refused.value)
    assert "fixed silences 0:30" in message and "shorten its fixed silences" in message
    assert "silences' min 0:40" in message and "lower its silences' min" in message
    assert "end chime 0:06" in message


def test_check_of_a_file_takes_its_own_advice(tmp_path: Path):
    path = tmp_path / "fixed.toml"
    text = _FILE
    path.write_text(text.replace("LENGTHS", "0.116"))
    catalog = check_files([path], library=Catalog())
    assert len(catalog.problems) == 1
    minutes = advised_minutes(catalog.problems[0].message)
    path.write_text(text.replace("LENGTHS", f"{minutes:g}"))
    catalog = check_files([path], library=Catalog())
    assert not catalog.problems, catalog.problems[0].message
    assert "fixed" in catalog.entries


_FILE = """\
format = 1
id = "fixed"
version = 1
title = "Fixed"
kind = "relaxation"
summary = "A test."
when_to_use = "Tests."
lengths = [LENGTHS]
end_chime = false

[[steps]]
phase = "settle"
text = "Breathe."
pause = 6
"""


def flexible_script(lengths, *later: Step) -> Script:
    # "Breathe." is estimated at 1 s; a flexible silence of at least 463 s: 7:44, 7.74 minutes.
    steps = [Step(phase=Phase.SETTLE, text="Breathe.", pause=FlexiblePause(min=463, weight=1)),
             *later]
    return Script(format=1, id="long", title="Long", kind="relaxation", summary="s",
                  when_to_use="w", lengths=list(lengths), end_chime=False, steps=steps)


def test_too_short_advises_the_next_whole_minute_when_the_script_can_stretch():
    # Patients choose lengths in whole minutes: "list 7.74 minutes or more" was advised.
    with pytest.raises(FitError) as refused:
        fit_timeline(flexible_script([5]), 5)
    message = str(refused.value)
    assert "list 8 minutes or more" in message
    assert fit_timeline(flexible_script([8]), 8).total_frames == 8 * 60 * RATE


def test_a_whole_minute_that_brings_in_a_step_and_still_fails_is_not_advised():
    # From 8 minutes on, a step with a fixed minute of silence is played: 8 minutes then
    # needs 8:45 and is refused too; 9 is the first whole minute that fits.
    later = Step(phase=Phase.CLOSING, text="Rest.", pause=60.0, from_minutes=8)
    with pytest.raises(FitError) as refused:
        fit_timeline(flexible_script([5, 10], later), 5)
    with pytest.raises(FitError):
        fit_timeline(flexible_script([8, 10], later), 8)
    assert advised_minutes(str(refused.value)) == 9
    assert fit_timeline(flexible_script([9, 10], later), 9).total_frames == 9 * 60 * RATE
