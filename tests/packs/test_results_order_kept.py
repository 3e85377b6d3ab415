"""The places in the patient's order that a therapist's copy keeps, when results files
come that may not give them: an older file (made before the newest imported) gives none,
not even for sets it does not name (``others_order``), and a file that leaves out some
sets' places does not take away the places the copy already has.

A mutation probe found each unguarded: an older file's places for sets not named were
kept, and any one set's place sent was taken as the whole order sent (every activation
the file did not send lost its place); no test failed. Here each changes what the
therapist's copy credits to a set, once the patient's clock ran ahead.

Real parts: the patient's SQLite file, copied and copied back as a patient restores a
backup; real sealed results files, imported into the therapist's.
"""

from __future__ import annotations

import pytest

from painease.domain.programs import Program, Schedule
from painease.packs.results import import_results, open_patient, read_results
from tests.packs.conftest import _as_therapist, make_program, seal_results
from tests.packs.test_results_activations import (
    _credited,
    _import,
    _library,
    _nov,
    _patient_credited,
    sam,  # noqa: F401 - a fixture
)
from tests.packs.test_results_restored import (
    _backed_up,
    _imported,
    _own_set,
    _restored,
    _send,
)


@pytest.mark.parametrize("late", [False, True], ids=["in-turn", "older-file-last"])
def test_an_older_file_gives_no_place_to_a_set_it_does_not_name(
        sam, tmp_path, late):  # noqa: F811 - the fixture
    # "Two weeks" made current while Sam's clock ran ahead (it said 12 Nov: place 1). Sam
    # backs up; the clock put right, makes "My mornings" (their own, never sent: another
    # set's moment, 5 Nov) current, place 2, and sends results. Sam restores the backup:
    # "Two weeks" is current again, practice on 13 Nov is its; "My evenings" made current
    # on 14 Nov takes place 2 again. The older file's place 2 is of an activation the
    # newer file does not send: it goes by its moment (before 12 Nov), never after "Two
    # weeks" at place 1, where it would take 13 Nov from "Two weeks".
    first = make_program()
    _import(sam, first, _nov(12, 8))  # place 1
    _library(sam, _nov(12, 9), first)  # a session of the set: the results send it
    backup = _backed_up(sam, tmp_path)
    _own_set(sam, "My mornings", 5)  # place 2
    older = _send(sam, tmp_path, "older.painease-results", hours_earlier=2)
    _restored(sam, backup)
    _library(sam, _nov(13, 12))
    _own_set(sam, "My evenings", 14)  # place 2, again
    _library(sam, _nov(15, 12))
    assert _patient_credited(sam, first) == [_nov(13, 12)]
    newer = _send(sam, tmp_path, "newer.painease-results")
    said = _imported(sam, [newer, older] if late else [older, newer])
    assert any("before the latest results" in line for line in said) == late
    try:
        with open_patient(sam.identity.key_id) as theirs:
            assert _credited(theirs, first) == [_nov(13, 12)]
    finally:
        sam.store.close()


def test_a_file_without_some_sets_places_leaves_the_copys_places(
        sam, tmp_path):  # noqa: F811 - the fixture
    # "Two weeks" made current while the clock ran ahead (12 Nov, place 1), "Next steps"
    # after it with the clock put right (9 Nov, place 2): practice on 10 and 13 Nov is
    # "Next steps"'s, as the first results say with the places. A later file sends the
    # places of "Next steps" and of other sets, but not "Two weeks"'s moment and place
    # (its entry as a painease from before the moments were sent writes it): it is not
    # the whole order, and "Two weeks" keeps its place: going by its moment it would
    # come after "Next steps" and take 13 Nov.
    first = make_program()
    second = Program.create("Next steps", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    _import(sam, first, _nov(12, 8))
    _library(sam, _nov(12, 9), first)  # a session of each set: the results send both
    _import(sam, second, _nov(9, 8))
    _library(sam, _nov(9, 12), second)
    _library(sam, _nov(10, 12))
    _library(sam, _nov(13, 12))
    mine = [_patient_credited(sam, first), _patient_credited(sam, second)]
    assert mine == [[], [_nov(10, 12), _nov(13, 12)]]
    whole = _send(sam, tmp_path, "whole.painease-results", hours_earlier=2)
    me, own = _as_therapist(sam.homes)
    own.close()
    payload = read_results(_send(sam, tmp_path, "later.painease-results"), me).payload
    entries = {entry["set"]["id"]: entry for entry in payload["sets"]}
    assert set(entries) == {first.id, second.id} and "activation_order" in entries[second.id]
    for key in ("activations", "activation_order"):
        del entries[first.id][key]
    mixed = seal_results(payload, sam.identity, me, tmp_path / "mixed.painease-results")
    me, own = _as_therapist(sam.homes)
    with own:
        for path in (whole, mixed):
            import_results(path, me, own)
    with open_patient(sam.identity.key_id) as theirs:
        assert [_credited(theirs, first), _credited(theirs, second)] == mine

