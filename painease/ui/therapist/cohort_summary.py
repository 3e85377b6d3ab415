"""The Outcomes tab's summary line: who is in the table, who is not yet, and why.

``summary_text(shown, own)`` says it from what ``cohort_view.CohortView`` put in the table
(``Shown``; ``own``: grouped by the therapist's own groups, else by set): how many
patients (people, each once, though one who did sessions of two sets is in two columns,
and is named for it), how many have enough ratings in both weeks, whose weeks in the
columns' headers' words (``weeks_of``), who has too few ratings (the small-numbers rule
of ``painease.domain.cohort_weeks``), who is left out with no session yet (of their set,
or at all), who has none yet of the set they follow now but is under an earlier one,
how many sessions of whose were left out for a start time, a rating or another value that
cannot be read (``LeftOut``), and whose results could not be read. One whose sessions
(of their set, or of the set they follow now) were all left out did some: said only
there, never as having none; with no outcome to show, "nobody has done a session" is
said only when nobody did and everyone's results could be read, and grouping by the
therapist's own groups is suggested whenever it would show someone missing by set.
Pure text: no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from painease.domain.cohort import Measure
from painease.domain.cohort_weeks import EndWeeks
from painease.domain.readings import FEW, MIN_READING_SESSIONS
from painease.domain.vocabulary import counted


class LeftOut(NamedTuple):
    """One patient's sessions left out of Outcomes as a value in them cannot be read."""

    name: str  # as shown
    starts: int  # how many whose start time
    ratings: int  # how many with a rating (start readable)
    others: int  # how many with another value: end time, script id, length… (start readable)
    all_of_theirs: bool  # none of theirs is left: they are in no column
    # Some of theirs is left, but none of their set (by set): in no column, said here
    # rather than as having no session of their set yet (``cohort_view``).
    none_of_set: bool = False
    # By set, under an earlier set's column only: none of the set they follow now is
    # left. Said here rather than as having no session yet of that set (``cohort_view``).
    none_of_now: bool = False


@dataclass(frozen=True)
class Shown:
    measures: Sequence[Measure]  # one per column a patient is in
    weeks: Sequence[tuple[str, EndWeeks]]  # (name, with the column when in several; weeks)
    not_started: Sequence[tuple[str, bool]]  # (name, their set is why) left out
    in_several: Sequence[str]  # names of those in more than one set's column
    elsewhere: Sequence[str]  # none yet of the set they follow; under an earlier one
    unreadable: Sequence[str]
    left_out: Sequence[LeftOut] = ()  # not in ``not_started``: said here


def summary_text(shown: Shown, own: bool) -> str:
    unreadable = ", ".join(shown.unreadable)
    unread = unreadable_sessions(shown.left_out)
    waiting = ", ".join(name for name, _ in shown.not_started)
    in_set = any(their_set for _, their_set in shown.not_started)
    # Grouped by set, one in no column whose other sessions are left: their own group's
    # column would show them.
    helps = any(out.none_of_set for out in shown.left_out)
    group_own = " Group by your groups to see all of their sessions."
    # Said after the first sentence naming someone it helps.
    hint, late_hint = (group_own, "") if in_set else ("", group_own if helps else "")
    if waiting and not shown.measures and (unread or unreadable):
        # Someone did sessions, or may have (results not readable at all), only none
        # could be read: not "nobody"; each said once.
        return (f"No outcomes to show{' per set' if in_set or helps else ''} yet."
                + "".join(f" Not in the table, with no session{why} yet: {', '.join(names)}."
                          for why, names in left_out(shown.not_started))
                + hint + unread + late_hint
                + (f" Not readable: {unreadable}." if unreadable else ""))
    if waiting and not shown.measures and in_set:
        return (f"No outcomes to show per set yet: nobody has done a session of their "
                f"set ({waiting})." + hint)
    if waiting and not shown.measures:
        return f"No outcomes to show yet: nobody has done a session ({waiting})."
    if unreadable and not shown.measures:
        return (f"Not readable: {unreadable}. So there are no outcomes to show; importing "
                "their latest results files again should restore them." + unread
                + late_hint)
    if unread and not shown.measures:
        return f"No outcomes to show{' per set yet' if helps else ''}." + unread + late_hint
    if not shown.measures:
        return ("No results imported yet: outcomes appear here once patients send you "
                "their results.")
    people = {m.patient_id for m in shown.measures}
    done = len({m.patient_id for m in shown.measures if m.completed})
    several = list(shown.in_several)
    return (f"{counted(len(people), 'patient', 'patients')}, {done} with enough ratings in "
            f"{weeks_of(shown, own)}."
            + (f" {and_list(several)} did sessions of more than one set, so "
               f"{'is' if len(several) == 1 else 'are'} in each of those sets' columns, "
               "counted there with that set's sessions only." if several else "")
            + too_few(shown.weeks)
            + "".join(f" Not in the table, with no session{why} yet: {', '.join(names)}."
                      for why, names in left_out(shown.not_started))
            + (f" No session yet of the set they follow now, so only under an earlier "
               f"one: {', '.join(shown.elsewhere)}." if shown.elsewhere else "")
            + unread
            + (f" Not readable: {unreadable}." if unreadable else ""))


