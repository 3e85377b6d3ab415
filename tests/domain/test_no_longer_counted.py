"""Why progress went down after a new version of a set: sessions done for an item that
the new version removed or gave another script count for no item any more."""

from __future__ import annotations

from datetime import date

from painease.domain.program_status import (
    DoneSession,
    no_longer_counted,
    no_longer_counted_text,
    program_status,
)
from painease.domain.programs import Program, Schedule

START = date(2026, 11, 2)


def _set(second_script: str, version: int = 1, set_id: str | None = None) -> Program:
    made = Program.create("Two weeks", "Dr. Ana Moreno", [
        ("calm-corner", 5, Schedule(times_per_week=2, weeks=2), None),
        (second_script, 5, Schedule(times_per_week=1, weeks=2), None)])
    return Program(set_id or made.id, version, made.title, made.therapist_name, made.items)


def test_a_session_for_an_item_the_new_version_changed_no_longer_counts():
    old = _set("paced-breathing")
    new = _set("body-scan", 2, old.id)
    done = [DoneSession(1, date(2026, 11, 2), "calm-corner", 5),
            DoneSession(2, date(2026, 11, 3), "paced-breathing", 5)]
    today = date(2026, 11, 4)
    assert program_status(old, START, done, today).progress_text == "2 of 6 done"
    assert program_status(new, START, done, today).progress_text == "1 of 6 done"
    assert no_longer_counted(old, done) == 0
    assert no_longer_counted(new, done) == 1
    assert no_longer_counted_text(1, own=True) == (
        "1 session you did for it no longer counts, because this version changed the part "
        "of the set it was for; it stays in your history.")
    assert no_longer_counted_text(2, own=False) == (
        "2 sessions done for an earlier version no longer count: this version changed the "
        "part of the set they were for.")
    assert no_longer_counted_text(0, own=True) == ""
