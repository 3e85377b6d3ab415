"""Insights with a session whose values were edited to the wrong type or out of range:
once "Your sessions could not be read: date value out of range" (the page empty); now
the rest is shown and the one left out is said under the trend."""

from __future__ import annotations

import sqlite3
from datetime import UTC

import pytest

from painease.domain.voice import YOU
from painease.storage import SessionStore
from painease.ui.charts.data import gather
from tests.storage.test_unreadable_values import filled


@pytest.mark.parametrize(("column", "value", "why"), [
    ("started_at", 5, "the time it started cannot be read"),
    ("started_at", 1e308, "the time it started cannot be read"),
    ("script_id", b"\xff", "a value in it cannot be read")])
def test_insights_show_the_rest_and_say_which_session_is_not_shown(tmp_path, column, value,
                                                                   why):
    db = tmp_path / "painease.sqlite3"
    first, second = filled(db)
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE sessions SET {column} = ? WHERE id = ?", (value, first))
    conn.commit()
    conn.close()
    with SessionStore(db) as store:
        data = gather(store, None, None, UTC, {}, YOU)
    assert [p.id for p in data.points] == [second]
    assert data.readings["trend"].endswith(
        f"Not shown: 1 session, because {why} (row {first} of the sessions table); a CSV "
        "export (painease export --csv) has it.")
    said = " ".join(data.readings.values())
    assert said.count("of the sessions table)") == 1  # once on the page (the report too)


# Past the column's CHECK, as a hand edit can (the window's start check refuses such a
# file, but a therapist's imported copy of a patient's and the command line read it).
_LOOSE = "PRAGMA ignore_check_constraints = ON; "


@pytest.mark.parametrize("sql", [
    # Once a ValueError ("could not convert string to float: 'x'"): no Insights at all.
    "UPDATE ratings SET pain = 'x' WHERE session_id = {n} AND moment = 'pre'",
    "UPDATE ratings SET fear = x'00' WHERE session_id = {n} AND moment = 'post'",
    # Once counted as it is: pain 99 -> 4 "came down", in the averages and yardsticks.
    "UPDATE ratings SET pain = 99 WHERE session_id = {n} AND moment = 'pre'",
    "UPDATE ratings SET fear = -1 WHERE session_id = {n} AND moment = 'post'",
    # Once a session of no outcome the counts know: "2 sessions, all completed" of one.
    "UPDATE sessions SET outcome = 'nonsense' WHERE id = {n}",
    # Once a TypeError in the report's list of sessions ("ended early at …").
    "UPDATE sessions SET played_ms = 'garbage' WHERE id = {n}",
    "UPDATE sessions SET elapsed_ms = 'garbage' WHERE id = {n}"])
def test_insights_leave_out_a_session_with_a_rating_outcome_or_time_that_cannot_be_read(
        tmp_path, sql):
    db = tmp_path / "painease.sqlite3"
    first, second = filled(db)
    conn = sqlite3.connect(db)
    conn.executescript(_LOOSE + sql.format(n=first))
    conn.close()
    with SessionStore(db) as store:
        data = gather(store, None, None, UTC, {}, YOU)
    assert [p.id for p in data.points] == [second]
    assert data.outcomes["completed"] == 1 and sum(data.outcomes.values()) == 1
    assert data.yardsticks.n_rated == 1
    assert data.readings["trend"].endswith(
        f"Not shown: 1 session, because a value in it cannot be read (row {first} of the "
        "sessions table); a CSV export (painease export --csv) has it.")
