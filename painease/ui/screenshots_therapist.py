"""The Therapist page's tabs for ``make screenshots`` (``painease.ui.screenshots``).

``write_clinic(home, patients_dir)`` makes up a small practice, with the real parts a
therapist's and their patients' installs use: the therapist's key (``Dr. Ana Moreno``) and
two sets saved in their ``home``; a pack of each, imported by four made-up patients whose
own data dirs are under ``patients_dir``; each patient's rated sessions over the last four
weeks, and the sealed results file they send (returned). Nothing is real, nothing is sent
anywhere; the days count back from today, so the patients are always in the middle of
their set (as the Insights pictures, the pictures change with the day they are made).

``shoot_tabs(out, theme, suffix, results)`` opens the window on such a ``home`` (the caller
points ``PAINEASE_HOME`` at a copy) and grabs each tab: the script editor on a bundled
script, the set builder on the saved set, the Patients page with the results imported
and one patient chosen (their charts loaded), and Outcomes. Files: ``therapist-scripts-…``,
``therapist-sets-…``, ``therapist-patients-…``, ``therapist-outcomes-…``.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

THERAPIST = "Dr. Ana Moreno"
FOUR_WEEKS = "Four weeks of somatic tracking"
FLARE_UPS = "Support for flare-ups"
SCRIPT = "somatic-tracking-first-steps"  # opened in the script editor
DAYS = 28  # how far back the made-up sessions go
# (name, set, sessions): each session is (days ago, minutes played of the item's length or
# None for all, (pain, fear) before, (pain, fear) after or None); item 1 of the set.
PATIENTS = (
    ("Sam", FOUR_WEEKS, ((27, None, (6, 7), (5, 5)), (25, None, (6, 6), (5, 4)),
                         (23, None, (7, 7), (5, 5)), (20, None, (5, 6), (4, 4)),
                         (18, None, (6, 5), (4, 3)), (16, None, (5, 5), (3, 3)),
                         (13, None, (5, 4), (3, 3)), (11, None, (4, 4), (3, 2)),
                         (9, None, (5, 4), (3, 2)), (6, None, (4, 3), (2, 2)),
                         (4, None, (4, 3), (3, 2)), (2, None, (3, 3), (2, 1)))),
    ("Kim", FOUR_WEEKS, ((26, None, (8, 7), (7, 6)), (25, 4, (8, 8), None),
                         (23, None, (7, 7), (6, 6)), (21, None, (7, 7), (6, 6)),
                         (17, None, (7, 6), (6, 5)), (12, None, (7, 6), (6, 5)),
                         (7, None, (6, 6), (5, 4)), (5, None, (6, 5), (5, 4)),
                         (3, None, (6, 5), (5, 4)))),
    ("Robin", FOUR_WEEKS, ((27, None, (5, 6), (4, 4)), (26, None, (5, 5), (4, 4)),
                           (24, None, (4, 5), (3, 3)), (5, None, (2, 2), (1, 1)),
                           (3, None, (2, 2), (1, 1)), (1, None, (1, 1), (1, 0)))),
    ("Alex", FLARE_UPS, ((25, None, (7, 8), (6, 6)), (22, None, (8, 8), (6, 7)),
                         (19, None, (7, 7), (5, 5)), (10, None, (6, 6), (5, 4)),
                         (7, None, (6, 5), (4, 4)), (4, None, (5, 5), (4, 3)),
                         (2, None, (5, 4), (4, 3)))),
    ("Jo", FLARE_UPS, ((24, None, (6, 6), (5, 5)), (21, None, (7, 6), (6, 5)),
                       (19, None, (6, 5), (5, 4)), (9, None, (5, 5), (4, 4)),
                       (6, None, (5, 4), (4, 3)), (4, 3, (6, 5), None), (3, None, (5, 4), (4, 3)),
                       (1, None, (4, 4), (3, 3)))),
)
NOTES = {"Sam": "Walked to the shop without thinking about my back.",
         "Alex": "The flare eased sooner than last time."}


def _sets(today: date):
    """The therapist's two sets (``Program``), both starting four weeks ago."""
    from painease.domain.programs import Program, Schedule

    first = Program.create(FOUR_WEEKS, THERAPIST, [
        ("somatic-tracking-first-steps", 10, Schedule(times_per_week=3, weeks=4),
         "Find a quiet spot. There is no right way to feel during it."),
        ("lesson-why-pain-persists", 8, Schedule(times_per_week=1, weeks=1), None),
        ("paced-breathing", 5, Schedule(times_per_week=2, weeks=2, start_week=2),
         "On harder days too: a few slow breaths are enough."),
    ])
    flare = Program.create(FLARE_UPS, THERAPIST, [
        ("flare-up-tracking", 5, Schedule(times_per_week=2, weeks=4),
         "Use it when a flare starts, or at the same time each day."),
        ("body-scan-relaxation", 10, Schedule(times_per_week=1, weeks=4), None),
    ])
    return first, flare