def unreadable_sessions(left_out: Sequence[LeftOut]) -> str:
    """Whose sessions are left out because a value in them cannot be read, and how many
    (the rest of theirs counts; "all of theirs" when none is left; when the columns are
    sets', "no session of their set left" when only others are, and "no session of the
    set they follow now left" when only an earlier set's are): one sentence, naming
    the cause when it is only the time they started, a rating, or those two, else
    "something in them"; "" when none is."""
    if not left_out:
        return ""
    causes = " or ".join(cause for cause, any_of in (
        ("the time they started", any(out.starts for out in left_out)),
        ("a rating in them", any(out.ratings for out in left_out))) if any_of)
    if any(out.others for out in left_out):
        causes = "something in them"
    said = [f"{counted(out.starts + out.ratings + out.others, 'session', 'sessions')} by "
            f"{out.name}{_what_is_left(out)}" for out in left_out]
    return f" Left out, as {causes} could not be read: {', '.join(said)}."


def _what_is_left(out: LeftOut) -> str:
    """What leaving out ``out``'s sessions leaves of theirs, when it changes where they are
    in the table ("" when it does not)."""
    if out.all_of_theirs:
        return " (all of theirs, so not in the table)"
    if out.none_of_set:
        return " (no session of their set left, so not in the table)"
    if out.none_of_now:
        return " (no session of the set they follow now left, so only under an earlier one)"
    return ""


def weeks_of(shown: Shown, own: bool) -> str:
    """Whose first and last week the summary means, in the words of the columns'
    headers: of the sessions of their set (of a set, when some are in several) when every
    column in the table is a set's (late sessions it counts included: not "during" it),
    of all their sessions when none is, and of what their column counts when the table
    has both."""
    from painease.storage.patients import NO_SET

    of_a_set = {not own and m.group != NO_SET for m in shown.measures}
    if of_a_set == {True}:
        return ("the first and last week of the sessions of "
                + ("a set" if shown.in_several else "their set"))
    if of_a_set == {False}:
        return "their first and last week"
    return "the first and last week of the sessions their column counts"


def too_few(weeks: Sequence[tuple[str, EndWeeks]]) -> str:
    """Who has too few ratings in their first or last week for a change, and whose
    change rests on a week with only a few (the small-numbers rule of
    ``painease.domain.cohort_weeks``)."""
    lacking = [name for name, end in weeks if not end.enough]
    few = [name for name, end in weeks if end.few]
    return ((f" Not enough ratings yet in their first or last week (fewer than "
             f"{MIN_READING_SESSIONS}): {', '.join(lacking)}." if lacking else "")
            + (f" Fewer than {FEW} ratings in a week, so treat their change lightly: "
               f"{', '.join(few)}." if few else ""))


def left_out(not_started: Sequence[tuple[str, bool]]) -> list[tuple[str, list[str]]]:
    """Who is not in the table and why: (" of their set", names), ("", names)."""
    reasons = [(" of their set", [n for n, their_set in not_started if their_set]),
               ("", [n for n, their_set in not_started if not their_set])]
    return [(why, names) for why, names in reasons if names]


def and_list(names: Sequence[str]) -> str:
    """"Robin", "Robin and Sam", "Robin, Sam and Lee"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
