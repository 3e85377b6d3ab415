"""Senders are keys: Home lists one sender per key its sets are on record with, whatever
the case of the names on them, and Send results… offers each of them (a look-alike name
on its own key too, told apart by fingerprint and said), never a key the patient refused
or replaced. Real keys, real packs, real SQLite files, the real card and dialog offscreen.
"""

from __future__ import annotations

import dataclasses

from nacl.signing import SigningKey

from painease.packs.identity import Identity, fingerprint, key_id, load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.senders import recipients, senders
from painease.storage import SessionStore
from painease.ui.patient_actions import SendResultsDialog, TherapistCard
from tests.packs.conftest import make_program
from tests.storage.test_accepted_keys import FORGER, KIM, PACO, PACO_LOOK_ALIKE, _old_file

FIRST = "00000000-0000-4000-8000-000000000021"
SECOND = "00000000-0000-4000-8000-000000000022"
THIRD = "00000000-0000-4000-8000-000000000023"


def bundled_only(program_id: str, therapist: str):
    """A set of bundled scripts only: another key's pack may not bring Ana's script."""
    program = make_program(program_id=program_id, therapist=therapist)
    return dataclasses.replace(program, items=(
        dataclasses.replace(program.items[1], position=1),))


def texts(dialog: SendResultsDialog) -> list[str]:
    return [dialog.therapist.itemText(i) for i in range(dialog.therapist.count())]


def test_one_key_is_one_sender_whatever_the_case_of_its_names(make_pack, store, therapist,
                                                              qtbot):
    assert import_pack(make_pack(make_program(program_id=FIRST, therapist="Dr Lee"),
                                 "a.painease"), store).status == "new"
    assert import_pack(make_pack(bundled_only(SECOND, "dr lee"), "b.painease"),
                       store).status == "new"
    said = f"dr lee (fingerprint {fingerprint(therapist.public_key)})"  # the newest set's
    assert [s.words for s in senders(store)] == [said]
    card = TherapistCard(store)
    qtbot.addWidget(card)
    assert card.findChild(type(card.message), "therapist-known").text() == f"Sets from: {said}"
    assert card.findChild(type(card.message), "therapist-look-alike") is None
    dialog = SendResultsDialog(store)
    qtbot.addWidget(dialog)
    assert texts(dialog) == [said]


def test_a_look_alike_name_on_its_own_key_is_its_own_sender_said_and_offered(
        tmp_path, qtbot, painease_home):
    """Schema step 14 left a look-alike's set on its own key: its sender is offered as the
    recipient of results (sealed to that key), told apart by fingerprint, and both Home and
    the dialog say that the two names read the same on different keys."""
    db = tmp_path / "painease.sqlite3"
    _old_file(db)
    with SessionStore(db) as store:
        paco = f"Dr. Paco Lee (fingerprint {fingerprint(PACO)})"
        forger = f"{PACO_LOOK_ALIKE} (fingerprint {fingerprint(FORGER)})"
        card = TherapistCard(store)
        qtbot.addWidget(card)
        known = card.findChild(type(card.message), "therapist-known").text()
        assert paco in known and forger in known
        note = card.findChild(type(card.message), "therapist-look-alike")
        assert note is not None and "read the same but came with different keys" in note.text()

        dialog = SendResultsDialog(store)
        qtbot.addWidget(dialog)
        assert paco in texts(dialog) and forger in texts(dialog)
        dialog.show()
        dialog.therapist.setCurrentIndex(texts(dialog).index(forger))
        assert dialog.look_alike.isVisible()
        assert dialog.look_alike.text() == (
            f"Another sender goes by a name that reads the same as {PACO_LOOK_ALIKE}, with a "
            f"different key (fingerprint {fingerprint(PACO)}). They may not be the same "
            "person: ask your therapist to read their fingerprint to you, and choose the "
            "one that matches.")
        dialog.therapist.setCurrentIndex(texts(dialog).index(
            f"Dr. Kim Park (fingerprint {fingerprint(KIM)})"))
        assert not dialog.look_alike.isVisible()  # Kim's name reads as no one else's
        dialog.therapist.setCurrentIndex(texts(dialog).index(forger))
        dialog.name.setText("Sam")
        out = dialog.save_to(tmp_path / "r.painease-results")
        assert out is not None
        assert f'"recipient_key_id": "{key_id(FORGER)}"' in out.read_bytes().split(b"\n")[
            0].decode()
        assert dialog.message.text().endswith(f"Send this file to {PACO_LOOK_ALIKE}; only they "
                                              "can open it.")


def test_a_refused_key_and_a_replaced_one_are_never_offered(make_pack, store, therapist,
                                                            qtbot):
    assert import_pack(make_pack(make_program(program_id=FIRST), "a.painease"),
                       store).status == "new"
    kim = Identity(SigningKey.generate(), "Dr. Kim Park")
    assert import_pack(make_pack(bundled_only(SECOND, "Dr. Kim Park"), "k.painease",
                                 identity=kim), store).status == "new"
    refused = Identity(SigningKey.generate(), "someone")
    claims_ana = make_pack(bundled_only(THIRD, "Dr. Ana Moreno"), "x.painease",
                           identity=refused)
    assert import_pack(claims_ana, store).status == "key_changed"  # and not accepted
    ana = f"Dr. Ana Moreno (fingerprint {fingerprint(therapist.public_key)})"
    kim_said = f"Dr. Kim Park (fingerprint {fingerprint(kim.public_key)})"
    dialog = SendResultsDialog(store)
    qtbot.addWidget(dialog)
    assert sorted(texts(dialog)) == [ana, kim_said]

    # Kim's new key, accepted: her old one is no longer offered, nor listed on Home.
    kim_new = Identity(SigningKey.generate(), "Dr. Kim Park")
    again = make_pack(dataclasses.replace(bundled_only(SECOND, "Dr. Kim Park"), version=2),
                      "k2.painease", identity=kim_new)
    assert import_pack(again, store, accept_new_key=True).status == "updated"
    offered = [s.key for s in recipients(store)]
    assert kim.public_key not in offered and refused.public_key not in offered
    assert sorted(offered) == sorted([therapist.public_key, kim_new.public_key])
    assert [s.key for s in senders(store)] == [therapist.public_key, kim_new.public_key]


def test_the_current_sets_sender_is_chosen_first(make_pack, store, therapist, qtbot):
    assert import_pack(make_pack(make_program(program_id=FIRST), "a.painease"),
                       store).status == "new"
    kim = Identity(SigningKey.generate(), "Dr. Kim Park")
    assert import_pack(make_pack(bundled_only(SECOND, "Dr. Kim Park"), "k.painease",
                                 identity=kim), store).status == "new"  # current now
    load_or_create_identity(name="Sam")
    dialog = SendResultsDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.therapist.count() == 2
    assert dialog.therapist.itemData(0) == therapist.public_key  # by name: Ana first
    assert dialog.therapist.currentData() == kim.public_key
