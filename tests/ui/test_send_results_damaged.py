"""Send results… when a value the file needs cannot be read (the database was edited or
damaged after the dialog opened): the dialog says so in its message line, naming what is
damaged, and writes no file; nothing is raised out of the button's slot.

Real dialog (offscreen), real file dialog, a real SQLite file damaged with sqlite3."""

from __future__ import annotations

from tests.ui.test_patient_packs import card, choose_file, click, one_rated_session
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find
from tests.ui.test_unreadable_in_app import damage


def test_a_set_value_that_cannot_be_read_is_said_and_nothing_is_saved(
        qtbot, make_window, preset, therapist, painease_home, tmp_path):  # noqa: F811
    one_rated_session(therapist)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "send-results"))
    dialog = card(window).send_dialog
    qtbot.waitExposed(dialog)
    dialog.name.setText("Sam")
    damage(painease_home, "UPDATE programs SET started_on = 'someday'")

    click(qtbot, dialog.save)
    choose_file(qtbot, dialog.file_dialog, tmp_path / "r.painease-results")

    said = dialog.message.text()
    assert said.startswith("Not saved: a value in the database cannot be read: the programs "
                           "table, row ")
    assert said.endswith("column started_on holds 'someday', which is not a date.")
    assert dialog.message.accessibleDescription() == said
    assert dialog.saved_to is None
    assert not (tmp_path / "r.painease-results").exists()
