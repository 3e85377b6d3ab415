"""A damaged database is said when the window starts, before any rating is asked for, and
the window then writes nothing to it (``painease.storage.health``)."""

from __future__ import annotations

import sqlite3

from painease.storage import health
from painease.ui.app import create_window, wait_until_ready
from tests.storage.test_damage import damage, files, make_history
from tests.ui.test_store_problem_words import start_and_read_the_note


def test_a_damaged_file_is_said_in_the_dialog_at_start_and_kept(qapp, painease_home,
                                                                 capsys):
    # Found by a probe: Home and Insights showed part of the data, and the patient found
    # out only after the Before ratings ("Not saved yet: … damaged …").
    database = painease_home / "painease.sqlite3"
    make_history(database)
    damage(database, "ratings")
    before = files(painease_home)
    text, more, detail, _ = start_and_read_the_note(qapp)
    assert more.startswith("The reason: the file that keeps your sessions and ratings is "
                           "damaged.")
    assert "does not delete or replace" in more
    assert str(painease_home) not in f"{text} {more}"  # the path is for whoever helps:
    assert detail.startswith(f"painease: {database} is damaged: part of it cannot be read "
                             "back as it was saved")
    assert capsys.readouterr().err.startswith(f"painease: {database} is damaged")
    assert files(painease_home) == before


def test_damage_in_a_big_files_live_ratings_is_said_once_the_check_ends(
        qtbot, painease_home, monkeypatch, short_script):
    database = painease_home / "painease.sqlite3"
    make_history(database)
    monkeypatch.setattr(health, "WHOLE_FILE_BYTES", 1000)  # "big": checked in two parts
    damage(database, "live_samples")
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    failed = []
    window.store_failed.connect(failed.append)
    try:
        wait_until_ready(window)
        assert [str(p) for p in failed] == [str(window.store_problem)]
        assert window.store_problem.reason.startswith(f"{database} is damaged")
        count = sqlite3.connect(f"file:{database}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM sessions").fetchone()[0]
        window.start_session(short_script, 0.1)  # refused: nothing more goes into the file
        assert not window.running
        assert sqlite3.connect(f"file:{database}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM sessions").fetchone()[0] == count
    finally:
        window.close_flow()
        window.close_store()
