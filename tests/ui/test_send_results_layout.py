"""Send results…: after the "Saved …" message appears, every field keeps its full height
(the dialog grows to hold the message), at 100 % and 200 % text. Real keys, a real pack and
a real sealed results file."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from painease.storage import SessionStore
from painease.ui.screens import screen_of
from tests.ui.settled import wait_settled
from tests.ui.test_patient_packs import Therapist, card, click, one_rated_session
from tests.ui.test_session_flow import find


@pytest.fixture
def therapist(tmp_path, monkeypatch, painease_home):
    return Therapist(tmp_path / "therapist-home", tmp_path, monkeypatch, painease_home)


@pytest.mark.parametrize("text_size", [100, 200])
def test_the_fields_keep_their_height_once_the_saved_message_shows(qtbot, make_window, preset,
                                                                   therapist, tmp_path,
                                                                   text_size):
    one_rated_session(therapist)
    preset(welcome_seen=True, text_size=text_size)
    window = make_window(use_device=False)
    click(qtbot, find(window, "send-results"))
    dialog = card(window).send_dialog
    qtbot.waitExposed(dialog)
    fields = [dialog.therapist, dialog.since, dialog.until, dialog.name, dialog.journal,
              dialog.save]

    def squashed() -> list[str]:
        return [f"{f.objectName()}: {f.height()} < {f.sizeHint().height()}" for f in fields
                if f.height() < f.sizeHint().height()]

    qtbot.waitUntil(lambda: squashed() == [], timeout=10_000)  # (200 %: tall from the start)
    results = tmp_path / "a-folder-with-a-rather-long-name" / "my-results.painease-results"
    results.parent.mkdir()
    dialog.name.setText("Sam")  # a blank name is asked for first (test_patient_packs)
    assert dialog.save_to(results) is not None
    assert dialog.message.text().startswith("Saved 1 session to ")
    wait_settled(dialog)  # the layout settles on the next turns of the event loop
    assert squashed() == []
    # The whole message is shown: the label has the height its text needs at its width.
    message = dialog.message
    assert message.height() >= message.heightForWidth(message.width())
    # …and the dialog still fits on the screen.
    screen = screen_of(dialog).availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height()
    assert dialog.findChild(QWidget, "send-message") is message


def test_the_days_offered_are_days_painease_can_count(qtbot, painease_home):
    # A date field reaches 31 Dec 9999 by default, where Save once ended in an
    # OverflowError (that day has no next midnight).
    from datetime import date

    from PySide6.QtCore import QDate

    from painease.ui.patient_actions import SendResultsDialog

    with SessionStore.open_default() as store:
        dialog = SendResultsDialog(store)
        qtbot.addWidget(dialog)
        dialog.until.setDate(QDate(9999, 12, 31))
        dialog.since.setDate(QDate(1, 1, 1))
        assert dialog.until.date().toPython() == date(2999, 12, 31)
        assert dialog.since.date().toPython() == date(1900, 1, 1)


def test_the_days_to_send_are_english_on_a_german_system(qtbot, make_window, preset,
                                                         therapist):
    """Qt's date edit writes "MMM" in the system's language ("Dez"): painease's is English
    (tests/test_english_dates.py)."""
    from PySide6.QtCore import QLocale

    from painease.local_time import MONTHS

    one_rated_session(therapist)
    preset(welcome_seen=True)
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        window = make_window(use_device=False)
        click(qtbot, find(window, "send-results"))
        dialog = card(window).send_dialog
        shown = [dialog.since.text(), dialog.until.text()]
    finally:
        QLocale.setDefault(before)
    assert [text.split()[1] in MONTHS for text in shown] == [True, True], shown
