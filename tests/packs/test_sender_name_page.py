"""Whose results, on the Patients page: closing the "another name" question imports
nothing and says so, and the name a patient's results give is shown beside the therapist's
label when it reads otherwise.

Real keys, real sealed results files, real SQLite files, the real page offscreen.
"""

from __future__ import annotations

import pytest
from nacl.signing import SigningKey
from PySide6.QtWidgets import QLabel

from painease.packs.identity import Identity
from painease.storage import SessionStore
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.test_sender_name import sam, send, sessions_of  # noqa: F401 - a fixture
from tests.ui.clinic import patients_pages_closed  # noqa: F401 - a fixture
from tests.ui.conftest import labels_hiding_text
from tests.ui.test_main_window import unnamed_controls

# The Patients pages these tests make are closed at each test's end (see the fixture).
pytestmark = pytest.mark.usefixtures("patients_pages_closed")


def open_page(qtbot, homes, own: SessionStore) -> PatientsPage:
    page = PatientsPage(own)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_closing_the_question_with_the_window_button_imports_nothing_and_says_so(
        qtbot, sam, homes, tmp_path, therapist):  # noqa: F811 - the fixture
    first = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    ben = send(homes, tmp_path, sam, "Ben", "ben.painease-results")
    homes.use(homes.therapist)
    with SessionStore(homes.therapist / "painease.sqlite3") as own:
        page = open_page(qtbot, homes, own)
        assert page.import_file(first)
        assert not page.import_file(ben)
        question = page.name_question
        qtbot.waitExposed(question)
        assert page.message.text().startswith("Not imported yet: ")
        question.close()  # what the title bar's close button does
        qtbot.waitUntil(lambda: not question.isVisible())
        # Nothing waits any more: "yet" would say it might still come in.
        assert page.message.text().startswith("Not imported: This file is signed with ")
        assert page.message.text().endswith("The file is as it was; import it again when you "
                                            "know whose results they are.")
        assert sessions_of(sam) == 1
        page.close()


def item_lines(page: PatientsPage) -> list[str]:
    return [page.list.item(row).text().splitlines()[0] for row in range(page.list.count())]


def test_the_name_their_results_give_is_shown_beside_the_label_when_it_differs(
        qtbot, sam, homes, tmp_path, therapist):  # noqa: F811 - the fixture
    first = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    homes.use(homes.therapist)
    with SessionStore(homes.therapist / "painease.sqlite3") as own:
        page = open_page(qtbot, homes, own)
        note = page.findChild(QLabel, "patient-sent-name")
        assert page.import_file(first)
        # The same name: nothing more is said.
        assert item_lines(page) == ["Sam"]
        assert note.isHidden()
        # The therapist's own label, reading the same ("SAM"): still nothing.
        assert page.rename(sam.key_id, "SAM")
        assert item_lines(page) == ["SAM"] and note.isHidden()
        # A label that reads otherwise: the name the results give, in the list and under
        # the heading, where Tab reaches it with a name and a description.
        assert page.rename(sam.key_id, "Sam B")
        assert item_lines(page) == ["Sam B — their results say “Sam”"]
        assert page.heading.text() == "Sam B"
        assert note.isVisible()
        assert note.text() == "Their results say “Sam”."
        assert note.accessibleDescription().startswith("Name in their results.")
        assert labels_hiding_text(page) == []
        assert "latest results" in note.accessibleDescription()
        assert unnamed_controls(page) == []
        # A patient whose results give no name: nothing to show beside "Patient 1a2b 3c4d".
        nameless = Identity(SigningKey.generate(), "")
        none = send(homes, tmp_path, nameless, "", "none.painease-results")
        homes.use(homes.therapist)
        assert page.import_file(none)
        assert page.heading.text().startswith("Patient ")
        assert note.isHidden()
        assert item_lines(page)[1] == "Sam B — their results say “Sam”"
        page.list.setCurrentRow(1)
        assert note.isVisible() and note.text() == "Their results say “Sam”."
        page.close()
