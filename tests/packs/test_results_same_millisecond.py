"""Two sets the results do not send (Sam's own), made current in one millisecond with
the therapist's set: the therapist's copy keeps them as one unnamed row, at the later
place, and counts Library sessions as Sam's own store does, whichever was made last.

Real parts: the patient's SQLite file, a sealed results file imported into the
therapist's.
"""

from __future__ import annotations

from datetime import date

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program
from tests.packs.test_results_activations import (
    _credited,
    _import,
    _library,
    _nov,
    _patient_credited,
    _sent,
    sam,  # noqa: F401 - a fixture
)

AT = _nov(5, 8)  # one millisecond for the three activations


def _own(title: str) -> Program:
    return Program.create(title, "Sam", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])


@pytest.mark.parametrize("theirs_at", [0, 1, 2], ids=["first", "between", "last"])
def test_two_unsent_sets_in_one_millisecond_count_as_on_the_patients_side(
        sam, tmp_path, theirs_at):  # noqa: F811 - the fixture
    first = make_program()
    _import(sam, first, _nov(2, 8))
    _library(sam, _nov(3, 12), first)  # a session of the set: the results send it
    sets = ProgramStore(sam.store)
    made = [_own("My mornings"), _own("My evenings")]
    made.insert(theirs_at, None)
    for program in made:  # "Two weeks" made current again among Sam's own two
        if program is None:
            sets.activate(first.id, at=AT)
        else:
            sets.save_program(program, activate=True, today=date(2026, 11, 5), at=AT)
    _library(sam, _nov(6, 12))
    mine = _patient_credited(sam, first)
    assert mine == ([_nov(6, 12)] if theirs_at == 2 else [])
    with _sent(sam, tmp_path) as theirs:
        # Sam's two as one unnamed row, at the later of their places (2 and 3, 2 and 4,
        # or 3 and 4: "Two weeks" took the other).
        kept = ProgramStore(theirs).activations_kept()
        at_once = [(set_id, place) for set_id, when, place in kept if when == AT]
        assert at_once == ([(first.id, theirs_at + 2), ("", 4)] if theirs_at < 2
                           else [("", 3), (first.id, 4)])
        assert _credited(theirs, first) == mine
