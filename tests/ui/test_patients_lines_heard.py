"""The Patients page's read-only lines that Tab reaches (the set lines, the last session,
the chosen session's notes) are heard: a screen reader gets their words as their name,
and fixed wording about what they are as their description (``labels_hiding_text``)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible

from painease.domain.programs import Program, Schedule
from painease.ui.theme import apply_theme
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.conftest import make_program
from tests.ui.clinic import THERAPIST
from tests.ui.conftest import labels_hiding_text
from tests.ui.settled import wait_settled
from tests.ui.test_main_window import unnamed_controls
from tests.ui.test_report_tells_the_truth import send


def heard(widget) -> tuple[str, str]:
    """What a screen reader gets: the accessible name and description."""
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


def shown_page(qtbot, own, results) -> PatientsPage:
    """A Patients page, 1000 × 760 and shown, with ``results`` imported and settled."""
    page = PatientsPage(own)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    qtbot.waitExposed(page)
    assert page.import_file(results)
    wait_settled(page)
    return page


def test_the_set_lines_last_session_and_notes_speak_their_words(qtbot, qapp, clinic):
    first = make_program()
    second = Program.create("Going deeper", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=2, weeks=1), None)])
    results = send(clinic, "sam", "Sam", [(first, 2), (second, 5)], [
        (2, first, 1, "calm-corner"), (3, first, 1, "calm-corner"),
        (5, second, 1, "paced-breathing"), (6, second, 1, "paced-breathing")], until=6)
    apply_theme(qapp, "dark", 200)
    with clinic.own_store() as own:
        page = shown_page(qtbot, own, results)
        progress = page.progress
        assert "“Going deeper” (the current set" in progress.set_label.text()
        for line in (progress.set_label, progress.last_label):
            name, description = heard(line)
            assert name == line.text()
            assert description and description != name
        note = page.findChild(type(progress.set_label), "session-note-0")
        assert note.isVisible() and heard(note)[0] == note.text()
        assert labels_hiding_text(page) == []
        assert unnamed_controls(page) == []


def test_at_double_text_size_the_set_lines_keep_a_gap(qtbot, qapp, clinic):
    first = make_program()
    second = Program.create("Going deeper", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=2, weeks=1), None)])
    results = send(clinic, "sam", "Sam", [(first, 2), (second, 5)], [
        (2, first, 1, "calm-corner"), (5, second, 1, "paced-breathing")], until=6)
    apply_theme(qapp, "dark", 200)
    with clinic.own_store() as own:
        page = shown_page(qtbot, own, results)
        shown = page.progress.set_label
        # A blank line between the two sets' sentences, all of it shown.
        first, blank, second = shown.text().split("\n")
        assert first.startswith("Set “Going deeper”") and blank == ""
        assert second.startswith("Set “Two weeks”")
        assert shown.height() >= shown.heightForWidth(shown.width())
