"""A patient who moved on to a second set stays in the first set's column: each set's
column counts every patient with sessions of that set, so one patient can be in two.

Real parts as in ``test_patients_outcomes``: Robin imports "Two weeks" on 2 Nov and rates
two weeks of its sessions, then imports "Next steps" on 16 Nov (now their current set)
and rates two weeks of those; sealed results go to the therapist, who opens Outcomes.
"""

from __future__ import annotations

from datetime import date

from painease.domain.programs import Program, Schedule
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.results import import_results
from painease.packs.results_export import export_results
from painease.packs.sender_name import key_text
from painease.storage import SessionStore
from painease.ui.therapist.cohort_view import CohortView
from tests.packs.conftest import make_program
from tests.pinned import therapists
from tests.ui.clinic import THERAPIST, _at, outcomes_refreshed, week


def _rated(store, program, days) -> None:
    for day, before, after in days:
        sid = store.start_session("paced-breathing", 1, 5, started_at=_at(day),
                                  program_item=(program.id, 1))
        store.save_rating(sid, "pre", *before, rated_at=_at(day))
        store.end_session(sid, "completed", 300_000, ended_at=_at(day, 13))
        store.save_rating(sid, "post", *after, rated_at=_at(day, 13))


def _two_sets(clinic, name: str, first_weeks, second_weeks, home: str = ""):
    first = getattr(clinic, "first_set", None) or make_program()
    second = getattr(clinic, "second_set", None) or Program.create("Next steps", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    clinic.first_set, clinic.second_set = first, second  # one clinic, the same two sets
    packs = clinic.pack(first), clinic.pack(second)
    home = clinic.homes.use(clinic.root / f"patient-{home or name}")
    with SessionStore(home / "painease.sqlite3") as store:
        import_pack(packs[0], store, today=date(2026, 11, 2))
        _rated(store, first, first_weeks)
        import_pack(packs[1], store, today=date(2026, 11, 16))
        _rated(store, second, second_weeks)
        [(_, key)] = therapists(store)
        out = clinic.root / "results" / f"{home.name}.painease-results"
        export_results(store, key, load_or_create_identity(name=name), out,
                       date(2026, 11, 1), date(2026, 11, 30))
    clinic.homes.use(clinic.homes.therapist)
    return out


def test_a_patient_who_moved_on_stays_in_the_first_sets_column(qtbot, clinic):
    results = _two_sets(clinic, "Robin",
                        [*week(2, (6, 6), (5, 5)), *week(9, (4, 4), (3, 3))],
                        [*week(16, (4, 4), (3, 3)), *week(23, (3, 3), (2, 2))])
    own = clinic.own_store()
    with own:
        import_results(results, clinic.identity, own)
        view = CohortView(own)
        qtbot.addWidget(view)
        outcomes_refreshed(qtbot, view)  # built, it has read nothing: a show or this reads
        # Robin follows "Next steps" now; Outcomes once left "Two weeks" without them.
        rows = {row.group: row for row in view.result.groups}
        assert sorted(rows) == ["Next steps", "Two weeks"]
        assert (rows["Two weeks"].started, rows["Two weeks"].pain_change.mean) == (1, -2)
        assert (rows["Next steps"].started, rows["Next steps"].pain_change.mean) == (1, -1)
        # One patient, not two: the summary counts people and says why they are twice.
        assert view.summary.text() == (
            "1 patient, 1 with enough ratings in the first and last week of the sessions "
            "of a set. Robin did sessions of more than one set, so is in each of those "
            "sets' columns, counted there with that set's sessions only.")
        assert "is in each of those columns" in view.columns_are.text()
        # Their own groups still count each patient once, with all their sessions.
        view.group_by("own")
        [row] = view.result.groups
        assert (row.group, row.started, row.pain_change.mean) == ("No group", 1, -3)
        assert view.summary.text() == ("1 patient, 1 with enough ratings in their first "
                                       "and last week.")


def test_one_who_has_not_begun_their_new_set_is_under_the_earlier_one(qtbot, clinic):
    results = _two_sets(clinic, "Robin",
                        [*week(2, (6, 6), (5, 5)), *week(9, (4, 4), (3, 3))], [])
    own = clinic.own_store()
    with own:
        import_results(results, clinic.identity, own)
        view = CohortView(own)
        qtbot.addWidget(view)
        outcomes_refreshed(qtbot, view)  # built, it has read nothing: a show or this reads
        [row] = view.result.groups
        assert (row.group, row.started, row.pain_change.mean) == ("Two weeks", 1, -2)
        # Once "Not in the table, with no session of their set yet: Robin".
        assert view.summary.text() == (
            "1 patient, 1 with enough ratings in the first and last week of the sessions "
            "of their set. No session yet of the set they follow now, so only under an "
            "earlier one: Robin.")


def test_a_namesake_in_two_columns_is_named_in_words_not_two_brackets(qtbot, clinic):
    # Two patients named Sam: each is told apart by their key ("Sam (key 1a2b …)"). The
    # first did sessions of both sets, but too few rated ones in "Next steps" for a
    # change: the summary once named them "Sam (key 1a2b …) (“Next steps”)".
    one = _two_sets(clinic, "Sam", [*week(2, (6, 6), (5, 5)), *week(9, (4, 4), (3, 3))],
                    week(16, (4, 4), (3, 3), n=2), home="sam-a")
    two = _two_sets(clinic, "Sam", [*week(2, (5, 5), (4, 4)), *week(9, (3, 3), (2, 2))], [],
                    home="sam-b")
    clinic.homes.use(clinic.root / "patient-sam-a")
    key = key_text(load_or_create_identity().public_key)
    clinic.homes.use(clinic.homes.therapist)
    own = clinic.own_store()
    with own:
        for results in (one, two):
            import_results(results, clinic.identity, own)
        view = CohortView(own)
        qtbot.addWidget(view)
        outcomes_refreshed(qtbot, view)  # built, it has read nothing: a show or this reads
        summary = view.summary.text()
    assert f"Sam ({key}) in “Next steps”" in summary
    assert ") (" not in summary
    assert "(fewer than 3): Sam" in summary, summary
