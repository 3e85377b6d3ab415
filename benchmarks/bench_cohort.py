"""The therapist's Outcomes tab over 150 patients: reading every patient's database and
filling the table (``CohortView.refresh``, which reads on a worker thread: how long the
GUI thread is held by the call, and until the answer fills the table), and showing the
tab again with nothing new.

Usage: ``python benchmarks/bench_cohort.py [PATIENTS]`` (or ``make bench BENCH=cohort``);
default 150 patients, each following one of two 13-week sets with about 73 rated sessions.
The patients' databases are written straight into the therapist's data dir, as an import
leaves them (no results files are sealed: that would take minutes and is not measured).

It prints a digest of what the tab shows (summary, headers, cells): a change made only
for speed must leave it as it was (the data are seeded, their days counted from today).

Floor: opening the same databases one after another and reading
``SELECT count(*) FROM sessions`` from each. Prints timings only; no thresholds (tests
assert behaviour, not speed).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build(count: int) -> None:
    from painease.domain.programs import Program, Schedule
    from painease.packs.results import patient_database
    from painease.paths import database_path
    from painease.storage import SessionStore
    from painease.storage.patients import PatientStore
    from painease.storage.programs import ProgramStore

    today = datetime.now(UTC).date()
    start = today - timedelta(days=91)
    sets = [Program.create(title, "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=4, weeks=13), "Daily."),
        ("body-scan-relaxation", 10, Schedule(times_per_week=3, weeks=13), None)])
        for title in ("Twelve weeks A", "Twelve weeks B")]
    rng = random.Random(1)
    with SessionStore(database_path()) as own:
        patients = PatientStore(own)
        for i in range(count):
            key = f"{i:016x}"
            program = sets[i % 2]
            path = patient_database(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            with SessionStore(path) as store:
                store.database.conn.execute("PRAGMA synchronous = OFF")  # building only
                ProgramStore(store).save_program(program, origin="imported",
                                                 started_on=start, activate=True,
                                                 today=start)
                base = rng.uniform(4, 8)
                for day in range(91):
                    if rng.random() < 0.2:
                        continue
                    when = datetime.combine(start + timedelta(days=day), datetime.min.time(),
                                            UTC) + timedelta(hours=9 + rng.randint(0, 10))
                    item = rng.choice((1, 2))
                    sid = store.start_session(program.items[item - 1].script_id, 1, 5,
                                              started_at=when, program_item=(program.id, item))
                    pain = max(0, min(10, round(base - day / 30 + rng.gauss(0, 1))))
                    store.save_rating(sid, "pre", pain, pain, rated_at=when)
                    store.end_session(sid, "completed", 300_000,
                                      ended_at=when + timedelta(minutes=6))
                    store.save_rating(sid, "post", max(0, pain - rng.randint(0, 3)), pain,
                                      rated_at=when + timedelta(minutes=6))
            patients.record_import(key, f"public-{key}", f"Patient {i:03d}", start, today,
                                   datetime.now(UTC), 70, 0)


def floor(keys: list[str]) -> float:
    from painease.packs.results import open_patient

    began = time.perf_counter()
    for key in keys:
        with open_patient(key) as store:
            store.database.conn.execute("SELECT count(*) FROM sessions").fetchone()
    return time.perf_counter() - began


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 150
    began = time.perf_counter()
    build(count)
    print(f"{count} patients built in {time.perf_counter() - began:.1f} s")

    from PySide6.QtWidgets import QApplication

    from painease.paths import database_path
    from painease.storage import SessionStore
    from painease.storage.patients import PatientStore
    from painease.ui.therapist.cohort_view import CohortView

    app = QApplication.instance() or QApplication([])
    with SessionStore(database_path()) as own:
        keys = [p.key_id for p in PatientStore(own).patients()]
        view = CohortView(own)
        view.resize(900, 700)
        lows, calls, reads, shows, again = [], [], [], [], []
        for _ in range(3):  # interleaved, so a busy spell falls on both
            lows.append(floor(keys))
            t = time.perf_counter()
            view.refresh()
            calls.append(time.perf_counter() - t)
            while view.reading:  # the answer arrives on the GUI thread's timer
                app.processEvents()
                time.sleep(0.002)
            reads.append(time.perf_counter() - t)
        t = time.perf_counter()
        view.show()  # first show of a view built, as the Therapist page builds it
        app.processEvents()
        shows.append(time.perf_counter() - t)
        for _ in range(3):
            view.hide()
            app.processEvents()
            t = time.perf_counter()
            view.show()
            app.processEvents()
            again.append(time.perf_counter() - t)
        columns = view.table.columnCount()
        shown = table_text(view)
        view.close()
    low = statistics.median(lows)
    print(f"floor: open {count} databases, count sessions: median {low * 1000:.0f} ms of 3")
    read = statistics.median(reads)
    print(f"refresh() returns (GUI thread held):        median "
          f"{statistics.median(calls) * 1000:.0f} ms of 3")
    print(f"refresh until the table is filled:          median {read * 1000:.0f} ms of 3"
          f" ({read / low:.1f}x)")
    print(f"first show (after those reads):             {shows[0] * 1000:.0f} ms")
    print(f"shown again, nothing new:                   median "
          f"{statistics.median(again) * 1000:.0f} ms of 3")
    print(f"table: {columns} columns; what it shows, sha256 {shown[:16]}"
          " (the same before and after a change that only makes it faster)")


def table_text(view) -> str:
    """A digest of everything the tab shows: the summary, the headers and every cell."""
    import hashlib

    table = view.table
    texts = [view.summary.text(), view.few.text()]
    texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    texts += [table.item(r, c).text() for r in range(table.rowCount())
              for c in range(table.columnCount())]
    return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()


if __name__ == "__main__":
    main(sys.argv[1:])
