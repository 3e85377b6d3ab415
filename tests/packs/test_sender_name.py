"""Whose results: a file signed with a known patient's key that gives another person's name
is not merged until the therapist says yes; a name the therapist gave never asks.

Real keys, a real pack imported on the patient's side, real sealed results files, real
SQLite files in both data dirs (and one made by the schema before this step).
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from painease.packs.identity import Identity, load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.results import NameChanged, import_results, read_results
from painease.packs.results_export import export_results
from painease.packs.sender_name import given_name
from painease.storage import SessionStore
from painease.storage.migrations import MIGRATIONS, migrate
from painease.storage.patients import PatientStore
from painease.storage.stored_values import db_time
from tests.packs.conftest import make_program, snapshot
from tests.pinned import therapists
from tests.ui.clinic import patients_pages_closed  # noqa: F401 - a fixture

# The Patients pages these tests make are closed at each test's end (see the fixture).
pytestmark = pytest.mark.usefixtures("patients_pages_closed")


@pytest.fixture
def sam(homes, make_pack) -> Identity:
    """Sam's key, in a data dir where the therapist's pack was imported."""
    pack = make_pack(make_program())
    homes.use(homes.patient)
    with SessionStore(homes.patient / "painease.sqlite3") as store:
        import_pack(pack, store)
    return load_or_create_identity(name="Sam")


def send(homes, tmp_path, identity: Identity, name: str, file: str):
    """One more session done in the patient's data dir, then a results file of today that
    gives ``name`` (as typed in "Your name"; "" gives none)."""
    homes.use(homes.patient)
    with SessionStore(homes.patient / "painease.sqlite3") as store:
        sid = store.start_session("calm-corner", 1, 2)
        store.save_rating(sid, "pre", 5, 6)
        store.end_session(sid, "completed", 120_000)
        store.save_rating(sid, "post", 3, 2)
        [(_, key)] = therapists(store)
        today = date.today()
        export_results(store, key, Identity(identity.signing_key, name), tmp_path / file,
                       today - timedelta(days=1), today + timedelta(days=1))
    return tmp_path / file


def therapist_store(homes) -> tuple[Identity, SessionStore]:
    homes.use(homes.therapist)
    return load_or_create_identity(), SessionStore(homes.therapist / "painease.sqlite3")


def sessions_of(identity: Identity) -> int:
    from painease.packs.results import open_patient

    with open_patient(identity.key_id) as theirs:
        return len(theirs.sessions())


def test_another_name_under_a_known_key_waits_for_a_yes(sam, homes, tmp_path, therapist):
    first = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    ben = send(homes, tmp_path, sam, "Ben", "ben.painease-results")
    me, store = therapist_store(homes)
    with store:
        assert import_results(first, me, store).warnings == ()
        before = snapshot(homes.therapist)
        with pytest.raises(NameChanged) as refused:
            import_results(ben, me, store)
        change = refused.value.change
        assert str(refused.value) == change.text == (
            "This file is signed with the key of Sam, but it gives the name “Ben”; their "
            "latest results gave “Sam”. Two people may be sharing one computer, or a name "
            "was typed by mistake.")
        assert change.question.endswith(" Add these results to Sam's?")
        assert snapshot(homes.therapist) == before  # nothing merged, nothing noted
        assert sessions_of(sam) == 1

        # Yes: merged, said with the import, and the patient keeps the name they are shown by.
        result = import_results(ben, me, store, accept_name=True)
        assert result.counts.sessions_new == 1 and sessions_of(sam) == 2
        assert result.warnings == ("This file gives the name “Ben”, not “Sam”; its sessions "
                                   "were added to Sam's results, as you chose.",)
        assert result.patient.name == "Sam" and result.patient.sent_name == "Ben"
        # The name the patient now sends is the one compared with: "Ben" again passes,
        # "Sam" is asked about (case and spacing ignored).
        again = send(homes, tmp_path, sam, "  ben ", "ben2.painease-results")
        back = send(homes, tmp_path, sam, "Sam", "back.painease-results")
        homes.use(homes.therapist)
        assert import_results(again, me, store).warnings == ()
        with pytest.raises(NameChanged, match="^This file gives the name “Sam”, which is how "
                                              "you know this patient here, but their latest "
                                              "results, signed with the same key, gave “ben”"):
            import_results(back, me, store)


def test_a_file_giving_the_name_the_therapist_shows_them_by_says_so(sam, homes, tmp_path,
                                                                     therapist):
    # The therapist calls Sam "Ben"; a file from Sam's key then gives "Ben". Once said as
    # "signed with the key of Ben, but it gives the name “Ben”", which reads as no change.
    first = send(homes, tmp_path, sam, "Sam", "a.painease-results")
    ben = send(homes, tmp_path, sam, "ben", "b.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(first, me, store)
        PatientStore(store).rename(sam.key_id, "Ben")
        with pytest.raises(NameChanged) as refused:
            import_results(ben, me, store)
        change = refused.value.change
        assert change.text == (
            "This file gives the name “ben”, which is how you know this patient here, but "
            "their latest results, signed with the same key, gave “Sam”. Two people may be "
            "sharing one computer, or a name was typed by mistake.")
        assert change.question.endswith(" Add these results to Ben's?")
        result = import_results(ben, me, store, accept_name=True)
        assert result.warnings == ("This file gives the name “ben”, not “Sam”; its sessions "
                                   "were added to Ben's results, as you chose.",)


def test_a_rename_is_never_asked_about(sam, homes, tmp_path, therapist):
    first = send(homes, tmp_path, sam, "Sam", "a.painease-results")
    second = send(homes, tmp_path, sam, "Sam", "b.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(first, me, store)
        PatientStore(store).rename(sam.key_id, "Sam R. (Tuesdays)")
        result = import_results(second, me, store)
        assert result.warnings == () and result.counts.sessions_new == 1
        assert result.patient.name == "Sam R. (Tuesdays)"
        # Asked about, the patient is named as the therapist shows them.
        ben = send(homes, tmp_path, sam, "Ben", "c.painease-results")
        homes.use(homes.therapist)
        with pytest.raises(NameChanged, match="^This file is signed with the key of Sam R. "
                                              r"\(Tuesdays\), but it gives the name “Ben”"):
            import_results(ben, me, store)


def test_a_file_without_a_name_is_not_asked_about_and_forgets_no_name(sam, homes, tmp_path,
                                                                       therapist):
    named = send(homes, tmp_path, sam, "Sam", "a.painease-results")
    unnamed = send(homes, tmp_path, sam, "", "b.painease-results")
    ben = send(homes, tmp_path, sam, "Ben", "c.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(named, me, store)
        assert import_results(unnamed, me, store).warnings == ()
        assert PatientStore(store).patient(sam.key_id).sent_name == "Sam"
        with pytest.raises(NameChanged, match="their latest results gave “Sam”"):
            import_results(ben, me, store)


def test_a_name_from_an_older_file_never_replaces_the_newest(sam, homes, tmp_path, therapist):
    older = send(homes, tmp_path, sam, "Ben", "older.painease-results")
    time.sleep(1.1)  # files are stamped to the second
    newer = send(homes, tmp_path, sam, "Sam", "newer.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(newer, me, store)
        with pytest.raises(NameChanged):
            import_results(older, me, store)
        result = import_results(older, me, store, accept_name=True)
        assert result.patient.sent_name == "Sam"  # the newest file's name stays
        assert result.warnings[1].startswith("This file was made on ")
        assert "already imported from Sam (" in result.warnings[1]


def test_another_patient_of_that_name_is_said(sam, homes, tmp_path, therapist):
    """Ben has a key of his own here: a file from Sam's key naming Ben says so."""
    from nacl.signing import SigningKey

    ben_key = Identity(SigningKey.generate(), "Ben")
    bens = send(homes, tmp_path, ben_key, "Ben", "ben-own.painease-results")
    sams = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    on_sams = send(homes, tmp_path, sam, "Ben", "ben-on-sams.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(bens, me, store)
        import_results(sams, me, store)
        with pytest.raises(NameChanged, match="latest results gave “Sam”. You have another "
                                              "patient named Ben, with a key of their own."):
            import_results(on_sams, me, store)


def _schema_8_patient(database, identity: Identity, shown_as: str) -> None:
    """A therapist's database made by the schema before this step, listing a patient
    (one import noted) under ``shown_as``."""
    database.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        assert migrate(conn, MIGRATIONS[:8]) == 8
        now = db_time(datetime.now(UTC))
        conn.execute("INSERT INTO patients (key_id, public_key, name, first_seen_at,"
                     " last_imported_at) VALUES (?, ?, ?, ?, ?)",
                     (identity.key_id, identity.public_key, shown_as, now, now))
        conn.execute("INSERT INTO result_imports (patient_key, period_from, period_to,"
                     " created_at, imported_at, sessions_new, sessions_updated)"
                     " VALUES (?, '2026-01-01', '2026-01-31', ?, ?, 0, 0)",
                     (identity.key_id, db_time(datetime(2026, 2, 1, tzinfo=UTC)), now))
    finally:
        conn.close()


def test_patients_imported_before_names_were_kept(sam, homes, tmp_path, therapist):
    """Their name was not kept then: compared with the name they are shown by, and the
    question says so; once a file is imported, its name is what later files meet."""
    _schema_8_patient(homes.therapist / "painease.sqlite3", sam, "Sam R.")
    sams = send(homes, tmp_path, sam, "Sam", "a.painease-results")
    later = send(homes, tmp_path, sam, "Sam", "b.painease-results")
    me, store = therapist_store(homes)
    with store:
        assert PatientStore(store).patient(sam.key_id).sent_name is None  # not known
        with pytest.raises(NameChanged) as refused:
            import_results(sams, me, store)
        assert refused.value.change.text == (
            "This file is signed with the key of Sam R., but it gives the name “Sam”; their "
            "earlier results were imported before painease kept the name each file gives, "
            "and you know them here as “Sam R.”. Two people may be sharing one computer, or "
            "a name was typed by mistake.")
        import_results(sams, me, store, accept_name=True)
        assert import_results(later, me, store).warnings == ()


def test_a_patient_listed_by_key_before_names_were_kept_is_not_asked_about(
        sam, homes, tmp_path, therapist):
    """Their earlier file gave no name (listed as "Patient 1a2b 3c4d"): nothing to
    compare with, and the name now given becomes the label nobody chose."""
    stand_in = f"Patient {sam.key_id[:4]} {sam.key_id[4:8]}"
    _schema_8_patient(homes.therapist / "painease.sqlite3", sam, stand_in)
    sams = send(homes, tmp_path, sam, "Sam", "a.painease-results")
    me, store = therapist_store(homes)
    with store:
        result = import_results(sams, me, store)
        assert result.patient.sent_name == "Sam"
        assert result.patient.name == "Sam"  # it used to stay "Patient 1a2b 3c4d"
        assert result.warnings == (f"These results give the name “Sam”: the patient listed "
                                   f"as {stand_in} is listed as Sam from now on (Rename… "
                                   "changes it).",)


def test_the_patients_page_asks_before_adding_results_under_another_name(
        qtbot, sam, homes, tmp_path, therapist):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from painease.ui.therapist.patients_page import PatientsPage
    from tests.ui.test_main_window import unnamed_controls

    first = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    ben = send(homes, tmp_path, sam, "Ben", "ben.painease-results")
    homes.use(homes.therapist)
    with SessionStore(homes.therapist / "painease.sqlite3") as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        assert page.import_file(first)
        assert page.rename(sam.key_id, "Sam R.")  # the therapist's name: never asked about
        assert not page.import_file(ben)
        question = page.name_question
        qtbot.waitExposed(question)
        assert question.text() == (
            "This file is signed with the key of Sam R., but it gives the name “Ben”; their "
            "latest results gave “Sam”. Two people may be sharing one computer, or a name was "
            "typed by mistake. Add these results to Sam R.'s?")
        assert unnamed_controls(question) == []
        assert page.message.text().startswith("Not imported yet: This file is signed with ")
        assert sessions_of(sam) == 1
        # Enter (or Esc) takes the default, "Don't import": nothing is added.
        qtbot.keyClick(question, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not question.isVisible())
        assert page.message.text().startswith("Not imported: This file is signed with ")
        assert page.message.text().endswith("The file is as it was; import it again when you "
                                            "know whose results they are.")
        assert sessions_of(sam) == 1
        # Asked again, "Import anyway" adds them and says so.
        assert not page.import_file(ben)
        yes = page.name_question.button(QMessageBox.StandardButton.Discard)
        assert yes.text() == "Import anyway"
        qtbot.waitExposed(page.name_question)
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.message.text().startswith("Imported Sam R.: 1 new"))
        assert page.message.text().endswith(" This file gives the name “Ben”, not “Sam”; its "
                                            "sessions were added to Sam R.'s results, as you "
                                            "chose.")
        assert sessions_of(sam) == 2
        assert page.heading.text() == "Sam R."
        page.close()  # lets go of the patient's database


