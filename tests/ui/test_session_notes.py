"""The words written with a session are shown again: on the patient's Insights page when
the session is chosen, and on the therapist's view of an imported patient.

Real window and SQLite file for the patient's side; for the therapist's, the real results
round trip of ``test_patients_outcomes`` (patient's own data dir and key, sealed results,
imported through the Patients page).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from painease import paths
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.results_export import export_results
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.packs.conftest import make_program
from tests.pinned import therapists
from tests.ui.clinic import Clinic, _at, patient_insights
from tests.ui.conftest import labels_hiding_text
from tests.ui.insights_view import open_insights
from tests.ui.settled import wait_settled
from tests.ui.test_large_text import squeezed_labels
from tests.ui.test_session_flow import find
from tests.waits import WORKER_WAIT_MS

NOTE = "Tight at first.\n<b>then</b> it eased & moved to my hip"


def _shown(when: datetime, tz) -> str:
    """``when`` as Insights writes a note's time: "Sun 8 Nov 2026, 23:30", no leading zero."""
    local = when.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def sessions_with_notes() -> tuple[int, int]:
    """Two sessions: the newer with a note before, none after and a journal entry; the
    older with nothing written."""
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        quiet = add_session(store, now - timedelta(days=2), pre=(5, 5), post=(4, 4))
        noted = add_session(store, now - timedelta(days=1), pre=None, post=None)
        store.save_rating(noted, "pre", 6, 7, "Stiff after the drive.")
        store.add_journal_entry(NOTE, session_id=noted)
    return noted, quiet


def test_choosing_a_session_on_insights_shows_its_notes_as_plain_text(qtbot, make_window):
    noted, quiet = sessions_with_notes()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    panel = view.notes
    assert panel.isVisible()
    assert view.session_list.currentItem().data(Qt.ItemDataRole.UserRole).id == noted
    assert panel.texts() == ["Before the session: Stiff after the drive.",
                             f"What you noticed: {NOTE}"]
    shown_note = find(window, "session-note-1")
    assert shown_note.textFormat() == Qt.TextFormat.PlainText  # "<b>" stays as written
    assert shown_note.focusPolicy() == Qt.FocusPolicy.StrongFocus  # Tab reaches it
    # A screen reader says its words (its name is its text), then what it is.
    assert (shown_note.accessibleName(), shown_note.accessibleDescription()) == (
        "", "What you noticed, of the chosen session")
    assert labels_hiding_text(window) == []

    view.session_list.setFocus()
    qtbot.keyClick(view.session_list, Qt.Key.Key_Down)  # the older session
    assert panel.texts() == ["No notes with this session."]
    qtbot.keyClick(view.session_list, Qt.Key.Key_Up)
    assert panel.texts()[1] == f"What you noticed: {NOTE}"


def test_notes_are_readable_at_double_text_size(qtbot, make_window, preset):
    preset(text_size=200, welcome_seen=True)
    sessions_with_notes()
    with SessionStore(paths.database_path()) as store:
        store.add_journal_entry("Of no session. " * 40)
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    wait_settled(window)
    for name in ("session-notes-card", "loose-notes-card"):
        card = find(window, name)
        assert card.isVisible()
        assert squeezed_labels(card) == []
        assert card.width() <= view.width()  # wraps, never wider than the page


def send_noted_results(clinic: Clinic, include_journal: bool):
    """Sam does one rated session with a note before and a journal entry, and sends it
    (with or without notes)."""
    program = make_program()
    pack = clinic.pack(program)
    home = clinic.homes.use(clinic.root / "patient-Sam")
    with SessionStore(home / "painease.sqlite3") as store:
        import_pack(pack, store, today=date(2026, 11, 1))
        sid = store.start_session("calm-corner", 1, 2, started_at=_at(3))
        store.save_rating(sid, "pre", 6, 6, "Jaw clenched.", rated_at=_at(3))
        store.end_session(sid, "completed", 120_000, ended_at=_at(3, 13))
        store.save_rating(sid, "post", 4, 3, rated_at=_at(3, 13))
        store.add_journal_entry("Felt it soften.", sid, written_at=_at(3, 14))
        [(_, key)] = therapists(store)
        out = clinic.root / "results" / f"sam-{include_journal}.painease-results"
        export_results(store, key, load_or_create_identity(name="Sam"), out,
                       date(2026, 11, 1), date(2026, 11, 30), include_journal=include_journal)
    clinic.homes.use(clinic.homes.therapist)
    return out


