"""How much durability costs: SessionStore writes against plain in-memory SQLite inserts.

Usage: ``python benchmarks/bench_store.py [DIR]`` (or ``make bench BENCH=store``). The
database goes in a fresh temp dir inside DIR (default: the system temp dir). Note that if
that is a tmpfs, fsync is nearly free and the ratios say little about a real disk.

Measured, each as a ratio against a floor taken in the same run:

* ratings: 200 ``save_rating`` calls (100 sessions x pre/post), each committed with
  ``synchronous=FULL`` (an fsync per call). Floor: 200 single-row autocommit INSERTs into
  an in-memory database.
* live samples: 100,000 samples through ``add_live_samples`` in 2-second batches at 30 Hz
  (60 samples, one durable transaction per batch). Floor: the same batches, one transaction
  each, into an in-memory database.

Prints timings only; no thresholds (tests assert behaviour, not speed).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RATINGS = 200
SAMPLES = 100_000
BATCH = 60  # 2 s of live rating at the GUI's ~30 Hz poll rate


def _floor_ratings() -> float:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE r (session_id INT, moment TEXT, pain INT, fear INT)")
    start = time.perf_counter()
    for i in range(RATINGS):
        conn.execute("INSERT INTO r VALUES (?, ?, ?, ?)", (i // 2, "pre", 5, 5))
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _floor_samples(batches: list[list[tuple[int, float]]]) -> float:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE s (session_id INT, t_ms INT, value REAL)")
    start = time.perf_counter()
    for batch in batches:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO s VALUES (1, ?, ?)", batch)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _report(name: str, seconds: float, floor: float, per: str) -> None:
    print(f"{name}: {seconds * 1000:.0f} ms  (x {seconds / floor:.1f} of floor)  {per}",
          flush=True)


def main(argv: list[str]) -> int:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # run from a checkout without installing
    from painease.storage import SessionStore

    base = Path(argv[0]) if argv else None
    batches = [
        [(t, (t // 1000) % 11 * 1.0) for t in range(b, min(b + BATCH, SAMPLES))]
        for b in range(0, SAMPLES, BATCH)
    ]
    # The floors are tiny and noisy: take the best of a few runs.
    floor_r = min(_floor_ratings() for _ in range(5))
    floor_s = min(_floor_samples(batches) for _ in range(3))

    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=base) as tmp:
        print(f"database in {tmp}", flush=True)
        with SessionStore(Path(tmp) / "painease.sqlite3") as store:
            sessions = [store.start_session("bench", 1, 10.0) for _ in range(RATINGS // 2)]
            start = time.perf_counter()
            for sid in sessions:
                store.save_rating(sid, "pre", 6, 7)
                store.save_rating(sid, "post", 4, 3)
            ratings = time.perf_counter() - start
            _report("ratings", ratings, floor_r,
                    f"{ratings / RATINGS * 1000:.2f} ms per durable rating")

            live = store.start_session("bench-live", 1, SAMPLES / BATCH * 2 / 60)
            start = time.perf_counter()
            for batch in batches:
                store.add_live_samples(live, batch)
            samples = time.perf_counter() - start
            _report("live samples", samples, floor_s,
                    f"{samples / len(batches) * 1000:.2f} ms per 2-s batch of {BATCH}")
            if len(store.live_samples(live)) != SAMPLES:
                print("live samples: count mismatch after writing", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