def test_a_new_key_sending_a_name_another_patients_results_give_is_said(sam, homes, tmp_path,
                                                                        therapist):
    """Sam, shown here as "Sam B", still sends "Sam": results from another key giving
    "Sаm" (a Cyrillic а) are filed apart, and the therapist is told whose results give
    that name, by the label they know Sam by."""
    from nacl.signing import SigningKey

    sams = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    other = Identity(SigningKey.generate(), "S\u0430m")
    others = send(homes, tmp_path, other, "S\u0430m", "other.painease-results")
    next_week = send(homes, tmp_path, other, "S\u0430m", "other-2.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(sams, me, store)
        PatientStore(store).rename(sam.key_id, "Sam B")
        result = import_results(others, me, store)
        assert result.warnings == (
            "You have another patient, Sam B, whose results give the name “Sam”, with a key "
            f"of their own ({sam.fingerprint}); these results were kept apart from theirs.",)
        assert len(PatientStore(store).patients()) == 2
        # Said once, when it is news: their next file, under the same name, is not the
        # moment to say it again (the list shows both names for good).
        assert import_results(next_week, me, store).warnings == ()


def test_a_label_that_reads_as_the_name_given_is_said_too(sam, homes, tmp_path, therapist):
    """The therapist shows Sam as "Kim" (the name they go by): a new key sending "Kim"
    would be listed beside them under the same name, so it is said."""
    from nacl.signing import SigningKey

    sams = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    kim = Identity(SigningKey.generate(), "Kim")
    kims = send(homes, tmp_path, kim, "Kim", "kim.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(sams, me, store)
        PatientStore(store).rename(sam.key_id, "kim")
        assert import_results(kims, me, store).warnings == (
            f"You have another patient named kim, with a key of their own ({sam.fingerprint});"
            " these results were kept apart from theirs.",)


def test_the_question_names_another_patient_whose_results_give_that_name(sam, homes, tmp_path,
                                                                          therapist):
    """Ben has a key of his own and the therapist shows him as "Ben K.": a file from Sam's
    key naming Ben says that Ben K.'s results give that name, and, once agreed, the
    import says it once more, without claiming the file was kept apart from Sam's."""
    from nacl.signing import SigningKey

    ben_key = Identity(SigningKey.generate(), "Ben")
    bens = send(homes, tmp_path, ben_key, "Ben", "ben-own.painease-results")
    sams = send(homes, tmp_path, sam, "Sam", "sam.painease-results")
    on_sams = send(homes, tmp_path, sam, "Ben", "ben-on-sams.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(bens, me, store)
        PatientStore(store).rename(ben_key.key_id, "Ben K.")
        import_results(sams, me, store)
        with pytest.raises(NameChanged) as refused:
            import_results(on_sams, me, store)
        assert refused.value.change.text == (
            "This file is signed with the key of Sam, but it gives the name “Ben”; their "
            "latest results gave “Sam”. You have another patient, Ben K., whose results give "
            "the name “Ben”, with a key of their own. Two people may be sharing one computer, "
            "or a name was typed by mistake.")
        result = import_results(on_sams, me, store, accept_name=True)
        assert result.warnings == (
            "This file gives the name “Ben”, not “Sam”; its sessions were added to Sam's "
            "results, as you chose.",
            "You have another patient, Ben K., whose results give the name “Ben”, with a key "
            f"of their own ({ben_key.fingerprint}); these results were kept apart from theirs.")


def test_a_name_arriving_after_a_nameless_file_becomes_the_label_and_is_said(
        sam, homes, tmp_path, therapist):
    """The therapist never chose "Patient 1a2b 3c4d": it stood in for a name the first
    file lacked. A later file's name (its spaces tidied) becomes the label, and the
    import's message says so."""
    stand_in = f"Patient {sam.key_id[:4]} {sam.key_id[4:8]}"
    nameless = send(homes, tmp_path, sam, "", "a.painease-results")
    named = send(homes, tmp_path, sam, "  Zoë   Brown ", "b.painease-results")
    me, store = therapist_store(homes)
    with store:
        first = import_results(nameless, me, store)
        assert first.patient.name == stand_in and first.warnings == ()
        result = import_results(named, me, store)
        assert (result.patient.name, result.patient.sent_name) == ("Zoë Brown", "Zoë Brown")
        assert result.message.startswith("Zoë Brown: 1 new")
        assert result.warnings == (
            f"These results give the name “Zoë Brown”: the patient listed as {stand_in} is "
            "listed as Zoë Brown from now on (Rename… changes it).",)
        assert PatientStore(store).patient(sam.key_id).name == "Zoë Brown"


def test_a_label_the_therapist_chose_is_never_replaced_by_a_later_name(
        sam, homes, tmp_path, therapist):
    nameless = send(homes, tmp_path, sam, "", "a.painease-results")
    named = send(homes, tmp_path, sam, "Zoë", "b.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(nameless, me, store)
        PatientStore(store).rename(sam.key_id, "Z. from Tuesdays")
        result = import_results(named, me, store)
        assert (result.patient.name, result.patient.sent_name) == ("Z. from Tuesdays", "Zoë")
        assert result.warnings == ()


def test_runs_of_spaces_in_a_name_are_one_space_in_the_question(sam, homes, tmp_path,
                                                                therapist):
    first = send(homes, tmp_path, sam, "Sam", "a.painease-results")
    other = send(homes, tmp_path, sam, "Ben \t  Smith", "b.painease-results")
    me, store = therapist_store(homes)
    with store:
        import_results(first, me, store)
        with pytest.raises(NameChanged) as refused:
            import_results(other, me, store)
        assert "gives the name “Ben Smith”;" in refused.value.change.text
        assert refused.value.change.question.endswith(" Add these results to Sam's?")


def test_a_line_break_or_tab_in_a_name_parts_its_words(sam, homes, tmp_path, therapist):
    """``results export --name $'Pat\\nTwo'`` showed on the therapist's side as "PatTwo":
    the break was dropped as a control character instead of read as a space."""
    sent = send(homes, tmp_path, sam, "Pat\nTwo", "a.painease-results")
    me, store = therapist_store(homes)
    assert read_results(sent, me).payload["patient_name"] == "Pat Two"  # sent on one line
    with store:
        assert import_results(sent, me, store).patient.name == "Pat Two"
        assert [p.sent_name for p in PatientStore(store).patients()] == ["Pat Two"]
    # A file that still carries the break as typed (an older painease) reads the same.
    for typed in ("Pat\nTwo", "Pat\tTwo", "Pat\r\n  Two", "Pat\u2028Two", " Pat\u200b\nTwo "):
        assert given_name(typed) == "Pat Two", repr(typed)
