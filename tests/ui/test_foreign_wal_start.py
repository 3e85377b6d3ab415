"""The window's start with another program's log (``-wal``) beside the database: the note
says which file is in the way and what to do, and the sessions are left as they were."""

from __future__ import annotations

from tests.storage.test_foreign_wal import foreign_log_beside, painease_file
from tests.ui.test_store_problem_words import start_and_read_the_note


def test_the_start_note_names_the_log_that_is_in_the_way(qapp, painease_home, tmp_path,
                                                         capsys):
    database = painease_home / "painease.sqlite3"
    painease_file(database)
    foreign_log_beside(tmp_path, database)
    log = database.with_name("painease.sqlite3-wal")
    before = database.read_bytes()
    _, more, _, _ = start_and_read_the_note(qapp)
    assert capsys.readouterr().err == (
        f"painease: {database} is a painease database, but the file beside it, "
        f"painease.sqlite3-wal, belongs to another program, not to it; nothing was changed; "
        f"move {log} out of that folder, then try again\n")
    assert more == (
        "The reason: a file beside it, painease.sqlite3-wal, belongs to another program. "
        f"painease does not delete or replace the file. Move {log} out of that folder (for "
        "example to your desktop); do not delete it before you know whose it is, then open "
        "painease again.")
    assert database.read_bytes() == before and log.exists()
