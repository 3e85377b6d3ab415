"""The patient's save order travels in their results, so the therapist counts a set as
the patient does when a session dated ahead (their clock ran ahead) was followed by one
dated earlier: that later one shows the first was lived by its day
(``painease.domain.program_status``, ``DoneSession.lived_by``). Results from a painease
that did not send it keep the therapist's older rule (today's)."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from painease.domain.programs import Program, Schedule
from painease.packs.install import import_pack
from painease.packs.results import import_results, open_patient
from painease.storage import SessionStore
from painease.storage.patients import followed_status
from painease.storage.programs import ProgramStore
from painease.storage.results import SessionRecord
from tests.packs.conftest import _as_therapist, _at, _export

START = date(2026, 11, 2)  # a Monday
WEEK_3 = START + timedelta(days=14)


def _four_weeks() -> Program:
    return Program.create("Four weeks", "Dr. Ana Moreno", [
        ("calm-corner", 2, Schedule(times_per_week=2, weeks=4), None)])


def _patient_with_a_session_dated_ahead(homes, make_pack) -> tuple[SessionStore, Program]:
    """Done on week 1 while the clock ran to week 3's Monday, then (clock put right) one
    more on week 1's Thursday: saved after it, dated before it."""
    program = _four_weeks()
    pack = make_pack(program)
    store = SessionStore(homes.patient / "painease.sqlite3")
    import_pack(pack, store, today=START)
    for day in (16, 5):  # saved in this order
        sid = store.start_session("calm-corner", 1, 2, started_at=_at(day),
                                  program_item=(program.id, 1))
        store.end_session(sid, "completed", 120_000, ended_at=_at(day, 13))
    return store, program


def test_the_therapist_counts_the_set_as_the_patient_does(homes, make_pack, identity,
                                                         tmp_path):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        own = ProgramStore(store).status(WEEK_3, tz=UTC, save_order=True)
        summary = _export(store, identity, tmp_path, START, date(2026, 11, 30))
    # The patient: the one dated week 3 was lived by week 1's Thursday; week 1 is done,
    # week 2's two went by, week 3's Monday is due.
    assert (own.done, own.missed, own.items[0].due_today) == (2, 2, 1)
    me, therapist_store = _as_therapist(homes)
    with therapist_store:
        import_results(summary.path, me, therapist_store)
    with open_patient(identity.key_id) as theirs:
        seen = followed_status(theirs, WEEK_3, UTC)
    assert seen == own


def test_results_from_an_older_painease_keep_the_today_rule_until_a_file_sends_it(
        homes, make_pack, identity, tmp_path, monkeypatch):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        own = ProgramStore(store).status(WEEK_3, tz=UTC, save_order=True)
        # Built the old way: the records as a painease that predates ``saved_seq`` sent
        # them.
        with monkeypatch.context() as m:
            def old_form(record, _new=SessionRecord.to_dict):
                data = _new(record)
                del data["saved_seq"]
                return data
            m.setattr(SessionRecord, "to_dict", old_form)
            old = _export(store, identity, tmp_path, START, date(2026, 11, 30),
                          name="old.painease-results")
        new = _export(store, identity, tmp_path, START, date(2026, 11, 30))
    me, therapist_store = _as_therapist(homes)
    with therapist_store:
        assert import_results(old.path, me, therapist_store).counts.sessions_new == 2
        with open_patient(identity.key_id) as theirs:
            assert not ProgramStore(theirs).save_order_known()
            seen = followed_status(theirs, WEEK_3, UTC)
        # Not known when it was lived: placed by today, as before (week 3's Monday).
        assert (seen.done, seen.missed, seen.items[0].due_today) == (2, 3, 0)
        # The same sessions sent again by this painease: the order is known now.
        import_results(new.path, me, therapist_store)
    with open_patient(identity.key_id) as theirs:
        assert ProgramStore(theirs).save_order_known()
        assert followed_status(theirs, WEEK_3, UTC) == own
