"""Made-up session histories for the Insights tests, written into a real SessionStore file.

``add_session`` goes through the store's public methods (one session, as the app would
write it). ``bulk_history`` writes years of sessions quickly: it lets ``SessionStore``
create and migrate the file, then inserts rows with plain SQL in one transaction (the
store's durable one-commit-per-rating writes would take minutes for thousands of rows).
Ratings drift down over the history with some noise, so readings have something to say.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from painease.storage import SessionStore
from painease.storage.stored_values import db_time as _text

PHASES = ((0, "settle"), (60_000, "attention"), (180_000, "safety"),
          (330_000, "positive-affect"), (480_000, "closing"))
SCRIPTS = ("somatic-tracking-first-steps", "paced-breathing")


def add_session(store: SessionStore, started: datetime, *, pre=(6, 7), post=(3, 2),
                live: list[tuple[int, float]] | None = None, outcome: str = "completed",
                script: str = SCRIPTS[0], elapsed_ms: int = 600_000) -> int:
    sid = store.start_session(script, 1, 10, started_at=started)
    store.save_phase_marks(sid, PHASES)
    if pre is not None:
        store.save_rating(sid, "pre", *pre, rated_at=started)
    if live:
        store.add_live_samples(sid, live)
    if post is not None:
        store.save_rating(sid, "post", *post, rated_at=started + timedelta(minutes=10))
    store.end_session(sid, outcome, elapsed_ms, ended_at=started + timedelta(minutes=10))
    return sid


def bulk_history(path: Path, *, days: int, end: datetime | None = None, every: float = 1.0,
                 live_samples: int = 0, seed: int = 7) -> int:
    """Sessions every ``every`` days for ``days`` days up to ``end``; returns how many."""
    SessionStore(path).close()  # create and migrate
    rng = random.Random(seed)
    end = end or datetime.now(UTC)
    start = end - timedelta(days=days)
    conn = sqlite3.connect(path)
    count = int(days / every)
    with conn:
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM sessions").fetchone()[0]
        sessions, ratings, phases, live = [], [], [], []
        for i in range(count):
            sid = first + i
            when = start + timedelta(days=i * every, hours=rng.uniform(7, 21))
            progress = i / max(count - 1, 1)
            pain = _clip(7 - 4 * progress + rng.randint(-1, 1))
            fear = _clip(7 - 5 * progress + rng.randint(-1, 1))
            stopped = rng.random() < 0.1
            sessions.append((sid, SCRIPTS[i % 2], 1, 10.0, _text(when),
                             _text(when + timedelta(minutes=10)), 400_000 if stopped else 600_000,
                             "stopped_early" if stopped else "completed"))
            ratings.append((sid, "pre", pain, fear, _text(when)))
            ratings.append((sid, "post", _clip(pain - rng.randint(0, 3)),
                            _clip(fear - rng.randint(0, 4)),
                            _text(when + timedelta(minutes=10))))
            phases += [(sid, t, phase) for t, phase in PHASES]
            live += [(sid, k * 600_000 // max(live_samples, 1),
                      _clip(pain - 2 * k / max(live_samples, 1) + rng.random(), whole=False))
                     for k in range(live_samples)]
        conn.executemany("INSERT INTO sessions (id, script_id, script_version, length_minutes,"
                         " started_at, ended_at, elapsed_ms, outcome) VALUES (?,?,?,?,?,?,?,?)",
                         sessions)
        conn.executemany("INSERT INTO ratings (session_id, moment, pain, fear, rated_at)"
                         " VALUES (?,?,?,?,?)", ratings)
        conn.executemany("INSERT INTO session_phases (session_id, t_ms, phase) VALUES (?,?,?)",
                         phases)
        conn.executemany("INSERT INTO live_samples (session_id, t_ms, value) VALUES (?,?,?)",
                         live)
    conn.close()
    return count


def _clip(value: float, whole: bool = True):
    value = min(10.0, max(0.0, value))
    return int(round(value)) if whole else value
