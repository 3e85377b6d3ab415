"""A results file that brings the save order says in which set the sessions it places
now count: the patient may have moved on to another set since, so "in the set" would
name the wrong one."""

from __future__ import annotations

from datetime import date

from painease.domain.programs import Program, Schedule
from painease.packs.install import import_pack
from painease.storage.programs import ProgramStore
from tests.packs.conftest import _at
from tests.packs.test_results_save_order import _patient_with_a_session_dated_ahead
from tests.packs.test_save_order_default import _old_then_new


def test_a_session_placed_in_a_set_the_patient_has_left_names_that_set(
        homes, make_pack, identity, tmp_path):
    store, first_set = _patient_with_a_session_dated_ahead(homes, make_pack)
    then = Program.create("Slow mornings", "Dr. Ana Moreno", [
        ("calm-corner", 2, Schedule(times_per_week=2, weeks=2), None)])
    import_pack(make_pack(then, "then.painease"), store, today=date(2026, 11, 17))
    sid = store.start_session("calm-corner", 1, 2, started_at=_at(17),
                              program_item=(then.id, 1))  # saved last: it places nothing
    store.end_session(sid, "completed", 120_000, ended_at=_at(17, 13))
    assert ProgramStore(store).followed().program.id == then.id
    _, second = _old_then_new(homes, store, identity, tmp_path)
    assert second.counts.placed_by_save_order == 1
    assert second.message.endswith(
        "so 1 session dated ahead by a wrong clock now counts in “Four weeks” on the day "
        "it was done")
    assert "in the set" not in second.message
