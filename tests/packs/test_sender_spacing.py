"""A pack's therapist name with spaces at its ends or runs of them ("  Dr.  Ana   Moreno ")
is shown as it reads ("Dr. Ana Moreno"): in the import's words, on Home, in the list of
senders and of therapists results can go to. Only what is shown and grouped is tidied:
the signed files and the stored set keep the name as sent, and keys are pinned as before
(by the name as it reads, spacing aside), so spacing never makes another therapist; a
name spaced otherwise inside ("Dr. AnaMoreno") on another key is asked about as this one's
would be (``painease.packs.trust``). Real keys,
real packs, real SQLite files."""

from __future__ import annotations

import dataclasses
import json

from nacl.signing import SigningKey

from painease.packs.identity import Identity, fingerprint
from painease.packs.install import import_pack
from painease.packs.pack import MANIFEST
from painease.packs.senders import senders
from painease.storage.programs import ProgramStore
from painease.ui.set_card import sender_words
from tests.packs.conftest import make_program
from tests.pinned import therapists

SPACED = "  Dr.  Ana   Moreno "
FIRST = "00000000-0000-4000-8000-000000000011"
SECOND = "00000000-0000-4000-8000-000000000012"


def test_a_spaced_name_is_shown_as_it_reads_and_kept_as_signed(
        make_pack, store, homes, therapist):
    pack = make_pack(make_program(program_id=FIRST, therapist=SPACED))
    result = import_pack(pack, store)
    assert result.status == "new"
    assert result.message == "added “Two weeks” (version 1) from Dr. Ana Moreno"
    assert "Please check with Dr. Ana Moreno that" in result.check_text
    stored = ProgramStore(store).program(FIRST)
    assert stored.program.therapist_name == SPACED  # as signed
    assert stored.program.therapist_shown == "Dr. Ana Moreno"
    manifest = json.loads((homes.patient / "packs" / FIRST / MANIFEST).read_text("utf-8"))
    assert manifest["therapist_name"] == SPACED
    assert therapists(store) == [("Dr. Ana Moreno", therapist.public_key)]
    assert sender_words(stored.program.therapist_shown, stored.signer_key).startswith(
        "Your set from Dr. Ana Moreno (fingerprint")


def test_names_that_differ_only_in_spacing_are_one_sender(
        make_pack, store, therapist):
    assert import_pack(make_pack(make_program(program_id=FIRST), "a.painease"),
                       store).status == "new"
    assert import_pack(make_pack(make_program(program_id=SECOND, therapist=SPACED),
                                 "b.painease"), store).status == "new"
    assert [s.words for s in senders(store)] == [
        f"Dr. Ana Moreno (fingerprint {fingerprint(therapist.public_key)})"]


def test_spacing_never_lets_another_key_in(make_pack, store, therapist):
    """Nor spacing inside the name: "Dr. AnaMoreno" on another key reads as Dr. Ana
    Moreno does (``reads_alike_key``), so it is asked about too (it was pinned as a new
    therapist's without a word); from the same key it is taken, on a pin of its own."""
    assert import_pack(make_pack(make_program(program_id=FIRST), "a.painease"),
                       store).status == "new"
    other = Identity(SigningKey.generate(), "someone")
    spaced = make_pack(make_program(program_id=SECOND, therapist=SPACED), "b.painease",
                       identity=other)
    refused = import_pack(spaced, store)
    assert refused.status == "key_changed"
    assert refused.warnings[0].startswith("WARNING: this pack says it is from Dr. Ana "
                                          "Moreno, but it is signed with a different key")
    program = make_program(program_id=SECOND, therapist="Dr. AnaMoreno")
    bundled_only = dataclasses.replace(program, items=(  # no script of the other's pack
        dataclasses.replace(program.items[1], position=1),))
    joined = import_pack(make_pack(bundled_only, "c.painease", identity=other), store)
    assert joined.status == "key_changed" and joined.pinned_name == "Dr. Ana Moreno"
    assert import_pack(make_pack(bundled_only, "d.painease"), store).status == "new"
    sets = ProgramStore(store)
    assert sets.pinned_key("Dr. Ana Moreno") == therapist.public_key
    assert sets.pinned_key("Dr. AnaMoreno") == therapist.public_key
