"""Results files refused: another therapist's key, damage, forgery, a pack picked instead.

Real keys, real encrypted files on disk; a refused file writes nothing.
"""

from __future__ import annotations

import json
import zlib
from datetime import date

import pytest
from nacl.public import SealedBox
from nacl.signing import SigningKey

from painease.packs.identity import (
    Identity,
    box_public_key,
    fingerprint,
)
from painease.packs.results import (
    ResultsError,
    import_results,
    read_results,
)
from painease.storage import SessionStore
from painease.storage.patients import PatientStore
from tests.packs.conftest import _as_therapist, _export, snapshot
from tests.pinned import therapists


def test_a_third_key_cannot_read_the_results(patient, identity, homes, tmp_path):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    stranger = Identity(SigningKey.generate())
    before = snapshot(homes.therapist)
    with pytest.raises(ResultsError, match="made to send to a therapist") as refused:
        import_results(summary.path, stranger, SessionStore(tmp_path / "x.sqlite3"))
    # Keys are named as fingerprints are everywhere else: groups of four, from the start.
    therapist_key = therapists(patient)[0][1]
    assert (f"their key's fingerprint starts {fingerprint(therapist_key)[:19]}, this "
            f"install's starts {stranger.fingerprint[:19]})") in str(refused.value)
    # Even with the header rewritten to name the stranger, the box does not open.
    head, _, sealed = summary.path.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["recipient_key_id"] = stranger.key_id
    forged = tmp_path / "forged.painease-results"
    forged.write_bytes(json.dumps(header).encode() + b"\n" + sealed)
    with pytest.raises(ResultsError, match="cannot be decrypted with your key"):
        import_results(forged, stranger, SessionStore(tmp_path / "y.sqlite3"))
    assert snapshot(homes.therapist) == before


def test_damaged_or_forged_results_are_refused_and_nothing_is_written(
        patient, identity, homes, tmp_path, therapist):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    data = bytearray(summary.path.read_bytes())
    data[-5] ^= 0xFF
    flipped = tmp_path / "flipped.painease-results"
    flipped.write_bytes(bytes(data))

    # Someone seals a payload signed by the patient for another therapist to our therapist.
    other = Identity(SigningKey.generate())
    payload = {"format": "painease-results-payload", "version": 1,
               "sender_public_key": identity.public_key,
               "recipient_public_key": other.public_key, "patient_name": "Sam",
               "created_at": "2026-11-30T10:00:00+00:00",
               "period": {"from": "2026-11-01", "to": "2026-11-30"},
               "sessions": [], "journal": []}
    compressed = zlib.compress(json.dumps(payload).encode())
    inner = bytes.fromhex(identity.public_key) + identity.signing_key.sign(compressed)
    resent = tmp_path / "resent.painease-results"
    header = {"format": "painease-results", "version": 1,
              "recipient_key_id": therapist.key_id}
    resent.write_bytes(json.dumps(header).encode() + b"\n"
                       + bytes(SealedBox(box_public_key(therapist.public_key)).encrypt(inner)))

    # A payload whose rating is out of range, properly signed and sealed.
    payload["recipient_public_key"] = therapist.public_key
    payload["sessions"] = [{"uid": "a" * 32, "script_id": "x", "script_version": 1,
                            "length_minutes": 5, "started_at": "2026-11-02T12:00:00.000Z",
                            "ended_at": None, "elapsed_ms": None, "outcome": "completed",
                            "audio_note": None, "program_id": None, "position": None,
                            "ratings": [{"moment": "pre", "pain": 11, "fear": 2, "note": None,
                                         "rated_at": "2026-11-02T12:00:00.000Z"}],
                            "live": []}]
    compressed = zlib.compress(json.dumps(payload).encode())
    inner = bytes.fromhex(identity.public_key) + identity.signing_key.sign(compressed)
    invalid = tmp_path / "invalid.painease-results"
    invalid.write_bytes(json.dumps(header).encode() + b"\n"
                        + bytes(SealedBox(box_public_key(therapist.public_key)).encrypt(inner)))

    not_results = tmp_path / "x.painease-results"
    not_results.write_bytes(b"hello\nworld")

    me, store = _as_therapist(homes)
    before = snapshot(homes.therapist)
    with store:
        for path, message in ((flipped, "cannot be decrypted with your key"),
                              (resent, "signed for another therapist and re-sent"),
                              (invalid, "invalid data: session aaaa"),
                              (not_results, "not a painease results file")):
            with pytest.raises(ResultsError, match=message):
                import_results(path, me, store)
            assert snapshot(homes.therapist) == before
        assert PatientStore(store).patients() == []


def test_a_session_pack_picked_as_results_is_named_for_what_it_is(make_pack, homes):
    """Once only "not a painease results file", where the patient's side names a results
    file picked as a pack."""
    from tests.packs.conftest import make_program

    pack = make_pack(make_program(), "two-weeks.painease")
    me, store = _as_therapist(homes)
    with store, pytest.raises(ResultsError) as refused:
        import_results(pack, me, store)
    assert str(refused.value) == (
        "this is a session pack (.painease), not a results file: a pack is for your patient "
        "to import on their computer; the results they send back end in .painease-results")


def test_a_byte_damaged_in_the_first_line_is_called_damage(patient, identity, homes,
                                                             tmp_path):
    """One flipped byte in "version" once gave "results format version None is not
    readable by this painease (it reads 1); update painease": no update helps."""
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    data = summary.path.read_bytes()
    head = data.split(b"\n", 1)[0]
    me, store = _as_therapist(homes)
    said = set()
    with store:
        for index in range(len(head)):
            damaged = bytearray(data)
            damaged[index] ^= 0x01
            path = tmp_path / "damaged.painease-results"
            path.write_bytes(bytes(damaged))
            with pytest.raises(ResultsError) as refused:
                import_results(path, me, store)
            message = str(refused.value)
            assert "update painease" not in message and "None" not in message, message
            said.add(message)
        assert PatientStore(store).patients() == []
    assert "the file is damaged; ask for it to be sent again" in said
    newer = tmp_path / "newer.painease-results"
    newer.write_bytes(data.replace(b'"version": 1', b'"version": 2', 1))
    with pytest.raises(ResultsError, match="version 2 is not readable by this painease .* "
                                           "update painease"):
        read_results(newer, me)


def test_results_signed_by_another_key_than_the_one_they_name_are_refused(
        patient, identity, homes, tmp_path):
    """Anyone holding the therapist's PUBLIC key can seal a file to them: the patient's
    signature is the only proof of who sent it. A file that names the patient's key but
    is signed with another key is refused, and nothing is written."""
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    me, store = _as_therapist(homes)
    # The real file's inner layout: the patient's key (32), their signature (64), payload.
    head, _, sealed = summary.path.read_bytes().partition(b"\n")
    inner = SealedBox(me.box_private_key()).decrypt(sealed)
    assert inner[:32] == bytes.fromhex(identity.public_key)
    compressed = inner[96:]
    forger = SigningKey.generate()
    forged = tmp_path / "forged.painease-results"
    forged.write_bytes(head + b"\n" + bytes(SealedBox(box_public_key(me.public_key)).encrypt(
        inner[:32] + forger.sign(compressed))))
    before = snapshot(homes.therapist)
    with store:
        with pytest.raises(ResultsError, match="bad signature"):
            import_results(forged, me, store)
        assert snapshot(homes.therapist) == before
        assert PatientStore(store).patients() == []
        # The same payload signed by the patient's own key is taken: only the signature
        # made the difference.
        assert import_results(summary.path, me, store).counts.sessions_new == 4
