"""The PDF report for N and 4N sessions: building it should take about 4x as long.

Usage: ``python benchmarks/bench_report.py [--sessions N] [--runs N]`` (or ``make bench
BENCH=report``). Builds two histories with ``painease.demo.build_history`` (about 3
sessions a day: N and 4N sessions, default N = 900) and times ``write_report`` over all
of each, on Qt's offscreen platform, in one process, interleaved. Prints the medians, the
ratio 4N / N (linear: ~4; once quadratic: 3,480 sessions took 32 s against 0.9 s for
116) and the share of it spent in ``keep_together`` (the page breaks). Prints timings
only; no thresholds (tests assert behaviour).
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


def main(argv: list[str]) -> int:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=900)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import painease.report as report
    from painease.catalog import load_catalog
    from painease.demo import build_history
    from painease.storage import SessionStore
    from painease.ui.app import application

    spent = {"keep_together": 0.0}
    keep_together = report.keep_together

    def timed_keep_together(*args, **kwargs) -> None:
        start = time.perf_counter()
        keep_together(*args, **kwargs)
        spent["keep_together"] += time.perf_counter() - start

    report.keep_together = timed_keep_together
    app = application()
    titles = {k: e.script.title for k, e in load_catalog().entries.items()}
    with tempfile.TemporaryDirectory(prefix="painease-bench-report-") as folder:
        stores = {}
        for scale in (1, 4):
            path = Path(folder, f"x{scale}.sqlite3")
            years = args.sessions * scale / 3 / 365.25
            count = build_history(path, years=years, samples_per_session=2,
                                  end=datetime.now(UTC))
            stores[scale] = (path, count)
        results: dict[int, list[tuple[float, float, int]]] = {1: [], 4: []}
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            for scale, (path, _count) in stores.items():
                spent["keep_together"] = 0.0
                with SessionStore(path) as store:
                    start = time.perf_counter()
                    made = report.write_report(store, Path(folder, "r.pdf"), titles=titles)
                    seconds = time.perf_counter() - start
                results[scale].append((seconds, spent["keep_together"], made.pages))
                app.processEvents()
        medians = {}
        for scale, values in results.items():
            count = stores[scale][1]
            total = statistics.median(v[0] for v in values)
            pages = statistics.median(v[1] for v in values)
            medians[scale] = total
            print(f"{count} sessions ({values[0][2]} pages): write_report median "
                  f"{total:.2f} s of {len(values)}, keep_together {pages:.2f} s", flush=True)
        print(f"ratio {stores[4][1]} / {stores[1][1]} sessions: x {medians[4] / medians[1]:.2f}"
              f" (linear ~{stores[4][1] / stores[1][1]:.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
