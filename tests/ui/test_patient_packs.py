"""The patient's Import pack… and Send results… on Home, and the therapist's Patients page
reading what was sent: real keys, real packs, real sealed results, real SQLite files.

The therapist works in a data dir of their own (``PAINEASE_HOME`` is switched), the
patient in the test's usual one. Pack and results helpers come from ``tests/packs``.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from painease.catalog import load_catalog
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.pack import build_pack
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.therapist.patients_page import PatientsPage, insights_takes_a_store
from tests.packs.conftest import make_program, write_custom_script
from tests.ui.test_main_window import unnamed_controls
from tests.ui.test_session_flow import find, shown


class Therapist:
    def __init__(self, home, tmp_path, monkeypatch, patient_home):
        self.home, self.tmp, self.monkeypatch = home, tmp_path, monkeypatch
        self.patient_home = patient_home
        self.program = make_program()

    def working(self):
        self.monkeypatch.setenv("PAINEASE_HOME", str(self.home))

    def back_to_patient(self):
        self.monkeypatch.setenv("PAINEASE_HOME", str(self.patient_home))

    def pack(self, name: str, version: int = 1):
        """Build a pack of the set at ``version`` in the therapist's home."""
        self.working()
        try:
            write_custom_script(self.home)
            identity = load_or_create_identity(name="Dr. Ana Moreno")
            program = make_program(version, self.program.id)
            return build_pack(program, identity, self.tmp / name, load_catalog())
        finally:
            self.back_to_patient()


@pytest.fixture
def therapist(tmp_path, monkeypatch, painease_home):
    return Therapist(tmp_path / "therapist-home", tmp_path, monkeypatch, painease_home)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_file(qtbot, dialog, path):
    qtbot.waitExposed(dialog)
    dialog.selectFile(str(path))
    dialog.accept()


def card(window):
    return window.findChild(QWidget, "therapist-card")


def test_import_pack_on_home_installs_the_set_and_its_scripts(qtbot, make_window, preset,
                                                              therapist):
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    assert not find(window, "send-results").isEnabled()  # no therapist's key yet
    # Said where a keyboard reaches it, not only in the disabled button's tooltip.
    assert shown(window, "send-results-why")
    assert "once a pack from your therapist is here" in find(window, "send-results-why").text()
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: shown(window, "set-card"))
    assert find(window, "set-title").text() == "Two weeks"
    assert find(window, "set-next").text() == "Calm corner · 2 minutes"
    assert find(window, "set-note").text() == "A note from Dr. Ana Moreno: Settle in first."
    assert find(window, "therapist-known").text().startswith(
        "Sets from: Dr. Ana Moreno (fingerprint ")  # the fingerprint: test_pack_fingerprint
    assert find(window, "send-results").isEnabled()
    assert not shown(window, "send-results-why")
    # Said on the rebuilt card (the import rebuilds Home; the message once went with it).
    assert find(window, "import-message").text().startswith("Added “Two weeks”")
    assert "calm-corner" in window.catalog.entries  # Library and Start find the new script
    assert find(window, "set-start").isEnabled()
    assert unnamed_controls(window) == []

    # The same pack again changes nothing, and says so.
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: "already here; nothing changed" in find(window,
                                                                     "import-message").text())


def test_the_import_message_goes_once_a_session_is_done(qtbot, make_window, preset,
                                                       therapist):
    """Once "Added 'Two weeks'…" stayed on Home after every session that followed."""
    from datetime import UTC, datetime

    from tests.insights_history import add_session

    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: find(window, "import-message").text().startswith("Added"))
    def message() -> str:  # the rebuilt card's (the old one is deleted a moment later)
        return window.findChildren(QWidget, "import-message")[-1].text()

    window.home.refresh()  # Home rebuilt for another reason: still news
    assert message().startswith("Added “Two weeks”")
    add_session(window.store, datetime.now(UTC))
    window.home.refresh()  # as after a session is stored
    assert message() == ""


