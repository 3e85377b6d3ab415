"""The Insights page at ten years: open time and redraw after a zoom, against an empty page.

Usage: ``python benchmarks/bench_insights.py [--years N] [--samples N] [--runs N]`` (or
``make bench BENCH=bench_insights``). Builds a history with ``painease.demo.build_history``
(default ten years: ≈ 11,000 sessions × 1,000 live samples) in a temp dir, then, on Qt's
offscreen platform, in one process:

* floor: the Insights page over an empty database — constructed, shown, its (empty) data
  loaded on the worker thread, painted, events processed until idle;
* open: the same over the ten-year file, for the default period (last 3 months) and for
  "All time" (every session: weekly trend, 10 shifts, the fear–pain cells, 200 sessions in
  the list, the newest session's live trace);
* redraw after a zoom and a pan of the all-time trend chart (clip-to-view and automatic
  downsampling at work), and choosing another session (its 1,000-sample trace read and
  drawn); floor: repainting the empty page.

Every figure is the median of ``--runs`` runs and is printed with its ratio to the floor
measured in the same run. Prints timings only; no thresholds (tests assert behaviour).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZE = (830, 720)  # the page's share of the 1000 × 720 window


def open_page(app, store, titles, period: str | None = None):
    """Construct, show, load, paint; returns (seconds, page)."""
    from PySide6.QtCore import QEventLoop

    from painease.ui.insights_page import InsightsPage

    start = time.perf_counter()
    page = InsightsPage(store, titles, period)
    page.resize(*SIZE)
    waiting = QEventLoop()  # blocks in Qt (no polling) until the data is on screen
    page.show()  # builds the view, which starts loading
    view = page.view
    view.shown_data.connect(waiting.quit)
    waiting.exec()
    view.shown_data.disconnect(waiting.quit)
    page.repaint()
    app.processEvents()
    return time.perf_counter() - start, page


def timed(app, action, widget) -> float:
    start = time.perf_counter()
    action()
    widget.repaint()
    app.processEvents()
    return time.perf_counter() - start


def interact(app, view, add) -> None:
    """Zoom and pan the all-time trend chart; choose the next session in the list."""
    chart = view.charts["trend"]
    viewport = chart.plot.viewport()
    (x0, x1), _ = chart.view.viewRange()
    year = 365 * 86_400
    add("zoom trend to the last year",
        timed(app, lambda: chart.view.setXRange(x1 - year, x1, padding=0), viewport))
    add("pan trend one year back",
        timed(app, lambda: chart.view.setXRange(x1 - 2 * year, x1 - year, padding=0), viewport))
    add("zoom trend out to all",
        timed(app, lambda: chart.view.setXRange(x0, x1, padding=0), viewport))
    sessions = view.session_list
    add("choose another session (1,000-sample trace)",
        timed(app, lambda: sessions.setCurrentRow(sessions.currentRow() + 1),
              view.charts["session"]))


def main(argv: list[str]) -> int:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from painease.catalog import load_catalog
    from painease.demo import build_history
    from painease.storage import SessionStore
    from painease.ui.app import application
    from painease.ui.theme import apply_theme

    with tempfile.TemporaryDirectory(prefix="painease-bench-insights-") as folder:
        big, empty = Path(folder, "big.sqlite3"), Path(folder, "empty.sqlite3")
        start = time.perf_counter()
        count = build_history(big, years=args.years, samples_per_session=args.samples,
                              end=datetime.now(UTC))  # up to today, as a patient's would
        print(f"built {count} sessions x {args.samples} live samples "
              f"({args.years:g} years) in {time.perf_counter() - start:.0f} s", flush=True)
        app = application()
        apply_theme(app, "light", 100)
        titles = {k: e.script.title for k, e in load_catalog().entries.items()}
        SessionStore(empty).close()
        with SessionStore(empty) as none, SessionStore(big) as store:
            open_page(app, store, titles, "all")[1].close()  # warm imports and the OS cache
            open_page(app, none, titles)[1].close()
            results: dict[str, list[float]] = {}

            def add(name: str, seconds: float) -> None:
                results.setdefault(name, []).append(seconds)

            for _ in range(args.runs):  # interleaved, so drift hits floor and figures alike
                seconds, page = open_page(app, none, titles)
                add("floor: open the empty page", seconds)
                add("floor: repaint the empty page", timed(app, lambda: None, page))
                page.close()
                seconds, page = open_page(app, store, titles)
                add("open, last 3 months", seconds)
                page.close()
                seconds, page = open_page(app, store, titles, "all")
                add("open, all time", seconds)
                interact(app, page.view, add)
                page.close()
                page.deleteLater()
                app.processEvents()
        floor = statistics.median(results["floor: open the empty page"])
        for name, values in results.items():
            median = statistics.median(values)
            ratio = "" if name.startswith("floor") else f"  (x {median / floor:.2f} of floor)"
            print(f"{name}: median {median * 1000:.1f} ms of {len(values)}{ratio}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
