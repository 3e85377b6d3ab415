"""A session saved between two reads of Outcomes' (an import committing after the
patient's sessions were read and before their set links were) is placed on its day all
the same, never a ``KeyError``.

``read_cohort`` works out each session's day once (``session_days``) and hands that to
the set's reads; now it reads a patient's sessions and links in one read transaction
(``Database.snapshot``), and the set's reads convert a session missing from the days
they were given themselves. Here the import's step between the two reads is made by hand
(a real file: a second session linked to the set after the days were worked out)."""

from __future__ import annotations

from datetime import UTC, date

from painease.storage import SessionStore
from painease.storage.patients import session_days
from painease.storage.programs import ProgramStore
from painease.storage.save_order import lived_by
from tests.set_history import one_item_set, set_session

START = date(2026, 11, 2)


def test_a_link_to_a_session_not_in_the_days_read_before_does_not_raise(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        program = one_item_set(store, START, times_per_week=7, weeks=2, origin="own")
        first = set_session(store, program, date(2026, 11, 3))
        days = session_days(store.sessions(), UTC)  # read_cohort's first read
        later = set_session(store, program, date(2026, 11, 4))  # an import, meanwhile
        assert later not in days

        linked = ProgramStore(store).linked_sessions(program.id, tz=UTC, days=days,
                                                     save_order=True)
        assert [(one.session_id, one.done.day) for one in linked] == [
            (first, date(2026, 11, 3)), (later, date(2026, 11, 4))]
        assert lived_by(store.database.conn, UTC, days) == {first: date(2026, 11, 4)}
