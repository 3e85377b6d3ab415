"""A set whose record cannot be read (a value edited or damaged outside painease) is said in
the report where the set would be, naming the table, row and column, rather than left out
unsaid; the rest of the report is as always. A real store damaged with sqlite3, a real PDF
read back with poppler."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import UTC, datetime

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.test_report import needs_poppler, text_of
from tests.test_report_set import TODAY, fill


@needs_poppler
@pytest.mark.parametrize(("name", "whose"), [(None, "your set"), ("Sam", "Sam's set")])
def test_the_report_says_the_set_cannot_be_read_and_names_what(qapp, painease_home, tmp_path,
                                                              name, whose):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        program = fill(store)
    conn = sqlite3.connect(paths.database_path())
    conn.execute("UPDATE programs SET started_on = 'someday'")
    conn.commit()
    conn.close()
    with SessionStore(paths.database_path()) as store:
        report = write_report(store, tmp_path / "set.pdf",
                              since=datetime(2026, 11, 1, tzinfo=UTC), tz=UTC, today=TODAY,
                              patient_name=name)
    assert report.sessions == 5  # the sessions are all there
    heading = whose[0].upper() + whose[1:]
    said = (f"{heading} The record of {whose} could not be read, so it is not in this "
            f"report: the programs table, row {program.id}, column started_on holds "
            "'someday', which is not a date. Nothing was changed.")
    # Compared without spaces, ligatures undone: the set's id (a uuid) may wrap at any of
    # its hyphens, and its "ff" come out of the PDF as one character.
    text = unicodedata.normalize("NFKC", text_of(tmp_path / "set.pdf"))
    assert "".join(said.split()) in "".join(text.split()), text[:1200]
