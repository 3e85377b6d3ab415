"""The report's set: how far along their set the patient is, and which sessions were for it.

``set_progress(store, today, tz)`` reads, from the store the report is made from, the set
the patient follows (``ProgramStore.followed``: their current one, else the latest they
started, as the Patients page shows it) and its progress on ``today`` as Home and the
Patients page show it (``ProgramStore.status``; what counts as done is
``program_status.counts_for_set``, the one rule: nothing here counts by itself). With it
come the set's first and last planned days and, for each session linked to the set, its
mark in the report's session table: "item 2", the item it counts for (placed as
``program_status.sessions_by_item`` places it, so a session whose item a later version of
the set moved counts where Home counts it), or "item 2, not counted" when too little of
it was heard. None when the patient started no set.

``set_section(progress, voice, tz)`` is the HTML of "Your set" ("Sam's set" in a
therapist's report on Sam): one sentence with the set's name, its therapist and its days,
one with the progress, and what the table's "Set" column means. Every text is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, tzinfo

from painease.domain.program_status import DoneSession, planned_days, sessions_by_item
from painease.domain.programs import Program
from painease.domain.voice import Voice, capital
from painease.local_time import day_text
from painease.storage import StoreError
from painease.storage.programs import ProgramStore


@dataclass(frozen=True)
class SetProgress:
    title: str
    therapist_name: str
    started_on: date
    ends_on: date | None  # the last planned day (None: nothing planned)
    today: date
    progress_text: str  # "3 of 20 done", as Home says it (``ProgramStatus.progress_text``)
    marks: dict[int, str]  # session id → "item 2" / "item 2, not counted"


def set_progress(store, today: date, tz: tzinfo) -> SetProgress | None:
    """The set the patient follows and how far along it they are on ``today``, sessions
    counted on the days of the clock ``tz``; None when there is none (or it cannot be
    read: the report is still made, without it)."""
    sets = ProgramStore(store)
    try:
        followed = sets.followed()
        if followed is None or followed.started_on is None:
            return None
        program, start = followed.program, followed.started_on
        status = sets.status(today, program_id=program.id, tz=tz)
        linked = sets.linked_sessions(program.id, tz=tz)
    except (StoreError, ValueError):
        return None
    if status is None:
        return None
    days = [day for item in program.items for day in planned_days(item, start)]
    marks = {}
    for session in linked:
        position = _item_of(program, session.done)
        if position is not None:
            marks[session.session_id] = (f"item {position}" if session.counts
                                         else f"item {position}, not counted")
    return SetProgress(program.title, program.therapist_name, start,
                       max(days) if days else None, today, status.progress_text, marks)


def _item_of(program: Program, done: DoneSession) -> int | None:
    """The position of the item ``done`` counts for (``sessions_by_item``), or None."""
    placed = sessions_by_item(program, [done])
    return next((position for position, days in placed.items() if days), None)


def set_section(progress: SetProgress, voice: Voice, tz: tzinfo) -> str:
    """The "Your set" section (see the module)."""
    e = html.escape
    ends = (f", planned to {day_text(progress.ends_on, tz)}" if progress.ends_on else "")
    counted_when = "you have" if voice.own else f"{voice.who()} has"
    return (f"<h2>{e(capital(voice.whose()))} set</h2>"
            f"<p>“{e(progress.title)}”, from {e(progress.therapist_name)}: started "
            f"{e(day_text(progress.started_on, tz))}{e(ends)}.<br>"
            f"On {e(day_text(progress.today, tz))}: <b>{e(progress.progress_text)}</b>.<br>"
            f"<span class='muted'>A session counts for the set once {e(counted_when)} "
            "heard at least half of it. The “Set” column of the table below shows the item "
            "of the set each session was done for.</span></p>")
