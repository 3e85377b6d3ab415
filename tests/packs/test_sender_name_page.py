"""Whose results, on the Patients page: closing the "another name" question imports
nothing and says so.

Real keys, real sealed results files, real SQLite files, the real page offscreen.
"""

from __future__ import annotations

from painease.storage import SessionStore
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.test_sender_name import sam, send, sessions_of  # noqa: F401 - a fixture


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
