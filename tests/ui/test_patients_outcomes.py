"""The therapist's Patients page, end to end (tests/ui/clinic.py): the Outcomes table
across patients per set.

Everything is real: each patient has a data dir and a key of their own, imports the
therapist's pack, rates sessions in a real SQLite file and sends sealed results; the
therapist imports them. A patient's own Insights and report are in
test_patients_insights.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painease.domain.programs import Program, Schedule
from painease.packs.results import import_results, open_patient
from painease.storage.patients import NO_SET, patient_measure
from painease.ui.theme import apply_theme
from painease.ui.therapist.cohort_view import KEYS, ROWS, CohortView
from painease.ui.therapist.workspace import TherapistWorkspace
from tests.packs.conftest import make_program
from tests.ui.clinic import THERAPIST, outcomes_read, outcomes_refreshed, week
from tests.ui.settled import wait_settled
from tests.ui.test_large_text import squeezed_labels
from tests.ui.test_main_window import unnamed_controls


def test_patient_measure_averages_the_first_and_last_week(clinic):
    clinic.patient("Kim", make_program(), [
        *week(3, (8, 6), (7, 6), 3), (6, None, (6, 5)), *week(10, (5, 5), (4, 4), 3),
        (13, (4, 4), None)])
    clinic.patient("Lee", None, [(4, (7, 7), (5, 4)), (5, None, None)])
    clinic.patient("Ann", None, [*week(2, (6, 6), (5, 5), 3), (5, (3, 3), (2, 2)),
                                 *week(9, (4, 3), (2, 1), 3)])
    with clinic.own_store() as own:
        for name in ("Kim", "Lee", "Ann"):
            import_results(clinic.root / "results" / f"{name}.painease-results",
                           clinic.identity, own)
        from painease.storage.patients import PatientStore

        keys = {p.name: p.key_id for p in PatientStore(own).patients()}
    with open_patient(keys["Kim"]) as theirs:
        kim = patient_measure(theirs, "kim")
    # Baseline: days 3-5 rated 8 / 6 before. Latest: days 10-12, 5 / 5. Days 6 and 13
    # were rated only after or only before: not rated sessions, as in Insights.
    assert (kim.group, kim.pain_before, kim.pain_after, kim.fear_before, kim.fear_after) == (
        "Two weeks", 8, 5, 6, 5)
    with open_patient(keys["Ann"]) as theirs:
        ann = patient_measure(theirs, "ann")
    # First week (days 2-8): 6, 6, 6 and 3 before → 5.25. Last week (days 9-11): the
    # before ratings 4 / 3, not the after ones (2 / 1): both ends are rated before a
    # session, so one session's relief does not count as progress.
    assert (ann.pain_before, ann.pain_after, ann.fear_before, ann.fear_after) == (
        5.25, 4, 5.25, 3)
    with open_patient(keys["Lee"]) as theirs:
        lee = patient_measure(theirs, "lee")
    # One rated session (day 5 has no ratings): too few for a week's average at either end.
    assert (lee.group, lee.pain_before, lee.pain_after, lee.completed) == (NO_SET, None, None,
                                                                          False)


def test_outcomes_per_set_with_yardsticks_ci_and_hedges_g(qtbot, clinic):
    fear_first = Program.create("Fear first", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=3, weeks=2), None)])
    # Set "Two weeks":
    #   Sam: baseline 6 (day 2 before), latest 2 (day 9 before): change −4, 67 % lower.
    #   Kim: baseline 8, latest 5 (day 10 before): change −3, 37.5 % lower.
    #   Lee: one week of ratings only: started, no latest value.
    # Set "Fear first":
    #   Ray: baseline 6, latest 1 (before; the 0 after does not count): change −5, 83 %
    #   lower, pain 0–1.
    #   Max: baseline 4, latest 3: change −1, 25 % lower.
    two_weeks = make_program()  # the set the three of them follow
    # (Each value is the average of a week of five sessions rated alike: ``week``.)
    clinic.patient("Sam", two_weeks, [*week(2, (6, 7), (4, 3)), *week(9, (2, 2), (1, 1))])
    clinic.patient("Kim", two_weeks, [*week(3, (8, 6), (7, 6)), *week(10, (5, 5), (4, 4))])
    clinic.patient("Lee", two_weeks, week(4, (7, 7), (5, 4)))
    clinic.patient("Ray", fear_first, [*week(2, (6, 6), (5, 5)), *week(9, (1, 1), (0, 0))])
    clinic.patient("Max", fear_first, [*week(3, (4, 5), (4, 5)), *week(10, (3, 3), (2, 2))])
    with clinic.own_store() as own:
        for name in ("Sam", "Kim", "Lee", "Ray", "Max"):
            import_results(clinic.root / "results" / f"{name}.painease-results",
                           clinic.identity, own)
        workspace = TherapistWorkspace(None, own)
        qtbot.addWidget(workspace)
        workspace.show()
        qtbot.waitExposed(workspace)
        view = outcomes_read(qtbot, workspace.show_tab("Outcomes"))
        assert isinstance(view, CohortView)
        assert view.summary.text() == (
            "5 patients, 4 with enough ratings in the first and last week of the sessions of "
            "their set. Not enough ratings yet in their first or last week (fewer than 3): "
            "Lee.")
        # Under the table: the columns with shares over too few, or only a few, patients.
        assert not view.few.isHidden() and view.few.text() == (
            "Counts only, with no percentage, where fewer than 3 patients are counted: "
            "“Fear first”, “Two weeks”. Percentages over fewer than 5 patients, so treat "
            "them lightly: “Two weeks”.")
        assert unnamed_controls(view) == []
        assert view.table.columnCount() == 2  # one column per set, one row per measure
        assert view.table.rowCount() == len(ROWS) == len(KEYS) - 1
        assert view.columns_are.text().startswith(
            "One column per set the patients follow, counting only the sessions of the set: "
            "every session from the day the patient started the set")
        assert view.table.horizontalHeaderItem(1).text() == (
            "Two weeks\n(sessions of the set)")
        # Groups in sorted order; the first ("Fear first") is the default reference.
        assert [view.reference.itemText(i) for i in range(2)] == ["Fear first", "Two weeks"]

        def cells(group):
            return {c: view.cell(group, c) for c in KEYS[1:]}

        # Two weeks: 3 started, 2 with both weeks (Sam −4, Kim −3).
        #   pain 0–1: nobody. ≥30 %: Sam and Kim = 2 of 3 (67 %), 2 of 2.
        #   ≥50 %: Sam only = 1 of 3 (33 %), 1 of 2. (No percentage over fewer than 3.)
        #   mean −3.5, SD √((0.5² + 0.5²) / 1) = 0.707, SE 0.5, t(0.975, 1) = 12.706:
        #   −3.5 ± 6.353 = −9.85 to +2.85.
        # Hedges' g vs Fear first (changes −5, −1: mean −3, SD √8 = 2.828):
        #   pooled SD = √((1 · 0.5 + 1 · 8) / 2) = √4.25 = 2.062;
        #   d = (−3.5 − (−3)) / 2.062 = −0.2425; J = 1 − 3 / (4 · 4 − 9) = 0.5714;
        #   g = −0.139.
        two_weeks = cells("Two weeks")
        assert two_weeks.pop("hedges_g").startswith("−0.14\n(")
        assert two_weeks == {
            "started": "3", "both_weeks": "2",
            "pain_0_1": "0 of 3 (0%)\n0 of 2 with both weeks",
            "reduction_30": "2 of 3 (67%)\n2 of 2 with both weeks",
            "reduction_50": "1 of 3 (33%)\n1 of 2 with both weeks",
            "change": "−3.5\n(−9.9 to +2.9)",
        }
        mean = next(r for r in view.result.groups if r.group == "Two weeks").pain_change
        assert (mean.low, mean.high) == (pytest.approx(-9.853, abs=1e-3),
                                         pytest.approx(2.853, abs=1e-3))
        # Fear first: 2 started, 2 with both weeks (Ray −5, Max −1).
        #   pain 0–1, ≥30 %, ≥50 %: Ray only = 1 of 2 both ways (no percentage).
        #   mean −3, SD 2.828, SE 2: −3 ± 12.706 · 2 = −28.41 to +22.41.
        assert cells("Fear first") == {
            "started": "2", "both_weeks": "2",
            "pain_0_1": "1 of 2\n1 of 2 with both weeks",
            "reduction_30": "1 of 2\n1 of 2 with both weeks",
            "reduction_50": "1 of 2\n1 of 2 with both weeks",
            "change": "−3.0\n(−28.4 to +22.4)",
            "hedges_g": "reference",
        }
        # The other set as the reference: g changes sign.
        view.choose_reference("Two weeks")
        assert view.cell("Two weeks", "hedges_g") == "reference"
        assert view.cell("Fear first", "hedges_g").startswith("+0.14\n(")
        g = next(r for r in view.result.groups if r.group == "Fear first").hedges_g
        assert g.g == pytest.approx(0.13859, abs=1e-4)
        assert "counts as not reached" in view.definitions.text()
        # Both ends are rated before a session, and the definitions say so.
        assert "not the relief a single session brings" in view.definitions.text()
        # Keyboard: Tab goes Group by → Compare with → the table.
        with qtbot.waitActive(workspace):
            workspace.activateWindow()
        view.grouping.setFocus()
        qtbot.keyClick(view.grouping, Qt.Key.Key_Tab)
        assert view.reference.hasFocus()
        qtbot.keyClick(view.reference, Qt.Key.Key_Tab)
        assert view.table.hasFocus()

        # The therapist's own groups, set on the Patients page (once through the dialog).
        patients = workspace.show_tab("Patients")
        keys = {patients.list.item(r).text().split("\n")[0]: patients.list.item(r).data(256)
                for r in range(patients.list.count())}
        patients.list.setCurrentRow(list(keys).index("Sam"))
        qtbot.mouseClick(patients.group_button, Qt.MouseButton.LeftButton)
        qtbot.waitExposed(patients.group_dialog)
        assert unnamed_controls(patients) == []
        patients.group_dialog.setTextValue("  Early  ")
        patients.group_dialog.accept()
        qtbot.waitUntil(lambda: patients.heading.text() == "Sam · group Early")
        for name, group in (("Ray", "Early"), ("Kim", "Late"), ("Max", "Late")):
            assert patients.set_group(keys[name], group)
        assert not patients.set_group("0123456789abcdef", "Early")
        assert patients.message.text() == "Group not changed: no patient with key " \
                                          "0123456789abcdef."
        view = workspace.show_tab("Outcomes")  # shown again: read afresh
        qtbot.waitUntil(view.isVisible)  # Qt shows the tab's page once events run
        outcomes_read(qtbot, view)
        view.group_by("own")
        assert view.columns_are.text().startswith("One column per group of yours")
        assert [view.reference.itemText(i) for i in range(3)] == ["Early", "Late", "No group"]
        assert [view.table.horizontalHeaderItem(c).text() for c in range(3)] == [
            "Early\n(all sessions)", "Late\n(all sessions)", "No group\n(all sessions)"]
        assert view.cell("Early", "started") == "2"
        # Early: Sam −4, Ray −5. pain 0–1: Ray; ≥30 % and ≥50 %: both.
        #   mean −4.5, SD 0.707, CI −4.5 ± 12.706 · 0.5 = −10.85 to +1.85.
        assert [view.cell("Early", c) for c in KEYS[3:7]] == [
            "1 of 2\n1 of 2 with both weeks",
            "2 of 2\n2 of 2 with both weeks",
            "2 of 2\n2 of 2 with both weeks", "−4.5\n(−10.9 to +1.9)"]
        # Late: Kim −3 (37.5 % lower), Max −1 (25 %). ≥30 %: Kim; ≥50 %: nobody.
        #   mean −2, SD √2, SE 1, CI −2 ± 12.706 = −14.7 to +10.7.
        #   g vs Early: pooled SD √((0.5 + 2) / 2) = 1.118; d = (−2 + 4.5) / 1.118 = 2.236;
        #   J = 0.5714; g = +1.278.
        assert [view.cell("Late", c) for c in KEYS[3:8]][:4] == [
            "0 of 2\n0 of 2 with both weeks",
            "1 of 2\n1 of 2 with both weeks",
            "0 of 2\n0 of 2 with both weeks", "−2.0\n(−14.7 to +10.7)"]
        assert view.cell("Late", "hedges_g").startswith("+1.28\n(")
        # No group: Lee, who has no latest value: started, not enough ratings in both
        # weeks, nothing reached.
        nobody = "0 of 1\nnobody with both weeks"
        assert [view.cell("No group", c) for c in KEYS[1:]] == [
            "1", "0", nobody, nobody, nobody, "–\n(not enough ratings yet)",
            "–\n(too few with both weeks)"]
        view.group_by("set")
        assert view.columns_are.text().startswith("One column per set the patients follow")
        assert view.table.columnCount() == 2

        # 200 % text in the dark theme: nothing squeezed, every row inside the table.
        apply_theme(QApplication.instance(), "dark", 200)  # undone after the test (conftest)
        workspace.resize(1000, 720)
        outcomes_refreshed(qtbot, view)
        wait_settled(workspace)
        assert squeezed_labels(view) == []
        rows = sum(view.table.rowHeight(r) for r in range(view.table.rowCount()))
        assert view.table.viewport().height() >= rows
        assert view.table.horizontalScrollBar().maximum() == 0  # two sets fit across
        workspace.close()


def test_the_outcomes_table_fills_its_width_with_no_empty_strip(qtbot, clinic):
    """Two groups need far less than the page's width: the columns share the room left
    (no grey strip at the right) and no space is kept for a scroll bar that never shows."""
    clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3)), (9, (4, 4), (2, 2))])
    clinic.patient("Ray", Program.create("Fear first", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=3, weeks=2), None)]),
        [(2, (6, 6), (5, 5)), (8, (5, 4), (1, 1))])
    with clinic.own_store() as own:
        for name in ("Sam", "Ray"):
            import_results(clinic.root / "results" / f"{name}.painease-results",
                           clinic.identity, own)
        workspace = TherapistWorkspace(None, own)
        qtbot.addWidget(workspace)
        workspace.resize(830, 720)
        workspace.show()
        qtbot.waitExposed(workspace)
        view = outcomes_read(qtbot, workspace.show_tab("Outcomes"))
        wait_settled(workspace)
        table, header = view.table, view.table.horizontalHeader()
        assert table.columnCount() == 2
        assert header.length() == table.viewport().width()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        assert table.viewport().height() - rows <= 4  # only the frame's few pixels
        assert table.horizontalScrollBar().maximum() == 0
        workspace.close()


def test_outcomes_without_patients_says_so(qtbot, clinic):
    with clinic.own_store() as own:
        view = CohortView(own)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        outcomes_read(qtbot, view)
        assert view.summary.text().startswith("No results imported yet")
        assert view.table.columnCount() == 0 and view.reference.count() == 0
        # Nothing to choose and no table: only the sentence saying why, and what comes.
        for part in (view.choices, view.columns_are, view.table):
            assert not part.isVisible()
        assert view.summary.isVisible() and view.definitions.isVisible()


def test_outcomes_say_whose_results_could_not_be_read(qtbot, clinic):
    two_weeks = make_program()
    clinic.patient("Sam", two_weeks, [*week(2, (6, 7), (4, 3)), *week(9, (4, 4), (2, 2))])
    clinic.patient("Kim", two_weeks, [*week(3, (8, 6), (7, 6)), *week(10, (5, 5), (4, 4))])
    with clinic.own_store() as own:
        files = {name: import_results(clinic.root / "results" / f"{name}.painease-results",
                                      clinic.identity, own).database
                 for name in ("Sam", "Kim")}
        view = CohortView(own)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        outcomes_read(qtbot, view)
        assert view.summary.text() == ("2 patients, 2 with enough ratings in the first and "
                                       "last week of the sessions of their set.")
        assert view.table.isVisible() and view.choices.isVisible()
        files["Kim"].unlink()  # Kim's results are gone from the disk
        outcomes_refreshed(qtbot, view)
        assert view.summary.text() == ("1 patient, 1 with enough ratings in the first and "
                                       "last week of the sessions of their set. Not "
                                       "readable: Kim.")
        assert view.table.isVisible()
        files["Sam"].unlink()
        outcomes_refreshed(qtbot, view)
        # Not "no results imported": they were, and the therapist is told whose failed.
        assert view.summary.text() == (
            "Not readable: Kim, Sam. So there are no outcomes to show; importing their latest "
            "results files again should restore them.")
        assert not view.table.isVisible() and not view.choices.isVisible()
        # As the sentence says, importing the file again brings them back.
        import_results(clinic.root / "results" / "Sam.painease-results", clinic.identity, own)
        outcomes_refreshed(qtbot, view)
        assert view.summary.text().startswith("1 patient, 1 with enough ratings")
        assert view.table.isVisible()


def test_outcomes_keep_two_sets_with_one_title_apart_and_one_retitled_set_together(
        qtbot, clinic):
    from dataclasses import replace

    from painease.storage.patients import set_columns

    # The same title, two different sets: once pooled into one column.
    other = Program.create("Two weeks", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=1, weeks=6), None)])
    clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3)), (9, (4, 4), (2, 2))])
    clinic.patient("Ray", other, [(2, (6, 6), (5, 5)), (8, (5, 4), (1, 1))])
    with clinic.own_store() as own:
        for name in ("Sam", "Ray"):
            import_results(clinic.root / "results" / f"{name}.painease-results",
                           clinic.identity, own)
        view = CohortView(own)
        qtbot.addWidget(view)
        outcomes_refreshed(qtbot, view)  # built, it has read nothing: a show or this reads
        columns = [view.table.horizontalHeaderItem(c).text()
                   for c in range(view.table.columnCount())]
    assert len(columns) == 2 and all(c.startswith("Two weeks (set ") for c in columns)
    assert len(set(columns)) == 2
    # One set whose title changed in a later version stays one column, named by the newest.
    first = make_program()
    renamed = replace(first, version=2, title="Two calm weeks")
    assert set_columns([first, renamed, None]) == ["Two calm weeks", "Two calm weeks",
                                                   NO_SET]


def test_the_share_of_those_with_both_weeks_reads_plainly():
    from painease.domain.cohort import Share
    from painease.ui.therapist.cohort_words import share_text

    assert share_text(Share(1, 0.25, 1.0), 4, 1) == "1 of 4 (25%)\n1 of 1 with both weeks"
    assert share_text(Share(2, 0.4, 0.5), 5, 4) == "2 of 5 (40%)\n2 of 4 with both weeks (50%)"
    # Over fewer than 3 patients, the count alone (``small_numbers``).
    assert share_text(Share(1, 0.5, 0.5), 2, 2) == "1 of 2\n1 of 2 with both weeks"