def test_the_therapist_reads_a_patients_notes_about_the_patient(qtbot, tmp_path, monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    results = send_noted_results(clinic, include_journal=True)
    with clinic.own_store() as own:
        page, insights = patient_insights(qtbot, own, results)
        panel = insights.view.notes
        qtbot.waitUntil(panel.isVisible)
        assert panel.texts() == ["Before the session: Jaw clenched.",
                                 "What Sam noticed: Felt it soften."]
        page._drop_detail()


def test_results_sent_without_notes_say_where_notes_would_come_from(qtbot, tmp_path,
                                                                   monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    results = send_noted_results(clinic, include_journal=False)
    with clinic.own_store() as own:
        page, insights = patient_insights(qtbot, own, results)
        panel = insights.view.notes
        qtbot.waitUntil(panel.isVisible)
        assert panel.texts() == ["No notes with this session. Notes are in the results only "
                                 "when Sam chooses to send them."]
        page._drop_detail()


def test_the_send_dialog_says_plainly_whether_the_notes_go_to_the_therapist(qtbot):
    from painease.ui.patient_actions import SendResultsDialog

    with SessionStore(paths.database_path()) as store:
        dialog = SendResultsDialog(store)
        qtbot.addWidget(dialog)
        dialog.show()
        said = find(dialog, "send-notes-said")
        assert not dialog.journal.isChecked()  # private unless ticked
        assert said.isVisible() and said.text() == (
            "Your notes stay on this computer: the file has your ratings only. Tick the box "
            "to send your notes too.")
        dialog.journal.setFocus()
        qtbot.keyClick(dialog.journal, Qt.Key.Key_Space)
        assert dialog.journal.isChecked()
        assert said.text() == ("Your therapist will be able to read your notes: what you "
                               "wrote before and after your sessions.")


def test_a_note_longer_than_notes_can_now_be_is_shortened_and_opens_whole(qtbot, make_window):
    # Written before notes had a limit (the store takes any length). Shown whole in a
    # label, 200,000 characters took seconds to lay out each time the session was chosen.
    from painease.storage.notes import NOTE_LIMIT

    long_note = ("It moved from my back to my hip and eased. " * 5000)[:200_000]
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        add_session(store, now - timedelta(days=2), pre=(5, 5), post=(4, 4))
        noted = add_session(store, now - timedelta(days=1), pre=(6, 6), post=(3, 3))
        store.add_journal_entry(long_note, session_id=noted)
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    panel = view.notes
    [said] = panel.texts()
    assert said.startswith("What you noticed: It moved from my back")
    shown = said.removeprefix("What you noticed: ")
    cut = shown.index(" … (")
    assert cut <= NOTE_LIMIT and long_note.startswith(shown[:cut])
    assert shown[cut:] == (f" … ({len(long_note) - cut:,} more characters: “Read the "
                           "whole note” shows all of it)")
    whole = find(window, "session-notes-whole")
    assert whole.isVisible()
    whole.setFocus()
    qtbot.keyClick(whole, Qt.Key.Key_Space)
    dialog = panel.whole_dialog
    qtbot.waitExposed(dialog)
    text = dialog.findChild(QPlainTextEdit, "session-notes-text")
    assert text.toPlainText() == f"What you noticed:\n{long_note}"  # nothing left out
    assert text.isReadOnly() and text.focusPolicy() != Qt.FocusPolicy.NoFocus
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    view.session_list.setFocus()
    qtbot.keyClick(view.session_list, Qt.Key.Key_Down)  # the older one: nothing to open
    assert panel.texts() == ["No notes with this session."] and not whole.isVisible()


def test_a_journal_entry_of_no_session_is_shown_under_other_notes(qtbot, make_window):
    # The store takes an entry without a session; such entries were shown nowhere.
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        add_session(store, now - timedelta(days=2), pre=(5, 5), post=(4, 4))
        store.add_journal_entry("Walked to the shop without bracing.",
                                written_at=now - timedelta(days=1))
        store.add_journal_entry("Long ago.", written_at=now - timedelta(days=400))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)  # the last 3 months
    card, loose = find(window, "loose-notes-card"), view.loose_notes
    assert card.isVisible()
    when = _shown(now - timedelta(days=1), view.tz)
    assert loose.texts() == ["Notes you wrote that are not linked to a session.",
                             f"{when}: Walked to the shop without bracing."]
    entries = find(window, "loose-notes-text")
    assert entries.textFormat() == Qt.TextFormat.PlainText
    assert entries.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert entries.accessibleDescription().startswith("Other notes")
    assert labels_hiding_text(window) == []
    view.period.setCurrentIndex(view.period.findData("2w"))
    qtbot.waitUntil(lambda: view.data is not None and view.data.since is not None
                    and find(window, "loose-notes-card").isVisible(), timeout=WORKER_WAIT_MS)
    assert len(loose.texts()) == 2


def test_the_therapist_reads_an_entry_whose_session_was_not_sent(qtbot, tmp_path,
                                                                 monkeypatch):
    # A real way to make one: a session started before the period sent, its journal
    # entry written inside it. The entry travels, its session does not; imported, the
    # entry belonged to no session and was shown nowhere.
    clinic = Clinic(tmp_path, monkeypatch)
    program = make_program()
    pack = clinic.pack(program)
    home = clinic.homes.use(clinic.root / "patient-Sam")
    with SessionStore(home / "painease.sqlite3") as store:
        import_pack(pack, store, today=date(2026, 11, 1))
        early = store.start_session("calm-corner", 1, 2, started_at=_at(1))
        store.end_session(early, "completed", 120_000, ended_at=_at(1, 13))
        store.add_journal_entry("Slept through the night.", early, written_at=_at(4))
        sid = store.start_session("calm-corner", 1, 2, started_at=_at(5))
        store.save_rating(sid, "pre", 6, 6, rated_at=_at(5))
        store.end_session(sid, "completed", 120_000, ended_at=_at(5, 13))
        store.save_rating(sid, "post", 4, 3, rated_at=_at(5, 13))
        [(_, key)] = therapists(store)
        out = clinic.root / "results" / "sam.painease-results"
        export_results(store, key, load_or_create_identity(name="Sam"), out,
                       date(2026, 11, 3), date(2026, 11, 30), include_journal=True)
    clinic.homes.use(clinic.homes.therapist)
    with clinic.own_store() as own:
        page, insights = patient_insights(qtbot, own, out)
        view = insights.view
        qtbot.waitUntil(lambda: view.loose_notes.isVisible(), timeout=WORKER_WAIT_MS)
        when = _shown(_at(4), view.tz)
        assert view.loose_notes.texts() == [
            "Notes in Sam's results that are not linked to a session imported so far: the "
            "session they were written after may be in results not imported yet.",
            f"{when}: Slept through the night."]
        page._drop_detail()


def test_long_other_notes_are_shortened_and_open_whole(qtbot, make_window):
    from painease.storage.notes import NOTE_LIMIT

    now = datetime.now(UTC)
    older, newer = "Older. " * 2000, "Newer, and long. " * 2000  # 14,000 and 34,000
    with SessionStore(paths.database_path()) as store:
        add_session(store, now - timedelta(days=2), pre=(5, 5), post=(4, 4))
        store.add_journal_entry(older, written_at=now - timedelta(days=3))
        store.add_journal_entry(newer, written_at=now - timedelta(days=1))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    loose = view.loose_notes
    shown = loose.texts()[1]
    assert len(shown) < NOTE_LIMIT + 100 and "more characters: “Read the whole notes”" in shown
    whole = find(window, "loose-notes-whole")
    assert whole.isVisible()
    qtbot.mouseClick(whole, Qt.MouseButton.LeftButton)
    dialog = loose.whole_dialog
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Other notes"
    text = dialog.findChild(QPlainTextEdit, "loose-notes-whole-text").toPlainText()
    when = [_shown(now - timedelta(days=d), view.tz) for d in (1, 3)]
    assert text == f"{when[0]}:\n{newer}\n\n{when[1]}:\n{older}"  # newest first, whole
    dialog.reject()


RING = 2  # px a focusable label keeps clear for its focus ring (theme.py)


def ink_starts(card, widget) -> int:
    """The card's first column, left to right, where ``widget``'s text is drawn (pixels
    in its rows clearly darker or lighter than the card behind them)."""
    image = card.grab().toImage()
    top = widget.mapTo(card, widget.rect().topLeft()).y()
    rows = range(top, top + widget.height())
    behind = image.pixelColor(card.width() // 2, top - 1).lightness()
    for x in range(image.width()):
        if any(abs(image.pixelColor(x, y).lightness() - behind) > 80 for y in rows):
            return x
    raise AssertionError(f"no text drawn for {widget.objectName()}")


def test_no_notes_starts_where_the_cards_heading_does(qtbot, make_window, preset):
    # "No notes with this session." stood further in than the heading above it: a label
    # that Tab reaches has a (clear) 2px border for its focus ring, and QLabel indents
    # the text of a label with a border by half an "x" as well (7px more at 200 % text).
    # Now only the ring's room is left: "N" under "N", at most RING px apart.
    preset(text_size=200, welcome_seen=True)
    sessions_with_notes()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    view.session_list.setFocus()
    qtbot.keyClick(view.session_list, Qt.Key.Key_Down)  # the older session: no notes
    assert view.notes.texts() == ["No notes with this session."]
    wait_settled(window)
    card = find(window, "session-notes-card")
    heading = ink_starts(card, find(window, "session-notes-heading"))
    said = ink_starts(card, find(window, "session-note-0"))
    assert heading <= said <= heading + RING, (heading, said)
