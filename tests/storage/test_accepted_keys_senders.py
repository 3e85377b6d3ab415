"""Home's list of senders names each therapist with the key their sets are on record with,
which is the key results carry those sets to (``export_results`` sends the sets signed
by the key it seals to). A set whose therapist's name only reads like
a pinned one's (a look-alike letter; the schema step for accepted keys leaves it on its own
key) is a sender of its own, with its own key, never the pin's. Real SQLite files, made as
the painease of schema version 13 left them (``test_accepted_keys``)."""

from __future__ import annotations

from nacl.signing import SigningKey

from painease.packs.fingerprints import fingerprint
from painease.packs.senders import senders
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.storage.test_accepted_keys import (
    FORGER,
    ID,
    KIM,
    NEW,
    PACO,
    PACO_LOOK_ALIKE,
    SAM_NEW,
    _old_file,
)


def test_each_sender_shows_the_key_its_sets_are_on_record_with(tmp_path):
    db = tmp_path / "painease.sqlite3"
    _old_file(db)
    with SessionStore(db) as store:
        assert ProgramStore(store).program(ID["look-alike"]).signer_key == FORGER
        assert [s.words for s in senders(store)] == [
            f"Dr. Ana Moreno (fingerprint {fingerprint(NEW)})",
            f"Dr. Kim Park (fingerprint {fingerprint(KIM)})",
            f"Dr. Paco Lee (fingerprint {fingerprint(PACO)})",
            f"Dr. Sam Lee (fingerprint {fingerprint(SAM_NEW)})",
            f"{PACO_LOOK_ALIKE} (fingerprint {fingerprint(FORGER)})",
        ]  # "dr.  ANA moreno"'s set is on Ana's key: one sender (tests/packs/test_senders)


def test_one_name_on_two_keys_is_two_senders(tmp_path):
    """Sets on different keys under one name with no pin (a database edited, or kept from
    before pins) are two senders, each with its key, in the order of their fingerprints."""
    db = tmp_path / "painease.sqlite3"
    _old_file(db)
    other = SigningKey.generate().verify_key.encode().hex()
    with SessionStore(db) as store:
        store.database.conn.execute("UPDATE programs SET therapist_name = 'Dr. Kim Park',"
                                    " signer_key = ? WHERE id = ?", (other, ID["paco"]))
        kim = [s.words for s in senders(store) if s.words.startswith("Dr. Kim Park")]
        assert kim == sorted(f"Dr. Kim Park (fingerprint {fingerprint(k)})"
                             for k in (KIM, other))
