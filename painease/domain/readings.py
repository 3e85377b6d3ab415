"""Plain-language readings of the insights numbers, for a patient or about a patient.

Contract
--------
* Every reading is built from the numbers it describes (``painease.domain.insights``,
  ``painease.domain.live_shifts``); with too little data it says so instead of guessing,
  and an empty history gives "".
* A reading that names the person takes a ``Voice`` (``painease.domain.voice``): ``YOU``
  (the default) for a patient reading their own results, ``Voice.about(name)`` for a
  therapist reading a patient's ("8 of Sam's last 10"). The others name nobody.
* Calm, plain words (CLINICAL.md): a link is never called a cause.
* Honest about small numbers, by one rule for every reading of an average (its numbers,
  ``MIN_READING_SESSIONS`` and ``FEW``, in ``painease.domain.small_numbers``): with fewer than
  ``MIN_READING_SESSIONS`` behind it, a reading says there is too little yet; with fewer
  than ``FEW``, it is given with "treat it lightly" (``few_note``). The trend compares its
  earliest and latest thirds, so the rule holds for the days (or weeks) at each end. (The
  fear–pain link has its own, larger minimum: a correlation needs more.) The pain shares
  ("Pain at least 30% lower after a session") follow it too, said in one place for
  Insights and the report (``painease.domain.summaries.share_rows``, ``share_notes``):
  no percentage below ``MIN_READING_SESSIONS``, "treat them lightly" below ``FEW``.
* "Sessions rated before and after" (``rated_sessions``) is the one name, in every
  reading, for the sessions a change is measured on.
* Numbers are rounded as people round them, halves away from zero
  (``painease.domain.vocabulary.rounded``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from painease.domain.insights import Link, Series, SessionShift, last_rated
from painease.domain.live_shifts import PhaseShift, phase_at, phase_runs
from painease.domain.small_numbers import FEW, MIN_READING_SESSIONS
from painease.domain.vocabulary import (
    THREAT_NAME,
    clock_text,
    counted,
    decimal_text,
    phase_words,
    quoted,
)
from painease.domain.voice import YOU, Voice, capital

THREAT = THREAT_NAME.lower()  # "sense of threat", the second scale inside a sentence


def _sessions(n: int) -> str:
    return counted(n, "session", "sessions")


def rated_sessions(n: int) -> str:
    """"1 session rated before and after", "4 sessions rated before and after"."""
    return counted(n, "session rated before and after", "sessions rated before and after")


def few_note(n: int, one: str = "session", many: str = "sessions", where: str = "") -> str:
    """" That is only a few sessions, so treat it lightly." when an average rests on fewer
    than ``FEW`` (``n``) sessions, days or weeks ("one session" for one; ``where``: e.g.
    " at each end"); "" otherwise."""
    if n >= FEW:
        return ""
    amount = f"one {one}" if n == 1 else f"a few {many}"
    return f" That is only {amount}{where}, so treat it lightly."


def shift_reading(shifts: Sequence[SessionShift], last: int = 10, voice: Voice = YOU) -> str:
    """E.g. "Your sense of threat came down in 8 of your last 10 sessions rated before and
    after; pain came down in 6." (with ``Voice.about("Sam")``: "Sam's sense of threat came
    down in 8 of their last 10 sessions rated before and after; …").

    It describes exactly the sessions the "before and after" chart draws (``last_rated``),
    and says how many sessions in that time, from the first of them on, it leaves out
    because they were not rated before and after."""
    if not shifts:
        return ""
    shifts = list(shifts)
    rated = last_rated(shifts, last)
    if len(rated) < MIN_READING_SESSIONS:
        last = "the last " if len(shifts) > 1 else ""  # never "the last 1 session"
        return (f"Not enough sessions rated before and after yet to describe a pattern "
                f"({len(rated)} of {last}{_sessions(len(shifts))}).")
    first = next(i for i, s in enumerate(shifts) if s is rated[0])
    missing = len(shifts) - first - len(rated)
    fear_down = sum(s.fear is not None and s.fear.points < 0 for s in rated)
    pain_down = sum(s.pain is not None and s.pain.points < 0 for s in rated)
    sessions = f"{voice.whose(first=False)} last {rated_sessions(len(rated))}"
    threat = f"{voice.whose()} {THREAT_NAME.lower()}"
    # A count of none is said in words ("came down in 0" read as a score of nothing).
    if not fear_down and not pain_down:
        text = f"Neither {threat} nor pain came down in {sessions}."
    elif not fear_down:
        text = (f"{capital(threat)} did not come down in any of {sessions}; pain came down "
                f"in {pain_down}.")
    else:
        pain = f"came down in {pain_down}" if pain_down else "did not come down in any of them"
        text = f"{capital(threat)} came down in {fear_down} of {sessions}; pain {pain}."
    if missing:
        verb = "is" if missing == 1 else "are"
        text += f" {_sessions(missing).capitalize()} without both ratings {verb} not counted."
    return text


def trend_reading(series: Series) -> str:
    """Compares the mean after-session pain of the earliest and latest thirds of the periods
    (days, or weeks) with an after-session pain rating. Each third is what an average rests
    on, so the small-numbers rule applies to it: fewer than ``MIN_READING_SESSIONS``
    periods at each end (fewer than 9 in all) is too little for a trend, and fewer than
    ``FEW`` is said with "treat it lightly"."""
    present = ~np.isnan(series.post_pain)
    values = series.post_pain[present]
    unit = "weeks" if series.weekly else "days"
    needed = 3 * MIN_READING_SESSIONS
    if len(values) < needed:
        return (f"Not enough {unit} with an after-session pain rating yet to describe a "
                f"trend ({len(values)} counted so far; at least {needed} are needed)."
                if len(series.start) else "")
    third = len(values) // 3
    early, late = float(values[:third].mean()), float(values[-third:].mean())
    if abs(late - early) < 0.5:
        movement = "stayed about the same"
    elif late < early:
        movement = "came down"
    else:
        movement = "went up"
    caveat = few_note(third, unit[:-1], unit, " at each end")
    return (f"Pain after sessions {movement}: it averaged {decimal_text(early)} in the "
            f"earliest {third} {unit} with ratings and {decimal_text(late)} in the latest "
            f"{third}.{caveat}")


def _no_link(fear: np.ndarray, pain: np.ndarray) -> str:
    """Enough sessions, but a change that never varies: which one, and by how much."""
    fear_flat, pain_flat = bool(np.ptp(fear) == 0), bool(np.ptp(pain) == 0)
    if fear_flat and pain_flat:
        # Each one's own change, so they are not read as having changed by the same
        # amount as each other.
        if fear[0] == pain[0] == 0:
            both = f"the {THREAT} and pain were each the same before and after"
        else:
            fear_how, pain_how = _flat_how(float(fear[0])), _flat_how(float(pain[0]))
            both = f"the {THREAT} {fear_how} and pain {pain_how}"
        return f"In every session so far, {both}, so there is no link to measure yet."
    name, changes, other = ((f"The {THREAT}", fear, "pain") if fear_flat
                            else ("Pain", pain, f"the {THREAT}"))
    how = _flat_how(float(changes[0]))
    return (f"{name} {how} in every session so far, so there is no link with {other} to "
            f"measure yet.")


def _flat_how(points: float) -> str:
    """A change that was the same in every session: "went down by 2 points"."""
    if points == 0:
        return "was the same before and after"
    unit = "point" if abs(points) == 1 else "points"
    return f"went {'down' if points < 0 else 'up'} by {abs(points):g} {unit}"


def link_reading(link: Link, voice: Voice = YOU) -> str:
    """How changes in the sense of threat and in pain went together across sessions, in
    words. The correlation ``r`` and the slope (points of pain per point of threat) are
    named only for a therapist reading about someone (``voice`` names them): to a patient
    they are jargon, so a patient's own reading says the link in one plain sentence,
    comparing the sessions where the sense of threat came down most ("Across 12 sessions
    there is a moderate link: in the sessions where the sense of threat came down most,
    pain tended to come down most too.")."""
    if link.n == 0:
        return ""
    if not link.enough:
        if link.n < link.min_n:
            return (f"Not enough sessions yet to compare changes in the {THREAT} and in "
                    f"pain: {link.n} rated before and after, and at least {link.min_n} are "
                    f"needed.")
        return _no_link(link.fear_changes, link.pain_changes)
    strength = abs(link.r)
    r = "" if voice.own else f" (r = {decimal_text(link.r, 2)})"
    if strength < 0.1:
        return (f"Across {link.n} sessions there is no clear link between how much the "
                f"{THREAT} and pain changed{r}.")
    word = "weak" if strength < 0.3 else "moderate" if strength < 0.5 else "strong"
    head = f"Across {link.n} sessions there is a {word} link{r}"
    caveat = " A link is not proof that one causes the other."
    # The link compares sessions with each other, so with a negative one pain may still
    # have come down in every session, only less where threat came down more: both are said.
    if voice.own:
        pain = "come down most too" if link.r > 0 else "come down least, or to go up"
        return (f"{head}: in the sessions where the {THREAT} came down most, pain tended "
                f"to {pain}.{caveat}")
    per_point = abs(link.slope)
    amount = "less than 0.01" if per_point < 0.005 else f"about {decimal_text(per_point, 2)}"
    if link.r > 0:
        how = (f"pain tended to come down more too ({amount} points less pain for each "
               f"point less threat)")
    else:
        how = (f"pain tended to go up, or come down less ({amount} points more pain for "
               f"each point less threat)")
    return f"{head}: when the {THREAT} came down more, {how}.{caveat}"


def phase_reading(shift: PhaseShift, voice: Voice = YOU) -> str:
    """How the live pain rating moved when safety (or curiosity and ease) parts began; the
    phase in the player's words."""
    label = f"{quoted(phase_words(shift.phase))} part"
    if shift.n_sessions < MIN_READING_SESSIONS:
        if shift.n_sessions == 0:
            return ""
        return (f"Not enough sessions with live ratings around {label}s yet "
                f"({shift.n_sessions} counted so far; at least {MIN_READING_SESSIONS} are "
                "needed).")
    window = window_words(shift.window_s)
    if abs(shift.mean) < 0.05:
        what = "about the same as"
    else:
        what = (f"{decimal_text(abs(shift.mean))} points "
                f"{'lower' if shift.mean < 0 else 'higher'} than")
    if shift.sd is None:
        spread = ""
    elif shift.sd < 0.05:
        spread = ", much the same in each"
    else:
        spread = (f"; sessions often differed from this average by about "
                  f"{decimal_text(shift.sd)} points")
    return (f"In the {window} after each {label} began, {voice.whose()} live pain rating was "
            f"on average {what} in the {window} before ({_sessions(shift.n_sessions)}{spread})."
            f"{few_note(shift.n_sessions)}")


def part_words(phase: str) -> str:
    """A phase in a sentence, as a patient meets it on the player: "the “Safety” part"."""
    return f"the {quoted(phase_words(phase))} part"


def window_words(seconds: float) -> str:
    """The window around a part's start in words: "half-minute", "minute", "20 seconds"."""
    return {30: "half-minute", 60: "minute"}.get(seconds, f"{seconds:g} seconds")


def rating_text(value: float) -> str:
    """A rating as people write it: 4, 3.5 (one decimal at most)."""
    return decimal_text(value).rstrip("0").rstrip(".")


def live_reading(t_ms: Sequence[float], values: Sequence[float],
                 marks: Sequence[tuple[int, str]], end_ms: float, voice: Voice = YOU,
                 start: float | None = None) -> str:
    """What one session's live rating did, in one sentence (samples as recorded: the
    patient's moves; phase ``marks`` as ``live_shifts.phase_starts`` gives them).

    ``start`` is where the slider started (the pain rated before), when known; it is never
    a sample. From it: "Your live rating started at 6 (your pain before the session) and
    went to 3 in 4 moves; it was lowest (2) during safety.", and with no moves "You left the
    live rating where it started, at 6.". Without it, from the first move ("" without
    samples): "Your live rating went from 6 to 3 over 5 ratings; …"; a rating that moved
    and came back "started and ended at" its value; only one that never moved "stayed at"
    it. The lowest point is named when the rating came below where it started, with the
    phase it fell in (in the player's words) or its time when no phase was running, and
    how long it lasted when that was past the phase (``_lowest``); a rating that only rose
    has no low point worth naming."""
    values = np.asarray(values, dtype=float)
    if start is not None:
        return _live_from_start(t_ms, values, marks, end_ms, voice, float(start))
    if len(values) == 0:
        return ""
    first, last = values[0], values[-1]
    if len(values) == 1:
        return f"{capital(voice.whose())} one live rating was {rating_text(first)}."
    if rating_text(values.min()) == rating_text(values.max()):
        moved = f"stayed at {rating_text(first)}"
    elif rating_text(first) == rating_text(last):
        moved = f"started and ended at {rating_text(first)}"
    else:
        moved = f"went from {rating_text(first)} to {rating_text(last)}"
    text = f"{capital(voice.whose())} live rating {moved} over {len(values)} ratings"
    return text + _lowest(t_ms, values, first, marks, end_ms) + "."


def past_end_words(count: int) -> str:
    """What a reading adds when ``count`` live ratings lie past the session's recorded end
    and are left out (a rating is stamped with the audio clock, and the player can be taken
    back before the session is stopped): "" for none, else one sentence saying they were
    given, so a reading never says there were none or that the slider was left alone."""
    if count <= 0:
        return ""
    if count == 1:
        return ("1 live rating was given at a moment past where the session ended (the "
                "player was taken back before it was stopped), so it is not shown.")
    return (f"{count} live ratings were given at moments past where the session ended (the "
            "player was taken back before it was stopped), so they are not shown.")


def _live_from_start(t_ms: Sequence[float], values: np.ndarray,
                     marks: Sequence[tuple[int, str]], end_ms: float, voice: Voice,
                     start: float) -> str:
    """``live_reading`` when where the slider started is known."""
    if len(values) == 0:
        return (f"{capital(voice.who())} left the live rating where it started, at "
                f"{rating_text(start)}.")
    head = (f"{capital(voice.whose())} live rating started at {rating_text(start)} "
            f"({voice.whose(first=False)} pain before the session)")
    moves = "one change" if len(values) == 1 else f"{len(values)} changes"
    last = rating_text(values[-1])
    if {rating_text(v) for v in values} == {rating_text(start)}:
        text = f"{head} and stayed there"
    elif last == rating_text(start):
        text = f"{head} and came back to {last} after {moves}"
    else:
        text = f"{head} and went to {last} after {moves}"
    return text + _lowest(t_ms, values, start, marks, end_ms) + "."


def _lowest(t_ms: Sequence[float], values: np.ndarray, start: float,
            marks: Sequence[tuple[int, str]], end_ms: float) -> str:
    """Where the rating was lowest, when it came below ``start`` (else ""): "; it was
    lowest (2) during safety" only when every time at the low lay within that one part.
    A low held on into later parts says how far, "; it came down to 5 during noticing and
    stayed there to the end" (or "… into closing", the last part it lasted into), so one
    part is not credited with what lasted through several; a low reached again in another
    part says "more than once, first during …". Without phases, its time instead."""
    low = values.min()
    if not low < start:
        return ""
    runs = phase_runs(marks, end_ms)
    visits = _held_at(t_ms, values, low, end_ms)
    touched = [_runs_within(runs, begin, until) for begin, until in visits]
    every = set().union(*touched)
    begin = visits[0][0]
    phase = phase_at(runs, begin)
    where = (f" during {part_words(phase)}" if phase
             else f" at {clock_text(int(begin))}")
    value = rating_text(low)
    if len(every) == 1:
        return f"; it was lowest ({value}){where}"
    if len(visits) > 1:
        return f"; it was lowest ({value}) more than once, first{where}"
    if visits[0][1] >= end_ms:  # never left
        return f"; it came down to {value}{where} and stayed there to the end"
    if touched[0]:
        last = runs[max(touched[0])][2]
        return f"; it came down to {value}{where} and stayed there into {part_words(last)}"
    return f"; it was lowest ({value}){where}"


def _held_at(t_ms: Sequence[float], values: np.ndarray, level: float,
             end_ms: float) -> list[tuple[float, float]]:
    """Each stretch of time (from, until) the rating was held at ``level``: from a sample
    at it to the next sample not at it, the last one to ``end_ms``."""
    stretches: list[tuple[float, float]] = []
    begin = None
    for at, value in zip(t_ms, values, strict=True):
        if value == level and begin is None:
            begin = float(at)
        elif value != level and begin is not None:
            stretches.append((begin, float(at)))
            begin = None
    if begin is not None:
        stretches.append((begin, max(begin, float(end_ms))))
    return stretches


def _runs_within(runs: Sequence[tuple[float, float, str]], begin: float,
                 until: float) -> set[int]:
    """The runs (by index) that any of [begin, until) lies in; a moment's stretch (begin ==
    until) lies in the run running then."""
    if until <= begin:
        return {i for i, (start, stop, _) in enumerate(runs) if start <= begin < stop}
    return {i for i, (start, stop, _) in enumerate(runs) if start < until and stop > begin}
