"""One patient's baseline and latest pain for Outcomes: averages over their first and last week.

Contract
--------
* Input: the patient's rated sessions (pain rated before *and* after, as Insights counts
  them) as ``Rated`` — the day on the patient's clock and the pain (and fear) rated
  *before* the session. Before-ratings at both ends, so the change is in the pain a
  patient comes in with, not the relief one session brings at the time.
* **First week**: the ``WEEK_DAYS`` days from the day of the first rated session on.
  **Last week**: the ``WEEK_DAYS`` days up to the day of the latest rated session, but
  never reaching back into the first week (so it is shorter when the ratings span fewer
  than two weeks, and there is none when they span one week or less). A session dated
  in the future (``Rated.ahead``: saved while the patient's clock ran ahead) is never
  the latest while one dated up to now exists (``painease.domain.wrong_clock``'s rule),
  so a clock set a month ahead once does not move the last week to a month of no
  ratings.
* Each end's value is the plain average of its before-ratings. The small-numbers rule of
  every other reading (``painease.domain.readings``) holds for each week: fewer than
  ``MIN_READING_SESSIONS`` ratings is not enough yet (no value: the patient has no
  baseline, or no latest value), fewer than ``FEW`` is given but to be treated lightly.
  A single rating never decides a patient's change.
* ``EndWeeks.measure`` turns the two weeks into the ``painease.domain.cohort.Measure``
  the statistics take. ``WEEKS_DEFINITION`` is these rules in words, for the Outcomes
  tab's definitions (docs/cohort.md says the same).

Pure: standard library only; no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from painease.domain.small_numbers import FEW, MIN_READING_SESSIONS

WEEK_DAYS = 7

WEEKS_DEFINITION = (
    f"Baseline is the average pain rated before sessions in a patient's first week: the "
    f"{WEEK_DAYS} days from their first rated session. Latest is the same average in their "
    f"last week: the {WEEK_DAYS} days up to their latest rated session dated up to now, "
    f"never overlapping the first week. A week with fewer than {MIN_READING_SESSIONS} of "
    f"these ratings has no value yet, so that patient has no baseline, or no latest "
    f"value. With fewer than {FEW}, the value counts, but treat it lightly."
)


@dataclass(frozen=True)
class Rated:
    """One rated session: its day on the patient's clock, pain and fear rated before it,
    and whether it is dated in the future (``wrong_clock.dated_ahead``)."""

    day: date
    pain: float
    fear: float | None = None
    ahead: bool = False


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if len(values) >= MIN_READING_SESSIONS else None


@dataclass(frozen=True)
class Week:
    """The ratings of one end: days ``first_day`` to ``last_day``, both included."""

    first_day: date
    last_day: date
    pains: tuple[float, ...]
    fears: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.pains)

    @property
    def enough(self) -> bool:
        return self.n >= MIN_READING_SESSIONS

    @property
    def few(self) -> bool:
        """Enough, but fewer than ``FEW``: treat it lightly."""
        return self.enough and self.n < FEW

    @property
    def pain(self) -> float | None:
        return _mean(self.pains)

    @property
    def fear(self) -> float | None:
        return _mean(self.fears)


@dataclass(frozen=True)
class EndWeeks:
    """A patient's first and last week (None: no rated session / no days after the first
    week)."""

    first: Week | None
    last: Week | None

    @property
    def enough(self) -> bool:
        """Enough ratings at both ends for a baseline and a latest value."""
        return all(w is not None and w.enough for w in (self.first, self.last))

    @property
    def few(self) -> bool:
        """Both ends have a value, but one of them rests on fewer than ``FEW`` ratings."""
        return self.enough and (self.first.few or self.last.few)

    def measure(self, patient_id: str, group: str):
        """The ``cohort.Measure``: baseline and latest pain (and fear) averages; None at
        an end without enough ratings."""
        from painease.domain.cohort import Measure

        first, last = self.first, self.last
        return Measure(patient_id, group,
                       first.pain if first else None, last.pain if last else None,
                       first.fear if first else None, last.fear if last else None)


def _week(rated: Sequence[Rated], first_day: date, last_day: date) -> Week:
    inside = [r for r in rated if first_day <= r.day <= last_day]
    return Week(first_day, last_day, tuple(r.pain for r in inside),
                tuple(r.fear for r in inside if r.fear is not None))


def end_weeks(rated: Sequence[Rated]) -> EndWeeks:
    """The first and last week of ``rated`` (any order), by the module's rules."""
    if not rated:
        return EndWeeks(None, None)
    start = min(r.day for r in rated)
    # The latest dated up to now; when every one is dated ahead, the last of them.
    latest = max([r.day for r in rated if not r.ahead] or [r.day for r in rated])
    first_end = start + timedelta(days=WEEK_DAYS - 1)
    first = _week(rated, start, first_end)
    if latest <= first_end:
        return EndWeeks(first, None)
    last_start = max(first_end + timedelta(days=1), latest - timedelta(days=WEEK_DAYS - 1))
    return EndWeeks(first, _week(rated, last_start, latest))
