"""Names that differ only by punctuation ("Dr. Lee" / "Dr Lee", "O'Neil" / "ONeil") read
alike: Home and Send results… say so when they came with different keys, and a patient's
results giving "ONeil" after "O'Neil" are no other name. Real keys, real packs, real SQLite
files, the real dialog offscreen; the rule itself as plain functions."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from nacl.signing import SigningKey

from painease.domain.shown_text import reads_alike_key
from painease.packs.identity import Identity, fingerprint
from painease.packs.install import import_pack
from painease.packs.sender_name import name_change, namesakes, sent_name_note
from painease.packs.senders import recipients, senders
from painease.storage.patients import Patient
from painease.storage.programs import ProgramStore
from painease.ui.patient_actions import SendResultsDialog
from tests.packs.conftest import make_program

FIRST = "00000000-0000-4000-8000-000000000041"
SECOND = "00000000-0000-4000-8000-000000000042"
WHEN = datetime(2026, 11, 2, tzinfo=UTC)


def test_punctuation_case_and_spacing_are_left_out_when_names_are_compared():
    lee = reads_alike_key("Dr. Lee")
    assert reads_alike_key("Dr Lee") == lee
    assert reads_alike_key("dr.lee") == lee
    assert reads_alike_key("DR  LEE") == lee
    assert reads_alike_key("Dr. \u041bee") != lee  # a Cyrillic Л does not read as L
    assert reads_alike_key("O'Neil") == reads_alike_key("ONeil") == reads_alike_key("O’Neil")
    assert reads_alike_key("Mary-Ann Fox") == reads_alike_key("Mary Ann Fox")
    assert reads_alike_key("Dr. \u0420\u0430\u0441\u043e Lee") == reads_alike_key("Dr Paco Lee")
    # Names that read otherwise stay apart.
    assert reads_alike_key("Dr. Lee") != reads_alike_key("Dr. Lea")
    assert reads_alike_key("Zoë") != reads_alike_key("Zoe")
    # A name of punctuation only is still a name: not the same as every other such one.
    assert reads_alike_key("?") != reads_alike_key("!")


def _patient(key: str, name: str, sent: str | None) -> Patient:
    return Patient(key, "00" * 32, name, WHEN, WHEN, sent_name=sent)


def test_a_patients_name_that_differs_only_by_punctuation_is_the_same_name():
    oneil = _patient("k1", "Sam O'Neil", "Sam O'Neil")
    assert name_change(oneil, "Sam ONeil") is None
    assert sent_name_note(_patient("k1", "Sam O'Neil", "sam oneil")) == ""
    assert name_change(oneil, "Sam O'Neal") is not None  # another name still asks
    other = _patient("k2", "Dr Lee", "Dr Lee")
    assert namesakes([oneil, other], "k3", "Dr. Lee") == (other,)


def bundled_only(program_id: str, therapist: str):
    program = make_program(program_id=program_id, therapist=therapist)
    return dataclasses.replace(program, items=(
        dataclasses.replace(program.items[1], position=1),))


def test_names_differing_only_by_punctuation_on_two_keys_are_said_to_read_alike(
        make_pack, store, therapist, qtbot):
    lee = Identity(SigningKey.generate(), "Dr. Lee")
    other = Identity(SigningKey.generate(), "Dr Lee")
    assert import_pack(make_pack(bundled_only(FIRST, "Dr. Lee"), "a.painease", identity=lee),
                       store).status == "new"
    # An import asks about it now (tests/packs/test_look_alike_pins.py); a patient's file
    # from before holds it as painease then saved it: a set and a pin of its own.
    assert ProgramStore(store).save_program(bundled_only(SECOND, "Dr Lee"), "imported",
                                            other.public_key, pin_signer=True) == "new"
    found = {s.key: s for s in senders(store)}
    assert found[lee.public_key].look_alikes == (fingerprint(other.public_key),)
    assert found[other.public_key].look_alikes == (fingerprint(lee.public_key),)
    assert all(s.look_alikes for s in recipients(store))

    dialog = SendResultsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.therapist.itemText(i) for i in range(dialog.therapist.count())]
    dialog.therapist.setCurrentIndex(texts.index(
        f"Dr Lee (fingerprint {fingerprint(other.public_key)})"))
    assert dialog.look_alike.isVisible()
    assert dialog.look_alike.text().startswith(
        "Another sender goes by a name that reads the same as Dr Lee, with a different key "
        f"(fingerprint {fingerprint(lee.public_key)}).")
