"""What the Insights page's data costs at ten years: queries and domain numbers at ~11,000
sessions with 1,000 live samples each.

Usage: ``python benchmarks/bench_insights_queries.py [DIR] [--years N] [--samples N]`` (or
``make bench BENCH=insights_queries``). The database is built in a fresh temp dir inside DIR
(default: the system temp dir) with ``painease.demo.build_history``.

Measured, each as a ratio against a floor taken in the same run on the same file:

* floor: ``SELECT * FROM sessions`` fetched raw with sqlite3 (the least any page showing
  every session must pay: the rows as tuples, no joins, no objects). A bare
  ``SELECT count(*)`` is printed too, but at a few microseconds it is too small a floor for
  a meaningful ratio;
* ``insight_points()`` for all sessions: the one joined query plus building SessionPoints;
* the page's numbers from those points: session shifts, daily and weekly series, the
  fear–pain link, yardsticks and the by-script table;
* ``insight_table()``, the same rows as columns, and the same numbers from it, vectorised
  (what ``gather`` does since the fast path), and the whole ``gather`` for all time;
* ``phase_shift_summary`` for safety and positive-affect from the cache (the normal case),
  and once cold, with the cache emptied (what the first open after an upgrade costs);
* ``live_trace`` of one session (1,000 samples, for a within-session chart).

Prints timings only; no thresholds (tests assert behaviour, not speed). Each timing is the
best of a few runs.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def best(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def report(name: str, seconds: float, floor: float, note: str = "") -> None:
    print(f"{name}: {seconds * 1000:.1f} ms  (x {seconds / floor:.1f} of floor)  {note}",
          flush=True)


def main(argv: list[str]) -> int:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # run from a checkout without installing
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", nargs="?", type=Path)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args(argv)

    from painease.demo import build_history
    from painease.domain import insights, summaries
    from painease.storage import SessionStore
    from painease.ui.charts.data import gather, recent_start

    with tempfile.TemporaryDirectory(prefix="bench-insights-", dir=args.dir) as tmp:
        path = Path(tmp) / "painease.sqlite3"
        start = time.perf_counter()
        n = build_history(path, years=args.years, samples_per_session=args.samples)
        built = time.perf_counter() - start
        size = path.stat().st_size / 1e6
        print(f"built {n} sessions x {args.samples} live samples in {built:.1f} s "
              f"({size:.0f} MB, shift cache filled)", flush=True)

        raw = sqlite3.connect(path)
        count = best(lambda: raw.execute("SELECT count(*) FROM sessions").fetchone())
        floor = best(lambda: raw.execute("SELECT * FROM sessions").fetchall())
        print(f"SELECT count(*) FROM sessions: {count * 1000:.3f} ms", flush=True)
        print(f"floor (SELECT * FROM sessions, raw tuples): {floor * 1000:.1f} ms", flush=True)

        with SessionStore(path) as store:
            points = store.insight_points()
            report("insight_points", best(store.insight_points), floor,
                   f"{len(points)} sessions, one query")

            def numbers():
                shifts = insights.session_shifts(points)
                insights.daily_series(points, UTC)
                insights.weekly_series(points, UTC)
                insights.fear_pain_link(shifts)
                summaries.yardsticks(points, UTC)
                summaries.by_script(shifts)

            report("domain numbers", best(numbers), floor,
                   "shifts, daily + weekly series, link, yardsticks, by script")
            report("insight_table", best(store.insight_table), floor,
                   "the same query as columns (the page's path)")
            table = store.insight_table()

            def table_numbers():
                table._local_days = None  # computed afresh each run, as a new read would
                insights.session_shifts(table[recent_start(table):])
                insights.table_series(table, UTC, False)
                insights.table_series(table, UTC, True)
                insights.table_link(table)
                summaries.table_yardsticks(table, UTC)
                summaries.table_by_script(table)

            report("domain numbers from the table", best(table_numbers), floor,
                   "the same, vectorised; shifts of the recent sessions only")
            report("gather, all time", best(lambda: gather(store, None, None, UTC)), floor,
                   "everything the page reads, incl. both phase summaries")
            for phase in ("safety", "positive-affect"):
                report(f"phase_shift_summary {phase} (cached)",
                       best(lambda p=phase: store.phase_shift_summary(p)), floor)
            sid = points[len(points) // 2].id
            report("live_trace (one session)", best(lambda: store.live_trace(sid)), floor,
                   f"{len(store.live_trace(sid).t_ms)} samples")
            store.database.conn.execute("DELETE FROM session_phase_shifts")
            start = time.perf_counter()
            store.phase_shift_summary("safety")
            report("phase_shift_summary safety (cold, cache rebuilt)",
                   time.perf_counter() - start, floor, "one-off after an upgrade")
        raw.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
