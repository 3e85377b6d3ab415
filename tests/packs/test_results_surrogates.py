"""A correctly signed results file with a lone surrogate ("\\ud800": JSON can say it, UTF-8
cannot) in a session's script id, a rating's note or a journal entry: once a
UnicodeEncodeError out of SQLite, the import rolled back but left an empty
``patients/<id>/painease.sqlite3`` behind. Now refused as a damaged file, naming the field,
before anything is written."""

from __future__ import annotations

import pytest

from painease.packs.results import ResultsError, import_results, patient_database, read_results
from tests.packs.conftest import _as_therapist, seal_results
from tests.packs.test_results_damaged_values import export_november


def _script_id(payload):
    payload["sessions"][1]["script_id"] = "\ud800x"


def _note(payload):
    payload["sessions"][0]["ratings"][0]["note"] = "a\ud800"


def _journal(payload):
    payload["journal"][0]["text"] = "\udfff"


@pytest.mark.parametrize(("change", "said"), [
    (_script_id, "the field script_id of session 2"),
    (_note, "the field note of rating 1 of session 1"),
    (_journal, "the field text of journal entry 1")])
def test_a_lone_surrogate_is_refused_as_damage_and_leaves_nothing(
        patient, identity, homes, tmp_path, therapist, change, said):
    summary = export_november(patient, identity, tmp_path, include_journal=True)
    me, own = _as_therapist(homes)
    payload = read_results(summary.path, me).payload
    change(payload)
    path = seal_results(payload, identity, me, tmp_path / "odd.painease-results")
    with own, pytest.raises(ResultsError) as info:
        import_results(path, me, own)
    assert str(info.value) == (
        f"this results file is damaged: {said} holds text that is not valid Unicode (a "
        "lone surrogate), which no painease writes; nothing was imported. Ask the patient "
        "to make the file again")
    assert not patient_database(identity.key_id).parent.exists()