def _at(today: date, days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = today - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _patient(name: str, program, pack: Path, home: Path, sessions, today: date) -> Path:
    """The patient ``name``'s install in ``home``: the pack imported four weeks ago, the
    sessions done and rated, and the results file they send (written to ``home``)."""
    from painease.catalog import load_catalog
    from painease.packs.identity import load_or_create_identity
    from painease.packs.install import import_pack
    from painease.packs.results_export import export_results
    from painease.packs.senders import recipients
    from painease.storage import SessionStore

    os.environ["PAINEASE_HOME"] = str(home)
    item = program.items[0]
    version = load_catalog().entries[item.script_id].script.version
    full_ms = round(item.minutes * 60_000)
    with SessionStore(home / "painease.sqlite3") as store:
        import_pack(pack, store, today=today - timedelta(days=DAYS))
        for days_ago, played, before, after in sessions:
            start = _at(today, days_ago, 8 + days_ago % 3 * 5, 10 + days_ago)  # 8, 13, 18 h
            played_ms = full_ms if played is None else played * 60_000
            sid = store.start_session(item.script_id, version, item.minutes,
                                      started_at=start, program_item=(program.id, 1))
            store.save_rating(sid, "pre", *before, rated_at=start)
            end = start + timedelta(milliseconds=played_ms)
            store.end_session(sid, "completed" if played is None else "stopped_early",
                              played_ms, ended_at=end, played_ms=played_ms)
            if after is not None:
                store.save_rating(sid, "post", *after, rated_at=end)
        if name in NOTES:
            store.add_journal_entry(NOTES[name], written_at=_at(today, 3, 20))
        [sender] = recipients(store)  # the one therapist whose pack is here
        out = home / f"{name}.painease-results"
        export_results(store, sender.key, load_or_create_identity(name=name), out,
                       today - timedelta(days=DAYS), today)
    return out


def write_clinic(home: Path, patients_dir: Path, today: date | None = None) -> list[Path]:
    """The therapist's ``home`` (key, two saved sets) and their patients' results files."""
    from painease.packs.identity import load_or_create_identity
    from painease.packs.pack import build_pack
    from painease.storage import SessionStore
    from painease.storage.programs import ProgramStore

    today = today or date.today()
    home.mkdir(parents=True, exist_ok=True)
    patients_dir.mkdir(parents=True, exist_ok=True)
    os.environ["PAINEASE_HOME"] = str(home)
    identity = load_or_create_identity(name=THERAPIST)
    programs = {program.title: program for program in _sets(today)}
    with SessionStore(home / "painease.sqlite3") as store:
        for program in programs.values():
            ProgramStore(store).save_program(program, origin="own")
    packs = {title: build_pack(program, identity, patients_dir / f"{title}.painease")
             for title, program in programs.items()}
    results = []
    for name, title, sessions in PATIENTS:
        patient_home = patients_dir / name
        patient_home.mkdir(parents=True)
        results.append(_patient(name, programs[title], packs[title], patient_home, sessions,
                                today))
    os.environ["PAINEASE_HOME"] = str(home)
    return results


def _wait(app, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the therapist screenshots did not get there in time")
        app.processEvents()
        time.sleep(0.005)


def shoot_tabs(out: Path, theme: str, suffix: str, results: list[Path]) -> list[Path]:
    """Each Therapist tab of a window on ``PAINEASE_HOME`` (a ``write_clinic`` home, with
    therapist_mode on), the ``results`` imported on the Patients tab."""
    from painease.storage.programs import ProgramStore
    from painease.ui.screenshots import _open_window, _settle

    app, window = _open_window(theme)
    window.show_page("Therapist")
    workspace = window.therapist()
    saved: list[Path] = []

    def grab(name: str) -> None:
        _settle(app, 0.3)
        path = out / f"therapist-{name}-{theme}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)

    # Opened as a therapist would: chosen in the list, then Open (a bundled one: a copy).
    editor = workspace.show_tab("Scripts")
    editor.open_choice.setCurrentIndex(editor.open_choice.findData(SCRIPT))
    editor.open_button.click()
    editor.step_list.setCurrentRow(1)
    grab("scripts")

    builder = workspace.show_tab("Sets")
    [first] = [stored.program for stored in ProgramStore(window.store).programs("own")
               if stored.program.title == FOUR_WEEKS]
    builder.open_choice.setCurrentIndex(builder.open_choice.findData(first.id))
    builder.open_button.click()
    builder.item_list.setCurrentRow(0)
    grab("sets")

    patients = workspace.show_tab("Patients")
    for path in results:
        if not patients.import_file(path):
            raise RuntimeError(f"the made-up results did not import: {patients.message.text()}")
    patients.list.setCurrentRow(next(row for row in range(patients.list.count())
                                     if patients.list.item(row).text().startswith("Sam")))
    insights = patients.detail.currentWidget()
    _wait(app, lambda: getattr(insights, "view", None) is not None
          and insights.view.data is not None)
    grab("patients")

    cohort = workspace.show_tab("Outcomes")
    cohort.refresh()
    _wait(app, lambda: not cohort.reading)  # read on a worker thread
    grab("outcomes")
    window.close_flow()
    window.wait_for_readers()
    window.close_store()
    window.close()
    return saved
