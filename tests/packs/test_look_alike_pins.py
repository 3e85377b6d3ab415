"""A pack whose therapist name only reads as a pinned one ("Dr Lee" after "Dr. Lee": case,
spacing, punctuation and look-alike letters aside) signed by another key is asked about as
a changed key is, naming both names, in the library, the CLI and on Home; never pinned as a
new therapist without a word (the way another person's key got in). Accepted, the new key
is the one trusted for both names. Real keys, real signed packs, real SQLite files, the
real command and the real card offscreen."""

from __future__ import annotations

import dataclasses

import pytest
from nacl.signing import SigningKey

from painease.packs.identity import Identity, fingerprint
from painease.packs.install import import_pack
from painease.storage.programs import ProgramStore
from painease.ui.patient_actions import TherapistCard
from tests.packs.conftest import make_program, snapshot
from tests.packs.test_pack_import_killed import _cli

FIRST = "00000000-0000-4000-8000-000000000061"
SECOND = "00000000-0000-4000-8000-000000000062"
THIRD = "00000000-0000-4000-8000-000000000063"


@pytest.fixture
def other() -> Identity:
    return Identity(SigningKey.generate(), "someone")


def own_set(program_id: str, therapist: str):
    """A set with only the bundled script: no clash with the first pack's custom one."""
    program = make_program(program_id=program_id, therapist=therapist)
    return dataclasses.replace(program, items=(
        dataclasses.replace(program.items[1], position=1),))


@pytest.fixture
def lee_pinned(make_pack, store, therapist):
    assert import_pack(make_pack(make_program(program_id=FIRST, therapist="Dr. Lee"),
                                 "lee.painease"), store).status == "new"
    return therapist


@pytest.mark.parametrize("name", ["Dr Lee", "dr.lee", "DR  LEE", "Dr-Lee"])
def test_a_name_that_reads_as_a_pinned_one_on_another_key_is_asked_about(
        make_pack, store, homes, lee_pinned, other, name):
    before = snapshot(homes.patient)
    pack = make_pack(own_set(SECOND, name), "b.painease", identity=other)
    result = import_pack(pack, store)
    assert result.status == "key_changed"
    assert result.pinned_name == "Dr. Lee"
    assert result.pinned_fingerprint == fingerprint(lee_pinned.public_key)
    [warning] = result.warnings
    assert warning.startswith(
        f"WARNING: this pack says it is from {' '.join(name.split())}, but it is signed "
        f"with a different key ({fingerprint(other.public_key)}) than the one you trusted "
        f"for Dr. Lee ({fingerprint(lee_pinned.public_key)}), a name that reads the same.")
    assert snapshot(homes.patient) == before  # nothing written, nothing pinned
    sets = ProgramStore(store)
    assert sets.pinned_key(name) is None and SECOND not in {p.program.id
                                                           for p in sets.programs()}


def test_accepted_the_new_key_is_trusted_for_both_names(make_pack, store, lee_pinned, other):
    pack = make_pack(own_set(SECOND, "Dr Lee"), "b.painease", identity=other)
    accepted = import_pack(pack, store, accept_new_key=True)
    assert accepted.status == "new" and accepted.key_accepted
    sets = ProgramStore(store)
    assert sets.pinned_key("Dr Lee") == sets.pinned_key("Dr. Lee") == other.public_key
    assert {p.program.id: p.signer_key for p in sets.programs()} == {
        FIRST: other.public_key, SECOND: other.public_key}
    # Not asked again under either name; the old key now is.
    again = make_pack(own_set(THIRD, "Dr. Lee"), "c.painease", identity=other)
    assert import_pack(again, store).status == "new"
    old = make_pack(make_program(version=2, program_id=FIRST, therapist="Dr. Lee"),
                    "d.painease")
    assert import_pack(old, store).status == "key_changed"


def test_the_same_key_under_a_name_written_otherwise_is_not_asked_about(
        make_pack, store, lee_pinned):
    result = import_pack(make_pack(own_set(SECOND, "Dr Lee"), "b.painease"), store)
    assert result.status == "new" and not result.warnings


def test_the_cli_refuses_it_naming_both_names(make_pack, homes, lee_pinned, other):
    pack = make_pack(own_set(SECOND, "Dr Lee"), "b.painease", identity=other)
    done = _cli(homes.patient, "pack", "import", str(pack))
    assert done.returncode != 0, done.stdout
    assert ("this pack says it is from Dr Lee, but it is signed with a different key "
            f"({fingerprint(other.public_key)}) than the one you trusted for Dr. Lee "
            f"({fingerprint(lee_pinned.public_key)}), a name that reads the same") in done.stderr
    assert "run again with --accept-new-key" in done.stderr
    taken = _cli(homes.patient, "pack", "import", str(pack), "--accept-new-key")
    assert taken.returncode == 0, taken.stderr
    assert "You accepted a new key for Dr Lee." in taken.stderr


def test_home_asks_naming_both_names(make_pack, store, lee_pinned, other, qtbot):
    pack = make_pack(own_set(SECOND, "Dr Lee"), "b.painease", identity=other)
    card = TherapistCard(store)
    qtbot.addWidget(card)
    assert card.import_file(pack) == "key_changed"
    question = card.key_question
    assert question is not None
    assert question.text() == ("This pack says it is from Dr Lee, but it was signed with a "
                               "different key than the packs from Dr. Lee, a name that "
                               "reads the same.")
    assert fingerprint(lee_pinned.public_key) in question.informativeText()
    assert fingerprint(other.public_key) in question.informativeText()
    question.close()
    assert ProgramStore(store).pinned_key("Dr Lee") is None