def test_a_pack_signed_with_a_new_key_is_imported_only_after_asking(qtbot, make_window,
                                                                    preset, therapist):
    first = therapist.pack("v1.painease")
    with SessionStore.open_default() as store:
        assert import_pack(first, store).status == "new"
    shutil.rmtree(therapist.home / "keys")  # the therapist's new computer: a new key
    second = therapist.pack("v2.painease", version=2)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, second)
    question = card(window).key_question
    qtbot.waitUntil(lambda: question is not None and question.isVisible())
    assert "signed with a different key" in question.text()
    assert "Before: " in question.informativeText() and "Now: " in question.informativeText()
    assert unnamed_controls(question) == []
    assert find(window, "import-message").text().startswith("Not imported: ")
    click(qtbot, question.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: "Updated to “Two weeks” (version 2)" in
                    find(window, "import-message").text())


def one_rated_session(therapist, journal: str | None = None) -> None:
    """The patient imports the therapist's two-week pack and does one paced-breathing
    session of the set, rated 6/7 before and 3/2 after (with ``journal``, if given)."""
    with SessionStore.open_default() as store:
        import_pack(therapist.pack("two-weeks.painease"), store)
        session = store.start_session("paced-breathing", 1, 5)
        store.save_rating(session, "pre", 6, 7)
        store.end_session(session, "completed", 300_000)
        store.save_rating(session, "post", 3, 2)
        if journal is not None:
            store.add_journal_entry(journal, session)


def test_results_are_sent_sealed_and_read_on_the_therapists_patients_page(
        qtbot, make_window, preset, therapist, tmp_path):
    one_rated_session(therapist, journal="It eased when I stopped bracing.")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "send-results"))
    dialog = card(window).send_dialog
    qtbot.waitExposed(dialog)
    assert unnamed_controls(dialog) == []
    assert dialog.therapist.currentText().startswith("Dr. Ana Moreno (fingerprint ")
    assert dialog.since.date().toPython() == date.today()  # the day the set was started
    assert dialog.until.date().toPython() == date.today()
    assert not dialog.journal.isChecked()  # private unless ticked
    # The patient's own word, as Insights' report choice says it: no "journal" they
    # never met.
    said = [dialog.journal.text(), dialog.journal.accessibleName(),
            dialog.journal.accessibleDescription()]
    assert said[0] == "Include my notes"
    assert [text for text in said if "journal" in text.lower()] == []
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Sam")
    click(qtbot, dialog.journal)
    click(qtbot, dialog.save)
    results = tmp_path / "sam.painease-results"
    choose_file(qtbot, dialog.file_dialog, results)
    qtbot.waitUntil(lambda: results.exists())
    assert dialog.message.text().startswith("Saved 1 session, with your notes, to ")
    assert "With the set “Two weeks”. Send this file to" in dialog.message.text()
    assert b"It eased" not in results.read_bytes()  # sealed, not readable on the way

    therapist.working()
    with SessionStore.open_default() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        assert page.heading.text() == "No results imported yet"
        click(qtbot, page.import_button)
        choose_file(qtbot, page.import_dialog, results)
        qtbot.waitUntil(lambda: page.list.count() == 1)
        assert page.message.text().startswith("Imported Sam: 1 new, 0 updated, 0 already "
                                              "here, 1 journal entry")
        assert page.list.item(0).text().startswith("Sam\nkey ")
        assert page.heading.text() == "Sam"
        assert page.note.text().startswith("1 session imported. Their newest results file "
                                           "covers ")
        if not insights_takes_a_store():
            assert page.table.rowCount() == 1
            assert page.table.item(0, 1).text() == "paced-breathing"
            assert page.table.item(0, 3).text() == "pain 6 → 3 / sense of threat 7 → 2"
        # The therapist may call the patient what they like on this computer.
        click(qtbot, page.rename_button)
        rename = page.rename_dialog
        qtbot.waitExposed(rename)
        assert unnamed_controls(rename) == []  # once its field and buttons had no names
        rename.setTextValue("Sam R.")
        rename.accept()
        # (With the name their results give beside it: they no longer read alike.)
        qtbot.waitUntil(lambda: page.list.item(0).text().startswith(
            "Sam R. — their results say “Sam”\nkey "))
        assert page.heading.text() == "Sam R."
        key = page.current_key()
        assert not page.rename(key, "  ") and page.message.text().startswith("Not renamed")
        assert not page.rename(key, "S" * 201)
        assert page.message.text() == ("Not renamed: a name is at most 200 characters; this "
                                       "one has 201.")
        assert page.rename(key, "  Sam   R. ") and page.message.text() == ""  # said no more
        assert page.heading.text() == "Sam R."
        # The list is rebuilt without a moment of 'no patient': Rename… stays on, and a
        # keyboard user who renamed keeps the focus there.
        page.activateWindow()  # offscreen, a closed dialog does not give it back
        page.rename_button.setFocus()
        qtbot.waitUntil(page.rename_button.hasFocus)
        assert page.rename(key, "Sam Rivera")
        assert page.rename_button.hasFocus() and page.group_button.isEnabled()
        assert page.heading.text() == "Sam Rivera" and page.current_key() == key
        assert page.rename(key, "Sam R.")
        # The same file again adds nothing, and keeps the name the therapist gave.
        assert page.import_file(results)
        assert page.message.text().startswith("Imported Sam R.: 0 new, 0 updated, 1 already")
        assert page.list.count() == 1
        if not insights_takes_a_store():
            assert page.table.rowCount() == 1
        # A file that is not a results file is refused with the reason.
        bogus = tmp_path / "bogus.painease-results"
        bogus.write_text("hello")
        assert not page.import_file(bogus)
        assert page.message.text() == "Not imported: not a painease results file."
        page.close()


