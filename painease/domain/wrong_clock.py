"""Sessions dated in the future: the computer's clock was ahead when they were saved.

The one rule, for every view and file (Home, Insights, the report, results and CSV files,
the therapist's views):

* Such a session still happened. It is kept and counted like any other, and a period that
  runs up to today also holds the sessions dated after it (``runs_to_now``), so the
  report and the results file count what Insights counts.
* It is never taken as "the last session" while one dated up to now exists
  (``latest_lived``): yesterday's session is the last one, not one dated next month.
  When the clock was set back instead, the session just done is the one dated up to now,
  so the same rule still finds it.
* Wherever one is shown, it says so plainly (``future_note``), and a report or a file
  that holds some says how many (``ahead_sentence``).
* Nor is the history taken to end at it: Insights' trend chart (daily or weekly, and how
  far it runs) is drawn up to the last session dated up to now, and its reading says
  how many it leaves out (``left_out_sentence``).

Pure functions: the caller passes ``now`` (an aware datetime) or gets the current time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

from painease.domain.vocabulary import counted

T = TypeVar("T")


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def dated_ahead(when: datetime, now: datetime | None = None) -> bool:
    """Whether ``when`` (aware) is after ``now``: saved while the clock ran ahead."""
    return when > _now(now)


def latest_lived(items: Sequence[T], when: Callable[[T], datetime],
                 now: datetime | None = None) -> T | None:
    """The last of ``items`` (oldest first) not dated after ``now``; when every one is,
    the last one; None when there are none."""
    moment = _now(now)
    for item in reversed(items):
        if not when(item) > moment:
            return item
    return items[-1] if items else None


def runs_to_now(last_day: date | None, today: date) -> bool:
    """Whether a period ending on ``last_day`` (None: not given) runs up to now, and so
    also holds the sessions dated after it."""
    return last_day is None or last_day >= today


def future_note(own: bool = True) -> str:
    """The words beside a session dated in the future: the patient can check their clock;
    a therapist reading a patient's results cannot."""
    if own:
        return "dated in the future: please check your computer's clock"
    return "dated in the future: their computer's clock was probably ahead"


def ahead_sentence(count: int, own: bool = True) -> str:
    """E.g. "1 session is dated in the future: please check your computer's clock. It is
    counted here." Empty for none."""
    if not count:
        return ""
    verb = "is" if count == 1 else "are"
    pronoun = "It is" if count == 1 else "They are"
    return (f"{counted(count, 'session', 'sessions')} {verb} {future_note(own)}. "
            f"{pronoun} counted here.")


def left_out_sentence(count: int) -> str:
    """E.g. "The chart leaves out 1 session dated in the future." Empty for none."""
    if not count:
        return ""
    return f"The chart leaves out {counted(count, 'session', 'sessions')} dated in the future."
