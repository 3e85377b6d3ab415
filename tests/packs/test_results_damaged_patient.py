"""A patient's own database under ``patients/`` (the therapist's side) that is damaged: an
import of their results says which file it is and what to do, and writes nothing else.
Real keys, real files."""

from __future__ import annotations

from datetime import date

import pytest

from painease.packs.results import ResultsError, import_results, patient_database
from painease.storage.patients import PatientStore
from tests.packs.conftest import _as_therapist, _export


def test_a_damaged_patient_database_is_named_with_what_to_do(patient, identity, homes,
                                                             tmp_path):
    # Once "…; choose another --data-dir": no other data folder helps the therapist here.
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    me, store = _as_therapist(homes)
    database = patient_database(identity.key_id)
    database.parent.mkdir(parents=True)
    database.write_bytes(b"not a database at all " * 400)
    with store, pytest.raises(ResultsError) as refused:
        import_results(summary.path, me, store)
    assert str(refused.value) == (
        f"the results could not be saved: {database} is not a painease database (file is not "
        "a database); it is the file of results already imported from Sam, and it is "
        "damaged: restore it from a backup, or move it away and import their results again")
    assert database.read_bytes() == b"not a database at all " * 400
    with _as_therapist(homes)[1] as again:
        assert PatientStore(again).patients() == []