def test_a_damaged_pack_is_refused_with_the_reason_and_changes_nothing(qtbot, make_window,
                                                                       preset, therapist):
    path = therapist.pack("two-weeks.painease")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the middle of the zip
    damaged = path.with_name("damaged.painease")
    damaged.write_bytes(bytes(data))
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, damaged)
    qtbot.waitUntil(lambda: find(window, "import-message").text().startswith("Not imported: "))
    assert not shown(window, "set-card")
    with SessionStore.open_default() as store:
        from painease.storage.programs import ProgramStore

        assert ProgramStore(store).programs() == []


def test_a_set_that_cannot_be_saved_is_said_and_nothing_is_imported(qtbot, make_window,
                                                                    preset, therapist):
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    # A store that refuses writes (SQLite's own read-only error, as for a file made
    # read-only): a StoreError out of the import, once a traceback and no message.
    window.store.database.conn.execute("PRAGMA query_only = ON")
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: find(window, "import-message").text().startswith("Not imported: "))
    assert not shown(window, "set-card") and "calm-corner" not in load_catalog().entries
    window.store.database.conn.execute("PRAGMA query_only = OFF")
    assert ProgramStore(window.store).programs() == []


def test_a_file_that_is_no_pack_is_named_plainly_on_home(qtbot, make_window, preset, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Things to ask my therapist.\n")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, notes)
    message = find(window, "import-message")
    qtbot.waitUntil(lambda: message.text().startswith("Not imported: "))
    assert message.text() == ("Not imported: this file is not a painease session pack; packs "
                              "come from your therapist and end in .painease.")
    assert not shown(window, "set-card")


def test_the_name_sent_is_tidied_and_a_blank_one_is_asked_for(qtbot, make_window, preset,
                                                                therapist, tmp_path):
    """"Your name" is how the therapist will see the patient: spaces are tidied, and a
    blank name is asked for before any file is chosen (it used to send the name saved
    before, without a word)."""
    with SessionStore.open_default() as store:
        import_pack(therapist.pack("two-weeks.painease"), store)
    load_or_create_identity(name="Sam")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "send-results"))
    dialog = card(window).send_dialog
    qtbot.waitExposed(dialog)
    assert dialog.name.text() == "Sam"
    dialog.name.setText("   ")
    click(qtbot, dialog.save)
    assert dialog.file_dialog is None  # nothing to choose yet
    assert dialog.message.text() == ("Please type your name first, so your therapist knows "
                                      "whose results these are.")
    assert dialog.focusWidget() is dialog.name  # (offscreen, the dialog is not active)
    assert load_or_create_identity().name == "Sam"  # nothing changed

    dialog.name.setText("  Zoë   Brown ")
    click(qtbot, dialog.save)
    results = tmp_path / "zoe.painease-results"
    choose_file(qtbot, dialog.file_dialog, results)
    qtbot.waitUntil(results.exists)
    assert load_or_create_identity().name == "Zoë Brown"
    assert dialog.name.text() == "Zoë Brown"


