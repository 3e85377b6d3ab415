"""Reading some sessions' ratings (``rated_sessions`` with a set's sessions, as Outcomes'
``patient_measure`` does) parses only theirs: a rating that cannot be read in another
session does not fail the read. Reading all of them still says it (a ``StoreError``
naming its row). Once every session's ratings were parsed whatever was asked for.

Real SQLite file: the other session's rating is damaged the way an edited file is
(``tests.storage.test_unreadable_values``).
"""

from __future__ import annotations

import pytest

from painease.storage import SessionStore, StoreError
from painease.storage.patients import patient_measure, rated_sessions
from tests.storage.test_unreadable_values import damage, filled


def test_an_unreadable_rating_in_another_session_leaves_the_asked_ones_readable(tmp_path):
    db = tmp_path / "painease.sqlite3"
    first, second = filled(db)
    damage(db, "UPDATE ratings SET rated_at = 'garbage' "
               f"WHERE moment = 'post' AND session_id = {first}")
    with SessionStore(db) as store:
        asked = [s for s in store.sessions() if s.id == second]
        found = rated_sessions(store, asked)
        assert [(s.id, r["pre"].pain, r["post"].pain) for s, r in found] == [(second, 6, 4)]
        measure = patient_measure(store, "p1", "A set", sessions=asked)
        assert measure.patient_id == "p1"
        with pytest.raises(StoreError, match=f"row session {first}, post, column rated_at"):
            rated_sessions(store)
