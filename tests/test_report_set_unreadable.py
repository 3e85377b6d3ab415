"""A set whose record cannot be read (a value edited or damaged outside painease) is said in
the report where the set would be, naming the table, row (by the set's title when that can
be read) and column, rather than left out unsaid; the rest of the report is as always. A
real store damaged with sqlite3, a real PDF read back with poppler."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.test_report import needs_poppler, text_of
from tests.test_report_set import TODAY, fill

# A set id with "ff" in it, which a font's ligature would make one character ("ﬀ").
SET_ID = uuid.UUID("c0ffee00-ffba-4dff-8eff-0123456789ff")
BY_TITLE = "the programs table, row of the set “Two gentle weeks”, column started_on holds "


@needs_poppler
@pytest.mark.parametrize(("name", "whose", "sql", "place"), [
    # Named by the set's title, as Send results names it, not by its long id.
    (None, "your set", "UPDATE programs SET started_on = 'someday'",
     BY_TITLE + "'someday', which is not a date"),
    ("Sam", "Sam's set", "UPDATE programs SET started_on = 'someday'",
     BY_TITLE + "'someday', which is not a date"),
    (None, "your set", "UPDATE program_items SET schedule = 'weekly' WHERE position = 2",
     "the program_items table, row of the set “Two gentle weeks”, item 2, column schedule "
     "holds 'weekly', which is not a schedule"),
    # The title is what cannot be read: by the id (once a ProgramError, and the set left
    # out of the report unsaid).
    (None, "your set", "UPDATE programs SET title = x'00ff'",
     "the programs table, row {id}, column title holds b'\\x00\\xff', which is not a "
     "title"),
])
def test_the_report_says_the_set_cannot_be_read_and_names_what(qapp, painease_home, tmp_path,
                                                              name, whose, sql, place,
                                                              monkeypatch):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store, monkeypatch.context() as patch:
        patch.setattr(uuid, "uuid4", lambda: SET_ID)
        program = fill(store)
    assert program.id == str(SET_ID)
    conn = sqlite3.connect(paths.database_path())
    conn.execute(sql)
    conn.commit()
    conn.close()
    with SessionStore(paths.database_path()) as store:
        report = write_report(store, tmp_path / "set.pdf",
                              since=datetime(2026, 11, 1, tzinfo=UTC), tz=UTC, today=TODAY,
                              patient_name=name)
    assert report.sessions == 5  # the sessions are all there
    heading = whose[0].upper() + whose[1:]
    said = (f"{heading} The record of {whose} could not be read, so it is not in this "
            f"report: {place.format(id=program.id)}. Nothing was changed.")
    # Compared without spaces (the set's id may wrap at any of its hyphens) but letter for
    # letter: the report has no ligatures, so its "ff" read back as the two letters.
    text = text_of(tmp_path / "set.pdf")
    assert "".join(said.split()) in "".join(text.split()), text[:1200]