def test_home_asks_for_the_pack_again_and_importing_it_again_repairs_it(
        qtbot, make_window, preset, therapist, painease_home):
    """A probe emptied a clip of an installed pack: Home asked for the pack again, and the
    import said "already here; nothing changed". Now it puts the clip back and says so."""
    path = therapist.pack("two-weeks.painease")
    with SessionStore(painease_home / "painease.sqlite3") as store:
        program = import_pack(path, store).program
    clip = painease_home / "packs" / program.id / "audio" / "calm-corner" / "hello.wav"
    clip.write_bytes(b"")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-missing"))
    assert not find(window, "set-start").isEnabled()
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: find(window, "import-message").text().startswith("Repaired “Two"))
    assert "your sessions and progress are kept" in find(window, "import-message").text()
    qtbot.waitUntil(lambda: find(window, "set-start").isEnabled())  # the card rebuilt
    assert not shown(window, "set-missing")
    assert clip.stat().st_size > 0


def test_the_window_start_puts_right_an_import_killed_between_its_renames(
        qtbot, make_window, preset, therapist, painease_home):
    path = therapist.pack("two-weeks.painease")
    with SessionStore(painease_home / "painease.sqlite3") as store:
        program = import_pack(path, store).program
    packs = painease_home / "packs"
    (packs / program.id).rename(packs / f".replaced-{program.id}")  # killed between renames
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: window.catalog is not None and "calm-corner" in window.catalog.entries)
    assert sorted(p.name for p in packs.iterdir()) == [".lock", program.id]
    qtbot.waitUntil(lambda: find(window, "set-start").isEnabled())


def test_a_damaged_session_file_of_a_set_is_said_so_and_named_by_its_title(
        qtbot, make_window, preset, therapist, painease_home):
    """A probe wrote bad TOML over an installed set's script: the card said "not installed
    on this computer at that length" and named the session by its id ("calm-corner")."""
    path = therapist.pack("two-weeks.painease")
    with SessionStore(painease_home / "painease.sqlite3") as store:
        program = import_pack(path, store).program
    script = painease_home / "packs" / program.id / "scripts" / "calm-corner.toml"
    script.write_text(script.read_text().replace("lengths = [1, 2]", "lengths = [1, 2"))
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-missing"))
    assert find(window, "set-missing").text() == (
        "This session cannot be played: one of its files on this computer is damaged or "
        "missing. Importing the pack from your therapist again repairs it.")
    assert find(window, "set-next").text() == "Calm corner · 2 minutes"
    assert find(window, "set-due").text().startswith("Planned for today: Calm corner · ")
    assert find(window, "set-start").accessibleName() == "Start Calm corner, 2 minutes"
    assert not find(window, "set-start").isEnabled()
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: find(window, "import-message").text().startswith("Repaired “Two"))
    qtbot.waitUntil(lambda: find(window, "set-start").isEnabled())  # as its words said
    assert not shown(window, "set-missing")


def test_a_session_file_of_a_set_too_damaged_to_name_is_said_by_its_place_in_the_set(
        qtbot, make_window, preset, therapist, painease_home):
    path = therapist.pack("two-weeks.painease")
    with SessionStore(painease_home / "painease.sqlite3") as store:
        program = import_pack(path, store).program
    (painease_home / "packs" / program.id / "scripts" / "calm-corner.toml").unlink()
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-missing"))
    assert "damaged or missing" in find(window, "set-missing").text()
    assert find(window, "set-next").text() == "Session 1 of this set · 2 minutes"
