"""Results files from one patient over time, some from a painease that sent the moments
sets were made current but not their order, some from one that sent both: the
therapist's copy counts Library sessions as the patient's own store does.

Review (the lead's reviewer, /tmp/review2/test_order_files.py): a file without the order
kept "Two weeks"'s moment with no place; a later file, for a period without a session of
that set, sent the same moment as another set's ("") with its place. The one unknown
place turned the copy's whole counting back to the clock's times, and "Two weeks" (made
current while the clock ran ahead) was credited with practice from after "Next steps"
was made current, which the patient's side counts for "Next steps".

Real parts: the patient's and the therapist's SQLite files, real sealed results files
(the older painease's made by taking the order out of a real one and sealing it again).
"""

from __future__ import annotations

from datetime import date

import pytest

from painease.packs.results import import_results, open_patient, read_results
from painease.packs.results_file import OTHERS_ORDER_KEY
from tests.packs.conftest import _as_therapist, _export, seal_results
from tests.packs.test_results_activations import (
    Patient,
    _clock_ahead_then_next_set,
    _credited,
    _nov,
    _patient_credited,
    sam,  # noqa: F401 - a fixture
)

WHOLE_MONTH = date(2026, 11, 1), date(2026, 11, 30)
FROM_13_NOV = date(2026, 11, 13), date(2026, 11, 30)  # no session of "Two weeks" in it


def _send(patient: Patient, tmp_path, period: tuple[date, date], ordered: bool,
          name: str) -> None:
    """Sam's results for ``period`` imported by the therapist; without the order (as a
    painease that sent the moments alone wrote them) when not ``ordered``."""
    patient.homes.use(patient.homes.patient)
    path = _export(patient.store, patient.identity, tmp_path, *period, name=name).path
    me, own = _as_therapist(patient.homes)
    if not ordered:
        payload = read_results(path, me).payload
        for entry in payload["sets"]:
            del entry["activation_order"]
        del payload[OTHERS_ORDER_KEY]
        path = seal_results(payload, patient.identity, me, tmp_path / ("old-" + name))
    with own:
        import_results(path, me, own)


@pytest.mark.parametrize("files", [
    # the older painease's file, then the newer one's for a later period (the review's)
    [(WHOLE_MONTH, False), (FROM_13_NOV, True)],
    # the same two imported the other way round (the older file sent late)
    [(FROM_13_NOV, True), (WHOLE_MONTH, False)],
    [(WHOLE_MONTH, False), (WHOLE_MONTH, True)],
    [(WHOLE_MONTH, True), (FROM_13_NOV, True)],
])
def test_the_therapist_counts_as_the_patient_does_once_the_order_is_known(
        sam, tmp_path, files):  # noqa: F811 - the fixture
    first, second = _clock_ahead_then_next_set(sam)
    mine = [_patient_credited(sam, first), _patient_credited(sam, second)]
    assert mine == [[], [_nov(10, 12), _nov(13, 12)]]
    for number, (period, ordered) in enumerate(files):
        _send(sam, tmp_path, period, ordered, f"{number}.painease-results")
    with open_patient(sam.identity.key_id) as theirs:
        assert [_credited(theirs, first), _credited(theirs, second)] == mine


def test_files_that_never_sent_the_order_still_count_by_the_moments(
        sam, tmp_path):  # noqa: F811 - the fixture
    first, second = _clock_ahead_then_next_set(sam)
    _send(sam, tmp_path, WHOLE_MONTH, False, "0.painease-results")
    _send(sam, tmp_path, FROM_13_NOV, False, "1.painease-results")
    with open_patient(sam.identity.key_id) as theirs:
        # As before the order was sent: "Two weeks"'s moment (12 Nov) is the latest.
        assert _credited(theirs, first) == [_nov(13, 12)]
        assert _credited(theirs, second) == [_nov(10, 12)]
