"""Fit a script to a chosen length: exact sample positions for every word, breath and silence.

``fit_timeline(script, minutes)`` keeps the words, fixed silences and breath timings as
written and shares the rest of the time between the *flexible* silences (by weight, up to
their ``max``) and flexible breath blocks (in whole cycles). Steps whose ``from_minutes``
is longer than the session are left out (no segments; the others keep their step
numbers). The result's length equals the requested length to the sample, or ``FitError``
says why the script cannot reach it: what makes up its shortest length, and only the
changes that would help (a length to list, which then fits).

A script with nothing flexible lasts what its parts add up to, a length in minutes no
author can write (7 s is 0.11666… minutes). A length up to ``FIXED_SLACK_SECONDS`` longer
is accepted, the difference played as silence after the last step: minutes written to
two decimals always come within 0.6 s of it, and the refusal names that length.

Pure arithmetic on integers of frames: no I/O, no Qt, no floating drift.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from painease.domain.fit_refusals import (
    FIXED_SLACK_SECONDS,
    Advice,
    longest_frames,
    nothing_flexible,
    too_long,
    too_short,
)
from painease.domain.script import (
    LONGEST_MINUTES,
    FlexibleCycles,
    FlexiblePause,
    Phase,
    Script,
    Step,
)
from painease.domain.segments import Segment, SegmentKind, Timeline
from painease.domain.vocabulary import minutes_text

DEFAULT_SAMPLERATE = 48_000
# Without a narration clip we estimate speaking time at a calm guiding pace (CLINICAL.md:
# roughly 100–130 words per minute), so captions-only scripts still get sensible timings.
ESTIMATED_WORDS_PER_MINUTE = 110
MIN_SPEECH_SECONDS = 1.0
CHIME_SECONDS = 6.0


class FitError(ValueError):
    """The script cannot be played at the requested length; the message says why."""


def fit_timeline(
    script: Script,
    minutes: float,
    *,
    samplerate: int = DEFAULT_SAMPLERATE,
    clip_durations: Mapping[str, float] | None = None,
) -> Timeline:
    """Fit ``script`` to one of its listed lengths. ``clip_durations``: seconds by clip path."""
    if minutes not in script.lengths:
        listed = ", ".join(f"{m:g}" for m in script.lengths[:-1])
        last = minutes_text(script.lengths[-1])  # "1, 2 minutes"; "1 minute"
        raise FitError(f"{script.id} can be played at {listed + ', ' if listed else ''}{last}, "
                       f"not {number_as_given(minutes)}")
    return fit_to_frames(script, round(minutes * 60 * samplerate), samplerate, clip_durations)


def number_as_given(number: float) -> str:
    """``number`` as short as it reads exactly: "7", "7.5", "5.0000001". Rounded to six
    figures (``:g``), 5.0000001 once read "5", as if a listed length had been refused."""
    short = f"{number:g}"
    return short if float(short) == number else repr(float(number))


def fit_to_frames(
    script: Script,
    total_frames: int,
    samplerate: int = DEFAULT_SAMPLERATE,
    clip_durations: Mapping[str, float] | None = None,
) -> Timeline:
    """Fit ``script`` to exactly ``total_frames`` frames at ``samplerate``, any length."""
    if samplerate <= 0:
        raise FitError("the sample rate must be positive")
    return _fit(script, total_frames, samplerate, clip_durations or {}, advise=True)


def _fit(script: Script, total_frames: int, samplerate: int,
         clip_durations: Mapping[str, float], advise: bool) -> Timeline:
    """``fit_to_frames``; with ``advise``, a refusal names a length that fits."""
    plan = _Plan(script, samplerate, clip_durations, total_frames)
    slack = total_frames - plan.base_frames
    if slack < 0:
        raise FitError(plan.too_short(total_frames, advise))
    silence_extra, breath_extra = plan.share(slack, advise)
    return Timeline(script.id, script.version, samplerate,
                    tuple(plan.segments(silence_extra, breath_extra)))


def shortest_seconds(script: Script, clip_durations: Mapping[str, float] | None = None,
                     samplerate: int = DEFAULT_SAMPLERATE) -> float:
    """The shortest time the script can be played in: the steps of its shortest listed
    length, every flexible part at its minimum."""
    shortest = round(script.lengths[0] * 60 * samplerate)
    return _Plan(script, samplerate, clip_durations or {}, shortest).base_frames / samplerate


def speech_seconds(step: Step, clip_durations: Mapping[str, float]) -> float:
    """How long the guide speaks ``step``: the clip's length, else an estimate from its words."""
    if step.clip is not None and step.clip in clip_durations:
        return clip_durations[step.clip]
    words = len(step.text.split())
    return max(MIN_SPEECH_SECONDS, words * 60 / ESTIMATED_WORDS_PER_MINUTE)


