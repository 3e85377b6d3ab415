"""The report's set (walkthrough: the PDF never said how far along their set a patient
was, though Home and the Patients page did). A real store with a set and sessions done
for it, a real PDF read back with poppler: the set's name, its days and the progress
figure Home shows (``ProgramStore.status``, so the one counting rule), in the person's own
report and in a therapist's on a patient; and the session table says which sessions were
done for the set, and which of those did not count."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from painease import paths
from painease.domain.programs import Program, ProgramItem, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.insights_history import SCRIPTS, add_session
from tests.test_report import needs_poppler, text_of

START = date(2026, 11, 2)
TODAY = date(2026, 11, 8)


def fill(store) -> Program:
    """A two-item set started on 2 Nov (14 + 6 sessions planned, to 15 Nov); four
    sessions linked to it (one stopped after a minute: not counted) and one not linked."""
    program = Program.create("Two gentle weeks", "Dr. Ana Moreno", [
        (SCRIPTS[0], 10, Schedule(times_per_week=7, weeks=2), None),
        (SCRIPTS[1], 10, Schedule(times_per_week=3, weeks=2), None)])
    sets = ProgramStore(store)
    sets.save_program(program, activate=True, today=START)
    for day, position, outcome, elapsed in ((2, 1, "completed", 600_000),
                                            (3, 2, "completed", 600_000),
                                            (4, 1, "stopped_early", 60_000),
                                            (5, 1, "completed", 600_000)):
        sid = add_session(store, datetime(2026, 11, day, 9, tzinfo=UTC), outcome=outcome,
                          script=SCRIPTS[position - 1], elapsed_ms=elapsed)
        sets.link_session(sid, program.id, position)
    add_session(store, datetime(2026, 11, 6, 18, tzinfo=UTC))  # on its own
    return program


@needs_poppler
@pytest.mark.parametrize(("name", "heading"), [(None, "Your set"), ("Sam", "Sam's set")])
def test_the_report_says_how_far_along_the_set_is(qapp, painease_home, tmp_path, name,
                                                   heading):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        fill(store)
        shown = ProgramStore(store).status(TODAY, tz=UTC).progress_text  # Home's figure
        write_report(store, tmp_path / "set.pdf", since=datetime(2026, 11, 1, tzinfo=UTC),
                     tz=UTC, today=TODAY, patient_name=name)
    assert shown == "3 of 20 done"
    raw = text_of(tmp_path / "set.pdf")
    text = " ".join(raw.split())
    assert (f"{heading} “Two gentle weeks”, from Dr. Ana Moreno: started 2 Nov 2026, "
            "planned to 15 Nov 2026.") in text, text[:900]
    assert f"On 8 Nov 2026: {shown}." in text
    # The table: a "Set" column says which item each session was for.
    lines = raw.splitlines()
    starts = [i for i, line in enumerate(lines)
              if re.match(r"\s*\d+ Nov 2026, \d\d:\d\d ", line)]
    assert len(starts) == 5, raw
    # Each row with the line under it (a cell's words wrap), newest first.
    marks = [" ".join(" ".join(lines[i:i + 2]).split()) for i in starts]
    assert "item" not in marks[0]  # 6 Nov: done on its own, not for the set
    assert "item 1" in marks[1] and "not counted" not in marks[1]  # 5 Nov
    assert "item 1, not" in marks[2] and "counted" in marks[2]  # 4 Nov: a minute of ten
    assert "item 2" in marks[3] and "not counted" not in marks[3]  # 3 Nov
    assert "item 1" in marks[4] and "not counted" not in marks[4]  # 2 Nov


@needs_poppler
def test_without_a_set_the_report_has_no_set_section_or_column(qapp, painease_home,
                                                               tmp_path):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime(2026, 11, 6, 18, tzinfo=UTC))
        write_report(store, tmp_path / "none.pdf", since=datetime(2026, 11, 1, tzinfo=UTC),
                     tz=UTC, today=TODAY)
    text = " ".join(text_of(tmp_path / "none.pdf").split())
    assert "Your set" not in text and "item 1" not in text
    assert "Set" not in text.split("Sessions, newest")[1].split("Definitions")[0]


@needs_poppler
@pytest.mark.parametrize(("outcomes", "said"), [
    (["completed"] * 3, "3 sessions in this period, all completed."),
    (["completed"], "1 session in this period, completed."),
    (["completed", "stopped_early", "completed"],
     "3 sessions in this period: 2 completed and 1 ended early."),
    (["completed", "stopped_early", "interrupted", "completed"],
     "4 sessions in this period: 2 completed, 1 ended early and 1 interrupted."),
])
def test_the_sessions_line_is_one_plain_sentence(qapp, painease_home, tmp_path, outcomes,
                                                 said):
    """It read "Sessions done: 10 sessions: 10 completed."."""
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        for day, outcome in enumerate(outcomes):
            started = datetime(2026, 11, 2 + day, 9, tzinfo=UTC)
            if outcome == "interrupted":  # the app closed during it
                sid = store.start_session(SCRIPTS[0], 1, 10, started_at=started)
                store.save_rating(sid, "pre", 6, 7, rated_at=started)
                store.mark_interrupted()
            else:
                add_session(store, started, outcome=outcome)
        write_report(store, tmp_path / "line.pdf", since=datetime(2026, 11, 1, tzinfo=UTC),
                     tz=UTC, today=TODAY)
    text = " ".join(text_of(tmp_path / "line.pdf").split())
    assert f"Period: 1 Nov 2026 – 8 Nov 2026 {said}" in text, text[:300]
    assert "Sessions done" not in text


def test_the_set_mark_follows_a_moved_item(qapp, painease_home):
    """A later version of the set moved the script to item 2: the session counts there,
    as Home counts it (``program_status.sessions_by_item``), and its mark says so."""
    from painease.report_set import set_progress

    with SessionStore(paths.database_path()) as store:
        program = fill(store)
        moved = Program(program.id, 2, program.title, program.therapist_name, (
            ProgramItem(1, SCRIPTS[1], 10, program.items[1].schedule, None),
            ProgramItem(2, SCRIPTS[0], 10, program.items[0].schedule, None)))
        ProgramStore(store).save_program(moved)
        progress = set_progress(store, TODAY, UTC)
    assert progress is not None
    assert progress.progress_text == "3 of 20 done"
    assert sorted(set(progress.marks.values())) == ["item 1", "item 2", "item 2, not counted"]


def test_a_session_beyond_the_planned_ones_is_marked_extra(qapp, painease_home):
    """Three sessions for a one-date item: "1 of 1 done", and the table marked all three
    "item 1". The first fills the planned session (``program_status.fill_planned``, as Home
    counts it); the others filled nothing and say so."""
    from painease.report_set import set_progress

    with SessionStore(paths.database_path()) as store:
        program = Program.create("One day", "Dr. Ana Moreno", [
            (SCRIPTS[0], 10, Schedule(dates=(date(2026, 11, 3),)), None)])
        sets = ProgramStore(store)
        sets.save_program(program, activate=True, today=START)
        ids = []
        for day in (3, 4, 5):
            ids.append(add_session(store, datetime(2026, 11, day, 9, tzinfo=UTC),
                                   script=SCRIPTS[0], elapsed_ms=600_000))
            sets.link_session(ids[-1], program.id, 1)
        progress = set_progress(store, TODAY, UTC)
    assert progress is not None and progress.progress_text == "1 of 1 done"
    assert [progress.marks[sid] for sid in ids] == ["item 1", "item 1, extra", "item 1, extra"]


def test_the_progress_is_the_periods_and_the_column_is_named_only_with_a_table(
        qapp, painease_home):
    """A period that ended before the report was made: the progress is counted at its end
    (it said "On 8 Nov 2026: 3 of 20 done" under a period to 3 Nov). A period before the
    set started has no sessions, so no table: its "Set" column is not mentioned."""
    from painease.domain.voice import YOU
    from painease.report_set import set_progress, set_section

    with SessionStore(paths.database_path()) as store:
        fill(store)
        upto_3 = set_progress(store, TODAY, UTC, period_end=date(2026, 11, 3))
        before = set_progress(store, TODAY, UTC, period_end=date(2026, 10, 31))
        now = set_progress(store, TODAY, UTC)
    said = {name: " ".join(re.sub("<[^>]+>", "", set_section(p, YOU, UTC, table)
                                  .replace("<br>", " ")).split())
            for name, p, table in (("upto_3", upto_3, True), ("before", before, False),
                                   ("now", now, True))}
    assert "At the end of this period (3 Nov 2026): 2 of 20 done." in said["upto_3"]
    assert "At the end of this period (31 Oct 2026): 0 of 20 done." in said["before"]
    assert "On 8 Nov 2026: 3 of 20 done." in said["now"]
    assert "column" in said["upto_3"] and "column" not in said["before"]


@needs_poppler
@pytest.mark.parametrize(("since", "until", "said"), [
    (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 4, tzinfo=UTC),
     "At the end of this period (3 Nov 2026): 2 of 20 done."),
    (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC),
     "At the end of this period (31 Oct 2026): 0 of 20 done."),
])
def test_a_past_periods_report_counts_the_set_at_its_end(qapp, painease_home, tmp_path,
                                                         since, until, said):
    """The PDF's way through ``write_report``: a period that ended before today says its
    own progress, and one with no sessions does not point at a table that is not there."""
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        fill(store)
        write_report(store, tmp_path / "past.pdf", since=since, until=until, tz=UTC,
                     today=TODAY)
    text = " ".join(text_of(tmp_path / "past.pdf").split())
    assert said in text, text[:900]
    assert "8 Nov 2026: 3 of 20" not in text
    assert ("“Set” column" in text) == (since.month == 11)


def test_the_report_says_the_set_runs_to_the_end_of_its_last_planned_week(tmp_path):
    # Twice a week for four weeks from Sat 14 Nov: the last planned session is on 8 Dec,
    # but week 4 runs to 11 Dec and a session on 10 or 11 Dec counts for it, as Outcomes
    # and docs/cohort.md count the set's days (``cohort_set.set_days``). The report once
    # said "planned to 8 Dec" (the probe saw the same with 9 Dec).
    from painease.domain.cohort_set import set_days
    from painease.domain.voice import Voice
    from painease.report_set import set_progress, set_section

    program = Program.create("Four weeks", "Dr. Ana Moreno", [
        (SCRIPTS[0], 10, Schedule(times_per_week=2, weeks=4), None)])
    start = date(2026, 11, 14)
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        ProgramStore(store).save_program(program, activate=True, today=start)
        progress = set_progress(store, date(2026, 11, 20), UTC)
    assert set_days(program, start) == (start, date(2026, 12, 11))
    assert progress.ends_on == date(2026, 12, 11)
    section = set_section(progress, Voice(), UTC)
    assert "started 14 Nov 2026, planned to 11 Dec 2026." in section, section
