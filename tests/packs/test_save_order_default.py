"""The store says whether its sessions count in save order (``save_order=None``, the
default): a person's own store always (its ids are its save order), a therapist's copy of
a patient's results when every session came with the patient's save order. No view passes
it: Home, the Patients page and the reports all count through the default."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, date
from pathlib import Path

from nacl.public import SealedBox

from painease.packs.identity import box_public_key
from painease.packs.results import import_results, open_patient, read_results
from painease.report_set import set_progress
from painease.storage import zones
from painease.storage.programs import ProgramStore
from painease.ui.set_card import current_status
from tests.packs.conftest import _as_therapist, _export
from tests.packs.test_results_save_order import (
    START,
    WEEK_3,
    _patient_with_a_session_dated_ahead,
)


def test_a_persons_own_store_counts_in_save_order_by_default(homes, make_pack):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        sets = ProgramStore(store)
        assert not sets.is_patient_copy() and sets.counts_by_save_order()
        by_default = sets.status(WEEK_3, tz=UTC)
        # The one dated week 3 was lived by week 1's Thursday: week 1 done, week 2's two
        # went by, week 3's Monday due (by today's rule it would fill that Monday).
        assert (by_default.done, by_default.missed, by_default.items[0].due_today) == (2, 2, 1)
        assert by_default == sets.status(WEEK_3, tz=UTC, save_order=True)
        assert by_default != sets.status(WEEK_3, tz=UTC, save_order=False)
        assert current_status(store, WEEK_3) == by_default  # Home
        assert set_progress(store, WEEK_3, UTC).progress_text == by_default.progress_text


def test_a_therapists_copy_counts_in_the_patients_save_order_when_it_came(
        homes, make_pack, identity, tmp_path):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        own = ProgramStore(store).status(WEEK_3, tz=UTC)
        summary = _export(store, identity, tmp_path, START, date(2026, 11, 30))
    me, therapist_store = _as_therapist(homes)
    with therapist_store:
        import_results(summary.path, me, therapist_store)
        # The therapist's own store is nobody's copy.
        assert not ProgramStore(therapist_store).is_patient_copy()
    with open_patient(identity.key_id) as theirs:
        sets = ProgramStore(theirs)
        assert sets.is_patient_copy() and sets.counts_by_save_order()
        seen = sets.status(WEEK_3, program.id, tz=UTC)
        assert (seen.done, seen.missed, seen.items[0].due_today) == (2, 2, 1)  # as the patient
        assert seen == own
        assert set_progress(theirs, WEEK_3, UTC).progress_text == own.progress_text


def _as_an_older_painease(results: Path, therapist, patient, out: Path) -> Path:
    """The same results as a painease from before save orders and zones writes them: no
    ``saved_seq`` in its sessions and no ``time_zone``, signed and sealed as usual."""
    payload = dict(read_results(results, therapist).payload)
    del payload["time_zone"]
    for session in payload["sessions"]:
        del session["saved_seq"], session["utc_offset_minutes"]
    compressed = zlib.compress(json.dumps(payload).encode())
    inner = bytes.fromhex(patient.public_key) + patient.signing_key.sign(compressed)
    header = {"format": "painease-results", "version": 1,
              "recipient_key_id": therapist.key_id}
    out.write_bytes(json.dumps(header).encode() + b"\n"
                    + bytes(SealedBox(box_public_key(therapist.public_key)).encrypt(inner)))
    return out


def test_a_copy_from_an_older_painease_keeps_the_today_rule_by_default(
        homes, make_pack, identity, tmp_path):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        own = ProgramStore(store).status(WEEK_3, tz=UTC)
        summary = _export(store, identity, tmp_path, START, date(2026, 11, 30))
    me, therapist_store = _as_therapist(homes)
    old = _as_an_older_painease(summary.path, me, identity, tmp_path / "old.painease-results")
    with therapist_store:
        import_results(old, me, therapist_store)
    with open_patient(identity.key_id) as theirs:
        sets = ProgramStore(theirs)
        assert sets.save_order_known() is False and zones.sent_zone(theirs.database.conn) is None
        # A copy all the same (its sessions were imported): its ids are the order of the
        # import, not the patient's, so it is not counted by them.
        assert sets.is_patient_copy() and not sets.counts_by_save_order()
        seen = sets.status(WEEK_3, program.id, tz=UTC)
        assert (seen.done, seen.missed, seen.items[0].due_today) == (2, 3, 0)
        assert seen == sets.status(WEEK_3, program.id, tz=UTC, save_order=False)
        assert seen != own
