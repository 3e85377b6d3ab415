"""The first pack signed with a key asks the patient to check its fingerprint; later ones
from the same key do not. Real keys, real packs, a real SQLite file."""

from __future__ import annotations

from nacl.signing import SigningKey

from painease.packs.identity import Identity
from painease.packs.install import import_pack
from tests.packs.conftest import make_program


def test_only_a_key_new_here_asks_for_its_fingerprint_to_be_checked(make_pack, store,
                                                                    therapist):
    program = make_program()
    first = import_pack(make_pack(program), store)
    assert first.status == "new" and first.signer_fingerprint == therapist.fingerprint
    assert first.check_text.startswith("This is the first pack signed with this key.")
    assert "Please check with Dr. Ana Moreno that this fingerprint is the same" in \
        first.check_text
    # The same pack again, an update, a set under another name from the same key: known.
    assert import_pack(make_pack(program), store).check_text == ""
    update = import_pack(make_pack(make_program(2, program.id), "v2.painease"), store)
    assert update.status == "updated" and update.check_text == ""
    other = import_pack(make_pack(make_program(therapist="Ana Moreno"), "o.painease"), store)
    assert other.status == "new" and other.check_text == ""
    # A new key taken for a known therapist (after the app asked) is a key new here too.
    successor = Identity(SigningKey.generate(), "Dr. Ana Moreno")
    moved = make_pack(make_program(3, program.id), "m.painease", identity=successor)
    assert import_pack(moved, store).status == "key_changed"
    accepted = import_pack(moved, store, accept_new_key=True)
    assert accepted.written and "Dr. Ana Moreno" in accepted.check_text
