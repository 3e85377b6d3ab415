"""The note a start shows when the data file cannot be opened says one thing, once
(``painease.ui.store_notes``). Found by a probe: a damaged file's note gave the command
line's advice ("restore a backup or move it away") and then asked to keep the file; a full
disk's said its remedy twice, the first time without a subject ("so cannot open"). Its
words once named the file by its path ("The reason: /home/…/painease.sqlite3 is damaged"):
the path is in the note's details only, for whoever helps."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from painease.storage import SessionStore
from painease.ui.app import run_app
from tests.storage.conftest import tiny_disk  # noqa: F401 - a fixture
from tests.ui.test_store_busy_at_start import answer_when_shown


def start_and_read_the_note(qapp) -> tuple[str, str, str, str]:
    """Start painease as the command does; once its "cannot open your data" note shows,
    read it and press OK. Returns the note's text, informative text, details and
    accessible name, once painease has ended with 1."""
    seen: list[tuple[str, str, str, str]] = []
    answer_when_shown(qapp, "store-problem",
                      lambda box: box.findChild(QPushButton, "store-problem-ok").click(), seen)
    assert run_app() == 1
    [said] = seen
    return said


def test_a_malformed_file_is_said_without_the_command_lines_advice(qapp, painease_home,
                                                                   capsys):
    painease_home.mkdir(mode=0o700)
    path = painease_home / "painease.sqlite3"
    SessionStore(path).close()
    damaged = bytearray(path.read_bytes())
    damaged[100:1000] = b"\x07" * 900  # the schema's page: opening finds it malformed
    path.write_bytes(bytes(damaged))
    text, more, detail, _ = start_and_read_the_note(qapp)
    assert more == ("The reason: the file that keeps your sessions and ratings is damaged. "
                    "painease does not delete or replace the file. Please keep it as it is "
                    "and ask for help with it.")
    assert "move it away" not in f"{text} {more}" and "free some space" not in more
    assert str(painease_home) not in f"{text} {more}"  # no path in what a patient reads
    # The command line's words are whole, with the path, on stderr and in the details.
    line = f"{path} is damaged (database disk image is malformed); restore a backup or move it away"
    assert capsys.readouterr().err == f"painease: {line}\n"
    assert detail == f"painease: {line}"
    assert path.read_bytes() == bytes(damaged)


def test_a_full_disk_is_said_once_in_whole_sentences(qapp, tiny_disk, monkeypatch,  # noqa: F811
                                                     capsys):
    home = tiny_disk / "home"
    monkeypatch.setenv("PAINEASE_HOME", str(home))
    text, more, detail, _ = start_and_read_the_note(qapp)
    assert more == ("The reason: the disk is full. painease does not delete or replace the "
                    "file. Free some space on the disk, then open painease again.")
    assert "ask for help" not in more
    err = capsys.readouterr().err
    # "painease" once: the line once read "painease: the disk is full, so painease cannot…".
    assert err.startswith("painease: the disk is full, so it was not possible to open the "
                          "database (")
    assert "so painease" not in err
    assert detail == err.strip() and err.count("free some space") == 1


def test_a_cause_painease_cannot_say_plainly_is_in_the_details_only(qapp, painease_home,
                                                                    capsys):
    painease_home.mkdir(mode=0o700)
    path = painease_home / "painease.sqlite3"
    path.mkdir()  # a folder where the file should be: no plain cause is known for it
    text, more, detail, _ = start_and_read_the_note(qapp)
    assert more == ("painease does not delete or replace the file. Please keep the file (it "
                    "is in your painease data folder) and ask for help with it. Whoever "
                    "helps can read what went wrong under Show Details.")
    assert str(painease_home) not in f"{text} {more}"
    assert detail == f"painease: {path} is a directory, not a painease database"
    assert capsys.readouterr().err == f"{detail}\n"  # said once on stderr, as before


def test_a_file_from_a_newer_painease_or_another_program_says_so_plainly(qapp, painease_home,
                                                                       capsys):
    """Their causes are known: a newer painease's file says to update (the path only in
    the details), another program's says whose it is."""
    import sqlite3

    painease_home.mkdir(mode=0o700)
    path = painease_home / "painease.sqlite3"
    SessionStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    text, more, detail, _ = start_and_read_the_note(qapp)
    assert more == ("The reason: your sessions were saved by a newer version of painease. "
                    "painease does not delete or replace the file. Update painease to the "
                    "newer version, then open painease again.")
    assert str(painease_home) not in f"{text} {more}"
    assert detail.startswith(f"painease: {path} was made by a newer painease (schema 999")
    capsys.readouterr()

    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (words TEXT)")
    conn.close()
    text, more, detail, _ = start_and_read_the_note(qapp)
    assert more == ("The reason: the file where painease keeps your sessions belongs to "
                    "another program. painease does not delete or replace the file. Please "
                    "keep the file (it is in your painease data folder) and ask for help "
                    "with it.")
    assert detail == (f"painease: {path} is not a painease database (it belongs to another "
                      "program); move it away or choose another --data-dir")
