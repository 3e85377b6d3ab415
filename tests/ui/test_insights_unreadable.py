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