class _Plan:
    """A script turned into frame counts: what is fixed, and what may stretch, for a
    session of ``total_frames`` (which decides the steps played; see ``from_minutes``). A
    step left out counts as nothing: no words, no silence, no breaths."""

    def __init__(self, script: Script, rate: int, clip_durations: Mapping[str, float],
                 total_frames: int):
        self.script, self.rate, self.clip_durations = script, rate, clip_durations
        frames = lambda seconds: round(seconds * rate)  # noqa: E731 - local shorthand
        self.played = [step.from_minutes is None or frames(step.from_minutes * 60) <= total_frames
                       for step in script.steps]
        self.speech = [frames(speech_seconds(step, clip_durations)) if played else 0
                       for step, played in zip(script.steps, self.played, strict=True)]
        self.pause_min, self.pause_cap, self.pause_weight = [], [], []
        self.cycle_parts, self.cycles_min, self.cycle_weight = [], [], []
        for step, played in zip(script.steps, self.played, strict=True):
            pause = step.pause
            if not played:
                self.pause_min.append(0)
                self.pause_cap.append(0)
                self.pause_weight.append(0.0)
            elif isinstance(pause, FlexiblePause):
                self.pause_min.append(frames(pause.min))
                cap = None if pause.max is None else frames(pause.max) - frames(pause.min)
                self.pause_cap.append(cap)
                self.pause_weight.append(pause.weight)
            else:
                self.pause_min.append(frames(pause))
                self.pause_cap.append(0)
                self.pause_weight.append(0.0)
            breath = step.breath if played else None
            if breath is None:
                self.cycle_parts.append(())
                self.cycles_min.append(0)
                self.cycle_weight.append(0.0)
                continue
            parts = tuple(frames(s) for s in
                          (breath.inhale, breath.hold, breath.exhale, breath.rest))
            if not sum(parts):  # only at a sample rate far below audio ones
                raise FitError(f"step {len(self.cycle_parts) + 1}: a breath cycle is shorter "
                               f"than one frame at {rate} Hz")
            self.cycle_parts.append(parts)
            flexible = isinstance(breath.cycles, FlexibleCycles)
            self.cycles_min.append(breath.cycles.min if flexible else breath.cycles)
            self.cycle_weight.append(breath.cycles.weight if flexible else 0.0)
        self.chime = frames(CHIME_SECONDS) if script.end_chime else 0
        self.base_frames = (
            sum(self.speech) + sum(self.pause_min) + self.chime
            + sum(n * sum(p) for n, p in zip(self.cycles_min, self.cycle_parts, strict=True))
        )

    def share(self, slack: int, advise: bool = True) -> tuple[list[int], list[int]]:
        """Split ``slack`` frames into extra silence frames and extra whole breath cycles."""
        n = len(self.speech)
        flexible_pauses = [i for i in range(n) if self.pause_weight[i] > 0]
        flexible_breaths = [i for i in range(n) if self.cycle_weight[i] > 0]
        if not flexible_pauses and not flexible_breaths:
            if slack >= round(FIXED_SLACK_SECONDS * self.rate):
                raise FitError(self.nothing_flexible(slack, advise))
            # A length just over its own: the difference is silence after the last step.
            last = max(i for i in range(n) if self.played[i])
            return [slack if i == last else 0 for i in range(n)], [0] * n
        cycle = [sum(parts) for parts in self.cycle_parts]
        # First share everything by weight (breath blocks uncapped), then round breath
        # blocks down to whole cycles; the flexible silences absorb what is left over.
        weights = [self.pause_weight[i] for i in flexible_pauses] + [
            self.cycle_weight[i] for i in flexible_breaths]
        caps = [self.pause_cap[i] for i in flexible_pauses] + [None] * len(flexible_breaths)
        first = _share(slack, weights, caps) if flexible_breaths else []
        breath_extra = [0] * n
        for offset, i in enumerate(flexible_breaths):
            breath_extra[i] = first[len(flexible_pauses) + offset] // cycle[i]
        while True:
            left = slack - sum(breath_extra[i] * cycle[i] for i in range(n))
            room = [self.pause_cap[i] for i in flexible_pauses]
            if not any(c is None for c in room) and left > sum(room):
                if not flexible_breaths:
                    raise FitError(too_long(self, self.base_frames + slack,
                                            self.fitting_range() if advise else None))
                # Silences are full: one more whole breath, in the block with most weight.
                heaviest = max(flexible_breaths, key=lambda i: self.cycle_weight[i])
                if left < cycle[heaviest]:
                    raise FitError(
                        f"{self.script.id} cannot be fitted exactly: its flexible silences' "
                        "max values leave no room for the rest of a breath cycle; raise the "
                        "max of a silence"
                    )
                breath_extra[heaviest] += 1
                continue
            extra = _share(left, [self.pause_weight[i] for i in flexible_pauses], room)
            silence_extra = [0] * n
            for offset, i in enumerate(flexible_pauses):
                silence_extra[i] = extra[offset]
            return silence_extra, breath_extra

    def too_short(self, total_frames: int, advise: bool) -> str:
        return too_short(self, total_frames, self.fitting_range() if advise else None)

    def nothing_flexible(self, slack: int, advise: bool) -> str:
        minutes = self.fitting_minutes(self.base_frames) if advise else None
        return nothing_flexible(self, slack, minutes)

    def fitting_minutes(self, at_least: int) -> float | None:
        """The length to advise, from ``at_least`` frames: the first whole minute the
        script fits (patients choose lengths in minutes), else, for a script that cannot
        stretch that far, the shortest in hundredths of a minute; None if neither is found.
        Each is fitted, not assumed: a longer length may bring in a step, so a few are tried."""
        minute = 60 * self.rate
        whole = -(-at_least // minute)
        hundredths = -(-at_least * 100 // minute)
        tried = [float(m) for m in range(max(whole, 1), whole + _TRIED)]
        tried += [h / 100 for h in range(hundredths, hundredths + _TRIED)]
        return next((minutes for minutes in tried if self.fits(minutes)), None)

    def fits(self, minutes: float) -> bool:
        """Whether the script fits ``minutes`` (not past ``LONGEST_MINUTES``)."""
        if minutes > LONGEST_MINUTES:
            return False
        try:
            _fit(self.script, round(minutes * 60 * self.rate), self.rate,
                 self.clip_durations, advise=False)
        except FitError:
            return False
        return True

    def fitting_range(self) -> Advice | None:
        """The lengths to advise: the first that fits (``fitting_minutes``) and, for a
        script that cannot stretch without end, the last of the unbroken run that fits from
        it in the same steps (whole minutes, or hundredths when the first is not whole);
        None if none is found. Each length in the run is fitted: a longer length may bring
        in a step that does not fit, and a range must not advise a length that is refused."""
        first = self.fitting_minutes(self.base_frames)
        if first is None:
            return None
        at_first = _Plan(self.script, self.rate, self.clip_durations,
                         round(first * 60 * self.rate))
        longest = longest_frames(at_first)
        if longest is None:
            return first, None
        per_minute = 1 if first.is_integer() else 100
        top = min(longest * per_minute // (60 * self.rate), int(LONGEST_MINUTES * per_minute))
        last = first
        for units in range(round(first * per_minute) + 1,
                           min(top, round(first * per_minute) + _RUN) + 1):
            if not self.fits(units / per_minute):
                break
            last = units / per_minute
        return first, last

    def segments(self, silence_extra: list[int], breath_extra: list[int]):
        at = 0

        def segment(length: int, kind: SegmentKind, index: int, source: str | None = None):
            nonlocal at
            step = self.script.steps[index]
            caption = "" if kind is SegmentKind.CHIME else step.text
            phase = Phase.CLOSING if kind is SegmentKind.CHIME else step.phase
            made = Segment(at, at + length, kind, index, phase, caption, source)
            at += length
            return made

        breath_kinds = (SegmentKind.INHALE, SegmentKind.HOLD, SegmentKind.EXHALE, SegmentKind.REST)
        for i, step in enumerate(self.script.steps):
            if not self.played[i]:
                continue
            yield segment(self.speech[i], SegmentKind.SPEECH, i, step.clip)
            for _ in range(self.cycles_min[i] + breath_extra[i]):
                for kind, length in zip(breath_kinds, self.cycle_parts[i], strict=True):
                    if length:
                        yield segment(length, kind, i)
            silence = self.pause_min[i] + silence_extra[i]
            if silence:
                yield segment(silence, SegmentKind.SILENCE, i)
        if self.chime:
            last = max((i for i, played in enumerate(self.played) if played),
                       default=len(self.played) - 1)
            yield segment(self.chime, SegmentKind.CHIME, last)


# How many lengths from the shortest are tried when advising one (whole minutes, then
# hundredths): a step brought in by a longer length can push the first ones out of reach.
_TRIED = 3
_RUN = int(LONGEST_MINUTES)  # lengths fitted one by one past the first that fits: all of its run


def _share(amount: int, weights: list[float], caps: list[int | None]) -> list[int]:
    """Split ``amount`` frames by weight, never past a cap; exact integers that sum to it."""
    given = [0] * len(weights)
    open_ = [i for i, cap in enumerate(caps) if cap is None or cap > 0]
    left = amount
    while left > 0:
        if not open_:
            raise FitError("no flexible silence has room left")  # callers check room first
        total_weight = sum(weights[i] for i in open_)
        full = [i for i in open_
                if caps[i] is not None and given[i] + left * weights[i] / total_weight >= caps[i]]
        if full:
            for i in full:
                left -= caps[i] - given[i]
                given[i] = caps[i]
            open_ = [i for i in open_ if i not in full]
            continue
        exact = {i: left * weights[i] / total_weight for i in open_}
        floors = {i: math.floor(share) for i, share in exact.items()}
        spare = left - sum(floors.values())
        # Largest remainders get the spare frames; ties go to the earlier silence.
        for i in sorted(open_, key=lambda i: (floors[i] - exact[i], i))[:spare]:
            floors[i] += 1
        for i in open_:
            given[i] += floors[i]
        left = 0
    return given
