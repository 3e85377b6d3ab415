"""The report's set: how far along their set the patient is, and which sessions were for it.

``set_progress(store, today, tz, period_end)`` reads, from the store the report is made
from, the set the patient follows (``ProgramStore.followed``: their current one, else the
latest they started, as the Patients page shows it) and its progress as Home and the
Patients page count it (``program_status``; what counts as done is
``program_status.counts_for_set``, the one rule: nothing here counts by itself): on
``today`` for a period up to now, or at the end of a period that ended before (counting
the sessions done up to that day, so the figure matches the table). With it come the
set's first day and its last (``cohort_set.set_days``: the end of its last planned week,
or its last planned date if later, as Outcomes and docs/cohort.md count a set's days: a
session on the days after the last planned one, in that week, still counts for it) and,
for each session linked to the set, its mark in the report's session table: "item 2",
the item it counts for (placed as ``program_status.sessions_by_item`` places it, so a
session whose item a later version of the set moved counts where Home counts it),
"item 2, extra" when the item's planned sessions were already filled
(``program_status.fill_planned``: it adds nothing to the progress), or "item 2, not
counted" when too little of it was heard. None when the patient started no set.
Every other set the patient started and did sessions of comes with it (``others``, newest
saved first), each with its progress; the marks then name the set ("Two weeks: item 2"),
so no set's session reads as a Library one ("–"). In a therapist's report, ``covered_to``
(the last day the patient's results cover) counts the sets on that day when it is
earlier: results imported weeks after they end do not read as if the patient stopped.

``set_section(progress, voice, tz, table)`` is the HTML of "Your set" ("Sam's set" in a
therapist's report on Sam): one sentence with the set's name, its therapist and its days,
one with the progress, and, when the report has a session table (``table``), what its
"Set" column means ("Sam's sets", one paragraph each, the current one first and said
to be, when there are others); for a set whose record cannot be read (``UnreadableSet``),
that it could not be read and what (table, row, column; the row said by the set's title
when that reads, ``set_rows.by_title``, not by its long id). Every text is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import date, tzinfo

from painease.domain.cohort_set import set_days
from painease.domain.program_status import (
    DoneSession,
    fill_planned,
    program_status,
    sessions_by_item,
)
from painease.domain.programs import Program
from painease.domain.voice import Voice, capital
from painease.local_time import day_text
from painease.report_text import free, isolated
from painease.storage import StoreError
from painease.storage.programs import ProgramStore
from painease.storage.set_rows import by_title
from painease.storage.stored_values import UnreadableValue

EXTRA = "extra"  # a mark's word for a session that filled no planned session


@dataclass(frozen=True)
class SetProgress:
    title: str
    therapist_name: str
    started_on: date
    ends_on: date  # the set's last day: the end of its last planned week (``set_days``)
    on: date  # the day the progress is counted on: today, or the period's last day
    progress_text: str  # "3 of 20 done", as Home says it (``ProgramStatus.progress_text``)
    # session id → "item 2" / "item 2, extra" / "item 2, not counted"; with ``others``,
    # every set's sessions, each mark naming its set ("Two weeks: item 2")
    marks: dict[int, str]
    period_ended: bool = False  # ``on`` is the end of a period that ended before today
    covered_to: bool = False  # ``on`` is the last day the patient's results cover
    current: bool = False  # the patient's current set (said when there are ``others``)
    others: tuple[SetProgress, ...] = ()  # the other sets with sessions, newest saved first


@dataclass(frozen=True)
class UnreadableSet:
    """The set's record cannot be read (``problem``: what and where, e.g. "the programs
    table, row 3, column started_on holds 'x', which is not a date"); the report says so
    where the set would be, with no "Set" column (``marks``)."""

    problem: str
    marks: None = None


def set_progress(store, today: date, tz: tzinfo, period_end: date | None = None,
                 covered_to: date | None = None) -> SetProgress | UnreadableSet | None:
    """The set the patient follows and how far along it they are, sessions counted on
    the days of the clock ``tz``: on ``today``, or on ``period_end`` (the last day of the
    report's period) when that is before today, with only the sessions done up to it, or
    on ``covered_to`` (the last day a patient's results cover, in a therapist's report)
    when that is earlier still. The other sets they did sessions of come with it
    (``SetProgress.others``). None when there is none; ``UnreadableSet`` when its record
    cannot be read (the report is still made, and says so where the set would be: never
    left out unsaid).
    In save order when the store knows it (``ProgramStore.counts_by_save_order``): the
    person's own, as Home; a therapist's copy whose results sent it, as the Patients page."""
    sets = ProgramStore(store)
    ended = period_end is not None and period_end < today
    on = period_end if ended else today
    covered = covered_to is not None and covered_to < on
    on = covered_to if covered else on
    try:
        followed = sets.followed()
        if followed is None or followed.started_on is None:
            return None
        current = sets.current()
        others = [stored for stored in sets.programs() if stored.started_on is not None
                  and stored.program.id != followed.program.id]
        found = [_one_set(sets, stored, tz, on, period_end if ended else None,
                          keep=stored is followed) for stored in (followed, *others)]
    except UnreadableValue as exc:  # a value damaged outside painease: named, by the
        return UnreadableSet(by_title(store.database, exc).detail)  # set's title if it reads
    except StoreError as exc:
        return UnreadableSet(exc.reason)
    except ValueError:  # the set was removed meanwhile: there is none
        return None
    first, rest = found[0], [one for one in found[1:] if one is not None]
    marks = dict(first[1])
    if rest:  # several sets: each mark names its set
        marks = {}
        for progress, theirs in (first, *rest):
            for session, mark in theirs.items():
                marks.setdefault(session, f"{isolated(progress.title)}: {mark}")
    flags = dict(period_ended=ended and not covered, covered_to=covered)
    return replace(first[0], marks=marks, **flags,
                   current=current is not None and current.program.id == followed.program.id,
                   others=tuple(replace(progress, **flags) for progress, _ in rest))


def _one_set(sets: ProgramStore, stored, tz: tzinfo, on: date, cut: date | None,
             keep: bool) -> tuple[SetProgress, dict[int, str]] | None:
    """The set ``stored``'s progress on ``on`` and its sessions' marks, with only the
    sessions done up to ``cut`` when given; None when it has no session, unless ``keep``
    (the set the patient follows is said even before its first session)."""
    program, start = stored.program, stored.started_on
    linked = sets.linked_sessions(program.id, tz=tz)
    if cut is not None:  # as it stood then: a session done later neither counts nor is marked
        linked = [s for s in linked if s.done.day <= cut]
    if not (linked or keep):
        return None
    counted = [s for s in linked if s.counts]
    status = program_status(program, start, [s.done for s in counted], on)
    filled = _filling(program, start, [s.done for s in counted], on)
    marks = {}
    for session in linked:
        position = _item_of(program, session.done)
        if position is None:
            continue
        if not session.counts:
            marks[session.session_id] = f"item {position}, not counted"
        elif id(session.done) in filled:
            marks[session.session_id] = f"item {position}"
        else:  # the item's planned sessions were all filled before it
            marks[session.session_id] = f"item {position}, {EXTRA}"
    _, ends_on = set_days(program, start)
    return (SetProgress(program.title, program.therapist_shown, start, ends_on, on,
                        status.progress_text, {}), marks)


def _filling(program: Program, start: date, done: list[DoneSession], on: date) -> set[int]:
    """The ``id()`` of each of ``done`` that fills a planned session of its item, by the
    rule Home counts with (``sessions_by_item``, then ``fill_planned``), on ``on``."""
    by_item = sessions_by_item(program, done)
    return {id(by) for item in program.items
            for _, by in fill_planned(item, start, by_item[item.position], on)
            if by is not None}


def _item_of(program: Program, done: DoneSession) -> int | None:
    """The position of the item ``done`` counts for (``sessions_by_item``), or None."""
    placed = sessions_by_item(program, [done])
    return next((position for position, days in placed.items() if days), None)


def set_section(progress: SetProgress | UnreadableSet, voice: Voice, tz: tzinfo,
                table: bool = True) -> str:
    """The "Your set" section (see the module); ``table``: the report has a session
    table, whose "Set" column it explains. A set that cannot be read is said there."""
    e = html.escape
    if isinstance(progress, UnreadableSet):
        return (f"<h2>{e(capital(voice.whose()))} set</h2>"
                f"<p>The record of {e(voice.whose())} set could not be read, so it is not in "
                f"this report: {free(progress.problem)}. Nothing was changed.</p>")
    counted_when = "you have" if voice.own else f"{voice.who()} has"
    several = bool(progress.others)
    column = ""
    if table:
        shows = ("the set and the item of it each session was done for" if several
                 else "the item of the set each session was done for")
        column = f" The “Set” column of the table below shows {shows}"
        extra = any(mark.endswith(EXTRA) for mark in progress.marks.values())
        column += ("; “extra” marks one done after that item's planned sessions were "
                   "all done, so it adds nothing to the count." if extra else ".")
    heading = f"{capital(voice.whose())} set{'s' * several}"
    said = [_one_section(one, voice, tz, several and one is progress)
            for one in (progress, *progress.others)]
    return (f"<h2>{e(heading)}</h2>" + "".join(f"<p>{one}</p>" for one in said[:-1])
            + f"<p>{said[-1]}<br><span class='muted'>A session counts for the set once "
            f"{e(counted_when)} heard at least half of it.{e(column)}</span></p>")


def _one_section(progress: SetProgress, voice: Voice, tz: tzinfo, current: bool) -> str:
    """One set's name, therapist and days, then its progress; ``current``: said to be
    the patient's current set (when there are several)."""
    e = html.escape
    ends = f", planned to {day_text(progress.ends_on, tz)}"
    on = e(day_text(progress.on, tz))
    if progress.covered_to:  # the day their results end, not the day the report is made
        when = f"On {on}, the last day {e(voice.whose(first=False))} results cover"
    elif progress.period_ended:
        when = f"At the end of this period ({on})"
    else:
        when = f"On {on}"
    mark = " (the current set)" if current and progress.current else ""
    return (f"“{free(progress.title)}”, from {free(progress.therapist_name)}{mark}: "
            f"started {e(day_text(progress.started_on, tz))}{e(ends)}.<br>"
            f"{when}: <b>{e(progress.progress_text)}</b>.")
